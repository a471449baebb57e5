package store

import (
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// The writer's log writes, gathered. SQLite writes each frame of a commit to the write-ahead
// log as two system calls — its 24-byte header, then the page — so a group that dirties 40
// pages made 80 writes before its one sync, and on this kind of virtual machine a system call
// is dear: a quarter of the writer goroutine's CPU (docs/performance.md, "Where a PostgreSQL
// create's time goes", SQLite's writer). The writer's connection opens its files through
// walVFS, SQLite's own unix VFS with the log file's and the database file's methods wrapped:
//
//   - a write to the log is copied into a buffer of the file when it continues the buffer or
//     falls inside it (SQLite rewrites a frame of its own transaction in place), else the
//     buffer is written first and a new one begun; a buffer past walGatherMax is written at
//     once;
//   - the buffer is written, with the unix VFS's write in pieces of under 128 KB (a system
//     call each), before anything that could see it or make it durable: the log's sync, a
//     read of what it holds, its size, truncation, file control and close, and the database
//     file's shared-memory barrier, locks, unmap, sync and close.
//
// Why that is enough. A reader finds a frame only through the log's index in shared memory,
// and a commit publishes its frames there (walIndexWriteHdr) after its shared-memory barrier,
// on the database file: by then the buffer is in the file. With synchronous=FULL, as the store
// opens the writer, the commit's sync comes first and writes it even earlier, so a failure to
// write is the commit's error, as without this VFS, before anything is published. A frame
// written but not committed (a spilled page, a rolled-back group) is written before the
// writer lets go of any lock, so that no other connection can write the same place of the
// log first and have it overwritten later. What is acknowledged is what was synced: the
// order of writes and syncs that reaches the disk is SQLite's own.
//
// The barrier has no way to answer an error. On the store's writer (FULL) nothing is left in
// the buffer there; should a connection without the per-commit sync ever have frames to write
// at that point and fail, the process stops rather than publish frames that are not in the
// file (SQLite's recovery at the next start drops a commit whose frames are incomplete).

const walVFSName = "luoshi-wal"

// walWriteMax is the most the unix VFS is given to write at once: it writes a piece of up to
// 128 KB a system call, and is given no more (it takes a length of its 17 low bits).
const walWriteMax = 31 << 12

// walGatherMax is the size past which a log buffer is written without waiting for the sync:
// a bulk write's transaction goes to the file in pieces of about this size. A group of the
// API's writes is 50–150 KB; the buffer (at most twice this size is kept between commits) is
// resident memory, and the server's budget at the province has a few MB to spare.
const walGatherMax = 256 << 10

var walVFS walVFSState

// walLog is a log file opened through walVFS.
type walLog struct {
	mu   sync.Mutex
	file uintptr // its sqlite3_file
	name string
	off  int64  // the offset of buf[0] in the file
	buf  []byte // what waits to be written
}

// walSyncHook, when set (by tests), is called at each sync of a log, just before it.
var walSyncHook func(*walLog)

// handedOver reports whether every byte SQLite wrote to the log has been handed to the file
// system.
func (l *walLog) handedOver() bool { return !l.pending() }

// walDBFile is a database file opened through walVFS: its name and its log's.
type walDBFile struct{ name, log string }

// registerWALVFS registers walVFS with SQLite, once.
func registerWALVFS() error {
	walVFS.once.Do(func() { walVFS.err = registerWALVFSOnce() })
	return walVFS.err
}

func registerWALVFSOnce() error {
	tls := libc.NewTLS()
	defer tls.Close()
	base := sqlite3.Xsqlite3_vfs_find(tls, 0)
	if base == 0 {
		return fmt.Errorf("sqlite: no default VFS")
	}
	v := libc.Xcalloc(tls, 1, sqlite3.Tsize_t(unsafe.Sizeof(sqlite3.Tsqlite3_vfs{})))
	name, err := libc.CString(walVFSName)
	if v == 0 || err != nil {
		return fmt.Errorf("sqlite: out of memory registering %s", walVFSName)
	}
	vfs := (*sqlite3.Tsqlite3_vfs)(cptr(v))
	*vfs = *(*sqlite3.Tsqlite3_vfs)(cptr(base))
	vfs.FzName, vfs.FpNext = name, 0
	walVFS.baseOpen = vfs.FxOpen
	setFn[xOpen](&vfs.FxOpen, walOpen)
	walVFS.logs = map[uintptr]*walLog{}
	walVFS.dbs = map[uintptr]*walDBFile{}
	walVFS.named = map[string][]*walLog{}
	walVFS.deferred = map[string]bool{}
	walVFS.syncing = map[string]*dbSync{}
	if rc := sqlite3.Xsqlite3_vfs_register(tls, v, 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("sqlite: registering %s: code %d", walVFSName, rc)
	}
	return nil
}

// cptr is the pointer a C address stands for (the driver's memory is never Go's to move).
func cptr(p uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&p)) }

// methodsOf is the method table an open file's sqlite3_file points to.
func methodsOf(file uintptr) *uintptr { return (*uintptr)(cptr(file)) }

func walOpen(tls *libc.TLS, vfs, zName, file uintptr, flags int32, outFlags uintptr) int32 {
	rc := cfn[xOpen](walVFS.baseOpen)(tls, vfs, zName, file, flags, outFlags)
	if rc != sqlite3.SQLITE_OK || zName == 0 {
		return rc
	}
	m := methodsOf(file)
	if *m == 0 {
		return rc
	}
	walVFS.mu.Lock()
	defer walVFS.mu.Unlock()
	switch {
	case flags&sqlite3.SQLITE_OPEN_WAL != 0:
		if walVFS.logBase == 0 {
			walVFS.logBase = *m
			walVFS.logMethods = wrapLogMethods(*(*sqlite3.Tsqlite3_io_methods)(cptr(*m)))
		}
		if *m != walVFS.logBase {
			return rc
		}
		l := &walLog{file: file, name: libc.GoString(zName)}
		walVFS.logs[file] = l
		walVFS.named[l.name] = append(walVFS.named[l.name], l)
		*m = uintptr(unsafe.Pointer(&walVFS.logMethods))
	case flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0:
		if walVFS.dbBase == 0 {
			walVFS.dbBase = *m
			walVFS.dbMethods = wrapDBMethods(*(*sqlite3.Tsqlite3_io_methods)(cptr(*m)))
		}
		if *m != walVFS.dbBase {
			return rc
		}
		name := libc.GoString(zName)
		walVFS.dbs[file] = &walDBFile{name: name, log: name + "-wal"}
		*m = uintptr(unsafe.Pointer(&walVFS.dbMethods))
	}
	return rc
}

// The unix VFS's methods, called through the tables the wrapped files were opened with.
type (
	xOpen     = func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32
	xClose    = func(*libc.TLS, uintptr) int32
	xReadFn   = func(*libc.TLS, uintptr, uintptr, int32, int64) int32
	xTruncate = func(*libc.TLS, uintptr, int64) int32
	xSync     = func(*libc.TLS, uintptr, int32) int32
	xFileSize = func(*libc.TLS, uintptr, uintptr) int32
	xFileCtl  = func(*libc.TLS, uintptr, int32, uintptr) int32
	xShmLock  = func(*libc.TLS, uintptr, int32, int32, int32) int32
	xBarrier  = func(*libc.TLS, uintptr)
	xShmUnmap = func(*libc.TLS, uintptr, int32) int32
	xLockFn   = func(*libc.TLS, uintptr, int32) int32
)

// cfn is the Go function a C function pointer of the driver stands for.
func cfn[F any](p uintptr) F { return *(*F)(unsafe.Pointer(&struct{ uintptr }{p})) }

// setFn puts a Go function in a method table's slot.
func setFn[F any](slot *uintptr, f F) { *(*F)(unsafe.Pointer(slot)) = f }

func logBase() *sqlite3.Tsqlite3_io_methods {
	return (*sqlite3.Tsqlite3_io_methods)(cptr(walVFS.logBase))
}

func dbBase() *sqlite3.Tsqlite3_io_methods {
	return (*sqlite3.Tsqlite3_io_methods)(cptr(walVFS.dbBase))
}

func wrapLogMethods(m sqlite3.Tsqlite3_io_methods) sqlite3.Tsqlite3_io_methods {
	setFn(&m.FxWrite, logWrite)
	setFn(&m.FxClose, func(tls *libc.TLS, file uintptr) int32 {
		l := walVFS.log(file)
		rc := l.flush(tls)
		if rc2 := cfn[xClose](logBase().FxClose)(tls, file); rc == sqlite3.SQLITE_OK {
			rc = rc2
		}
		walVFS.forget(l)
		return rc
	})
	setFn(&m.FxRead, func(tls *libc.TLS, file, buf uintptr, n int32, off int64) int32 {
		// Only a read of what waits needs it written first (a transaction larger than the
		// cache reads back pages it spilled into the log, one by one).
		if rc := walVFS.log(file).flushOver(tls, off, int64(n)); rc != sqlite3.SQLITE_OK {
			return rc
		}
		return cfn[xReadFn](logBase().FxRead)(tls, file, buf, n, off)
	})
	setFn(&m.FxTruncate, func(tls *libc.TLS, file uintptr, size int64) int32 {
		if rc := walVFS.log(file).flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
		return cfn[xTruncate](logBase().FxTruncate)(tls, file, size)
	})
	setFn(&m.FxSync, func(tls *libc.TLS, file uintptr, flags int32) int32 {
		l := walVFS.log(file)
		if rc := l.flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
		if h := walSyncHook; h != nil && l != nil {
			h(l)
		}
		return cfn[xSync](logBase().FxSync)(tls, file, flags)
	})
	setFn(&m.FxFileSize, func(tls *libc.TLS, file, size uintptr) int32 {
		if rc := walVFS.log(file).flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
		return cfn[xFileSize](logBase().FxFileSize)(tls, file, size)
	})
	setFn(&m.FxFileControl, func(tls *libc.TLS, file uintptr, op int32, arg uintptr) int32 {
		if rc := walVFS.log(file).flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
		return cfn[xFileCtl](logBase().FxFileControl)(tls, file, op, arg)
	})
	return m
}

func wrapDBMethods(m sqlite3.Tsqlite3_io_methods) sqlite3.Tsqlite3_io_methods {
	setFn(&m.FxShmBarrier, func(tls *libc.TLS, file uintptr) {
		if rc := walVFS.flushLogsOf(tls, file); rc != sqlite3.SQLITE_OK {
			// Nothing can answer this error, and going on would publish a commit whose
			// frames are not in the log (see above).
			panic(fmt.Sprintf("store: writing the write-ahead log before publishing a commit failed (SQLite code %d)", rc))
		}
		cfn[xBarrier](dbBase().FxShmBarrier)(tls, file)
	})
	if m.FxShmLock != 0 {
		setFn(&m.FxShmLock, func(tls *libc.TLS, file uintptr, ofs, n, flags int32) int32 {
			// An unlock goes through whatever the write's outcome: SQLite does not look at
			// an unlock's answer, so one refused here would leave the lock held for good.
			// A failed write has emptied the buffer (flushLocked), and its transaction is
			// abandoned: nothing of it waits to overwrite another writer's frames.
			rc := walVFS.flushLogsOf(tls, file)
			if rc != sqlite3.SQLITE_OK && flags&sqlite3.SQLITE_SHM_UNLOCK == 0 {
				return rc
			}
			return cfn[xShmLock](dbBase().FxShmLock)(tls, file, ofs, n, flags)
		})
	}
	if m.FxShmUnmap != 0 {
		setFn(&m.FxShmUnmap, func(tls *libc.TLS, file uintptr, del int32) int32 {
			if rc := walVFS.flushLogsOf(tls, file); rc != sqlite3.SQLITE_OK {
				return rc
			}
			return cfn[xShmUnmap](dbBase().FxShmUnmap)(tls, file, del)
		})
	}
	setFn(&m.FxSync, func(tls *libc.TLS, file uintptr, flags int32) int32 {
		if rc := walVFS.flushLogsOf(tls, file); rc != sqlite3.SQLITE_OK {
			return rc
		}
		if walVFS.syncLater(file) {
			return sqlite3.SQLITE_OK
		}
		return cfn[xSync](dbBase().FxSync)(tls, file, flags)
	})
	setFn(&m.FxLock, func(tls *libc.TLS, file uintptr, level int32) int32 {
		// The exclusive lock comes before the last connection's close removes the log.
		if level == sqlite3.SQLITE_LOCK_EXCLUSIVE {
			if rc := walVFS.awaitSync(walVFS.logOfDB(file)); rc != sqlite3.SQLITE_OK {
				return rc
			}
		}
		return cfn[xLockFn](dbBase().FxLock)(tls, file, level)
	})
	setFn(&m.FxClose, func(tls *libc.TLS, file uintptr) int32 {
		rc := walVFS.flushLogsOf(tls, file)
		if rc2 := walVFS.awaitSync(walVFS.logOfDB(file)); rc == sqlite3.SQLITE_OK {
			rc = rc2
		}
		if rc2 := cfn[xClose](dbBase().FxClose)(tls, file); rc == sqlite3.SQLITE_OK {
			rc = rc2
		}
		walVFS.mu.Lock()
		delete(walVFS.dbs, file)
		walVFS.mu.Unlock()
		return rc
	})
	return m
}

func (v *walVFSState) log(file uintptr) *walLog {
	v.mu.Lock()
	l := v.logs[file]
	v.mu.Unlock()
	return l
}

func (v *walVFSState) forget(l *walLog) {
	if l == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.logs, l.file)
	ls := v.named[l.name]
	for i, o := range ls {
		if o == l {
			ls = append(ls[:i], ls[i+1:]...)
			break
		}
	}
	if len(ls) == 0 {
		delete(v.named, l.name)
	} else {
		v.named[l.name] = ls
	}
}

// flushLogsOf writes what waits for the logs of the database file's name.
func (v *walVFSState) flushLogsOf(tls *libc.TLS, dbFile uintptr) int32 {
	v.mu.Lock()
	d := v.dbs[dbFile]
	var ls []*walLog
	if d != nil {
		ls = v.named[d.log]
	}
	// The common case, nothing waiting, without a copy of the list.
	waiting := false
	for _, l := range ls {
		if l.pending() {
			waiting = true
			break
		}
	}
	if !waiting {
		v.mu.Unlock()
		return sqlite3.SQLITE_OK
	}
	ls = append([]*walLog(nil), ls...)
	v.mu.Unlock()
	for _, l := range ls {
		if rc := l.flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	return sqlite3.SQLITE_OK
}

func (l *walLog) pending() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buf) > 0
}

func logWrite(tls *libc.TLS, file, buf uintptr, n int32, off int64) int32 {
	l := walVFS.log(file)
	src := unsafe.Slice((*byte)(cptr(buf)), int(n))
	walVFS.received.Add(1)
	switch {
	case off == 0 && n == walHeaderSize:
		// The log starts again: not before the database file holds, durably, what the
		// checkpoint copied out of the frames this header makes void.
		if rc := walVFS.awaitSync(l.name); rc != sqlite3.SQLITE_OK {
			return rc
		}
		walVFS.logHeaders.Add(1)
	case n == walFrameHeaderSize:
		walVFS.frameHeaders.Add(1)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.add(off, src, func() int32 { return l.flushLocked(tls) })
}

// add takes a write of src at off into the buffer, calling flush (which writes and empties
// it) first when the write neither continues the buffer nor falls inside it, and after when
// the buffer is past walGatherMax.
func (l *walLog) add(off int64, src []byte, flush func() int32) int32 {
	end := l.off + int64(len(l.buf))
	switch {
	case len(l.buf) > 0 && off >= l.off && off < end:
		walVFS.rewrites.Add(1)
	case len(l.buf) > 0 && off != end:
		walVFS.elsewhere.Add(1)
	}
	if len(l.buf) == 0 || off < l.off || off > end {
		if rc := flush(); rc != sqlite3.SQLITE_OK {
			return rc
		}
		l.off = off
	}
	at := int(off - l.off)
	if need := at + len(src); need > len(l.buf) {
		l.buf = append(l.buf, make([]byte, need-len(l.buf))...)
	}
	copy(l.buf[at:], src)
	if len(l.buf) >= walGatherMax {
		return flush()
	}
	return sqlite3.SQLITE_OK
}

// flushOver writes the buffer if it holds any of the n bytes at off.
func (l *walLog) flushOver(tls *libc.TLS, off, n int64) int32 {
	if l == nil {
		return sqlite3.SQLITE_OK
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) == 0 || off+n <= l.off || off >= l.off+int64(len(l.buf)) {
		return sqlite3.SQLITE_OK
	}
	return l.flushLocked(tls)
}

func (l *walLog) flush(tls *libc.TLS) int32 {
	if l == nil {
		return sqlite3.SQLITE_OK
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.flushLocked(tls)
}

// flushLocked writes the buffer with the unix VFS's write, and empties it whatever the
// outcome: SQLite answers a failed write by abandoning the transaction that made it.
func (l *walLog) flushLocked(tls *libc.TLS) int32 {
	if len(l.buf) == 0 {
		return sqlite3.SQLITE_OK
	}
	rc := int32(sqlite3.SQLITE_OK)
	write := cfn[xWriteFn](logBase().FxWrite)
	for at := 0; at < len(l.buf) && rc == sqlite3.SQLITE_OK; at += walWriteMax {
		n := min(len(l.buf)-at, walWriteMax)
		rc = write(tls, l.file, uintptr(unsafe.Pointer(&l.buf[at])), int32(n), l.off+int64(at))
		walVFS.written.Add(1)
	}
	l.buf = l.buf[:0]
	if cap(l.buf) > 2*walGatherMax {
		l.buf = nil
	}
	return rc
}

type xWriteFn = func(*libc.TLS, uintptr, uintptr, int32, int64) int32

// walVFSState is what walVFS keeps.
type walVFSState struct {
	once sync.Once
	err  error

	mu    sync.Mutex
	logs  map[uintptr]*walLog    // open log files, by their sqlite3_file
	dbs   map[uintptr]*walDBFile // open database files, by their sqlite3_file
	named map[string][]*walLog   // open log files, by name

	// The wrapped method tables, each made from the unix VFS's table of the first file of its
	// kind; a file whose table differs keeps its own, unwrapped.
	logBase, dbBase uintptr
	logMethods      sqlite3.Tsqlite3_io_methods
	dbMethods       sqlite3.Tsqlite3_io_methods
	baseOpen        uintptr

	// Counted for the tests: writes received and writes made; writes received into what the
	// buffer holds (a frame rewritten in place) and away from it (the buffer written first).
	received, written   atomic.Int64
	rewrites, elsewhere atomic.Int64
	// The log's header written (at its start, and each time it is started again) and the
	// frames written (SQLite writes a frame's 24-byte header apart from its page; a frame
	// rewritten in place counts again).
	logHeaders, frameHeaders atomic.Int64

	// deferred: the database files (by name) whose syncs run on a goroutine of their own
	// (DB.restartLog, while it checkpoints); syncing: such a sync, under way or done and not
	// yet waited for, by the name of the file's log.
	deferred map[string]bool
	syncing  map[string]*dbSync
	// deferredSyncs counts the syncs run so (tests).
	deferredSyncs atomic.Int64
}

// The sizes of the log's header and of a frame's header (SQLite's WAL_HDRSIZE and
// WAL_FRAME_HDRSIZE).
const (
	walHeaderSize      = 32
	walFrameHeaderSize = 24
)

// The database file's sync in a hand-over, off the writer. When the checkpointer hands the
// log over (checkpoint.go), the writer copies the frames the passes left and the checkpoint
// then syncs the database file, before it marks the log copied: 5 ms of a 7.4 ms hand-over
// on average and up to 20 ms, for every request in flight (docs/performance.md, "Item
// numbers in memory, the head file paced, the hand-over's sync off the writer"). That sync
// only has to come before the log is started again — before its header is rewritten, which
// makes its frames void — and the log starts again only when the writer's next group
// commits. So during DB.restartLog the database
// file's sync runs on a goroutine of its own, and the writer goes on with its next group's
// members meanwhile; the header's write waits for the sync (a failed one is made again there,
// and if that fails too the commit fails, as the checkpoint would have: the log is not
// started again and its frames stay). The last connection's close, which removes the log,
// waits for it too (at its exclusive lock, and at the file's close). A crash before the sync
// leaves the log whole: its frames are copied again at the next start.

// dbSync is a database file's sync on a goroutine of its own.
type dbSync struct {
	name string // the database file
	done chan struct{}
	err  error
}

// dbSyncHook, when set (by tests), is called on the sync's goroutine before it syncs.
var dbSyncHook func(name string)

// deferSyncs makes the syncs of the database file name run on a goroutine of their own
// (on), or in the caller again (off).
func (v *walVFSState) deferSyncs(name string, on bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if on {
		v.deferred[name] = true
	} else {
		delete(v.deferred, name)
	}
}

// syncLater starts the database file's sync on a goroutine of its own if its syncs are
// deferred, after any such sync before it.
func (v *walVFSState) syncLater(file uintptr) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	d := v.dbs[file]
	if d == nil || !v.deferred[d.name] {
		return false
	}
	s := &dbSync{name: d.name, done: make(chan struct{})}
	prev := v.syncing[d.log]
	v.syncing[d.log] = s
	v.deferredSyncs.Add(1)
	go func() {
		defer close(s.done)
		if prev != nil {
			<-prev.done
		}
		if h := dbSyncHook; h != nil {
			h(s.name)
		}
		s.err = syncFile(s.name)
		if prev != nil && prev.err != nil && s.err == nil {
			s.err = prev.err
		}
	}()
	return true
}

// awaitSync waits for the deferred sync of the database file whose log is named log, if one
// is under way or not yet waited for; a failed one is made again, here.
func (v *walVFSState) awaitSync(log string) int32 {
	v.mu.Lock()
	s := v.syncing[log]
	v.mu.Unlock()
	if s == nil {
		return sqlite3.SQLITE_OK
	}
	<-s.done
	if s.err != nil {
		slog.Error("syncing the database file after a checkpoint failed; trying again before the log starts again", "file", s.name, "err", s.err)
		if err := syncFile(s.name); err != nil {
			slog.Error("syncing the database file failed again: the log is kept", "file", s.name, "err", err)
			return sqlite3.SQLITE_IOERR_FSYNC
		}
	}
	v.mu.Lock()
	if v.syncing[log] == s {
		delete(v.syncing, log)
	}
	v.mu.Unlock()
	return sqlite3.SQLITE_OK
}

// logOfDB is the name of the log of a database file opened through walVFS ("" for another).
func (v *walVFSState) logOfDB(file uintptr) string {
	v.mu.Lock()
	defer v.mu.Unlock()
	if d := v.dbs[file]; d != nil {
		return d.log
	}
	return ""
}

// syncFile syncs the file name (every write to it, through any descriptor) to the disk.
func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
