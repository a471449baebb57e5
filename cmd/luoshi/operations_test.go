package main

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
)

// TestVersion: luoshi version names the release and commit stamped at link time, the
// schema version the binary knows, and the Go it was built with; without a commit stamp it
// falls back to what Go recorded, else says unknown.
func TestVersion(t *testing.T) {
	oldVersion, oldCommit := version, commit
	t.Cleanup(func() { version, commit = oldVersion, oldCommit })
	version, commit = "1.2.3", "0123456789abcdef0123456789abcdef01234567"
	var out bytes.Buffer
	if err := run(t.Context(), []string{"version"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"luoshi 1.2.3\n",
		"commit: 0123456789abcdef0123456789abcdef01234567\n",
		fmt.Sprintf("schema: %d\n", store.SchemaVersion()),
		"go:     " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("luoshi version lacks %q:\n%s", want, out.String())
		}
	}
	if store.SchemaVersion() < 13 {
		t.Errorf("schema version %d: the binary knows at least 13 migrations", store.SchemaVersion())
	}
	commit = ""
	out.Reset()
	run(t.Context(), []string{"version"}, &out, io.Discard)
	if got := readBuildInfo().Commit; got == "" || !strings.Contains(out.String(), "commit: "+got+"\n") {
		t.Errorf("without a stamp the commit is %q:\n%s", got, out.String())
	}
}

// migrateEnv is one database the migrate tests run on, made by an earlier version's code.
type migrateEnv struct {
	dsn   string
	raw   *sql.DB
	state func() string // what must not change in a dry run
}

// TestMigrateDryRunAndNewer: on a database an earlier version made, migrate --dry-run lists
// what would run and changes nothing; migrate applies it; and a database newer than the
// binary is refused by migrate, migrate --dry-run and serve with a message naming the
// version found and the version this binary knows — on SQLite and PostgreSQL.
func TestMigrateDryRunAndNewer(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "luoshi.db")
		gunzipTo(t, filepath.Join(upgradeFixtures, "0005", "luoshi.db.gz"), file)
		raw, err := sql.Open("sqlite", "file:"+file)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		testMigrateCommands(t, 5, migrateEnv{dsn: "sqlite:" + file, raw: raw, state: func() string {
			b, _ := os.ReadFile(file)
			return fmt.Sprintf("%x", sha256.Sum256(b))
		}})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		restoreDump(t, dsn, filepath.Join(upgradeFixtures, "0006", "postgres.sql.gz"))
		raw, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		testMigrateCommands(t, 6, migrateEnv{dsn: dsn, raw: raw, state: func() string {
			var n, top int
			raw.QueryRow(`SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &top)
			var tables int
			raw.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&tables)
			return fmt.Sprintf("%d migrations up to %d, %d tables", n, top, tables)
		}})
	})
}

func testMigrateCommands(t *testing.T, at int, e migrateEnv) {
	known := store.SchemaVersion()
	key := filepath.Join(t.TempDir(), "luoshi.key")
	luoshiCmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(t.Context(), append(args, "--db", e.dsn, "--key-file", key), &out, &out)
		if err != nil {
			return out.String() + operatorText(err), err
		}
		return out.String(), nil
	}

	before := e.state()
	out, err := luoshiCmd("migrate", "--dry-run")
	if err != nil {
		t.Fatalf("migrate --dry-run: %s", out)
	}
	if !strings.Contains(out, fmt.Sprintf("at schema version %d; this binary knows %d", at, known)) {
		t.Errorf("migrate --dry-run does not say where the database is:\n%s", out)
	}
	for v := at + 1; v <= known; v++ {
		if !strings.Contains(out, fmt.Sprintf("would apply %04d ", v)) {
			t.Errorf("migrate --dry-run does not list %04d:\n%s", v, out)
		}
	}
	if strings.Contains(out, fmt.Sprintf("would apply %04d ", at)) {
		t.Errorf("migrate --dry-run lists %04d, which the database has:\n%s", at, out)
	}
	if after := e.state(); after != before {
		t.Errorf("migrate --dry-run changed the database: %s, then %s", before, after)
	}

	if out, err = luoshiCmd("migrate"); err != nil {
		t.Fatalf("migrate: %s", out)
	}
	if !strings.Contains(out, fmt.Sprintf("applied %04d ", known)) || !strings.Contains(out, fmt.Sprintf("schema version %d", known)) {
		t.Errorf("migrate:\n%s", out)
	}
	if out, err = luoshiCmd("migrate", "--dry-run"); err != nil || !strings.Contains(out, "nothing to apply") {
		t.Errorf("migrate --dry-run after migrate: %v\n%s", err, out)
	}

	newer := known + 3
	if _, err := e.raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)`, newer); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("数据库的结构版本为 %d，而本程序只支持到结构版本 %d", newer, known)
	for _, args := range [][]string{{"migrate"}, {"migrate", "--dry-run"}, {"serve", "--addr", "127.0.0.1:0"}} {
		out, err := luoshiCmd(args...)
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("luoshi %s on a schema %d database: %v\n%s\nwant %q", strings.Join(args, " "), newer, err, out, want)
		}
	}
}

// TestSettingsFileDocumentsEveryFlag: the packaged settings file (/etc/luoshi/luoshi.conf)
// names every setting of luoshi serve, and nothing that is not one.
func TestSettingsFileDocumentsEveryFlag(t *testing.T) {
	conf, err := os.ReadFile("../../build/package/luoshi.conf")
	if err != nil {
		t.Fatal(err)
	}
	var cfg Config
	known := map[string]bool{"LUOSHI_BACKUP_DIR": true} // luoshi backup --to, for the backup unit
	newFlagSet("serve", &cfg, io.Discard, true).VisitAll(func(f *flag.Flag) {
		if f.Name == "trust-proxy" { // removed; refused at start
			return
		}
		known["LUOSHI_"+strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))] = true
	})
	set := regexp.MustCompile(`(?m)^#?(LUOSHI_[A-Z_]+)=`)
	inFile := map[string]bool{}
	for _, m := range set.FindAllStringSubmatch(string(conf), -1) {
		inFile[m[1]] = true
		if !known[m[1]] {
			t.Errorf("luoshi.conf sets %s, which is no setting of luoshi serve", m[1])
		}
	}
	for name := range known {
		if !inFile[name] {
			t.Errorf("luoshi.conf does not document %s", name)
		}
	}
}
