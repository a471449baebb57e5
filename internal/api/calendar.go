package api

import (
	"net/http"
	"strconv"
	"strings"

	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

func (h *Handler) handleCalendar(w http.ResponseWriter, r *http.Request) error {
	year := 0
	if s := r.URL.Query().Get("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return luoshi.Invalid("year", "calendar.year.invalid", s)
		}
		year = n
	}
	cy, err := h.svc.Calendar(r.Context(), year)
	if err != nil {
		return err
	}
	sendCalendar(w, r, cy)
	return nil
}

// sendCalendar answers with a year of the calendar, its warning in the reader's language.
func sendCalendar(w http.ResponseWriter, r *http.Request, cy *service.CalendarYear) {
	if cy.WarningMsg != nil {
		cy.Warning = i18n.FromTag(httpx.RequestLang(r)).Msg(*cy.WarningMsg)
	}
	httpx.JSON(w, http.StatusOK, cy)
}

type calendarDayRequest struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (h *Handler) handleCalendarPut(w http.ResponseWriter, r *http.Request) error {
	var req calendarDayRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	if req.Kind != "holiday" && req.Kind != "workday" && req.Kind != "normal" {
		return luoshi.Invalid("kind", "calendar.kind.invalid")
	}
	cy, err := h.svc.PutCalendarDay(r.Context(), actor(r), r.PathValue("date"), req.Kind, req.Name)
	if err != nil {
		return err
	}
	sendCalendar(w, r, cy)
	return nil
}

func (h *Handler) handleCalendarImport(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") && !strings.HasPrefix(ct, "text/plain") {
		return luoshi.Errorf(luoshi.EMALFORMED, "calendar.upload.type")
	}
	years, err := h.svc.ImportCalendar(r.Context(), actor(r), http.MaxBytesReader(w, r.Body, httpx.MaxBody))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"years": years})
	return nil
}
