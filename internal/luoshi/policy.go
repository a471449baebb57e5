package luoshi

import (
	"sort"
	"time"
)

// Policy holds the configurable defaults of DOMAIN.md and the calendar they count with. The
// light, the report due time and the schedule status are computed by it, never stored by hand.
type Policy struct {
	Cal *Calendar
	// UrgentWarn: an urgent item turns yellow this long before a deadline or milestone.
	UrgentWarn time.Duration
	// WarnWorkdays: other items turn yellow this many working days before.
	WarnWorkdays int
	// DeclineWindowWorkdays: the unit may decline (退办) within this many working days of assignment.
	DeclineWindowWorkdays int
	// UrgentDeclineWindow: an urgent item may be declined within this long of assignment.
	// No decline window outlasts the item's deadline.
	UrgentDeclineWindow time.Duration
	// AcceptUrgent and AcceptWorkdays: acceptance is due within these after assignment.
	AcceptUrgent   time.Duration
	AcceptWorkdays int
	// FirstReportWorkdays: a meeting decision's first report is due within this many working days.
	FirstReportWorkdays int
	// ScheduleTolerance: percentage points within which progress counts as on schedule.
	ScheduleTolerance int
}

// DefaultPolicy returns the defaults of DOMAIN.md over the given calendar.
func DefaultPolicy(cal *Calendar) *Policy {
	return &Policy{Cal: cal, UrgentWarn: 2 * time.Hour, WarnWorkdays: 3, DeclineWindowWorkdays: 3,
		UrgentDeclineWindow: 2 * time.Hour,
		AcceptUrgent:        time.Hour, AcceptWorkdays: 1, FirstReportWorkdays: 5, ScheduleTolerance: 10}
}

// warnStart is when the warning window before t opens for an item of priority pr.
func (p *Policy) warnStart(pr Priority, t time.Time) time.Time {
	if pr == PriorityUrgent {
		return t.Add(-p.UrgentWarn)
	}
	return p.Cal.AddWorkdays(t, -p.WarnWorkdays)
}

// DeclineDeadline is the end of the decline window of an assigned item: hours for urgent
// work, working days otherwise, and never later than the item's deadline.
func (p *Policy) DeclineDeadline(it *Item) time.Time {
	if it.AssignedAt == nil {
		return time.Time{}
	}
	var end time.Time
	if it.Priority == PriorityUrgent {
		end = it.AssignedAt.Add(p.UrgentDeclineWindow)
	} else {
		end = p.Cal.AddWorkdays(*it.AssignedAt, p.DeclineWindowWorkdays)
	}
	if !it.Deadline.IsZero() && it.Deadline.Before(end) {
		end = it.Deadline
	}
	return end
}

// DeclineRule says which rule ends the decline window of an assigned item: its deadline,
// the hours of urgent work, or the working days of other work.
func (p *Policy) DeclineRule(it *Item) Msg {
	switch {
	case it.AssignedAt != nil && p.DeclineDeadline(it).Equal(it.Deadline):
		return M("item.decline.window_deadline")
	case it.Priority == PriorityUrgent:
		return M("item.decline.window_hours", int(p.UrgentDeclineWindow/time.Hour))
	}
	return M("item.decline.window_workdays", p.DeclineWindowWorkdays)
}

// AcceptanceDue is when an assigned item must be accepted.
func (p *Policy) AcceptanceDue(it *Item) *time.Time {
	if it.State != StateAssigned || it.AssignedAt == nil {
		return nil
	}
	var t time.Time
	if it.Priority == PriorityUrgent {
		t = it.AssignedAt.Add(p.AcceptUrgent)
	} else {
		t = p.Cal.AddWorkdays(*it.AssignedAt, p.AcceptWorkdays)
	}
	return &t
}

// NextReportDue is when the next progress report of an item in progress is due, by its
// cadence from the last report (or acceptance); a meeting decision without a cadence still
// owes a first report within FirstReportWorkdays.
func (p *Policy) NextReportDue(it *Item) *time.Time {
	if it.State != StateInProgress || it.AcceptedAt == nil {
		return nil
	}
	base := *it.AcceptedAt
	if it.LastReportAt != nil {
		base = *it.LastReportAt
	}
	var due *time.Time
	if !it.ReportEvery.IsZero() {
		t := it.ReportEvery.Next(base, p.Cal)
		due = &t
	}
	if it.Source == SourceMeetingDecision && it.LastReportAt == nil {
		// A meeting decision owes its first report within 5 working days whatever its cadence.
		if t := p.Cal.AddWorkdays(base, p.FirstReportWorkdays); due == nil || t.Before(*due) {
			due = &t
		}
	}
	return due
}

// LightTimes returns the moments at which an open item turns yellow and red if nothing more
// happens to it; nil means never. They are stored with the item so that lists and stats can
// filter by light through an index, and Light derives the light from them.
func (p *Policy) LightTimes(it *Item) (yellow, red *time.Time) {
	y, r, _ := p.lightTimes(it)
	return y, r
}

// RedReason names why a light turns red: which of the item's times passed first.
type RedReason string

// The reasons of a red light: the deadline passed (逾期), a milestone's due time passed
// (节点逾期), or a progress report is overdue (反馈超期).
const (
	RedDeadline  RedReason = "deadline"
	RedMilestone RedReason = "milestone"
	RedReport    RedReason = "report"
)

// RedReasonAt is why the item's light is red at now; "" when it is not red.
func (p *Policy) RedReasonAt(it *Item, now time.Time) RedReason {
	y, r, why := p.lightTimes(it)
	switch {
	case LightAt(it.State, y, r, now) != LightRed:
		return ""
	case now.After(it.Deadline):
		return RedDeadline // past the deadline is 逾期, whichever time turned it red first
	}
	return why
}

// lightTimes is LightTimes with the reason the red time is what it is.
func (p *Policy) lightTimes(it *Item) (yellow, red *time.Time, why RedReason) {
	if !it.State.Open() {
		return nil, nil, ""
	}
	if it.State == StateCompletionRequested {
		// The unit has done its part; only a request made after the deadline stays red.
		if it.CompletionRequestedAt != nil && it.CompletionRequestedAt.After(it.Deadline) {
			t := it.Deadline
			return &t, &t, RedDeadline
		}
		return nil, nil, ""
	}
	y, r := p.warnStart(it.Priority, it.Deadline), it.Deadline
	why = RedDeadline
	for _, m := range it.Milestones {
		if m.DoneAt != nil {
			continue
		}
		if ws := p.warnStart(it.Priority, m.Due); ws.Before(y) {
			y = ws
		}
		if m.Due.Before(r) {
			r, why = m.Due, RedMilestone
		}
	}
	if due := p.NextReportDue(it); due != nil {
		if due.Before(y) {
			y = *due
		}
		late := due.Add(due.Sub(reportBase(it)))
		if !it.ReportEvery.IsZero() {
			late = it.ReportEvery.Next(*due, p.Cal)
		}
		if late.Before(r) {
			r, why = late, RedReport
		}
	}
	if r.Before(y) {
		y = r
	}
	return &y, &r, why
}

func reportBase(it *Item) time.Time {
	if it.LastReportAt != nil {
		return *it.LastReportAt
	}
	return *it.AcceptedAt
}

// LightAt derives the light at now from the stored light times and the state.
func LightAt(state State, yellow, red *time.Time, now time.Time) Light {
	switch {
	case state == StateCompleted:
		return LightBlue
	case state == StateSuspended || state == StateCancelled:
		return LightGrey
	case red != nil && !now.Before(*red):
		return LightRed
	case yellow != nil && !now.Before(*yellow):
		return LightYellow
	}
	return LightGreen
}

// Light computes the item's light at now.
func (p *Policy) Light(it *Item, now time.Time) Light {
	y, r := p.LightTimes(it)
	return LightAt(it.State, y, r, now)
}

// PlannedPercent is where the item should stand at now: piecewise linear from its start
// through its milestones (planned percent, or spread evenly) to 100 at the deadline.
func (p *Policy) PlannedPercent(it *Item, now time.Time) int {
	return planAt(plan(it), now)
}

// planPoint is a point of an item's plan: the percent planned at a moment.
type planPoint struct {
	t   time.Time
	pct int
}

// plan is the item's planned progress: from 0 at its start through its milestones to 100 at
// its deadline, straight lines between the points.
func plan(it *Item) []planPoint {
	start := it.CreatedAt
	if it.AcceptedAt != nil {
		start = *it.AcceptedAt
	} else if it.AssignedAt != nil {
		start = *it.AssignedAt
	}
	ms := append([]Milestone(nil), it.Milestones...)
	sort.Slice(ms, func(i, j int) bool { return ms[i].Due.Before(ms[j].Due) })
	pts := []planPoint{{start, 0}}
	for i, m := range ms {
		pct := m.Percent
		if pct == 0 {
			pct = (i + 1) * 100 / (len(ms) + 1)
		}
		if m.Due.After(pts[len(pts)-1].t) && pct >= pts[len(pts)-1].pct {
			pts = append(pts, planPoint{m.Due, pct})
		}
	}
	if it.Deadline.After(pts[len(pts)-1].t) {
		pts = append(pts, planPoint{it.Deadline, 100})
	}
	return pts
}

// planAt is the percent a plan has reached at now.
func planAt(pts []planPoint, now time.Time) int {
	if !now.After(pts[0].t) {
		return 0
	}
	for i := 1; i < len(pts); i++ {
		if now.Before(pts[i].t) {
			a, b := pts[i-1], pts[i]
			frac := float64(now.Sub(a.t)) / float64(b.t.Sub(a.t))
			return a.pct + int(frac*float64(b.pct-a.pct))
		}
	}
	return 100
}

// Schedule computes the schedule status (序时进度) at now; empty for suspended and
// cancelled items, whose clock has stopped.
func (p *Policy) Schedule(it *Item, now time.Time) ScheduleStatus {
	switch it.State {
	case StateCompleted:
		return ScheduleCompleted
	case StateCompletionRequested:
		// The unit reports the work done: on schedule if it said so in time.
		if it.CompletionRequestedAt != nil && it.CompletionRequestedAt.After(it.Deadline) {
			return ScheduleBehind
		}
		return ScheduleOnSchedule
	case StateSuspended, StateCancelled:
		return "" // the clock has stopped: not measured
	}
	planned := p.PlannedPercent(it, now)
	switch {
	case it.State.Open() && now.After(it.Deadline) && it.State != StateCompletionRequested:
		return ScheduleBehind
	case it.Percent < planned-p.ScheduleTolerance:
		return ScheduleBehind
	case it.Percent > planned+p.ScheduleTolerance:
		return ScheduleAhead
	}
	return ScheduleOnSchedule
}
