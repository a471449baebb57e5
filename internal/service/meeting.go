package service

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
)

// TopicInput is what drafting a topic takes. UnitID is the drafting unit: a liaison's own
// unit (zero takes it), or any unit when the office drafts. NonSecret is the 非涉密 attestation.
type TopicInput struct {
	UnitID           int64  `json:"unit_id"`
	Title            string `json:"title"`
	Background       string `json:"background"`
	Analysis         string `json:"analysis"`
	NeedsLegalReview bool   `json:"needs_legal_review"`
	NonSecret        bool   `json:"non_secret"`
}

// MeetingInput is what creating a meeting takes.
type MeetingInput struct {
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	HeldAt    time.Time `json:"held_at"`
	Chair     string    `json:"chair"`
	Attendees string    `json:"attendees"`
}

// Limits of a meeting's texts, in characters.
const (
	MaxMeetingTitle = 200
	MaxChair        = 50
	MaxAttendees    = 2000
)

// TopicView is a topic as a reader sees it, with what the reader may do now.
type TopicView struct {
	*luoshi.Topic
	Actions []string `json:"actions"`
	// UnitNames names the region's units, and OpenMeetings the meetings still open to an
	// agenda by their titles, for pages.
	UnitNames    map[int64]string `json:"-"`
	OpenMeetings map[int64]string `json:"-"`
}

// MeetingView is a meeting as a reader sees it: its agenda (the topics accepted onto it) and
// what the reader may do now.
type MeetingView struct {
	*luoshi.Meeting
	Agenda  []*luoshi.Topic `json:"agenda"`
	Actions []string        `json:"actions"`
	// UnitNames and LeaderNames name the region's units and leaders, for pages and papers.
	UnitNames   map[int64]string `json:"-"`
	LeaderNames map[int64]string `json:"-"`
	// KindName names the meeting's kind: the catalogue's name of a built-in kind, or the
	// name the region gave its own.
	KindName luoshi.Msg `json:"-"`
	// Items are the decisions' items by decision number, with their lights.
	Items map[int]PromiseItem `json:"-"`
}

// CreateTopic drafts a topic of a unit.
func (s *Service) CreateTopic(ctx context.Context, a *luoshi.Actor, in TopicInput) (*TopicView, error) {
	if !meeting.Drafts(a) {
		return nil, forbidden("topic.create.forbidden")
	}
	var v luoshi.Validation
	t := &luoshi.Topic{RegionID: a.RegionID, UnitID: in.UnitID, Title: strings.TrimSpace(in.Title), Background: in.Background,
		Analysis: in.Analysis, NeedsLegalReview: in.NeedsLegalReview, NonSecret: in.NonSecret, State: luoshi.TopicDraft,
		Solutions: []luoshi.Solution{}, SignOffs: []luoshi.SignOff{}, CreatedBy: a.UserID}
	if !a.Has(luoshi.RoleSupervisor) {
		if t.UnitID != 0 && t.UnitID != a.UnitID {
			v.Add("unit_id", "topic.unit.own_only")
		}
		t.UnitID = a.UnitID
	}
	checkText(&v, "title", t.Title, luoshi.M("meeting.field.title"), meeting.MaxTopicTitle, true)
	checkText(&v, "background", t.Background, luoshi.M("meeting.field.background"), meeting.MaxTopicBackground, true)
	checkText(&v, "analysis", t.Analysis, luoshi.M("meeting.field.analysis"), meeting.MaxTopicBackground, true)
	if !t.NonSecret {
		v.Add("non_secret", "topic.non_secret.required")
	}
	if t.UnitID == 0 {
		v.Add("unit_id", "topic.unit.missing")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		u, err := tx.FindUnitByID(ctx, t.UnitID)
		if err != nil || u.RegionID != a.RegionID {
			var v luoshi.Validation
			v.Add("unit_id", "topic.unit.unknown", t.UnitID)
			return v.Err()
		}
		ev := luoshi.MeetingEvent{Record: luoshi.RecordTopic, Kind: meeting.TopicCreated, ActorID: a.UserID, At: s.now(),
			Data: luoshi.MeetingEventData{Topic: t}}
		if err := meeting.ApplyTopic(t, ev); err != nil {
			return err
		}
		if err := tx.CreateTopic(ctx, t); err != nil {
			return err
		}
		ev.Seq = 1
		return s.meetingEvent(ctx, tx, a, t.RegionID, t.ID, &ev)
	})
	if err != nil {
		return nil, err
	}
	return s.GetTopic(ctx, a, t.ID)
}

// meetingEvent stores an event of a topic or meeting and audits it.
func (s *Service) meetingEvent(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, region, id int64, ev *luoshi.MeetingEvent) error {
	ev.RecordID = id
	if err := tx.AppendMeetingEvent(ctx, ev, region); err != nil {
		return err
	}
	d := ev.Data
	d.Topic, d.Meeting = nil, nil
	detail, _ := json.Marshal(d)
	return s.audit(ctx, tx, a, ev.Record+"."+ev.Kind, fmt.Sprintf("%s:%d", ev.Record, id), luoshi.OutcomeSuccess, string(detail))
}

// unitNames names the region's units.
func unitNames(ctx context.Context, tx luoshi.Tx, region int64) (map[int64]string, error) {
	units, err := tx.FindUnits(ctx, region)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	return names, nil
}

func (s *Service) topicSubject(ctx context.Context, tx luoshi.Tx, t *luoshi.Topic) (meeting.TopicSubject, error) {
	names, err := unitNames(ctx, tx, t.RegionID)
	if err != nil {
		return meeting.TopicSubject{}, err
	}
	ms, err := tx.FindMeetings(ctx, t.RegionID)
	if err != nil {
		return meeting.TopicSubject{}, err
	}
	open, titles := map[int64]bool{}, map[int64]string{}
	for _, m := range ms {
		open[m.ID] = m.State == luoshi.MeetingPlanned
		if open[m.ID] {
			titles[m.ID] = m.Title
		}
	}
	return meeting.TopicSubject{Topic: t, Units: names, Meetings: open, MeetingTitles: titles}, nil
}

func (s *Service) findTopic(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Topic, error) {
	t, err := tx.FindTopicByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesTopic(a, t) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "topic.not_found")
	}
	return t, nil
}

// GetTopic returns a topic the actor sees.
func (s *Service) GetTopic(ctx context.Context, a *luoshi.Actor, id int64) (*TopicView, error) {
	var out *TopicView
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		t, err := s.findTopic(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj, err := s.topicSubject(ctx, tx, t)
		if err != nil {
			return err
		}
		out = &TopicView{Topic: t, Actions: meeting.TopicAllowed(subj, a, s.now()), UnitNames: subj.Units,
			OpenMeetings: subj.MeetingTitles}
		return nil
	})
	return out, err
}

// ListTopics lists the topics the actor sees, optionally of a state.
func (s *Service) ListTopics(ctx context.Context, a *luoshi.Actor, state string) ([]*luoshi.Topic, error) {
	f := luoshi.TopicFilter{RegionID: a.RegionID, State: luoshi.TopicState(state)}
	if state != "" && !slices.Contains(luoshi.TopicStates, f.State) {
		var v luoshi.Validation
		v.Add("state", "topic.state.invalid")
		return nil, v.Err()
	}
	var out []*luoshi.Topic
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		list, err := tx.FindTopics(ctx, f)
		for _, t := range list {
			if meeting.SeesTopic(a, t) {
				out = append(out, t)
			}
		}
		return err
	})
	return out, err
}

// TopicAct carries out one action on a topic in one transaction: the spec decides the
// event, which is stored, folded into the topic and audited.
func (s *Service) TopicAct(ctx context.Context, a *luoshi.Actor, id int64, act string, v flow.Values) (*TopicView, error) {
	now := s.now()
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		t, err := s.findTopic(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj, err := s.topicSubject(ctx, tx, t)
		if err != nil {
			return err
		}
		ev, err := meeting.DecideTopic(subj, a, act, v, now)
		if err != nil {
			return err
		}
		next, prev := t.Clone(), t.Version
		ev.Seq = prev + 1
		if err := meeting.ApplyTopic(next, ev); err != nil {
			return err
		}
		if err := s.meetingEvent(ctx, tx, a, t.RegionID, t.ID, &ev); err != nil {
			return err
		}
		if err := topicReminders(ctx, tx, next, now); err != nil {
			return err
		}
		return tx.UpdateTopic(ctx, next, prev)
	})
	if err != nil {
		return nil, fmt.Errorf("%s topic %d: %w", act, id, err)
	}
	s.stats.invalidate() // the collaboration figures count the sign-offs
	return s.GetTopic(ctx, a, id)
}

// topicReminders records the reminders the topic owes from now on; those it no longer owes
// when they come due (the sign-off given, the topic submitted) are skipped then.
func topicReminders(ctx context.Context, tx luoshi.Tx, t *luoshi.Topic, now time.Time) error {
	for _, r := range meeting.Reminders(t) {
		if r.DueAt.After(now) {
			if err := tx.PutReminder(ctx, &r); err != nil {
				return err
			}
		}
	}
	return nil
}

// fireSignOff sends a sign-off's reminder to the unit asked, if the topic still owes it.
func (n *Notifier) fireSignOff(ctx context.Context, tx luoshi.Tx, r *luoshi.Reminder, now time.Time, st *PassStats) (string, error) {
	s := n.svc
	t, err := tx.FindTopicByID(ctx, meeting.ReminderTopic(r.Key))
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
		st.Skipped++
		return "skipped: no such topic", nil
	} else if err != nil {
		return "", err
	}
	cur, ok := luoshi.FindReminder(meeting.Reminders(t), r.Key)
	if !ok {
		st.Skipped++
		return "skipped: no longer owed", nil
	}
	unit := int64(cur.Opinion)
	notice := luoshi.Notice{RegionID: t.RegionID, UnitID: unit, Kind: string(cur.Kind), Alert: true, CreatedAt: now,
		Title: s.text("topic.notice.title.signoff_due", t.Title),
		Body:  s.text("topic.notice.body.signoff_due", t.Title, cur.Target.In(s.loc).Format("2006-01-02 15:04"))}
	if err := n.publish(ctx, tx, &notice, luoshi.Audience{RegionID: t.RegionID, Units: []int64{unit}}, now); err != nil {
		return "", err
	}
	st.Fired++
	return "sent", nil
}
