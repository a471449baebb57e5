// Package pgtest gives tests a PostgreSQL schema of their own in the database named by
// LUOSHI_TEST_POSTGRES, dropped when the test ends. Without that variable the tests that need
// PostgreSQL are skipped — unless LUOSHI_REQUIRE_POSTGRES=1 (as in CI), which turns the skip
// into a failure, so that a run which never reached PostgreSQL cannot pass.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Env names the variable holding the DSN of the test database.
const Env = "LUOSHI_TEST_POSTGRES"

// RequireEnv names the variable that makes a missing DSN a failure.
const RequireEnv = "LUOSHI_REQUIRE_POSTGRES"

// Base returns the DSN of the test database, skipping tb when there is none (failing it
// when PostgreSQL is required).
func Base(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(Env)
	if dsn == "" {
		if os.Getenv(RequireEnv) == "1" {
			tb.Fatalf("%s=1 but %s is empty: PostgreSQL was not reached", RequireEnv, Env)
		}
		tb.Skipf("%s is not set: the PostgreSQL tests are skipped", Env)
	}
	return dsn
}

// DSN creates a fresh schema in the test database and returns a DSN whose connections use it
// (search_path), so that every table a test creates lands there. The schema is dropped with
// everything in it when tb ends; close the store first (tb.Cleanup runs last-in first-out, so
// a store opened after DSN and closed in a cleanup is closed in time).
func DSN(tb testing.TB) string {
	tb.Helper()
	base := Base(tb)
	var b [6]byte
	rand.Read(b[:])
	schema := fmt.Sprintf("t%s_%s", time.Now().UTC().Format("150405"), hex.EncodeToString(b[:]))
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		tb.Fatalf("postgres (%s): create schema: %v", Env, err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("postgres: drop schema %s: %v", schema, err)
		}
	})
	return WithParam(base, "search_path", schema)
}

// WithParam adds a run-time parameter to a DSN in either of pgx's forms.
func WithParam(dsn, key, value string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set(key, value)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return dsn + " " + key + "=" + value
}
