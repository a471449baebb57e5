package main

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"luoshi/internal/store/pgtest"
)

// The failover test's load: users creating items and reading the list while the database
// goes away, and the reckoning of their answers against the database afterwards.

// writeLoad is four users creating items with titles of their own until finished.
type writeLoad struct {
	c      *failoverClient
	prefix string
	stop   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	acked  map[string]time.Time // title → when its 201 came
	sent   map[string]string    // every title sent → the reason of its 503, if it had one
	status map[int]int          // writes' answers
	reads  map[int]int          // lists' answers
	bad    []string             // answers other than 201 and a 503 naming the database
}

// load starts the writers.
func (c *failoverClient) load(t *testing.T, prefix string) *writeLoad {
	l := &writeLoad{c: c, prefix: prefix, stop: make(chan struct{}), acked: map[string]time.Time{},
		sent: map[string]string{}, status: map[int]int{}, reads: map[int]int{}}
	for w := range 4 {
		l.wg.Go(func() {
			for n := 0; !stopped(l.stop); n++ {
				title := fmt.Sprintf("%s写入%d-%d", prefix, w, n)
				_, st, p, err := c.create(title)
				l.mu.Lock()
				l.sent[title] = p.Reason
				l.status[st]++
				switch {
				case err == nil && st == http.StatusCreated:
					l.acked[title] = time.Now()
				case !refused(st, p, err):
					l.bad = append(l.bad, fmt.Sprintf("%s: %d %+v %v", title, st, p, err))
				}
				l.mu.Unlock()
				if refused(st, p, err) {
					time.Sleep(50 * time.Millisecond) // as a client told to retry later would
				}
			}
		})
	}
	// A fifth user reads the list meanwhile: answered, or refused as the writes are.
	l.wg.Go(func() {
		for !stopped(l.stop) {
			_, st, p, err := c.newest()
			l.mu.Lock()
			l.reads[st]++
			if st != http.StatusOK && !refused(st, p, err) {
				l.bad = append(l.bad, fmt.Sprintf("list: %d %+v %v", st, p, err))
			}
			l.mu.Unlock()
			if st != http.StatusOK {
				time.Sleep(50 * time.Millisecond)
			}
		}
	})
	return l
}

// refused reports whether an answer is the 503 of a database that cannot be reached: the
// write was not kept (store.unreachable), or its commit's connection was lost and it may or
// may not be (store.commit_unknown). Either asks the client to try again in 5 seconds, the
// time PostgreSQL's restart or switchover takes here, after which luoshi answers at once.
func refused(st int, p problem, err error) bool {
	return err == nil && st == http.StatusServiceUnavailable && p.Detail != "" && p.RetryAfter == "5" &&
		(p.Reason == "store.unreachable" || p.Reason == "store.commit_unknown")
}

// stopped reports whether stop is closed.
func stopped(stop chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// finish waits until twenty writes were acknowledged after back (when the event was over:
// the server answering again), or fails after 60 seconds; stops the writers; and checks the
// writes against the database on db, printing the counts and the longest time without an
// acknowledged write (the outage as the users saw it).
func (l *writeLoad) finish(t *testing.T, back time.Time, db *pgtest.Cluster) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		l.mu.Lock()
		after := 0
		for _, when := range l.acked {
			if when.After(back) {
				after++
			}
		}
		l.mu.Unlock()
		if after >= 20 {
			break
		}
		if time.Now().After(deadline) {
			close(l.stop)
			l.wg.Wait()
			t.Fatalf("writes did not resume within 60s: %d acknowledged after the event; statuses %v; %d bad answers %v",
				after, l.status, len(l.bad), l.bad)
		}
		time.Sleep(50 * time.Millisecond)
	}
	close(l.stop)
	l.wg.Wait()

	conn := db.Open(t, "luoshi")
	defer conn.Close()
	rows, err := conn.QueryContext(t.Context(), `SELECT title FROM items WHERE title LIKE $1`, l.prefix+"写入%")
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			t.Fatal(err)
		}
		kept[title] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var lost []string
	for title := range l.acked {
		if !kept[title] {
			lost = append(lost, title)
		}
	}
	var refusedKept []string // said not kept (store.unreachable), yet there
	unknown, unknownKept := 0, 0
	for title, reason := range l.sent {
		switch {
		case reason == "store.unreachable" && kept[title]:
			refusedKept = append(refusedKept, title)
		case reason == "store.commit_unknown":
			unknown++
			if kept[title] {
				unknownKept++
			}
		}
	}
	var times []time.Time
	for _, when := range l.acked {
		times = append(times, when)
	}
	slices.SortFunc(times, time.Time.Compare)
	var gap time.Duration
	for i := 1; i < len(times); i++ {
		gap = max(gap, times[i].Sub(times[i-1]))
	}
	t.Logf("acknowledged writes: %d, lost writes: %d; refused with 503: %d, of them %d with the commit's outcome unknown "+
		"(%d of those kept); longest time without an acknowledged write %s; writes' statuses %v, lists' %v",
		len(l.acked), len(lost), l.status[http.StatusServiceUnavailable], unknown, unknownKept,
		gap.Round(time.Millisecond), l.status, l.reads)
	if len(lost) > 0 {
		t.Errorf("%d acknowledged writes are not in the database: %v", len(lost), lost)
	}
	if len(refusedKept) > 0 {
		t.Errorf("%d writes answered store.unreachable (not kept) are in the database: %v", len(refusedKept), refusedKept)
	}
	if len(l.bad) > 0 {
		t.Errorf("%d answers were neither 201 nor a 503 naming the database, the first: %s", len(l.bad), l.bad[0])
	}
	if st, reason := health(t, l.c.url); st != http.StatusOK {
		t.Errorf("/healthz after the event: %d %q", st, reason)
	}
	if l.status[http.StatusServiceUnavailable] == 0 {
		t.Logf("no write was refused: the event fell between writes")
	}
}
