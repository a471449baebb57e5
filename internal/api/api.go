// Package api is luoshi's JSON API under /api/v1. Handlers decode the request, call one
// service method, and write the answer; every error goes through httpx.Error.
package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// Route is one entry of the API's route table. Allow and Scope are the access table kept
// beside the routes; the authorisation test walks every route against them.
type Route struct {
	Pattern string        // a net/http pattern, e.g. "GET /api/v1/items/{id}"
	Public  bool          // served without authentication
	Allow   []luoshi.Role // roles that may call it at all (Everyone for any account); required unless Public
	Scope   Scope         // what the {id} names, and so who else gets 404
	// Pending: also open to a login that still owes a second factor or a new password.
	Pending bool
	handler func(*Handler, http.ResponseWriter, *http.Request) error
}

// Scope says whose resource a route's {id} names.
type Scope string

// The scopes.
const (
	ScopeNone   Scope = ""       // no {id}, or the caller's own
	ScopeRegion Scope = "region" // a unit or user: 404 outside the caller's region
	ScopeItem   Scope = "item"   // an item: 404 unless the caller may see it (unit, portfolio, region)
)

var (
	// Everyone is every role: the route serves each account its own data.
	Everyone = luoshi.Roles
	business = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff}
	// readers are the business roles and the city role, which reads the regions below its own.
	readers  = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff, luoshi.RoleCity}
	sysadmin = []luoshi.Role{luoshi.RoleSysadmin}
	secadmin = []luoshi.Role{luoshi.RoleSecadmin}
	auditor  = []luoshi.Role{luoshi.RoleAuditor}
)

// Routes is the API's route table.
var Routes = []Route{
	{Pattern: "POST /api/v1/login", Public: true, handler: (*Handler).handleLogin},
	{Pattern: "POST /api/v1/login/2fa", Allow: Everyone, Pending: true, handler: (*Handler).handleLogin2FA},
	{Pattern: "POST /api/v1/logout", Allow: Everyone, Pending: true, handler: (*Handler).handleLogout},
	{Pattern: "GET /api/v1/me", Allow: Everyone, Pending: true, handler: (*Handler).handleMe},
	{Pattern: "PUT /api/v1/me/password", Allow: Everyone, Pending: true, handler: (*Handler).handlePasswordChange},
	{Pattern: "POST /api/v1/me/totp", Allow: Everyone, Pending: true, handler: (*Handler).handleTOTPStart},
	{Pattern: "POST /api/v1/me/totp/confirm", Allow: Everyone, Pending: true, handler: (*Handler).handleTOTPConfirm},
	{Pattern: "DELETE /api/v1/me/totp", Allow: Everyone, handler: (*Handler).handleTOTPDisable},
	{Pattern: "GET /api/v1/me/sessions", Allow: Everyone, handler: (*Handler).handleSessionIndex},
	{Pattern: "DELETE /api/v1/me/sessions/{id}", Allow: Everyone, handler: (*Handler).handleSessionRevoke},
	{Pattern: "POST /api/v1/me/tokens", Allow: Everyone, handler: (*Handler).handleTokenCreate},
	{Pattern: "GET /api/v1/units", Allow: Everyone, handler: (*Handler).handleUnitIndex},
	{Pattern: "POST /api/v1/units", Allow: sysadmin, handler: (*Handler).handleUnitCreate},
	{Pattern: "GET /api/v1/units/{id}", Allow: Everyone, Scope: ScopeRegion, handler: (*Handler).handleUnitView},
	{Pattern: "PATCH /api/v1/units/{id}", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleUnitUpdate},
	{Pattern: "GET /api/v1/users", Allow: Everyone, handler: (*Handler).handleUserIndex},
	{Pattern: "POST /api/v1/users", Allow: sysadmin, handler: (*Handler).handleUserCreate},
	{Pattern: "PUT /api/v1/users/{id}/roles", Allow: secadmin, Scope: ScopeRegion, handler: (*Handler).handleUserRoles},
	{Pattern: "POST /api/v1/users/{id}/unlock", Allow: secadmin, Scope: ScopeRegion, handler: (*Handler).handleUserUnlock},
	{Pattern: "POST /api/v1/users/{id}/disable", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleUserDisable},
	{Pattern: "POST /api/v1/users/{id}/enable", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleUserEnable},
	{Pattern: "POST /api/v1/users/{id}/reset-password", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleUserResetPassword},
	{Pattern: "PUT /api/v1/users/{id}/contact", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleUserContact},
	{Pattern: "GET /api/v1/leaders", Allow: Everyone, handler: (*Handler).handleLeaderIndex},
	{Pattern: "POST /api/v1/leaders", Allow: sysadmin, handler: (*Handler).handleLeaderCreate},
	{Pattern: "PATCH /api/v1/leaders/{id}", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleLeaderUpdate},
	{Pattern: "GET /api/v1/regions", Allow: Everyone, handler: (*Handler).handleRegionIndex},
	{Pattern: "GET /api/v1/security/policy", Allow: []luoshi.Role{luoshi.RoleSecadmin, luoshi.RoleAuditor}, handler: (*Handler).handlePolicyView},
	{Pattern: "PUT /api/v1/security/policy", Allow: secadmin, handler: (*Handler).handlePolicyUpdate},
	{Pattern: "GET /api/v1/audit", Allow: auditor, handler: (*Handler).handleAuditIndex},
	{Pattern: "GET /api/v1/audit/export", Allow: auditor, handler: (*Handler).handleAuditExport},
	{Pattern: "GET /api/v1/audit/verify", Allow: auditor, handler: (*Handler).handleAuditVerify},
	{Pattern: "GET /api/v1/items", Allow: readers, handler: (*Handler).handleItemIndex},
	{Pattern: "GET /api/v1/items/export", Allow: readers, handler: (*Handler).handleItemExport},
	{Pattern: "GET /api/v1/items/dragging", Allow: readers, handler: (*Handler).handleDragging},
	{Pattern: "GET /api/v1/records", Allow: readers, handler: (*Handler).handleRecords},
	{Pattern: "POST /api/v1/items", Allow: []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLiaison}, handler: (*Handler).handleItemCreate},
	{Pattern: "GET /api/v1/items/{id}", Allow: readers, Scope: ScopeItem, handler: (*Handler).handleItemView},
	{Pattern: "GET /api/v1/items/{id}/events", Allow: readers, Scope: ScopeItem, handler: (*Handler).handleItemEvents},
	{Pattern: "POST /api/v1/items/{id}/{action}", Allow: business, Scope: ScopeItem, handler: (*Handler).handleItemAction},
	{Pattern: "POST /api/v1/items/{id}/attachments", Allow: business, Scope: ScopeItem, handler: (*Handler).handleAttachmentCreate},
	{Pattern: "GET /api/v1/items/{id}/attachments", Allow: readers, Scope: ScopeItem, handler: (*Handler).handleAttachmentIndex},
	{Pattern: "GET /api/v1/items/{id}/attachments/{aid}", Allow: readers, Scope: ScopeItem, handler: (*Handler).handleAttachmentView},
	{Pattern: "GET /api/v1/stats/units", Allow: readers, handler: (*Handler).handleStatsUnits},
	{Pattern: "GET /api/v1/cockpit", Allow: []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader}, handler: (*Handler).handleCockpit},
	{Pattern: "GET /api/v1/stats/collaboration", Allow: readers, handler: (*Handler).handleStatsCollaboration},
	{Pattern: "GET /api/v1/stats/collaboration/declines", Allow: readers, handler: (*Handler).handleStatsCollaborationDeclines},
	{Pattern: "GET /api/v1/calendar", Allow: Everyone, handler: (*Handler).handleCalendar},
	{Pattern: "PUT /api/v1/calendar/{date}", Allow: sysadmin, handler: (*Handler).handleCalendarPut},
	{Pattern: "POST /api/v1/calendar/import", Allow: sysadmin, handler: (*Handler).handleCalendarImport},
	{Pattern: "GET /healthz", Public: true, handler: (*Handler).handleHealth},
	{Pattern: "GET /api/v1/notifications", Allow: Everyone, handler: (*Handler).handleInbox},
	{Pattern: "GET /api/v1/notifications/unread-count", Allow: Everyone, handler: (*Handler).handleUnreadCount},
	{Pattern: "POST /api/v1/notifications/read", Allow: Everyone, handler: (*Handler).handleMarkRead},
	{Pattern: "GET /api/v1/me/notify-prefs", Allow: Everyone, handler: (*Handler).handleNotifyPrefs},
	{Pattern: "PUT /api/v1/me/notify-prefs", Allow: Everyone, handler: (*Handler).handleNotifyPrefsUpdate},
	{Pattern: "GET /api/v1/users/{id}/notify-prefs", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleNotifyPrefs},
	{Pattern: "PUT /api/v1/users/{id}/notify-prefs", Allow: sysadmin, Scope: ScopeRegion, handler: (*Handler).handleNotifyPrefsUpdate},
	{Pattern: "GET /api/v1/deliveries", Allow: sysadmin, handler: (*Handler).handleDeliveryIndex},
	{Pattern: "POST /api/v1/deliveries/retry", Allow: sysadmin, handler: (*Handler).handleDeliveryRetry},
	{Pattern: "GET /api/v1/targets/letters", Allow: readers, handler: (*Handler).handleLetterIndex},
	{Pattern: "POST /api/v1/targets/letters", Allow: officeOrLiaison, handler: (*Handler).handleLetterCreate},
	{Pattern: "GET /api/v1/targets/letters/{id}", Allow: readers, Scope: ScopeRegion, handler: (*Handler).handleLetterView},
	{Pattern: "PUT /api/v1/targets/letters/{id}/indicators", Allow: officeOrLiaison, Scope: ScopeRegion, handler: (*Handler).handleLetterIndicators},
	{Pattern: "POST /api/v1/targets/letters/{id}/actuals", Allow: officeOrLiaison, Scope: ScopeRegion, handler: (*Handler).handleLetterActuals},
	{Pattern: "GET /api/v1/targets/letters/{id}/events", Allow: readers, Scope: ScopeRegion, handler: (*Handler).handleLetterEvents},
	{Pattern: "POST /api/v1/targets/letters/{id}/{action}", Allow: business, Scope: ScopeRegion, handler: (*Handler).handleLetterAction},
	{Pattern: "GET /api/v1/targets/template", Allow: officeOrLiaison, handler: (*Handler).handleLetterTemplate},
	{Pattern: "POST /api/v1/targets/import", Allow: officeOrLiaison, handler: (*Handler).handleLetterImport},
	{Pattern: "GET /api/v1/targets/export", Allow: readers, handler: (*Handler).handleLetterExport},
	{Pattern: "GET /api/v1/targets/actuals/template", Allow: officeOrLiaison, handler: (*Handler).handleActualsTemplate},
	{Pattern: "POST /api/v1/targets/actuals/import", Allow: officeOrLiaison, handler: (*Handler).handleActualsImport},
	{Pattern: "GET /api/v1/targets/scores", Allow: readers, handler: (*Handler).handleScores},
	{Pattern: "GET /api/v1/targets/scores/export", Allow: readers, handler: (*Handler).handleScoresExport},
	{Pattern: "GET /api/v1/targets/rules", Allow: readers, handler: (*Handler).handleTargetRules},
	{Pattern: "PUT /api/v1/targets/rules", Allow: supervisorOnly, handler: (*Handler).handleTargetRulesUpdate},
	{Pattern: "GET /api/v1/indicators", Allow: readers, handler: (*Handler).handleKeyIndicatorIndex},
	{Pattern: "GET /api/v1/indicators/template", Allow: supervisorOnly, handler: (*Handler).handleKeyIndicatorTemplate},
	{Pattern: "POST /api/v1/indicators/import", Allow: supervisorOnly, handler: (*Handler).handleKeyIndicatorImport},
	{Pattern: "GET /api/v1/indicators/{id}", Allow: readers, Scope: ScopeRegion, handler: (*Handler).handleKeyIndicatorView},
}

// Handler serves the API over the services.
type Handler struct {
	svc *service.Service
	mux *http.ServeMux
}

// New returns the API handler.
func New(svc *service.Service) *Handler {
	h := &Handler{svc: svc, mux: http.NewServeMux()}
	for _, rt := range Routes {
		h.mux.Handle(rt.Pattern, h.wrap(rt))
	}
	h.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, luoshi.Errorf(luoshi.ENOTFOUND, "api.no_endpoint", r.Method, r.URL.Path))
	})
	return h
}

// wrap gives a route its authentication and its role check: a role outside Allow gets 403
// (and an audit record) before the handler runs; the services check again, by unit and
// region, on every call.
func (h *Handler) wrap(rt Route) http.Handler {
	fn := rt.handler
	var hh http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { h.recovered(w, r, recover()) }()
		// A route open to a half-finished login serves an account its own login steps,
		// whatever its roles: an account whose roles are withheld until it changes a
		// password someone else set must be able to change it.
		if a := actor(r); a != nil && !rt.Pending && !hasAny(a, rt.Allow) {
			h.svc.AuditDenied(r.Context(), a, rt.Pattern, "角色无权访问")
			httpx.Error(w, r, luoshi.Errorf(luoshi.EFORBIDDEN, "api.role_only", roleLabels(rt.Allow)))
			return
		}
		if err := fn(h, w, r); err != nil {
			h.auditRefusal(r, rt, err)
			httpx.Error(w, r, err)
		}
	})
	if !rt.Public {
		hh = httpx.RequireActor(h.svc, rt.Pending, h.svc.AuditDenied, hh)
	}
	return hh
}

// recovered answers a panic of a route's handler (v, when not nil): logged with its stack,
// audited with the incident id, and answered 500 naming the id.
func (h *Handler) recovered(w http.ResponseWriter, r *http.Request, v any) {
	if id := httpx.Recovered(r, v); id != "" {
		h.svc.AuditPanic(r.Context(), actor(r), r.Method+" "+r.URL.Path, id, v)
		httpx.Panic(w, r, id)
	}
}

// auditRefusal puts refusals on the audit trail: denials (403, and 404 on an item or a
// region's record, which is how a resource the caller may not see answers) and rejected
// input (400, 413, 422, 429).
func (h *Handler) auditRefusal(r *http.Request, rt Route, err error) {
	a := actor(r)
	if a == nil {
		return // login failures are audited by the service itself
	}
	route := r.Method + " " + r.URL.Path
	switch st := httpx.Status(err); {
	case st == http.StatusForbidden, st == http.StatusNotFound && rt.Scope != ScopeNone:
		h.svc.AuditDenied(r.Context(), a, route, i18n.ZH.Text(err))
	case st == http.StatusBadRequest, st == http.StatusRequestEntityTooLarge, st == http.StatusUnprocessableEntity,
		st == http.StatusTooManyRequests:
		h.svc.AuditRejected(r.Context(), a, route, truncateQuery(r.URL.RawQuery)+" "+i18n.ZH.Text(err))
	}
}

func truncateQuery(q string) string {
	if len(q) > 200 {
		return q[:200] + "…"
	}
	return q
}

// roleLabels names roles in a message, as a list.
func roleLabels(roles []luoshi.Role) []luoshi.Msg {
	out := make([]luoshi.Msg, len(roles))
	for i, r := range roles {
		out[i] = luoshi.M("label.role." + string(r))
	}
	return out
}

func hasAny(a *luoshi.Actor, roles []luoshi.Role) bool {
	for _, r := range roles {
		if a.Has(r) {
			return true
		}
	}
	return false
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

func actor(r *http.Request) *luoshi.Actor { return httpx.ActorFrom(r.Context()) }

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, luoshi.Errorf(luoshi.ENOTFOUND, "api.id.invalid", r.PathValue("id"))
	}
	return id, nil
}

// handleHealth answers 200 while the server can keep writes, else the 503 problem
// document whose reason names the cause.
func (h *Handler) handleHealth(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Health(r.Context()); err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// Cookie asks for a browser session cookie (with its CSRF token) besides the token.
	Cookie bool `json:"cookie"`
}

func (h *Handler) handleLogin(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	if req.Cookie {
		// A browser session planted from another site would act with the victim's page
		// under the attacker's account: the cookie login, like every cookie request, must
		// come from this site.
		if err := httpx.CheckOrigin(r); err != nil {
			return err
		}
	}
	res, err := h.svc.Login(r.Context(), req.Username, req.Password)
	if err != nil {
		return err
	}
	if req.Cookie {
		httpx.SetSessionCookie(w, r, res.Token, res.ExpiresAt)
	} else {
		res.CSRFToken = ""
	}
	httpx.JSON(w, http.StatusOK, res)
	return nil
}

func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Logout(r.Context(), actor(r)); err != nil {
		return err
	}
	httpx.ClearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) handleMe(w http.ResponseWriter, r *http.Request) error {
	u, err := h.svc.Me(r.Context(), actor(r))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, u)
	return nil
}

// Time is a deadline in a request: RFC 3339, or a date YYYY-MM-DD meaning the end of that
// day in the region's zone.
type Time struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return luoshi.Errorf(luoshi.EMALFORMED, "api.time.not_string")
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// FlowValue gives the time to an action's values (flow.Valuer).
func (t Time) FlowValue() any { return t.Time }

// ParseTime reads an RFC 3339 time or a date (end of that day in Asia/Shanghai), within the
// years luoshi.MinYear to MaxYear (FuzzParseTime found 9999-12-31T23:00:00-05:00, year
// 10000 in UTC, accepted and then unwritable as JSON).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339, s)
	if err == nil {
		t = t.UTC().Truncate(time.Millisecond)
	} else {
		loc, _ := time.LoadLocation(service.DefaultTZ)
		if t, err = time.ParseInLocation("2006-01-02", s, loc); err == nil {
			t = t.Add(24*time.Hour - time.Second).UTC()
		}
	}
	switch {
	case err == nil && luoshi.YearInRange(t):
		return t, nil
	case err == nil:
		return time.Time{}, luoshi.Errorf(luoshi.EMALFORMED, "api.time.range", s, luoshi.MinYear, luoshi.MaxYear)
	}
	return time.Time{}, luoshi.Errorf(luoshi.EMALFORMED, "api.time.invalid", s)
}

func timePtr(t *Time) *time.Time {
	if t == nil {
		return nil
	}
	return &t.Time
}
