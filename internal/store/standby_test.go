package store_test

import (
	"errors"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/store/storetest"
)

// TestReplicaRecoveryConflict: on a real hot standby (pgtest's clusters; skipped without the
// server binaries unless LUOSHI_REQUIRE_FAILOVER=1), a stale read that the standby cancels
// because replaying the primary's WAL conflicts with it (SQLSTATE 40001, "conflict with
// recovery": here an ACCESS EXCLUSIVE lock on the table it reads, with
// max_standby_streaming_delay 0) runs again on the primary, and answers.
func TestReplicaRecoveryConflict(t *testing.T) {
	ctx := t.Context()
	primary := pgtest.NewPrimary(t)
	primary.Exec(t, `CREATE DATABASE luoshi TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`)
	standby := primary.Standby(t, map[string]string{"max_standby_streaming_delay": "0"})
	db, err := store.Open(ctx, primary.DSN("luoshi"), store.WithReplica(standby.DSN("luoshi")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.MustCreateRegion(t, db, "110000")
	regions := func(tx luoshi.Tx) (int, error) {
		rs, err := tx.FindRegions(ctx)
		return len(rs), err
	}
	deadline := time.Now().Add(20 * time.Second)
	for n := 0; n != 1; {
		if time.Now().After(deadline) {
			t.Fatal("the standby did not replay the region in 20s")
		}
		time.Sleep(50 * time.Millisecond)
		db.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) (err error) { n, err = regions(tx); return err })
	}

	conn := primary.Open(t, "luoshi")
	defer conn.Close()
	runs, got := 0, 0
	var first error
	err = db.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		runs++
		n, err := regions(tx) // the standby's transaction now holds a lock on regions
		if err != nil || runs > 1 {
			got = n
			return err
		}
		if _, err := conn.ExecContext(ctx, `BEGIN; LOCK TABLE regions IN ACCESS EXCLUSIVE MODE; COMMIT`); err != nil {
			return errors.Join(errors.New("lock on the primary"), err)
		}
		for until := time.Now().Add(20 * time.Second); time.Now().Before(until); { // until the standby replays the lock and cancels us
			if _, first = regions(tx); first != nil {
				return first
			}
			time.Sleep(50 * time.Millisecond)
		}
		return errors.New("the standby did not cancel the read")
	})
	if err != nil || runs != 2 || got != 1 {
		t.Fatalf("the read the standby cancelled: %v, %d runs, %d regions (the standby said: %v)", err, runs, got, first)
	}
	t.Logf("the standby cancelled the read with: %v", first)
}
