package store

import (
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/pgtest"
)

// schemaDB is a database the schema tests open more than once and read behind the store.
type schemaDB struct {
	dsn string
	raw *sql.DB
}

// schemaDatabases runs fn on a fresh SQLite file and a fresh PostgreSQL schema.
func schemaDatabases(t *testing.T, fn func(t *testing.T, d schemaDB)) {
	t.Run("sqlite", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "luoshi.db")
		raw, err := sql.Open("sqlite", "file:"+file)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		fn(t, schemaDB{dsn: "sqlite:" + file, raw: raw})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		raw, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		fn(t, schemaDB{dsn: dsn, raw: raw})
	})
}

// withMigrations makes the store see the first n real migrations of each dialect and the
// extra files given (name → SQL, for both dialects) until the test ends.
func withMigrations(t *testing.T, n int, extra map[string]string) {
	t.Helper()
	m := fstest.MapFS{}
	for _, dialect := range []string{DialectSQLite, DialectPostgres} {
		names, err := Migrations(dialect)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names[:n] {
			body, err := fs.ReadFile(migrations, "migrations/"+dialect+"/"+name)
			if err != nil {
				t.Fatal(err)
			}
			m["migrations/"+dialect+"/"+name] = &fstest.MapFile{Data: body}
		}
		for name, body := range extra {
			m["migrations/"+dialect+"/"+name] = &fstest.MapFile{Data: []byte(body)}
		}
	}
	old := migrationFS
	migrationFS = m
	t.Cleanup(func() { migrationFS = old })
}

func schemaRows(t *testing.T, raw *sql.DB) (n, top int) {
	t.Helper()
	if err := raw.QueryRow(`SELECT COUNT(*), COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&n, &top); err != nil {
		t.Fatal(err)
	}
	return n, top
}

// TestFailedMigrationKeepsVersion: a migration that fails halfway leaves the database at the
// version before it — its first statement undone, no row in schema_migrations — and the
// server refuses to start; once the migration is fixed, it applies.
func TestFailedMigrationKeepsVersion(t *testing.T) {
	known := SchemaVersion()
	broken := fmt.Sprintf("%04d_broken.sql", known+1)
	schemaDatabases(t, func(t *testing.T, d schemaDB) {
		withMigrations(t, known, map[string]string{
			broken: "CREATE TABLE half_done (id BIGINT);\nINSERT INTO no_such_table (id) VALUES (1);\n"})
		_, err := Open(t.Context(), d.dsn)
		if err == nil || !strings.Contains(err.Error(), broken) {
			t.Fatalf("open with a broken migration: %v, want an error naming %s", err, broken)
		}
		if n, top := schemaRows(t, d.raw); n != known || top != known {
			t.Errorf("after the failed migration: %d migrations up to %d, want %d up to %d", n, top, known, known)
		}
		var probe int
		if err := d.raw.QueryRow(`SELECT COUNT(*) FROM half_done`).Scan(&probe); err == nil {
			t.Error("the failed migration's first statement was kept: table half_done exists")
		}
		withMigrations(t, known, map[string]string{broken: "CREATE TABLE half_done (id BIGINT);\n"})
		db, err := Open(t.Context(), d.dsn)
		if err != nil {
			t.Fatalf("open with the migration fixed: %v", err)
		}
		db.Close()
		if n, top := schemaRows(t, d.raw); n != known+1 || top != known+1 {
			t.Errorf("after the fixed migration: %d migrations up to %d, want %d", n, top, known+1)
		}
	})
}

// TestSchemaNewerRefused: a database a newer binary migrated is refused, by Open and by
// Pending, with both versions named, and left as it was.
func TestSchemaNewerRefused(t *testing.T) {
	known := SchemaVersion()
	schemaDatabases(t, func(t *testing.T, d schemaDB) {
		db, err := Open(t.Context(), d.dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if _, err := d.raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)`, known+2); err != nil {
			t.Fatal(err)
		}
		check := func(what string, err error) {
			t.Helper()
			e, ok := luoshi.AsError(err)
			if !ok || e.Key != "store.schema_newer" {
				t.Fatalf("%s: %v, want store.schema_newer", what, err)
			}
			if len(e.Args) < 2 || e.Args[0] != known+2 || e.Args[1] != known {
				t.Errorf("%s: args %v, want the database's %d and the binary's %d", what, e.Args, known+2, known)
			}
		}
		_, err = Open(t.Context(), d.dsn)
		check("open", err)
		db, err = Open(t.Context(), d.dsn, WithoutMigrating())
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Pending(t.Context())
		check("pending", err)
		db.Close()
		if n, top := schemaRows(t, d.raw); n != known+1 || top != known+2 {
			t.Errorf("the refused database changed: %d migrations up to %d", n, top)
		}
	})
}

// TestPendingChangesNothing: a database at an earlier schema lists the rest as pending,
// in order, and stays where it is until opened for real.
func TestPendingChangesNothing(t *testing.T) {
	known := SchemaVersion()
	const at = 5
	schemaDatabases(t, func(t *testing.T, d schemaDB) {
		withMigrations(t, at, nil)
		db, err := Open(t.Context(), d.dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		migrationFS = migrations
		db, err = Open(t.Context(), d.dsn, WithoutMigrating(), MustExist())
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.SchemaVersion(t.Context())
		if err != nil || v != at {
			t.Errorf("SchemaVersion = %d, %v; want %d", v, err, at)
		}
		pending, err := db.Pending(t.Context())
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != known-at || pending[0].Version != at+1 || pending[len(pending)-1].Version != known {
			t.Fatalf("pending = %v, want %d..%d", pending, at+1, known)
		}
		if n, top := schemaRows(t, d.raw); n != at || top != at {
			t.Errorf("Pending changed the database: %d migrations up to %d", n, top)
		}
		db, err = Open(t.Context(), d.dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if n, top := schemaRows(t, d.raw); n != known || top != known {
			t.Errorf("after Open: %d migrations up to %d, want %d", n, top, known)
		}
	})
}

// transactionControl matches statements that would end a migration's transaction early or
// cannot run inside one.
var transactionControl = regexp.MustCompile(`(?im)^\s*(COMMIT|ROLLBACK|BEGIN\s*;|BEGIN\s+TRANSACTION|END\s+TRANSACTION|VACUUM|PRAGMA|.*\bCONCURRENTLY\b)`)

// TestMigrationsTransactional: no migration steps outside the transaction it runs in.
func TestMigrationsTransactional(t *testing.T) {
	for _, dialect := range []string{DialectSQLite, DialectPostgres} {
		names, err := Migrations(dialect)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			body, err := fs.ReadFile(migrations, "migrations/"+dialect+"/"+name)
			if err != nil {
				t.Fatal(err)
			}
			if m := transactionControl.Find(body); m != nil {
				t.Errorf("%s/%s: %q cannot run inside the migration's transaction", dialect, name, strings.TrimSpace(string(m)))
			}
		}
	}
}
