// Command luoshi is the one binary of luoshi (落实): the server, its migrations, and the
// operator's tools.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"luoshi/internal/i18n"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `luoshi (落实) — 督查督办：让决策落地，并能证明

Usage:
  luoshi serve    [--addr 127.0.0.1:8080] [--db sqlite:luoshi.db] [--demo] [--demo-password P] [--create]
                                           serve an existing database; --create makes a missing one,
                                           --demo makes one with the demo county where none is
  luoshi migrate  [--db …] [--dry-run]     apply the pending migrations (each in its own transaction)
                                           and exit; --dry-run lists them and changes nothing
  luoshi init --region-code C --region-name N   create a county and its three administrators
  luoshi admin reset-password --user NAME [--reset-2fa]
                                           recover an account (an administrator's only so):
                                           one-time password, sessions ended, audited
  luoshi calendar import FILE [--db …]     import a working-day calendar CSV (date,kind,name)
  luoshi calendar load --year Y FILE [--db …]
                                           load one year's arrangement (国务院办公厅放假安排) from a
                                           CSV holding that year only; all or nothing
  luoshi calendar years [--db …]           list the years loaded, and warn when next year is due
  luoshi audit verify [--db …] [--key-file …] [--audit-head …]
                                           check the audit trail: SM3 and HMAC-SM3 chains, checkpoints, head file
  luoshi audit prune --days N [--db …]     delete audit records older than N days (N ≥ retention)
  luoshi keys rotate [--key-file …]        new SM4 key; re-encrypt sensitive fields
  luoshi copy --from sqlite:F --to postgres://… [--merge [--parent-code C]]
                                           move a county into PostgreSQL, checked before it commits
  luoshi backup --to DIR [--keep N] [--db sqlite:…] [--files-dir …]
                                           checked snapshot of a running SQLite database + attachments
  luoshi bench gen|load|serve …            synthetic data, load driver, profiling (see docs/performance.md)
  luoshi permissions [--lang en]           every module's actions: from which states, who may take them
  luoshi version                           version, commit, schema version, Go

Every flag also reads from LUOSHI_<NAME> (e.g. LUOSHI_DB, LUOSHI_ADDR, LUOSHI_DEMO_PASSWORD).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "luoshi:", operatorText(err))
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], stdout, stderr)
	case "calendar":
		return cmdCalendar(ctx, args[1:], stdout, stderr)
	case "audit":
		return cmdAudit(ctx, args[1:], stdout, stderr)
	case "keys":
		return cmdKeys(ctx, args[1:], stdout, stderr)
	case "init":
		return cmdInit(ctx, args[1:], stdout, stderr)
	case "admin":
		return cmdAdmin(ctx, args[1:], stdout, stderr)
	case "copy":
		return cmdCopy(ctx, args[1:], stdout, stderr)
	case "backup":
		return cmdBackup(ctx, args[1:], stdout, stderr)
	case "bench":
		return cmdBench(ctx, args[1:], stdout, stderr)
	case "permissions":
		return cmdPermissions(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		return cmdVersion(stdout)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// operatorText is an error as the operator at the terminal reads it: a domain error's
// messages rendered in Chinese from the catalogue, inside whatever context wraps it.
func operatorText(err error) string { return i18n.ZH.Text(err) }
