package scheduler_test

import (
	"context"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify/notifytest"
	"luoshi/internal/scheduler"
	"luoshi/internal/service"
)

// TestProposalReminders moves the clock over two proposals assigned to unit A (one with
// co-unit B): A is reminded of each decline window a day before it closes; B is reminded of its opinion 3 days before it is due; A of the reply 30 and 7
// days before the deadline; once A replied, the 1-day reminder is skipped and nothing is
// overdue; the other proposal, never replied, is overdue at its deadline, to A and to the
// supervision office. Each reminder comes once however many passes run.
func TestProposalReminders(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) { proposalReminders(t, notifytest.NewOn(t, db, service.DefaultNotifyConfig())) })
	}
}

// deputySession adds a deputy's account to the office unit and a session of NPC suggestions.
func deputySession(t *testing.T, e *notifytest.Env) (*luoshi.User, *luoshi.ProposalSession) {
	t.Helper()
	ctx := context.Background()
	dep := &luoshi.User{RegionID: e.Region, UnitID: e.Units["O"], Username: "dep", Name: "代表甲", PasswordHash: "x",
		Roles: []luoshi.Role{luoshi.RoleDeputy}, CreatedAt: notifytest.Start}
	if err := e.DB.Update(ctx, func(tx luoshi.Tx) error { return tx.CreateUser(ctx, dep) }); err != nil {
		t.Fatal(err)
	}
	ses, err := e.Svc.CreateSession(ctx, e.Actor("sup"), service.SessionInput{Name: "县人大会议", Kind: "npc_suggestion", Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	return dep, ses
}

func proposalReminders(t *testing.T, e *notifytest.Env) {
	ctx := context.Background()
	s := scheduler.New(e.N, time.Minute)
	dep, ses := deputySession(t, e)
	sup := e.Actor("sup")
	var ids []int64
	var deadline, declineBy time.Time
	for i, co := range [][]int64{{e.Units["B"]}, {}} {
		p, err := e.Svc.CreateProposal(ctx, sup, service.ProposalInput{SessionID: ses.ID, Number: i + 1, Title: "关于修路的建议",
			Proposers: []service.ProposerInput{{UserID: dep.ID}}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.Svc.ProposalAct(ctx, sup, p.ID, "assign", map[string]any{"lead_unit_id": e.Units["A"], "co_unit_ids": co})
		if err != nil {
			t.Fatal(err)
		}
		ids, deadline, declineBy = append(ids, p.ID), *v.Deadline, *v.DeclineBy
	}
	opinionDue := notifytest.Start.AddDate(0, 1, 0)
	const replyTag, overdueTag, opinionTag = "【建议提案答复将到期】", "【建议提案答复逾期】", "【协办意见将到期】"
	const declineTag = "【退办时限将到】"
	for _, st := range []struct {
		at   time.Time
		want int
	}{{declineBy.AddDate(0, 0, -1).Add(-time.Second), 0}, {declineBy.AddDate(0, 0, -1), 2}, {declineBy, 2}} {
		e.Clock.Set(st.at)
		pass(t, s)
		if got := count(e.Inbox("a_ll"), declineTag); got != st.want {
			t.Errorf("at %s: A has %d decline-window reminders, want %d", st.at.Format(time.DateTime), got, st.want)
		}
	}
	steps := []struct {
		at                      time.Time
		opinion, reply, overdue int // in B's, A's and the office's inboxes after the pass
	}{
		{opinionDue.AddDate(0, 0, -3).Add(-time.Second), 0, 0, 0},
		{opinionDue.AddDate(0, 0, -3), 1, 0, 0},
		{opinionDue, 1, 0, 0},
		{deadline.AddDate(0, 0, -30).Add(-time.Second), 1, 0, 0},
		{deadline.AddDate(0, 0, -30), 1, 2, 0},
		{deadline.AddDate(0, 0, -7), 1, 4, 0},
	}
	check := func(at time.Time, opinion, reply, overdue int) {
		t.Helper()
		e.Clock.Set(at)
		pass(t, s)
		pass(t, s)
		if got := count(e.Inbox("b_ll"), opinionTag); got != opinion {
			t.Errorf("at %s: B has %d opinion reminders, want %d", at.Format(time.DateTime), got, opinion)
		}
		if got := count(e.Inbox("a_ll"), replyTag); got != reply {
			t.Errorf("at %s: A has %d reply reminders, want %d", at.Format(time.DateTime), got, reply)
		}
		if got := count(e.Inbox("sup"), overdueTag); got != overdue {
			t.Errorf("at %s: the office has %d overdue notices, want %d", at.Format(time.DateTime), got, overdue)
		}
	}
	for _, st := range steps {
		check(st.at, st.opinion, st.reply, st.overdue)
	}
	// A contacts the proposer and replies to the first; the second stays unanswered.
	a := e.Actor("a_ll")
	if _, err := e.Svc.ProposalAct(ctx, a, ids[0], "record-contact", map[string]any{"contacted_on": e.Clock.Now(), "way": "phone", "summary": "电话沟通"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.ProposalAct(ctx, a, ids[0], "reply", map[string]any{"text": "已解决", "class": "A", "signer": "局长"}); err != nil {
		t.Fatal(err)
	}
	check(deadline.AddDate(0, 0, -1), 1, 5, 0)
	check(deadline, 1, 5, 1)
	if got := count(e.Inbox("a_ll"), overdueTag); got != 1 {
		t.Errorf("A has %d overdue notices, want 1 (the unanswered proposal's)", got)
	}
}
