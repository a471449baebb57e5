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
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// Route is one entry of the API's route table; the authorisation test walks it.
type Route struct {
	Pattern string // a net/http pattern, e.g. "GET /api/v1/items/{id}"
	Public  bool   // served without authentication
	handler func(*Handler, http.ResponseWriter, *http.Request) error
}

// Routes is the API's route table.
var Routes = []Route{
	{Pattern: "POST /api/v1/login", Public: true, handler: (*Handler).handleLogin},
	{Pattern: "POST /api/v1/logout", handler: (*Handler).handleLogout},
	{Pattern: "GET /api/v1/me", handler: (*Handler).handleMe},
	{Pattern: "GET /api/v1/units", handler: (*Handler).handleUnitIndex},
	{Pattern: "POST /api/v1/units", handler: (*Handler).handleUnitCreate},
	{Pattern: "GET /api/v1/units/{id}", handler: (*Handler).handleUnitView},
	{Pattern: "PATCH /api/v1/units/{id}", handler: (*Handler).handleUnitUpdate},
	{Pattern: "GET /api/v1/users", handler: (*Handler).handleUserIndex},
	{Pattern: "POST /api/v1/users", handler: (*Handler).handleUserCreate},
	{Pattern: "GET /api/v1/leaders", handler: (*Handler).handleLeaderIndex},
	{Pattern: "GET /api/v1/items", handler: (*Handler).handleItemIndex},
	{Pattern: "POST /api/v1/items", handler: (*Handler).handleItemCreate},
	{Pattern: "GET /api/v1/items/{id}", handler: (*Handler).handleItemView},
	{Pattern: "GET /api/v1/items/{id}/events", handler: (*Handler).handleItemEvents},
	{Pattern: "POST /api/v1/items/{id}/{action}", handler: (*Handler).handleItemAction},
	{Pattern: "GET /api/v1/stats/units", handler: (*Handler).handleStatsUnits},
	{Pattern: "GET /api/v1/calendar", handler: (*Handler).handleCalendar},
	{Pattern: "PUT /api/v1/calendar/{date}", handler: (*Handler).handleCalendarPut},
	{Pattern: "POST /api/v1/calendar/import", handler: (*Handler).handleCalendarImport},
	{Pattern: "GET /healthz", Public: true, handler: (*Handler).handleHealth},
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
		fn := rt.handler
		var hh http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := fn(h, w, r); err != nil {
				httpx.Error(w, r, err)
			}
		})
		if !rt.Public {
			hh = httpx.RequireActor(svc, hh)
		}
		h.mux.Handle(rt.Pattern, hh)
	}
	h.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		httpx.Error(w, r, luoshi.Errorf(luoshi.ENOTFOUND, "没有这个接口：%s %s", r.Method, r.URL.Path))
	})
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

func actor(r *http.Request) *luoshi.Actor { return httpx.ActorFrom(r.Context()) }

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, luoshi.Errorf(luoshi.ENOTFOUND, "编号 %q 无效", r.PathValue("id"))
	}
	return id, nil
}

func (h *Handler) handleHealth(w http.ResponseWriter, r *http.Request) error {
	httpx.JSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (h *Handler) handleLogin(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	res, err := h.svc.Login(r.Context(), req.Username, req.Password)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, res)
	return nil
}

func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Logout(r.Context(), httpx.BearerToken(r)); err != nil {
		return err
	}
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
		return luoshi.Errorf(luoshi.EMALFORMED, "时间须为字符串（RFC 3339，如 2026-12-31T18:00:00+08:00，或日期 2026-12-31）")
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// ParseTime reads an RFC 3339 time or a date (end of that day in Asia/Shanghai).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Millisecond), nil
	}
	loc, _ := time.LoadLocation(service.DefaultTZ)
	if d, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return d.Add(24*time.Hour - time.Second).UTC(), nil
	}
	return time.Time{}, luoshi.Errorf(luoshi.EMALFORMED, "时间 %q 无效，须为 RFC 3339（如 2026-12-31T18:00:00+08:00）或日期（2026-12-31）", s)
}

func timePtr(t *Time) *time.Time {
	if t == nil {
		return nil
	}
	return &t.Time
}
