package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"luoshi/internal/fieldcrypt"
	"luoshi/internal/luoshi"
)

// cmdAudit: `luoshi audit verify` and `luoshi audit prune --days N`.
func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "prune") {
		return errors.New("usage: luoshi audit verify | luoshi audit prune --days N   [--db …]")
	}
	var cfg Config
	fs := newFlagSet("audit", &cfg, stderr, false)
	days := fs.Int("days", 0, "prune: delete records older than this many days (never fewer than the policy's retention)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	// A key file made up on the spot would make every signed record look rewritten.
	if _, err := os.Stat(cfg.KeyFile); err != nil {
		return fmt.Errorf("audit: the key file that signs the trail (--key-file %s): %w", cfg.KeyFile, err)
	}
	db, svc, err := openService(ctx, &cfg, stdout, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "prune" {
		n, err := svc.PruneAudit(ctx, *days)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "pruned %d audit records older than %d days\n", n, *days)
		return nil
	}
	res, err := svc.VerifyAudit(ctx, nil)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("audit trail BROKEN after verifying %d records: %w", res.Records, res.Err())
	}
	fmt.Fprintf(stdout, "audit trail intact: %d records verified (SM3 chain)\n", res.Records)
	switch {
	case res.Keyed == 0:
		fmt.Fprintln(stdout, "keyed chain: not started — no record carries a MAC yet (written before the keyed chain, or without the key file)")
	case res.KeyedFrom > 0:
		fmt.Fprintf(stdout, "keyed chain: %d records signed with HMAC-SM3 under the key file, from record id %d on; the records before it carry the plain SM3 chain only\n", res.Keyed, res.KeyedFrom)
	}
	if res.HeadFile == "" {
		fmt.Fprintln(stdout, "head file: none configured (--audit-head): a cut tail cannot be found")
	} else if res.HeadID > 0 {
		fmt.Fprintf(stdout, "head file %s: names record id %d, which the trail holds unchanged\n", res.HeadFile, res.HeadID)
	} else {
		fmt.Fprintf(stdout, "head file %s: not written yet\n", res.HeadFile)
	}
	return nil
}

// cmdKeys: `luoshi keys rotate` adds a new current SM4 key and re-seals every field.
func cmdKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return errors.New("usage: luoshi keys rotate [--db …] [--key-file …]")
	}
	var cfg Config
	if err := newFlagSet("keys", &cfg, stderr, false).Parse(args[1:]); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if _, err := fieldcrypt.LoadKeyring(cfg.KeyFile); err != nil {
		return err
	}
	id, err := fieldcrypt.AddKey(cfg.KeyFile)
	if err != nil {
		return err
	}
	db, svc, err := openService(ctx, &cfg, stdout, false)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := svc.RotateKeys(ctx)
	if err != nil {
		return fmt.Errorf("re-encrypt (the new key %s stays in the file; run again): %w", id, err)
	}
	fmt.Fprintf(stdout, "new key %s is current; re-encrypted %d accounts' sensitive fields\n", id, n)
	return nil
}

// cmdInit creates a region with its government office and the three administrators of the
// separation of duties, each with a one-time password to change at first login.
func cmdInit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlagSet("init", &cfg, stderr, false)
	code := fs.String("region-code", "", "GB/T 2260 six-digit code of the county, e.g. 420117")
	name := fs.String("region-name", "", "name of the county, e.g. 武汉市新洲区")
	parent := fs.String("parent-code", "", "the region above it (its city), already in the database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if len(*code) != 6 || *name == "" {
		return errors.New("usage: luoshi init --region-code 420117 --region-name 新洲区 [--db …]")
	}
	if _, err := strconv.Atoi(*code); err != nil {
		return fmt.Errorf("--region-code %q: six digits", *code)
	}
	db, svc, err := openService(ctx, &cfg, stdout, true)
	if err != nil {
		return err
	}
	defer db.Close()
	// The first region of a database gets admin, security and audit; a further one (a
	// database serving several counties) admin_<code> and so on.
	var accounts [][3]string
	if *parent == "" {
		accounts, err = svc.Bootstrap(ctx, *code, *name, generatePassword)
	}
	if *parent != "" || luoshi.ErrorCode(err) == luoshi.ECONFLICT {
		accounts, err = svc.AddRegion(ctx, *code, *name, *parent, generatePassword)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created region %s %s. One-time passwords (change at first login; the second factor must be bound):\n", *code, *name)
	for _, a := range accounts {
		fmt.Fprintf(stdout, "  %-10s %-6s %s\n", a[0], a[1], a[2])
	}
	return nil
}
