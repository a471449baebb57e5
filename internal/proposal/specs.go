package proposal

import (
	"slices"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// The kinds of proposal event: those of the actions, then those of the service's other
// changes. Each names the audit action "proposal.<kind>".
const (
	Created       = "created"
	Assigned      = "assigned"
	Split         = "split"
	Declined      = "declined"
	Reassigned    = "reassigned"
	Insisted      = "insisted"
	Contacted     = "contact_recorded"
	Confirmed     = "contact_confirmed"
	OpinionGiven  = "opinion_given"
	Replied       = "replied"
	PromiseAdded  = "promise_added"
	Evaluated     = "evaluated"
	Rehandled     = "rehandled"
	PromiseLinked = "promise_item_linked"
	Commented     = "commented"
)

// The action names.
const (
	ActAssign        = "assign"
	ActSplit         = "split"
	ActDecline       = "decline"
	ActReassign      = "reassign"
	ActInsist        = "insist"
	ActRecordContact = "record-contact"
	ActConfirm       = "confirm-contact"
	ActGiveOpinion   = "give-opinion"
	ActReply         = "reply"
	ActAddPromise    = "add-promise"
	ActEvaluate      = "evaluate"
	ActRehandle      = "rehandle"
	ActComment       = "comment"
)

// Limits of a proposal's texts, in characters.
const (
	MaxReply   = 20000
	MaxSummary = 2000
	MaxSigner  = 50
	MaxPromise = 500
)

func states(ss ...luoshi.ProposalState) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Fields shared by several actions.
var (
	leadUnit = flow.Field{Name: "lead_unit_id", Kind: flow.ID, Required: true, Label: "proposal.field.lead_unit",
		Missing: "proposal.lead_unit.missing"}
	coUnits  = flow.Field{Name: "co_unit_ids", Kind: flow.IDs, Label: "proposal.field.co_units"}
	deadline = flow.Field{Name: "deadline", Kind: flow.Time, Label: "proposal.field.deadline"}
	reason   = func(label flow.Label) flow.Field {
		return flow.Field{Name: "reason", Kind: flow.Text, Long: true, Required: true, Max: luoshi.MaxTextLen, Label: label}
	}
	promiseText   = flow.Field{Name: "promise", Kind: flow.Text, Long: true, Max: MaxPromise, Label: "proposal.field.promise"}
	promiseDue    = flow.Field{Name: "promise_due", Kind: flow.Time, Label: "proposal.field.promise_due"}
	promiseUnit   = flow.Field{Name: "promise_unit_id", Kind: flow.ID, Label: "proposal.field.promise_unit"}
	handling      = states(luoshi.ProposalAssigned)
	evaluable     = states(luoshi.ProposalReplied, luoshi.ProposalUnsatisfied, luoshi.ProposalClosed)
	requiredOf    = func(f flow.Field) flow.Field { f.Required = true; return f }
	office        = []string{"office"}
	leadLiaison   = []string{"lead_liaison"}
	contactWays   = flow.Field{Name: "way", Kind: flow.Choice, Required: true, Choices: luoshi.ContactWays, Label: "proposal.field.way"}
	verdictField  = flow.Field{Name: "verdict", Kind: flow.Choice, Required: true, Choices: strs(luoshi.Verdicts), Label: "proposal.field.verdict"}
	classField    = flow.Field{Name: "class", Kind: flow.Choice, Required: true, Choices: strs(luoshi.ReplyClasses), Label: "proposal.field.class"}
	textField     = flow.Field{Name: "text", Kind: flow.Text, Long: true, Required: true, Max: MaxReply, Label: "proposal.field.text"}
	commentField  = flow.Field{Name: "comment", Kind: flow.Text, Long: true, Max: luoshi.MaxTextLen, Label: "proposal.field.comment"}
	summaryField  = flow.Field{Name: "summary", Kind: flow.Text, Long: true, Required: true, Max: MaxSummary, Label: "proposal.field.summary"}
	contactedOn   = flow.Field{Name: "contacted_on", Kind: flow.Time, Required: true, Label: "proposal.field.contacted_on"}
	signerField   = flow.Field{Name: "signer", Kind: flow.Text, Required: true, Max: MaxSigner, Label: "proposal.field.signer"}
	unitIDsField  = flow.Field{Name: "unit_ids", Kind: flow.IDs, Required: true, Label: "proposal.field.split_units"}
	opinionFields = []flow.Field{textField}
)

// specs are the proposal's actions, in the order a page offers them. The supervision office
// (the government's office) assigns, splits, reassigns, insists and opens a second round;
// the lead unit's liaison declines within the window, records contacts, replies and adds
// promises; a co-unit's liaison sends its opinion; the proposer — and only a proposer —
// confirms the unit's recorded contact and evaluates each reply once.
func specs() []Spec {
	return []Spec{
		{Name: ActAssign, From: states(luoshi.ProposalReceived), Who: office, Primary: true, Form: "own",
			Fields: []flow.Field{leadUnit, coUnits, deadline}, Decide: decideAssign(Assigned)},
		{Name: ActSplit, From: states(luoshi.ProposalReceived), Who: office, Form: "own",
			Fields: []flow.Field{unitIDsField}, Decide: decideSplit},
		{Name: ActDecline, From: handling, Who: leadLiaison, Form: "reason", Guard: guardDecline,
			Fields: []flow.Field{reason("proposal.field.decline_reason")}, Decide: decideDecline},
		{Name: ActReassign, From: states(luoshi.ProposalDeclined), Who: office, Primary: true, Form: "own",
			Fields: []flow.Field{leadUnit, coUnits, deadline}, Decide: decideAssign(Reassigned)},
		{Name: ActInsist, From: states(luoshi.ProposalDeclined), Who: office, Form: "reason",
			Fields: []flow.Field{reason("proposal.field.insist_reason")}, Decide: decideInsist},
		{Name: ActRecordContact, From: handling, Who: leadLiaison, Primary: true, Form: "own",
			Fields: []flow.Field{contactedOn, contactWays, summaryField}, Decide: decideContact},
		{Name: ActConfirm, From: states(luoshi.ProposalAssigned, luoshi.ProposalReplied), Who: []string{"proposer"}, Form: "own",
			Guard: guardConfirm, Decide: decideConfirm},
		{Name: ActGiveOpinion, From: handling, Who: []string{"co_liaison"}, Primary: true, Form: "text",
			Guard: guardOpinion, Fields: opinionFields, Decide: decideOpinion},
		{Name: ActReply, From: handling, Who: leadLiaison, Primary: true, Form: "own", Guard: guardReply,
			Fields: []flow.Field{textField, classField, signerField, promiseText, promiseDue, promiseUnit}, Decide: decideReply},
		{Name: ActAddPromise, From: evaluable, Who: leadLiaison, Form: "own", Guard: guardAddPromise,
			Fields: []flow.Field{requiredOf(promiseText), requiredOf(promiseDue), promiseUnit}, Decide: decideAddPromise},
		{Name: ActEvaluate, From: evaluable, Who: []string{"proposer"}, Primary: true, Form: "own", Guard: guardEvaluate,
			Fields: []flow.Field{verdictField, commentField}, Decide: decideEvaluate},
		{Name: ActRehandle, From: states(luoshi.ProposalUnsatisfied), Who: office, Primary: true, Form: "own",
			Fields: []flow.Field{deadline}, Decide: decideRehandle},
		{Name: ActComment, From: states(luoshi.ProposalStates...), Who: []string{"reader"}, Form: "text",
			Fields: []flow.Field{{Name: "text", Kind: flow.Text, Long: true, Required: true, Max: luoshi.MaxTextLen, Label: "proposal.field.comment"}},
			Decide: func(_ Ctx, v flow.Values, ev *luoshi.ProposalEvent, _ *flow.Problems) error {
				ev.Kind, ev.Data.Reason = Commented, v.Text("text")
				return nil
			}},
	}
}

func conflict(s Subject, key string, args ...any) error {
	e := luoshi.Errorf(luoshi.ECONFLICT, key, args...)
	e.State = string(s.State)
	return e
}

// unitOK adds a problem when a unit is not one of the region's.
func unitOK(c Ctx, p *flow.Problems, field string, id int64) bool {
	if id != 0 && !c.Record.Units[id] {
		p.Add(field, "proposal.unit.unknown", id)
		return false
	}
	return true
}

// dueOf is the deadline an action sets: the one given (in the future), or months from now.
func dueOf(c Ctx, v flow.Values, p *flow.Problems, months int) *time.Time {
	if d := v.Time("deadline"); d != nil {
		if !d.After(c.Now) {
			p.Add("deadline", "proposal.deadline.past")
		}
		t := d.UTC()
		return &t
	}
	t := ReplyDue(c.Now, months, c.Record.Loc)
	return &t
}

func sessionMonths(s Subject, rehandle bool) int {
	switch {
	case s.Session == nil && rehandle:
		return luoshi.DefaultRehandleMonths
	case s.Session == nil:
		return luoshi.DefaultReplyMonths
	case rehandle:
		return s.Session.RehandleMonths
	}
	return s.Session.ReplyMonths
}

// decideAssign assigns the proposal (or, after a decline, again) to a lead unit with
// co-units and a reply deadline by the session's rule.
func decideAssign(kind string) func(Ctx, flow.Values, *luoshi.ProposalEvent, *flow.Problems) error {
	return func(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, p *flow.Problems) error {
		ev.Kind = kind
		lead := v.ID("lead_unit_id")
		unitOK(c, p, "lead_unit_id", lead)
		co := []int64{}
		for _, u := range v.IDs("co_unit_ids") {
			if u == lead {
				p.Add("co_unit_ids", "proposal.co_units.lead")
				continue
			}
			if unitOK(c, p, "co_unit_ids", u) && !slices.Contains(co, u) {
				co = append(co, u)
			}
		}
		if kind == Reassigned && lead == c.Record.LeadUnitID {
			p.Add("lead_unit_id", "proposal.reassign.same")
		}
		ev.Data = luoshi.ProposalEventData{LeadUnitID: lead, CoUnitIDs: co, Deadline: dueOf(c, v, p, sessionMonths(c.Record, false))}
		return nil
	}
}

// decideSplit splits the proposal to several lead units (分办): each gets a proposal of its
// own, which the service creates assigned.
func decideSplit(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, p *flow.Problems) error {
	ev.Kind = Split
	units := []int64{}
	for _, u := range v.IDs("unit_ids") {
		if unitOK(c, p, "unit_ids", u) && !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	if len(units) < 2 && !p.Has("unit_ids") {
		p.Add("unit_ids", "proposal.split.two")
	}
	ev.Data = luoshi.ProposalEventData{Units: units, Deadline: dueOf(c, v, p, sessionMonths(c.Record, false))}
	return nil
}

// guardDecline: the lead unit may decline only within the window of its first assignment,
// and not once the office insisted.
func guardDecline(c Ctx) error {
	if c.Record.Insisted || c.Record.Round > 1 || !c.Now.Before(c.Record.DeclineBy) {
		return conflict(c.Record, "proposal.decline.closed")
	}
	return nil
}

func decideDecline(_ Ctx, v flow.Values, ev *luoshi.ProposalEvent, _ *flow.Problems) error {
	ev.Kind, ev.Data.Reason = Declined, v.Text("reason")
	return nil
}

func decideInsist(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, _ *flow.Problems) error {
	ev.Kind, ev.Data.Reason = Insisted, v.Text("reason")
	return nil
}

// decideContact records the lead unit's contact with the proposer: a day not in the future,
// the way, what was said.
func decideContact(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, p *flow.Problems) error {
	ev.Kind = Contacted
	on := v.Time("contacted_on")
	loc := c.Record.Loc
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := c.Now.In(loc).Date()
	if on != nil && !on.Before(time.Date(y, m, d+1, 0, 0, 0, 0, loc)) {
		p.Add("contacted_on", "proposal.contact.future")
	}
	ct := &luoshi.Contact{Round: c.Record.Round, Way: v.Text("way"), Summary: v.Text("summary"), By: c.Actor.UserID, At: c.Now}
	if on != nil {
		ct.On = on.UTC()
	}
	ev.Data.Contact = ct
	return nil
}

// guardOpinion: a co-unit sends one opinion a round.
func guardOpinion(c Ctx) error {
	if c.Record.OpinionOf(c.Actor.UnitID) != nil {
		return conflict(c.Record, "proposal.opinion.given")
	}
	return nil
}

func decideOpinion(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, _ *flow.Problems) error {
	ev.Kind = OpinionGiven
	ev.Data.Opinion = &luoshi.CoOpinion{Round: c.Record.Round, UnitID: c.Actor.UnitID, Text: v.Text("text"), By: c.Actor.UserID, At: c.Now}
	return nil
}

// guardConfirm: the proposer confirms a contact of the round the unit recorded and no
// proposer confirmed yet.
func guardConfirm(c Ctx) error {
	if c.Record.ContactToConfirm() < 0 {
		return conflict(c.Record, "proposal.confirm.none")
	}
	return nil
}

// decideConfirm confirms the latest such contact: the contact took place as recorded.
func decideConfirm(c Ctx, _ flow.Values, ev *luoshi.ProposalEvent, _ *flow.Problems) error {
	ev.Kind, ev.Data.Index = Confirmed, c.Record.ContactToConfirm()
	return nil
}

// guardReply: no reply without a contact with the proposer recorded in this round.
func guardReply(c Ctx) error {
	if !c.Record.Contacted() {
		return conflict(c.Record, "proposal.reply.no_contact")
	}
	return nil
}

// promiseOf reads a promise from the values: what, a due date ahead, the unit (the lead unit
// when none is named). Nil when no promise text is given.
func promiseOf(c Ctx, v flow.Values, p *flow.Problems) *luoshi.Promise {
	text := v.Text("promise")
	due := v.Time("promise_due")
	if text == "" {
		if due != nil {
			p.Add("promise", "proposal.promise.text")
		}
		return nil
	}
	pr := &luoshi.Promise{Text: text, UnitID: v.ID("promise_unit_id")}
	if pr.UnitID == 0 {
		pr.UnitID = c.Record.LeadUnitID
	}
	unitOK(c, p, "promise_unit_id", pr.UnitID)
	switch {
	case due == nil:
		p.Add("promise_due", "proposal.promise.due")
	case !due.After(c.Now):
		p.Add("promise_due", "proposal.promise.due_past")
	default:
		pr.Due = due.UTC()
	}
	return pr
}

// decideReply records the lead unit's reply with its class and signer; a B-class reply
// names at least one promise, which the service makes an item.
func decideReply(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, p *flow.Problems) error {
	ev.Kind = Replied
	r := &luoshi.Reply{Round: c.Record.Round, Text: v.Text("text"), Class: luoshi.ReplyClass(v.Text("class")),
		Signer: v.Text("signer"), UnitID: c.Record.LeadUnitID, By: c.Actor.UserID, At: c.Now, Promises: []luoshi.Promise{}}
	if d := c.Record.Deadline; d != nil {
		due := *d
		r.Due, r.Late = &due, c.Now.After(due)
	}
	pr := promiseOf(c, v, p)
	switch {
	case pr != nil && r.Class != luoshi.ClassB && r.Class != "":
		p.Add("promise", "proposal.promise.b_only")
	case pr != nil:
		r.Promises = append(r.Promises, *pr)
	case r.Class == luoshi.ClassB && !p.Has("promise"):
		p.Add("promise", "proposal.promise.required")
	}
	ev.Data.Reply = r
	return nil
}

// guardAddPromise: promises are added to a B-class reply only.
func guardAddPromise(c Ctx) error {
	if r := c.Record.LastReply(); r == nil || r.Class != luoshi.ClassB {
		return conflict(c.Record, "proposal.promise.b_only")
	}
	return nil
}

func decideAddPromise(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, p *flow.Problems) error {
	ev.Kind = PromiseAdded
	ev.Data.Promise = promiseOf(c, v, p)
	return nil
}

// guardEvaluate: each reply is evaluated once.
func guardEvaluate(c Ctx) error {
	if r := c.Record.LastReply(); r == nil || r.Evaluation != nil {
		return conflict(c.Record, "proposal.evaluate.once")
	}
	return nil
}

func decideEvaluate(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, _ *flow.Problems) error {
	ev.Kind = Evaluated
	ev.Data.Evaluation = &luoshi.Evaluation{Verdict: luoshi.Verdict(v.Text("verdict")), Comment: v.Text("comment"),
		By: c.Actor.UserID, At: c.Now}
	return nil
}

// decideRehandle opens a second round after 不满意, with a new deadline by the session's rule.
func decideRehandle(c Ctx, v flow.Values, ev *luoshi.ProposalEvent, p *flow.Problems) error {
	ev.Kind = Rehandled
	ev.Data.Deadline = dueOf(c, v, p, sessionMonths(c.Record, true))
	return nil
}
