package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"luoshi/internal/store/pgtest"
)

// TestServeOnPostgres starts the built binary on PostgreSQL with a read replica (here the
// same database under a read-only DSN), loads the demo county there, and checks that lists
// answer, that a change is read back at once, and that the audit trail verifies from the
// command line.
func TestServeOnPostgres(t *testing.T) {
	bin := buildBinary(t)
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	const pw = "Demo-pass-2026"
	s := startServer(t, bin, []string{"LUOSHI_DB=" + dsn, "LUOSHI_DB_REPLICA=" + dsn, "LUOSHI_AUDIT_HEAD=" + dir + "/audit-head"},
		"--key-file", dir+"/k.key", "--demo", "--demo-password", pw)
	if !strings.Contains(s.out.String(), "示例县") {
		t.Fatalf("no demo summary in output:\n%s", s.out)
	}
	sup := login(t, s.url, "duchashi", pw)
	var page struct {
		Items []struct{ ID int64 } `json:"items"`
	}
	if st := request(t, "GET", s.url+"/api/v1/items?limit=200", sup, nil, &page); st != 200 || len(page.Items) < 150 {
		t.Fatalf("items on PostgreSQL: %d, %d items", st, len(page.Items))
	}
	var units struct {
		Units []struct {
			ID   int64  `json:"unit_id"`
			Name string `json:"unit_name"`
		} `json:"units"`
	}
	if st := request(t, "GET", s.url+"/api/v1/stats/units", sup, nil, &units); st != 200 || len(units.Units) < 30 {
		t.Fatalf("stats on PostgreSQL: %d %+v", st, units)
	}
	var created struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	}
	body := map[string]any{"title": "在 PostgreSQL 上立项", "source": "other", "priority": "routine",
		"lead_unit_id": units.Units[1].ID, "deadline": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339),
		"assign": true, "unclassified": true}
	if st := request(t, "POST", s.url+"/api/v1/items", sup, body, &created); st != 201 || created.State != "assigned" {
		t.Fatalf("create on PostgreSQL: %d %+v", st, created)
	}
	var again struct{ State string }
	if st := request(t, "GET", s.url+"/api/v1/items/"+strconv.FormatInt(created.ID, 10), sup, nil, &again); st != 200 || again.State != "assigned" {
		t.Errorf("the new item read back: %d %+v", st, again)
	}
	s.stop(t)
	out, err := runBin(t, bin, dir, "audit", "verify", "--db", dsn, "--key-file", dir+"/k.key", "--audit-head", dir+"/audit-head")
	if err != nil || !strings.Contains(out, "intact") || !strings.Contains(out, "head file "+dir+"/audit-head: names record id") {
		t.Errorf("audit verify on PostgreSQL: %v\n%s", err, out)
	}
	out, err = runBin(t, bin, dir, "migrate", "--db", "sqlite:"+dir+"/x.db", "--db-replica", dsn)
	if err == nil || !strings.Contains(out, "--db-replica needs a PostgreSQL --db") {
		t.Errorf("a replica beside SQLite: %v\n%s", err, out)
	}
}

// TestInitSeveralCounties: `luoshi init` sets up the first region of a database as before and
// adds further counties under a city to a database that serves others, each with its own
// three administrators; a code already there, or an unknown parent, is refused.
func TestInitSeveralCounties(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			dsn := "sqlite:" + dir + "/init.db"
			if name == "postgres" {
				dsn = pgtest.DSN(t)
			}
			init := func(args ...string) (string, error) {
				var out strings.Builder
				err := cmdInit(t.Context(), append([]string{"--db", dsn, "--key-file", dir + "/k.key"}, args...), &out, &out)
				return out.String(), err
			}
			for _, c := range []struct {
				args     []string
				want     string // in the output, or in the error when fail
				fail     bool
				accounts []string
			}{
				{[]string{"--region-code", "420100", "--region-name", "武汉市"}, "420100", false, []string{"admin ", "security ", "audit "}},
				{[]string{"--region-code", "420117", "--region-name", "新洲区", "--parent-code", "420100"}, "420117", false,
					[]string{"admin_420117", "security_420117", "audit_420117"}},
				{[]string{"--region-code", "420116", "--region-name", "黄陂区"}, "420116", false, []string{"admin_420116"}},
				{[]string{"--region-code", "420117", "--region-name", "新洲区"}, "已存在", true, nil},
				{[]string{"--region-code", "420115", "--region-name", "江夏区", "--parent-code", "429999"}, "429999", true, nil},
			} {
				out, err := init(c.args...)
				if c.fail {
					if err == nil || !strings.Contains(operatorText(err), c.want) {
						t.Errorf("init %v: %v, want an error saying %q\n%s", c.args, err, c.want, out)
					}
					continue
				}
				if err != nil || !strings.Contains(out, c.want) {
					t.Fatalf("init %v: %v\n%s", c.args, err, out)
				}
				for _, a := range c.accounts {
					if !strings.Contains(out, "  "+a) {
						t.Errorf("init %v does not create %q:\n%s", c.args, a, out)
					}
				}
			}
		})
	}
}
