package web

import (
	"errors"
	"net/http"
	"strconv"

	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
)

// audited marks a refusal already on the audit trail (where it was refused knew more, such
// as the actor of a request whose CSRF check failed), so that fail does not audit it twice.
type audited struct{ error }

func (e audited) Unwrap() error { return e.error }

// auditRefusal puts the refusals the pages answer on the audit trail as the API does:
// denials — 403, and 404 to a logged-in user, which is how a record the user may not see
// answers (another unit's item by URL) — and rejected input (400, 413, 429). A refusal to
// nobody in particular (a login posted from another site) is audited without an actor.
func (h *Handler) auditRefusal(r *http.Request, err error) {
	if errors.As(err, new(audited)) {
		return
	}
	a := actorOf(r)
	route := r.Method + " " + r.URL.Path
	switch st := httpx.Status(err); {
	case st == http.StatusForbidden, st == http.StatusNotFound && a != nil:
		h.svc.AuditDenied(r.Context(), a, route, i18n.ZH.Text(err))
	case st == http.StatusBadRequest, st == http.StatusRequestEntityTooLarge, st == http.StatusTooManyRequests:
		h.svc.AuditRejected(r.Context(), a, route, i18n.ZH.Text(err))
	}
}

// recovered answers a panic of a page's handler (v, when not nil): logged with its stack,
// audited with the incident id, and answered with the error page naming the id.
func (h *Handler) recovered(w http.ResponseWriter, r *http.Request, v any) {
	id := httpx.Recovered(r, v)
	if id == "" {
		return
	}
	h.svc.AuditPanic(r.Context(), actorOf(r), r.Method+" "+r.URL.Path, id, v)
	status := http.StatusInternalServerError
	p := &errorPage{Base: h.base(r, "error."+strconv.Itoa(status)), Status: status,
		Message: langOf(r).T("error.panic", id)}
	h.render(w, r, status, "error", p)
}
