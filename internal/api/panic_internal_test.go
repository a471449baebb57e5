package api

import (
	"context"
	"encoding/json"
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

// TestPanicAudited: an API handler that panics answers 500 with a problem document naming an
// incident id, and the audit trail holds the panic under the same id.
func TestPanicAudited(t *testing.T) {
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
	h := New(svc)
	var items []int
	boom := h.wrap(Route{Pattern: "GET /api/v1/boom", Public: true, handler: func(*Handler, http.ResponseWriter, *http.Request) error {
		_ = items[3] // index out of range: a real bug's panic
		return nil
	}})
	srv := httptest.NewServer(httpx.Stack(boom, nil))
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/boom", nil)
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var p httpx.Problem
	json.NewDecoder(res.Body).Decode(&p)
	res.Body.Close()
	if res.StatusCode != http.StatusInternalServerError || p.Code != luoshi.EINTERNAL || len(p.Incident) != 12 ||
		!strings.Contains(p.Detail, p.Incident) {
		t.Fatalf("answer %d %+v", res.StatusCode, p)
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
	if rec.Target != "GET /api/v1/boom" || !strings.HasPrefix(rec.Detail, "incident="+p.Incident+" ") ||
		!strings.Contains(rec.Detail, "index out of range") {
		t.Errorf("the panic's record: %+v", rec)
	}
}
