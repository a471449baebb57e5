package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// TestPagePanicAudited: a page whose handler panics answers 500 with the error page naming
// an incident id, and the audit trail holds the panic under the same id.
func TestPagePanicAudited(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "panic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc, err := service.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(svc)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]int
	boom := h.wrap(route{pattern: "GET /boom", fn: func(*Handler, http.ResponseWriter, *http.Request) error {
		m["x"]++ // a nil map: a real bug's panic
		return nil
	}})
	srv := httptest.NewServer(httpx.Stack(boom, nil))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/boom")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", res.StatusCode)
	}
	var rec *luoshi.AuditRecord
	err = db.View(ctx, func(tx luoshi.Tx) error {
		return tx.ScanAudit(ctx, func(r *luoshi.AuditRecord) error {
			if r.Action == "request.panic" {
				rec = r
			}
			return nil
		})
	})
	if err != nil || rec == nil {
		t.Fatalf("no request.panic record: %v", err)
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(rec.Detail, "incident="), " ")
	if len(id) != 12 || !strings.Contains(string(body), id) {
		t.Errorf("the page does not name the incident %q of the record %q:\n%s", id, rec.Detail, body)
	}
	if rec.Target != "GET /boom" || rec.Outcome != luoshi.OutcomeFailure || !strings.Contains(rec.Detail, "nil map") {
		t.Errorf("the panic's record: %+v", rec)
	}
}
