package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"luoshi/internal/luoshi"
)

// Group commit. Every Update is handed to the store's one writer goroutine, which gathers the
// write transactions waiting for it into one database transaction, each in a savepoint of its
// own, and commits them together: one commit, one sync of the log (synchronous=FULL on SQLite,
// synchronous_commit on PostgreSQL) for the whole group. A transaction whose function fails is
// rolled back to its savepoint and answered at once — it leaves no trace, and the others in its
// group still commit. The others are answered only after the commit that holds them has
// returned, that is, once they are durable.
//
// The group adapts to the load without waiting on a clock: the writer takes what is queued
// when it starts a group, and whatever arrives while the group's members run, up to
// maxGroup members or maxGroupTime (maxGroupTimeSQLite on SQLite); a lone writer commits at
// once. Under load, the requests that arrive during one group's commit (its fsync) make the
// next group. When the queue is empty the writer yields its processor once (runtime.Gosched)
// before it commits: the request goroutines that were ready to run then reach the queue and
// join the group, where on a busy CPU they would have waited for the commit and made a group
// of one each (on one CPU, in BenchmarkAPI/report16, 3.3 writes a commit became 7.5). With
// nothing else ready to run, the yield returns at once.

// maxGroup and maxGroupTime bound a group, so that a member waits for at most this many
// others, or this long after the first member's writes, before its commit. Under a steady
// stream a group ended early shortens no one's wait — the requests left out wait behind its
// commit for the next group — but it adds a commit, and with it a sync of the log. On SQLite
// that sync is the dearest thing a group does on a virtual machine (4–12 ms, and CPU in the
// guest's kernel), so a group there may go on for 30 ms; on PostgreSQL, whose commit is one
// round trip and whose members wait on round trips, the bound stays at 10 ms, not measured
// to gain from more (docs/performance.md, "Fewer syncs").
const (
	maxGroup           = 64
	maxGroupTime       = 10 * time.Millisecond
	maxGroupTimeSQLite = 30 * time.Millisecond
)

// errClosed answers an Update after Close.
var errClosed = errors.New("store: the database is closed")

// writeReq is one Update waiting for the writer.
type writeReq struct {
	ctx   context.Context
	fn    func(luoshi.Tx) error
	err   error // fn's error, or the group's when it was not committed
	panic any   // what fn panicked with, panicked again in the caller
	mark  *luoshi.AuditMark
	done  chan struct{}
	// queued is when it was handed to the writer, began when its function started; stats
	// counts their waits at the answer.
	queued, began time.Time
	stats         *groupStats
}

func (r *writeReq) answer(err error) {
	r.err = err
	if r.stats != nil {
		r.stats.count(r.queued, r.began)
	}
	close(r.done)
}

// startWriter starts the writer goroutine; Close stops it.
func (db *DB) startWriter() {
	db.writes = make(chan *writeReq, maxGroup)
	db.groupTime = maxGroupTime
	if db.dialect != DialectPostgres {
		db.groupTime = maxGroupTimeSQLite
	}
	db.closing = make(chan struct{})
	db.writerDone = make(chan struct{})
	go db.writer()
}

// stopWriter stops the writer once it has answered what it holds: the group it runs is
// finished, and what is still queued is answered errClosed.
func (db *DB) stopWriter() {
	if db.closing == nil {
		return
	}
	db.closeOnce.Do(func() {
		// No request is queued once closed is set (submit queues under the read lock).
		db.queueMu.Lock()
		db.closed = true
		db.queueMu.Unlock()
		close(db.closing)
	})
	<-db.writerDone
}

// WriteStats counts the write groups committed since Open and the Updates they held: their
// ratio is the number of writes one commit (one sync of the log) made durable.
func (db *DB) WriteStats() (commits, writes int64) { return db.commits.Load(), db.committed.Load() }

// GroupStats is what the writer's committed groups held and took since Open: how many kept
// at most one member, 2–4, 5–8, 9–16 and more, the writer's time from a group's start to its commit
// (its members' functions, the savepoints) and the time its commits took (SQLite: the audit
// head's row, writing the log and its sync; PostgreSQL: the last round trip with the COMMIT).
// The sizes show whether groups gather the load or commit it a few at a time; the two times,
// where the one writer's time goes.
//
// Queued and Waited are how long the writes waited, in classes: at most 1, 2, 5, 10, 20 and
// 50 ms (WaitBounds), and longer. Queued is from a write's hand-over to the writer to the start
// of its function (the queue, and the group or hand-over the writer was busy with); Waited, to
// its answer (its group's commit included), for every write answered, refused or not. Read
// beside the client's latencies they tell the writer's share of a slow request. HandOvers is
// the writer's time restarting SQLite's log (checkpoint.go).
type GroupStats struct {
	Sizes          [5]int64
	Members        time.Duration
	Commits        time.Duration
	Queued, Waited [len(WaitBounds) + 1]int64
	HandOvers      time.Duration
}

// WaitBounds are the upper bounds of GroupStats' wait classes; the last class holds the
// waits past them.
var WaitBounds = [...]time.Duration{time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond}

// groupStats is GroupStats as the writer counts it.
type groupStats struct {
	sizes            [5]atomic.Int64
	members, commits atomic.Int64 // nanoseconds
	queued, waited   [len(WaitBounds) + 1]atomic.Int64
	handOvers        atomic.Int64 // nanoseconds
}

// waitClass is the index in GroupStats.Queued and Waited of a wait of d.
func waitClass(d time.Duration) int {
	for i, b := range WaitBounds {
		if d <= b {
			return i
		}
	}
	return len(WaitBounds)
}

// count counts a write's waits: queued is when it was handed to the writer, began when its
// function started (zero: it never did).
func (g *groupStats) count(queued, began time.Time) {
	if !began.IsZero() {
		g.queued[waitClass(began.Sub(queued))].Add(1)
	}
	g.waited[waitClass(time.Since(queued))].Add(1)
}

// sizeClass is the index in GroupStats.Sizes of a group of n members.
func sizeClass(n int) int {
	switch {
	case n <= 1:
		return 0
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	case n <= 16:
		return 3
	}
	return 4
}

func (g *groupStats) add(n int, members, commit time.Duration) {
	g.sizes[sizeClass(n)].Add(1)
	g.members.Add(int64(members))
	g.commits.Add(int64(commit))
}

// GroupStats is what the committed write groups held and took since Open.
func (db *DB) GroupStats() GroupStats {
	var s GroupStats
	for i := range s.Sizes {
		s.Sizes[i] = db.groups.sizes[i].Load()
	}
	s.Members = time.Duration(db.groups.members.Load())
	s.Commits = time.Duration(db.groups.commits.Load())
	for i := range s.Queued {
		s.Queued[i] = db.groups.queued[i].Load()
		s.Waited[i] = db.groups.waited[i].Load()
	}
	s.HandOvers = time.Duration(db.groups.handOvers.Load())
	return s
}

// QueuedWrites is the number of Updates waiting for the writer, not yet taken into a group.
func (db *DB) QueuedWrites() int { return len(db.writes) }

// SetGroupTime sets how long a group goes on taking members after its first kept one
// (maxGroupTime). Tests that count what one group sends lengthen it, so that a slow machine
// does not split their group; call it before the first Update.
func (db *DB) SetGroupTime(d time.Duration) { db.groupTime = d }

// submit hands fn to the writer and waits for its answer.
func (db *DB) submit(ctx context.Context, fn func(luoshi.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan struct{})}
	if err := db.enqueue(ctx, r); err != nil {
		return err
	}
	// Once taken, a request is run or skipped (its context ended) by the writer, which
	// answers it within one group: waiting here cannot outlast the group.
	<-r.done
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// enqueue hands r to the writer, unless the store is closed or ctx ends first.
func (db *DB) enqueue(ctx context.Context, r *writeReq) error {
	db.queueMu.RLock()
	defer db.queueMu.RUnlock()
	if db.closed {
		return errClosed
	}
	r.queued, r.stats = time.Now(), &db.groups
	select {
	case db.writes <- r:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writer runs groups until the store is closed, then answers what is left in the queue.
func (db *DB) writer() {
	defer close(db.writerDone)
	var restart chan struct{} // the checkpointer asks for the log's restart (checkpoint.go)
	if db.ckpt != nil {
		restart = db.ckpt.finish
	}
	for {
		select {
		case <-restart:
			db.restartLog()
			continue
		default:
		}
		select {
		case <-restart:
			db.restartLog()
		case r := <-db.writes:
			db.group(r)
		case <-db.closing:
			for {
				select {
				case r := <-db.writes:
					r.answer(errClosed)
				default:
					return
				}
			}
		}
	}
}

// group runs first and whatever joins it in one transaction, and answers each member.
func (db *DB) group(first *writeReq) {
	if first.ctx.Err() != nil {
		first.answer(first.ctx.Err())
		return
	}
	began := time.Now()
	stx, pipe, err := db.beginGroup()
	if err != nil {
		first.answer(fmt.Errorf("begin: %w", err))
		return
	}
	defer pipe.close()
	g := &groupTx{Tx: stx, pipe: pipe, cache: db.stmts}
	defer func() {
		if g.orgTouched {
			db.org.changed() // committed or not: nothing read inside the group outlives it
		}
	}()
	pipe.readHead(&g.head)
	if pipe != nil {
		pipe.late = g.refusedLate
	}
	var start time.Time // when the first kept member was done
	for r, n := first, 1; r != nil; n++ {
		r.began = time.Now()
		ok, err := db.member(g, r)
		if err != nil {
			// The transaction cannot go on (SQLite rolled it back on a full disk, an I/O
			// error; PostgreSQL's connection is closed, not pooled: pipe.close): nothing of
			// the group is kept.
			if stx != nil {
				stx.Rollback()
			}
			for _, k := range g.kept {
				k.answer(err)
			}
			return
		}
		if ok && start.IsZero() {
			start = time.Now()
		}
		r = nil
		if n < maxGroup && (start.IsZero() || time.Since(start) < db.groupTime) {
			select {
			case r = <-db.writes:
			default:
				runtime.Gosched() // see the package comment above: let ready requests join
				select {
				case r = <-db.writes:
				default:
				}
			}
		}
	}
	committing := time.Now()
	if pipe != nil {
		// What the last kept member left waiting goes with the COMMIT, in one round trip; a
		// refusal there is its answer alone (refusedLate). The audit head's row moved with
		// each record. The last kept member's savepoint is released by the commit.
		err = pipe.commit()
	} else {
		// The group's item numbers and audit head go to their rows, once, then the commit.
		t := &tx{tx: &sqlTx{Tx: stx, detach: true, cache: db.stmts}, dialect: db.dialect}
		if err = g.numbers.flush(context.Background(), t); err == nil {
			err = g.head.flush(context.Background(), t)
		}
		if err != nil {
			stx.Rollback()
			for _, k := range g.kept {
				k.answer(err)
			}
			return
		}
		err = stx.Commit()
	}
	kept := g.kept                  // after the commit: a member refused late is not among them
	changes := changesAnswers(kept) // PostgreSQL's data version moved with the member (member)
	if changes && db.dialect != DialectPostgres {
		// After the commit has returned, failed or not (a failed one may have been kept),
		// and before any member is answered.
		db.version.Add(1)
	}
	if err == nil {
		db.commits.Add(1)
		db.committed.Add(int64(len(kept)))
		db.groups.add(len(kept), committing.Sub(began), time.Since(committing))
		db.ckpt.committed()
	}
	if err != nil {
		err = db.commitFailed(err)
	} else if db.guard != nil {
		err = db.guard.committed()
	}
	var mark *luoshi.AuditMark
	for _, k := range kept {
		if k.mark != nil {
			mark = k.mark
		}
	}
	if err == nil && mark != nil && db.auditHook != nil {
		db.marks.note(*mark, db.auditHook)
	}
	for _, k := range kept {
		k.answer(err)
	}
	db.stmts.prepare()
}

// commitFailed is the answer to the members of a group whose commit failed. A commit
// whose connection was lost may have been kept by the server before it went: its members
// are told so (KeyCommitUnknown), not that nothing was saved — a client that took that at
// its word would make the change twice.
func (db *DB) commitFailed(err error) error {
	err = fmt.Errorf("commit: %w", err)
	if db.cause(err) != KeyUnreachable {
		return err
	}
	slog.Error("connection lost during a commit: its writes may or may not be kept", "err", err)
	return fmt.Errorf("%w (%v)", unavailable(KeyCommitUnknown), err)
}

// groupTx is a group's transaction with the statements that open and close its members'
// savepoints. On PostgreSQL they carry no result the writer needs before its next statement,
// so they are not sent on their own: they wait in the group's pipeline (pgpipe.go) with the
// write lock and go with the next statement the writer sends, in the same round trip — a
// member's release and the next one's savepoint go with the next member's first read
// (SQLite has no round trips: it runs them one by one).
type groupTx struct {
	*sql.Tx
	pipe *pgPipe   // PostgreSQL: the statements waiting to be sent (pgpipe.go)
	open bool      // a kept member's savepoint is not released yet
	head groupHead // the audit chain's head as the kept members left it
	// numbers: SQLite, the item numbers the kept members drew (item.go), written before the
	// commit
	numbers groupNumbers
	bumped  bool         // PostgreSQL: a kept member moved the data version on
	cache   *stmtCache   // SQLite: the writer's prepared statements (the savepoints' among them)
	kept    []*writeReq  // members whose function succeeded: answered after the commit
	cur     *memberState // the member running
	// orgTouched: a statement of the group may have changed what the writer keeps of the
	// organisation (SQLite, orgcache.go); the group's end drops it again.
	orgTouched bool
	ended      *memberState // PostgreSQL: the last kept member, while statements it queued wait
}

// memberState is a member with what the group was before it: put back when it is rolled back.
type memberState struct {
	r       *writeReq
	head    groupHead
	numbers groupNumbers
	bumped  bool
	bump    bool // it changes answers: it moves the data version on unless a member before it did
}

// refusedLate answers the ended member whose queued statement was refused when it was sent
// with the running member's (or before the commit): it is rolled back to its savepoint, alone
// in a round trip, answered and dropped from the group, and the group's audit head and data
// version go back to what they were before it. The running member's savepoint is the one rolled
// back to; what it sends again goes after the statements returned (the data version's move, if
// the ended member had made it for both).
func (g *groupTx) refusedLate(err error) []pipeStmt {
	a := g.ended
	g.ended = nil
	g.pipe.add(`ROLLBACK TO SAVEPOINT member`, nil, nil)
	g.pipe.send(nil)
	if g.pipe.fatal != nil {
		return nil
	}
	g.head, g.bumped = a.head, a.bumped
	g.kept = slices.DeleteFunc(g.kept, func(k *writeReq) bool { return k == a.r })
	a.r.answer(err)
	c := g.cur
	if c == nil {
		return nil
	}
	c.head, c.bumped = a.head, a.bumped
	if c.bump && !g.bumped {
		g.bumped = true
		return []pipeStmt{{q: bumpVersion}}
	}
	return nil
}

// run runs stmts (SQLite), or queues them to be sent with the group's next round trip
// (PostgreSQL). On SQLite the savepoints' statements are kept prepared like the members'
// own (two a member: unprepared, each was parsed anew, ~2 % of a report's CPU).
func (g *groupTx) run(stmts ...string) error {
	for _, q := range stmts {
		if g.pipe != nil {
			g.pipe.add(q, nil, nil)
			continue
		}
		bg := context.Background()
		var err error
		if st := g.cache.stmt(q); st != nil {
			_, err = g.StmtContext(bg, st).ExecContext(bg)
		} else {
			_, err = g.ExecContext(bg, q)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// member runs one request in a savepoint of the group's transaction. A request whose
// function fails or panics is rolled back to its savepoint and answered at once; one that
// succeeds is left for the commit (kept), its savepoint released when the next member
// opens its own or by the commit. The error returned is the transaction's own: the group
// cannot go on.
func (db *DB) member(g *groupTx, r *writeReq) (kept bool, _ error) {
	if err := r.ctx.Err(); err != nil {
		r.answer(err)
		return false, nil
	}
	mark := g.pipe.mark()
	open := g.open
	if g.open {
		g.run(`RELEASE SAVEPOINT member`)
		g.open = false
	}
	// On PostgreSQL the first member that changes answers moves the data version on inside
	// its savepoint, in the same round trip as the savepoint (undone with the member if it
	// is rolled back, and then moved by the next one): one statement fewer than after the
	// last member, when it would go alone.
	stmts := []string{`SAVEPOINT member`}
	// The audit head and the data version's move go back with the savepoint.
	cur := &memberState{r: r, head: g.head, numbers: slices.Clone(g.numbers), bumped: g.bumped,
		bump: g.pipe != nil && !luoshi.AnswersUnchanged(r.ctx)}
	g.cur = cur
	defer func() { g.cur = nil }()
	if cur.bump && !g.bumped {
		stmts = append(stmts, bumpVersion)
		g.bumped = true
	}
	if err := g.run(stmts...); err != nil {
		r.answer(fmt.Errorf("savepoint: %w", err))
		return false, err
	}
	g.pipe.begun()
	st := &sqlTx{Tx: g.Tx, detach: true, cache: db.stmts, pipe: g.pipe, org: db.org, touched: &g.orgTouched}
	if g.pipe != nil {
		st.conn = g.pipe.conn
	}
	t := &tx{tx: st, dialect: db.dialect, version: &db.version, head: &g.head}
	if g.pipe == nil {
		t.numbers = &g.numbers
	}
	err := call(r, t)
	// A refusal found in a queued statement is the member's answer, whatever its function
	// made of the statements that failed after it.
	err = g.pipe.end(err)
	if err == nil {
		g.open = true
		r.mark = t.auditMark
		g.kept = append(g.kept, r)
		if g.pipe != nil && g.pipe.ended > 0 {
			g.ended = cur
		}
		return true, nil
	}
	if ferr := g.pipe.broken(); ferr != nil {
		r.answer(err)
		return false, ferr
	}
	g.head, g.numbers, g.bumped = cur.head, cur.numbers, cur.bumped
	if g.orgTouched {
		// What the member read of a change it made is undone with it: nothing kept since
		// may serve the next members of the group.
		db.org.changed()
	}
	var rerr error
	if g.pipe.sentSince(mark) {
		g.pipe.drop(pipeMark{}) // the member's, queued since its last round trip: not needed
		rerr = g.run(`ROLLBACK TO SAVEPOINT member`, `RELEASE SAVEPOINT member`)
		if rerr == nil && g.pipe != nil {
			rerr = g.pipe.flush()
		}
	} else {
		// Nothing of the member reached the server: its statements are dropped unsent.
		g.pipe.drop(mark)
		g.open = open
	}
	r.answer(err)
	if rerr != nil {
		// The group's error keeps the member's cause (a full disk) where it was the
		// database's, so that the others are refused for the same reason.
		if db.cause(err) != "" {
			return false, fmt.Errorf("rolled back: %w", err)
		}
		return false, fmt.Errorf("rollback to savepoint: %w", rerr)
	}
	return false, nil
}

// call runs the request's function, turning a panic into an error for the group (the
// caller panics with the value again).
func call(r *writeReq, t *tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			r.panic = p
			err = fmt.Errorf("write panicked: %v", p)
		}
	}()
	return r.fn(t)
}

// sqlTx is a transaction as the store's SQL uses it. In a write group (detach) statements
// keep their context's values but not its end: a request whose client goes away while its
// statements run must not interrupt the group's connection — SQLite rolls back the whole
// transaction on an interrupted write, pgx closes the connection — so a started request
// runs to its end, and is answered (into the void) with the others.
type sqlTx struct {
	*sql.Tx
	conn   *sql.Conn // a PostgreSQL write group's connection, in its transaction (no *sql.Tx)
	detach bool
	cache  *stmtCache // the writer's statements (SQLite), or nil
	pipe   *pgPipe    // PostgreSQL write group: statements waiting, sent before any other
	// one is a read of one statement on PostgreSQL's read pool, in no transaction
	// (DB.ViewOne): its statement goes to the pool, and a second one is a programming error.
	one *oneRead
	// org, on the SQLite writer, is what it keeps of the organisation (orgcache.go), and
	// touched its group's note that a statement may have changed it.
	org     *orgCache
	touched *bool
	// family is what the member's FindItemFamily read of its item for UpdateItem (item.go),
	// until a statement writes items or their co-units.
	family *familyRow
}

// noteWrites, on the SQLite writer, drops before a statement what it may change: what the
// writer keeps of the organisation, noting the change for the end of the group (orgcache.go),
// and the member's item row as FindItemFamily read it (item.go's familyRow).
func (s *sqlTx) noteWrites(q string) {
	if s.org == nil {
		return
	}
	w := writesOf(q)
	if w&writesOrgTables != 0 {
		s.org.changed()
		*s.touched = true
	}
	if w&writesItemTables != 0 {
		s.family = nil
	}
}

// Exec, Query, QueryRow and Prepare are their Context forms: every statement passes through
// those (noteWrites among them).
func (s *sqlTx) Exec(q string, args ...any) (sql.Result, error) {
	return s.ExecContext(context.Background(), q, args...)
}

func (s *sqlTx) Query(q string, args ...any) (*sql.Rows, error) {
	return s.QueryContext(context.Background(), q, args...)
}

func (s *sqlTx) QueryRow(q string, args ...any) *sql.Row {
	return s.QueryRowContext(context.Background(), q, args...)
}

func (s *sqlTx) Prepare(q string) (*sql.Stmt, error) {
	return s.PrepareContext(context.Background(), q)
}

// oneRead is DB.ViewOne's pool and whether its one statement has been made.
type oneRead struct {
	pool *sql.DB
	made bool
}

// take is the pool for ViewOne's statement; it panics at a second one, which would read
// another snapshot than the first (an answer kept under the version read before the first
// could then mix two moments' data).
func (o *oneRead) take() *sql.DB {
	if o.made {
		panic("store: a ViewOne read made a second statement")
	}
	o.made = true
	return o.pool
}

func (s *sqlTx) ctx(ctx context.Context) context.Context {
	if s.detach {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// ExecContext is sql.Tx's, under the group's rule for the context.
func (s *sqlTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s.noteWrites(q)
	if err := s.pipe.flush(); err != nil {
		return nil, err
	}
	if s.conn != nil {
		return s.conn.ExecContext(s.ctx(ctx), q, args...)
	}
	if s.one != nil {
		return s.one.take().ExecContext(ctx, q, args...)
	}
	if st := s.cache.stmt(q); st != nil {
		return s.Tx.StmtContext(s.ctx(ctx), st).ExecContext(s.ctx(ctx), args...)
	}
	return s.Tx.ExecContext(s.ctx(ctx), q, args...)
}

// QueryContext is sql.Tx's, under the group's rule for the context.
func (s *sqlTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s.noteWrites(q)
	if err := s.pipe.flush(); err != nil {
		return nil, err
	}
	if s.conn != nil {
		return s.conn.QueryContext(s.ctx(ctx), q, args...)
	}
	if s.one != nil {
		return s.one.take().QueryContext(ctx, q, args...)
	}
	if st := s.cache.stmt(q); st != nil {
		return s.Tx.StmtContext(s.ctx(ctx), st).QueryContext(s.ctx(ctx), args...)
	}
	return s.Tx.QueryContext(s.ctx(ctx), q, args...)
}

// QueryRowContext is sql.Tx's, under the group's rule for the context.
func (s *sqlTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	s.noteWrites(q)
	s.pipe.flush() // a failure is the member's answer (and the transaction refuses q)
	if s.conn != nil {
		return s.conn.QueryRowContext(s.ctx(ctx), q, args...)
	}
	if s.one != nil {
		return s.one.take().QueryRowContext(ctx, q, args...)
	}
	if st := s.cache.stmt(q); st != nil {
		return s.Tx.StmtContext(s.ctx(ctx), st).QueryRowContext(s.ctx(ctx), args...)
	}
	return s.Tx.QueryRowContext(s.ctx(ctx), q, args...)
}

// stmtCache keeps a SQLite pool's statements prepared from one transaction to the next:
// through database/sql, modernc.org/sqlite parses a statement every time it runs — a tenth
// of a write's CPU, a seventh of an item's detail. A statement seen twice is prepared on
// the pool once no transaction of the caller holds a connection (between the writer's
// groups, after a read transaction: preparing inside one could wait for a connection that
// transaction itself holds); a transaction then runs it through Tx.StmtContext, which
// reuses the statement where its connection has it prepared and prepares it there once
// where it has not.
type stmtCache struct {
	db     *sql.DB
	mu     sync.Mutex
	ready  map[string]*sql.Stmt
	seen   map[string]int
	wanted []string
}

// maxStmts bounds the cache: statements built with a variable number of placeholders
// (IN lists) come in many texts; the common ones are cached, the rest run unprepared.
const maxStmts = 256

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, ready: map[string]*sql.Stmt{}, seen: map[string]int{}}
}

// stmt returns q's prepared statement, or nil (and notes q) when there is none yet.
func (c *stmtCache) stmt(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.ready[q]; st != nil {
		return st
	}
	if len(c.ready)+len(c.wanted) >= maxStmts || len(c.seen) >= 4*maxStmts {
		return nil
	}
	if c.seen[q]++; c.seen[q] == 2 {
		c.wanted = append(c.wanted, q)
	}
	return nil
}

// prepare prepares the statements noted since the last call; call it holding no
// connection of the pool. A statement that fails to prepare is not tried again.
func (c *stmtCache) prepare() {
	if c == nil {
		return
	}
	c.mu.Lock()
	wanted := c.wanted
	c.wanted = nil
	c.mu.Unlock()
	for _, q := range wanted {
		st, err := c.db.PrepareContext(context.Background(), q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		c.ready[q] = st
		delete(c.seen, q)
		c.mu.Unlock()
	}
}

// PrepareContext is sql.Tx's, under the group's rule for the context.
func (s *sqlTx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	s.noteWrites(q)
	if err := s.pipe.flush(); err != nil {
		return nil, err
	}
	if s.conn != nil {
		return s.conn.PrepareContext(s.ctx(ctx), q)
	}
	if s.one != nil {
		return nil, errors.New("store: a ViewOne read prepares no statement")
	}
	return s.Tx.PrepareContext(s.ctx(ctx), q)
}

// marks hands the audit trail's new heads to the head hook (the head file's writer: a
// signature, a temporary file and a rename) on a goroutine of its own, off the writer's path.
// The hook runs at most once every markGap, with the newest head it has been handed, so that
// one write of the file covers the groups committed since the last one: written after every
// group, the file cost ~0.3 ms of CPU a group in system calls, 5 % of the server's CPU under
// reports (docs/performance.md, "Item numbers in memory, the head file paced, …"). The head
// is handed over after the commit, before the group's members are answered, as before; the
// file may be written up to markGap after the answers. wait (Close) hands over the last head
// at once.
type marks struct {
	mu      sync.Mutex
	next    *luoshi.AuditMark // the newest head not yet handed to the hook
	busy    bool              // a goroutine is handing heads to the hook
	wg      sync.WaitGroup
	hurry   chan struct{} // closed by wait: the running gap ends
	waiting int           // waits under way: no gap is kept
}

// markGap is the least time between two hand-overs of a head to the hook.
const markGap = 100 * time.Millisecond

// note hands m to fn, now or once fn has returned from the head before it and markGap has
// passed since.
func (ms *marks) note(m luoshi.AuditMark, fn func(luoshi.AuditMark)) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if ms.next == nil || m.Seq > ms.next.Seq {
		ms.next = &m
	}
	if ms.busy {
		return
	}
	ms.busy = true
	ms.wg.Go(func() {
		for {
			ms.mu.Lock()
			m := ms.next
			ms.next = nil
			ms.busy = m != nil
			ms.mu.Unlock()
			if m == nil {
				return
			}
			fn(*m)
			ms.gap()
		}
	})
}

// gap waits markGap, or less if a wait begins meanwhile.
func (ms *marks) gap() {
	ms.mu.Lock()
	if ms.waiting > 0 {
		ms.mu.Unlock()
		return
	}
	if ms.hurry == nil {
		ms.hurry = make(chan struct{})
	}
	h := ms.hurry
	ms.mu.Unlock()
	t := time.NewTimer(markGap)
	defer t.Stop()
	select {
	case <-t.C:
	case <-h:
	}
}

// wait returns once every head noted has been handed to the hook, cutting the gap short.
func (ms *marks) wait() {
	ms.mu.Lock()
	ms.waiting++
	if ms.hurry != nil {
		close(ms.hurry)
		ms.hurry = nil
	}
	ms.mu.Unlock()
	ms.wg.Wait()
	ms.mu.Lock()
	ms.waiting--
	ms.mu.Unlock()
}
