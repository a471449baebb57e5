package service

import (
	"context"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// WorkbenchReportWorkdays: a report due within this many working days shows on the workbench.
const WorkbenchReportWorkdays = 2

// DivergingGap is how many levels apart the two judgements of delivery confidence must be
// for the workbench to list the item.
const DivergingGap = 2

// maxScan bounds how many items one workbench or search reads; a county has hundreds.
const maxScan = 5000

// Workbench is what needs a business user today, found by the actions the user may take on
// the open items they can see. Each list is ordered most pressing first.
type Workbench struct {
	ToAccept       []*ItemView // assigned to the user's unit, awaiting acceptance
	DeclineClosing []*ItemView // the decline window (退办) closes within a working day
	ReportsDue     []*ItemView // a progress report is late or due within WorkbenchReportWorkdays
	Approvals      []*ItemView // completion or extension requests awaiting the user's decision
	Declined       []*ItemView // declined by the lead unit, awaiting reassignment or insistence
	Drafts         []*ItemView // drafts awaiting assignment
	Red            []*ItemView
	Yellow         []*ItemView
	// Diverging: the lead unit and the office judge the delivery confidence (落实把握) two or
	// more levels apart — worth a conversation before the light says so.
	Diverging []*ItemView
	// Late: the units leading overdue items, worst first (most overdue, then most red, then
	// longest overdue).
	Late []UnitLate
	// Lights counts the open items the user sees by light; Open is their number.
	Lights map[luoshi.Light]int
	Open   int
	// Truncated: more than maxScan open items, the rest were not read.
	Truncated bool
}

// Workbench gathers the business user's work of the day.
func (s *Service) Workbench(ctx context.Context, a *luoshi.Actor) (*Workbench, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	items, truncated, err := s.scanItems(ctx, a, luoshi.ItemFilter{}, luoshi.OpenStates)
	if err != nil {
		return nil, err
	}
	now := s.now()
	cal := s.Policy().Cal
	reportHorizon := cal.AddWorkdays(now, WorkbenchReportWorkdays)
	declineHorizon := cal.AddWorkdays(now, 1)
	wb := &Workbench{Lights: map[luoshi.Light]int{}, Open: len(items), Truncated: truncated}
	late := lateness{}
	for _, v := range items {
		wb.Lights[v.Light]++
		may := func(act luoshi.Action) bool { return slices.Contains(v.Actions, act) }
		switch {
		case may(luoshi.ActAccept):
			wb.ToAccept = append(wb.ToAccept, v)
		case may(luoshi.ActInsist):
			wb.Declined = append(wb.Declined, v)
		case may(luoshi.ActAssign):
			wb.Drafts = append(wb.Drafts, v)
		case may(luoshi.ActApproveCompletion), may(luoshi.ActApproveExtension):
			wb.Approvals = append(wb.Approvals, v)
		}
		if may(luoshi.ActDecline) && v.DeclineDeadline != nil && v.DeclineDeadline.Before(declineHorizon) {
			wb.DeclineClosing = append(wb.DeclineClosing, v)
		}
		if may(luoshi.ActReport) && v.NextReportDue != nil && v.NextReportDue.Before(reportHorizon) {
			wb.ReportsDue = append(wb.ReportsDue, v)
		}
		if v.ConfidenceGap >= DivergingGap {
			wb.Diverging = append(wb.Diverging, v)
		}
		late.add(v, now)
		switch v.Light {
		case luoshi.LightRed:
			wb.Red = append(wb.Red, v)
		case luoshi.LightYellow:
			wb.Yellow = append(wb.Yellow, v)
		}
	}
	byDeadline := func(x, y *ItemView) int { return x.Deadline.Compare(y.Deadline) }
	byTime := func(f func(*ItemView) *time.Time) func(x, y *ItemView) int {
		return func(x, y *ItemView) int { return f(x).Compare(*f(y)) }
	}
	slices.SortStableFunc(wb.ToAccept, byDeadline)
	slices.SortStableFunc(wb.DeclineClosing, byTime(func(v *ItemView) *time.Time { return v.DeclineDeadline }))
	slices.SortStableFunc(wb.ReportsDue, byTime(func(v *ItemView) *time.Time { return v.NextReportDue }))
	for _, l := range [][]*ItemView{wb.Approvals, wb.Declined, wb.Drafts, wb.Red, wb.Yellow, wb.Diverging} {
		slices.SortStableFunc(l, byDeadline)
	}
	wb.Late = late.worstFirst()
	return wb, nil
}

// UnitLate is how late one lead unit is: its overdue and red open items, and the days past
// the deadline of its longest overdue one.
type UnitLate struct {
	UnitID  int64
	Overdue int
	Red     int
	MaxDays int // whole days, rounded up, the longest overdue item is past its deadline
}

// lateness gathers UnitLate by unit.
type lateness map[int64]*UnitLate

func (l lateness) add(v *ItemView, now time.Time) {
	if !v.Overdue && v.Light != luoshi.LightRed {
		return
	}
	u := l[v.LeadUnitID]
	if u == nil {
		u = &UnitLate{UnitID: v.LeadUnitID}
		l[v.LeadUnitID] = u
	}
	if v.Light == luoshi.LightRed {
		u.Red++
	}
	if v.Overdue {
		u.Overdue++
		days := int((now.Sub(v.Deadline) + 24*time.Hour - 1) / (24 * time.Hour))
		u.MaxDays = max(u.MaxDays, days)
	}
}

// worstFirst lists the units with overdue items, most overdue first.
func (l lateness) worstFirst() []UnitLate {
	var out []UnitLate
	for _, u := range l {
		if u.Overdue > 0 {
			out = append(out, *u)
		}
	}
	slices.SortFunc(out, worse)
	return out
}

// worse orders units most overdue first, then most red, then longest overdue.
func worse(x, y UnitLate) int {
	switch {
	case x.Overdue != y.Overdue:
		return y.Overdue - x.Overdue
	case x.Red != y.Red:
		return y.Red - x.Red
	case x.MaxDays != y.MaxDays:
		return y.MaxDays - x.MaxDays
	}
	return int(x.UnitID - y.UnitID)
}

// scanItems reads every item the actor may see that matches f, in each of the states (all
// states when none are given), up to maxScan.
func (s *Service) scanItems(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter, states []luoshi.State) ([]*ItemView, bool, error) {
	var out []*ItemView
	passes := []*luoshi.State{nil}
	if len(states) > 0 {
		passes = passes[:0]
		for i := range states {
			passes = append(passes, &states[i])
		}
	}
	for _, st := range passes {
		g := f
		if st != nil {
			g.State = st
		}
		g.Limit, g.Cursor = 200, ""
		for {
			page, err := s.ListItems(ctx, a, g)
			if err != nil {
				return nil, false, err
			}
			out = append(out, page.Items...)
			if len(out) >= maxScan {
				return out[:maxScan], true, nil
			}
			if page.NextCursor == "" {
				break
			}
			g.Cursor = page.NextCursor
		}
	}
	return out, false, nil
}
