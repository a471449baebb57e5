package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"luoshi/internal/fieldcrypt"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

const copyUsage = `usage: luoshi copy --from sqlite:FILE --to postgres://… [--merge [--parent-code CODE]]

Moves a database's regions into PostgreSQL in one transaction: every table, then checks of
the row counts, of every item's state and version and of the audit chain before committing.
Without --merge the target must be empty and every row keeps its id; with --merge the
source's regions join a target that holds others, under new ids, and the source's audit
trail is appended to the target's chain after a record of the import.`

// cmdCopy: `luoshi copy --from sqlite:county.db --to postgres://…`.
func cmdCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, copyUsage); fs.PrintDefaults() }
	from := fs.String("from", "", "source database (sqlite:FILE, or postgres://…); migrated to this version first")
	to := fs.String("to", "", "target database: postgres://…")
	merge := fs.Bool("merge", false, "add the source's regions to a target that already has others (new ids)")
	parent := fs.String("parent-code", "", "with --merge: put the copied regions under this region of the target (e.g. the city)")
	keyFile := fs.String("key-file", env("KEY_FILE", ""), "the key file whose keys sign the audit trail (needed to verify a keyed trail and to sign a merged one)")
	auditHead := fs.String("audit-head", env("AUDIT_HEAD", ""), "the target's audit head file, written after the copy")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("copy: --from and --to are required")
	}
	if !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://") {
		return fmt.Errorf("copy: --to must be PostgreSQL (postgres://…)")
	}
	if *from == *to {
		return errors.New("copy: --from and --to are the same database")
	}
	var keys *fieldcrypt.Keyring
	if *keyFile != "" {
		var err error
		if keys, err = fieldcrypt.LoadKeyring(*keyFile); err != nil {
			return err
		}
	}
	start := time.Now()
	src, err := store.Open(ctx, *from, store.MustExist())
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	defer dst.Close()
	var auditKeys service.AuditKeys
	if keys != nil {
		auditKeys = keys
	}
	var head *service.AuditHeadFile
	if *auditHead != "" && keys != nil {
		head = service.NewAuditHeadFile(*auditHead, keys)
	}
	mode := "into an empty database, keeping every id"
	if *merge {
		mode = "merging into a database that has other regions, with new ids"
	}
	fmt.Fprintf(stdout, "copy: %s\n", mode)
	res, err := store.Copy(ctx, src, dst, store.CopyOptions{Merge: *merge, ParentCode: *parent,
		AuditChain: service.NewAuditChain(auditKeys), Log: stdout})
	if err != nil {
		return err
	}
	// An independent check after the commit, as `luoshi audit verify` makes it.
	svc, err := service.New(ctx, dst)
	if err != nil {
		return err
	}
	svc.AuditKeys = auditKeys
	if head != nil && res.Head.MAC != "" {
		head.Record(res.Head)
		svc.AuditHead = head
	}
	v, err := svc.VerifyAudit(ctx, nil)
	if err != nil {
		return err
	}
	if !v.OK {
		return fmt.Errorf("copy: committed, but the target's audit trail does not verify: %s", v.Error)
	}
	regions := strings.Join(res.Regions, ", ")
	if n := len(res.Regions); n > 10 {
		regions = fmt.Sprintf("%d regions (%s … %s)", n, res.Regions[0], res.Regions[n-1])
	}
	fmt.Fprintf(stdout, "copy: done in %s — %s; %d items in the same state; audit trail intact (%d records)\n",
		time.Since(start).Round(time.Millisecond), regions, res.Items, v.Records)
	return nil
}
