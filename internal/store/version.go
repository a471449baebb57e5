package store

import (
	"context"
	"database/sql"
	"fmt"

	"luoshi/internal/luoshi"
)

// The data version (luoshi.DataVersioner): a number that changes whenever a committed write
// could change what a read answers, so that answers kept in memory are kept under it.
//
// SQLite: one process owns the file and every write goes through its writer, which adds one
// to an in-process counter after each group's commit has returned and before it answers the
// group's members. A reader that takes the old number and then sees the new data keeps a
// newer answer under an older number (harmless: that number is already gone); the reverse —
// a new number over old data — cannot happen, and a writer that has its answer reads the
// new number.
//
// PostgreSQL: several processes may share the database, so the number is the one row of
// data_version (migration 0017), which the writer adds one to inside each group's
// transaction: it commits with the data, atomically. A read takes it as the first statement
// of its REPEATABLE READ snapshot, so the number and the data are of the same moment; from a
// replica, of the replica's moment.
//
// A group whose every kept member was marked luoshi.ChangesNoAnswers (a session's last-seen
// time) changes nothing.

var _ luoshi.DataVersioner = (*DB)(nil)

const selectDataVersion = `SELECT n FROM data_version WHERE id = 1`

// DataVersion is the current data version: from the replica when there is one and ctx
// allows a lagging answer (luoshi.MayReadStale), else from the primary.
func (db *DB) DataVersion(ctx context.Context) (int64, error) {
	if db.dialect != DialectPostgres {
		return db.version.Load(), nil
	}
	if db.replica != nil && luoshi.ReadsStale(ctx) {
		if n, err := queryVersion(ctx, db.replica); err == nil {
			return n, nil
		}
	}
	n, err := queryVersion(ctx, db.r)
	return n, db.keep(err)
}

func queryVersion(ctx context.Context, pool *sql.DB) (int64, error) {
	var n int64
	if err := pool.QueryRowContext(ctx, selectDataVersion).Scan(&n); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return n, nil
}

// DataVersion is the data version of the transaction's snapshot; call it before reading
// what an answer kept under it depends on (on SQLite, before the first read: the snapshot
// starts there).
func (t *tx) DataVersion(ctx context.Context) (int64, error) {
	if t.dialect != DialectPostgres {
		return t.version.Load(), nil
	}
	var n int64
	if err := t.tx.QueryRowContext(ctx, selectDataVersion).Scan(&n); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return n, nil
}

// changesAnswers reports whether a group with these kept members changes the data version.
func changesAnswers(kept []*writeReq) bool {
	for _, k := range kept {
		if !luoshi.AnswersUnchanged(k.ctx) {
			return true
		}
	}
	return false
}

// bumpVersion adds one to PostgreSQL's data version, inside a group's transaction (member).
const bumpVersion = `UPDATE data_version SET n = n + 1 WHERE id = 1`
