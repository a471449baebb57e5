package store

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/store/storetest"
)

// openPG opens a store on a fresh PostgreSQL schema (skipped without one).
func openPG(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSyncGenericPlan: the reminder sync runs its prepared statement's generic plan, never
// planned again for the run's arrays, and the rest of its transaction keeps plan_cache_mode
// as it was.
func TestSyncGenericPlan(t *testing.T) {
	db := openPG(t)
	ctx := t.Context()
	r := storetest.MustCreateRegion(t, db, "110000")
	storetest.MustUpdate(t, db, func(ltx luoshi.Tx) error {
		for i := range 8 { // more than the five runs PostgreSQL plans for their arguments in "auto"
			want := []luoshi.Reminder{{Key: fmt.Sprintf("k%d", i), RegionID: r.ID, Kind: luoshi.ReminderApproach, DueAt: storetest.T0}}
			if err := ltx.SyncItemsReminders(ctx, []int64{int64(1000 + i)}, want); err != nil {
				return err
			}
		}
		tx := ltx.(*tx)
		var mode string
		if err := tx.pipeQueryRow(ctx, `SELECT current_setting('plan_cache_mode')`).Scan(&mode); err != nil {
			return err
		}
		if mode != "auto" {
			t.Errorf("plan_cache_mode after the syncs: %q, want auto", mode)
		}
		var generic, custom int64
		err := tx.pipeQueryRow(ctx, `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1`,
			pgSyncReminders).Scan(&generic, &custom)
		if err != nil {
			return err
		}
		if custom != 0 || generic < 8 {
			t.Errorf("the sync was planned %d times for its arguments and ran its generic plan %d times; want 0 and 8", custom, generic)
		}
		return nil
	})
}

// TestUnitsByIDPlannedOnce: a create's units are read by a statement PostgreSQL plans once
// for each list length, not again at every call; each unit is answered once, whatever the
// padding repeats.
func TestUnitsByIDPlannedOnce(t *testing.T) {
	db := openPG(t)
	ctx := t.Context()
	r := storetest.MustCreateRegion(t, db, "110000")
	var ids []int64
	for i := range 3 {
		ids = append(ids, storetest.MustCreateUnit(t, db, r.ID, fmt.Sprintf("unit %d", i)).ID)
	}
	const calls = 40
	storetest.MustUpdate(t, db, func(ltx luoshi.Tx) error {
		tx := ltx.(*tx)
		for i := range calls {
			asked := ids[:1+i%2*2] // one unit, then three (a list padded to four), in turn
			units, err := tx.FindUnitsByID(ctx, asked)
			if err != nil {
				return err
			}
			var got []int64
			for _, u := range units {
				got = append(got, u.ID)
			}
			sort.Slice(got, func(a, b int) bool { return got[a] < got[b] })
			if fmt.Sprint(got) != fmt.Sprint(asked) {
				t.Errorf("units %v: got %v", asked, got)
			}
		}
		rows, err := tx.pipeQuery(ctx, `SELECT generic_plans, custom_plans FROM pg_prepared_statements
			WHERE statement LIKE '%FROM units WHERE id IN (%' OR statement LIKE '%FROM units WHERE id = ANY(%'`)
		if err != nil {
			return err
		}
		defer rows.Close()
		runs := int64(0)
		for rows.Next() {
			var generic, custom int64
			if err := rows.Scan(&generic, &custom); err != nil {
				return err
			}
			runs += generic + custom
			// PostgreSQL plans a prepared statement for its arguments its first five runs.
			if custom > 5 {
				t.Errorf("a read of units planned %d times for its arguments (%d runs on the generic plan); want at most 5",
					custom, generic)
			}
		}
		if runs < calls {
			t.Errorf("%d runs of the units' reads found, want at least %d", runs, calls)
		}
		return rows.Err()
	})
}

// TestGroupRefusedLate: what a member queues after its last round trip goes with the next
// member's first round trip, or before the commit; a refusal found there is still that
// member's answer. It alone is rolled back, its neighbours are kept, and the next member's
// statements queued before its read are sent again.
func TestGroupRefusedLate(t *testing.T) {
	db := openPG(t)
	db.groupTime = time.Minute
	ctx := t.Context()
	region := storetest.MustCreateRegion(t, db, "110000")
	unit := storetest.MustCreateUnit(t, db, region.ID, "lead")
	it := storetest.MustCreateItem(t, db, storetest.NewItem(region.ID, unit.ID, "item"), luoshi.ItemDerived{})
	stale := func(name string) func(tx luoshi.Tx) error {
		return func(tx luoshi.Tx) error {
			if err := tx.AppendAudit(ctx, &luoshi.AuditRecord{At: storetest.T0, RegionID: region.ID, ActorName: "test",
				Action: "unit.created", Target: name, Outcome: luoshi.OutcomeSuccess}, testChain); err != nil {
				return err
			}
			next := it.Clone()
			next.Title = name
			return tx.UpdateItemOrRefuse(ctx, next, luoshi.ItemDerived{}, it.Version+5) // a version it never had
		}
	}
	reads := func(name string) func(tx luoshi.Tx) error { // queues a reminder, then reads, then writes
		return func(tx luoshi.Tx) error {
			want := []luoshi.Reminder{{Key: name, RegionID: region.ID, Kind: luoshi.ReminderApproach, DueAt: storetest.T0}}
			if err := tx.SyncItemsReminders(ctx, []int64{it.ID + 1000}, want); err != nil {
				return err
			}
			if _, err := tx.FindRegionByID(ctx, region.ID); err != nil {
				return err
			}
			return writeMember(tx, region.ID, name)
		}
	}
	blind := func(name string) func(tx luoshi.Tx) error { // queues only
		return func(tx luoshi.Tx) error {
			return tx.AppendAudit(ctx, &luoshi.AuditRecord{At: storetest.T0, RegionID: region.ID, ActorName: "test",
				Action: "unit.created", Target: name, Outcome: luoshi.OutcomeSuccess}, testChain)
		}
	}
	cases := []struct {
		name    string
		members []func(luoshi.Tx) error
		refused []bool
	}{
		{"with the next member's read", []func(luoshi.Tx) error{stale("a1"), reads("b1")}, []bool{true, false}},
		{"before the commit", []func(luoshi.Tx) error{reads("b2"), stale("a2")}, []bool{false, true}},
		{"with a member that sent nothing", []func(luoshi.Tx) error{stale("a3"), blind("c3"), reads("b3")}, []bool{true, false, false}},
	}
	var want []string // audit records and units kept
	for i, c := range cases {
		release, held := holdWriter(t, db, storetest.MustCreateRegion(t, db, fmt.Sprintf("11000%d", i+1)).ID) // its unit "held" in a region of its own
		errs := make([]error, len(c.members))
		var wg sync.WaitGroup
		for j, fn := range c.members {
			wg.Go(func() { errs[j] = db.Update(ctx, fn) })
			for len(db.writes) < j+1 {
				time.Sleep(time.Millisecond)
			}
		}
		release(len(c.members))
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatalf("%s: held update: %v", c.name, err)
		}
		want = append(want, "held")
		for j, err := range errs {
			switch {
			case c.refused[j]:
				if luoshi.ErrorCode(err) != luoshi.ECONFLICT {
					t.Errorf("%s: member %d answered %v, want its conflict", c.name, j, err)
				}
			case err != nil:
				t.Errorf("%s: member %d: %v", c.name, j, err)
			}
		}
	}
	want = append(want, "b1", "b2", "b3", "c3")
	sort.Strings(want)

	targets, _ := verifiedAudit(t, db)
	if fmt.Sprint(targets) != fmt.Sprint(want) {
		t.Errorf("audit records: %v, want %v", targets, want)
	}
	got := storetest.MustRead(t, db, func(tx luoshi.Tx) (*luoshi.Item, error) { return tx.FindItemByID(ctx, it.ID) })
	if got.Title != it.Title || got.Version != it.Version {
		t.Errorf("item after its refused updates: %q version %d, want %q version %d", got.Title, got.Version, it.Title, it.Version)
	}
	// The reminders queued before the reads were sent again after the refusals.
	rows, err := db.r.QueryContext(ctx, `SELECT key FROM reminders ORDER BY key`)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := collect(rows, func(s interface{ Scan(...any) error }) (string, error) {
		var k string
		return k, s.Scan(&k)
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(keys) != "[b1 b2 b3]" {
		t.Errorf("reminders: %v, want [b1 b2 b3]", keys)
	}
}

// TestDrawnIDsDroppedWithConnection: ids the writer drew ahead are dropped when its next group
// runs on another physical connection. A primary that fails over, or crashes before its log
// reaches the disk, can give the same sequence values again — here the writer's connection is
// terminated and the sequence set back to the last id used, as a promoted standby would have
// it. Kept, the drawn ids would collide with the sequence's next ones (duplicate keys, as
// TestFailover once saw); dropped, every write after the cut succeeds.
func TestDrawnIDsDroppedWithConnection(t *testing.T) {
	db := openPG(t)
	ctx := t.Context()
	region := storetest.MustCreateRegion(t, db, "110000")
	audit := func(name string) error {
		return db.Update(ctx, func(tx luoshi.Tx) error {
			return tx.AppendAudit(ctx, &luoshi.AuditRecord{At: storetest.T0, RegionID: region.ID, ActorName: "test",
				Action: "unit.created", Target: name, Outcome: luoshi.OutcomeSuccess}, testChain)
		})
	}
	if err := audit("before"); err != nil {
		t.Fatal(err)
	}
	if len(db.ids["audit_log"]) == 0 {
		t.Fatal("no audit ids drawn ahead: the test no longer covers them")
	}
	var last int64
	if err := db.r.QueryRow(`SELECT max(id) FROM audit_log`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	var pid int
	if err := db.w.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil { // the writer's, the last used
		t.Fatal(err)
	}
	if _, err := db.r.Exec(`SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	if _, err := db.r.Exec(`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), $1)`, last); err != nil {
		t.Fatal(err)
	}
	// The write on the dead connection may fail (503); none after it may.
	failed := 0
	for i := range idBlock + 20 {
		err := audit(fmt.Sprintf("after %d", i))
		switch {
		case err == nil:
		case i == 0:
			failed++
		default:
			t.Fatalf("write %d after the cut: %v", i, err)
		}
	}
	t.Logf("%d writes after the cut, %d failed on the dead connection", idBlock+20, failed)
}
