package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
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
	"luoshi/internal/store/pgtest"
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

// openPostgres opens a store on a fresh schema of the test database (LUOSHI_TEST_POSTGRES),
// dropped when the test ends.
func openPostgres(t *testing.T) luoshi.Store {
	t.Helper()
	db, err := store.Open(t.Context(), pgtest.DSN(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if db.Dialect() != store.DialectPostgres {
		t.Fatalf("dialect %q, want postgres", db.Dialect())
	}
	return db
}

// TestPostgres runs the conformance suite on PostgreSQL, each subtest on a fresh schema.
func TestPostgres(t *testing.T) {
	pgtest.Base(t)
	storetest.Run(t, openPostgres)
}

// opener is one database the tests below run on.
type opener struct {
	name string
	open func(t *testing.T) luoshi.Store
}

// databases are the databases under test: SQLite always, PostgreSQL when configured (the
// subtest skips, or fails under LUOSHI_REQUIRE_POSTGRES=1, otherwise).
var databases = []opener{{"sqlite", openSQLite}, {"postgres", openPostgres}}

// reopenable is a database a test can open more than once, and read behind the store's back.
func reopenable(t *testing.T, name string) (dsn string, raw func() *sql.DB) {
	t.Helper()
	if name == "sqlite" {
		path := filepath.Join(t.TempDir(), "luoshi.db")
		dsn = "sqlite:" + path
		raw = func() *sql.DB {
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
		return dsn, raw
	}
	dsn = pgtest.DSN(t)
	return dsn, func() *sql.DB {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) { testMigrationsIdempotent(t, d.name) })
	}
}

func testMigrationsIdempotent(t *testing.T, name string) {
	ctx := t.Context()
	dsn, raw := reopenable(t, name)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	r := storetest.MustCreateRegion(t, db, "330110")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		db, err := store.Open(ctx, dsn)
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
	names, err := store.Migrations(name)
	if err != nil {
		t.Fatal(err)
	}
	rdb := raw()
	defer rdb.Close()
	var n, top int
	if err := rdb.QueryRowContext(ctx, `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &top); err != nil {
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
		{"postgres://luoshi:secret@127.0.0.1:1/none?connect_timeout=2", "postgres://luoshi:xxxxx@127.0.0.1:1/none"},
		{"postgresql://127.0.0.1:5432/x?sslmode=bogus", "postgres"},
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
// never reach a caller; PostgreSQL serialises the writers with its write lock, and no
// serialisation failure or duplicate number may reach one either.
func TestConcurrentWriters(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) { testConcurrentWriters(t, d.open(t)) })
	}
}

func testConcurrentWriters(t *testing.T, st luoshi.Store) {
	const writers, rounds = 16, 5
	ctx := t.Context()
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

func TestOpenRejectsReplicaOnSQLite(t *testing.T) {
	db, err := store.Open(t.Context(), "sqlite:"+filepath.Join(t.TempDir(), "x.db"), store.WithReplica("postgres://x@y/z"))
	if err == nil {
		db.Close()
		t.Fatal("a replica was accepted for SQLite")
	}
	if !strings.Contains(err.Error(), "replica") {
		t.Errorf("error %q does not name the replica", err)
	}
}

// TestReplica: a View marked luoshi.MayReadStale reads from the replica, every other read
// and every write from the primary; the replica's connections refuse writes. The "replica"
// here is a second schema with data of its own, so that the answer shows where it came from.
func TestReplica(t *testing.T) {
	ctx := t.Context()
	replicaDSN := pgtest.DSN(t)
	rep, err := store.Open(ctx, replicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	storetest.MustCreateRegion(t, rep, "110000")
	rep.Close()

	primaryDSN := pgtest.DSN(t)
	db, err := store.Open(ctx, primaryDSN, store.WithReplica(replicaDSN))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.MustCreateRegion(t, db, "220000")
	codes := func(ctx context.Context) string {
		var got []string
		err := db.View(ctx, func(tx luoshi.Tx) error {
			rs, err := tx.FindRegions(ctx)
			for _, r := range rs {
				got = append(got, r.Code)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(got, ",")
	}
	if got := codes(ctx); got != "220000" {
		t.Errorf("a plain View read %q, want the primary's 220000", got)
	}
	if got := codes(luoshi.MayReadStale(ctx)); got != "110000" {
		t.Errorf("a View that may read stale read %q, want the replica's 110000", got)
	}
	err = db.Update(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		return tx.CreateRegion(ctx, &luoshi.Region{Code: "330000", Name: "写", TZ: "Asia/Shanghai", CreatedAt: storetest.T0})
	})
	if err != nil {
		t.Fatalf("an Update under MayReadStale: %v", err)
	}
	if got := codes(ctx); got != "220000,330000" {
		t.Errorf("after the write the primary holds %q, want 220000,330000", got)
	}
	// A replica connection refuses writes even if one were attempted through it.
	raw, err := sql.Open("pgx", pgtest.WithParam(replicaDSN, "default_transaction_read_only", "on"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('x', 'y')`); err == nil ||
		!strings.Contains(err.Error(), "read-only") {
		t.Errorf("a write through a read-only connection: %v", err)
	}

	// A replica without luoshi's schema is refused at start.
	empty := pgtest.DSN(t)
	if db, err := store.Open(ctx, primaryDSN, store.WithReplica(empty)); err == nil {
		db.Close()
		t.Error("a replica without the schema was accepted")
	} else if !strings.Contains(err.Error(), "replica") {
		t.Errorf("error %q does not name the replica", err)
	}
}

// TestResetSequences: after rows were written with their ids given (a copy), new rows get
// ids after them.
func TestResetSequences(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			ctx := t.Context()
			dsn, raw := reopenable(t, d.name)
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			r := raw()
			defer r.Close()
			if _, err := r.ExecContext(ctx, `INSERT INTO regions (id, code, name, tz, created_at) VALUES (100, '110000', '京', 'Asia/Shanghai', 0)`); err != nil {
				t.Fatal(err)
			}
			if err := db.ResetSequences(ctx); err != nil {
				t.Fatal(err)
			}
			if got := storetest.MustCreateRegion(t, db, "120000"); got.ID != 101 {
				t.Errorf("the next region got id %d, want 101", got.ID)
			}
		})
	}
}

// TestReplicaDown: when the replica goes away while serving, the reads that would go to it go
// to the primary, and answer.
func TestReplicaDown(t *testing.T) {
	ctx := t.Context()
	dsn := pgtest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	px := startProxy(t, u.Host)
	u.Host = px.addr()
	db, err := store.Open(ctx, dsn, store.WithReplica(u.String()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.MustCreateRegion(t, db, "110000")
	read := func() error {
		return db.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
			rs, err := tx.FindRegions(ctx)
			if err == nil && len(rs) != 1 {
				err = fmt.Errorf("%d regions", len(rs))
			}
			return err
		})
	}
	if err := read(); err != nil {
		t.Fatalf("through the replica: %v", err)
	}
	if px.served() == 0 {
		t.Fatal("the read did not go through the replica")
	}
	px.close()
	start := time.Now()
	if err := read(); err != nil {
		t.Fatalf("with the replica down: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the fallback took %s", d)
	}
}

// proxy forwards TCP connections to a server until closed, when it drops them all.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
	n     int
	cut   []byte // see cutOn
}

// cutOn makes the proxy drop a connection, instead of forwarding, when what the client
// sends holds b (nil: never), as if the server went away as that statement reached it.
func (p *proxy) cutOn(b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = b
}

// forward copies what the client c sends to the server s, unless cutOn says otherwise.
func (p *proxy) forward(s, c net.Conn) {
	defer s.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := c.Read(buf)
		p.mu.Lock()
		cut := p.cut
		p.mu.Unlock()
		if cut != nil && bytes.Contains(buf[:n], cut) {
			c.Close()
			return
		}
		if _, werr := s.Write(buf[:n]); werr != nil || err != nil {
			return
		}
	}
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	return startProxyOn(t, "127.0.0.1:0", target)
}

// startProxyOn starts a proxy listening on addr (another proxy's, once that one is closed:
// the server "comes back" where the clients look for it).
func startProxyOn(t *testing.T, addr, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln}
	t.Cleanup(p.close)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns, p.n = append(p.conns, c, s), p.n+1
			p.mu.Unlock()
			go p.forward(s, c)
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) served() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

func (p *proxy) close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
