package web

import (
	"encoding/json"
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
	Work     *service.Workbench
	Sections []workSection // what waits for the user, open
	Rest     []workSection // the rest, folded
	// Late: the units with overdue items, worst first; LateChart their bar chart's data.
	Late, LateRest []service.UnitLate
	LateChart      string
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
	p.LateChart = lateChart(p.Late, refs, p.Lang)
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

// lateChart is the data of the late units' bar chart, worst at the top.
func lateChart(late []service.UnitLate, refs *orgRefs, lang Lang) string {
	c := struct {
		Kind    string   `json:"kind"`
		Names   []string `json:"names"`
		Overdue []int    `json:"overdue"`
		Red     []int    `json:"red"`
		Series  []string `json:"series"`
	}{Kind: "late", Names: []string{}, Overdue: []int{}, Red: []int{},
		Series: []string{lang.T("wb.overdue_items"), lang.T("wb.red")}}
	for _, u := range late {
		c.Names, c.Overdue, c.Red = append(c.Names, refs.UnitName(u.UnitID)), append(c.Overdue, u.Overdue), append(c.Red, u.Red)
	}
	j, _ := json.Marshal(c)
	return string(j)
}
