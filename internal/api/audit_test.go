package api_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestAuditTamper is acceptance 3 at the service: an untouched trail verifies; changing,
// deleting or inserting a single row directly in the database file breaks it at that row.
func TestAuditTamper(t *testing.T) {
	cases := []struct {
		name   string
		sql    []string
		broken int64 // the row named; 0 when the break is at the end; -1 the inserted row
	}{
		{"change a row", []string{dropAuditGuard("update"), `UPDATE audit_log SET detail = detail || '（已改）' WHERE id = 6`}, 6},
		{"change a time", []string{dropAuditGuard("update"), `UPDATE audit_log SET at = at + 1 WHERE id = 4`}, 4},
		{"delete a row", []string{dropAuditGuard("delete"), `DELETE FROM audit_log WHERE id = 5`}, 6},
		{"insert a row", []string{`INSERT INTO audit_log (seq, at, actor_name, address, action, target, outcome, detail, prev_hash, hash)
			SELECT seq + 1000, at, 'ghost', '', 'login', 'user:ghost', 'success', '', hash, hash FROM audit_log WHERE id = 3`,
			`UPDATE audit_log SET seq = seq WHERE 1 = 0`}, -1},
		{"delete the last rows", []string{dropAuditGuard("delete"), `DELETE FROM audit_log WHERE id >= 7`}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
			e.act("a_ll", it.ID, "accept", nil, 200)
			e.act("a_ll", it.ID, "report", map[string]any{"text": "进展", "percent": 20}, 200)
			e.do("", "POST", "/api/v1/login", map[string]any{"username": "b_ll", "password": "wrong-Pass-1"}, nil)
			res, err := e.svc.VerifyAudit(context.Background(), nil)
			if err != nil || !res.OK || res.Records < 8 {
				t.Fatalf("untouched trail: %+v %v", res, err)
			}
			db := e.raw()
			for _, q := range c.sql {
				if _, err := db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if c.broken == -1 {
				db.QueryRow(`SELECT id FROM audit_log WHERE actor_name = 'ghost'`).Scan(&c.broken)
			}
			db.Close()
			res, err = e.svc.VerifyAudit(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK {
				t.Fatal("a tampered trail verified")
			}
			if res.BrokenID != c.broken {
				t.Errorf("names row %d, want %d: %s", res.BrokenID, c.broken, res.Error)
			}
			if c.broken != 0 && !strings.Contains(res.Error, "id "+itoa(c.broken)) {
				t.Errorf("message does not name the row: %s", res.Error)
			}
		})
	}
}

// dropAuditGuard is the statement that removes the database's guard against updating
// ("update") or deleting ("delete") audit records: two triggers on SQLite, one on PostgreSQL.
func dropAuditGuard(op string) string {
	if onPostgres() {
		return `DROP TRIGGER audit_log_append_only ON audit_log`
	}
	return `DROP TRIGGER audit_log_no_` + op
}

// TestAuditAppendOnly: the application's own connection cannot rewrite or delete the trail.
func TestAuditAppendOnly(t *testing.T) {
	e := newEnv(t)
	e.token("a_ll")
	db := e.raw()
	defer db.Close()
	if _, err := db.Exec(`UPDATE audit_log SET detail = 'x'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("update: %v", err)
	}
	if _, err := db.Exec(`DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("delete: %v", err)
	}
	// Pruning never goes below the retention period.
	if _, err := e.svc.PruneAudit(context.Background(), 30); err == nil {
		t.Error("pruned records younger than 180 days")
	}
	e.clock.Add(200 * 24 * time.Hour)
	e.token("b_ll") // a record after the prune point
	n, err := e.svc.PruneAudit(context.Background(), 190)
	if err != nil || n == 0 {
		t.Fatalf("prune: %d %v", n, err)
	}
	if res, err := e.svc.VerifyAudit(context.Background(), nil); err != nil || !res.OK {
		t.Errorf("after pruning the trail no longer verifies: %+v %v", res, err)
	}
}

// TestAuditSearchAndExport: the auditor searches and exports; the export is itself audited.
func TestAuditSearchAndExport(t *testing.T) {
	e := newEnv(t)
	e.do("", "POST", "/api/v1/login", map[string]any{"username": "a_ll", "password": "wrong-Pass-1"}, nil)
	var page struct {
		Records []struct {
			Action, Outcome, Target, Address string
			ActorName                        string `json:"actor_name"`
		}
		NextCursor string `json:"next_cursor"`
	}
	if st := e.call("aud", "GET", "/api/v1/audit?action=login&outcome=failure", nil, &page); st != 200 || len(page.Records) != 1 {
		t.Fatalf("search: %d %+v", st, page)
	}
	r := page.Records[0]
	if r.Target != "user:a_ll" || r.Address != "127.0.0.1" {
		t.Errorf("record: %+v", r)
	}
	e.call("aud", "GET", "/api/v1/audit?limit=2", nil, &page)
	if len(page.Records) != 2 || page.NextCursor == "" {
		t.Errorf("paging: %d records, cursor %q", len(page.Records), page.NextCursor)
	}
	req := e.srv.URL + "/api/v1/audit/export?action=login"
	var body strings.Builder
	st := e.rawGet("aud", req, &body)
	if st != 200 || !strings.HasPrefix(body.String(), "\ufeffid,时间,操作人") || !strings.Contains(body.String(), "user:a_ll") {
		t.Errorf("export: %d %q", st, body.String())
	}
	if !e.auditHas("audit.export", "success", "audit") {
		t.Error("export not audited")
	}
	if st := e.call("aud", "GET", "/api/v1/audit/verify", nil, nil); st != 200 {
		t.Errorf("verify: %d", st)
	}
}
