package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
	"luoshi/internal/store/storetest"
)

// openSQLite opens a fresh SQLite store in a temporary directory.
func openSQLite(t *testing.T) luoshi.Store {
	t.Helper()
	db, err := store.Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "luoshi.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return db
}

func TestSQLite(t *testing.T) {
	storetest.Run(t, openSQLite)
}

func TestMigrationsIdempotent(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "luoshi.db")
	db, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.MustCreateRegion(t, db, "330110")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		db, err := store.Open(ctx, "sqlite:"+path)
		if err != nil {
			t.Fatalf("open again (%d): %v", i+1, err)
		}
		got := storetest.MustRead(t, db, func(tx luoshi.Tx) ([]*luoshi.Region, error) { return tx.FindRegions(ctx) })
		if len(got) != 1 || got[0].ID != r.ID {
			t.Errorf("regions after reopening = %v, want the one created before", got)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	names, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n, top int
	if err := raw.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &top); err != nil {
		t.Fatal(err)
	}
	if n != len(names) || top != len(names) {
		t.Errorf("schema_migrations holds %d rows up to version %d after three opens, want %d", n, top, len(names))
	}
}

// migrationName is the form of a migration file: a four-digit number, a name, .sql.
var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

func TestMigrationsMatch(t *testing.T) {
	lite, err := store.Migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lite, pg) {
		t.Errorf("migrations differ between the databases:\n sqlite   %v\n postgres %v", lite, pg)
	}
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	for i, name := range lite {
		m := migrationName.FindStringSubmatch(name)
		if m == nil {
			t.Errorf("migration %q is not named NNNN_name.sql", name)
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n != i+1 {
			t.Errorf("migration %q has number %d, want %d (numbers run from 1 without gaps)", name, n, i+1)
		}
	}
	if _, err := store.Migrations("oracle"); err == nil {
		t.Error("Migrations(oracle) succeeded, want an error")
	}
}

func TestOpenRejectsBadDSN(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"mysql://root@localhost/luoshi", `unsupported scheme "mysql"`},
		{"luoshi.db", "sqlite:"},
		{"sqlite:", "empty"},
	} {
		db, err := store.Open(t.Context(), c.dsn)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", c.dsn)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q) = %q, want it to say %q", c.dsn, err, c.want)
		}
	}
}

// TestConcurrentWriters runs 16 writers at once, each creating items and appending their
// events, with readers alongside: SQLite admits one writer, and "database is locked" must
// never reach a caller.
func TestConcurrentWriters(t *testing.T) {
	const writers, rounds = 16, 5
	ctx := t.Context()
	st := openSQLite(t)
	defer st.Close()
	r := storetest.MustCreateRegion(t, st, "330110")
	unit := storetest.MustCreateUnit(t, st, r.ID, "县发改局")
	user := storetest.MustCreateUser(t, st, r.ID, unit.ID, "zhangsan", luoshi.RoleLiaison)

	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds*2)
	for w := range writers {
		wg.Go(func() {
			for i := range rounds {
				errs <- st.Update(ctx, func(tx luoshi.Tx) error { return createWithEvent(ctx, tx, r.ID, unit.ID, user.ID, w, i) })
				errs <- st.View(ctx, func(tx luoshi.Tx) error {
					_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: r.ID, Limit: 10})
					return err
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent transaction: %v", err)
		}
	}

	items := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) {
		items, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: r.ID, Limit: 200})
		return items, err
	})
	if len(items) != writers*rounds {
		t.Fatalf("%d items after %d writes, want %d", len(items), writers*rounds, writers*rounds)
	}
	codes := map[string]bool{}
	for _, it := range items {
		codes[it.Code] = true
		events := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.Event, error) { return tx.FindEvents(ctx, it.ID) })
		if len(events) != 1 || events[0].Seq != 1 {
			t.Errorf("item %d has events %v, want its one created event", it.ID, events)
		}
	}
	if len(codes) != writers*rounds {
		t.Errorf("%d distinct codes among %d items", len(codes), writers*rounds)
	}
}

// createWithEvent numbers, creates and records one item, as the service does: it reads
// first (a read lock that must be upgraded is what makes SQLite answer "database is locked"
// to a deferred transaction), then writes.
func createWithEvent(ctx context.Context, tx luoshi.Tx, regionID, unitID, userID int64, w, i int) error {
	if _, err := tx.FindUnitByID(ctx, unitID); err != nil {
		return err
	}
	n, err := tx.NextItemNumber(ctx, regionID, 2026)
	if err != nil {
		return err
	}
	it := storetest.NewItem(regionID, unitID, fmt.Sprintf("并发 %d-%d", w, i))
	it.Code = fmt.Sprintf("DB-2026-%04d", n)
	if err := tx.CreateItem(ctx, it, luoshi.ItemDerived{}); err != nil {
		return err
	}
	e := &luoshi.Event{ItemID: it.ID, Seq: 1, Kind: luoshi.EventCreated, ActorID: userID,
		At: time.Now().UTC().Truncate(time.Millisecond), Data: luoshi.EventData{Item: it.Clone()}}
	if err := tx.AppendEvent(ctx, e, regionID); err != nil {
		return err
	}
	if e.ID == 0 {
		return errors.New("AppendEvent left the id zero")
	}
	return nil
}
