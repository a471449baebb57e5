package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"luoshi/internal/fieldcrypt"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// backupPrefix and backupSuffix name the snapshots in a backup directory; the UTC time
// between them sorts them by age.
const (
	backupPrefix = "luoshi-"
	backupSuffix = ".db"
)

// cmdBackup: `luoshi backup --to DIR [--keep N]` writes a checked snapshot of a SQLite
// database into DIR while the server keeps running, mirrors the attachments beside it, and
// keeps the newest N snapshots.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("backup", &cfg, stderr, false)
	to := fs.String("to", env("BACKUP_DIR", ""), "directory of the backups (created if missing)")
	keep := fs.Int("keep", 0, "keep only the newest N snapshots in the directory (0: keep all)")
	fs.StringVar(&cfg.FilesDir, "files-dir", env("FILES_DIR", "luoshi-files"), "attachments to mirror into DIR/files (skipped if the directory does not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to DIR is required")
	}
	if *keep < 0 {
		return fmt.Errorf("backup: --keep %d: want 0 (keep all) or more", *keep)
	}
	if !strings.HasPrefix(cfg.DB, "sqlite:") {
		return fmt.Errorf("backup: %w", store.ErrSnapshotPostgres)
	}
	if err := os.MkdirAll(*to, 0o700); err != nil {
		return err
	}
	t0 := time.Now()
	name := backupPrefix + t0.UTC().Format("20060102T150405.000Z") + backupSuffix
	final := filepath.Join(*to, name)
	if _, err := os.Stat(final); err == nil {
		return fmt.Errorf("backup: %s already exists; run again", final)
	}
	part := final + ".part"
	os.Remove(part) // what a killed run left
	if err := snapshot(ctx, cfg.DB, part); err != nil {
		os.Remove(part)
		return err
	}
	keys, err := backupKeys(cfg.KeyFile)
	if err != nil {
		os.Remove(part)
		return err
	}
	summary, head, err := checkBackup(ctx, part, keys)
	if err != nil {
		os.Remove(part)
		return fmt.Errorf("backup: the snapshot failed its check and was deleted: %w", err)
	}
	// What the backup holds is as sensitive as the database: readable by its owner only.
	if err := os.Chmod(part, 0o600); err != nil {
		return err
	}
	if err := os.Rename(part, final); err != nil {
		return err
	}
	// The snapshot's own head file, so that a restored copy verifies as the database did.
	if head != nil {
		service.NewAuditHeadFile(service.AuditHeadPath(final), keys).Record(*head)
	}
	info, _ := os.Stat(final)
	fmt.Fprintf(stdout, "backup: %s (%.1f MB) in %s — %s\n", final, float64(info.Size())/1e6,
		time.Since(t0).Round(time.Millisecond), summary)
	if n, bytes, err := mirrorFiles(cfg.FilesDir, filepath.Join(*to, "files")); err != nil {
		return fmt.Errorf("backup: the database is saved; mirroring the attachments failed: %w", err)
	} else if n >= 0 {
		fmt.Fprintf(stdout, "backup: attachments: %d new files (%.1f MB) mirrored into %s\n", n, float64(bytes)/1e6, filepath.Join(*to, "files"))
	}
	if *keep > 0 {
		removed, err := pruneBackups(*to, *keep)
		if err != nil {
			return err
		}
		for _, r := range removed {
			fmt.Fprintf(stdout, "backup: removed the older %s\n", r)
		}
	}
	fmt.Fprintln(stdout, "backup: the key file (--key-file) is not in the backup: keep a copy of it apart from the database copies")
	return nil
}

func snapshot(ctx context.Context, dsn, file string) error {
	db, err := store.Open(ctx, dsn, store.MustExist()) // a missing database is no backup
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Snapshot(ctx, file)
}

// backupKeys loads the key file the audit trail's MACs are checked with; with no key file
// there (a database from before the keyed chain) the check is of the plain chain alone, and
// a keyed record then fails it.
func backupKeys(path string) (*fieldcrypt.Keyring, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return fieldcrypt.LoadKeyring(path)
}

// checkBackup opens a snapshot as luoshi would and checks it: SQLite's integrity check, the
// audit chain (with the MACs, under keys), and the rows it holds. It returns the snapshot's
// last keyed audit record, for its head file.
func checkBackup(ctx context.Context, file string, keys *fieldcrypt.Keyring) (string, *luoshi.AuditMark, error) {
	db, err := store.Open(ctx, "sqlite:"+file, store.MustExist())
	if err != nil {
		return "", nil, err
	}
	defer db.Close()
	c, err := db.CheckDatabase(ctx)
	if err != nil {
		return "", nil, err
	}
	if c.Integrity != "ok" {
		return "", nil, fmt.Errorf("integrity check: %s", c.Integrity)
	}
	svc, err := service.New(ctx, db)
	if err != nil {
		return "", nil, err
	}
	if keys != nil {
		svc.AuditKeys = keys
	}
	res, err := svc.VerifyAudit(ctx, nil)
	if err != nil {
		return "", nil, err
	}
	if !res.OK {
		return "", nil, fmt.Errorf("audit trail broken after %d records: %w", res.Records, res.Err())
	}
	var head *luoshi.AuditMark
	if keys != nil && res.Last != nil && res.Last.MAC != "" {
		head = res.Last
	}
	return fmt.Sprintf("integrity ok, %d items, %d events, %d accounts, audit trail intact (%d records, %d keyed)",
		c.Rows["items"], c.Rows["events"], c.Rows["users"], res.Records, res.Keyed), head, nil
}

// mirrorFiles copies the attachments that dst does not hold yet. Attachments are never
// changed once stored (a new version is a new file), so a file already there is not copied
// again; n is -1 when src does not exist.
func mirrorFiles(src, dst string) (n int, bytes int64, err error) {
	entries, err := os.ReadDir(src)
	if errors.Is(err, os.ErrNotExist) {
		return -1, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return 0, 0, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasSuffix(e.Name(), ".part") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return n, bytes, err
		}
		if have, err := os.Stat(filepath.Join(dst, e.Name())); err == nil && have.Size() == info.Size() {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return n, bytes, err
		}
		n, bytes = n+1, bytes+info.Size()
	}
	return n, bytes, nil
}

// copyFile copies through a temporary name, synced, so that dst is whole or absent.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := dst + ".part"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}

// pruneBackups deletes all but the newest keep snapshots of dir.
func pruneBackups(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var snaps []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, backupPrefix) && strings.HasSuffix(n, backupSuffix) {
			snaps = append(snaps, n)
		}
	}
	slices.Sort(snaps)
	var removed []string
	for len(snaps) > keep {
		if err := os.Remove(filepath.Join(dir, snaps[0])); err != nil {
			return removed, err
		}
		os.Remove(service.AuditHeadPath(filepath.Join(dir, snaps[0])))
		removed, snaps = append(removed, snaps[0]), snaps[1:]
	}
	return removed, nil
}
