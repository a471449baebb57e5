// Package web serves luoshi's pages: server-rendered html/template pages, Simplified Chinese
// first with English by a switch, htmx for the few partial updates, and every asset embedded
// in the binary. Handlers decode a form, call the services, and render a typed page struct;
// a form with errors comes back with the messages beside its fields and nothing saved.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// route is one entry of the page routes. Roles nil means public; everyone means any
// signed-in user.
type route struct {
	pattern string
	roles   []luoshi.Role
	pending bool // also open to a login that still owes a step (second factor, new password)
	fn      func(h *Handler, w http.ResponseWriter, r *http.Request) error
}

var (
	everyone   = luoshi.Roles
	business   = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff}
	readers    = append(business[:len(business):len(business)], luoshi.RoleCity) // the city reads the counties below
	creators   = []luoshi.Role{luoshi.RoleSupervisor}
	sysadmin   = []luoshi.Role{luoshi.RoleSysadmin}
	secadmin   = []luoshi.Role{luoshi.RoleSecadmin}
	auditor    = []luoshi.Role{luoshi.RoleAuditor}
	orgReaders = []luoshi.Role{luoshi.RoleSysadmin, luoshi.RoleSecadmin}
)

var routes = []route{
	{pattern: "GET /login", fn: (*Handler).handleLoginForm},
	{pattern: "POST /login", fn: (*Handler).handleLogin},
	{pattern: "GET /lang/{lang}", fn: (*Handler).handleLang},
	{pattern: "GET /login/2fa", roles: everyone, pending: true, fn: (*Handler).handleSecondFactorForm},
	{pattern: "POST /login/2fa", roles: everyone, pending: true, fn: (*Handler).handleSecondFactor},
	{pattern: "GET /login/password", roles: everyone, pending: true, fn: (*Handler).handlePasswordForm},
	{pattern: "POST /login/password", roles: everyone, pending: true, fn: (*Handler).handlePasswordChange},
	{pattern: "GET /login/enrol", roles: everyone, pending: true, fn: (*Handler).handleEnrolForm},
	{pattern: "POST /login/enrol", roles: everyone, pending: true, fn: (*Handler).handleEnrolStart},
	{pattern: "POST /login/enrol/confirm", roles: everyone, pending: true, fn: (*Handler).handleEnrolConfirm},
	{pattern: "POST /logout", roles: everyone, pending: true, fn: (*Handler).handleLogout},

	{pattern: "GET /{$}", roles: everyone, fn: (*Handler).handleWorkbench},
	{pattern: "GET /items", roles: readers, fn: (*Handler).handleItemIndex},
	{pattern: "GET /items/export", roles: readers, fn: (*Handler).handleItemExport},
	{pattern: "GET /items/new", roles: creators, fn: (*Handler).handleItemNew},
	{pattern: "GET /items/workdays", roles: creators, fn: (*Handler).handleWorkdays},
	{pattern: "POST /items", roles: creators, fn: (*Handler).handleItemCreate},
	{pattern: "GET /items/dragging", roles: readers, fn: (*Handler).handleDragging},
	{pattern: "GET /items/{id}", roles: readers, fn: (*Handler).handleItemView},
	{pattern: "POST /items/{id}/{action}", roles: business, fn: (*Handler).handleItemAction},

	{pattern: "GET /targets", roles: business, fn: (*Handler).handleTargetIndex},
	{pattern: "POST /targets/import", roles: business, fn: (*Handler).handleTargetImport},
	{pattern: "GET /targets/board", roles: business, fn: (*Handler).handleTargetBoard},
	{pattern: "GET /ranking", roles: readers, fn: (*Handler).handleTargetRanking},
	{pattern: "GET /targets/letters/{id}", roles: readers, fn: (*Handler).handleLetterPage},
	{pattern: "POST /targets/letters/{id}/{action}", roles: business, fn: (*Handler).handleLetterPageAction},
	{pattern: "GET /indicators", roles: readers, fn: (*Handler).handleIndicatorPage},
	{pattern: "GET /collaboration", roles: readers, fn: (*Handler).handleCollaboration},

	{pattern: "GET /units", roles: orgReaders, fn: (*Handler).handleUnitIndex},
	{pattern: "POST /units", roles: sysadmin, fn: (*Handler).handleUnitCreate},
	{pattern: "GET /units/{id}", roles: sysadmin, fn: (*Handler).handleUnitEdit},
	{pattern: "POST /units/{id}", roles: sysadmin, fn: (*Handler).handleUnitUpdate},
	{pattern: "GET /users", roles: sysadmin, fn: (*Handler).handleUserIndex},
	{pattern: "POST /users", roles: sysadmin, fn: (*Handler).handleUserCreate},
	{pattern: "POST /users/reset-password", roles: sysadmin, fn: (*Handler).handleUserOp},
	{pattern: "POST /users/{id}/{op}", roles: orgReaders, fn: (*Handler).handleUserOp},
	{pattern: "GET /leaders", roles: sysadmin, fn: (*Handler).handleLeaderIndex},
	{pattern: "POST /leaders", roles: sysadmin, fn: (*Handler).handleLeaderCreate},
	{pattern: "GET /leaders/{id}", roles: sysadmin, fn: (*Handler).handleLeaderEdit},
	{pattern: "POST /leaders/{id}", roles: sysadmin, fn: (*Handler).handleLeaderUpdate},
	{pattern: "GET /calendar", roles: sysadmin, fn: (*Handler).handleCalendarPage},
	{pattern: "POST /calendar/preview", roles: sysadmin, fn: (*Handler).handleCalendarPreview},
	{pattern: "POST /calendar/apply", roles: sysadmin, fn: (*Handler).handleCalendarApply},
	{pattern: "GET /roles", roles: secadmin, fn: (*Handler).handleRoleIndex},
	{pattern: "GET /roles/{id}", roles: secadmin, fn: (*Handler).handleRoleEdit},
	{pattern: "POST /roles/{id}", roles: secadmin, fn: (*Handler).handleRoleUpdate},
	{pattern: "GET /audit", roles: auditor, fn: (*Handler).handleAuditIndex},
	{pattern: "GET /audit/export", roles: auditor, fn: (*Handler).handleAuditExport},
	{pattern: "POST /audit/verify", roles: auditor, fn: (*Handler).handleAuditVerify},

	{pattern: "GET /account", roles: everyone, fn: (*Handler).handleAccount},
	{pattern: "POST /account/password", roles: everyone, fn: (*Handler).handleAccountPassword},
	{pattern: "POST /account/totp", roles: everyone, fn: (*Handler).handleAccountTOTPStart},
	{pattern: "POST /account/totp/confirm", roles: everyone, fn: (*Handler).handleAccountTOTPConfirm},
	{pattern: "POST /account/totp/disable", roles: everyone, fn: (*Handler).handleAccountTOTPDisable},
	{pattern: "POST /account/sessions/{id}/revoke", roles: everyone, fn: (*Handler).handleSessionRevoke},
	{pattern: "POST /account/tokens", roles: everyone, fn: (*Handler).handleTokenCreate},
}

// Handler serves the pages.
type Handler struct {
	svc    *service.Service
	mux    *http.ServeMux
	pages  *pages
	assets *assets
}

// New parses the templates and prepares the assets; an error means a broken template or a
// text missing from the catalogue.
func New(svc *service.Service) (*Handler, error) {
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	ps, err := parsePages(as, svc.Location())
	if err != nil {
		return nil, err
	}
	h := &Handler{svc: svc, mux: http.NewServeMux(), pages: ps, assets: as}
	for _, rt := range routes {
		h.mux.Handle(rt.pattern, h.wrap(rt))
	}
	h.mux.Handle("GET /static/", as)
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found"))
	})
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Pages hold business data: never stored by the browser or a proxy.
	if !strings.HasPrefix(r.URL.Path, "/static/") {
		w.Header().Set("Cache-Control", "no-store")
	}
	h.mux.ServeHTTP(w, r)
}

// wrap authenticates a route's request from the session cookie, sends a half-finished login
// to its next step, checks the role and the CSRF token, and turns a returned error into a page.
func (h *Handler) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// r is the request as far as it got (with its actor, once known).
		defer func() { h.recovered(w, r, recover()) }()
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			r.Body = http.MaxBytesReader(w, r.Body, maxUpload+maxForm)
		}
		if rt.roles != nil {
			a, err := h.authenticate(r)
			if err != nil {
				h.toLogin(w, r, err)
				return
			}
			if a.Pending != "" && !rt.pending {
				http.Redirect(w, r, pendingPath(a.Pending), http.StatusSeeOther)
				return
			}
			// A login step serves an account whose roles are withheld until it changes a
			// password someone else set (it has none until then).
			if !rt.pending && !hasAny(a, rt.roles) {
				h.fail(w, withActor(r, a), luoshi.Errorf(luoshi.EFORBIDDEN, "page.forbidden")) // audited there
				return
			}
			r = withActor(r, a)
		}
		if err := rt.fn(h, w, r); err != nil {
			h.fail(w, r, err)
		}
	})
}

// authenticate finds the session of the request's cookie; unsafe requests must carry its
// CSRF token (form field csrf_token, or the header htmx sends).
func (h *Handler) authenticate(r *http.Request) (*luoshi.Actor, error) {
	c, err := r.Cookie(httpx.SessionCookie)
	if err != nil || c.Value == "" {
		return nil, luoshi.Errorf(luoshi.EUNAUTHENTICATED, "auth.login.required")
	}
	a, err := h.svc.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") && r.Header.Get(httpx.CSRFHeader) == "" {
			if err := r.ParseMultipartForm(maxUpload); err != nil {
				return nil, luoshi.Errorf(luoshi.EFORBIDDEN, "upload.form.unreadable")
			}
			r.Header.Set(httpx.CSRFHeader, r.FormValue("csrf_token"))
		}
		if err := httpx.CheckCSRF(r, a.CSRF); err != nil {
			h.svc.AuditDenied(r.Context(), a, r.Method+" "+r.URL.Path, i18n.ZH.Text(err))
			return nil, audited{err}
		}
	}
	ri := luoshi.RequestInfoFrom(r.Context())
	ri.SessionID = a.SessionID
	*r = *r.WithContext(luoshi.WithRequestInfo(r.Context(), ri))
	return a, nil
}

// toLogin answers a request without a valid session: a page request goes to the login
// page (and back afterwards); a refused CSRF check is a 403.
func (h *Handler) toLogin(w http.ResponseWriter, r *http.Request, err error) {
	if luoshi.ErrorCode(err) == luoshi.EFORBIDDEN {
		h.fail(w, r, err)
		return
	}
	if luoshi.ErrorCode(err) != luoshi.EUNAUTHENTICATED {
		h.fail(w, r, err)
		return
	}
	next := ""
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		next = "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if _, cerr := r.Cookie(httpx.SessionCookie); cerr == nil {
		httpx.ClearSessionCookie(w, r)
		setFlash(w, "flash.expired")
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", "/login"+next)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, "/login"+next, http.StatusSeeOther)
}

// fail renders the error page of an error no form could show: 404 for what the user may
// not see (whether or not it exists), 403, 409 and 500; unknown errors are logged, never shown.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.auditRefusal(r, err)
	status := httpx.Status(err)
	msg := ""
	if e, ok := luoshi.AsError(err); ok && status != http.StatusInternalServerError {
		var fields []luoshi.FieldError
		msg, fields = httpx.Localize(e, langOf(r).Code())
		// No form shows a field's message here (a page's query, such as a timeline cursor):
		// the page says them itself rather than "see the notes" with none to see.
		if len(fields) > 0 {
			texts := make([]string, len(fields))
			for i, f := range fields {
				texts[i] = f.Message
			}
			msg = strings.Join(texts, " ")
		}
	} else {
		slog.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		h.toLogin(w, r, err)
		return
	}
	if status == http.StatusNotFound && actorOf(r) != nil {
		// A page that does not exist or that the user may not see: the same answer.
		msg = ""
	}
	httpx.SetRetryAfter(w, err)
	p := &errorPage{Base: h.base(r, "error."+strconv.Itoa(status)), Status: status, Message: msg}
	h.render(w, r, status, "error", p)
}

// auditForbidden puts a service's refusal for want of authority (one administrator
// resetting another's password …) that a page answers with the form again on the audit
// trail, as the API does; the error page audits its own (auditRefusal).
func (h *Handler) auditForbidden(r *http.Request, err error) {
	if a := actorOf(r); a != nil && httpx.Status(err) == http.StatusForbidden {
		h.svc.AuditDenied(r.Context(), a, r.Method+" "+r.URL.Path, i18n.ZH.Text(err))
	}
}

func hasAny(a *luoshi.Actor, roles []luoshi.Role) bool {
	return slices.ContainsFunc(roles, a.Has)
}

func pendingPath(p string) string {
	switch p {
	case luoshi.PendingTOTP:
		return "/login/2fa"
	case luoshi.PendingEnrolTOTP:
		return "/login/enrol"
	case luoshi.PendingPasswordChange:
		return "/login/password"
	}
	return "/"
}

func withActor(r *http.Request, a *luoshi.Actor) *http.Request {
	return r.WithContext(httpx.WithActor(r.Context(), a))
}

func actorOf(r *http.Request) *luoshi.Actor { return httpx.ActorFrom(r.Context()) }

// pathID reads the {id} of a route; a malformed one is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found")
	}
	return id, nil
}

// isInvalid reports whether err is a validation error a form can show beside its fields.
func isInvalid(err error) (*luoshi.Error, bool) {
	var e *luoshi.Error
	if errors.As(err, &e) && (e.Code == luoshi.EINVALID || e.Code == luoshi.EMALFORMED || e.Code == luoshi.ECONFLICT ||
		e.Code == luoshi.ERATELIMIT || e.Code == luoshi.EUNAUTHENTICATED || e.Code == luoshi.EFORBIDDEN) {
		return e, true
	}
	return nil, false
}
