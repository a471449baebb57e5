package web

import (
	"net/http"
	"strconv"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// draggingPage is the view of work that drags on (久拖不决): the open items the reader may see
// that have been open for more than Months months, extended more than once, or urged to
// orange or red, with the counts that say so.
type draggingPage struct {
	Base
	countyChoice
	Months int
	// MonthsInput is what the reader typed, shown again when it was refused.
	MonthsInput string
	Problem     string
	List        *service.DragList
}

func (h *Handler) handleDragging(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	counties, region, err := h.countyOf(r, q)
	if err != nil {
		return err
	}
	p := &draggingPage{Base: h.base(r, "dragging.title"), countyChoice: countyChoice{counties, region},
		Months: luoshi.DefaultDragMonths, MonthsInput: q.Get("months")}
	if s := q.Get("months"); s != "" {
		if p.Months, err = strconv.Atoi(s); err != nil {
			p.Months = -1 // refused below, with the range
		}
	}
	p.List, err = h.svc.Dragging(r.Context(), actorOf(r), region.ID, p.Months)
	if e, ok := luoshi.AsError(err); ok && e.Code == luoshi.EINVALID {
		msg, fields := p.Lang.Error(e)
		if p.Problem = msg; len(fields) > 0 {
			p.Problem = fields[0].Message
		}
		p.Months = luoshi.DefaultDragMonths
		p.List, err = h.svc.Dragging(r.Context(), actorOf(r), region.ID, p.Months)
	}
	if err != nil {
		return err
	}
	if p.Problem == "" {
		p.MonthsInput = strconv.Itoa(p.Months)
	}
	h.render(w, r, http.StatusOK, "dragging", p)
	return nil
}

// Why says why an item is listed, in the page's language.
func (p *draggingPage) Why(reason string) string {
	if reason == luoshi.DragLong {
		return p.T("dragging.why.long", p.Months)
	}
	return p.T("dragging.why." + reason)
}

// RecordWord names the kind of an event's record: a commendation's, or an accountability
// record's (the waiver names the record's kind too).
func (p *itemPage) RecordWord(ev luoshi.Event) string {
	if ev.Kind == luoshi.EventCommended {
		return p.T("commendation." + ev.Data.Kind)
	}
	return p.T("acc." + ev.Data.Kind)
}

// yearRecords are a year's commendations and accountability records of the region the
// reader may see, for the unit figures: from the start of the year to the start of the next.
func (h *Handler) yearRecords(r *http.Request, region int64, year int) (*service.RecordList, error) {
	loc := h.svc.Location()
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
	return h.svc.Records(r.Context(), actorOf(r), region, from, to, 0)
}

// Urge is the points an urging notice of the level deducts.
func (p *rankingPage) Urge(level string) float64 { return p.Rules.UrgePoints[luoshi.UrgeLevel(level)] }
