package meeting

import (
	"fmt"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// topicAppliers fold each topic event kind into the topic; ApplyTopic is the only place
// where a topic's facts change.
var topicAppliers = map[string]func(t *luoshi.Topic, e luoshi.MeetingEvent){
	SolutionAdded:    func(t *luoshi.Topic, e luoshi.MeetingEvent) { t.Solutions = append(t.Solutions, *e.Data.Solution) },
	Recommended:      func(t *luoshi.Topic, e luoshi.MeetingEvent) { t.Recommended = e.Data.No },
	LegalReviewed:    func(t *luoshi.Topic, e luoshi.MeetingEvent) { t.LegalReview = e.Data.Text },
	SignOffRequested: func(t *luoshi.Topic, e luoshi.MeetingEvent) { t.SignOffs = append(t.SignOffs, *e.Data.SignOff) },
	SignedOff: func(t *luoshi.Topic, e luoshi.MeetingEvent) {
		i := openSignOff(t, e.Data.SignOff.UnitID)
		if i < 0 {
			return
		}
		s := &t.SignOffs[i]
		s.Text, s.SignedAt, s.SignedBy = e.Data.SignOff.Text, e.Data.SignOff.SignedAt, e.Data.SignOff.SignedBy
		s.Late, s.Missed = s.SignedAt.After(s.Due), false
	},
	Submitted: func(t *luoshi.Topic, e luoshi.MeetingEvent) {
		for i := range t.SignOffs {
			if t.SignOffs[i].SignedAt == nil && slices.Contains(e.Data.Missed, t.SignOffs[i].UnitID) {
				t.SignOffs[i].Missed = true
			}
		}
		at := e.At
		t.State, t.SubmittedAt, t.ReturnReason = luoshi.TopicSubmitted, &at, ""
	},
	Accepted: func(t *luoshi.Topic, e luoshi.MeetingEvent) {
		t.State, t.MeetingID = luoshi.TopicAccepted, e.Data.MeetingID
	},
	Returned: func(t *luoshi.Topic, e luoshi.MeetingEvent) {
		t.State, t.ReturnReason = luoshi.TopicReturned, e.Data.Text
	},
	Commented: func(*luoshi.Topic, luoshi.MeetingEvent) {},
}

// ApplyTopic folds one event into the topic, raising its version.
func ApplyTopic(t *luoshi.Topic, e luoshi.MeetingEvent) error {
	return apply(t, e, TopicCreated, e.Data.Topic, (*luoshi.Topic).Clone, topicAppliers,
		func(t *luoshi.Topic) (*int64, *int, *time.Time, *time.Time) {
			return &t.ID, &t.Version, &t.CreatedAt, &t.UpdatedAt
		})
}

// apply folds one event into a topic or a meeting: the created event replaces the record by
// the event's copy; any other kind goes to its applier, raising the version.
func apply[R any](r *R, e luoshi.MeetingEvent, created string, doc *R, clone func(*R) *R,
	appliers map[string]func(*R, luoshi.MeetingEvent), stamp func(*R) (*int64, *int, *time.Time, *time.Time)) error {
	if e.Kind == created {
		if doc == nil {
			return fmt.Errorf("%s event %d: created without the record", e.Record, e.Seq)
		}
		*r = *clone(doc)
		id, version, createdAt, updatedAt := stamp(r)
		*version, *createdAt, *updatedAt = 1, e.At, e.At
		if *id == 0 {
			*id = e.RecordID
		}
		return nil
	}
	fn, ok := appliers[e.Kind]
	if !ok {
		return fmt.Errorf("%s event %d: unknown kind %q", e.Record, e.Seq, e.Kind)
	}
	fn(r, e)
	_, version, _, updatedAt := stamp(r)
	*version++
	*updatedAt = e.At
	return nil
}

// RebuildTopic folds a topic's events, oldest first, into the topic they make.
func RebuildTopic(events []luoshi.MeetingEvent) (*luoshi.Topic, error) {
	return rebuild(events, ApplyTopic)
}

func rebuild[R any](events []luoshi.MeetingEvent, fold func(*R, luoshi.MeetingEvent) error) (*R, error) {
	r := new(R)
	for _, e := range events {
		if err := fold(r, e); err != nil {
			return nil, err
		}
	}
	return r, nil
}

var meetingAppliers = map[string]func(m *luoshi.Meeting, e luoshi.MeetingEvent){
	MinutesRecorded: func(m *luoshi.Meeting, e luoshi.MeetingEvent) {
		m.MinutesNo, m.Minutes = e.Data.Meeting.MinutesNo, e.Data.Meeting.Minutes
	},
	DecisionAdded: func(m *luoshi.Meeting, e luoshi.MeetingEvent) {
		d := *e.Data.Decision
		d.CoUnitIDs = append([]int64{}, d.CoUnitIDs...)
		m.Decisions = append(m.Decisions, d)
	},
	Published: func(m *luoshi.Meeting, e luoshi.MeetingEvent) {
		at := e.At
		m.State, m.PublishedAt = luoshi.MeetingPublished, &at
	},
	DecisionLinked: func(m *luoshi.Meeting, e luoshi.MeetingEvent) { m.Decisions[e.Data.No-1].ItemID = e.Data.ItemID },
	Commented:      func(*luoshi.Meeting, luoshi.MeetingEvent) {},
}

// ApplyMeeting folds one event into the meeting, raising its version.
func ApplyMeeting(m *luoshi.Meeting, e luoshi.MeetingEvent) error {
	return apply(m, e, MeetingCreated, e.Data.Meeting, (*luoshi.Meeting).Clone, meetingAppliers,
		func(m *luoshi.Meeting) (*int64, *int, *time.Time, *time.Time) {
			return &m.ID, &m.Version, &m.CreatedAt, &m.UpdatedAt
		})
}

// RebuildMeeting folds a meeting's events, oldest first, into the meeting they make.
func RebuildMeeting(events []luoshi.MeetingEvent) (*luoshi.Meeting, error) {
	return rebuild(events, ApplyMeeting)
}
