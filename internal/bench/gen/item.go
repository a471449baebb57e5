package gen

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// scenario is where an item's history ends, as of the reference time.
type scenario int

const (
	scDraft scenario = iota
	scAssigned
	scDeclined
	scGreen
	scYellowReport   // a progress report is due
	scYellowDeadline // inside the warning window of the deadline
	scRedReport      // a report more than one cadence late
	scRedDeadline    // past the deadline
	scPendingExtension
	scCompletionRequested
	scCompleted
	scSuspended
	scCancelled
)

var scenarioNames = []string{"draft", "assigned", "declined", "green", "yellow-report", "yellow-deadline",
	"red-report", "red-deadline", "pending-extension", "completion-requested", "completed", "suspended", "cancelled"}

func (s scenario) String() string { return scenarioNames[s] }

// weights are per mille: a county's book mostly in progress or done, with some of
// everything else.
var weights = []struct {
	sc scenario
	w  int
}{
	{scDraft, 20}, {scAssigned, 40}, {scDeclined, 20}, {scGreen, 330}, {scYellowReport, 50},
	{scYellowDeadline, 50}, {scRedReport, 50}, {scRedDeadline, 60}, {scPendingExtension, 30},
	{scCompletionRequested, 50}, {scCompleted, 250}, {scSuspended, 25}, {scCancelled, 25},
}

// plan is what an item's history holds besides its progress reports; it is drawn first for
// every item so that the reports can share out the region's event count exactly.
type plan struct {
	sc       scenario
	spec     int // index into demo.Items
	lead     int // unit index
	reassign bool
	insist   bool
	urges    int
	instruct bool
	comment  bool
	// extension in the history: 0 none, 1 approved, 2 denied
	extension      int
	returned       bool
	accountability bool
	late           bool // completed or requested after the deadline
}

func newPlan(rng *rand.Rand, units int) plan {
	pl := plan{spec: rng.IntN(len(demo.Items)), lead: 1 + rng.IntN(units-1)}
	w := rng.IntN(1000)
	for _, x := range weights {
		if w -= x.w; w < 0 {
			pl.sc = x.sc
			break
		}
	}
	chance := func(pm int) bool { return rng.IntN(1000) < pm }
	switch pl.sc {
	case scDraft, scDeclined:
		return pl
	case scAssigned:
		if chance(300) {
			pl.urges = 1
		}
		return pl
	}
	pl.reassign = chance(50)
	pl.insist = !pl.reassign && chance(30)
	pl.instruct = chance(150)
	pl.comment = chance(200)
	switch pl.sc {
	case scRedReport, scRedDeadline:
		pl.urges = 1 + rng.IntN(2)
		pl.accountability = chance(200)
	case scCompleted, scCompletionRequested:
		pl.late = chance(150)
		pl.returned = pl.sc == scCompleted && chance(200)
		pl.accountability = pl.sc == scCompleted && pl.late && chance(300)
	}
	switch pl.sc {
	case scGreen, scYellowReport, scYellowDeadline, scRedReport:
		if chance(100) {
			pl.extension = 1 + rng.IntN(2)
		}
	}
	return pl
}

func (pl plan) reportable() bool { return pl.sc >= scGreen }

// fixedEvents counts the events of the plan that are not progress reports.
func (pl plan) fixedEvents() int {
	switch pl.sc {
	case scDraft:
		return 1
	case scAssigned:
		return 2 + pl.urges
	case scDeclined:
		return 3
	}
	n := 3 + pl.urges // created, assigned, accepted
	for _, b := range []bool{pl.reassign, pl.insist} {
		if b {
			n += 2 // declined, then reassigned or insisted
		}
	}
	for _, b := range []bool{pl.instruct, pl.comment, pl.accountability} {
		if b {
			n++
		}
	}
	if pl.extension > 0 {
		n += 2
	}
	switch pl.sc {
	case scPendingExtension, scCompletionRequested, scSuspended, scCancelled:
		n++
	case scCompleted:
		n += 3 // requested, approved, evaluated
		if pl.returned {
			n += 2
		}
	}
	return n
}

// action is one step of a history, decided and applied in order of time.
type action struct {
	at     time.Time
	actor  *luoshi.Actor
	cmd    luoshi.Command
	report bool // percent and milestones are filled in when it is applied
}

type itemBuilder struct {
	rg   *region
	rng  *rand.Rand
	p    *luoshi.Policy
	now  time.Time
	plan plan

	it      *luoshi.Item
	events  []luoshi.Event
	acts    []action
	percent int
}

func (b *itemBuilder) between(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(b.rng.Int64N(int64(hi-lo)))
}

func (b *itemBuilder) frac(d time.Duration, lo, hi float64) time.Duration {
	return time.Duration(float64(d) * (lo + b.rng.Float64()*(hi-lo)))
}

func (b *itemBuilder) add(at time.Time, a *luoshi.Actor, cmd luoshi.Command) {
	b.acts = append(b.acts, action{at: at.Truncate(time.Millisecond), actor: a, cmd: cmd})
}

const day = 24 * time.Hour

// cadence chooses the report cadence: hours for urgent work, weeks for important work,
// weeks or months for routine work, and never a history longer than about 15 months.
func (b *itemBuilder) cadence(pr luoshi.Priority, reports int) luoshi.Cadence {
	var c luoshi.Cadence
	switch pr {
	case luoshi.PriorityUrgent:
		c = pick(b.rng, []luoshi.Cadence{{N: 4, Unit: luoshi.CadenceHours}, {N: 8, Unit: luoshi.CadenceHours}, {N: 1, Unit: luoshi.CadenceDays}})
	case luoshi.PriorityImportant:
		c = pick(b.rng, []luoshi.Cadence{{N: 1, Unit: luoshi.CadenceWeeks}, {N: 5, Unit: luoshi.CadenceWorkdays}, {N: 7, Unit: luoshi.CadenceDays}})
	default:
		c = pick(b.rng, []luoshi.Cadence{{N: 2, Unit: luoshi.CadenceWeeks}, {N: 1, Unit: luoshi.CadenceMonths}})
	}
	if time.Duration(reports)*b.period(c) > 450*day {
		c = luoshi.Cadence{N: 1, Unit: luoshi.CadenceWeeks}
	}
	return c
}

func (b *itemBuilder) period(c luoshi.Cadence) time.Duration {
	return c.Next(b.now, b.p.Cal).Sub(b.now)
}

// build makes the item's history with the given number of progress reports.
func (b *itemBuilder) build(reports int) (built, error) {
	spec := demo.Items[b.plan.spec]
	pr := luoshi.Priority(spec.Priority)
	if b.plan.extension > 0 && reports < 2 {
		reports = 2 // the extension goes between two reports
	}
	cad := b.cadence(pr, reports)
	t := b.timeline(pr, cad, reports).truncate()
	draft := b.draft(spec, pr, cad, t)
	if err := b.apply(luoshi.Event{Seq: 1, Kind: luoshi.EventCreated, ActorID: b.rg.sup.UserID, At: t.created,
		Data: luoshi.EventData{Item: draft}}); err != nil {
		return built{}, err
	}
	b.schedule(t, draft)
	sort.SliceStable(b.acts, func(i, j int) bool { return b.acts[i].at.Before(b.acts[j].at) })
	for _, a := range b.acts {
		if a.report {
			a.cmd = b.reportCommand(a.at)
		}
		if a.cmd.Action == luoshi.ActRequestExtension {
			pct := b.percent
			a.cmd.Percent = &pct
		}
		ev, err := item.DecideCommand(b.p, b.it, a.actor, a.cmd, a.at)
		if err != nil {
			return built{}, fmt.Errorf("%s at %s: %w", a.cmd.Action, a.at.Format(time.RFC3339), err)
		}
		if err := b.apply(ev); err != nil {
			return built{}, err
		}
	}
	if n := len(b.events); n != b.plan.fixedEvents()+reports {
		return built{}, fmt.Errorf("history has %d events, planned %d", n, b.plan.fixedEvents()+reports)
	}
	return built{it: b.it, events: b.events}, nil
}

func (b *itemBuilder) apply(ev luoshi.Event) error {
	if b.it == nil {
		b.it = &luoshi.Item{}
	}
	if err := item.Apply(b.it, ev); err != nil {
		return err
	}
	b.events = append(b.events, ev)
	return nil
}

// timeline holds the moments that shape a history.
type timeline struct {
	created, assigned, accepted time.Time
	reports                     []time.Time
	end                         time.Time // when the last state change (request, suspension …) happened
	deadline, oldDeadline       time.Time
	period                      time.Duration
}

func (b *itemBuilder) unit(pr luoshi.Priority) time.Duration {
	if pr == luoshi.PriorityUrgent {
		return time.Hour
	}
	return day
}

// timeline works backwards from the reference time: the scenario fixes when the history
// ends and where the deadline lies, the reports step back from there by the cadence.
func (b *itemBuilder) timeline(pr luoshi.Priority, cad luoshi.Cadence, reports int) timeline {
	now, u := b.now, b.unit(pr)
	t := timeline{period: b.period(cad)}
	t.deadline = now.Add(b.between(10*u, 240*u))
	if pr == luoshi.PriorityUrgent {
		t.deadline = now.Add(b.between(8*time.Hour, 72*time.Hour))
	}
	last := now.Add(-b.frac(t.period, 0.05, 0.7))
	switch b.plan.sc {
	case scDraft, scAssigned, scDeclined:
		t.created = now.Add(-b.between(time.Hour, 60*time.Hour))
		t.assigned = t.created.Add(b.between(0, time.Hour))
		t.end = t.assigned.Add(b.between(30*time.Minute, 4*time.Hour))
		t.end = minTime(t.end, now.Add(-time.Minute))
		t.oldDeadline = t.deadline
		return t
	case scYellowReport:
		last = now.Add(-b.frac(t.period, 1.05, 1.8))
	case scRedReport:
		last = now.Add(-b.frac(t.period, 2.2, 4))
	case scYellowDeadline:
		t.deadline = b.p.Cal.AddWorkdays(now, 1+b.rng.IntN(2))
		if pr == luoshi.PriorityUrgent {
			t.deadline = now.Add(b.between(20*time.Minute, 110*time.Minute))
		}
	case scRedDeadline:
		t.deadline = now.Add(-b.between(u, 60*u))
	case scCompletionRequested, scCompleted, scSuspended, scCancelled:
		t.end = now.Add(-b.between(2*time.Hour, 5*day))
		if b.plan.sc != scCompletionRequested {
			t.end = now.Add(-b.between(13*day, 150*day))
		}
		last = t.end.Add(-b.frac(t.period, 0.1, 0.8))
		t.deadline = t.end.Add(b.between(u, 60*u))
		if b.plan.late {
			t.deadline = t.end.Add(-b.between(u, 20*u))
		}
	case scPendingExtension:
		t.end = now.Add(-b.between(time.Hour, 48*time.Hour))
		last = t.end.Add(-b.frac(t.period, 0.1, 0.5))
	}
	t.reports = make([]time.Time, reports)
	at := last
	for k := reports - 1; k >= 0; k-- {
		t.reports[k] = at
		at = at.Add(-b.frac(t.period, 0.9, 1.1))
	}
	t.accepted = last.Add(-b.frac(t.period, 0.3, 1.0))
	if reports > 0 {
		t.accepted = t.reports[0].Add(-b.frac(t.period, 0.2, 1.0))
	}
	before := b.between(10*time.Minute, 20*time.Hour)
	if b.plan.reassign || b.plan.insist {
		before += 30 * time.Hour
	}
	t.assigned = t.accepted.Add(-before)
	t.created = t.assigned
	if b.rng.IntN(2) == 0 {
		t.created = t.assigned.Add(-b.between(0, 2*time.Hour))
	}
	if !t.deadline.After(t.created.Add(time.Hour)) {
		// The drawn deadline falls before the item existed: put it halfway between the
		// creation and the end of the history (the reference time where, as for an item
		// past its deadline, the history has no end of its own).
		stop := t.end
		if stop.IsZero() {
			stop = now
		}
		t.deadline = t.created.Add(stop.Sub(t.created) / 2)
	}
	t.oldDeadline = t.deadline
	if b.plan.extension == 1 {
		// The approved request moved the deadline out to where it is now.
		ext := t.reports[len(t.reports)/2]
		t.oldDeadline = ext.Add(b.frac(t.deadline.Sub(ext), 0.3, 0.7))
	}
	return t
}

// truncate puts every moment at the millisecond precision the store keeps.
func (t timeline) truncate() timeline {
	for _, p := range []*time.Time{&t.created, &t.assigned, &t.accepted, &t.end, &t.deadline, &t.oldDeadline} {
		*p = p.Truncate(time.Millisecond)
	}
	for i := range t.reports {
		t.reports[i] = t.reports[i].Truncate(time.Millisecond)
	}
	return t
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// draft is the item as the supervision office created it.
func (b *itemBuilder) draft(spec demo.ItemSpec, pr luoshi.Priority, cad luoshi.Cadence, t timeline) *luoshi.Item {
	rg, rng := b.rg, b.rng
	lead := rg.units[b.plan.lead].ID
	d := &luoshi.Item{RegionID: rg.id, Title: vary(rng, spec.Title), Content: vary(rng, spec.Content),
		Source: luoshi.Source(spec.Source), SourceRef: spec.SourceRef, Priority: pr, LeadUnitID: lead,
		CoUnitIDs: []int64{}, Deadline: t.oldDeadline, Milestones: []luoshi.Milestone{}, ReportEvery: cad, Unclassified: true}
	for len(d.CoUnitIDs) < min(len(spec.Co), len(rg.units)-2) {
		u := rg.units[1+rng.IntN(len(rg.units)-1)].ID
		if u != lead && !d.IsCoUnit(u) {
			d.CoUnitIDs = append(d.CoUnitIDs, u)
		}
	}
	if d.Source == luoshi.SourceLeaderInstruction {
		d.LeaderID = &rg.head.LeaderID
	} else if id := rg.deputyOf[b.plan.lead]; id != 0 && rng.IntN(100) < 85 {
		d.LeaderID = &id
	}
	if pr != luoshi.PriorityUrgent && rng.IntN(10) < 3 {
		k := 1 + rng.IntN(3)
		span := t.oldDeadline.Sub(t.created)
		last := b.now
		if len(t.reports) > 0 {
			last = t.reports[len(t.reports)-1]
		}
		onTrack := b.plan.sc == scGreen || b.plan.sc == scYellowReport || b.plan.sc == scYellowDeadline || b.plan.sc == scPendingExtension
		for j := 1; j <= k; j++ {
			due := t.created.Add(span * time.Duration(j) / time.Duration(k+1)).Truncate(time.Millisecond)
			if onTrack && due.After(last) && due.Before(b.now.Add(14*day)) {
				continue // a milestone missed since the last report would turn the item red
			}
			d.Milestones = append(d.Milestones, luoshi.Milestone{ID: len(d.Milestones) + 1,
				Title: milestoneTitles[(j-1+b.plan.spec)%len(milestoneTitles)], Due: due})
		}
	}
	return d
}

// inDeclineWindow moves a decline drawn at "at" into the decline window of the item assigned
// then: halfway through the window when "at" is too late (urgent work has hours, not days).
func (b *itemBuilder) inDeclineWindow(draft *luoshi.Item, assigned, at time.Time) time.Time {
	it := &luoshi.Item{Priority: draft.Priority, Deadline: draft.Deadline, AssignedAt: &assigned}
	if end := b.p.DeclineDeadline(it); !at.Before(end) {
		return assigned.Add(end.Sub(assigned) / 2)
	}
	return at
}

// schedule lays out the actions of the plan on the timeline.
func (b *itemBuilder) schedule(t timeline, draft *luoshi.Item) {
	rg, pl, rng := b.rg, b.plan, b.rng
	sup := rg.sup
	liaison := rg.liaison[pl.lead]
	if pl.sc == scDraft {
		return
	}
	b.add(t.assigned, sup, luoshi.Command{Action: luoshi.ActAssign})
	switch pl.sc {
	case scAssigned:
		if pl.urges > 0 {
			b.add(t.end, sup, luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeBlue, Text: "请尽快签收并组织办理。"})
		}
		return
	case scDeclined:
		b.add(b.inDeclineWindow(draft, t.assigned, t.end), liaison, luoshi.Command{Action: luoshi.ActDecline, Reason: pick(rng, demo.DeclineReasons)})
		return
	}
	if pl.reassign || pl.insist {
		declined := b.inDeclineWindow(draft, t.assigned, t.assigned.Add(b.between(time.Hour, 5*time.Hour)))
		b.add(declined, liaison, luoshi.Command{Action: luoshi.ActDecline, Reason: pick(rng, demo.DeclineReasons)})
		at := declined.Add(b.between(time.Hour, 20*time.Hour))
		if pl.reassign {
			next := 1 + rng.IntN(len(rg.units)-1)
			if next == pl.lead {
				next = 1 + next%(len(rg.units)-1)
			}
			b.add(at, sup, luoshi.Command{Action: luoshi.ActReassign, LeadUnitID: rg.units[next].ID, Reason: "根据职责分工调整牵头单位。"})
			liaison = rg.liaison[next]
		} else {
			b.add(at, sup, luoshi.Command{Action: luoshi.ActInsist, Reason: "经核定，该事项属于本单位职责范围，请抓紧办理。"})
		}
	}
	b.add(t.accepted, liaison, luoshi.Command{Action: luoshi.ActAccept})
	for _, at := range t.reports {
		b.acts = append(b.acts, action{at: at, actor: liaison, report: true})
	}
	last := b.now
	if !t.end.IsZero() {
		last = t.end
	}
	if pl.extension > 0 {
		mid := len(t.reports) / 2
		gap := t.reports[mid].Sub(t.reports[mid-1])
		nd := t.deadline
		if pl.extension == 2 {
			nd = t.deadline.Add(30 * day)
		}
		b.add(t.reports[mid-1].Add(gap/3), liaison, luoshi.Command{Action: luoshi.ActRequestExtension,
			Reason: pick(rng, demo.ExtensionReasons), Deadline: &nd})
		if pl.extension == 1 {
			b.add(t.reports[mid-1].Add(2*gap/3), sup, luoshi.Command{Action: luoshi.ActApproveExtension, Text: pick(rng, extensionInstructions)})
		} else {
			b.add(t.reports[mid-1].Add(2*gap/3), sup, luoshi.Command{Action: luoshi.ActDenyExtension, Reason: "延期理由不充分，请按原定时限加快推进。"})
		}
	}
	span := last.Sub(t.accepted)
	if pl.instruct {
		b.add(t.accepted.Add(b.frac(span, 0.1, 0.9)), rg.head, luoshi.Command{Action: luoshi.ActInstruct, Text: pick(rng, demo.Instructions)})
	}
	if pl.comment {
		who := sup
		if len(draft.CoUnitIDs) > 0 {
			who = b.liaisonOf(draft.CoUnitIDs[0])
		}
		b.add(t.accepted.Add(b.frac(span, 0.1, 0.9)), who, luoshi.Command{Action: luoshi.ActComment, Text: pick(rng, demo.Comments)})
	}
	b.scheduleRed(t)
	b.scheduleEnd(t, liaison)
}

func (b *itemBuilder) liaisonOf(unit int64) *luoshi.Actor {
	for i, u := range b.rg.units {
		if u.ID == unit {
			return b.rg.liaison[i]
		}
	}
	panic("unit not in region")
}

// scheduleRed adds the urging (blue, then orange) and accountability of a red item.
func (b *itemBuilder) scheduleRed(t timeline) {
	if b.plan.urges == 0 {
		return
	}
	base := t.reports[len(t.reports)-1:]
	from := t.accepted
	if len(base) > 0 {
		from = base[0]
	}
	if t.deadline.After(from) && t.deadline.Before(b.now) {
		from = t.deadline
	}
	at := from.Add(b.frac(b.now.Sub(from), 0.2, 0.6))
	b.add(at, b.rg.sup, luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeBlue, Text: "已超过时限，请抓紧办理并说明原因。"})
	if b.plan.urges > 1 {
		at = at.Add(b.frac(b.now.Sub(at), 0.3, 0.8))
		b.add(at, b.rg.sup, luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeOrange, Text: "经蓝色催办仍未办结，现予橙色催办，抄送责任领导。"})
	}
	if b.plan.accountability {
		b.add(at.Add(b.frac(b.now.Sub(at), 0.3, 0.9)), b.rg.sup, luoshi.Command{Action: luoshi.ActHoldAccountable,
			Kind: pick(b.rng, luoshi.AccountabilityKinds), Reason: pick(b.rng, accountabilityReasons)})
	}
}

// scheduleEnd adds the state change that ends the history.
func (b *itemBuilder) scheduleEnd(t timeline, liaison *luoshi.Actor) {
	rng, sup := b.rng, b.rg.sup
	switch b.plan.sc {
	case scPendingExtension:
		nd := t.deadline.Add(30 * day)
		b.add(t.end, liaison, luoshi.Command{Action: luoshi.ActRequestExtension, Reason: pick(rng, demo.ExtensionReasons), Deadline: &nd})
	case scCompletionRequested:
		b.add(t.end, liaison, luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: pick(rng, demo.CompletionSummaries)})
	case scSuspended:
		b.add(t.end, sup, luoshi.Command{Action: luoshi.ActSuspend, Reason: "上级政策调整，待新政策出台后恢复办理。"})
	case scCancelled:
		b.add(t.end, sup, luoshi.Command{Action: luoshi.ActCancel, Reason: "该事项已并入年度重点任务统一督办，本件撤销。"})
	case scCompleted:
		at := t.end
		b.add(at, liaison, luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: pick(rng, demo.CompletionSummaries)})
		if b.plan.returned {
			at = at.Add(b.between(time.Hour, 2*day))
			b.add(at, sup, luoshi.Command{Action: luoshi.ActReturn, Reason: pick(rng, demo.ReturnReasons)})
			at = at.Add(b.between(time.Hour, 2*day))
			b.add(at, liaison, luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: pick(rng, demo.CompletionSummaries)})
		}
		at = at.Add(b.between(2*time.Hour, 3*day))
		// Generated reports stop short of the finish; the office confirms approving those
		// below luoshi.CompletionConfirmBelow, as it would on the page.
		b.add(at, sup, luoshi.Command{Action: luoshi.ActApproveCompletion, ConfirmPercent: "yes"})
		at = at.Add(b.between(time.Hour, 5*day))
		rating := pick(rng, []string{"excellent", "good", "good", "fair"})
		if b.plan.late {
			rating = pick(rng, []string{"fair", "poor"})
		}
		b.add(at, sup, luoshi.Command{Action: luoshi.ActEvaluate, Rating: rating})
		if b.plan.accountability {
			b.add(at.Add(b.between(time.Hour, day)), sup, luoshi.Command{Action: luoshi.ActHoldAccountable,
				Kind: pick(rng, luoshi.AccountabilityKinds), Reason: pick(rng, accountabilityReasons)})
		}
	}
}

// reportCommand is a progress report at the moment: text from the demo county's reports,
// progress near the plan (behind it for the red scenarios), never backwards, never 100.
func (b *itemBuilder) reportCommand(at time.Time) luoshi.Command {
	r := pick(b.rng, demo.Reports)
	off := []int{-6, -2, 0, 3, 8, 12}[b.plan.spec%6]
	if b.plan.sc == scRedReport || b.plan.sc == scRedDeadline {
		off = -25
	}
	pct := max(b.percent, min(95, max(1, b.p.PlannedPercent(b.it, at)+off)))
	b.percent = pct
	cmd := luoshi.Command{Action: luoshi.ActReport, Text: vary(b.rng, r.Text), Problems: r.Problems,
		NextSteps: r.NextSteps, Percent: &pct}
	for _, m := range b.it.Milestones {
		if m.DoneAt == nil && !m.Due.After(at) {
			cmd.MilestonesDone = append(cmd.MilestonesDone, m.ID)
		}
	}
	return cmd
}
