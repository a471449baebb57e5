package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
	"luoshi/internal/store"
	"luoshi/internal/store/pgtest"
)

// upgradeFixtures is where build/upgrade-fixture.sh puts one directory per schema version:
// a database made by the code at that version (SQLite file, PostgreSQL dump), the key it was
// made with, and what that code's API answered.
const upgradeFixtures = "testdata/upgrade"

// fixture is a fixture's fixture.json.
type fixture struct {
	Schema     int    `json:"schema"`
	Commit     string `json:"commit"`
	Migrations []int  `json:"migrations"`
	Patched    string `json:"patched"` // what the old code needed to build, or to take PostgreSQL
	Username   string `json:"username"`
	Password   string `json:"password"`
	AnsweredAt struct {
		SQLite   int64  `json:"sqlite"`
		Postgres *int64 `json:"postgres"`
	} `json:"answered_at_ms"`
	dir string
}

// TestUpgradeFromEverySchema takes the database each earlier schema version's code made,
// upgrades it to this binary's schema on SQLite and on PostgreSQL, and checks that the API
// answers what that version answered for the data that existed: every field present then
// is present now with the same value (new fields may be added). The clock is set to the
// moment the old answers were taken, so that lights and deadlines read the same.
//
// The code of schema versions 1–4 had no PostgreSQL store, so no PostgreSQL database at those
// versions exists: only their SQLite file is upgraded. (Schema 5's store had one, behind a
// flag check that still wanted sqlite:; its fixture was made with that check widened.)
func TestUpgradeFromEverySchema(t *testing.T) {
	known := store.SchemaVersion()
	var fixtures []fixture
	for v := 1; v < known; v++ {
		dir := filepath.Join(upgradeFixtures, fmt.Sprintf("%04d", v))
		raw, err := os.ReadFile(filepath.Join(dir, "fixture.json"))
		if err != nil {
			t.Errorf("no upgrade fixture for schema version %d (this binary knows %d): make it with\n"+
				"    build/upgrade-fixture.sh %d\nand commit cmd/luoshi/testdata/upgrade/%04d/", v, known, v, v)
			continue
		}
		f := fixture{dir: dir}
		if err := json.Unmarshal(raw, &f); err != nil || f.Schema != v {
			t.Fatalf("%s/fixture.json: %v (schema %d)", dir, err, f.Schema)
		}
		fixtures = append(fixtures, f)
	}
	for _, f := range fixtures {
		t.Run(fmt.Sprintf("%04d/sqlite", f.Schema), func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "luoshi.db")
			gunzipTo(t, filepath.Join(f.dir, "luoshi.db.gz"), file)
			checkUpgrade(t, f, "sqlite:"+file, f.AnsweredAt.SQLite, "answers-sqlite.json.gz")
		})
		if f.AnsweredAt.Postgres == nil {
			continue
		}
		t.Run(fmt.Sprintf("%04d/postgres", f.Schema), func(t *testing.T) {
			dsn := pgtest.DSN(t)
			restoreDump(t, dsn, filepath.Join(f.dir, "postgres.sql.gz"))
			checkUpgrade(t, f, dsn, *f.AnsweredAt.Postgres, "answers-postgres.json.gz")
		})
	}
}

// checkUpgrade opens the old database with this binary (which migrates it), and compares
// the API's answers with the old ones.
func checkUpgrade(t *testing.T, f fixture, dsn string, answeredAt int64, answersFile string) {
	ctx := t.Context()
	dir := t.TempDir()
	cfg := Config{DB: dsn, KeyFile: filepath.Join(dir, "luoshi.key"), FilesDir: filepath.Join(dir, "files")}
	if key, err := os.ReadFile(filepath.Join(f.dir, "fixture-key")); err == nil {
		if err := os.WriteFile(cfg.KeyFile, key, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	db, svc, err := openService(ctx, &cfg, io.Discard, false)
	if err != nil {
		t.Fatalf("open the schema %d database (commit %.12s): %v", f.Schema, f.Commit, err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != store.SchemaVersion() {
		t.Fatalf("after the upgrade the schema version is %d (%v), want %d", v, err, store.SchemaVersion())
	}
	then := time.UnixMilli(answeredAt)
	svc.Now = func() time.Time { return then }
	h, err := handler(svc, httpx.TrustedProxies{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	token := loginAfterUpgrade(t, srv.URL, f, then)

	var old map[string]json.RawMessage
	readGzipJSON(t, filepath.Join(f.dir, answersFile), &old)
	if len(old) == 0 {
		t.Fatalf("%s holds no answers", answersFile)
	}
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range old {
			if !yield(k) {
				return
			}
		}
	}) {
		path := strings.TrimPrefix(key, "GET ")
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s", key, resp.StatusCode, body)
			continue
		}
		var was, now any
		if err := json.Unmarshal(old[key], &was); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(body, &now); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		var diffs []string
		kept(&diffs, f.Schema, path, "", was, now)
		for i, d := range diffs {
			if i == 10 {
				t.Errorf("%s: … and %d more differences", key, len(diffs)-i)
				break
			}
			t.Errorf("%s", d)
		}
	}
}

// notData are the answer fields that are not the data that existed but what the server
// says about now: the actions the reader may take (the product adds actions; the ones
// offered then must still be offered, more may be), and the moment an answer was computed.
var notData = map[string]string{"actions": "superset", "as_of": "clock"}

// ruleChanges are fields computed by a rule that was changed on purpose after the fixture's
// version: answers of fixtures below Before may differ there, and only there.
type ruleChange struct {
	Field  string
	Before int // fixtures of schema versions below this one
	Why    string
}

var ruleChanges = []ruleChange{
	{"schedule_status", 2, "91bd09b: an item is ahead of schedule when above planned + tolerance, no longer at it"},
}

// ruleChanged reports whether field may differ in a fixture of schema version v.
func ruleChanged(field string, v int) bool {
	return slices.ContainsFunc(ruleChanges, func(c ruleChange) bool {
		return c.Field == field && v < c.Before
	})
}

// kept appends to diffs where now lost or changed what was had: every object member of was
// must be in now with a kept value (a member that was empty may be left out), arrays must
// have the same length and kept elements, anything else must be equal.
func kept(diffs *[]string, v int, at, field string, was, now any) {
	if ruleChanged(field, v) {
		return
	}
	switch notData[field] {
	case "clock":
		return
	case "superset":
		if w, ok := was.([]any); ok {
			n, _ := now.([]any)
			for _, x := range w {
				if !slices.ContainsFunc(n, func(y any) bool { return jsonEqual(x, y) }) {
					*diffs = append(*diffs, fmt.Sprintf("%s: %s was offered, now not: %s", at, short(x), short(now)))
				}
			}
			return
		}
	}
	switch w := was.(type) {
	case map[string]any:
		n, ok := now.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: was an object, now %s", at, short(now)))
			return
		}
		for k, wv := range w {
			nv, ok := n[k]
			if !ok {
				if !empty(wv) {
					*diffs = append(*diffs, fmt.Sprintf("%s.%s: was %s, now missing", at, k, short(wv)))
				}
				continue
			}
			kept(diffs, v, at+"."+k, k, wv, nv)
		}
	case []any:
		n, ok := now.([]any)
		if !ok || len(n) != len(w) {
			*diffs = append(*diffs, fmt.Sprintf("%s: was %d elements, now %s", at, len(w), short(now)))
			return
		}
		for i := range w {
			kept(diffs, v, fmt.Sprintf("%s[%d]", at, i), "", w[i], n[i])
		}
	default:
		if !jsonEqual(was, now) {
			*diffs = append(*diffs, fmt.Sprintf("%s: was %s, now %s", at, short(was), short(now)))
		}
	}
}

// loginAfterUpgrade logs in as the fixture's account, at the fixture's time (then).
// Accounts made before the security schema (2) have no password date and no second factor:
// after the upgrade their passwords count as expired and the office's accounts must enrol a
// second factor, so the login is pending both, done as a user would before reading anything.
func loginAfterUpgrade(t *testing.T, base string, f fixture, then time.Time) string {
	t.Helper()
	var res struct{ Token, Pending string }
	if st := request(t, "POST", base+"/api/v1/login", "", map[string]string{"username": f.Username, "password": f.Password}, &res); st != 200 {
		t.Fatalf("login %s after the upgrade: %d", f.Username, st)
	}
	if res.Pending == luoshi.PendingPasswordChange {
		const changed = "Ls-Upgraded-2026b"
		if st := request(t, "PUT", base+"/api/v1/me/password", res.Token,
			map[string]string{"old_password": f.Password, "new_password": changed}, nil); st >= 300 {
			t.Fatalf("change the expired password: %d", st)
		}
		if st := request(t, "POST", base+"/api/v1/login", "", map[string]string{"username": f.Username, "password": changed}, &res); st != 200 {
			t.Fatalf("login with the new password: %d", st)
		}
	}
	if res.Pending == luoshi.PendingEnrolTOTP {
		var enrol struct{ Secret string }
		if st := request(t, "POST", base+"/api/v1/me/totp", res.Token, map[string]string{}, &enrol); st != 200 {
			t.Fatalf("start the second factor: %d", st)
		}
		code, err := otp.Code(enrol.Secret, then)
		if err != nil {
			t.Fatal(err)
		}
		if st := request(t, "POST", base+"/api/v1/me/totp/confirm", res.Token, map[string]string{"code": code}, nil); st != 200 {
			t.Fatalf("confirm the second factor: %d", st)
		}
		res.Pending = ""
	}
	if res.Pending != "" {
		t.Fatalf("login after the upgrade is pending %q", res.Pending)
	}
	return res.Token
}

// empty reports whether v is what an omitempty field leaves out.
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case float64:
		return x == 0
	case bool:
		return !x
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:120]) + "…"
	}
	return string(b)
}

// gunzipTo writes the decompressed src to dst.
func gunzipTo(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.WriteFile(dst, readGzip(t, src), 0o600); err != nil {
		t.Fatal(err)
	}
}

// readGzip reads a gzip-compressed fixture file.
func readGzip(t *testing.T, src string) []byte {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readGzipJSON(t *testing.T, src string, v any) {
	t.Helper()
	if err := json.Unmarshal(readGzip(t, src), v); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
}

// createFixtureSchema is the dump's own CREATE SCHEMA: the test's schema exists already.
var createFixtureSchema = regexp.MustCompile(`(?m)^CREATE SCHEMA luoshi_fixture;$`)

// restoreDump loads a fixture's pg_dump (made in schema luoshi_fixture, as INSERTs) into the
// test's schema, on a connection of its own (the dump empties search_path).
func restoreDump(t *testing.T, dsn, dump string) {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	if schema == "" {
		t.Fatalf("no search_path in the test DSN")
	}
	sql := createFixtureSchema.ReplaceAllString(string(readGzip(t, dump)), "")
	sql = strings.ReplaceAll(sql, "luoshi_fixture", schema)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	if _, err := conn.Exec(t.Context(), sql); err != nil {
		t.Fatalf("restore %s: %v", dump, err)
	}
}
