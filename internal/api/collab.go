package api

import (
	"net/http"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// collabRow is one unit's collaboration metrics, the times to acceptance and to a co-unit
// opinion's answer in hours (to the tenth; null when the unit accepted or answered nothing).
type collabRow struct {
	luoshi.UnitCollab
	MedianAcceptHours  *float64 `json:"median_accept_hours"`
	LongestAcceptHours *float64 `json:"longest_accept_hours"`
	MedianOpinionHours *float64 `json:"median_opinion_hours"`
}

func collabRows(units []luoshi.UnitCollab) []collabRow {
	out := make([]collabRow, 0, len(units))
	for _, u := range units {
		r := collabRow{UnitCollab: u}
		if u.Accepted > 0 {
			r.MedianAcceptHours, r.LongestAcceptHours = hours(u.MedianAccept), hours(u.LongestAccept)
		}
		if u.OpinionsOnTime+u.OpinionsLate > 0 {
			r.MedianOpinionHours = hours(u.MedianOpinion)
		}
		out = append(out, r)
	}
	return out
}

func hours(d time.Duration) *float64 {
	h := float64(d.Round(6*time.Minute)) / float64(time.Hour)
	return &h
}

// collabQuery reads year, region_id and, when unit is true, the required unit_id.
func collabQuery(r *http.Request, unit bool) (region, unitID int64, year int, err error) {
	var v luoshi.Validation
	q := r.URL.Query()
	year = queryInt(&v, q.Get("year"), "year")
	region = queryRegion(&v, r)
	if unit {
		if id := queryID(&v, q.Get("unit_id"), "unit_id"); id != nil {
			unitID = *id
		} else if !v.Has("unit_id") {
			v.Add("unit_id", "collab.unit_id.required")
		}
	}
	return region, unitID, year, v.Err()
}

func (h *Handler) handleStatsCollaboration(w http.ResponseWriter, r *http.Request) error {
	region, _, year, err := collabQuery(r, false)
	if err != nil {
		return err
	}
	c, err := h.svc.CollaborationMetrics(r.Context(), actor(r), region, year)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, collabAnswer(c))
	return nil
}

func (h *Handler) handleStatsCollaborationDeclines(w http.ResponseWriter, r *http.Request) error {
	region, unit, year, err := collabQuery(r, true)
	if err != nil {
		return err
	}
	c, err := h.svc.CollaborationDeclines(r.Context(), actor(r), region, unit, year)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, collabAnswer(c))
	return nil
}

func collabAnswer(c *service.Collaboration) map[string]any {
	out := map[string]any{"region_id": c.RegionID, "year": c.Year, "units": collabRows(c.Units)}
	if c.Declines != nil {
		out["declines"] = c.Declines
	}
	return out
}
