package store

import (
	"context"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/pgtest"
	"luoshi/internal/store/storetest"
)

// TestDataVersion: every committed write changes the data version; a read, a refused write
// and a write marked luoshi.ChangesNoAnswers do not; a read transaction sees the version of
// its snapshot; on PostgreSQL, a write through a second store on the same database (a second
// process) changes what the first reads.
func TestDataVersion(t *testing.T) {
	eachDialectDSN(t, func(t *testing.T, db *DB, dsn string) {
		ctx := t.Context()
		region := storetest.MustCreateRegion(t, db, "v1")
		version := func(db *DB) int64 {
			t.Helper()
			n, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		v0 := version(db)
		if err := writeMemberCtx(ctx, db, region.ID, "a"); err != nil {
			t.Fatal(err)
		}
		v1 := version(db)
		if v1 == v0 {
			t.Fatalf("a committed write left the version at %d", v0)
		}
		if err := db.View(ctx, func(tx luoshi.Tx) error { _, err := tx.FindUnits(ctx, region.ID); return err }); err != nil {
			t.Fatal(err)
		}
		refused := luoshi.Errorf(luoshi.ECONFLICT, "store.test_refused")
		if err := db.Update(ctx, func(tx luoshi.Tx) error {
			if err := writeMember(tx, region.ID, "refused"); err != nil {
				return err
			}
			return refused
		}); err != refused {
			t.Fatalf("refused write: %v", err)
		}
		if err := writeMemberCtx(luoshi.ChangesNoAnswers(ctx), db, region.ID, "quiet"); err != nil {
			t.Fatal(err)
		}
		if v := version(db); v != v1 {
			t.Fatalf("a read, a refused write and a quiet write moved the version %d → %d", v1, v)
		}
		var inTx int64
		if err := db.View(ctx, func(tx luoshi.Tx) error {
			var err error
			inTx, err = tx.(luoshi.DataVersioner).DataVersion(ctx)
			return err
		}); err != nil || inTx != v1 {
			t.Fatalf("the version in a read transaction: %d (%v), want %d", inTx, err, v1)
		}
		if db.dialect != DialectPostgres {
			return
		}
		// A second process on the same database: its writes move the first one's version,
		// and a snapshot taken before keeps its own.
		other, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		snap := make(chan int64)
		release := make(chan struct{})
		go db.View(ctx, func(tx luoshi.Tx) error {
			n, _ := tx.(luoshi.DataVersioner).DataVersion(ctx)
			snap <- n
			<-release
			n, _ = tx.(luoshi.DataVersioner).DataVersion(ctx)
			snap <- n
			return nil
		})
		before := <-snap
		if err := writeMemberCtx(ctx, other, region.ID, "b"); err != nil {
			t.Fatal(err)
		}
		close(release)
		if again := <-snap; again != before {
			t.Errorf("a snapshot's version moved %d → %d", before, again)
		}
		if v := version(db); v == v1 {
			t.Errorf("a write by a second store left the first's version at %d", v)
		}
	})
}

func writeMemberCtx(ctx context.Context, db *DB, regionID int64, name string) error {
	return db.Update(ctx, func(tx luoshi.Tx) error {
		return writeMember(tx, regionID, name+time.Now().Format("150405.000000000"))
	})
}

// BenchmarkDataVersion is what the answer cache pays on every request to learn the data
// version: an atomic load on SQLite, one query of one row on PostgreSQL.
//
//	LUOSHI_TEST_POSTGRES=… go test -run '^$' -bench DataVersion ./internal/store/
func BenchmarkDataVersion(b *testing.B) {
	for _, d := range []string{DialectSQLite, DialectPostgres} {
		b.Run(d, func(b *testing.B) {
			dsn := "sqlite:" + b.TempDir() + "/v.db"
			if d == DialectPostgres {
				dsn = pgtest.DSN(b) // skips without LUOSHI_TEST_POSTGRES
			}
			db, err := Open(b.Context(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			b.ResetTimer()
			for b.Loop() {
				if _, err := db.DataVersion(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
