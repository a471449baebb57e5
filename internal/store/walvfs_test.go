package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"math/rand/v2"
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
	checkRows(t, db, rows, func(id int) []byte { return blobOf(id, blob) })
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

// TestLogBigTransaction: a transaction larger than the writer's page cache goes to the log in
// pieces before its commit, and SQLite writes some of its frames again in place (a page
// spilled, then changed again); what it leaves is what was written.
func TestLogBigTransaction(t *testing.T) {
	db := openScratch(t, filepath.Join(t.TempDir(), "luoshi.db"))
	written, rewrites, elsewhere := walVFS.written.Load(), walVFS.rewrites.Load(), walVFS.elsewhere.Load()
	const rows, blob = 1500, 3000 // 4.5 MB of rows: more pages than the writer's 2 MB cache holds
	err := db.Update(context.Background(), func(x luoshi.Tx) error {
		for round := range 3 { // each round changes every row again, after the cache spilled
			for i := 1; i <= rows; i++ {
				q := `UPDATE scratch SET b = $2 WHERE rowid = $1`
				if round == 0 {
					q = `INSERT INTO scratch (rowid, b) VALUES ($1, $2)`
				}
				if _, err := x.(*tx).tx.Exec(q, i, blobOf(i*10+round, blob)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	made, again, away := walVFS.written.Load()-written, walVFS.rewrites.Load()-rewrites, walVFS.elsewhere.Load()-elsewhere
	t.Logf("one transaction: %d writes made; %d frames rewritten in the buffer, %d writes away from it", made, again, away)
	if made < 2 {
		t.Fatalf("%d writes made: a transaction past %d bytes was not written in pieces", made, walGatherMax)
	}
	if again+away == 0 {
		t.Fatal("SQLite wrote no frame of the transaction again: the test no longer covers it")
	}
	checkRows(t, db, rows, func(id int) []byte { return blobOf(id*10+2, blob) })
}

// checkRows reads scratch through a reader (on SQLite's own VFS): rows 1…n, each what want
// says, and the database passes SQLite's integrity check.
func checkRows(t *testing.T, db *DB, n int, want func(id int) []byte) {
	t.Helper()
	rs, err := db.r.Query(`SELECT rowid, b FROM scratch ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	i := 0
	for rs.Next() {
		var id int
		var b []byte
		if err := rs.Scan(&id, &b); err != nil {
			t.Fatal(err)
		}
		i++
		if id != i || !bytes.Equal(b, want(id)) {
			t.Fatalf("row %d (the %d-th) is not what was last written", id, i)
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	if i != n {
		t.Fatalf("%d rows, want %d", i, n)
	}
	var ok string
	if err := db.w.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity: %s (%v)", ok, err)
	}
}

// TestLogBufferKeepsOrder: whatever the writes — appends, rewrites inside what waits,
// rewrites before it, writes past a gap, pieces past walGatherMax — the file the buffer
// writes ends as the writes applied one after the other would leave it.
func TestLogBufferKeepsOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		const size = 3 * walGatherMax
		want := make([]byte, size)
		got := make([]byte, size)
		l := &walLog{}
		flush := func() int32 {
			copy(got[l.off:], l.buf)
			l.buf = l.buf[:0]
			return 0
		}
		next := int64(0)
		for range 300 {
			var off int64
			switch rng.IntN(4) {
			case 0, 1: // the next frame
				off = next
			case 2: // back into the log: a frame rewritten, its header's checksum
				off = rng.Int64N(next + 1)
			default: // a little past the end
				off = next + rng.Int64N(64)
			}
			n := 24
			if rng.IntN(2) == 0 {
				n = 4096
			}
			if off+int64(n) > size {
				continue
			}
			src := make([]byte, n)
			for i := range src {
				src[i] = byte(rng.IntN(256))
			}
			copy(want[off:], src)
			if rc := l.add(off, src, flush); rc != 0 {
				t.Fatal(rc)
			}
			next = max(next, off+int64(n))
		}
		flush()
		if !bytes.Equal(got, want) {
			t.Fatalf("round %d: the file differs from the writes applied in order", round)
		}
	}
}
