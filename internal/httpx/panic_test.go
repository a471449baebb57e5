package httpx

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRecover: a panic no handler recovered is answered 500 with a problem document naming
// its incident, in the reader's language; an aborted answer is let through.
func TestRecover(t *testing.T) {
	h := Stack(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/abort" {
			panic(http.ErrAbortHandler)
		}
		var p *Problem
		_ = p.Title // a nil pointer: a real bug's panic
	}), nil)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/boom", nil)
	req.Header.Set("Accept-Language", "en")
	h.ServeHTTP(rec, req)
	var p Problem
	if err := json.NewDecoder(rec.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 500 || len(p.Incident) != 12 || !strings.Contains(p.Detail, "incident "+p.Incident) {
		t.Errorf("answer %d %+v", rec.Code, p)
	}
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("an aborted answer: %v", v)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/abort", nil))
}
