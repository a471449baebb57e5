package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// ErrSnapshotPostgres: a PostgreSQL database is backed up by PostgreSQL's own tools.
var ErrSnapshotPostgres = errors.New("a PostgreSQL database is backed up with pg_dump (or by the replicas and WAL archiving of docs/scaling.md), not by luoshi")

// Snapshot writes a consistent copy of a SQLite database into file, which must not exist.
// It is SQLite's VACUUM INTO: one read snapshot, compacted, so the server keeps writing while
// it runs and the copy holds no write-ahead log to carry along.
func (db *DB) Snapshot(ctx context.Context, file string) error {
	if db.dialect != DialectSQLite {
		return ErrSnapshotPostgres
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("snapshot: %s already exists", file)
	}
	// A connection of its own: the read pool is query_only, which refuses VACUUM INTO.
	conn, err := sql.Open("sqlite", SQLiteDSN(db.file, url.Values{"_pragma": {"busy_timeout(10000)"}}))
	if err != nil {
		return err
	}
	defer conn.Close()
	// The target as a URI too: the connection reads URIs, so a name starting "file:" would
	// be taken for one.
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, SQLiteDSN(file, nil)); err != nil {
		os.Remove(file)
		return fmt.Errorf("snapshot into %s: %w", file, err)
	}
	return nil
}

// Check is what a backup is checked for: SQLite's integrity check and the rows of each table.
type Check struct {
	Integrity string           // "ok", or what SQLite found
	Rows      map[string]int64 // table → rows
}

// CheckDatabase runs SQLite's integrity check (PostgreSQL: none) and counts every table's rows
// in one read snapshot.
func (db *DB) CheckDatabase(ctx context.Context) (*Check, error) {
	stx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer stx.Rollback()
	c := &Check{Integrity: "ok", Rows: map[string]int64{}}
	if db.dialect == DialectSQLite {
		found, err := queryStrings(ctx, stx, `PRAGMA integrity_check`)
		if err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		c.Integrity = strings.Join(found, "; ")
	}
	tables, err := sourceTables(ctx, stx, db.dialect)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		var n int64
		if err := stx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		c.Rows[t] = n
	}
	return c, nil
}
