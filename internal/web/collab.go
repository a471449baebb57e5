package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// collabPage shows the collaboration metrics (协作指标) of a region's units for a year — how
// often each unit declined, was moved away from, or was slow to accept what it was given —
// and, for one unit, its declines with their reasons.
type collabPage struct {
	Base
	countyChoice
	Year    int
	Years   []int
	Metrics *service.Collaboration
	// Unit is the unit whose declines are listed, with them in Declines.
	Unit     *luoshi.UnitCollab
	Declines []luoshi.CollabDecline
	// Records are the year's commendations and accountability records, counted by unit.
	Records *service.RecordList
}

func (h *Handler) handleCollaboration(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	counties, region, err := h.countyOf(r, q)
	if err != nil {
		return err
	}
	a, year := actorOf(r), h.pageYear(r)
	p := &collabPage{Base: h.base(r, "nav.collaboration"), countyChoice: countyChoice{counties, region},
		Year: year, Years: h.yearsAround(year)}
	if p.Metrics, err = h.svc.CollaborationMetrics(r.Context(), a, region.ID, year); err != nil {
		return err
	}
	if p.Records, err = h.yearRecords(r, region.ID, year); err != nil {
		return err
	}
	if s := q.Get("unit_id"); s != "" {
		unit, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found")
		}
		d, err := h.svc.CollaborationDeclines(r.Context(), a, region.ID, unit, year)
		if err != nil {
			return err
		}
		p.Declines = d.Declines
		for i := range d.Units {
			if d.Units[i].UnitID == unit {
				p.Unit = &d.Units[i]
			}
		}
	}
	h.render(w, r, http.StatusOK, "collaboration", p)
	return nil
}

// DeclinesURL is the address of a unit's declines on this page.
func (p *collabPage) DeclinesURL(unit int64) string {
	q := url.Values{"year": {strconv.Itoa(p.Year)}, "unit_id": {strconv.FormatInt(unit, 10)}}
	if len(p.Counties) > 0 {
		q.Set("region_id", strconv.FormatInt(p.Region.ID, 10))
	}
	return "/collaboration?" + q.Encode() + "#declines"
}

// Hours shows a duration in hours to one decimal; none is a dash.
func (p *collabPage) Hours(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return strconv.FormatFloat(d.Hours(), 'f', 1, 64)
}
