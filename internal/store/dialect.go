package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
)

// The dialects: what DB.Dialect answers, and the directory of each one's migrations.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// writeLockKey is the PostgreSQL advisory lock every write transaction takes first, so that
// writes are serialised across every luoshi process sharing the database, as SQLite's one
// writer serialises them. The audit trail's single chain head serialises audited writes in
// any case; taking the lock before the first read also keeps read-then-write rules (login
// counters, second-factor replay) free of lost updates. ("luoshi" in ASCII.)
const writeLockKey int64 = 0x6c756f736869

// begin starts a transaction in the dialect's way. On PostgreSQL a read is a REPEATABLE READ
// READ ONLY transaction (one snapshot for the whole View, as SQLite's read transactions
// give), and a write a READ COMMITTED one holding the write lock.
func (db *DB) begin(ctx context.Context, pool *sql.DB, ro bool) (*sql.Tx, error) {
	if db.dialect != DialectPostgres {
		return pool.BeginTx(ctx, nil)
	}
	if ro {
		return pool.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	stx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if _, err := stx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLockKey); err != nil {
		stx.Rollback()
		return nil, fmt.Errorf("write lock: %w", err)
	}
	return stx, nil
}

// beginGroup starts a write group's transaction. On PostgreSQL the group keeps its
// connection, whose statements wait in a pipeline (pgpipe.go), and has no *sql.Tx: its BEGIN
// and the write lock are not sent here but queued, to go to the server with the first
// member's statements (and its COMMIT with the last member's: DB.group).
func (db *DB) beginGroup() (*sql.Tx, *pgPipe, error) {
	bg := context.Background()
	if db.dialect != DialectPostgres {
		stx, err := db.begin(bg, db.w, false)
		return stx, nil, err
	}
	conn, err := db.w.Conn(bg)
	if err != nil {
		return nil, nil, err
	}
	// Ids drawn ahead are the server's promise only as far as its log went: drawn in a group
	// that did not commit, on a primary that then failed over (or crashed before its log was
	// flushed), they come again from the new primary's sequence — a duplicate key for the
	// second writer of each. Drawn on another physical connection, they are dropped.
	var phys any
	if err := conn.Raw(func(dc any) error { phys = dc; return nil }); err != nil {
		conn.Close()
		return nil, nil, err
	}
	if phys != db.idsConn {
		clear(db.ids)
		db.idsConn = phys
	}
	p := &pgPipe{conn: conn, ids: db.ids}
	p.add(`BEGIN`, nil, nil)
	p.add(fmt.Sprintf(`SELECT pg_advisory_xact_lock(%d)`, writeLockKey), nil, nil)
	return nil, p, nil
}

// createMigrationsTable creates the table of applied migrations, under the write lock so
// that two processes starting at once do not race to create it.
func (db *DB) createMigrationsTable(ctx context.Context) error {
	stx, err := db.begin(ctx, db.w, false)
	if err != nil {
		return err
	}
	defer stx.Rollback()
	if _, err := stx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return err
	}
	return stx.Commit()
}

// redact hides the password of a URL-form DSN for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		if i := strings.Index(dsn, "password="); i >= 0 {
			return dsn[:i] + "password=xxxxx"
		}
		return dsn
	}
	return u.Redacted()
}
