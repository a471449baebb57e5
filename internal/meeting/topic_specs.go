package meeting

import (
	"slices"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// The kinds of topic event. Each names the audit action "topic.<kind>".
const (
	TopicCreated     = "created"
	SolutionAdded    = "solution_added"
	Recommended      = "recommended"
	LegalReviewed    = "legal_reviewed"
	SignOffRequested = "signoff_requested"
	SignedOff        = "signed_off"
	Submitted        = "submitted"
	Accepted         = "accepted"
	Returned         = "returned"
	Commented        = "commented"
)

// The topic action names.
const (
	ActAddSolution     = "add-solution"
	ActRecommend       = "recommend"
	ActLegalReview     = "legal-review"
	ActRequestSignOff  = "request-signoff"
	ActSignOff         = "sign-off"
	ActSubmit          = "submit"
	ActAccept          = "accept"
	ActReturn          = "return"
	ActComment         = "comment"
	MaxSolutionText    = 2000
	MaxSolutionPart    = 500
	MaxTopicTitle      = 200
	MaxTopicBackground = 5000
)

func states[T ~string](ss ...T) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

var (
	drafting  = states(luoshi.TopicDraft, luoshi.TopicReturned)
	author    = []string{"author"}
	officeWho = []string{"office"}
	text      = func(name string, max int, required bool, label flow.Label) flow.Field {
		return flow.Field{Name: name, Kind: flow.Text, Long: true, Required: required, Max: max, Label: label}
	}
)

// topicSpecs are the topic's actions, in the order a page offers them. The drafting unit's
// liaison adds solutions, recommends one, records the legality review, asks co-units for
// their sign-off and submits; a co-unit's liaison signs off once; the office accepts the
// topic onto a meeting or returns it.
func topicSpecs() []TopicSpec {
	return []TopicSpec{
		{Name: ActSubmit, From: drafting, Who: author, Primary: true, Form: "confirm", Decide: decideSubmit},
		{Name: ActAddSolution, From: drafting, Who: author, Form: "own",
			Fields: []flow.Field{text("solution", MaxSolutionText, true, "meeting.field.solution"),
				text("cost", MaxSolutionPart, true, "meeting.field.cost"), text("effect", MaxSolutionPart, true, "meeting.field.effect"),
				text("risk", MaxSolutionPart, true, "meeting.field.risk")},
			Decide: func(c topicCtx, v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				ev.Kind = SolutionAdded
				ev.Data.Solution = &luoshi.Solution{No: len(c.Record.Solutions) + 1, Text: v.Text("solution"), Cost: v.Text("cost"),
					Effect: v.Text("effect"), Risk: v.Text("risk")}
				return nil
			}},
		{Name: ActRecommend, From: drafting, Who: author, Form: "own",
			Fields: []flow.Field{{Name: "option", Kind: flow.Int, Required: true, Label: "meeting.field.option"}},
			Decide: func(c topicCtx, v flow.Values, ev *luoshi.MeetingEvent, p *flow.Problems) error {
				ev.Kind = Recommended
				if n := v.Int("option"); n != nil {
					if *n < 1 || *n > len(c.Record.Solutions) {
						p.Add("option", "topic.option.unknown", *n)
					}
					ev.Data.No = *n
				}
				return nil
			}},
		{Name: ActLegalReview, From: drafting, Who: author, Form: "text",
			Fields: []flow.Field{text("text", luoshi.MaxTextLen, true, "meeting.field.legal_review")},
			Decide: func(_ topicCtx, v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				ev.Kind, ev.Data.Text = LegalReviewed, v.Text("text")
				return nil
			}},
		{Name: ActRequestSignOff, From: drafting, Who: author, Form: "own",
			Fields: []flow.Field{{Name: "unit_id", Kind: flow.ID, Required: true, Label: "meeting.field.unit"},
				{Name: "due", Kind: flow.Time, Required: true, Label: "meeting.field.due"}},
			Decide: decideRequestSignOff},
		{Name: ActSignOff, From: drafting, Who: []string{"signer"}, Primary: true, Form: "text", Guard: guardSignOff,
			Fields: []flow.Field{text("text", luoshi.MaxTextLen, true, "meeting.field.signoff")},
			Decide: func(c topicCtx, v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				at := c.Now
				ev.Kind = SignedOff
				ev.Data.SignOff = &luoshi.SignOff{UnitID: c.Actor.UnitID, Text: v.Text("text"), SignedAt: &at, SignedBy: c.Actor.UserID}
				return nil
			}},
		{Name: ActAccept, From: states(luoshi.TopicSubmitted), Who: officeWho, Primary: true, Form: "own",
			Fields: []flow.Field{{Name: "meeting_id", Kind: flow.ID, Required: true, Label: "meeting.field.meeting"}},
			Decide: func(c topicCtx, v flow.Values, ev *luoshi.MeetingEvent, p *flow.Problems) error {
				ev.Kind, ev.Data.MeetingID = Accepted, v.ID("meeting_id")
				if id := ev.Data.MeetingID; id != 0 && !c.Record.Meetings[id] {
					p.Add("meeting_id", "topic.meeting.closed", id)
				}
				return nil
			}},
		{Name: ActReturn, From: states(luoshi.TopicSubmitted), Who: officeWho, Form: "reason",
			Fields: []flow.Field{text("reason", luoshi.MaxTextLen, true, "meeting.field.return_reason")},
			Decide: func(_ topicCtx, v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				ev.Kind, ev.Data.Text = Returned, v.Text("reason")
				return nil
			}},
		{Name: ActComment, From: states(luoshi.TopicStates...), Who: []string{"reader"}, Form: "text",
			Fields: []flow.Field{commentField}, Decide: decideComment},
	}
}

// commentField and decideComment are the comment (意见) a reader leaves on a topic or a
// meeting: recorded as an event, changing nothing else.
var commentField = text("text", luoshi.MaxTextLen, true, "meeting.field.comment")

func decideComment(_ flow.Ctx[*luoshi.Actor, TopicSubject], v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
	ev.Kind, ev.Data.Text = Commented, v.Text("text")
	return nil
}

// openSignOff is the index of the unit's unanswered sign-off request, or -1.
func openSignOff(t *luoshi.Topic, unit int64) int {
	return slices.IndexFunc(t.SignOffs, func(s luoshi.SignOff) bool { return s.UnitID == unit && s.SignedAt == nil })
}

func guardSignOff(c topicCtx) error {
	if openSignOff(c.Record.Topic, c.Actor.UnitID) < 0 {
		return luoshi.Errorf(luoshi.ECONFLICT, "topic.signoff.none_open")
	}
	return nil
}

func decideRequestSignOff(c topicCtx, v flow.Values, ev *luoshi.MeetingEvent, p *flow.Problems) error {
	ev.Kind = SignOffRequested
	unit := v.ID("unit_id")
	switch _, known := c.Record.Units[unit]; {
	case unit == 0:
	case !known:
		p.Add("unit_id", "topic.unit.unknown", unit)
	case unit == c.Record.UnitID:
		p.Add("unit_id", "topic.signoff.own_unit")
	case openSignOff(c.Record.Topic, unit) >= 0:
		p.Add("unit_id", "topic.signoff.open", c.Record.Units[unit])
	}
	so := luoshi.SignOff{UnitID: unit, RequestedAt: c.Now}
	if d := v.Time("due"); d != nil {
		if !d.After(c.Now) {
			p.Add("due", "topic.due.past")
		}
		so.Due = d.UTC()
	}
	ev.Data.SignOff = &so
	return nil
}

// decideSubmit refuses a topic that lacks a part, naming each missing part: a solution, the
// recommended option, the legality review where the matter needs one, a co-unit's sign-off
// still due. A sign-off whose due time passed unanswered does not hold the topic back: it is
// recorded as missed.
func decideSubmit(c topicCtx, _ flow.Values, ev *luoshi.MeetingEvent, p *flow.Problems) error {
	t := c.Record.Topic
	ev.Kind = Submitted
	if len(t.Solutions) == 0 {
		p.Add("solutions", "topic.submit.no_solution")
	}
	if t.Recommended == 0 {
		p.Add("recommended", "topic.submit.no_recommended")
	}
	if t.NeedsLegalReview && t.LegalReview == "" {
		p.Add("legal_review", "topic.submit.no_legal_review")
	}
	for _, s := range t.SignOffs {
		switch {
		case s.Pending(c.Now):
			p.Add("signoffs", "topic.submit.signoff_due", c.Record.Units[s.UnitID], s.Due)
		case s.SignedAt == nil:
			ev.Data.Missed = append(ev.Data.Missed, s.UnitID)
		}
	}
	return nil
}
