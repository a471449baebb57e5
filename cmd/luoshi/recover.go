package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
)

// cmdAdmin: `luoshi admin reset-password --user NAME [--reset-2fa]`, the recovery of an
// account from the server. It is how an administrator's account is recovered: no
// administrator resets another's password or second factor through the application (三员分立).
func cmdAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "reset-password" {
		return errors.New("usage: luoshi admin reset-password --user NAME [--reset-2fa] [--db …]")
	}
	var cfg Config
	fs := newFlagSet("admin", &cfg, stderr, false)
	name := fs.String("user", "", "the account to recover (its username)")
	reset2FA := fs.Bool("reset-2fa", false, "also remove the account's second factor and recovery codes (bound again at the next login)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("usage: luoshi admin reset-password --user NAME [--reset-2fa] [--db …]")
	}
	db, svc, err := openService(ctx, &cfg, stdout)
	if err != nil {
		return err
	}
	defer db.Close()
	pw := generatePassword()
	rec, err := svc.RecoverAccount(ctx, *name, pw, *reset2FA, operatorOf())
	if err != nil {
		return fmt.Errorf("reset-password %s: %w", *name, err)
	}
	fmt.Fprintf(stdout, "account %s recovered; its sessions and API tokens are ended. One-time password (change at the next login):\n  %s\n", rec.Username, pw)
	if rec.SecondFactorRemoved {
		fmt.Fprintln(stdout, "its second factor and recovery codes are removed; it is bound again at the next login where the policy requires it")
	}
	return nil
}

// operatorOf names who runs a command and where, for the audit trail.
func operatorOf() string {
	host, _ := os.Hostname()
	name := "?"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return fmt.Sprintf("%s@%s (uid %d)", name, host, os.Getuid())
}
