// Package store is the one SQL implementation of luoshi's store interfaces. SQLite (through
// the pure-Go modernc.org/sqlite) is the default; the SQL is written once with $N placeholders
// and times as unix milliseconds so that PostgreSQL can share it through a small dialect.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

//go:embed migrations
var migrations embed.FS

// DB is an open luoshi database. On SQLite, writes go through one connection (SQLite admits
// one writer; serialising in Go avoids "database is locked" reaching a user) and reads through
// a pool of read-only connections.
type DB struct {
	w, r    *sql.DB
	dialect string
}

var _ luoshi.Store = (*DB)(nil)

// Open opens the database named by a URL-like DSN ("sqlite:path/to/file.db") and applies
// pending migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	scheme, rest, ok := strings.Cut(dsn, ":")
	if !ok {
		return nil, fmt.Errorf("database %q: want sqlite:FILE", dsn)
	}
	switch scheme {
	case "sqlite":
		return openSQLite(ctx, rest)
	default:
		return nil, fmt.Errorf("database %q: unsupported scheme %q (want sqlite:FILE)", dsn, scheme)
	}
}

func openSQLite(ctx context.Context, file string) (*DB, error) {
	if file == "" {
		return nil, errors.New("sqlite: empty file name")
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	w, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(1)")
	r, err := sql.Open("sqlite", "file:"+file+"?"+q.Encode())
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	db := &DB{w: w, r: r, dialect: "sqlite"}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// Update runs fn in one write transaction.
func (db *DB) Update(ctx context.Context, fn func(luoshi.Tx) error) error {
	return db.run(ctx, db.w, false, fn)
}

// View runs fn in one read-only transaction.
func (db *DB) View(ctx context.Context, fn func(luoshi.Tx) error) error {
	return db.run(ctx, db.r, true, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, ro bool, fn func(luoshi.Tx) error) error {
	stx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer stx.Rollback() // frees the connection if fn panics; a no-op after Commit
	t := &tx{tx: stx, dialect: db.dialect}
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
	return nil
}

// Migrations lists the migration files of a dialect, sorted by number.
func Migrations(dialect string) ([]string, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+dialect)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := Migrations(db.dialect)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		num, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: bad file name %s", name)
		}
		if err := db.apply(ctx, num, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, num int, name string) error {
	body, err := fs.ReadFile(migrations, path.Join("migrations", db.dialect, name))
	if err != nil {
		return err
	}
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer stx.Rollback()
	var n int
	if err := stx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, num).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := stx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := stx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
		num, time.Now().UnixMilli()); err != nil {
		return err
	}
	return stx.Commit()
}

// tx implements luoshi.Tx over one SQL transaction.
type tx struct {
	tx      *sql.Tx
	dialect string
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func notFound(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return luoshi.Errorf(luoshi.ENOTFOUND, "%s不存在", what)
	}
	return err
}
