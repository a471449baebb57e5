package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

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

var (
	_ luoshi.DataVersioner = (*DB)(nil)
	_ luoshi.ItemStamper   = (*DB)(nil)
)

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
	n, err := db.versions.read(ctx, db.r)
	return n, db.keep(err)
}

// versionReads gathers concurrent reads of the data version from the primary into one query
// (PostgreSQL). A read joins the query that has not yet been sent, never one already on its
// way: the query it gets its answer from began after it was asked for, so it sees every write
// committed before that — a client that wrote and then reads finds its write's version. One
// query is out at a time; those asked for meanwhile go together in the next. With sixteen
// concurrent item reads, most answered from memory, the query per read was a third of a
// read's CPU and one of PostgreSQL's round trips (docs/performance.md, "One version read for
// many").
type versionReads struct {
	mu      sync.Mutex
	next    *versionRead // gathering: sent once the query out now is back
	running bool         // a query is out
	queries atomic.Int64 // queries sent (tests)
}

type versionRead struct {
	done chan struct{}
	n    int64
	err  error
}

// versionTimeout bounds a gathered query, which no one reader's context ends.
const versionTimeout = 10 * time.Second

func (v *versionReads) read(ctx context.Context, pool *sql.DB) (int64, error) {
	v.mu.Lock()
	c := v.next
	if c == nil {
		c = &versionRead{done: make(chan struct{})}
		v.next = c
	}
	if !v.running {
		v.running, v.next = true, nil
		go v.send(pool, c)
	}
	v.mu.Unlock()
	select {
	case <-c.done:
		return c.n, c.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// send runs c's query, then the next gathered while it was out, until none is waiting.
func (v *versionReads) send(pool *sql.DB, c *versionRead) {
	for c != nil {
		ctx, cancel := context.WithTimeout(context.Background(), versionTimeout)
		c.n, c.err = queryVersion(ctx, pool)
		cancel()
		v.queries.Add(1)
		close(c.done)
		v.mu.Lock()
		c, v.next = v.next, nil
		v.running = c != nil
		v.mu.Unlock()
	}
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

// An item's stamp (luoshi.ItemStamper). On PostgreSQL it is read from the rows an item's
// detail and timeline are read from, so that a write to other items — the scheduler's
// passes, another region's reports — leaves the item's kept answers kept:
//
//   - the item's and its sub-items' rows, each as its id and xmin (the transaction that wrote
//     that version of the row): every UPDATE, of any process or tool, writes a new version of
//     the row with its own transaction's id, an INSERT (a new sub-item, a copy) a new row, and a
//     sub-item moved to another parent leaves the list. Two committed versions of a row never
//     share an xmin (transaction ids are not reused before the 2^32 that wraparound takes);
//   - the newest event's seq: the timeline is appended to only — the store has no statement
//     that updates or deletes an event (TestItemStampInvariants), and a new event takes the
//     next seq — and the names it shows are users' names, which the store never changes.
//
// The detail depends on nothing else of the database (service.view: the item, its
// sub-items, the policy, the reader and the clock, each of which the cache checks itself),
// nor does the timeline (the item's row for whether the reader may see it, the events and
// their actors' names). A stamp is read before the answer's read and compared on the next
// request, as the data version is (service.versionBefore).
//
// SQLite: the stamp is the data version, an atomic load (one process, no round trip to
// save, and the writer does not know which items a group touched).
const selectItemStamp = `SELECT (` + selectDataVersion + `), COALESCE((SELECT string_agg(f.id::text || ':' || f.x, ',' ORDER BY f.k, f.id)
		FROM (SELECT 0 AS k, id, xmin::text AS x FROM items WHERE id = $1
			UNION ALL SELECT 1, id, xmin::text FROM items WHERE parent_id = $1) f), '')
	|| '/' || COALESCE((SELECT max(seq) FROM events WHERE item_id = $1), 0)::text`

// ItemStamp is the data version and the stamp of item id's detail and timeline, read
// together (one statement, one round trip), from the primary.
func (db *DB) ItemStamp(ctx context.Context, id int64) (int64, string, error) {
	if db.dialect != DialectPostgres {
		v := db.version.Load()
		return v, strconv.FormatInt(v, 10), nil
	}
	var v int64
	var s string
	if err := db.r.QueryRowContext(ctx, selectItemStamp, id).Scan(&v, &s); err != nil {
		return 0, "", db.keep(fmt.Errorf("item stamp: %w", err))
	}
	return v, s, nil
}
