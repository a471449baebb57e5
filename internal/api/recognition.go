package api

import (
	"net/http"
	"strings"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
)

// dragAnswer is an item of work that drags on (久拖不决), as GET /api/v1/items/dragging
// answers it.
type dragAnswer struct {
	ID         int64            `json:"id"`
	Code       string           `json:"code"`
	Title      string           `json:"title"`
	State      luoshi.State     `json:"state"`
	Light      luoshi.Light     `json:"light"`
	Overdue    bool             `json:"overdue"`
	Deadline   time.Time        `json:"deadline"`
	CreatedAt  time.Time        `json:"created_at"`
	LeadUnitID int64            `json:"lead_unit_id"`
	LeadUnit   string           `json:"lead_unit"`
	LeaderID   *int64           `json:"leader_id,omitempty"`
	Leader     string           `json:"leader,omitempty"`
	MonthsOpen int              `json:"months_open"`
	Extensions int              `json:"extensions"`
	Urgings    int              `json:"urgings"`
	UrgeLevel  luoshi.UrgeLevel `json:"urge_level,omitempty"`
	Reasons    []string         `json:"reasons"`
}

// handleDragging answers the view of work that drags on: ?months= (default 3) and, for a city
// account, ?region_id=.
func (h *Handler) handleDragging(w http.ResponseWriter, r *http.Request) error {
	var v luoshi.Validation
	months := queryInt(&v, r.URL.Query().Get("months"), "months")
	region := queryRegion(&v, r)
	if err := v.Err(); err != nil {
		return err
	}
	if r.URL.Query().Has("months") && months < 1 {
		months = -1 // asked for, and out of range: not the default
	}
	list, err := h.svc.Dragging(r.Context(), actor(r), region, months)
	if err != nil {
		return err
	}
	out := make([]dragAnswer, len(list.Items))
	for i, d := range list.Items {
		it := d.Item
		out[i] = dragAnswer{ID: it.ID, Code: it.Code, Title: it.Title, State: it.State, Light: it.Light, Overdue: it.Overdue,
			Deadline: it.Deadline.UTC(), CreatedAt: it.CreatedAt.UTC(), LeadUnitID: it.LeadUnitID, LeadUnit: d.LeadUnit,
			LeaderID: it.LeaderID, Leader: d.Leader, MonthsOpen: d.MonthsOpen, Extensions: d.Extensions, Urgings: d.Urgings,
			UrgeLevel: d.UrgeLevel, Reasons: d.Reasons}
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"months": list.Months, "as_of": list.AsOf, "items": out, "truncated": list.Truncated})
	return nil
}

// handleRecords answers the commendations and accountability records of a period:
// ?from=&to= (a date, or a moment in RFC 3339: from the start of from's day to the end of
// to's), ?unit_id= and, for a city account, ?region_id=.
func (h *Handler) handleRecords(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v luoshi.Validation
	from := periodBound(&v, q.Get("from"), "from", false)
	to := periodBound(&v, q.Get("to"), "to", true)
	unit := queryID(&v, q.Get("unit_id"), "unit_id")
	region := queryRegion(&v, r)
	if err := v.Err(); err != nil {
		return err
	}
	var unitID int64
	if unit != nil {
		unitID = *unit
	}
	list, err := h.svc.Records(r.Context(), actor(r), region, from, to, unitID)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, list)
	return nil
}

// periodBound reads one end of a period: a moment as it is, a date as the start of that day
// (from) or the start of the next (to, so that the day is inside).
func periodBound(v *luoshi.Validation, s, field string, end bool) time.Time {
	if strings.TrimSpace(s) == "" {
		return time.Time{}
	}
	t, err := ParseTime(s)
	if err != nil {
		v.Add(field, "records.time_bad", s)
		return time.Time{}
	}
	if len(strings.TrimSpace(s)) == len("2006-01-02") {
		t = t.Add(time.Second) // the next day's start
		if !end {
			t = t.Add(-24 * time.Hour)
		}
	}
	return t
}
