package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"luoshi/internal/luoshi"
)

// The causes that stop the store from keeping a write, as catalogue keys: the key of the
// 503's message and the problem document's reason.
const (
	KeyRemoved     = "store.removed"     // the SQLite file was removed or replaced while open
	KeyFull        = "store.full"        // no space left for the database
	KeyReadOnly    = "store.readonly"    // the database or its file system is read-only
	KeyUnreachable = "store.unreachable" // PostgreSQL does not answer
	// KeyCommitUnknown: the connection to PostgreSQL was lost while it committed, so the
	// write may or may not be kept. Every other 503 means the write was not kept.
	KeyCommitUnknown = "store.commit_unknown"
)

// minFree is the free space of the database's file system below which it counts as full:
// a write may still fit, but the operator must act before the next one does not.
const minFree = 1 << 20

// fullFor is how long a write that failed for want of space makes the disk count as full
// though it shows space (a quota, SQLite's own limit): the health check says so meanwhile,
// and then looks again rather than keep the server out of a balancer for good.
const fullFor = 5 * time.Second

// watchEvery is how often the watcher looks at the database file, so that a removal is
// noticed (and logged) within a second even when no one writes.
const watchEvery = 250 * time.Millisecond

// unavailable is the 503 of a cause.
func unavailable(cause string) *luoshi.Error { return luoshi.Errorf(luoshi.EUNAVAILABLE, cause) }

// fileID is what makes a file the same file: its device and inode. A file removed and
// created again under the same name, or replaced by a rename, has another.
type fileID struct{ dev, ino uint64 }

// guard watches the SQLite file the server opened. Once the file is removed or replaced,
// writes go to an inode no one will open again: they are refused for good (the server must
// be restarted on the right file). A full or read-only disk is refused while it lasts.
type guard struct {
	file    string
	id      fileID
	removed atomic.Bool  // sticky
	fullAt  atomic.Int64 // when a write last failed for want of space (unix ns); a commit clears it
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// newGuard records the identity of the open database file and starts the watcher.
func newGuard(file string) (*guard, error) {
	id, err := identity(file)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", file, err)
	}
	g := &guard{file: file, id: id, stop: make(chan struct{}), done: make(chan struct{})}
	go g.watch()
	return g, nil
}

// check looks at the file now and returns the cause that stops writes, or "".
func (g *guard) check() string {
	if !g.removed.Load() {
		if id, err := identity(g.file); err != nil || id != g.id {
			g.removed.Store(true)
		}
	}
	switch {
	case g.removed.Load():
		return KeyRemoved
	case readOnly(g.file):
		return KeyReadOnly
	case time.Since(time.Unix(0, g.fullAt.Load())) < fullFor || diskFree(filepath.Dir(g.file)) < minFree:
		return KeyFull
	}
	return ""
}

// committed is called after each commit: the write is acknowledged only if it went into
// the file that is still the database.
func (g *guard) committed() error {
	if id, err := identity(g.file); err != nil || id != g.id {
		g.removed.Store(true)
		slog.Error("database file removed or replaced: writes refused", "file", g.file)
		return unavailable(KeyRemoved)
	}
	g.fullAt.Store(0)
	return nil
}

// watch logs each change of the database's health as it happens.
func (g *guard) watch() {
	defer close(g.done)
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	last := ""
	for {
		select {
		case <-g.stop:
			return
		case <-t.C:
		}
		cause := g.check()
		switch {
		case cause == last:
		case cause == "":
			slog.Info("database writable again", "file", g.file)
		default:
			slog.Error("database cannot keep writes", "file", g.file, "cause", cause)
		}
		last = cause
	}
}

func (g *guard) close() {
	g.once.Do(func() { close(g.stop) })
	<-g.done
}

// causeOf names the cause of a database error that is the store's condition rather than
// the request's: a full or read-only disk, a moved file, PostgreSQL gone. "io" is an I/O
// error whose cause the file system may tell; "" is none of these.
func causeOf(err error) string {
	var se *sqlite.Error
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &ce):
		// Before PgError: a refused connection wraps the server's FATAL ("the database
		// system is starting up", or a standby refused by target_session_attrs).
		return KeyUnreachable
	case errors.As(err, &se):
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return KeyFull
		case sqlite3.SQLITE_READONLY:
			if se.Code() == sqlite3.SQLITE_READONLY_DBMOVED {
				return KeyRemoved
			}
			return KeyReadOnly
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
			return "io"
		}
	case errors.Is(err, syscall.ENOSPC):
		return KeyFull
	case errors.Is(err, syscall.EROFS):
		return KeyReadOnly
	case errors.As(err, &pe):
		switch pe.Code {
		case "53100": // disk_full
			return KeyFull
		case "25006": // read_only_sql_transaction: a standby, or default_transaction_read_only
			return KeyReadOnly
		}
		if strings.HasPrefix(pe.Code, "57P0") || strings.HasPrefix(pe.Code, "08") || pe.Code == "53300" {
			// The server shut down or crashed under the statement (57P01–57P03: a restart,
			// a failover), a connection exception, too many connections.
			return KeyUnreachable
		}
	}
	return ""
}

// cause is causeOf, and on PostgreSQL also a connection lost under a statement.
func (db *DB) cause(err error) string {
	if c := causeOf(err); c != "" || db.dialect != DialectPostgres || !connectionLost(err) {
		return c
	}
	return KeyUnreachable
}

// connectionLost reports whether err says the connection to PostgreSQL went away under a
// statement: the socket closed or reset (pgx closes its connection then), or database/sql
// finding its connection dead after a statement it could not retry. A restart or a failover
// causes these: the database's condition, answered 503, never the request's fault. A
// request's own end (its context cancelled, its deadline passed, which pgx turns into a
// socket timeout) is not one.
func connectionLost(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) ||
		(errors.As(err, &ne) && !ne.Timeout()) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// keep turns an error the store's condition caused into a 503 naming the cause (logged
// with the driver's error, which the answer does not show); other errors pass unchanged.
func (db *DB) keep(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := luoshi.AsError(err); ok {
		return err
	}
	cause := db.cause(err)
	if db.guard != nil {
		// A removed file explains any failure; an I/O error is explained by the disk.
		if now := db.guard.check(); now == KeyRemoved || (cause == "io" && now != "") {
			cause = now
		}
		if cause == KeyFull {
			db.guard.fullAt.Store(time.Now().UnixNano())
		}
	}
	if cause == "" || cause == "io" {
		return err
	}
	slog.Error("database cannot keep writes", "cause", cause, "err", err)
	return fmt.Errorf("%w (%v)", unavailable(cause), err)
}

// Health reports whether the database can keep a write now: nil, or an EUNAVAILABLE
// error whose key names the cause. On SQLite it looks at the file (removed or replaced,
// read-only, disk full); on PostgreSQL it pings the primary.
func (db *DB) Health(ctx context.Context) error {
	if db.guard != nil {
		if cause := db.guard.check(); cause != "" {
			return unavailable(cause)
		}
		return nil
	}
	// The ping does not end with the caller's request: a client that goes away mid-ping
	// (a load balancer's probe timing out, a load tool's last requests) would otherwise make
	// the driver give up the pooled connection as bad and this check log the database as
	// unreachable. Only the database's own silence for 2 s, or an error, says so.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := db.w.PingContext(ctx); err != nil {
		slog.Error("database does not answer", "err", err)
		return unavailable(KeyUnreachable)
	}
	return nil
}

// fileExists reports whether a file is there; an error other than its absence is returned.
func fileExists(file string) (bool, error) {
	_, err := os.Stat(file)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
