// Package meeting is the module of meeting topics and meetings (会议议题): a unit's topic
// brought with its solutions, the recommended option, the legality review and the co-units'
// sign-offs, submitted to the government office, which accepts it onto a meeting's agenda or
// returns it; the meeting's minutes (会议纪要) with numbered decisions (议定事项), which become
// supervision items when the minutes are published. Each action is declared once as a spec
// on the workflow kernel (internal/flow) and decides an event; ApplyTopic and ApplyMeeting
// fold the events, so that rebuilding over the stored events gives the stored record. The
// module imports luoshi and the kernel only: where a decision becomes an item it declares
// ItemMaker, which cmd/luoshi wires to the item module's implementation.
package meeting

import (
	"context"
	"slices"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/flow/refuse"
	"luoshi/internal/luoshi"
)

// TopicSubject is what a topic action is decided on: the topic, the region's units by name,
// and the meetings still open to an agenda.
type TopicSubject struct {
	*luoshi.Topic
	Units    map[int64]string
	Meetings map[int64]bool
	// MeetingTitles names the open meetings, for pages; no rule reads it.
	MeetingTitles map[int64]string
}

// MeetingSubject is what a meeting action is decided on: the meeting, the region's units and
// leaders, and the topics on its agenda.
type MeetingSubject struct {
	*luoshi.Meeting
	Units   map[int64]string
	Leaders map[int64]bool
	Agenda  map[int64]bool
	// LeaderNames names the leaders, for pages and papers; no rule reads it.
	LeaderNames map[int64]string
}

// TopicSpec and MeetingSpec are the specs of the two records' actions.
type (
	TopicSpec   = flow.Spec[*luoshi.Actor, TopicSubject, luoshi.MeetingEvent]
	MeetingSpec = flow.Spec[*luoshi.Actor, MeetingSubject, luoshi.MeetingEvent]
	topicCtx    = flow.Ctx[*luoshi.Actor, TopicSubject]
	meetingCtx  = flow.Ctx[*luoshi.Actor, MeetingSubject]
)

// ItemMaker makes the supervision item of a published decision, inside the transaction of
// the publication: source meeting_decision, pointing back to the meeting and the decision.
// It returns the item's id.
type ItemMaker interface {
	MakeDecisionItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, m *luoshi.Meeting, d luoshi.Decision) (int64, error)
}

// SeesTopic reports whether the actor sees the topic: the supervision office (the government
// office) the whole region, a leader the topics of the portfolio's units, a unit's liaison
// and staff those their unit drafts or is asked to sign off.
func SeesTopic(a *luoshi.Actor, t *luoshi.Topic) bool {
	if t.RegionID != a.RegionID {
		return false
	}
	switch {
	case a.Has(luoshi.RoleSupervisor):
		return true
	case a.Has(luoshi.RoleLeader) && (a.AllUnits || a.Oversees(t.UnitID)):
		return true
	case a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleStaff):
		return a.UnitID == t.UnitID || slices.ContainsFunc(t.SignOffs, func(s luoshi.SignOff) bool { return s.UnitID == a.UnitID })
	}
	return false
}

// SeesMeeting reports whether the actor sees the meeting: anyone who sees the region's work.
func SeesMeeting(a *luoshi.Actor, m *luoshi.Meeting) bool {
	return m.RegionID == a.RegionID && a.SeesBusiness()
}

// Drafts reports whether the actor may draft a topic: a unit's liaison, or the office.
func Drafts(a *luoshi.Actor) bool { return a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleSupervisor) }

func office(a *luoshi.Actor) bool { return a.Has(luoshi.RoleSupervisor) }

var topicRelations = []flow.Relation[*luoshi.Actor, TopicSubject]{
	{Name: "office", Label: "meeting.who.office", Holds: func(a *luoshi.Actor, _ TopicSubject) bool { return office(a) }},
	{Name: "author", Label: "meeting.who.author", Holds: func(a *luoshi.Actor, s TopicSubject) bool {
		return a.Has(luoshi.RoleLiaison) && a.UnitID == s.UnitID
	}},
	{Name: "reader", Label: "meeting.who.reader", Holds: func(a *luoshi.Actor, s TopicSubject) bool { return SeesTopic(a, s.Topic) }},
	{Name: "signer", Label: "meeting.who.signer", Holds: func(a *luoshi.Actor, s TopicSubject) bool {
		return a.Has(luoshi.RoleLiaison) && slices.ContainsFunc(s.SignOffs, func(o luoshi.SignOff) bool { return o.UnitID == a.UnitID })
	}},
}

var meetingRelations = []flow.Relation[*luoshi.Actor, MeetingSubject]{
	{Name: "office", Label: "meeting.who.office", Holds: func(a *luoshi.Actor, _ MeetingSubject) bool { return office(a) }},
	{Name: "reader", Label: "meeting.who.reader", Holds: func(a *luoshi.Actor, s MeetingSubject) bool { return SeesMeeting(a, s.Meeting) }},
}

var topics = flow.New[*luoshi.Actor, TopicSubject, luoshi.MeetingEvent](flow.Hooks[*luoshi.Actor, TopicSubject]{
	State:   func(s TopicSubject) string { return string(s.State) },
	Visible: func(a *luoshi.Actor, s TopicSubject) bool { return SeesTopic(a, s.Topic) },
	Fail: refuse.Keys{NotFound: "topic.not_found", Forbidden: "meeting.forbidden", WrongState: "topic.wrong_state",
		State: func(s string) luoshi.Msg { return TopicStateLabel(luoshi.TopicState(s)) }}.Fail,
	Invalid: refuse.Invalid,
}, topicRelations...).Add(topicSpecs()...)

var meetings = flow.New[*luoshi.Actor, MeetingSubject, luoshi.MeetingEvent](flow.Hooks[*luoshi.Actor, MeetingSubject]{
	State:   func(s MeetingSubject) string { return string(s.State) },
	Visible: func(a *luoshi.Actor, s MeetingSubject) bool { return SeesMeeting(a, s.Meeting) },
	Fail: refuse.Keys{NotFound: "meeting.not_found", Forbidden: "meeting.forbidden", WrongState: "meeting.wrong_state",
		State: func(s string) luoshi.Msg { return MeetingStateLabel(luoshi.MeetingState(s)) }}.Fail,
	Invalid: refuse.Invalid,
}, meetingRelations...).Add(meetingSpecs()...)

// StateLabel names a topic's or a meeting's state (their names differ), as a message.
func StateLabel(s string) luoshi.Msg { return luoshi.M("meeting.state." + s) }

// TopicStateLabel names a topic state, as a message.
func TopicStateLabel(s luoshi.TopicState) luoshi.Msg { return StateLabel(string(s)) }

// MeetingStateLabel names a meeting state, as a message.
func MeetingStateLabel(s luoshi.MeetingState) luoshi.Msg { return StateLabel(string(s)) }

// TopicFields and MeetingFields return every field of the two records' actions, each name once.
func TopicFields() []flow.Field { return topics.AllFields() }

// MeetingFields returns every field of the meeting actions, each name once.
func MeetingFields() []flow.Field { return meetings.AllFields() }

// Matrix is the authorisation matrix of the topic and meeting actions, from their specs.
func Matrix() []flow.Row { return append(TopicMatrix(), MeetingMatrix()...) }

// TopicMatrix is the authorisation matrix of the topic actions.
func TopicMatrix() []flow.Row { return topics.Matrix() }

// MeetingMatrix is the authorisation matrix of the meeting actions.
func MeetingMatrix() []flow.Row { return meetings.Matrix() }

// HoldsTopic reports whether a relation named by a topic spec's Who holds.
func HoldsTopic(rel string, a *luoshi.Actor, t *luoshi.Topic) bool {
	r, ok := topics.Relation(rel)
	return ok && r.Holds(a, TopicSubject{Topic: t})
}

// HoldsMeeting reports whether a relation named by a meeting spec's Who holds.
func HoldsMeeting(rel string, a *luoshi.Actor, m *luoshi.Meeting) bool {
	r, ok := meetings.Relation(rel)
	return ok && r.Holds(a, MeetingSubject{Meeting: m})
}

// TopicAllowed lists the topic actions the actor may take now, in page order.
func TopicAllowed(s TopicSubject, a *luoshi.Actor, now time.Time) []string {
	return topics.Allowed(a, s, now)
}

// MeetingAllowed lists the meeting actions the actor may take now, in page order.
func MeetingAllowed(s MeetingSubject, a *luoshi.Actor, now time.Time) []string {
	return meetings.Allowed(a, s, now)
}

// DecideTopic checks that the actor may take the action on the topic now, validates its
// values and returns the event to record. It changes nothing.
func DecideTopic(s TopicSubject, a *luoshi.Actor, act string, v flow.Values, now time.Time) (luoshi.MeetingEvent, error) {
	if v == nil {
		v = flow.Values{}
	}
	ev := luoshi.MeetingEvent{Record: luoshi.RecordTopic, RecordID: s.ID, ActorID: a.UserID, At: now}
	if err := topics.Decide(a, s, act, v, now, &ev); err != nil {
		return luoshi.MeetingEvent{}, err
	}
	return ev, nil
}

// DecideMeeting checks that the actor may take the action on the meeting now, validates its
// values and returns the event to record. It changes nothing.
func DecideMeeting(s MeetingSubject, a *luoshi.Actor, act string, v flow.Values, now time.Time) (luoshi.MeetingEvent, error) {
	if v == nil {
		v = flow.Values{}
	}
	ev := luoshi.MeetingEvent{Record: luoshi.RecordMeeting, RecordID: s.ID, ActorID: a.UserID, At: now}
	if err := meetings.Decide(a, s, act, v, now, &ev); err != nil {
		return luoshi.MeetingEvent{}, err
	}
	return ev, nil
}

// TopicSpecOf returns the topic action's spec, for forms drawn from its fields.
func TopicSpecOf(name string) (*TopicSpec, bool) { return topics.Spec(name) }

// MeetingSpecOf returns the meeting action's spec, for forms drawn from its fields.
func MeetingSpecOf(name string) (*MeetingSpec, bool) { return meetings.Spec(name) }
