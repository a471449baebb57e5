package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/disktest"
	"luoshi/internal/store/pgtest"
)

// openScratch opens a SQLite store at file with a scratch table to write blobs into.
func openScratch(t *testing.T, file string) *DB {
	t.Helper()
	db, err := Open(t.Context(), "sqlite:"+file)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.w.Exec(`CREATE TABLE IF NOT EXISTS scratch (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// write stores a blob of n random bytes in one write transaction.
func write(db *DB, n int) error {
	return db.Update(context.Background(), func(t luoshi.Tx) error {
		_, err := t.(*tx).tx.Exec(`INSERT INTO scratch (b) VALUES (randomblob($1))`, n)
		return err
	})
}

// wantCause fails unless err is the 503 of the cause.
func wantCause(t *testing.T, what string, err error, cause string) {
	t.Helper()
	e, ok := luoshi.AsError(err)
	if !ok || e.Code != luoshi.EUNAVAILABLE || e.Key != cause {
		t.Fatalf("%s: got %v, want %s (%s)", what, err, luoshi.EUNAVAILABLE, cause)
	}
}

// TestRemovedFile removes, then replaces, the database file under an open store: writes
// are refused from then on, /healthz's check says why, and no connection begins a new,
// empty database under the old name.
func TestRemovedFile(t *testing.T) {
	for _, how := range []string{"removed", "replaced"} {
		t.Run(how, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "luoshi.db")
			db := openScratch(t, file)
			if err := write(db, 100); err != nil {
				t.Fatal(err)
			}
			if err := db.Health(t.Context()); err != nil {
				t.Fatalf("health before: %v", err)
			}
			if how == "removed" {
				if err := os.Remove(file); err != nil {
					t.Fatal(err)
				}
			} else {
				other := openScratch(t, filepath.Join(t.TempDir(), "other.db"))
				other.Close()
				if err := os.Rename(other.file, file); err != nil {
					t.Fatal(err)
				}
			}
			// The very next write is refused: it went to a file no one will open again.
			wantCause(t, "write after", write(db, 100), KeyRemoved)
			wantCause(t, "second write", write(db, 100), KeyRemoved)
			wantCause(t, "health", db.Health(t.Context()), KeyRemoved)
			// Fresh read connections must not create the file again.
			db.r.SetMaxIdleConns(0)
			for range 3 {
				db.View(t.Context(), func(luoshi.Tx) error { return nil })
			}
			if how == "removed" {
				if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("the database file is back after reads: %v", err)
				}
			}
		})
	}
}

// TestRemovalNoticedByWatcher: without any write, the watcher notices a removal within a
// second.
func TestRemovalNoticedByWatcher(t *testing.T) {
	file := filepath.Join(t.TempDir(), "luoshi.db")
	db := openScratch(t, file)
	os.Remove(file)
	start := time.Now()
	for !db.guard.removed.Load() {
		if time.Since(start) > time.Second {
			t.Fatal("the removal was not noticed within a second")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("removal noticed after %s", time.Since(start).Round(time.Millisecond))
}

// TestMustExist: a store that must exist is not created, and a file that is not a luoshi
// database is refused rather than migrated.
func TestMustExist(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "luoshi.db")
	_, err := Open(t.Context(), "sqlite:"+file, MustExist())
	if e, ok := luoshi.AsError(err); !ok || e.Key != "store.missing" {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("MustExist created the file: %v", err)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	_, err = Open(t.Context(), "sqlite:"+empty, MustExist())
	if e, ok := luoshi.AsError(err); !ok || e.Key != "store.not_luoshi" {
		t.Fatalf("empty file: %v", err)
	}
	db, err := Open(t.Context(), "sqlite:"+file)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(t.Context(), "sqlite:"+file, MustExist())
	if err != nil {
		t.Fatalf("existing database: %v", err)
	}
	db.Close()
}

// TestDiskFull fills the database's file system: a write that does not fit is an
// EUNAVAILABLE error naming the full disk, never a bare error; the health check says so;
// and when space is freed, writes are kept again.
func TestDiskFull(t *testing.T) {
	dir := disktest.Tmpfs(t, "8m")
	db := openScratch(t, filepath.Join(dir, "luoshi.db"))
	if err := write(db, 10000); err != nil {
		t.Fatal(err)
	}
	disktest.Fill(t, filepath.Join(dir, "filler"))
	wantCause(t, "health when full", db.Health(t.Context()), KeyFull)
	var err error
	n := 0
	for ; n < 5000 && err == nil; n++ {
		err = write(db, 20000)
	}
	wantCause(t, "write when full", err, KeyFull)
	t.Logf("the disk took %d more writes into space SQLite already had", n-1)
	os.Remove(filepath.Join(dir, "filler"))
	if err := write(db, 20000); err != nil {
		t.Fatalf("write after space was freed: %v", err)
	}
	if err := db.Health(t.Context()); err != nil {
		t.Fatalf("health after space was freed: %v", err)
	}
}

// TestReadOnlyRefused: a database on a read-only file system is refused at open with the
// cause, not opened to fail every write later.
func TestReadOnlyRefused(t *testing.T) {
	dir := disktest.Tmpfs(t, "8m")
	file := filepath.Join(dir, "luoshi.db")
	db, err := Open(t.Context(), "sqlite:"+file)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	disktest.ReadOnly(t, dir)
	_, err = Open(t.Context(), "sqlite:"+file, MustExist())
	wantCause(t, "open read-only", err, KeyReadOnly)
}

// TestWALLeftRefused: a database removed while open leaves its write-ahead log; a new
// database is not begun beside it.
func TestWALLeftRefused(t *testing.T) {
	file := filepath.Join(t.TempDir(), "luoshi.db")
	db := openScratch(t, file)
	if err := write(db, 100); err != nil {
		t.Fatal(err)
	}
	os.Remove(file)
	_, err := Open(t.Context(), "sqlite:"+file)
	if e, ok := luoshi.AsError(err); !ok || e.Key != "store.wal_left" {
		t.Fatalf("open beside a left log: %v", err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a new database was created: %v", err)
	}
}

// TestPostgresHealth: PostgreSQL is healthy while it answers; a read-only database (a
// standby, default_transaction_read_only) is refused at open naming the cause; a primary
// that does not answer makes the health check's 503; a caller that goes away does not.
func TestPostgresHealth(t *testing.T) {
	dsn := pgtest.DSN(t)
	db, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Health(t.Context()); err != nil {
		t.Fatalf("health: %v", err)
	}
	// A client gone before the check's answer (its request's context cancelled): the
	// database still answers, so the check is no 503 (it was "database does not answer",
	// logged as an error, at the end of every load run).
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	if err := db.Health(gone); err != nil {
		t.Fatalf("health with the caller gone: %v", err)
	}
	_, err = Open(t.Context(), pgtest.WithParam(dsn, "default_transaction_read_only", "on"))
	wantCause(t, "open a read-only PostgreSQL", err, KeyReadOnly)
	db.w.Close()
	wantCause(t, "health with the pool closed", db.Health(t.Context()), KeyUnreachable)
}

// TestSynchronousFull: the writer commits with synchronous=FULL, so that an acknowledged
// write is in the log on disk (fsynced) before the answer, and survives a power cut.
func TestSynchronousFull(t *testing.T) {
	db := openScratch(t, filepath.Join(t.TempDir(), "luoshi.db"))
	var mode, journal string
	if err := db.w.QueryRow(`PRAGMA synchronous`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := db.w.QueryRow(`PRAGMA journal_mode`).Scan(&journal); err != nil {
		t.Fatal(err)
	}
	if mode != "2" || journal != "wal" {
		t.Fatalf("synchronous %s, journal %s: want 2 (FULL) and wal", mode, journal)
	}
}
