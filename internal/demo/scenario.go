package demo

import (
	"context"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

const day = 24 * time.Hour

// scenario is where a demo item ends up.
type scenario int

const (
	scDraft scenario = iota
	scAssigned
	scDeclined
	scGreen
	scYellowDeadline
	scYellowReport
	scRed
	scPendingExtension
	scCompletionRequested
	scCompleted
	scCompletedLate
	scSuspended
	scCancelled
	// scCompletedInMonth is not in the plan: every other early completion (scCompleted) of
	// work counted in days is made one due and delivered on time in one of the two months
	// before now's, by turns, so that the demo's monthly bulletins have work done on time to
	// count; an early completion due later counts only in a later period.
	scCompletedInMonth
)

// plan spreads the items over every state and light, weighted towards work in progress.
var plan = []scenario{scDraft, scAssigned, scDeclined, scGreen, scGreen, scGreen, scYellowDeadline,
	scYellowReport, scRed, scRed, scPendingExtension, scCompletionRequested, scCompleted, scCompleted,
	scCompletedLate, scGreen, scSuspended, scCancelled, scGreen, scYellowDeadline}

// at sets the clock for the next event of an item, moved back into working hours (urgent work
// into the evening) so that nobody reports at 03:00.
func (l *loader) at(t time.Time) { l.clock = workBefore(l.svc.Policy().Cal, t, l.urgent) }

// atOffice sets the clock for the next event of the target module: in office hours, after t
// where that is still before now.
func (l *loader) atOffice(t time.Time) {
	cal := l.svc.Policy().Cal
	if w := workAfter(cal, t, false); !w.After(l.now) {
		l.clock = w
		return
	}
	l.clock = workBefore(cal, t, false)
}

func (l *loader) actor(ctx context.Context, username string) (*luoshi.Actor, error) {
	return l.svc.ActorByUsername(ctx, username)
}

func pct(n int) *int { return &n }

// times chooses creation time and deadline for the scenario; urgent work runs in hours.
func (l *loader) times(i int, sc scenario, urgent bool) (start, deadline time.Time) {
	cal := l.svc.Policy().Cal
	unit := day
	if urgent {
		unit = time.Hour
	}
	start = l.now.Add(-time.Duration(20+i%40) * unit)
	switch sc {
	case scCompletedInMonth:
		// The last working day of the month before now's, or of the one before that, at the
		// day's end.
		loc := cal.Location()
		n := l.now.In(loc)
		back := 1 + (i/len(plan))%2
		d := workday(cal, time.Date(n.Year(), n.Month()-time.Month(back)+1, 0, 12, 0, 0, 0, loc), -1)
		deadline = time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, loc).UTC()
		return deadline.Add(-time.Duration(20+i%40) * day), deadline
	case scYellowDeadline:
		deadline = cal.AddWorkdays(l.now, 2)
		if urgent {
			deadline = l.now.Add(90 * time.Minute)
		}
	case scRed:
		deadline = l.now.Add(-time.Duration(3+i%6) * unit)
	case scCompletedLate:
		deadline = l.now.Add(-time.Duration(5+i%3) * unit)
	default:
		deadline = l.now.Add(time.Duration(20+i%90) * unit)
	}
	if urgent {
		deadline = deadline.Truncate(time.Hour)
		if deadline.After(l.now) {
			return start, workAfter(cal, deadline, true)
		}
		return start, workBefore(cal, deadline, true).Truncate(time.Hour)
	}
	if limit := lastDeadline(cal, l.now); !limit.IsZero() && deadline.After(limit) {
		deadline = limit
	}
	// Work counted in days is due at the end of a working day, as offices set it.
	loc := cal.Location()
	d := deadline.In(loc)
	switch {
	case !d.After(l.now):
		d = workday(cal, d, -1)
	case workday(cal, d, -1).After(l.now.Add(day)):
		d = workday(cal, d, -1) // stays within the cap
	default:
		d = workday(cal, d, 1)
	}
	return start, time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, loc).UTC()
}

// workday is d if it is a working day, else the nearest one in direction dir (±1).
func workday(cal *luoshi.Calendar, d time.Time, dir int) time.Time {
	for !cal.IsWorkday(d) {
		d = d.AddDate(0, 0, dir)
	}
	return d
}

func (l *loader) item(ctx context.Context, i int, spec ItemSpec) error {
	sc := plan[i%len(plan)]
	urgent := spec.Priority == string(luoshi.PriorityUrgent)
	if sc == scCompleted && i%2 == 1 && !urgent {
		sc = scCompletedInMonth
	}
	l.urgent = urgent
	start, deadline := l.times(i, sc, urgent)
	loc := l.svc.Location()
	spec = inSeason(spec, deadline.In(loc).Month())
	// Created when the clock is set to start: the working hour before it.
	created := workBefore(l.svc.Policy().Cal, start, urgent).In(loc)
	spec.Title = onDates(spec.Title, created, deadline.In(loc))
	spec.Content = onDates(spec.Content, created, deadline.In(loc))
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	lead, err := l.actor(ctx, LiaisonUsername(spec.Lead))
	if err != nil {
		return err
	}
	in := service.ItemInput{Title: spec.Title, Content: spec.Content, Source: spec.Source, SourceRef: spec.SourceRef,
		Priority: spec.Priority, LeadUnitID: l.units[spec.Lead], Deadline: deadline, ReportEvery: cadence(spec, urgent),
		Assign: sc != scDraft, Unclassified: pct1(true)}
	for _, k := range spec.Co {
		in.CoUnitIDs = append(in.CoUnitIDs, l.units[k])
	}
	if id, ok := l.leader[spec.Leader]; ok {
		in.LeaderID = &id
	}
	if i%3 == 0 && sc != scRed {
		in.Milestones = []service.MilestoneInput{{Title: "完成阶段性工作并报送节点成果", Due: start.Add(deadline.Sub(start) / 2)}}
	}
	l.at(start)
	v, err := l.svc.CreateItem(ctx, sup, in)
	if err != nil || sc == scDraft {
		return err
	}
	id := v.ID
	step := func(a *luoshi.Actor, t time.Time, cmd luoshi.Command) error {
		l.at(t)
		_, err := l.svc.Act(ctx, a, id, cmd)
		return err
	}
	acceptAt := start.Add(deadline.Sub(start) / 40)
	switch sc {
	case scAssigned:
		return nil
	case scDeclined:
		// An hour after the assignment, moved into working hours — unless that hour crosses an
		// opening: start is then squeezed into the evening before while start+1h keeps its
		// hour, and an urgent item, declinable for two hours, was declined ten hours after its
		// assignment. Then the unit declines at once, in the assignment's minute.
		assigned := l.clock
		l.at(start.Add(time.Hour))
		if l.clock.Sub(assigned) > time.Hour {
			l.clock = assigned
		}
		_, err := l.svc.Act(ctx, lead, id, luoshi.Command{Action: luoshi.ActDecline, Reason: pick(DeclineReasons, i)})
		return err
	}
	if err := step(lead, acceptAt, luoshi.Command{Action: luoshi.ActAccept}); err != nil {
		return err
	}
	if err := l.reports(ctx, i, v, sc, lead, acceptAt, step); err != nil {
		return err
	}
	if err := l.opinion(ctx, i, spec, sc, lead, step); err != nil {
		return err
	}
	return l.finish(ctx, i, sc, sup, lead, deadline, step)
}

func pct1(b bool) *bool { return &b }

func cadence(spec ItemSpec, urgent bool) string {
	switch {
	case urgent:
		return "4h"
	case spec.Priority == string(luoshi.PriorityImportant):
		return "7d"
	}
	return "1mo"
}

func pick(list []string, i int) string { return list[i%len(list)] }

type stepFunc func(a *luoshi.Actor, t time.Time, cmd luoshi.Command) error

// reports files two or three progress reports up to shortly before now (or, for a missed
// report, long enough ago that the next one is overdue).
func (l *loader) reports(ctx context.Context, i int, v *service.ItemView, sc scenario, lead *luoshi.Actor, accepted time.Time, step stepFunc) error {
	last := l.now.Add(-time.Duration(1+i%3) * time.Hour)
	if v.Priority != luoshi.PriorityUrgent {
		// Reported by 09:00 of the last working day at the latest: co-units are asked for
		// their opinion later that day (see opinion).
		last = l.now.Add(-time.Duration(1+i%4) * day)
		if early := prevClose(l.svc.Policy().Cal, l.now, false).Add(-9 * time.Hour); last.After(early) {
			last = early
		}
	}
	if sc == scYellowReport {
		last = v.ReportEvery.Next(accepted, l.svc.Policy().Cal)
		if next := v.ReportEvery.Next(last, l.svc.Policy().Cal); next.After(l.now) {
			last = accepted.Add(time.Minute)
		}
	}
	switch sc {
	case scRed:
		last = accepted.Add(l.now.Sub(accepted) / 2)
	case scCompleted, scCompletedLate, scCompletedInMonth:
		last = l.doneBy(sc, v.Deadline).Add(-6 * unitOf(v.Priority))
	}
	times := []time.Time{accepted.Add(last.Sub(accepted) / 2), last}
	fit := reportsFor(v.Title, v.Content, string(v.Source))
	for k, t := range times {
		planned := l.svc.Policy().PlannedPercent(v.Item, workBefore(l.svc.Policy().Cal, t, l.urgent))
		done := demoPercent(planned, i, sc)
		if k == len(times)-1 && (sc == scCompletionRequested || sc == scCompleted || sc == scCompletedLate || sc == scCompletedInMonth) {
			done = 95 // the work is all but done when the unit asks to close it
		}
		r := reportAt(fit, i+k*7, done, planned)
		cmd := luoshi.Command{Action: luoshi.ActReport, Text: r.Text, Problems: r.Problems, NextSteps: r.NextSteps, Percent: pct(done)}
		for _, m := range v.Milestones {
			if !m.Due.After(t) {
				cmd.MilestonesDone = append(cmd.MilestonesDone, m.ID)
			}
		}
		if err := step(lead, t, cmd); err != nil {
			return err
		}
	}
	return nil
}

// opinion has the lead unit of an item under way ask its first co-unit for an opinion (配合意见)
// the day before, answered in time, answered late or not at all, so that the collaboration
// figures show all three. Urgent work and work already red are left out.
func (l *loader) opinion(ctx context.Context, i int, spec ItemSpec, sc scenario, lead *luoshi.Actor, step stepFunc) error {
	if len(spec.Co) == 0 || spec.priority() == luoshi.PriorityUrgent ||
		(sc != scGreen && sc != scYellowReport && sc != scPendingExtension) {
		return nil
	}
	co, err := l.actor(ctx, LiaisonUsername(spec.Co[0]))
	if err != nil {
		return err
	}
	// Asked at 10:00 of the last working day before today, answered the same day.
	ask := prevClose(l.svc.Policy().Cal, l.now, false).Add(-8 * time.Hour)
	due, answerAt := ask.Add(2*day), ask.Add(5*time.Hour) // on time
	switch i % 3 {
	case 1: // late
		due, answerAt = ask.Add(3*time.Hour), ask.Add(7*time.Hour)
	case 2: // missing: never answered
		due, answerAt = ask.Add(6*time.Hour), time.Time{}
	}
	if err := step(lead, ask, luoshi.Command{Action: luoshi.ActRequestOpinion, UnitID: l.units[spec.Co[0]],
		Question: pick(OpinionQuestions, i), Due: &due}); err != nil {
		return err
	}
	if answerAt.IsZero() {
		return nil
	}
	return step(co, answerAt, luoshi.Command{Action: luoshi.ActGiveOpinion, RequestID: 1, Text: pick(OpinionAnswers, i)})
}

// finish moves the item on from work in progress to where its scenario ends.
func (l *loader) finish(ctx context.Context, i int, sc scenario, sup, lead *luoshi.Actor, deadline time.Time, step stepFunc) error {
	now := l.now
	switch sc {
	case scRed:
		if err := step(sup, now.Add(-40*time.Minute), luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeBlue,
			Text: "已超过办结时限，请抓紧办理并说明原因。"}); err != nil {
			return err
		}
		if i%2 == 0 {
			return step(sup, now.Add(-30*time.Minute), luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeOrange,
				Text: "经蓝色催办仍未办结，现予橙色催办，抄送责任领导。"})
		}
		leader, err := l.leaderFor(ctx, i)
		if err == nil && leader != nil {
			return step(leader, now.Add(-20*time.Minute), luoshi.Command{Action: luoshi.ActInstruct, Text: pick(instructionsWithout(extensionWords), i)})
		}
	case scPendingExtension:
		nd := deadline.Add(30 * day)
		if limit := lastDeadline(l.svc.Policy().Cal, l.now); !limit.IsZero() && nd.After(limit) && limit.After(deadline) {
			nd = limit
		}
		return step(lead, now.Add(-30*time.Minute), luoshi.Command{Action: luoshi.ActRequestExtension,
			Reason: pick(ExtensionReasons, i), Deadline: &nd, Percent: pct(55)})
	case scCompletionRequested:
		return step(lead, now.Add(-20*time.Minute), luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: pick(CompletionSummaries, i)})
	case scCompleted, scCompletedLate, scCompletedInMonth:
		return l.complete(i, sc, sup, lead, unitOf(Items[i%len(Items)].priority()), l.doneBy(sc, deadline), step)
	case scSuspended:
		return step(sup, now.Add(-10*time.Minute), luoshi.Command{Action: luoshi.ActSuspend, Reason: "上级政策调整，待新政策出台后恢复办理。"})
	case scCancelled:
		return step(sup, now.Add(-10*time.Minute), luoshi.Command{Action: luoshi.ActCancel, Reason: "该事项已并入年度重点任务统一督办，本件撤销。"})
	case scYellowDeadline:
		// 落实把握: the unit is more confident than the office, which sees the deadline close.
		if err := step(lead, now.Add(-30*time.Minute), luoshi.Command{Action: luoshi.ActRateConfidence,
			Confidence: luoshi.ConfidenceAmberGreen, Reason: "主体工作已基本完成，剩余收尾工作可按期完成。"}); err != nil {
			return err
		}
		if i%2 == 0 {
			return step(sup, now.Add(-20*time.Minute), luoshi.Command{Action: luoshi.ActRateConfidence,
				Confidence: luoshi.ConfidenceAmberRed, Reason: "临近办结时限，关键环节尚未完成，按期办结难度较大。"})
		}
	case scGreen:
		if i%4 == 1 {
			return step(sup, now.Add(-time.Hour), luoshi.Command{Action: luoshi.ActComment, Text: pick(Comments, i)})
		}
	}
	return nil
}

// doneBy is the moment a completed item's history is told back from: now, or for work
// delivered in a past month its deadline.
func (l *loader) doneBy(sc scenario, deadline time.Time) time.Time {
	if sc == scCompletedInMonth {
		return deadline
	}
	return l.now
}

// complete asks for the completion four units of time before end (again after a return,
// for every third item), approves and evaluates it.
func (l *loader) complete(i int, sc scenario, sup, lead *luoshi.Actor, unit time.Duration, end time.Time, step stepFunc) error {
	req := end.Add(-4 * unit)
	if err := step(lead, req, luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: pick(CompletionSummaries, i)}); err != nil {
		return err
	}
	if i%3 == 0 {
		if err := step(sup, req.Add(unit/12), luoshi.Command{Action: luoshi.ActReturn, Reason: pick(ReturnReasons, i)}); err != nil {
			return err
		}
		req = req.Add(unit / 2)
		if err := step(lead, req, luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: pick(CompletionSummaries, i+1)}); err != nil {
			return err
		}
	}
	if err := step(sup, req.Add(unit/8), luoshi.Command{Action: luoshi.ActApproveCompletion}); err != nil {
		return err
	}
	rating := []string{"excellent", "good", "good", "fair"}[i%4]
	if sc == scCompletedLate {
		rating = "poor"
	}
	return step(sup, req.Add(unit/4), luoshi.Command{Action: luoshi.ActEvaluate, Rating: rating})
}

func (l *loader) leaderFor(ctx context.Context, i int) (*luoshi.Actor, error) {
	spec := Items[i]
	if spec.Leader == "" {
		return nil, nil
	}
	return l.actor(ctx, spec.Leader)
}

func (s ItemSpec) priority() luoshi.Priority { return luoshi.Priority(s.Priority) }

// unitOf is the time unit of a priority: hours for urgent work, days for the rest.
func unitOf(p luoshi.Priority) time.Duration {
	if p == luoshi.PriorityUrgent {
		return time.Hour
	}
	return day
}

// demoPercent puts reported progress near the plan: mostly on it, some ahead, the red
// scenarios well behind.
func demoPercent(planned, i int, sc scenario) int {
	off := []int{-4, 0, 3, 14, -13, 6}[i%6]
	if sc == scRed {
		off = -25
	}
	return max(5, min(95, planned+off))
}
