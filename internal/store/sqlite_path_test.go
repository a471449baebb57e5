package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
)

// awkwardNames are file names that mean something in a SQLite URI ("file:…?…#…", with %HH
// escapes) or in the driver's DSN (its query starts at the first "?").
var awkwardNames = []string{
	"a#b.db",           // a fragment: SQLite would open "a"
	"q?mode=ro&x=1.db", // a query inside the name: the driver would take it for its own
	"p%41%zz.db",       // an escape: SQLite would open "pA%zz.db"
	"县#1 数据?.db",       // Chinese and a space beside both
}

// TestOpenAwkwardSQLitePath opens a database under each awkward name, writes a region, and
// finds the data in exactly that file: no other file appears in the directory, the file is
// a SQLite database, and opening it again (as it must exist) reads the region back. A
// snapshot of it into another awkward name and a bulk load into one hold the same.
func TestOpenAwkwardSQLitePath(t *testing.T) {
	ctx := t.Context()
	for _, name := range awkwardNames {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, name)
			db, err := store.Open(ctx, "sqlite:"+file)
			if err != nil {
				t.Fatalf("open %q: %v", file, err)
			}
			r := &luoshi.Region{Code: "420117", Name: "新洲区", TZ: "Asia/Shanghai"}
			if err := db.Update(ctx, func(tx luoshi.Tx) error { return tx.CreateRegion(ctx, r) }); err != nil {
				t.Fatal(err)
			}
			snap := filepath.Join(dir, "snap#"+name)
			if err := db.Snapshot(ctx, snap); err != nil {
				t.Fatalf("snapshot: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			onlyFiles(t, dir, name, "snap#"+name)
			for _, f := range []string{file, snap} {
				mustHoldRegion(ctx, t, f, r)
			}

			bulkDir := t.TempDir()
			bulkFile := filepath.Join(bulkDir, name)
			b, err := store.OpenBulk(ctx, "sqlite:"+bulkFile)
			if err != nil {
				t.Fatalf("bulk open: %v", err)
			}
			if err := b.Region(&luoshi.Region{ID: r.ID, Code: r.Code, Name: r.Name, TZ: r.TZ}); err != nil {
				t.Fatal(err)
			}
			if err := b.Close(); err != nil {
				t.Fatalf("bulk close: %v", err)
			}
			onlyFiles(t, bulkDir, name)
			mustHoldRegion(ctx, t, bulkFile, r)
		})
	}
}

// TestOpenSQLitePathDoubleSlash opens an absolute path written with a leading "//", which a
// URI reads as an authority ("file://tmp/…" names the host "tmp").
func TestOpenSQLitePathDoubleSlash(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	db, err := store.Open(ctx, "sqlite:/"+filepath.Join(dir, "luoshi.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	r := &luoshi.Region{Code: "420117", Name: "新洲区", TZ: "Asia/Shanghai"}
	if err := db.Update(ctx, func(tx luoshi.Tx) error { return tx.CreateRegion(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	onlyFiles(t, dir, "luoshi.db")
	mustHoldRegion(ctx, t, filepath.Join(dir, "luoshi.db"), r)
}

// onlyFiles fails unless dir holds the named databases and nothing else but their
// write-ahead logs and shared-memory files.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, "-wal") && !strings.HasSuffix(n, "-shm") {
			got = append(got, n)
		}
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(names))
	if !slices.Equal(got, want) {
		t.Fatalf("directory holds %q, want exactly %q", got, want)
	}
	for _, n := range names {
		head := make([]byte, 16)
		f, err := os.Open(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.Read(head)
		f.Close()
		if err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
			t.Fatalf("%q is not a SQLite database (head %q, %v)", n, head, err)
		}
	}
}

// mustHoldRegion opens file as a database that must exist and finds region r in it.
func mustHoldRegion(ctx context.Context, t *testing.T, file string, r *luoshi.Region) {
	t.Helper()
	db, err := store.Open(ctx, "sqlite:"+file, store.MustExist())
	if err != nil {
		t.Fatalf("open %q again: %v", file, err)
	}
	defer db.Close()
	var got *luoshi.Region
	if err := db.View(ctx, func(tx luoshi.Tx) (err error) {
		got, err = tx.FindRegionByID(ctx, r.ID)
		return err
	}); err != nil {
		t.Fatalf("%q: %v", file, err)
	}
	if got.Code != r.Code || got.Name != r.Name {
		t.Fatalf("%q holds region %+v, want %+v", file, got, r)
	}
}
