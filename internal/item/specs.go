package item

import (
	"slices"
	"strconv"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// Fields shared by several actions.
var (
	note = flow.Field{Name: "text", Kind: flow.Text, Long: true}
	// reason is a required reason under a label of the action's own.
	reason = func(label flow.Label) flow.Field {
		return flow.Field{Name: "reason", Kind: flow.Text, Long: true, Required: true, Label: label}
	}
	optReason = flow.Field{Name: "reason", Kind: flow.Text, Long: true}
	percent   = flow.Field{Name: "percent", Kind: flow.Int, Required: true, Bounded: true, Min: 0, Max: 100,
		Label: "item.field.percent", Missing: "item.percent.missing", Bad: "item.percent.range"}
	content = flow.Field{Name: "text", Kind: flow.Text, Long: true, Required: true, Label: "item.field.content"}
)

func choices[T ~string](ts []T) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// specs are the item's actions, in the order a page offers them.
func specs() []Spec {
	simple := func(kind luoshi.EventKind, field string) func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
		return func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
			ev.Kind = kind
			if field == "reason" {
				ev.Data.Reason = v.Text("reason")
			} else {
				ev.Data.Text = v.Text("text")
			}
			return nil
		}
	}
	return []Spec{
		{Name: string(luoshi.ActAccept), From: states(luoshi.StateAssigned), Who: []string{"lead_liaison"},
			Fields: []flow.Field{note}, Form: "note", Primary: true, Decide: simple(luoshi.EventAccepted, "text")},
		{Name: string(luoshi.ActDecline), From: states(luoshi.StateAssigned), Who: []string{"lead_liaison"},
			Fields: []flow.Field{reason("item.field.decline_reason")}, Form: "reason",
			Guard: guardDecline, Decide: simple(luoshi.EventDeclined, "reason")},
		{Name: string(luoshi.ActReport), From: states(luoshi.StateInProgress), Who: []string{"lead_liaison", "lead_staff"},
			Fields: []flow.Field{
				{Name: "text", Kind: flow.Text, Long: true, Required: true, Label: "item.field.progress"},
				percent,
				{Name: "problems", Kind: flow.Text, Long: true},
				{Name: "next_steps", Kind: flow.Text, Long: true},
				{Name: "milestones_done", Kind: flow.Ints},
			}, Form: "own", Primary: true, Decide: decideReport},
		{Name: string(luoshi.ActRequestCompletion), From: states(luoshi.StateInProgress), Who: []string{"lead_liaison"},
			Fields: []flow.Field{{Name: "summary", Kind: flow.Text, Long: true, Required: true, Label: "item.field.summary"}},
			Form:   "own", Primary: true,
			Decide: func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
				ev.Kind, ev.Data.Summary = luoshi.EventCompletionRequested, v.Text("summary")
				return nil
			}},
		{Name: string(luoshi.ActRequestExtension), From: states(luoshi.StateInProgress), Who: []string{"lead_liaison"},
			Fields: []flow.Field{reason("item.field.extension_reason"), percent, {Name: "deadline", Kind: flow.Time, Label: "item.field.new_deadline"}},
			Form:   "own", Guard: guardRequestExtension, Decide: decideRequestExtension},
		{Name: string(luoshi.ActAssign), From: states(luoshi.StateDraft), Who: []string{"supervisor"},
			Fields: []flow.Field{note}, Form: "note", Primary: true, Guard: guardMajorDecision, Decide: simple(luoshi.EventAssigned, "text")},
		{Name: string(luoshi.ActApproveCompletion), From: states(luoshi.StateCompletionRequested), Who: []string{"supervisor"},
			Fields: []flow.Field{note, confirmPercent}, Form: "own", Primary: true, Decide: decideApproveCompletion},
		{Name: string(luoshi.ActReturn), From: states(luoshi.StateCompletionRequested), Who: []string{"supervisor"},
			Fields: []flow.Field{reason("item.field.reason")}, Form: "reason", Decide: simple(luoshi.EventReturned, "reason")},
		{Name: string(luoshi.ActApproveExtension), From: states(luoshi.StateInProgress), Who: []string{"supervisor"},
			Fields: []flow.Field{note}, Form: "note", Primary: true, Guard: guardPendingExtension,
			Decide: func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
				nd, old := c.Record.PendingExtension.Deadline, c.Record.Deadline
				ev.Kind = luoshi.EventExtensionApproved
				ev.Data.Deadline, ev.Data.OldDeadline, ev.Data.Text = &nd, &old, v.Text("text")
				return nil
			}},
		{Name: string(luoshi.ActDenyExtension), From: states(luoshi.StateInProgress), Who: []string{"supervisor"},
			Fields: []flow.Field{reason("item.field.reason")}, Form: "reason", Guard: guardPendingExtension,
			Decide: simple(luoshi.EventExtensionDenied, "reason")},
		{Name: string(luoshi.ActReassign), From: reassignable, Who: []string{"supervisor"},
			Fields: []flow.Field{optReason, {Name: "lead_unit_id", Kind: flow.ID, Required: true, Missing: "item.reassign.lead_missing"}},
			Form:   "own",
			Decide: func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
				ev.Kind, ev.Data.Reason = luoshi.EventReassigned, v.Text("reason")
				ev.Data.FromUnitID, ev.Data.LeadUnitID = c.Record.LeadUnitID, v.ID("lead_unit_id")
				if ev.Data.LeadUnitID != 0 && ev.Data.LeadUnitID == c.Record.LeadUnitID {
					p.Add("lead_unit_id", "item.reassign.same_lead")
				}
				return nil
			}},
		{Name: string(luoshi.ActInsist), From: states(luoshi.StateDeclined), Who: []string{"supervisor"},
			Fields: []flow.Field{reason("item.field.reason")}, Form: "reason", Decide: simple(luoshi.EventInsisted, "reason")},
		{Name: string(luoshi.ActUrge), From: urgeable, Who: []string{"supervisor"},
			Fields: []flow.Field{note, {Name: "level", Kind: flow.Choice, Required: true,
				Choices: choices([]luoshi.UrgeLevel{luoshi.UrgeBlue, luoshi.UrgeOrange, luoshi.UrgeRed}),
				Missing: "item.urge.level", Bad: "item.urge.level"}},
			Form: "own", Decide: decideUrge},
		{Name: string(luoshi.ActEvaluate), From: states(luoshi.StateCompleted), Who: []string{"supervisor"},
			Fields: []flow.Field{note, {Name: "rating", Kind: flow.Choice, Required: true, Choices: luoshi.Ratings,
				Missing: "item.evaluate.rating", Bad: "item.evaluate.rating"}},
			Form: "own", Guard: guardEvaluate,
			Decide: func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
				ev.Kind, ev.Data.Rating, ev.Data.Text = luoshi.EventEvaluated, v.Text("rating"), v.Text("text")
				return nil
			}},
		{Name: string(luoshi.ActInstruct), Who: []string{"leader"}, Fields: []flow.Field{content}, Form: "text",
			Decide: simple(luoshi.EventInstructed, "text")},
		{Name: string(luoshi.ActComment), Who: []string{"reader"}, Fields: []flow.Field{content}, Form: "text",
			Decide: simple(luoshi.EventCommented, "text")},
		{Name: string(luoshi.ActSuspend), From: suspendable, Who: []string{"supervisor", "leader"},
			Fields: []flow.Field{reason("item.field.reason")}, Form: "reason", Decide: simple(luoshi.EventSuspended, "reason")},
		{Name: string(luoshi.ActResume), From: states(luoshi.StateSuspended), Who: []string{"supervisor", "leader"},
			Fields: []flow.Field{note}, Form: "note", Decide: simple(luoshi.EventResumed, "text")},
		{Name: string(luoshi.ActCancel), From: cancellable, Who: []string{"supervisor", "leader"},
			Fields: []flow.Field{reason("item.field.reason")}, Form: "reason", Decide: simple(luoshi.EventCancelled, "reason")},
		{Name: string(luoshi.ActHoldAccountable), From: started, Who: []string{"supervisor"},
			Fields: []flow.Field{reason("item.field.accountability_reason"),
				{Name: "kind", Kind: flow.Choice, Required: true, Choices: luoshi.AccountabilityKinds,
					Missing: "item.accountability.kind", Bad: "item.accountability.kind"},
				{Name: "unit_ids", Kind: flow.IDs}},
			Form: "own",
			Decide: func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
				ev.Kind = luoshi.EventAccountabilityRecorded
				ev.Data.Reason, ev.Data.Kind, ev.Data.UnitIDs = v.Text("reason"), v.Text("kind"), v.IDs("unit_ids")
				if len(ev.Data.UnitIDs) == 0 {
					ev.Data.UnitIDs = []int64{c.Record.LeadUnitID}
				}
				return nil
			}},
		{Name: string(luoshi.ActWaive), From: started, Who: []string{"supervisor"},
			Fields: []flow.Field{
				{Name: "record_id", Kind: flow.Int, Required: true, Label: "item.field.record", Missing: "item.waive.record_missing"},
				{Name: "grounds", Kind: flow.Choice, Required: true, Label: "item.field.grounds", Choices: luoshi.WaiverGrounds,
					Missing: "item.waive.grounds", Bad: "item.waive.grounds"},
				reason("item.field.waive_reason"),
			}, Form: "fields", Guard: guardWaive, Decide: decideWaive},
		{Name: string(luoshi.ActCommend), From: commendable, Who: []string{"supervisor"},
			Fields: []flow.Field{
				{Name: "kind", Kind: flow.Choice, Required: true, Label: "item.field.commendation", Choices: luoshi.CommendationKinds,
					Missing: "item.commend.kind", Bad: "item.commend.kind"},
				reason("item.field.commend_reason"),
			}, Form: "fields", Guard: guardCommend, Decide: decideCommend},
		{Name: string(luoshi.ActAddMilestone), From: states(luoshi.StateInProgress), Who: []string{"supervisor"},
			Fields: []flow.Field{
				{Name: "title", Kind: flow.Text, Required: true, Max: MaxMilestoneTitle, Label: "item.field.milestone_title"},
				{Name: "due", Kind: flow.Time, Required: true, Label: "item.field.milestone_due"},
			}, Form: "fields", Decide: decideAddMilestone},
		{Name: string(luoshi.ActRateConfidence), From: rated, Who: []string{"lead_liaison", "supervisor"},
			Fields: []flow.Field{optReason, {Name: "confidence", Kind: flow.Choice, Required: true,
				Choices: choices(luoshi.Confidences), Missing: "item.confidence.level", Bad: "item.confidence.level"}},
			Form: "own",
			Decide: func(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
				ev.Kind = luoshi.EventConfidenceRated
				ev.Data.Confidence, ev.Data.Reason, ev.Data.Side = luoshi.Confidence(v.Text("confidence")), v.Text("reason"), luoshi.SideOffice
				if c.Actor.LeadLiaison(c.Record.Item) {
					ev.Data.Side = luoshi.SideUnit
				}
				return nil
			}},
		{Name: string(luoshi.ActRequestOpinion), From: askable, Who: []string{"lead_liaison", "supervisor"},
			Fields: []flow.Field{
				{Name: "unit_id", Kind: flow.ID, Required: true, Label: "opinion.field.unit", Missing: "opinion.unit.missing"},
				{Name: "question", Kind: flow.Text, Long: true, Required: true, Label: "opinion.field.question"},
				{Name: "due", Kind: flow.Time, Required: true, Label: "opinion.field.due"},
			}, Form: "fields", Decide: decideRequestOpinion},
		{Name: string(luoshi.ActGiveOpinion), From: answerable, Who: []string{"asked_liaison"},
			Fields: []flow.Field{
				{Name: "request_id", Kind: flow.Int, Required: true, Label: "opinion.field.request", Missing: "opinion.request.missing"},
				{Name: "text", Kind: flow.Text, Long: true, Required: true, Label: "opinion.field.answer"},
			}, Form: "fields", Primary: true, Guard: guardGiveOpinion, Decide: decideGiveOpinion},
	}
}

// guardMajorDecision: a major decision (重大决策) is assigned only when it names the meeting
// decision that made it.
func guardMajorDecision(c Ctx) error {
	if it := c.Record; it.MajorDecision && (it.MeetingID == 0 || it.DecisionNo == 0) {
		return conflict(it.Item, "item.major_decision.no_meeting")
	}
	return nil
}

func guardDecline(c Ctx) error {
	it := c.Record
	if it.DeclineClosed {
		return conflict(it.Item, "item.decline.insisted")
	}
	if end := it.P.DeclineDeadline(it.Item); c.Now.After(end) {
		return conflict(it.Item, "item.decline.window_closed", end.In(it.P.Cal.Location()).Format("2006-01-02 15:04"),
			it.P.DeclineRule(it.Item))
	}
	return nil
}

func guardPendingExtension(c Ctx) error {
	if c.Record.PendingExtension == nil {
		return conflict(c.Record.Item, "item.extension.none_pending")
	}
	return nil
}

func guardRequestExtension(c Ctx) error {
	if c.Record.PendingExtension != nil {
		return conflict(c.Record.Item, "item.extension.already_pending")
	}
	return nil
}

func guardEvaluate(c Ctx) error {
	if c.Record.Rating != "" {
		return conflict(c.Record.Item, "item.evaluate.already")
	}
	return nil
}

// decideReport: staff draft the unit's report, which their liaison submits.
func decideReport(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	ev.Kind = luoshi.EventReported
	if !c.Actor.Has(luoshi.RoleLiaison) {
		ev.Kind = luoshi.EventReportDrafted
	}
	d := &ev.Data
	d.Text, d.Percent = v.Text("text"), v.Int("percent")
	d.Problems, d.NextSteps = v.Text("problems"), v.Text("next_steps")
	if d.Problems != "" && d.NextSteps == "" && !p.Has("next_steps") {
		p.Add("next_steps", "item.report.needs_next_steps")
	}
	if d.Percent != nil && *d.Percent == 100 {
		p.Add("percent", "item.report.complete_instead", 100)
	}
	d.MilestonesDone = v.Ints("milestones_done")
	for _, id := range d.MilestonesDone {
		if !slices.ContainsFunc(c.Record.Milestones, func(m luoshi.Milestone) bool { return m.ID == id }) {
			p.Add("milestones_done", "item.report.milestone_unknown", id)
		}
	}
	return nil
}

func decideRequestExtension(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	it := c.Record
	ev.Kind = luoshi.EventExtensionRequested
	ev.Data.Reason, ev.Data.Percent = v.Text("reason"), v.Int("percent")
	old := it.Deadline
	ev.Data.OldDeadline = &old
	switch nd := v.Time("deadline"); {
	case !c.Now.Before(it.Deadline):
		p.Add("deadline", "item.extension.too_late")
	case nd == nil:
		p.Add("deadline", "item.extension.date_missing")
	case !nd.After(it.Deadline):
		p.Add("deadline", "item.extension.not_later", it.Deadline.In(it.P.Cal.Location()).Format("2006-01-02 15:04"))
	default:
		ev.Data.Deadline = nd
	}
	return nil
}

func decideUrge(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	it := c.Record
	level := luoshi.UrgeLevel(v.Text("level"))
	ev.Kind, ev.Data.Level, ev.Data.Text = luoshi.EventUrged, level, v.Text("text")
	cur := it.UrgeLevel.Rank()
	switch {
	case level.Rank() == 0:
		// the kernel has said so
	case level.Rank() < cur:
		p.Add("level", "item.urge.no_lower", luoshi.M("item.urge."+string(it.UrgeLevel)))
	case level == luoshi.UrgeOrange && cur == 0 && it.Priority != luoshi.PriorityUrgent && it.Source != luoshi.SourceLeaderInstruction:
		p.Add("level", "item.urge.blue_first")
	case level == luoshi.UrgeRed && cur < luoshi.UrgeOrange.Rank():
		p.Add("level", "item.urge.orange_first")
	}
	return nil
}

// decideRequestOpinion: the lead unit's liaison or the office asks a co-unit of the item for
// its opinion by a due time that is ahead and not after the item's deadline; a unit is asked
// one question at a time.
func decideRequestOpinion(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	it := c.Record
	unit, due := v.ID("unit_id"), v.Time("due")
	ev.Kind = luoshi.EventOpinionRequested
	ev.Data.RequestID, ev.Data.UnitID, ev.Data.Text, ev.Data.Due = len(it.Opinions)+1, unit, v.Text("question"), due
	switch {
	case unit == 0:
	case !it.IsCoUnit(unit):
		p.Add("unit_id", "opinion.unit.not_co_unit", unit)
	case it.OpenOpinion(unit):
		p.Add("unit_id", "opinion.unit.already_asked")
	}
	switch {
	case due == nil:
	case !due.After(c.Now):
		p.Add("due", "opinion.due.past")
	case due.After(it.Deadline):
		p.Add("due", "opinion.due.after_deadline", it.Deadline.In(it.P.Cal.Location()).Format("2006-01-02 15:04"))
	}
	return nil
}

func guardGiveOpinion(c Ctx) error {
	if !c.Record.OpenOpinion(c.Actor.UnitID) {
		return conflict(c.Record.Item, "opinion.none_open")
	}
	return nil
}

// decideGiveOpinion: the asked co-unit's liaison answers its own request, once.
func decideGiveOpinion(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	it := c.Record
	ev.Kind, ev.Data.Text = luoshi.EventOpinionGiven, v.Text("text")
	id := v.Int("request_id")
	if id == nil {
		return nil
	}
	o := it.Opinion(*id)
	switch {
	case o == nil:
		p.Add("request_id", "opinion.request.unknown", *id)
	case o.UnitID != c.Actor.UnitID:
		return luoshi.Errorf(luoshi.EFORBIDDEN, "opinion.request.not_yours", strconv.Itoa(*id))
	case o.AnsweredAt != nil:
		return conflict(it.Item, "opinion.request.answered", o.AnsweredAt.In(it.P.Cal.Location()).Format("2006-01-02 15:04"))
	default:
		ev.Data.RequestID, ev.Data.UnitID = o.ID, o.UnitID
	}
	return nil
}

func guardWaive(c Ctx) error {
	if !c.Record.Waivable() {
		return conflict(c.Record.Item, "item.waive.none")
	}
	return nil
}

// decideWaive: the supervision office waives one accountability record of the item, once, on
// grounds from the fixed list with the facts that make it qualify (容错纠错). The record stays
// on the item, marked waived; it deducts nothing from the units it names.
func decideWaive(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	it := c.Record
	ev.Kind, ev.Data.Grounds, ev.Data.Reason = luoshi.EventAccountabilityWaived, v.Text("grounds"), v.Text("reason")
	id := v.Int("record_id")
	if id == nil {
		return nil
	}
	switch r := it.Record(*id); {
	case r == nil:
		p.Add("record_id", "item.waive.record_unknown", *id)
	case r.Waiver != nil:
		return conflict(it.Item, "item.waive.already", *id, r.Waiver.At.In(it.P.Cal.Location()).Format("2006-01-02 15:04"))
	default:
		ev.Data.RecordID, ev.Data.Kind, ev.Data.UnitIDs = r.ID, r.Kind, slices.Clone(r.UnitIDs)
	}
	return nil
}

func guardCommend(c Ctx) error {
	if len(c.Record.Commendations) > 0 {
		return conflict(c.Record.Item, "item.commend.already")
	}
	return nil
}

// decideCommend: the supervision office commends the lead unit for an item's delivery, once
// per item: early delivery only when completion was requested by the deadline.
func decideCommend(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	it := c.Record
	ev.Kind, ev.Data.Kind, ev.Data.Reason = luoshi.EventCommended, v.Text("kind"), v.Text("reason")
	ev.Data.UnitIDs = []int64{it.LeadUnitID}
	if ev.Data.Kind == "early_delivery" && !it.RequestedInTime() {
		p.Add("kind", "item.commend.not_early", it.Deadline.In(it.P.Cal.Location()).Format("2006-01-02 15:04"))
	}
	return nil
}

// MaxMilestoneTitle bounds a milestone's title, in characters.
const MaxMilestoneTitle = 200

// decideAddMilestone adds a dated step to an item in progress: due after now and not after
// the item's deadline, numbered after the item's last milestone.
func decideAddMilestone(c Ctx, v flow.Values, ev *luoshi.Event, p *flow.Problems) error {
	ev.Kind = luoshi.EventMilestoneAdded
	m := luoshi.Milestone{Title: v.Text("title")}
	for _, x := range c.Record.Milestones {
		m.ID = max(m.ID, x.ID)
	}
	m.ID++
	if d := v.Time("due"); d != nil {
		switch {
		case !d.After(c.Now):
			p.Add("due", "item.milestone.past")
		case d.After(c.Record.Deadline):
			p.Add("due", "item.milestone.after_deadline")
		}
		m.Due = d.UTC()
	}
	ev.Data.Milestone = &m
	return nil
}
