package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"runtime/debug"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// NewIncidentID returns a short random id naming one failure: shown to the user, written to
// the log and to the audit trail, so that the three can be matched.
func NewIncidentID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Recovered takes what recover() returned in a handler: "" for no panic; a panic that
// aborts the answer on purpose (http.ErrAbortHandler) goes on; any other is logged with its
// stack, and Recovered returns the incident id it was given.
func Recovered(r *http.Request, v any) string {
	if v == nil {
		return ""
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	id := NewIncidentID()
	slog.Error("panic", "incident", id, "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
	return id
}

// Panic answers a recovered panic: 500, a problem document whose detail names the incident.
func Panic(w http.ResponseWriter, r *http.Request, id string) {
	lang := RequestLang(r)
	p := Problem{Type: "about:blank", Status: http.StatusInternalServerError, Title: http.StatusText(http.StatusInternalServerError),
		Code: luoshi.EINTERNAL, Detail: i18n.FromTag(lang).T("error.panic", id), Incident: id}
	w.Header().Add("Vary", "Accept-Language")
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	json.NewEncoder(w).Encode(p)
}
