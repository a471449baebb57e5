package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"path/filepath"
	"sync"
	"testing"

	"luoshi/internal/luoshi"
)

// blobOf is the content of the i-th row the tests below write: n bytes that differ by row.
func blobOf(i, n int) []byte {
	b := make([]byte, 0, n+32)
	for len(b) < n {
		s := sha256.Sum256([]byte{byte(i), byte(i >> 8), byte(len(b)), byte(len(b) >> 8)})
		b = append(b, s[:]...)
	}
	return b[:n]
}

// TestLogWritesGathered: the writer's commits reach the log in a few writes each, not two a
// frame, and what readers on other connections (which open the log through SQLite's own VFS)
// read is what was written, row by row, while the writes go on and after.
func TestLogWritesGathered(t *testing.T) {
	db := openScratch(t, filepath.Join(t.TempDir(), "luoshi.db"))
	var vfs string
	if err := db.w.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&vfs); err != nil {
		t.Fatal(err)
	}
	received, written := walVFS.received.Load(), walVFS.written.Load()
	const rows, blob = 60, 9000 // a row: two overflow pages and its leaf, at least
	// Readers check every row they see while the writer writes.
	var mu sync.Mutex
	seen := map[int]bool{}
	stop := repeatUntilStopped(t, 2, func() error {
		return db.View(context.Background(), func(x luoshi.Tx) error {
			rs, err := x.(*tx).tx.Query(`SELECT rowid, b FROM scratch ORDER BY rowid DESC LIMIT 3`)
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				var id int
				var b []byte
				if err := rs.Scan(&id, &b); err != nil {
					return err
				}
				if !bytes.Equal(b, blobOf(id, blob)) {
					t.Errorf("a reader read row %d wrong", id)
				}
				mu.Lock()
				seen[id] = true
				mu.Unlock()
			}
			return rs.Err()
		})
	})
	for i := 1; i <= rows; i++ {
		err := db.Update(context.Background(), func(x luoshi.Tx) error {
			_, err := x.(*tx).tx.Exec(`INSERT INTO scratch (rowid, b) VALUES ($1, $2)`, i, blobOf(i, blob))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	stop()
	got, made := walVFS.received.Load()-received, walVFS.written.Load()-written
	t.Logf("%d commits: %d writes to the log received, %d made; readers saw %d rows", rows, got, made, len(seen))
	// Each commit writes at least three frames, two writes each; gathered, a commit is one
	// write (the hand-overs' and restarts' log headers aside).
	if got < 6*rows {
		t.Fatalf("%d writes received for %d commits: the writer's log is not opened through %s", got, rows, walVFSName)
	}
	if made > got/4 {
		t.Fatalf("%d writes made of %d received: not gathered", made, got)
	}
	rs, err := db.r.Query(`SELECT rowid, b FROM scratch ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	n := 0
	for rs.Next() {
		var id int
		var b []byte
		if err := rs.Scan(&id, &b); err != nil {
			t.Fatal(err)
		}
		n++
		if id != n || !bytes.Equal(b, blobOf(id, blob)) {
			t.Fatalf("row %d (the %d-th) is not what was written", id, n)
		}
	}
	if n != rows {
		t.Fatalf("%d rows, want %d", n, rows)
	}
	var ok string
	if err := db.w.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity: %s (%v)", ok, err)
	}
}

// TestLogHandedOverBeforeSync: when the writer syncs the log, every byte of it SQLite wrote is
// with the file system, so that the sync makes it durable: a commit is acknowledged after
// its sync, and a power cut after that must not lose it.
func TestLogHandedOverBeforeSync(t *testing.T) {
	db := openScratch(t, filepath.Join(t.TempDir(), "luoshi.db"))
	var syncs, early int
	var mu sync.Mutex
	walSyncHook = func(l *walLog) {
		mu.Lock()
		defer mu.Unlock()
		syncs++
		if !l.handedOver() {
			early++
		}
	}
	t.Cleanup(func() { walSyncHook = nil })
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 20 {
				err := db.Update(context.Background(), func(x luoshi.Tx) error {
					_, err := x.(*tx).tx.Exec(`INSERT INTO scratch (b) VALUES ($1)`, blobOf(w*100+i, 6000))
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if syncs == 0 {
		t.Fatal("the log was never synced through the hook: the writer's log is not opened through " + walVFSName)
	}
	if early > 0 {
		t.Fatalf("%d of %d syncs of the log found writes still waiting to be handed to the file system", early, syncs)
	}
}
