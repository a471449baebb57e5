// Package store is the one SQL implementation of luoshi's store interfaces. SQLite (through
// the pure-Go modernc.org/sqlite) is the default; PostgreSQL (through pgx's database/sql
// driver) serves large deployments. The SQL is written once with $N placeholders and times as
// unix milliseconds, so that both share it; what differs (opening, transactions, migrations)
// is in dialect.go and postgres.go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"luoshi/internal/luoshi"

	"modernc.org/sqlite" // the "sqlite" database/sql driver
)

//go:embed migrations
var migrations embed.FS

// DB is an open luoshi database. On SQLite, writes go through one connection (SQLite admits
// one writer; serialising in Go avoids "database is locked" reaching a user) and reads through
// a pool of read-only connections. On PostgreSQL both are pools (see postgres.go), and an
// optional replica pool serves the reads that may lag (luoshi.MayReadStale).
type DB struct {
	w, r    *sql.DB
	replica *sql.DB
	dialect string
	file    string // SQLite: the database file
	walName string // SQLite: its name as the writer's connection opened it (walvfs.go)
	guard   *guard // SQLite: watches the file for removal, a full disk, a read-only one
	// auditHook receives the audit trail's new head after each commit that appended to it,
	// through marks (group.go).
	auditHook func(luoshi.AuditMark)
	marks     marks
	// The writer goroutine's queue and its end (group.go).
	writes     chan *writeReq
	closing    chan struct{}
	writerDone chan struct{}
	closeOnce  sync.Once
	queueMu    sync.RWMutex // closed, and the queueing that must not follow it
	closed     bool
	groupTime  time.Duration // maxGroupTime or maxGroupTimeSQLite; tests lengthen it
	stmts      *stmtCache    // SQLite: the writer's prepared statements
	ckpt       *checkpointer // SQLite: copies the log into the database file (checkpoint.go)
	org        *orgCache     // SQLite: what the writer keeps of the organisation (orgcache.go)
	rstmts     *stmtCache    // SQLite: the readers'.
	commits    atomic.Int64  // groups committed
	committed  atomic.Int64  // Updates they held
	groups     groupStats    // their sizes and times (GroupStats)
	version    atomic.Int64  // SQLite: the data version (version.go)
	versions   versionReads  // PostgreSQL: concurrent reads of the data version, gathered (version.go)
	trips      *tripCounter  // PostgreSQL: the write pool's statements
	ids        pgIDs         // PostgreSQL: ids drawn ahead for the writer's queued INSERTs
	idsConn    any           // the physical connection they were drawn on (beginGroup)
	statsDone  chan struct{} // PostgreSQL: the statistics keeper's end (pgstats.go)
}

// OnAuditCommit sets fn to receive the audit trail's head after every committed
// transaction that appended audit records (the head file's writer); call it while wiring.
// fn runs on a goroutine of the store's, one call at a time, with the newest head when
// several groups committed while the last call ran; Close waits for the last call.
func (db *DB) OnAuditCommit(fn func(luoshi.AuditMark)) { db.auditHook = fn }

var _ luoshi.Store = (*DB)(nil)

// Option changes how Open opens a database.
type Option func(*options)

type options struct {
	replica   string
	mustExist bool
	noMigrate bool
}

// MustExist refuses to create a SQLite database: the file must be there and hold a luoshi
// database (one that has migrations), so that a server started where a database is expected
// does not begin a new, empty one beside the lost one. PostgreSQL databases are created
// by the operator anyway (createdb), so it changes nothing there.
func MustExist() Option { return func(o *options) { o.mustExist = true } }

// WithoutMigrating opens the database as it is, applying no migration and creating no
// table: for DB.Pending (luoshi migrate --dry-run). With MustExist a missing SQLite file is
// refused rather than created.
func WithoutMigrating() Option { return func(o *options) { o.noMigrate = true } }

// WithReplica names a read-only replica (a PostgreSQL hot standby) that Views marked with
// luoshi.MayReadStale read from: lists and dashboards. Empty means none.
func WithReplica(dsn string) Option { return func(o *options) { o.replica = dsn } }

// Open opens the database named by a URL-like DSN ("sqlite:path/to/file.db",
// "postgres://user@host/db") and applies pending migrations (unless WithoutMigrating). A
// database whose schema is newer than the binary's is refused (store.schema_newer).
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	scheme, rest, ok := strings.Cut(dsn, ":")
	if !ok {
		return nil, fmt.Errorf("database %q: want sqlite:FILE or postgres://…", dsn)
	}
	switch scheme {
	case "sqlite":
		if o.replica != "" {
			return nil, errors.New("a read replica needs PostgreSQL; SQLite has one file")
		}
		return openSQLite(ctx, rest, o)
	case "postgres", "postgresql":
		return openPostgres(ctx, dsn, o)
	default:
		return nil, fmt.Errorf("database %q: unsupported scheme %q (want sqlite:FILE or postgres://…)", redact(dsn), scheme)
	}
}

// Dialect names the database behind db: DialectSQLite or DialectPostgres.
func (db *DB) Dialect() string { return db.dialect }

// syncData makes SQLite sync its files with fdatasync(2) rather than fsync(2) where the
// platform has it (Linux), as SQLite's own builds for Linux do: a commit's sync then writes
// the log's data and what is needed to read it back (its size), not its timestamps, which
// on a journaling file system cost a journal commit of their own. Durability is the same.
var syncData = sync.OnceFunc(func() { sqlite.Fdatasync(true) })

func openSQLite(ctx context.Context, file string, o options) (*DB, error) {
	syncData()
	mustExist := o.mustExist
	if file == "" {
		return nil, errors.New("sqlite: empty file name")
	}
	exists, err := fileExists(file)
	switch {
	case err != nil:
		return nil, err
	case !exists && mustExist:
		return nil, luoshi.Errorf(luoshi.EUNAVAILABLE, "store.missing", file)
	case exists && (readOnly(file) || readOnly(filepath.Dir(file))):
		return nil, fmt.Errorf("database %s: %w", file, unavailable(KeyReadOnly))
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	if !exists {
		// A write-ahead log without its database is what a removed database leaves: a new
		// file beside it would take its pages.
		if left, _ := fileExists(file + "-wal"); left {
			return nil, luoshi.Errorf(luoshi.EUNAVAILABLE, "store.wal_left", file, file+"-wal")
		}
		if err := createSQLite(ctx, file, q); err != nil {
			return nil, fmt.Errorf("create database %s: %w", file, err)
		}
	}
	// From here on no connection may create the file: one opened after the file was
	// removed would begin an empty database under its name.
	q.Set("mode", "rw")
	q.Set("_txlock", "immediate")
	// The writer's savepoints keep their undo pages in memory, not in a temporary file
	// written for every member of a group.
	// Its own automatic checkpoint is only the checkpointer's backstop (checkpoint.go).
	// Its log writes are gathered into one write a commit (walvfs.go).
	wdsn := SQLiteDSN(file, q) + "&_pragma=temp_store%28MEMORY%29&_pragma=" + url.QueryEscape(walAutocheckpoint())
	if err := registerWALVFS(); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", wdsn+"&vfs="+walVFSName)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	// The database file's name as SQLite opened it through walVFS (restartLog).
	var seq int
	var schema, walName string
	if err := w.QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &schema, &walName); err != nil {
		w.Close()
		return nil, err
	}
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(1)")
	// Each reader's page cache is half SQLite's default (1,000 KiB as SQLite counts it, ~2 MB
	// resident): with four readers the sixteen-client list took no more CPU per request than
	// with 2,000 KiB, and the server stays under its memory budget (docs/performance.md,
	// "Memory"). The writer keeps the default.
	q.Add("_pragma", "cache_size("+strconv.Itoa(-readerCacheKiB)+")")
	r, err := sql.Open("sqlite", SQLiteDSN(file, q))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(readConns)
	// Idle connections stay open, all of them: database/sql keeps two by default and closes
	// the others as soon as they are idle, so that under a dozen concurrent reads every
	// other read opened a connection with a cold page cache, read its pages again with
	// pread, prepared its statements again and freed it all on close — three quarters of a
	// list's CPU at concurrency 16 (docs/performance.md).
	r.SetMaxIdleConns(readConns)
	db := &DB{w: w, r: r, dialect: DialectSQLite, file: file, walName: walName, stmts: newStmtCache(w), rstmts: newStmtCache(r),
		org: newOrgCache()}
	if err := db.startCheckpointer(); err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	db.startWriter()
	if err := db.openedSQLite(ctx, o); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// readConns is the size of SQLite's read pool: two connections a core, at least four and
// at most eight. Each holds its page cache (readerCacheKiB as SQLite counts it, about twice
// that resident: the driver's allocator gives each ~4.4 KB page an 8 KB slot), its schema and
// prepared statements, off the Go heap. On two cores eight readers took the server past
// 150 MB resident; four keep it under, at 10–40% more CPU for sixteen concurrent lists
// in-process (docs/performance.md, "Memory").
var readConns = readPoolSize(runtime.GOMAXPROCS(0))

func readPoolSize(cores int) int { return min(max(2*cores, 4), 8) }

// readerCacheKiB is each reader's page cache (PRAGMA cache_size, negative: KiB).
const readerCacheKiB = 1000

// SQLiteDSN is the sqlite driver's name for the database file with the parameters q: a
// "file:" URI, so that SQLite applies mode=rw, with the path escaped so that any file name
// opens that file. SQLite ends a URI's path at "?" or "#", decodes "%HH" in it and reads a
// leading "//" as an authority; the driver takes its parameters from the first "?".
func SQLiteDSN(file string, q url.Values) string {
	var b strings.Builder
	b.WriteString("file:")
	for i := 0; i < len(file); i++ {
		if c := file[i]; c == '%' || c == '?' || c == '#' || c == '/' && i == 1 && file[0] == '/' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	if len(q) > 0 {
		b.WriteString("?")
		b.WriteString(q.Encode())
	}
	return b.String()
}

// createSQLite creates a new database file (in WAL mode, so that the pools find it so).
func createSQLite(ctx context.Context, file string, q url.Values) error {
	c, err := sql.Open("sqlite", SQLiteDSN(file, q))
	if err != nil {
		return err
	}
	defer c.Close()
	return c.PingContext(ctx)
}

// openedSQLite checks an opened file, migrates it and starts watching it.
func (db *DB) openedSQLite(ctx context.Context, o options) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("database %s: %w", db.file, db.keep(err))
	}
	if o.mustExist {
		var n int
		err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'`).Scan(&n)
		if err != nil {
			return fmt.Errorf("database %s: %w", db.file, err)
		}
		if n == 0 {
			return luoshi.Errorf(luoshi.EUNAVAILABLE, "store.not_luoshi", db.file)
		}
	}
	if !o.noMigrate {
		if err := db.migrate(ctx); err != nil {
			return fmt.Errorf("database %s: %w", db.file, db.keep(err))
		}
	}
	g, err := newGuard(db.file)
	if err != nil {
		return err
	}
	db.guard = g
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	db.stopWriter()
	ckptErr := db.stopCheckpointer()
	if db.statsDone != nil {
		<-db.statsDone
	}
	db.marks.wait()
	errs := []error{ckptErr}
	if db.guard != nil {
		db.guard.close()
	}
	if db.replica != nil {
		errs = append(errs, db.replica.Close())
	}
	if db.r != db.w {
		errs = append(errs, db.r.Close())
	}
	return errors.Join(append(errs, db.w.Close())...)
}

// Update runs fn in one write transaction. Writes are serialised on both databases: SQLite
// has one writer connection, PostgreSQL takes a transaction-level advisory lock first. The
// store's writer runs concurrent Updates in one transaction, each in a savepoint of its own
// (group.go): fn's error rolls back fn's writes only, and Update returns once the commit
// holding fn's writes is durable.
//
// A write is acknowledged only if it is kept: on SQLite, none is tried once the file was
// removed or replaced, and one that committed into a file removed meanwhile is refused
// after the fact; a full or read-only disk (on either database) is an EUNAVAILABLE error
// whose key names the cause.
func (db *DB) Update(ctx context.Context, fn func(luoshi.Tx) error) error {
	if db.guard != nil && db.guard.removed.Load() {
		return unavailable(KeyRemoved)
	}
	return db.keep(db.submit(ctx, fn))
}

// View runs fn in one read-only transaction on a consistent snapshot: from the replica when
// there is one and ctx allows a lagging answer (luoshi.MayReadStale), else from the primary.
// A replica that cannot start a transaction (down, restarting), that is lost while fn reads,
// or that cancels fn's reads because replaying the primary's changes conflicts with them, is
// passed over for the primary — fn runs again there — so that dashboards stay up.
func (db *DB) View(ctx context.Context, fn func(luoshi.Tx) error) error {
	if db.replica != nil && luoshi.ReadsStale(ctx) {
		if stx, err := db.begin(ctx, db.replica, true); err == nil {
			err = db.runTx(stx, true, nil, fn)
			if err == nil || ctx.Err() != nil || (db.cause(err) != KeyUnreachable && !recoveryConflict(err)) {
				return db.keep(err)
			}
		}
	}
	err := db.run(ctx, db.r, true, db.rstmts, fn)
	db.rstmts.prepare() // the transaction has given its connection back
	return db.keep(err)
}

// ViewOne runs fn, a read of one statement, as View does but, on PostgreSQL's primary, in no
// transaction: one statement is one snapshot by itself, so it needs no BEGIN and ROLLBACK —
// two round trips of an item's detail's four (docs/performance.md, "Details on PostgreSQL at
// the province"). fn must make exactly one statement (a second one panics: it would read
// another moment). A read that may come from a replica, and any read on SQLite, is View's.
func (db *DB) ViewOne(ctx context.Context, fn func(luoshi.Tx) error) error {
	if db.dialect != DialectPostgres || (db.replica != nil && luoshi.ReadsStale(ctx)) {
		return db.View(ctx, fn)
	}
	t := &tx{tx: &sqlTx{one: &oneRead{pool: db.r}}, dialect: db.dialect, version: &db.version}
	return db.keep(fn(t))
}

// recoveryConflict reports whether a hot standby cancelled a read (or ended its session)
// because replaying the primary's WAL conflicted with it: SQLSTATE 40001, "conflict with
// recovery", once max_standby_streaming_delay has passed. A read-only transaction on a
// standby meets 40001 for no other reason.
func recoveryConflict(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "40001"
}

func (db *DB) run(ctx context.Context, pool *sql.DB, ro bool, cache *stmtCache, fn func(luoshi.Tx) error) error {
	stx, err := db.begin(ctx, pool, ro)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	return db.runTx(stx, ro, cache, fn)
}

// runTx runs fn in a started transaction, then commits it (a write) or rolls it back; its
// statements are prepared from cache where it has them.
func (db *DB) runTx(stx *sql.Tx, ro bool, cache *stmtCache, fn func(luoshi.Tx) error) error {
	defer stx.Rollback() // frees the connection if fn panics; a no-op after Commit
	t := &tx{tx: &sqlTx{Tx: stx, cache: cache}, dialect: db.dialect, version: &db.version}
	if err := fn(t); err != nil {
		stx.Rollback()
		return err
	}
	if ro {
		return stx.Rollback()
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if t.auditMark != nil && db.auditHook != nil {
		db.auditHook(*t.auditMark)
	}
	return nil
}

// tx implements luoshi.Tx over one SQL transaction.
type tx struct {
	tx      *sqlTx
	dialect string
	// auditMark is the last audit record this transaction appended, for the head hook.
	auditMark *luoshi.AuditMark
	// version is the store's in-process data version (SQLite), read by DataVersion.
	version *atomic.Int64
	// head is the audit chain's head of the write group the transaction is a member of.
	head *groupHead
	// numbers are the item numbers drawn in the SQLite write group the transaction is a
	// member of (item.go); nil elsewhere.
	numbers *groupNumbers
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// notFound turns no row into an ENOTFOUND error whose message is the key's.
func notFound(key string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return luoshi.Errorf(luoshi.ENOTFOUND, key)
	}
	return err
}
