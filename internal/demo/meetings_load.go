package demo

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// meetingLoad carries the demo's meetings and topics through their workflows with the clock
// moved back: the meetings arranged, the topics drafted, signed off, submitted and accepted
// or returned, the minutes recorded and published (their decisions becoming items, which
// the lead units accept), and the practices that the topics adopt.
type meetingLoad struct {
	*loader
	meetings []int64
	held     []time.Time
	topics   []int64
	// topicItems are the items the published decisions on each topic (by index) became.
	topicItems map[int][]int64
}

func (l *loader) meetings(ctx context.Context) error {
	ml := &meetingLoad{loader: l, topicItems: map[int][]int64{}}
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	loc := l.svc.Location()
	for _, m := range Meetings {
		d := l.now.In(loc).AddDate(0, 0, -m.DaysAgo)
		held := time.Date(d.Year(), d.Month(), d.Day(), 9, 30, 0, 0, loc)
		l.atOffice(held.AddDate(0, 0, -20))
		v, err := l.svc.CreateMeeting(ctx, sup, service.MeetingInput{Kind: m.Kind, Title: m.Title, HeldAt: held, Chair: m.Chair,
			Attendees: m.Attendees})
		if err != nil {
			return fmt.Errorf("demo meeting %s: %w", m.Title, err)
		}
		ml.meetings, ml.held = append(ml.meetings, v.ID), append(ml.held, held)
	}
	for _, t := range Topics {
		if err := ml.topic(ctx, sup, t); err != nil {
			return fmt.Errorf("demo topic %s: %w", t.Title, err)
		}
	}
	for i, m := range Meetings {
		if err := ml.minutes(ctx, sup, i, m); err != nil {
			return fmt.Errorf("demo minutes of %s: %w", m.Title, err)
		}
	}
	return ml.practices(ctx, sup)
}

// topicAct takes a topic action as the user at the moment (moved into office hours).
func (ml *meetingLoad) topicAct(ctx context.Context, user string, id int64, at time.Time, act string, v map[string]any) error {
	ml.atOffice(at)
	a, err := ml.actor(ctx, user)
	if err != nil {
		return err
	}
	_, err = ml.svc.TopicAct(ctx, a, id, act, v)
	return err
}

// topic drafts a topic and takes it as far as its spec says: drafts are begun two days ago
// with their sign-offs still due; the others fifteen days before their meeting (or ten and
// twelve days ago), signed off, submitted, then accepted or returned.
func (ml *meetingLoad) topic(ctx context.Context, sup *luoshi.Actor, t TopicSpec) error {
	var t0 time.Time
	switch t.State {
	case "accepted":
		t0 = ml.held[t.Meeting].AddDate(0, 0, -15)
	case "submitted":
		t0 = ml.now.AddDate(0, 0, -10)
	case "returned":
		t0 = ml.now.AddDate(0, 0, -12)
	default:
		t0 = ml.now.AddDate(0, 0, -2)
	}
	ml.atOffice(t0)
	author := LiaisonUsername(t.Unit)
	a, err := ml.actor(ctx, author)
	if err != nil {
		return err
	}
	v, err := ml.svc.CreateTopic(ctx, a, service.TopicInput{Title: t.Title, Background: t.Background, Analysis: t.Analysis,
		NeedsLegalReview: t.Legal != "", NonSecret: true})
	if err != nil {
		return err
	}
	id := v.ID
	ml.topics = append(ml.topics, id)
	step := t0.Add(time.Hour)
	for _, s := range t.Solutions {
		if err := ml.topicAct(ctx, author, id, step, "add-solution",
			map[string]any{"solution": s.Text, "cost": s.Cost, "effect": s.Effect, "risk": s.Risk}); err != nil {
			return err
		}
	}
	if len(t.Solutions) > 0 {
		if err := ml.topicAct(ctx, author, id, step, "recommend", map[string]any{"option": 1}); err != nil {
			return err
		}
	}
	if t.Legal != "" {
		if err := ml.topicAct(ctx, author, id, step, "legal-review", map[string]any{"text": t.Legal}); err != nil {
			return err
		}
	}
	due := t0.AddDate(0, 0, 5)
	for _, u := range t.SignOffs {
		if err := ml.topicAct(ctx, author, id, step, "request-signoff", map[string]any{"unit_id": ml.units[u], "due": due}); err != nil {
			return err
		}
	}
	if t.State == "draft" {
		return nil
	}
	for i, u := range t.SignOffs {
		at := t0.AddDate(0, 0, 1)
		if i == 0 && t.LateSignOff {
			at = t0.AddDate(0, 0, 7)
		}
		if err := ml.topicAct(ctx, LiaisonUsername(u), id, at, "sign-off", map[string]any{"text": "同意，无不同意见。"}); err != nil {
			return err
		}
	}
	if err := ml.topicAct(ctx, author, id, t0.AddDate(0, 0, 8), "submit", nil); err != nil {
		return err
	}
	switch t.State {
	case "returned":
		return ml.topicAct(ctx, "duchashi", id, t0.AddDate(0, 0, 9), "return", map[string]any{"reason": t.Reason})
	case "accepted":
		return ml.topicAct(ctx, "duchashi", id, t0.AddDate(0, 0, 9), "accept", map[string]any{"meeting_id": ml.meetings[t.Meeting]})
	}
	return nil
}

// minutes records a held meeting's minutes and decisions the day after, and publishes them
// the day after that; the lead units accept the decisions' items the next working day.
func (ml *meetingLoad) minutes(ctx context.Context, sup *luoshi.Actor, i int, m MeetingSpec) error {
	if m.MinutesNo == "" {
		return nil
	}
	id, held, loc := ml.meetings[i], ml.held[i], ml.svc.Location()
	act := func(at time.Time, name string, v map[string]any) (*service.MeetingView, error) {
		ml.atOffice(at)
		return ml.svc.MeetingAct(ctx, sup, id, name, v)
	}
	if _, err := act(held.AddDate(0, 0, 1), "record-minutes", map[string]any{"minutes_no": m.MinutesNo, "minutes": m.Minutes}); err != nil {
		return err
	}
	// The deadlines stay within the calendar's year, which ends the demo's.
	end := time.Date(ml.now.In(loc).Year(), 12, 30, 17, 0, 0, 0, loc)
	for _, d := range m.Decisions {
		dl := held.AddDate(0, 0, d.Days)
		dl = time.Date(dl.Year(), dl.Month(), dl.Day(), 17, 0, 0, 0, loc)
		if dl.After(end) {
			dl = end
		}
		v := map[string]any{"decision": d.Text, "lead_unit_id": ml.units[d.Lead], "deadline": dl}
		var co []int64
		for _, c := range d.Co {
			co = append(co, ml.units[c])
		}
		if len(co) > 0 {
			v["co_unit_ids"] = co
		}
		if l, ok := ml.leader[d.Leader]; ok {
			v["leader_id"] = l
		}
		if d.Topic >= 0 {
			v["topic_id"] = ml.topics[d.Topic]
		}
		if _, err := act(held.AddDate(0, 0, 1).Add(time.Hour), "add-decision", v); err != nil {
			return err
		}
	}
	if !m.Published {
		return nil
	}
	mv, err := act(held.AddDate(0, 0, 2), "publish", nil)
	if err != nil {
		return err
	}
	for k, d := range mv.Decisions {
		lead, err := ml.actor(ctx, LiaisonUsername(m.Decisions[k].Lead))
		if err != nil {
			return err
		}
		ml.atOffice(held.AddDate(0, 0, 3))
		if _, err := ml.svc.Act(ctx, lead, d.ItemID, luoshi.Command{Action: luoshi.ActAccept}); err != nil {
			return err
		}
		if t := m.Decisions[k].Topic; t >= 0 {
			ml.topicItems[t] = append(ml.topicItems[t], d.ItemID)
		}
	}
	return nil
}

// practices adds the experience library, a practice a working day apart, each linked to the
// topics that adopt it and to the items those topics' published decisions became.
func (ml *meetingLoad) practices(ctx context.Context, sup *luoshi.Actor) error {
	for i, p := range Practices {
		ml.atOffice(ml.now.AddDate(0, 0, -30+2*i))
		in := service.PracticeInput{Place: p.Place, Title: p.Title, What: p.What, Result: p.Result, Source: p.Source, Tags: p.Tags}
		for _, t := range p.Topics {
			in.TopicIDs = append(in.TopicIDs, ml.topics[t])
			in.ItemIDs = append(in.ItemIDs, ml.topicItems[t]...)
		}
		if _, err := ml.svc.CreatePractice(ctx, sup, in); err != nil {
			return fmt.Errorf("demo practice %s: %w", p.Title, err)
		}
	}
	return nil
}
