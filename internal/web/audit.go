package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// auditPage is the auditor's view of the audit trail.
type auditPage struct {
	Base
	Form   *Form
	Page   *service.AuditPage
	Verify *service.AuditVerification
	// NextURL continues the list after its last record.
	NextURL string
	// ExportURL downloads the records the filters select, as CSV.
	ExportURL template.URL
}

// auditFilter reads the audit page's filters.
func (h *Handler) auditFilter(r *http.Request, f *Form) luoshi.AuditFilter {
	q := r.URL.Query()
	for _, k := range []string{"from", "to", "action", "outcome", "q"} {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			f.Values.Set(k, v)
		}
	}
	af := luoshi.AuditFilter{Action: f.Get("action"), Outcome: f.Get("outcome"), Query: f.Get("q"),
		Cursor: q.Get("cursor"), Limit: 50}
	loc := h.svc.Location()
	if d := f.date("from", loc); !d.IsZero() {
		af.From = d.Add(-24*time.Hour + time.Second) // the start of that day
	}
	af.To = f.date("to", loc)
	switch af.Outcome {
	case "", luoshi.OutcomeSuccess, luoshi.OutcomeFailure, luoshi.OutcomeDenied:
	default:
		f.set("outcome", "form.choose_from_list")
	}
	return af
}

func (h *Handler) handleAuditIndex(w http.ResponseWriter, r *http.Request) error {
	return h.showAudit(w, r, nil)
}

func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request, v *service.AuditVerification) error {
	p := &auditPage{Base: h.base(r, "audit.title"), Form: newForm(), Verify: v}
	af := h.auditFilter(r, p.Form)
	export := p.Form.Values.Encode()
	p.ExportURL = template.URL("/audit/export?" + export)
	status := http.StatusOK
	if p.Form.Failed() {
		status = http.StatusUnprocessableEntity
		p.Page = &service.AuditPage{}
	} else {
		page, err := h.svc.SearchAudit(r.Context(), actorOf(r), af)
		if err != nil {
			return err
		}
		p.Page = page
		if page.NextCursor != "" {
			q := r.URL.Query()
			q.Set("cursor", page.NextCursor)
			p.NextURL = "/audit?" + q.Encode()
		}
	}
	h.render(w, r, status, "audit", p)
	return nil
}

func (h *Handler) handleAuditExport(w http.ResponseWriter, r *http.Request) error {
	f := newForm()
	af := h.auditFilter(r, f)
	if f.Failed() {
		return luoshi.Errorf(luoshi.EINVALID, "form.invalid")
	}
	af.Cursor = ""
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	return h.svc.ExportAudit(r.Context(), actorOf(r), af, w)
}

func (h *Handler) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.VerifyAudit(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return h.showAudit(w, r, v)
}
