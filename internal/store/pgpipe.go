package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"database/sql/driver"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// The write group's pipeline on PostgreSQL. Every statement the one writer sends is a round
// trip, and the writer waits through each: at a few hundred microseconds a trip on a loaded
// machine, a report's six trips were most of its cost (docs/performance.md, "PostgreSQL write
// throughput"). So the writer does not send a statement whose result nothing waits for — a
// savepoint, the data version's move, an event's, audit record's, notice's or item's INSERT,
// a reminder sync, inbox and outbox rows — when it is made: it waits in the pipe, and goes to
// the server with the next statement whose result is needed, or at the end of the member, all
// in one pgx batch (one round trip, the extended protocol pipelined). What a queued statement
// answers (a new row's id) is handed to its function when it is sent; a refusal found there
// (a seq taken: the item moved on meanwhile) is the member's answer, as if the statement had
// been sent at once: the member is rolled back to its savepoint. What a member queues after
// its last round trip is not sent when it ends: it goes with the next member's first round
// trip (or, for the group's last member, with the COMMIT: a PostgreSQL group has no *sql.Tx, its
// BEGIN goes with the first batch). A refusal found there is still
// the ended member's answer: every queued statement that can refuse fails with an error when
// it does (an audit INSERT over a moved head, UpdateItemOrRefuse's stale version), so the
// server skips what follows it in the batch; the ended member alone is rolled back to its
// savepoint (ROLLBACK TO is sent alone: an aborted transaction prepares nothing else),
// answered and dropped from the group, and the running member's statements and read are
// sent again, in the savepoint rolled back to (refusedLate, group.go). At most one ended
// member waits so: a member that ends having sent nothing sends what the one before it
// left. A statement whose refusal its caller must see at once (UpdateItem's stale version)
// is sent at once, with what waits.
//
// Only the store's own PostgreSQL paths queue statements (pipeLater, pipeInsert, pipeExec) or
// send them with what waits (pipeQuery, pipeQueryRow); any other statement of the group's
// transaction sends what waits first (sqlTx), so that the order of statements is the order
// the code made them.

// pgPipe is a write group's statements waiting to be sent, on the group's connection.
type pgPipe struct {
	conn  *sql.Conn
	ids   pgIDs // the store's, kept from group to group
	queue []pipeStmt
	sends int   // batches sent: a member whose statements were never sent needs no rollback
	err   error // the first refusal or failure of a queued statement: the member's answer
	fatal error // a savepoint statement failed: the group's transaction cannot go on
	// ended is how many statements at the queue's head an ended member left (and those that
	// waited before them); own is where the running member's statements begin, after the
	// savepoint's. late rolls the ended member back when one of its statements is refused,
	// and answers what the running member must send again before its own (refusedLate).
	ended, own int
	late       func(error) []pipeStmt
}

// pipeStmt is one statement waiting, with what to do with its result once sent (nil: nothing,
// and a failure is the group's, as for the savepoints' statements).
type pipeStmt struct {
	q    string
	args []any
	done func(rowsScanner, error) error
}

// rowsScanner is what the store's scanning reads: *sql.Rows, or a pipeline's buffered rows.
type rowsScanner interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// add queues a statement.
func (p *pgPipe) add(q string, args []any, done func(rowsScanner, error) error) {
	p.queue = append(p.queue, pipeStmt{q: q, args: args, done: done})
}

// flush sends what waits, if anything; the error is the first of its statements' answers
// (or of those sent before, not yet taken by the member).
func (p *pgPipe) flush() error {
	if p == nil {
		return nil
	}
	if len(p.queue) > 0 {
		p.send(nil)
	}
	return p.failed()
}

func (p *pgPipe) failed() error {
	if p.fatal != nil {
		return p.fatal
	}
	return p.err
}

// send sends the queue and, after it, q (if not empty) in one batch, and returns q's rows.
func (p *pgPipe) send(last *pipeStmt) (rowsScanner, error) {
	stmts := p.queue
	ended, own := p.ended, min(p.own, len(stmts))
	p.queue, p.ended, p.own = nil, 0, 0
	if last != nil {
		stmts = append(stmts, *last)
	}
	p.sends++
	results := make([]*bufRows, len(stmts))
	errs := make([]error, len(stmts))
	err := p.conn.Raw(func(dc any) error {
		c := dc.(*stdlib.Conn).Conn()
		b := &pgx.Batch{}
		for _, s := range stmts {
			b.Queue(s.q, s.args...)
		}
		br := c.SendBatch(context.Background(), b)
		for i := range stmts {
			results[i], errs[i] = buffer(c.TypeMap(), br)
		}
		return br.Close()
	})
	if err != nil && connectionLost(err) {
		// No statement's answer to hand on: the group's transaction is gone with its
		// connection (or, if this batch held its COMMIT, may have been committed: DB.group).
		if p.fatal == nil {
			p.fatal = fmt.Errorf("connection lost: %w", err)
		}
		return nil, p.fatal
	}
	if err != nil && errors.Join(errs...) == nil {
		errs[len(errs)-1] = err // the connection's, not a statement's
	}
	var rows rowsScanner
	var rerr, late error // late: the ended member's refusal
	for i, s := range stmts {
		switch {
		case i >= ended && late != nil:
			// Skipped by the server after the ended member's refusal: sent again below.
		case last != nil && i == len(stmts)-1:
			rows, rerr = results[i], errs[i]
		case s.done == nil:
			if errs[i] != nil && p.fatal == nil {
				p.fatal = fmt.Errorf("%s: %w", s.q, errs[i])
			}
		default:
			e := s.done(results[i], errs[i])
			switch {
			case e == nil:
			case i < ended:
				if late == nil {
					late = e
				}
			case p.err == nil:
				p.err = e
			}
		}
	}
	if late != nil && p.fatal == nil {
		again := p.late(late)
		if p.fatal != nil {
			return nil, p.fatal
		}
		mine := stmts[own:]
		if last != nil {
			mine = mine[:len(mine)-1]
		}
		p.queue, p.own = append(again, mine...), len(again)
		return p.send(last)
	}
	if f := p.failed(); f != nil {
		return nil, f // what the batch ran after a failure was skipped (or ran on a refused member)
	}
	return rows, rerr
}

// buffer reads one statement's result of a batch into memory.
func buffer(tm *pgtype.Map, br pgx.BatchResults) (*bufRows, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// pgconn reuses the descriptions' memory for the next result: copied.
	b := &bufRows{tm: tm, fields: slices.Clone(rows.FieldDescriptions()), i: -1}
	for rows.Next() {
		raw := rows.RawValues()
		vals := make([][]byte, len(raw))
		for j, v := range raw {
			if v != nil {
				vals[j] = append([]byte{}, v...)
			}
		}
		b.rows = append(b.rows, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.tag = rows.CommandTag()
	return b, nil
}

// bufRows is one statement's rows, read from a batch and scanned afterwards.
type bufRows struct {
	tm     *pgtype.Map
	fields []pgconn.FieldDescription
	rows   [][][]byte
	i      int
	tag    pgconn.CommandTag
}

func (b *bufRows) Next() bool   { b.i++; return b.i < len(b.rows) }
func (b *bufRows) Err() error   { return nil }
func (b *bufRows) Close() error { return nil }
func (b *bufRows) Scan(dest ...any) error {
	if b.i < 0 || b.i >= len(b.rows) {
		return errors.New("store: scan without a row")
	}
	return pgx.ScanRow(b.tm, b.fields, b.rows[b.i], dest...)
}

// pipeRow is QueryRow's answer from a pipeline: its first row, or sql.ErrNoRows.
type pipeRow struct {
	rows rowsScanner
	err  error
}

func (r pipeRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	return r.rows.Scan(dest...)
}

// pipeQuery runs q now: in a PostgreSQL write group, in one round trip with what waits;
// else as any statement of the transaction.
func (t *tx) pipeQuery(ctx context.Context, q string, args ...any) (rowsScanner, error) {
	if p := t.tx.pipe; p != nil {
		return p.send(&pipeStmt{q: q, args: args})
	}
	return t.query(ctx, q, args...)
}

// pipeQueryRow is pipeQuery's first row.
func (t *tx) pipeQueryRow(ctx context.Context, q string, args ...any) interface{ Scan(...any) error } {
	if t.tx.pipe == nil {
		return t.queryRow(ctx, q, args...)
	}
	rows, err := t.pipeQuery(ctx, q, args...)
	return pipeRow{rows: rows, err: err}
}

// pipeLater queues q in a PostgreSQL write group, to be sent with the next statement whose
// answer is needed or at the member's end, and hands its first row (sql.ErrNoRows if none,
// or the statement's error) to done then; elsewhere it runs q now and answers done's error.
// done must not use the transaction.
func (t *tx) pipeLater(ctx context.Context, q string, args []any, done func(row interface{ Scan(...any) error }) error) error {
	if p := t.tx.pipe; p != nil {
		p.add(q, args, func(rows rowsScanner, err error) error { return done(pipeRow{rows: rows, err: err}) })
		return p.failed()
	}
	return done(t.queryRow(ctx, q, args...))
}

// pipeInsert queues q, an INSERT whose last argument is the new row's id — drawn ahead in a
// write group (nextID), NULL elsewhere for q to draw it — and which answers it: *id is set at
// once, and again from the answer; fail makes a failure the caller's answer.
func (t *tx) pipeInsert(ctx context.Context, table, q string, args []any, id *int64, fail func(error) error) error {
	n, err := t.nextID(table)
	if err != nil {
		return fail(err)
	}
	*id = n
	return t.pipeLater(ctx, q, append(args, nullID(n)), func(row interface{ Scan(...any) error }) error {
		if err := row.Scan(id); err != nil {
			return fail(err)
		}
		return nil
	})
}

// laterRows is the most rows a statement may write and still be queued. Background work (the
// scheduler's batches, the back-fill) sizes its transactions by the time its function holds
// the writer (service sizer): a statement of hundreds of rows queued past the function's end
// would run outside that time, and batches would grow until API writes waited hundreds of
// milliseconds behind one. Such a statement is sent at once, with what waits.
const laterRows = 16

// pipeExec runs a statement that answers no rows and writes n rows: queued (pipeLater) when
// n is small, sent at once with what waits when not; its error is wrapped with what.
func (t *tx) pipeExec(ctx context.Context, what string, n int, q string, args ...any) error {
	if n > laterRows {
		rows, err := t.pipeQuery(ctx, q, args...)
		if err == nil {
			err = rows.Close()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	return t.pipeLater(ctx, q, args, func(row interface{ Scan(...any) error }) error {
		if err := row.Scan(); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	})
}

// readHead queues the read of the audit chain's head for the group (after the write lock,
// which keeps it where it is until the commit): nearly every write appends to the chain, and
// the group's first append would otherwise wait a round trip of its own for it.
func (p *pgPipe) readHead(h *groupHead) {
	if p == nil {
		return
	}
	p.add(auditHeadRead, nil, func(rows rowsScanner, err error) error {
		var r auditHeadRow
		if err == nil && h.cur == nil && (pipeRow{rows: rows}).Scan(&r.seq, &r.hash, &r.mac) == nil {
			h.cur, h.stored = &r, r.seq
		}
		return nil // a head not read here is read by the first append
	})
}

// pipeMark is where a member began: the queue's length and the batches sent until then.
type pipeMark struct{ n, sends int }

func (p *pgPipe) mark() pipeMark {
	if p == nil {
		return pipeMark{}
	}
	return pipeMark{n: len(p.queue), sends: p.sends}
}

// sentSince reports whether anything went to the server since m (always on SQLite, which
// has no queue).
func (p *pgPipe) sentSince(m pipeMark) bool { return p == nil || p.sends != m.sends }

// drop forgets the statements queued since m, none of which was sent.
func (p *pgPipe) drop(m pipeMark) {
	if p != nil {
		p.queue = p.queue[:m.n]
	}
}

// end ends a member whose function answered err: a refusal found in its statements sent is
// its answer. A member that succeeded leaves what it queued since its last round trip to be
// sent with the next statement (ended), unless the member before it left some that are still
// waiting (this one sent nothing): then both go now, so that a late refusal is always of one
// member. A member that failed leaves its statements to member, which forgets those not sent.
func (p *pgPipe) end(err error) error {
	if p == nil {
		return err
	}
	if err == nil && p.ended > 0 {
		p.flush()
	}
	if f := p.failed(); f != nil {
		err = f
	}
	p.err = nil
	if err == nil {
		p.ended = len(p.queue)
	}
	return err
}

// begun marks where the running member's own statements begin: what is queued now (the
// savepoint's statements, and what an ended member left) it does not send again after a late
// refusal.
func (p *pgPipe) begun() {
	if p != nil {
		p.own = len(p.queue)
	}
}

// broken is the failure of a savepoint's statement, after which the group cannot go on.
func (p *pgPipe) broken() error {
	if p == nil {
		return nil
	}
	return p.fatal
}

// close gives the group's connection back to the pool, unless it is still inside the group's
// transaction (the group failed before its COMMIT, or the connection is lost): such a one is
// closed, which ends the transaction and its write lock, rather than handed to a next user.
func (p *pgPipe) close() {
	if p == nil {
		return
	}
	p.conn.Raw(func(dc any) error {
		if c := dc.(*stdlib.Conn).Conn(); c.IsClosed() || c.PgConn().TxStatus() != 'I' {
			return driver.ErrBadConn // database/sql closes it and does not pool it
		}
		return nil
	})
	p.conn.Close()
}

// commit sends what the last member left with the group's COMMIT, in one round trip; a
// refusal among them is that member's alone (refusedLate), and the COMMIT goes again after
// its rollback. A group that never sent a statement has nothing to commit.
func (p *pgPipe) commit() error {
	p.queue = p.queue[:p.ended] // beyond: a lock or a release that nothing follows
	if p.sends == 0 && len(p.queue) == 0 {
		return nil // not even the BEGIN went out
	}
	p.begun()
	p.add(`COMMIT`, nil, func(rows rowsScanner, err error) error {
		if err != nil {
			return err
		}
		if b, ok := rows.(*bufRows); ok && b.tag.String() != "COMMIT" {
			return fmt.Errorf("the transaction was rolled back (%s)", b.tag)
		}
		return nil
	})
	return p.flush()
}

// idBlock is how many ids of a table the writer draws at once for its queued INSERTs.
const idBlock = 128

// pgIDs are ids drawn ahead from tables' identity sequences (nextval: never given twice by
// one server, whatever becomes of the transaction that drew them — but a standby promoted, or
// a primary restarted before its log reached the disk, may give them again: they are dropped
// when the writer's connection changes, beginGroup). A queued INSERT whose new id the code
// needs at once — an event's, an audit record's, a notice's, an item's — takes one here
// instead of waiting for its RETURNING: one round trip per idBlock rows. Within a process
// the ids still grow in the order of the writes; only the writer uses them.
type pgIDs map[string][]int64

// nextID is a new id of table, for a queued INSERT: drawn ahead in a write group's pipeline,
// 0 outside one (the INSERT must then draw its own).
func (t *tx) nextID(table string) (int64, error) {
	p := t.tx.pipe
	if p == nil {
		return 0, nil
	}
	if len(p.ids[table]) == 0 {
		rows, err := p.send(&pipeStmt{q: `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`,
			args: []any{table, idBlock}})
		if err != nil {
			return 0, fmt.Errorf("%s ids: %w", table, err)
		}
		ids, err := collect(rows, func(s interface{ Scan(...any) error }) (int64, error) {
			var id int64
			return id, s.Scan(&id)
		})
		if err != nil || len(ids) == 0 {
			return 0, fmt.Errorf("%s ids: %v", table, err)
		}
		p.ids[table] = ids
	}
	id := p.ids[table][0]
	p.ids[table] = p.ids[table][1:]
	return id, nil
}
