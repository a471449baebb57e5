package meeting

import (
	"slices"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// The kinds of meeting event. Each names the audit action "meeting.<kind>".
const (
	MeetingCreated  = "created"
	MinutesRecorded = "minutes_recorded"
	DecisionAdded   = "decision_added"
	Published       = "published"
	DecisionLinked  = "decision_item_linked"
)

// The meeting action names.
const (
	ActRecordMinutes = "record-minutes"
	ActAddDecision   = "add-decision"
	ActPublish       = "publish"
	MaxMinutesNo     = 50
	MaxDecisionText  = 2000
)

// meetingSpecs are the meeting's actions: the office records the minutes, adds the
// numbered decisions and publishes the minutes, once.
func meetingSpecs() []MeetingSpec {
	planned := states(luoshi.MeetingPlanned)
	return []MeetingSpec{
		{Name: ActRecordMinutes, From: planned, Who: officeWho, Form: "own",
			Fields: []flow.Field{{Name: "minutes_no", Kind: flow.Text, Required: true, Max: MaxMinutesNo, Label: "meeting.field.minutes_no"},
				text("minutes", luoshi.MaxTextLen, true, "meeting.field.minutes")},
			Decide: func(_ meetingCtx, v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				ev.Kind = MinutesRecorded
				ev.Data.Meeting = &luoshi.Meeting{MinutesNo: v.Text("minutes_no"), Minutes: v.Text("minutes")}
				return nil
			}},
		{Name: ActAddDecision, From: planned, Who: officeWho, Form: "own",
			Fields: []flow.Field{text("decision", MaxDecisionText, true, "meeting.field.decision"),
				{Name: "lead_unit_id", Kind: flow.ID, Required: true, Label: "meeting.field.lead_unit"},
				{Name: "co_unit_ids", Kind: flow.IDs, Label: "meeting.field.co_units"},
				{Name: "leader_id", Kind: flow.ID, Label: "meeting.field.leader"},
				{Name: "deadline", Kind: flow.Time, Required: true, Label: "meeting.field.deadline"},
				{Name: "topic_id", Kind: flow.ID, Label: "meeting.field.topic"}},
			Decide: decideAddDecision},
		{Name: ActPublish, From: planned, Who: officeWho, Primary: true, Form: "confirm", Guard: guardPublish,
			Decide: func(_ meetingCtx, _ flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				ev.Kind = Published
				return nil
			}},
		{Name: ActComment, From: states(luoshi.MeetingStates...), Who: []string{"reader"}, Form: "text",
			Fields: []flow.Field{commentField},
			Decide: func(_ meetingCtx, v flow.Values, ev *luoshi.MeetingEvent, _ *flow.Problems) error {
				ev.Kind, ev.Data.Text = Commented, v.Text("text")
				return nil
			}},
	}
}

func decideAddDecision(c meetingCtx, v flow.Values, ev *luoshi.MeetingEvent, p *flow.Problems) error {
	ev.Kind = DecisionAdded
	r := c.Record
	d := luoshi.Decision{No: len(r.Decisions) + 1, Text: v.Text("decision"), LeadUnitID: v.ID("lead_unit_id"),
		CoUnitIDs: []int64{}, TopicID: v.ID("topic_id")}
	if _, ok := r.Units[d.LeadUnitID]; d.LeadUnitID != 0 && !ok {
		p.Add("lead_unit_id", "topic.unit.unknown", d.LeadUnitID)
	}
	for _, u := range v.IDs("co_unit_ids") {
		if _, ok := r.Units[u]; !ok {
			p.Add("co_unit_ids", "topic.unit.unknown", u)
		} else if u != d.LeadUnitID && !slices.Contains(d.CoUnitIDs, u) {
			d.CoUnitIDs = append(d.CoUnitIDs, u)
		}
	}
	if l := v.ID("leader_id"); l != 0 {
		if !r.Leaders[l] {
			p.Add("leader_id", "meeting.leader.unknown", l)
		}
		d.LeaderID = &l
	}
	if dl := v.Time("deadline"); dl != nil {
		if !dl.After(c.Now) {
			p.Add("deadline", "meeting.deadline.past")
		}
		d.Deadline = dl.UTC()
	}
	if d.TopicID != 0 && !r.Agenda[d.TopicID] {
		p.Add("topic_id", "meeting.topic.not_on_agenda", d.TopicID)
	}
	ev.Data.Decision = &d
	return nil
}

// guardPublish: minutes are published with their number and at least one decision.
func guardPublish(c meetingCtx) error {
	switch {
	case c.Record.MinutesNo == "":
		return luoshi.Errorf(luoshi.ECONFLICT, "meeting.publish.no_minutes")
	case len(c.Record.Decisions) == 0:
		return luoshi.Errorf(luoshi.ECONFLICT, "meeting.publish.no_decisions")
	}
	return nil
}
