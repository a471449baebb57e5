package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
)

// CreateMeeting creates a meeting of a kind: the office only.
func (s *Service) CreateMeeting(ctx context.Context, a *luoshi.Actor, in MeetingInput) (*MeetingView, error) {
	if !a.Has(luoshi.RoleSupervisor) {
		return nil, forbidden("meeting.create.forbidden")
	}
	kinds, err := s.MeetingKinds(ctx, a)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	m := &luoshi.Meeting{RegionID: a.RegionID, Kind: in.Kind, Title: strings.TrimSpace(in.Title), HeldAt: in.HeldAt.UTC(),
		Chair: strings.TrimSpace(in.Chair), Attendees: in.Attendees, State: luoshi.MeetingPlanned, Decisions: []luoshi.Decision{},
		CreatedBy: a.UserID}
	if !slices.ContainsFunc(kinds, func(k luoshi.MeetingKind) bool { return k.Code == m.Kind && !k.Retired }) {
		v.Add("kind", "meeting.kind.invalid")
	}
	checkText(&v, "title", m.Title, luoshi.M("meeting.field.title"), MaxMeetingTitle, true)
	checkText(&v, "chair", m.Chair, luoshi.M("meeting.field.chair"), MaxChair, true)
	checkText(&v, "attendees", m.Attendees, luoshi.M("meeting.field.attendees"), MaxAttendees, false)
	if in.HeldAt.IsZero() {
		v.Add("held_at", "meeting.held_at.missing")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ctx = withActorName(ctx, a)
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		ev := luoshi.MeetingEvent{Record: luoshi.RecordMeeting, Kind: meeting.MeetingCreated, ActorID: a.UserID, At: s.now(),
			Data: luoshi.MeetingEventData{Meeting: m}}
		if err := meeting.ApplyMeeting(m, ev); err != nil {
			return err
		}
		if err := tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		ev.Seq = 1
		return s.meetingEvent(ctx, tx, a, m.RegionID, m.ID, &ev)
	})
	if err != nil {
		return nil, err
	}
	return s.GetMeeting(ctx, a, m.ID)
}

func (s *Service) findMeeting(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Meeting, error) {
	m, err := tx.FindMeetingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !meeting.SeesMeeting(a, m) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "meeting.not_found")
	}
	return m, nil
}

// meetingSubject gathers what a meeting action is decided on; it returns the agenda too.
func (s *Service) meetingSubject(ctx context.Context, tx luoshi.Tx, m *luoshi.Meeting) (meeting.MeetingSubject, []*luoshi.Topic, error) {
	subj := meeting.MeetingSubject{Meeting: m, Leaders: map[int64]bool{}, Agenda: map[int64]bool{}, LeaderNames: map[int64]string{}}
	var err error
	if subj.Units, err = unitNames(ctx, tx, m.RegionID); err != nil {
		return subj, nil, err
	}
	ls, err := tx.FindLeaders(ctx, m.RegionID)
	if err != nil {
		return subj, nil, err
	}
	for _, l := range ls {
		subj.Leaders[l.ID], subj.LeaderNames[l.ID] = true, l.Name
	}
	agenda, err := tx.FindTopics(ctx, luoshi.TopicFilter{RegionID: m.RegionID, MeetingID: m.ID, State: luoshi.TopicAccepted})
	if err != nil {
		return subj, nil, err
	}
	for _, t := range agenda {
		subj.Agenda[t.ID] = true
	}
	return subj, agenda, nil
}

// GetMeeting returns a meeting with its agenda.
func (s *Service) GetMeeting(ctx context.Context, a *luoshi.Actor, id int64) (*MeetingView, error) {
	var out *MeetingView
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		m, err := s.findMeeting(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj, agenda, err := s.meetingSubject(ctx, tx, m)
		if err != nil {
			return err
		}
		out = &MeetingView{Meeting: m, Agenda: agenda, Actions: meeting.MeetingAllowed(subj, a, s.now()),
			UnitNames: subj.Units, LeaderNames: subj.LeaderNames}
		kinds, err := kindsOf(ctx, tx, m.RegionID)
		if err != nil {
			return err
		}
		out.KindName = kindLabel(kinds, m.Kind)
		if out.Agenda == nil {
			out.Agenda = []*luoshi.Topic{}
		}
		out.Items, err = s.decisionItems(ctx, tx, m)
		return err
	})
	return out, err
}

// ListMeetings lists the region's meetings, latest first.
func (s *Service) ListMeetings(ctx context.Context, a *luoshi.Actor) ([]*luoshi.Meeting, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	var out []*luoshi.Meeting
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		list, err := tx.FindMeetings(ctx, a.RegionID)
		for _, m := range list {
			if meeting.SeesMeeting(a, m) {
				out = append(out, m)
			}
		}
		return err
	})
	return out, err
}

// MeetingAct carries out one action on a meeting in one transaction; publishing the minutes
// makes each decision a supervision item through Decisions, each linked by an event.
func (s *Service) MeetingAct(ctx context.Context, a *luoshi.Actor, id int64, act string, v flow.Values) (*MeetingView, error) {
	now := s.now()
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		m, err := s.findMeeting(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj, _, err := s.meetingSubject(ctx, tx, m)
		if err != nil {
			return err
		}
		ev, err := meeting.DecideMeeting(subj, a, act, v, now)
		if err != nil {
			return err
		}
		next, prev := m.Clone(), m.Version
		if err := s.applyMeeting(ctx, tx, a, next, &ev); err != nil {
			return err
		}
		if ev.Kind == meeting.Published {
			if err := s.linkDecisions(ctx, tx, a, next); err != nil {
				return err
			}
		}
		return tx.UpdateMeeting(ctx, next, prev)
	})
	if err != nil {
		return nil, fmt.Errorf("%s meeting %d: %w", act, id, err)
	}
	return s.GetMeeting(ctx, a, id)
}

func (s *Service) applyMeeting(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, m *luoshi.Meeting, ev *luoshi.MeetingEvent) error {
	ev.Seq = m.Version + 1
	if err := meeting.ApplyMeeting(m, *ev); err != nil {
		return err
	}
	return s.meetingEvent(ctx, tx, a, m.RegionID, m.ID, ev)
}

// linkDecisions makes an item of each decision that has none yet.
func (s *Service) linkDecisions(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, m *luoshi.Meeting) error {
	for _, d := range m.Decisions {
		if d.ItemID != 0 {
			continue
		}
		if s.Decisions == nil {
			return luoshi.Errorf(luoshi.EINTERNAL, "meeting.decision.no_items")
		}
		id, err := s.Decisions.MakeDecisionItem(ctx, tx, a, m, d)
		if err != nil {
			return err
		}
		ev := luoshi.MeetingEvent{Record: luoshi.RecordMeeting, Kind: meeting.DecisionLinked, ActorID: a.UserID, At: s.now(),
			Data: luoshi.MeetingEventData{No: d.No, ItemID: id}}
		if err := s.applyMeeting(ctx, tx, a, m, &ev); err != nil {
			return err
		}
	}
	return nil
}

// DecisionItems is the item module's side of meeting.ItemMaker: a published decision becomes
// a supervision item of source meeting_decision, pointing to the meeting and the decision,
// assigned to the decision's lead unit and co-units with its leader and deadline. Its first
// report is due within 5 working days of acceptance (luoshi.Policy). cmd/luoshi wires it.
type DecisionItems struct{ S *Service }

// MakeDecisionItem implements meeting.ItemMaker.
func (m DecisionItems) MakeDecisionItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, mt *luoshi.Meeting, d luoshi.Decision) (int64, error) {
	s := m.S
	title := []rune(d.Text)
	if len(title) > MaxTitleLen {
		title = title[:MaxTitleLen]
	}
	ref := fmt.Sprintf("%s %d", mt.MinutesNo, d.No)
	if s.Texts != nil {
		ref = s.text("meeting.item_ref", mt.MinutesNo, d.No)
	}
	draft := &luoshi.Item{RegionID: mt.RegionID, Title: string(title), Content: d.Text, Source: luoshi.SourceMeetingDecision,
		SourceRef: ref, MeetingID: mt.ID, DecisionNo: d.No, Priority: luoshi.PriorityImportant, LeadUnitID: d.LeadUnitID,
		CoUnitIDs: append([]int64{}, d.CoUnitIDs...), LeaderID: d.LeaderID, Deadline: d.Deadline,
		Milestones: []luoshi.Milestone{}, Unclassified: true}
	it, err := s.createItem(ctx, tx, s.Policy(), a, draft, nil, true, s.now())
	if err != nil {
		return 0, err
	}
	return it.ID, nil
}

var _ meeting.ItemMaker = DecisionItems{}

// decisionItems are the items the meeting's decisions became, by decision number, with their
// lights now.
func (s *Service) decisionItems(ctx context.Context, tx luoshi.Tx, m *luoshi.Meeting) (map[int]PromiseItem, error) {
	out, pol, now := map[int]PromiseItem{}, s.Policy(), s.now()
	for _, d := range m.Decisions {
		if d.ItemID == 0 {
			continue
		}
		it, err := tx.FindItemByID(ctx, d.ItemID)
		if err != nil {
			return nil, err
		}
		out[d.No] = PromiseItem{ItemID: it.ID, Code: it.Code, State: it.State, Light: pol.Light(it, now)}
	}
	return out, nil
}
