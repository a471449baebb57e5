package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// snapshot digests every table an attack could change (not the audit trail, sessions or
// login counters, which a refused attack legitimately writes to).
func (e *env) snapshot() string {
	e.t.Helper()
	return e.digest(
		`SELECT id, doc, state, version, yellow_at, red_at FROM items ORDER BY id`,
		`SELECT id, item_id, seq, kind, payload FROM events ORDER BY id`,
		`SELECT id, region_id, name, kind, credit_code FROM units ORDER BY id`,
		`SELECT id, username, name, unit_id, password_hash, disabled FROM users ORDER BY id`,
		`SELECT user_id, role FROM user_roles ORDER BY user_id, role`,
		`SELECT day, kind FROM calendar_days ORDER BY day`,
		`SELECT id, name, stored_name FROM attachments ORDER BY id`,
		`SELECT key, value FROM settings ORDER BY key`,
	)
}

// TestAttackScript is the scripted attack of the security issue: every attempt is refused,
// audited, and changes nothing.
func TestAttackScript(t *testing.T) {
	e := newEnv(t)
	e.svc.FilesDir = t.TempDir()
	mine := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", mine.ID, "accept", nil, 200)
	var theirs item
	e.call("d_sup", "POST", "/api/v1/items", map[string]any{"title": "外县事项", "source": "other", "priority": "routine",
		"lead_unit_id": e.units["D"], "deadline": start.Add(60 * 24 * time.Hour).Format(time.RFC3339), "assign": true,
		"unclassified": true}, &theirs)
	e.token("c_ll")
	before := e.snapshot()
	auditBefore := e.auditCount()

	t.Run("password guessing to lockout", func(t *testing.T) {
		for _, pw := range []string{"123456", "password", "Admin@123", "a_ll2026", "Qwer1234", testPassword} {
			if st := e.do("", "POST", "/api/v1/login", map[string]any{"username": "a_ll", "password": pw}, nil); st != 401 {
				t.Errorf("guess %q: %d", pw, st)
			}
		}
		if !e.auditHas("account.locked", "success", "a_ll") {
			t.Error("lockout not audited")
		}
	})
	t.Run("CSRF from a foreign origin", func(t *testing.T) {
		cookie, csrf := e.cookieLogin("b_ll")
		req, _ := http.NewRequest("POST", e.srv.URL+itemPath(mine.ID)+"/comment", strings.NewReader(`{"text":"伪造"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "http://attacker.example")
		req.Header.Set("X-CSRF-Token", csrf)
		req.AddCookie(cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 403 {
			t.Errorf("foreign-origin POST: %v %v", err, resp.Status)
		}
		resp.Body.Close()
	})
	t.Run("another unit's and region's item by id", func(t *testing.T) {
		for _, c := range []struct{ user, method, path string }{
			{"c_ll", "GET", itemPath(mine.ID)}, {"c_ll", "GET", itemPath(mine.ID) + "/events"},
			{"c_ll", "POST", itemPath(mine.ID) + "/report"}, {"c_ll", "POST", itemPath(mine.ID) + "/request-completion"},
			{"d_sup", "GET", itemPath(mine.ID)}, {"d_sup", "POST", itemPath(mine.ID) + "/cancel"},
			{"sup", "GET", itemPath(theirs.ID)}, {"sup", "POST", itemPath(theirs.ID) + "/suspend"},
			{"a_jb", "GET", itemPath(theirs.ID) + "/attachments"},
		} {
			var p problem
			if st := e.call(c.user, c.method, c.path, map[string]any{"reason": "x", "text": "x", "percent": 1, "summary": "x"}, &p); st != 404 {
				t.Errorf("%s %s %s: %d", c.user, c.method, c.path, st)
			}
		}
		var page struct{ Items []item }
		e.call("c_ll", "GET", "/api/v1/items?unit_id="+itoa(e.units["A"]), nil, &page)
		if len(page.Items) != 0 {
			t.Errorf("filter by another unit leaks %d items", len(page.Items))
		}
	})
	t.Run("a sysadmin grants itself a role", func(t *testing.T) {
		if st := e.call("admin", "PUT", "/api/v1/users/"+itoa(e.ids["admin"])+"/roles", map[string]any{"roles": []string{"sysadmin", "secadmin"}}, nil); st != 403 {
			t.Errorf("%d", st)
		}
		if !e.auditHas("access.denied", "denied", "/roles") {
			t.Error("not audited")
		}
	})
	t.Run("an auditor reads items", func(t *testing.T) {
		for _, p := range []string{"/api/v1/items", itemPath(mine.ID), "/api/v1/stats/units", itemPath(mine.ID) + "/events"} {
			if st := e.call("aud", "GET", p, nil, nil); st != 403 {
				t.Errorf("auditor GET %s: %d", p, st)
			}
		}
	})
	t.Run("SQL injection in every filter", func(t *testing.T) {
		for _, inj := range []string{`' OR '1'='1`, `1; DROP TABLE items; --`, `") OR 1=1 --`, `%' UNION SELECT doc FROM items --`} {
			for _, f := range []string{"state", "light", "priority", "source", "unit_id", "leader_id", "parent_id", "overdue", "q", "limit", "cursor"} {
				var page struct{ Items []item }
				st := e.call("c_ll", "GET", "/api/v1/items?"+f+"="+urlEscape(inj), nil, &page)
				if st >= 500 || (st == 200 && len(page.Items) != 0) {
					t.Errorf("filter %s=%q: %d with %d items", f, inj, st, len(page.Items))
				}
			}
			var audit struct{ Records []luoshi.AuditRecord }
			if st := e.call("aud", "GET", "/api/v1/audit?q="+urlEscape(inj)+"&action="+urlEscape(inj), nil, &audit); st != 200 || len(audit.Records) != 0 {
				t.Errorf("audit filter %q: %d, %d records", inj, st, len(audit.Records))
			}
		}
	})
	t.Run("oversized bodies", func(t *testing.T) {
		big := `{"text":"` + strings.Repeat("x", 3<<20) + `"}`
		if st := e.call("a_ll", "POST", itemPath(mine.ID)+"/comment", big, nil); st != 413 {
			t.Errorf("3 MB comment: %d", st)
		}
		if st := e.call("a_ll", "POST", itemPath(mine.ID)+"/attachments", bigUpload(21<<20), nil); st != 413 {
			t.Errorf("21 MB upload: %d", st)
		}
	})
	t.Run("path traversal and disguised attachments", func(t *testing.T) {
		for _, c := range []struct {
			name    string
			content []byte
		}{
			{"../../../../etc/passwd", []byte("root:x:0:0:root:/root:/bin/bash\n")},
			{"报告.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")},
			{"shell.php", []byte("<?php system($_GET['c']); ?>")},
			{"page.html", []byte("<html><script>alert(1)</script></html>")},
		} {
			if st := e.call("a_ll", "POST", itemPath(mine.ID)+"/attachments", upload(c.name, c.content), nil); st != 422 {
				t.Errorf("upload %q: %d", c.name, st)
			}
		}
	})
	if after := e.snapshot(); after != before {
		t.Error("the attacks changed the database")
	}
	entries, _ := os.ReadDir(e.svc.FilesDir)
	if len(entries) != 0 {
		t.Errorf("refused uploads left %d files", len(entries))
	}
	if e.auditCount() <= auditBefore+20 {
		t.Errorf("only %d audit records for the whole attack", e.auditCount()-auditBefore)
	}

	// Accepted input is stored verbatim and answered escaped: injection strings and
	// script tags are text, not code.
	t.Run("hostile text is stored as text", func(t *testing.T) {
		title := `<script>alert('x')</script>'; DROP TABLE items; --`
		b := e.newItem("important", start.Add(30*24*time.Hour))
		b["title"], b["content"], b["source_ref"] = title, `" OR 1=1 --`, `<img src=x onerror=alert(1)>`
		var raw json.RawMessage
		st := e.call("sup", "POST", "/api/v1/items", b, &raw)
		if st != 201 {
			t.Fatalf("create: %d", st)
		}
		if strings.Contains(string(raw), "<script>") || !strings.Contains(string(raw), `\u003cscript\u003e`) {
			t.Errorf("script tag not escaped in JSON: %s", raw)
		}
		var got item
		json.Unmarshal(raw, &got)
		var back item
		e.call("sup", "GET", itemPath(got.ID), nil, &back)
		if back.Title != title {
			t.Errorf("title came back as %q", back.Title)
		}
		var page struct{ Items []item }
		e.call("sup", "GET", "/api/v1/items?q="+urlEscape("DROP TABLE"), nil, &page)
		if len(page.Items) != 1 {
			t.Errorf("search for the literal text: %d items", len(page.Items))
		}
	})
	t.Run("a good upload keeps its name only for display", func(t *testing.T) {
		var att luoshi.Attachment
		if st := e.call("a_ll", "POST", itemPath(mine.ID)+"/attachments", pdfBody(`..\..\windows\方案.pdf`), &att); st != 201 {
			t.Fatalf("upload: %d", st)
		}
		if att.Name != "方案.pdf" {
			t.Errorf("name %q", att.Name)
		}
		entries, _ := os.ReadDir(e.svc.FilesDir)
		if len(entries) != 1 || strings.Contains(entries[0].Name(), "方案") || len(entries[0].Name()) != 32 {
			t.Errorf("stored as %v", entries)
		}
		resp, err := http.NewRequest("GET", e.srv.URL+itemPath(mine.ID)+"/attachments/"+itoa(att.ID), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Header.Set("Authorization", "Bearer "+e.token("sup"))
		r, err := http.DefaultClient.Do(resp)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") ||
			r.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("download: %d %v", r.StatusCode, r.Header)
		}
		if _, err := os.Stat(filepath.Join(e.svc.FilesDir, entries[0].Name())); err != nil {
			t.Error(err)
		}
	})
}

func upload(name string, content []byte) rawBody {
	var buf bytes.Buffer
	w := multipartWriter(&buf)
	f, _ := w.CreateFormFile("file", name)
	f.Write(content)
	w.Close()
	return rawBody{ctype: w.FormDataContentType(), data: buf.Bytes()}
}

func bigUpload(n int) rawBody {
	content := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), n)...)
	return upload("big.pdf", content)
}

func (e *env) auditCount() int {
	n := 0
	e.db.View(context.Background(), func(tx luoshi.Tx) error {
		return tx.ScanAudit(context.Background(), func(*luoshi.AuditRecord) error { n++; return nil })
	})
	return n
}
