package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// The schema: numbered SQL files, the same numbers for both databases, applied forward only,
// each in a transaction of its own together with its row in schema_migrations, so that a
// migration that fails leaves the database at the version before it. A database whose
// schema is newer than the binary is refused: the old binary does not know what the new
// columns and rules mean, and writing through it could break them.

// Migration is one schema change: its number (the schema version it makes) and its file.
type Migration struct {
	Version int
	Name    string // the file's name, e.g. 0013_bulletins.sql
}

// migrationFS holds the migrations, one directory per dialect; tests put a failing
// migration in it.
var migrationFS fs.FS = migrations

// Migrations lists the migration files of a dialect, sorted by number.
func Migrations(dialect string) ([]string, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations/"+dialect)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// migrationList is a dialect's migrations with their numbers.
func migrationList(dialect string) ([]Migration, error) {
	names, err := Migrations(dialect)
	if err != nil {
		return nil, err
	}
	list := make([]Migration, 0, len(names))
	for _, name := range names {
		num, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("bad migration file name %s", name)
		}
		list = append(list, Migration{Version: num, Name: name})
	}
	return list, nil
}

// SchemaVersion is the schema version this binary knows: the number of its last migration.
func SchemaVersion() int {
	list, err := migrationList(DialectSQLite)
	if err != nil || len(list) == 0 {
		return 0
	}
	return list[len(list)-1].Version
}

// SchemaVersion reads the database's schema version: the highest migration applied (0 for a
// database without any).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	applied, err := db.applied(ctx)
	if err != nil {
		return 0, err
	}
	top := 0
	for v := range applied {
		top = max(top, v)
	}
	return top, nil
}

// applied reads the versions recorded in schema_migrations; none where the table is not there.
func (db *DB) applied(ctx context.Context) (map[int]bool, error) {
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if db.dialect == DialectPostgres {
		exists = `SELECT COUNT(*) FROM (SELECT to_regclass('schema_migrations') AS t) x WHERE t IS NOT NULL`
	}
	var n int
	if err := db.w.QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return nil, fmt.Errorf("schema version: %w", err)
	}
	applied := map[int]bool{}
	if n == 0 {
		return applied, nil
	}
	rows, err := db.w.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("schema version: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}

// Pending lists the migrations the database has not had, in the order Open would apply
// them, changing nothing; a database newer than the binary is refused (store.schema_newer).
func (db *DB) Pending(ctx context.Context) ([]Migration, error) {
	applied, err := db.applied(ctx)
	if err != nil {
		return nil, err
	}
	list, err := migrationList(db.dialect)
	if err != nil {
		return nil, err
	}
	if err := checkNotNewer(applied, list); err != nil {
		return nil, err
	}
	var pending []Migration
	for _, m := range list {
		if !applied[m.Version] {
			pending = append(pending, m)
		}
	}
	return pending, nil
}

// checkNotNewer refuses a database that has a migration this binary does not know.
func checkNotNewer(applied map[int]bool, known []Migration) error {
	top := 0
	if len(known) > 0 {
		top = known[len(known)-1].Version
	}
	found := 0
	for v := range applied {
		found = max(found, v)
	}
	if found > top {
		return luoshi.Errorf(luoshi.EUNAVAILABLE, "store.schema_newer", found, top, found)
	}
	return nil
}

// migrate applies the pending migrations, each in its own transaction.
func (db *DB) migrate(ctx context.Context) error {
	if err := db.createMigrationsTable(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	pending, err := db.Pending(ctx)
	if err != nil {
		var e *luoshi.Error
		if errors.As(err, &e) {
			return err
		}
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range pending {
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migrate %s: %w", m.Name, err)
		}
	}
	return nil
}

// apply runs one migration and records it in one transaction: both or neither.
func (db *DB) apply(ctx context.Context, m Migration) error {
	body, err := fs.ReadFile(migrationFS, path.Join("migrations", db.dialect, m.Name))
	if err != nil {
		return err
	}
	// The write transaction's lock also keeps two processes starting at once from both
	// applying a migration.
	stx, err := db.begin(ctx, db.w, false)
	if err != nil {
		return err
	}
	defer stx.Rollback()
	var n int
	if err := stx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := stx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := stx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
		m.Version, time.Now().UnixMilli()); err != nil {
		return err
	}
	return stx.Commit()
}
