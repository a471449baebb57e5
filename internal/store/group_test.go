package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/store/storetest"
)

// testChain is a stand-in for the audit chain (SHA-256): the store keeps what it is given.
var testChain = &luoshi.AuditChain{Hash: func(prev string, r *luoshi.AuditRecord) string {
	sum := sha256.Sum256(luoshi.AuditCanonical(prev, r))
	return hex.EncodeToString(sum[:])
}}

// eachDialect runs fn on a fresh SQLite store and, when LUOSHI_TEST_POSTGRES is set, on a
// fresh PostgreSQL schema.
func eachDialect(t *testing.T, fn func(t *testing.T, db *DB)) {
	eachDialectDSN(t, func(t *testing.T, db *DB, _ string) { fn(t, db) })
}

// eachDialectDSN is eachDialect, telling fn the database's DSN too.
func eachDialectDSN(t *testing.T, fn func(t *testing.T, db *DB, dsn string)) {
	open := map[string]func(t *testing.T) string{
		DialectSQLite:   func(t *testing.T) string { return "sqlite:" + filepath.Join(t.TempDir(), "g.db") },
		DialectPostgres: func(t *testing.T) string { return pgtest.DSN(t) },
	}
	for _, d := range []string{DialectSQLite, DialectPostgres} {
		t.Run(d, func(t *testing.T) {
			dsn := open[d](t)
			db, err := Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			db.groupTime = time.Minute // a slow machine must not split the tests' groups
			fn(t, db, dsn)
		})
	}
}

// holdWriter runs an Update that keeps the writer busy until the returned function is
// called with the number of Updates that must be queued behind it: those then run in the
// held Update's group. The held Update appends an audit record and creates a unit named
// "held".
func holdWriter(t *testing.T, db *DB, regionID int64) (release func(queued int), done <-chan error) {
	started, hold := make(chan struct{}), make(chan struct{})
	out := make(chan error, 1)
	go func() {
		out <- db.Update(t.Context(), func(tx luoshi.Tx) error {
			close(started)
			<-hold
			return writeMember(tx, regionID, "held")
		})
	}()
	<-started
	return func(queued int) {
		deadline := time.Now().Add(10 * time.Second)
		for len(db.writes) < queued {
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d updates queued", len(db.writes), queued)
			}
			time.Sleep(time.Millisecond)
		}
		close(hold)
	}, out
}

// writeMember is what each member of a test group writes: a unit named name and an audit
// record naming it.
func writeMember(tx luoshi.Tx, regionID int64, name string) error {
	ctx := context.Background()
	if err := tx.CreateUnit(ctx, &luoshi.Unit{RegionID: regionID, Name: name, Kind: "department", CreatedAt: storetest.T0}); err != nil {
		return err
	}
	return tx.AppendAudit(ctx, &luoshi.AuditRecord{At: storetest.T0, RegionID: regionID, ActorName: "test", Action: "unit.created",
		Target: name, Outcome: luoshi.OutcomeSuccess}, testChain)
}

// TestGroupCommit: Updates queued while the writer is busy commit in one group, each in its
// own savepoint. A member refused after writing (a unit and an audit record) leaves no
// trace, a member that panics leaves none either and panics in its caller, their neighbours
// commit, and the audit chain — whose head moved through the refused members' records
// before their savepoints were rolled back — verifies over what was kept.
func TestGroupCommit(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		region := storetest.MustCreateRegion(t, db, "g1")
		var heads []luoshi.AuditMark
		db.OnAuditCommit(func(m luoshi.AuditMark) { heads = append(heads, m) })
		commits, _ := db.WriteStats()
		stats := db.GroupStats()
		release, held := holdWriter(t, db, region.ID)

		refused := luoshi.Errorf(luoshi.ECONFLICT, "store.test_refused")
		const n = 8
		errs := make([]error, n)
		panics := make([]any, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				defer func() { panics[i] = recover() }()
				errs[i] = db.Update(t.Context(), func(tx luoshi.Tx) error {
					if err := writeMember(tx, region.ID, fmt.Sprintf("m%d", i)); err != nil {
						return err
					}
					switch i % 4 {
					case 1:
						return refused
					case 2:
						if i == 6 {
							panic("member 6 panics")
						}
					}
					return nil
				})
			})
			// One at a time, so that the queue's order is the members' order.
			for len(db.writes) < i+1 {
				time.Sleep(time.Millisecond)
			}
		}
		// Every member waits in the queue at least this long after the last has joined it.
		const queuedAtLeast = 25 * time.Millisecond
		time.Sleep(queuedAtLeast)
		release(n)
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatalf("held update: %v", err)
		}
		var want []string
		for i := range n {
			switch {
			case i%4 == 1:
				if !errors.Is(errs[i], refused) {
					t.Errorf("member %d: %v, want the refusal", i, errs[i])
				}
			case i == 6:
				if panics[i] != "member 6 panics" {
					t.Errorf("member 6: panic %v, error %v", panics[i], errs[i])
				}
			default:
				if errs[i] != nil || panics[i] != nil {
					t.Errorf("member %d: %v %v", i, errs[i], panics[i])
				}
				want = append(want, fmt.Sprintf("m%d", i))
			}
		}
		want = append(want, "held")
		sort.Strings(want)
		if got, _ := db.WriteStats(); got != commits+1 {
			t.Errorf("%d commits for one group", got-commits)
		}
		// The group kept six (the held one and five members): one group of 5–8 counted, and
		// time in its members and in its commit.
		after := db.GroupStats()
		for i, want := range [5]int64{0, 0, 1, 0, 0} {
			if got := after.Sizes[i] - stats.Sizes[i]; got != want {
				t.Errorf("groups of size class %d: %d more, want %d (%v → %v)", i, got, want, stats.Sizes, after.Sizes)
			}
		}
		if after.Members <= stats.Members || after.Commits <= stats.Commits {
			t.Errorf("group times did not grow: members %v → %v, commits %v → %v",
				stats.Members, after.Members, stats.Commits, after.Commits)
		}
		// Each of the nine writes (the held one and the eight members, refused or not) counted
		// once in each of the wait classes; the eight queued behind the held one waited past
		// queuedAtLeast, in the queue and to their answer.
		long := waitClass(queuedAtLeast)
		for name, c := range map[string][2][len(WaitBounds) + 1]int64{"queued": {stats.Queued, after.Queued},
			"waited": {stats.Waited, after.Waited}} {
			var all, longer int64
			for i := range c[1] {
				all += c[1][i] - c[0][i]
				if i >= long {
					longer += c[1][i] - c[0][i]
				}
			}
			if all != n+1 || longer < n {
				t.Errorf("%s: %d writes counted, %d of them past %v; want %d and at least %d (%v → %v)",
					name, all, longer, queuedAtLeast, n+1, n, c[0], c[1])
			}
		}

		var units []string
		storetest.MustRead(t, db, func(tx luoshi.Tx) (any, error) {
			us, err := tx.FindUnits(context.Background(), region.ID)
			for _, u := range us {
				units = append(units, u.Name)
			}
			return nil, err
		})
		sort.Strings(units)
		if fmt.Sprint(units) != fmt.Sprint(want) {
			t.Errorf("units after the group: %v, want %v", units, want)
		}

		targets, last := verifiedAudit(t, db)
		if fmt.Sprint(targets) != fmt.Sprint(want) {
			t.Errorf("audit records: %v, want %v", targets, want)
		}
		db.marks.wait()
		if len(heads) != 1 || heads[0].Seq != last.Seq || heads[0].ID != last.ID {
			t.Errorf("audit heads reported %+v, want one at seq %d", heads, last.Seq)
		}
	})
}

// verifiedAudit reads the audit trail, checks that its chain verifies, and returns its
// records' targets, sorted, and its last record.
func verifiedAudit(t *testing.T, db *DB) ([]string, *luoshi.AuditRecord) {
	t.Helper()
	var targets []string
	var last *luoshi.AuditRecord
	v := luoshi.NewChainVerifier(testChain, luoshi.AuditAnchor{})
	storetest.MustRead(t, db, func(tx luoshi.Tx) (any, error) {
		return nil, tx.ScanAudit(context.Background(), func(r *luoshi.AuditRecord) error {
			targets, last = append(targets, r.Target), r
			v.Add(r)
			return nil
		})
	})
	if last == nil {
		t.Fatal("no audit records")
	}
	if msg := v.Finish(last.Hash); msg.Key != "" {
		t.Errorf("the audit chain does not verify: %v", msg)
	}
	sort.Strings(targets)
	return targets, last
}

// TestGroupSkipsCancelled: an Update whose context ends while it waits in the queue is
// answered with the context's error and runs nothing; the group around it commits.
func TestGroupSkipsCancelled(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		region := storetest.MustCreateRegion(t, db, "g2")
		release, held := holdWriter(t, db, region.ID)
		ctx, cancel := context.WithCancel(t.Context())
		ran := false
		errc := make(chan error, 1)
		go func() {
			errc <- db.Update(ctx, func(tx luoshi.Tx) error { ran = true; return nil })
		}()
		for len(db.writes) < 1 {
			time.Sleep(time.Millisecond)
		}
		cancel()
		release(1)
		if err := <-errc; !errors.Is(err, context.Canceled) || ran {
			t.Errorf("cancelled update: %v, ran %v", err, ran)
		}
		if err := <-held; err != nil {
			t.Fatal(err)
		}
	})
}

// TestUpdateAfterClose: an Update queued when Close comes is answered, and one after Close
// is refused, rather than waiting for a writer that is gone.
func TestUpdateAfterClose(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		region := storetest.MustCreateRegion(t, db, "g3")
		release, held := holdWriter(t, db, region.ID)
		queued := make(chan error, 1)
		go func() { queued <- db.Update(t.Context(), func(luoshi.Tx) error { return nil }) }()
		for len(db.writes) < 1 {
			time.Sleep(time.Millisecond)
		}
		closed := make(chan struct{})
		go func() { db.Close(); close(closed) }()
		release(0)
		<-closed
		if err := <-held; err != nil {
			t.Errorf("the update running at Close: %v", err)
		}
		// Queued at Close: run in the held update's group and committed, or refused —
		// answered either way.
		if err := <-queued; err != nil && !errors.Is(err, errClosed) {
			t.Errorf("an update queued at Close: %v", err)
		}
		if err := db.Update(t.Context(), func(luoshi.Tx) error { return nil }); !errors.Is(err, errClosed) {
			t.Errorf("update after Close: %v, want errClosed", err)
		}
	})
}

// TestAuditMarksPaced: heads noted faster than markGap reach the hook once a gap, the newest
// of them each time, and wait hands over the last one at once.
func TestAuditMarksPaced(t *testing.T) {
	var ms marks
	var mu sync.Mutex
	var handed []int64
	hook := func(m luoshi.AuditMark) {
		mu.Lock()
		handed = append(handed, m.Seq)
		mu.Unlock()
	}
	const n = 40
	began := time.Now()
	for i := int64(1); i <= n; i++ {
		ms.note(luoshi.AuditMark{Seq: i}, hook)
		time.Sleep(time.Millisecond)
	}
	noting := time.Since(began)
	ms.wait()
	mu.Lock()
	defer mu.Unlock()
	// One hand-over a gap while the notes went on, and the last at the wait: handed one by
	// one, the forty notes would have made about forty. (The first handed is the newest when
	// its goroutine starts: the first note's, unless the machine was slow to start it.)
	if most := int(noting/markGap) + 2; len(handed) > most || len(handed) == 0 {
		t.Errorf("%d hand-overs for %d notes in %v, want 1 to %d: %v", len(handed), n, noting, most, handed)
	}
	if len(handed) > 0 && (handed[len(handed)-1] != n || !slices.IsSorted(handed)) {
		t.Errorf("handed %v: want ever newer heads, the last %d", handed, n)
	}
}

// TestItemNumbersInGroup: members of one group draw consecutive item numbers, a year's first
// among them; a member refused after drawing gives its numbers back to the next; the numbers
// kept are in the database after the commit, and the next group goes on from them.
func TestItemNumbersInGroup(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		region := storetest.MustCreateRegion(t, db, "n1")
		release, held := holdWriter(t, db, region.ID)
		refused := luoshi.Errorf(luoshi.ECONFLICT, "store.test_refused")
		// Member i draws i%3+1 numbers of 2026 (member 0 the year's first) and one of 2027
		// when odd; members 2 and 5 are refused after drawing.
		const n = 7
		got := make([][]int, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = db.Update(ctx, func(tx luoshi.Tx) error {
					got[i] = nil
					for range i%3 + 1 {
						k, err := tx.NextItemNumber(ctx, region.ID, 2026)
						if err != nil {
							return err
						}
						got[i] = append(got[i], k)
					}
					if i%2 == 1 {
						k, err := tx.NextItemNumber(ctx, region.ID, 2027)
						if err != nil {
							return err
						}
						got[i] = append(got[i], -k)
					}
					if i == 2 || i == 5 {
						return refused
					}
					return nil
				})
			})
			for len(db.writes) < i+1 {
				time.Sleep(time.Millisecond)
			}
		}
		release(n)
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatalf("held update: %v", err)
		}
		// Kept: 0 [1], 1 [2 3, -1], 3 [4, -2], 4 [5 6], 6 [7]; refused: 2 drew 4 5 6 and
		// gave them back, 5 drew 7 8 9 and -3.
		want := [][]int{{1}, {2, 3, -1}, {4, 5, 6}, {4, -2}, {5, 6}, {7, 8, 9, -3}, {7}}
		for i := range n {
			if (i == 2 || i == 5) != errors.Is(errs[i], refused) || (errs[i] != nil && !errors.Is(errs[i], refused)) {
				t.Errorf("member %d: %v", i, errs[i])
			}
			if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
				t.Errorf("member %d drew %v, want %v", i, got[i], want[i])
			}
		}
		for year, want := range map[int]int{2026: 8, 2027: 3} {
			var k int
			storetest.MustUpdate(t, db, func(tx luoshi.Tx) error {
				var err error
				k, err = tx.NextItemNumber(ctx, region.ID, year)
				return err
			})
			if k != want {
				t.Errorf("the next group's number for %d: %d, want %d", year, k, want)
			}
		}
	})
}
