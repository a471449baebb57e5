package web

import (
	"math"
	"net/http"

	"slices"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// workbenchShown is how many items each section of the workbench lists; the rest are a
// link to the list away.
const workbenchShown = 8

// workbenchLateShown is how many late units the workbench lists before folding the rest.
const workbenchLateShown = 8

// workbenchPage is the user's start page: what needs them today, by role.
type workbenchPage struct {
	Base
	*orgRefs
	// CalendarWarning tells the system administrator that this year's or next year's
	// arrangement of holidays is missing.
	CalendarWarning *luoshi.Msg
	Work            *service.Workbench
	Sections        []workSection // what waits for the user, open
	Rest            []workSection // the rest, folded
	// Late: the units with overdue items, worst first (the rest folded in LateRest);
	// LateChart their bar chart.
	Late, LateRest []service.UnitLate
	LateChart      []lateBar
	Lights         []luoshi.Light
	// Audit: the auditor's latest records.
	Audit []*luoshi.AuditRecord
	// Stats: the items of each unit the office or the leader oversees, by light.
	Stats []luoshi.UnitStats
	// Counties: for a city account, each county below with its totals.
	Counties []service.CountySummary
}

// workSection is one list of the workbench.
type workSection struct {
	Key   string
	Items []*service.ItemView
	Total int
	More  string // the list filtered to the section, when it has one
	Due   string // which time the section shows: deadline, report, decline
}

func section(key string, items []*service.ItemView, more, due string) workSection {
	s := workSection{Key: key, Total: len(items), More: more, Due: due}
	s.Items = items[:min(len(items), workbenchShown)]
	return s
}

func (h *Handler) handleWorkbench(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	p := &workbenchPage{Base: h.base(r, "nav.workbench"), Lights: []luoshi.Light{luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen}}
	var err error
	switch {
	case a.SeesBusiness():
		err = h.businessWorkbench(r, p)
	case a.Has(luoshi.RoleCity):
		p.Counties, err = h.svc.CountySummaries(r.Context(), a)
	case a.Has(luoshi.RoleSysadmin):
		p.CalendarWarning = h.svc.CalendarWarning()
	case a.Has(luoshi.RoleAuditor):
		var page *service.AuditPage
		page, err = h.svc.SearchAudit(r.Context(), a, luoshi.AuditFilter{Limit: 10})
		if err == nil {
			p.Audit = page.Records
		}
	}
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "workbench", p)
	return nil
}

func (h *Handler) businessWorkbench(r *http.Request, p *workbenchPage) error {
	refs, err := h.orgRefs(r)
	if err != nil {
		return err
	}
	wb, err := h.svc.Workbench(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	p.orgRefs, p.Work = refs, wb
	a := actorOf(r)
	if a.Has(luoshi.RoleSupervisor) || a.Has(luoshi.RoleLeader) {
		if p.Stats, err = h.svc.UnitStats(r.Context(), a); err != nil {
			return err
		}
	}
	p.Late, p.LateRest = wb.Late[:min(len(wb.Late), workbenchLateShown)], wb.Late[min(len(wb.Late), workbenchLateShown):]
	p.LateChart = lateChart(p.Late, refs)
	p.Stats = slices.DeleteFunc(p.Stats, func(st luoshi.UnitStats) bool { return st.Open == 0 && st.Completed == 0 })
	p.Sections = sections(
		section("wb.to_accept", wb.ToAccept, "/items?state=assigned", "accept"),
		section("wb.decline_closing", wb.DeclineClosing, "", "decline"),
		section("wb.reports_due", wb.ReportsDue, "", "report"),
		section("wb.approvals", wb.Approvals, "/items?state=completion_requested", "approval"),
	)
	p.Rest = sections(
		section("wb.red", wb.Red, "/items?light=red&sort=deadline", "deadline"),
		section("wb.declined", wb.Declined, "/items?state=declined", "deadline"),
		section("wb.yellow", wb.Yellow, "/items?light=yellow&sort=deadline", "deadline"),
		section("wb.diverging", wb.Diverging, "", "deadline"),
		section("wb.drafts", wb.Drafts, "/items?state=draft", "deadline"),
	)
	return nil
}

// sections keeps the sections that list something.
func sections(all ...workSection) []workSection {
	return slices.DeleteFunc(all, func(s workSection) bool { return s.Total == 0 })
}

// lateBar is one unit's row of the late units' bar chart: the bars' lengths are percentages
// of the chart's width, the longest reaching lateBarSpan.
type lateBar struct {
	Name               string
	Overdue, Red       int
	Y                  int     // the row's top, in pixels
	OverdueLen, RedLen float64 // percent of the width
	OverdueEnd, RedEnd float64 // where each bar's number goes
}

// The late units' chart: the names take the first lateBarStart percent of the width, the
// bars at most lateBarSpan; each unit a row of lateBarRow pixels.
const (
	lateBarStart = 40.0 // the template's x="40%"
	lateBarSpan  = 50.0
	lateBarRow   = 30
)

// lateChart is the late units' bar chart, drawn on the server as SVG: the workbench stays
// light on a phone (no chart library) and reads without script.
func lateChart(late []service.UnitLate, refs *orgRefs) []lateBar {
	most := 1
	for _, u := range late {
		most = max(most, u.Overdue, u.Red)
	}
	bars := make([]lateBar, len(late))
	for i, u := range late {
		o := math.Round(10*lateBarSpan*float64(u.Overdue)/float64(most)) / 10
		r := math.Round(10*lateBarSpan*float64(u.Red)/float64(most)) / 10
		bars[i] = lateBar{Name: refs.UnitName(u.UnitID), Overdue: u.Overdue, Red: u.Red, Y: 24 + i*lateBarRow,
			OverdueLen: o, RedLen: r, OverdueEnd: lateBarStart + o + 1, RedEnd: lateBarStart + r + 1}
	}
	return bars
}

// LateChartHeight is the height of the late units' chart in pixels: the legend and a row a unit.
func (p *workbenchPage) LateChartHeight() int { return 24 + len(p.LateChart)*lateBarRow }
