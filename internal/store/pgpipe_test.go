package store

import (
	"fmt"
	"testing"

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
