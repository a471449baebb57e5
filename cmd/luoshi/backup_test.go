package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

func runBackup(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := cmdBackup(context.Background(), args, &out, &out)
	return out.String(), err
}

func snapshots(t *testing.T, dir string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(dir, backupPrefix+"*"+backupSuffix))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(matches)
	return matches
}

// TestBackup backs up the demo county while items are being written: the snapshot is
// checked, private, answers the API as the database did, and carries the attachments; --keep
// drops the oldest; a snapshot whose audit chain was tampered with fails the check.
func TestBackup(t *testing.T) {
	c := newCopyEnv(t)
	lite := c.demoCounty(t)
	db, svc := c.open(t, lite)
	before := apiAnswers(t, svc, demoReaders, copyDemoPassword)
	count := func(db *store.DB) int64 {
		c, err := db.CheckDatabase(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return c.Rows["items"]
	}
	itemsBefore := count(db)

	files := t.TempDir()
	if err := os.WriteFile(filepath.Join(files, "a1b2c3"), []byte("会议纪要扫描件"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(files, "half.part"), []byte("being written"), 0o600)
	dir := filepath.Join(t.TempDir(), "backups")

	// A writer keeps recording reports on the database while the backup runs.
	sup, err := svc.ActorByUsername(context.Background(), "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	var stop atomic.Bool
	var wg sync.WaitGroup
	var writes atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		// At most 30 (paced), so that the newest 200 of a list still name every demo item.
		for i := 0; !stop.Load() && i < 30; i++ {
			time.Sleep(5 * time.Millisecond)
			in := service.ItemInput{Title: "备份期间新建的事项", Source: string(luoshi.SourceOther), Priority: string(luoshi.PriorityRoutine),
				LeadUnitID: sup.UnitID, Deadline: copyClock.Add(30 * 24 * time.Hour), Unclassified: &yes}
			if _, err := svc.CreateItem(context.Background(), sup, in); err != nil {
				t.Errorf("write during the backup: %v", err)
				return
			}
			writes.Add(1)
		}
	}()
	out, err := runBackup(t, "--db", lite, "--to", dir, "--files-dir", files)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	for _, want := range []string{"integrity ok", "audit trail intact", "1 new files", "key file"} {
		if !strings.Contains(out, want) {
			t.Errorf("the backup's report does not say %q:\n%s", want, out)
		}
	}
	snaps := snapshots(t, dir)
	if len(snaps) != 1 {
		t.Fatalf("snapshots %v, want one", snaps)
	}
	if info, _ := os.Stat(snaps[0]); info.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %v, want 0600", info.Mode().Perm())
	}
	if b, err := os.ReadFile(filepath.Join(dir, "files", "a1b2c3")); err != nil || string(b) != "会议纪要扫描件" {
		t.Errorf("mirrored attachment: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "files", "half.part")); err == nil {
		t.Error("a file still being written was mirrored")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.part")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	t.Logf("%d items written during the backup", writes.Load())
	db.Close()

	// The snapshot is a database luoshi opens and answers from as before the writes.
	bdb, bsvc := c.open(t, "sqlite:"+snaps[0])
	if n := count(bdb); n < itemsBefore || n > itemsBefore+writes.Load() {
		t.Errorf("the snapshot lists %d items; %d before the backup, %d written during it", n, itemsBefore, writes.Load())
	}
	after := apiAnswers(t, bsvc, demoReaders, copyDemoPassword)
	compared := 0
	for k, v := range before {
		a, ok := after[k]
		if !ok || strings.Contains(k, "/api/v1/items?") || strings.Contains(k, "stats") {
			// Lists and counts changed with the items written during the backup, and the
			// answers visit the items the newest 200 of a list name.
			continue
		}
		if compared++; a != v {
			t.Errorf("%s answers differently from the snapshot", k)
		}
	}
	if compared < 100 {
		t.Errorf("only %d answers compared", compared)
	}

	// Two more runs with --keep 2: the oldest goes; the attachments are not copied again.
	for range 2 {
		if out, err := runBackup(t, "--db", lite, "--to", dir, "--files-dir", files, "--keep", "2"); err != nil {
			t.Fatalf("backup: %v\n%s", err, out)
		} else if !strings.Contains(out, "0 new files") {
			t.Errorf("attachments copied again:\n%s", out)
		}
	}
	if now := snapshots(t, dir); len(now) != 2 || slices.Contains(now, snaps[0]) {
		t.Errorf("after --keep 2: %v (first was %s)", now, snaps[0])
	}

	// The check catches a snapshot whose audit trail was altered.
	bad := filepath.Join(t.TempDir(), "bad.db")
	b, _ := os.ReadFile(snapshots(t, dir)[0])
	os.WriteFile(bad, b, 0o600)
	raw, err := sql.Open("sqlite", bad)
	if err != nil {
		t.Fatal(err)
	}
	// Someone with the file drops the append-only trigger and rewrites a record.
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET detail = 'changed' WHERE seq = (SELECT MIN(seq) + 1 FROM audit_log)`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	if _, _, err := checkBackup(context.Background(), bad, nil); err == nil || !strings.Contains(err.Error(), "audit trail broken") {
		t.Errorf("a tampered snapshot passed its check: %v", err)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", lite}, "--to DIR is required"},
		{[]string{"--db", lite, "--to", dir, "--keep", "-1"}, "--keep -1"},
		{[]string{"--db", "postgres://luoshi@127.0.0.1/luoshi", "--to", dir}, "pg_dump"},
	} {
		if _, err := runBackup(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("backup %v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}
