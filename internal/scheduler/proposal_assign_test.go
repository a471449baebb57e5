package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"luoshi/internal/notify/notifytest"
	"luoshi/internal/scheduler"
	"luoshi/internal/service"
)

// TestProposalAssignmentNotice: a proposal assigned to unit A tells A on the scheduler's
// next pass, with the reply's deadline, once however many passes run; when A declines and
// the office reassigns it to B, B is told in turn and A is not told again.
func TestProposalAssignmentNotice(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) {
			proposalAssignmentNotice(t, notifytest.NewOn(t, db, service.DefaultNotifyConfig()))
		})
	}
}

func proposalAssignmentNotice(t *testing.T, e *notifytest.Env) {
	ctx := context.Background()
	s := scheduler.New(e.N, time.Minute)
	dep, ses := deputySession(t, e)
	sup := e.Actor("sup")
	p, err := e.Svc.CreateProposal(ctx, sup, service.ProposalInput{SessionID: ses.ID, Number: 9, Title: "关于修路的建议",
		Proposers: []service.ProposerInput{{UserID: dep.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	const tag = "【建议提案交办】关于修路的建议"
	told := func(step string, a, b int) {
		t.Helper()
		if got := count(e.Inbox("a_ll"), tag); got != a {
			t.Errorf("%s: A was told %d times, want %d", step, got, a)
		}
		if got := count(e.Inbox("b_ll"), tag); got != b {
			t.Errorf("%s: B was told %d times, want %d", step, got, b)
		}
	}
	pass(t, s)
	told("before the assignment", 0, 0)
	v, err := e.Svc.ProposalAct(ctx, sup, p.ID, "assign", map[string]any{"lead_unit_id": e.Units["A"]})
	if err != nil {
		t.Fatal(err)
	}
	told("assigned, before a pass", 0, 0)
	pass(t, s)
	pass(t, s)
	told("assigned", 1, 0)
	due := v.Deadline.In(e.Svc.Location()).Format("2006-01-02")
	if n := e.Count(`SELECT COUNT(*) FROM notices WHERE kind = 'proposal_assigned' AND body LIKE '%' || $1 || '%' AND body LIKE '%已交你单位主办%'`, due); n != 1 {
		t.Errorf("%d assignment notices name the deadline %s, want 1", n, due)
	}

	e.Clock.Add(time.Hour)
	if _, err := e.Svc.ProposalAct(ctx, e.Actor("a_ll"), p.ID, "decline", map[string]any{"reason": "不属于本单位职责"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.ProposalAct(ctx, sup, p.ID, "reassign", map[string]any{"lead_unit_id": e.Units["B"]}); err != nil {
		t.Fatal(err)
	}
	pass(t, s)
	pass(t, s)
	told("reassigned", 1, 1)
	if strings.Count(strings.Join(e.Inbox("sup"), "\n"), tag) != 0 {
		t.Error("the office was told of its own assignment")
	}
}
