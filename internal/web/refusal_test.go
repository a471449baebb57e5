package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
)

// auditRecords returns the audit records of an action, oldest first.
func (e *env) auditRecords(tb testing.TB, action string) []*luoshi.AuditRecord {
	tb.Helper()
	var out []*luoshi.AuditRecord
	err := e.db.View(context.Background(), func(tx luoshi.Tx) error {
		return tx.ScanAudit(context.Background(), func(r *luoshi.AuditRecord) error {
			if r.Action == action {
				out = append(out, r)
			}
			return nil
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestPageRefusalsAudited: the refusals the pages make are on the audit trail as the API's
// are — another unit's item asked for by URL (a 404 page), a role's forbidden page (403), a
// login posted from another site (403, no one logged in yet) — each once.
func TestPageRefusalsAudited(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	other := e.login(t, demo.LiaisonUsername("qsz"))
	path := fmt.Sprintf("/items/%d", it.ID)
	before := len(e.auditRecords(t, "access.denied"))
	if st, _ := other.get(path); st != http.StatusNotFound {
		t.Fatalf("another unit's item by URL: %d, want 404", st)
	}
	denied := e.auditRecords(t, "access.denied")
	if len(denied) != before+1 {
		t.Fatalf("access.denied records: %d, want %d", len(denied), before+1)
	}
	r := denied[len(denied)-1]
	if r.Target != "GET "+path || r.ActorName != demo.LiaisonUsername("qsz") || r.Outcome != luoshi.OutcomeDenied {
		t.Errorf("the 404 page's record: %+v", r)
	}

	// A page of another role: 403, audited once (by the role check, not again by the page).
	if st, _ := other.get("/audit"); st != http.StatusForbidden {
		t.Fatalf("the audit page to a liaison: %d, want 403", st)
	}
	if n := len(e.auditRecords(t, "access.denied")); n != before+2 {
		t.Errorf("after a 403 page: %d access.denied records, want %d", n, before+2)
	}

	// A login posted from another site.
	req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(url.Values{
		"username": {"duchashi"}, "password": {demoPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged-origin login: %d, want 403", res.StatusCode)
	}
	denied = e.auditRecords(t, "access.denied")
	if r := denied[len(denied)-1]; len(denied) != before+3 || r.Target != "POST /login" || r.Address == "" {
		t.Errorf("the forged-origin login's record: %d records, last %+v", len(denied), r)
	}
}
