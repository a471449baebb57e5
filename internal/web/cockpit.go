package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// cockpitRoles open the cockpit: the supervision office and the leaders.
var cockpitRoles = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader}

func init() {
	routes = append(routes, route{pattern: "GET /cockpit", roles: cockpitRoles, fn: (*Handler).handleCockpit})
}

// cockpitShown is how many units the overdue ranking lists.
const cockpitShown = 10

// cockpitPage is the leaders' cockpit: the county's (or a portfolio's) figures, each a link
// to what is behind it, with charts drawn by cockpit.js from data-chart. Big is the wall
// screen: dark, 1920×1080, refreshed every minute.
type cockpitPage struct {
	Base
	C       *service.Cockpit
	Leaders []*luoshi.Leader // whose cockpit the reader may switch to; empty for a deputy
	Big     bool
	Lights  []cockpitFigure
	Sched   []cockpitFigure
	// Overdue: the late units shown (and charted), OverdueRest the others, folded.
	Overdue, OverdueRest []service.CockpitUnit
	// The charts' data, JSON for data-chart.
	LightsChart, SchedChart, TrendChart, OverdueChart string
}

// cockpitFigure is one count with its name's key and the list behind it.
type cockpitFigure struct {
	Key, Class, Link string
	Count            int
}

func (h *Handler) handleCockpit(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	q := r.URL.Query()
	var leader int64
	if s := q.Get("leader_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return luoshi.Invalid("leader_id", "cockpit.leader.not_found")
		}
		leader = n
	}
	c, err := h.svc.Cockpit(r.Context(), a, leader)
	if err != nil {
		return err
	}
	p := &cockpitPage{Base: h.base(r, "cockpit.title"), C: c, Big: q.Get("screen") == "big"}
	if a.Has(luoshi.RoleSupervisor) || a.AllUnits {
		if p.Leaders, err = h.svc.ListLeaders(r.Context(), a); err != nil {
			return err
		}
	}
	p.figures()
	if p.Big {
		h.execute(w, r, http.StatusOK, "cockpit", "screen", p)
		return nil
	}
	h.render(w, r, http.StatusOK, "cockpit", p)
	return nil
}

// figures lays out the counts and the charts' data.
func (p *cockpitPage) figures() {
	c := p.C
	lights := []luoshi.Light{luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen}
	var names []string
	var counts []int
	for _, l := range lights {
		p.Lights = append(p.Lights, cockpitFigure{Key: "light." + string(l), Class: string(l), Count: c.Counts.Lights[l],
			Link: c.Link("light", string(l))})
		names, counts = append(names, p.T("light."+string(l))), append(counts, c.Counts.Lights[l])
	}
	p.LightsChart = chartJSON(map[string]any{"kind": "lights", "names": names, "values": counts,
		"colors": []string{"#c62828", "#e0a800", "#2e7d32"}})
	names, counts = nil, nil
	for _, st := range luoshi.ScheduleStatuses {
		p.Sched = append(p.Sched, cockpitFigure{Key: "schedule." + string(st), Class: string(st), Count: c.Counts.Schedule[st],
			Link: c.Link("schedule", string(st))})
		names, counts = append(names, p.T("schedule."+string(st))), append(counts, c.Counts.Schedule[st])
	}
	p.SchedChart = chartJSON(map[string]any{"kind": "schedule", "names": names, "values": counts,
		"colors": []string{"#1565c0", "#2e7d32", "#c62828", "#5b6570"}})
	var weeks []string
	var rates []any // no point before the first item counted
	for _, w := range c.Trend() {
		var r any
		if w.SoFar > 0 {
			r = w.Cumulative
		}
		weeks, rates = append(weeks, p.T("cockpit.week", w.Week)), append(rates, r)
	}
	p.TrendChart = chartJSON(map[string]any{"kind": "trend", "labels": weeks, "values": rates, "name": p.T("cockpit.trend_rate")})
	p.Overdue, p.OverdueRest = c.Overdue[:min(len(c.Overdue), cockpitShown)], c.Overdue[min(len(c.Overdue), cockpitShown):]
	names = nil
	var overdue, red []int
	for _, u := range p.Overdue {
		names, overdue, red = append(names, u.UnitName), append(overdue, u.Overdue), append(red, u.Red)
	}
	p.OverdueChart = chartJSON(map[string]any{"kind": "overdue", "names": names, "overdue": overdue, "red": red,
		"series": []string{p.T("cockpit.overdue_count"), p.T("cockpit.overdue_red")}})
}

func chartJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // maps of strings and numbers
	}
	return string(b)
}

// Scope names what the figures cover: the county, or a deputy head's portfolio.
func (p *cockpitPage) Scope() string {
	if l := p.C.Leader; l != nil {
		return p.T("cockpit.portfolio", l.Name, l.Post)
	}
	return p.T("cockpit.county")
}

// Pct shows a rate in percent with one decimal.
func (p *cockpitPage) Pct(r float64) string {
	return p.T("cockpit.percent", strconv.FormatFloat(r, 'f', 1, 64))
}

// Num shows a figure of a key indicator (up to two decimals, no trailing zeros).
func (p *cockpitPage) Num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// LeaderSelected reports whether the switcher shows leader l.
func (p *cockpitPage) LeaderSelected(l *luoshi.Leader) bool {
	return p.C.Leader != nil && p.C.Leader.ID == l.ID
}

// ScreenURL is the big screen's address for the same scope, or back.
func (p *cockpitPage) ScreenURL(big bool) string {
	q := ""
	if p.C.Leader != nil {
		q = "leader_id=" + strconv.FormatInt(p.C.Leader.ID, 10)
	}
	if big {
		if q != "" {
			q += "&"
		}
		q += "screen=big"
	}
	if q == "" {
		return "/cockpit"
	}
	return "/cockpit?" + q
}

// ShowsCockpit: the workbench leads the office and the leaders to the cockpit.
func (p *workbenchPage) ShowsCockpit() bool {
	return p.Actor != nil && hasAny(p.Actor, cockpitRoles)
}

// Rate shows n of of in percent.
func (p *cockpitPage) Rate(n, of int) string { return p.Pct(service.Rate(n, of)) }

// NotOnTime is how many of the items due so far were not completed on time.
func (p *cockpitPage) NotOnTime() int { return p.C.Due - p.C.OnTime }

// lateRows is a table of late units on the page.
type lateRows struct {
	P     *cockpitPage
	Units []service.CockpitUnit
}

// LateRows makes the table of the late units us.
func (p *cockpitPage) LateRows(us []service.CockpitUnit) lateRows { return lateRows{p, us} }
