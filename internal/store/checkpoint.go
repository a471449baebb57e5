package store

import (
	"context"
	"database/sql"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The checkpointer (SQLite). In WAL mode a commit appends the pages it changed to the log,
// and a checkpoint copies them into the database file. SQLite runs one by itself after every
// commit that leaves the log longer than wal_autocheckpoint frames, on the connection that
// committed — here the one writer, whose time bounds the write rate: 80–100 µs of it a report
// (docs/performance.md, "Write CPU, third pass"). The checkpointer runs them on a connection
// and a goroutine of its own instead, on the other core, while the writer goes on.
//
// A log is started again from its beginning (so that it stays bounded) only by a write
// transaction that begins when every frame of the log has been copied and no reader reads
// from it; under a steady stream of groups the checkpointer, copying beside the writer, never
// finds the log fully copied. So once a pass finds the log longer than ckptRestart frames, it
// hands over: the writer, between two groups, copies what was committed since the pass
// began (a group or two) and its next group restarts the log. The writer's own automatic
// checkpoint is kept as a backstop at ckptBackstop frames, should the checkpointer fall
// behind or fail.
//
// Durability is unchanged: a commit is durable when its frames are synced in the log
// (synchronous=FULL), whoever copies them later; a checkpoint syncs the database file
// before the log is started again.

// ckptEvery is the least time between two passes of the checkpointer: a page written by
// many groups in that time is copied once, and each pass syncs the log (and the database
// file, when it copies the whole log) once. 100 ms rather than 20: on this project's virtual machines a sync costs CPU, not
// only waiting, and the cores are shared with the requests; the log still restarts every
// ckptRestart frames (docs/performance.md, "Fewer syncs").
var ckptEvery = 100 * time.Millisecond

// ckptRestart is the log's length, in frames (pages), past which a pass hands over to the
// writer to restart the log.
var ckptRestart = 4000

// ckptBackstop is the writer's own wal_autocheckpoint.
var ckptBackstop = 4 * ckptRestart

// checkpointer copies the log into the database file beside the writer.
type checkpointer struct {
	conn   *sql.DB
	kick   chan struct{} // a group was committed
	finish chan struct{} // a pass asks the writer to copy the rest and restart the log
	ack    chan struct{} // the writer has copied the rest
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
	warned time.Time    // when a failed pass was last logged
	passes atomic.Int64 // passes run
	hands  atomic.Int64 // hand-overs to the writer
	frames atomic.Int64 // the log's length at the last pass
}

// startCheckpointer opens the checkpointer's connection and starts it.
func (db *DB) startCheckpointer() error {
	q := url.Values{}
	q.Set("mode", "rw")
	for _, p := range []string{"busy_timeout(10000)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	conn, err := sql.Open("sqlite", SQLiteDSN(db.file, q))
	if err != nil {
		return err
	}
	conn.SetMaxOpenConns(1)
	conn.SetConnMaxLifetime(0)
	if err := conn.Ping(); err != nil {
		conn.Close()
		return err
	}
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), finish: make(chan struct{}, 1),
		ack: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	db.ckpt = c
	go c.run()
	return nil
}

// stopCheckpointer stops the checkpointer once its pass is done and closes its connection;
// call it after the writer has stopped. Closing again does nothing.
func (db *DB) stopCheckpointer() error {
	c := db.ckpt
	if c == nil {
		return nil
	}
	var err error
	c.once.Do(func() {
		close(c.stop)
		<-c.done
		err = c.conn.Close()
	})
	return err
}

// committed tells the checkpointer that a group was committed.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// run makes a pass after a commit, at most every ckptEvery.
func (c *checkpointer) run() {
	defer close(c.done)
	var last time.Time
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
		}
		if d := ckptEvery - time.Since(last); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-c.stop:
				t.Stop()
				return
			case <-t.C:
			}
		}
		last = time.Now()
		frames, _, err := c.pass()
		if err != nil {
			c.warn(err)
			continue
		}
		if frames < ckptRestart {
			continue
		}
		// The log is long: a second pass copies what was committed during the first
		// (little), then the writer copies the rest between two groups. (A reader that
		// still reads frames the passes could not copy may stop the writer's copy as well,
		// or the restart: then the next pass hands over again.)
		if _, _, err := c.pass(); err != nil {
			c.warn(err)
			continue
		}
		c.hands.Add(1)
		c.finish <- struct{}{}
		select {
		case <-c.stop:
			return
		case <-c.ack:
		}
		// A commit noted during the passes is stale now: the next pass waits for a group
		// begun after the writer's copy, which has started the log again. Else, with the
		// writer idle (or not yet at its next group), that pass finds the old log's length
		// and hands over again, for a copy of one group and two syncs on the writer: 5–6 ms
		// each time, about half the hand-overs under a steady report load
		// (docs/performance.md, "The writer's clock, the second hand-over and the log's sync").
		select {
		case <-c.kick:
		default:
		}
	}
}

// warn logs a failed pass, at most once a minute: a pass follows every commit, and the
// writer's own checkpoint takes over at ckptBackstop frames should they all fail.
func (c *checkpointer) warn(err error) {
	if time.Since(c.warned) < time.Minute {
		return
	}
	c.warned = time.Now()
	slog.Warn("checkpoint failed; the writer checkpoints the log itself past its backstop", "err", err, "frames", ckptBackstop)
}

// pass copies what it can of the log (what no reader still needs from it) into the
// database file, and returns the log's length in frames and how many of them are copied.
func (c *checkpointer) pass() (frames, copied int, err error) {
	var busy int
	err = c.conn.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
	c.passes.Add(1)
	c.frames.Store(int64(frames))
	return frames, copied, err
}

// restart copies, on the writer's connection, what the checkpointer's pass left of the log,
// so that the writer's next transaction starts the log again. The writer calls it between
// two groups when the checkpointer asks. The database file's sync that ends the copy runs
// on a goroutine of its own, and the log starts again only after it (walvfs.go).
func (db *DB) restartLog() {
	began := time.Now()
	defer func() { db.groups.handOvers.Add(int64(time.Since(began))) }()
	var busy, frames, copied int
	walVFS.deferSyncs(db.walName, true)
	err := db.w.QueryRowContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
	walVFS.deferSyncs(db.walName, false)
	if err != nil {
		slog.Warn("checkpoint", "err", err)
	}
	db.ckpt.ack <- struct{}{}
}

// CheckpointStats counts the checkpointer's passes and hand-overs to the writer, and gives
// the log's length at the last pass (SQLite; zeros on PostgreSQL).
func (db *DB) CheckpointStats() (passes, hands, frames int64) {
	if db.ckpt == nil {
		return 0, 0, 0
	}
	return db.ckpt.passes.Load(), db.ckpt.hands.Load(), db.ckpt.frames.Load()
}

// walAutocheckpoint is the writer's DSN parameter for its own automatic checkpoint.
func walAutocheckpoint() string { return "wal_autocheckpoint(" + strconv.Itoa(ckptBackstop) + ")" }
