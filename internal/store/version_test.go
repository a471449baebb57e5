package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
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

// TestViewOne: a read of one statement runs on PostgreSQL in no transaction (the server's
// isolation level is its default, not View's REPEATABLE READ), sees what was committed
// before it was called, and refuses a second statement, which would read another moment; on
// SQLite it is View.
func TestViewOne(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		region := storetest.MustCreateRegion(t, db, "one")
		if db.dialect == DialectPostgres {
			level := func(view func(context.Context, func(luoshi.Tx) error) error) string {
				var s string
				if err := view(ctx, func(t luoshi.Tx) error {
					return t.(*tx).tx.QueryRowContext(ctx, `SELECT current_setting('transaction_isolation')`).Scan(&s)
				}); err != nil {
					t.Fatal(err)
				}
				return s
			}
			if got, in := level(db.ViewOne), level(db.View); got != "read committed" || in != "repeatable read" {
				t.Fatalf("isolation in ViewOne %q, in View %q; want read committed (no transaction) and repeatable read", got, in)
			}
		}
		if err := writeMemberCtx(ctx, db, region.ID, "seen"); err != nil {
			t.Fatal(err)
		}
		var units []*luoshi.Unit
		if err := db.ViewOne(ctx, func(tx luoshi.Tx) (err error) { units, err = tx.FindUnits(ctx, region.ID); return err }); err != nil {
			t.Fatal(err)
		}
		if len(units) != 1 {
			t.Fatalf("ViewOne read %d units after a committed write of one", len(units))
		}
		if db.dialect != DialectPostgres {
			return
		}
		defer func() {
			if recover() == nil {
				t.Fatal("a second statement in ViewOne did not panic")
			}
		}()
		db.ViewOne(ctx, func(tx luoshi.Tx) error {
			tx.FindUnits(ctx, region.ID)
			_, err := tx.FindUnits(ctx, region.ID)
			return err
		})
	})
}

// TestItemStampInvariants: what an item's stamp leaves out must not change behind it
// (version.go, "An item's stamp"): no statement of the store, its migrations or any other
// package updates or deletes an event (or upserts one), and none changes or deletes a user,
// whose name the timeline shows, other than the login, password, state and sealed fields.
func TestItemStampInvariants(t *testing.T) {
	var files []string
	for _, glob := range []string{"*.go", "migrations/*/*.sql", "../*/*.go", "../../cmd/*/*.go"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 50 {
		t.Fatalf("read %d files: the globs found too few", len(files))
	}
	forbidden := regexp.MustCompile(`(?is)\bUPDATE\s+events\b|\bDELETE\s+FROM\s+events\b|` +
		`INSERT\s+INTO\s+events\b[^;` + "`" + `]*\bDO\s+UPDATE\b|\bDELETE\s+FROM\s+users\b|` +
		`(?-i:\bTRUNCATE\s+(TABLE\s+)?(ONLY\s+)?[a-z_, ]*\b(events|users)\b)`)
	userUpdate := regexp.MustCompile(`(?is)\bUPDATE\s+users\s+SET\b[^;` + "`" + `]*`)
	userName := regexp.MustCompile(`(?i)[\s,]name\s*=`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := forbidden.Find(b); m != nil {
			t.Errorf("%s: %q: an item's stamp would not see it", f, m)
		}
		for _, m := range userUpdate.FindAll(b, -1) {
			if userName.Match(m) {
				t.Errorf("%s: %q changes a user's name: the timelines kept would not see it", f, m)
			}
		}
	}
}

// TestItemStamp: an item's stamp moves when the item's row changes, when a sub-item is
// added or changed, and when an event is added to it — also when a second store on the same
// database (a second process, PostgreSQL) writes; on PostgreSQL a write to another item, or to anything
// else, leaves it. On SQLite it is the data version.
func TestItemStamp(t *testing.T) {
	eachDialectDSN(t, func(t *testing.T, db *DB, dsn string) {
		ctx := t.Context()
		region := storetest.MustCreateRegion(t, db, "st")
		unit := storetest.MustCreateUnit(t, db, region.ID, "U")
		user := storetest.MustCreateUser(t, db, region.ID, unit.ID, "stamp", luoshi.RoleLiaison)
		it := storetest.MustCreateItem(t, db, storetest.NewItem(region.ID, unit.ID, "事项"), luoshi.ItemDerived{})
		other := storetest.MustCreateItem(t, db, storetest.NewItem(region.ID, unit.ID, "其他"), luoshi.ItemDerived{})
		db2, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		stamp := func() string {
			t.Helper()
			_, s, err := db.ItemStamp(ctx, it.ID)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		seen := map[string]string{}
		s := stamp()
		seen[s] = "created"
		var child *luoshi.Item
		seq := 0
		event := func(st luoshi.Store, id int64) {
			seq++
			storetest.MustUpdate(t, st, func(tx luoshi.Tx) error {
				return tx.AppendEvent(ctx, &luoshi.Event{ItemID: id, Seq: seq, Kind: luoshi.EventCommented,
					ActorID: user.ID, At: storetest.T0, Data: luoshi.EventData{Text: "进展"}}, region.ID)
			})
		}
		for _, step := range []struct {
			name  string
			write func()
		}{
			{"the item's row", func() {
				storetest.MustUpdate(t, db, func(tx luoshi.Tx) error {
					return tx.UpdateItemDerived(ctx, it.ID, storetest.Lights(storetest.T0, storetest.T0))
				})
			}},
			{"a sub-item added", func() {
				c := storetest.NewItem(region.ID, unit.ID, "子事项")
				c.ParentID = &it.ID
				child = storetest.MustCreateItem(t, db, c, luoshi.ItemDerived{})
			}},
			{"a sub-item's row", func() {
				storetest.MustUpdate(t, db, func(tx luoshi.Tx) error { return tx.UpdateItemDerived(ctx, child.ID, luoshi.ItemDerived{}) })
			}},
			{"an event", func() { event(db, it.ID) }},
			{"an event by a second store", func() { event(db2, it.ID) }},
			{"the item's row by a second store", func() {
				storetest.MustUpdate(t, db2, func(tx luoshi.Tx) error { return tx.UpdateItemDerived(ctx, it.ID, luoshi.ItemDerived{}) })
			}},
		} {
			if strings.Contains(step.name, "second store") && db.dialect != DialectPostgres {
				continue // SQLite: one process owns the file
			}
			step.write()
			got := stamp()
			if was, ok := seen[got]; ok {
				t.Fatalf("after %s the stamp is %q, as it was after %s", step.name, got, was)
			}
			seen[got] = step.name
		}
		if db.dialect != DialectPostgres {
			return
		}
		before := stamp()
		storetest.MustUpdate(t, db, func(tx luoshi.Tx) error { return tx.UpdateItemDerived(ctx, other.ID, luoshi.ItemDerived{}) })
		seq = 0
		event(db2, other.ID)
		storetest.MustCreateUnit(t, db, region.ID, "V")
		if got := stamp(); got != before {
			t.Fatalf("writes to another item and a unit moved the stamp %q → %q", before, got)
		}
	})
}

// TestDataVersionGathered: on PostgreSQL concurrent reads of the data version go in fewer
// queries than reads, and a read never takes its answer from a query sent before it was
// asked: while eight readers keep the queries busy, a version read after a write has returned
// always finds the write (one writer: a query sent before the write's commit would answer
// the version read before the write).
func TestDataVersionGathered(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		if db.dialect != DialectPostgres {
			t.Skip("SQLite's data version is an in-process counter")
		}
		ctx := t.Context()
		region := storetest.MustCreateRegion(t, db, "gathered")
		var reads atomic.Int64
		before := db.versions.queries.Load() // before the readers start: their queries and reads counted alike
		stopReaders := repeatUntilStopped(t, 8, func() error {
			_, err := db.DataVersion(ctx)
			reads.Add(1)
			return err
		})
		for i := range 100 {
			a, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeMemberCtx(ctx, db, region.ID, fmt.Sprint("g", i)); err != nil {
				t.Fatal(err)
			}
			b, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			reads.Add(2)
			if b <= a {
				t.Fatalf("write %d: the version read after it is %d, before it %d: a read took a query sent before the write", i, b, a)
			}
		}
		stopReaders()
		queries := db.versions.queries.Load() - before
		t.Logf("%d reads of the version in %d queries", reads.Load(), queries)
		if queries >= reads.Load() {
			t.Fatalf("%d reads in %d queries: not gathered", reads.Load(), queries)
		}
	})
}
