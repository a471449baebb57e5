package api_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestWriteRoundTrips counts the statements one create and one report send to PostgreSQL,
// each alone in its write group (BEGIN and COMMIT included), with the notifier wired as the
// server wires it: on PostgreSQL a statement is a round trip, and the writer runs the
// groups one after another, so these counts bound how many writes a second one server
// keeps up (docs/performance.md, "PostgreSQL writes"). A change that adds a statement to
// either fails here and says so.
func TestWriteRoundTrips(t *testing.T) {
	if !onPostgres() {
		t.Skip("round trips are PostgreSQL's; SQLite has none")
	}
	e := newEnv(t)
	if _, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig()); err != nil {
		t.Fatal(err)
	}
	body := e.newItem("routine", start.AddDate(0, 2, 0))
	report := map[string]any{"text": "已完成现场踏勘和问题摸排。", "percent": 40}
	trips := func(fn func()) int64 {
		before := e.db.RoundTrips()
		fn()
		return e.db.RoundTrips() - before
	}
	// A first create and report prepare the statements on the write connection (pgx keeps
	// them per connection); the counts are of the second, as a running server sends them.
	for range 2 {
		e.act("a_ll", e.mustCreate(body).ID, "accept", nil, 200)
	}
	e.token("a_ll")
	e.token("sup")
	var id int64
	created := trips(func() { id = e.mustCreate(body).ID })
	e.act("a_ll", id, "accept", nil, 200)
	reported := trips(func() { e.act("a_ll", id, "report", report, 200) })
	t.Logf("round trips: create %d, report %d", created, reported)
	for _, c := range []struct {
		name      string
		got, want int64
	}{{"create", created, maxCreateTrips}, {"report", reported, maxReportTrips}} {
		if c.got > c.want {
			t.Errorf("%s: %d round trips to PostgreSQL, want at most %d", c.name, c.got, c.want)
		}
	}
}

// The round trips of a create (assigned at once, one co-unit, its notice to two units'
// accounts) and of a report, each a group of one.
// A batch of the write group's pipeline (store/pgpipe.go) is one round trip.
const (
	maxCreateTrips = 2 // 34 before issue 15's pgwrite branch, 16 after it, 7 with the pipeline (pgbatch), 5 with its units in one read and its number drawn with them, 3 with BEGIN and COMMIT in batches, 2 with its notice's recipients drawn with its units
	maxReportTrips = 2 // 17, 9, 4, 2: BEGIN, the lock, audit head, savepoint and the item; the rest with the COMMIT
)

// TestGroupRoundTrips counts the round trips of reports and creates that share one write
// group, as they do under load: a member's statements go with the next member's first read
// (store/pgpipe.go), so a member costs fewer round trips than a write alone.
func TestGroupRoundTrips(t *testing.T) {
	if !onPostgres() {
		t.Skip("round trips are PostgreSQL's; SQLite has none")
	}
	e := newEnv(t)
	e.db.SetGroupTime(time.Minute) // a slow machine must not split the group
	if _, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig()); err != nil {
		t.Fatal(err)
	}
	body := e.newItem("routine", start.AddDate(0, 2, 0))
	report := map[string]any{"text": "已完成现场踏勘和问题摸排。", "percent": 40}
	const members = 4
	var ids []int64
	for range members {
		id := e.mustCreate(body).ID
		e.act("a_ll", id, "accept", nil, 200)
		e.act("a_ll", id, "report", report, 200) // prepares the statements (pgx keeps them per connection)
		ids = append(ids, id)
	}
	sup, ll := e.token("sup"), e.token("a_ll")
	// group runs the requests made by req(i) in one write group behind a held Update and
	// returns the round trips from the held Update's end to the group's commit.
	group := func(name string, req func(i int) int, want int) int64 {
		t.Helper()
		started, hold := make(chan struct{}), make(chan struct{})
		var before int64
		held := make(chan error, 1)
		go func() {
			held <- e.db.Update(context.Background(), func(luoshi.Tx) error {
				close(started)
				<-hold
				before = e.db.RoundTrips()
				return nil
			})
		}()
		<-started
		var wg sync.WaitGroup
		statuses := make([]int, members)
		for i := range members {
			wg.Go(func() { statuses[i] = req(i) })
		}
		for deadline := time.Now().Add(10 * time.Second); e.db.QueuedWrites() < members; {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d of %d writes queued", name, e.db.QueuedWrites(), members)
			}
			time.Sleep(time.Millisecond)
		}
		close(hold)
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		for i, st := range statuses {
			if st != want {
				t.Fatalf("%s %d: status %d, want %d", name, i, st, want)
			}
		}
		return e.db.RoundTrips() - before
	}
	reported := group("report", func(i int) int { return e.do(ll, "POST", itemPath(ids[i])+"/report", report, nil) }, 200)
	created := group("create", func(int) int { return e.do(sup, "POST", "/api/v1/items", body, nil) }, 201)
	t.Logf("round trips of %d members in one group: report %d, create %d", members, reported, created)
	for _, c := range []struct {
		name      string
		got, want int64
	}{{"report", reported, members*maxGroupReportTrips + 1}, {"create", created, members*maxGroupCreateTrips + 1}} {
		if c.got > c.want {
			t.Errorf("%d %ss in one group: %d round trips to PostgreSQL, want at most %d", members, c.name, c.got, c.want)
		}
	}
}

// The round trips a member of a group costs; the group adds one (what the last member left,
// with the COMMIT). A report: its item with the savepoint and what the
// member before it left (its event, audit record, reminders and UPDATE). A create: its item
// number, its notice's recipients and its units with the savepoint; its item, events and
// notice go with the next member.
const (
	maxGroupReportTrips = 1 // 2 before what a member leaves went with the next member's read
	maxGroupCreateTrips = 1 // 5, 3 with the units and the number in one round trip, 2, 1 with the recipients drawn with them
)
