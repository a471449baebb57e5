package proposal_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// The actors of the tests: the office, the liaisons of units 10 (lead), 11 (co) and 12,
// the two proposers (deputies 100 and 101), another deputy, a sysadmin and the NPC office.
var (
	office    = &luoshi.Actor{UserID: 1, RegionID: 1, UnitID: 9, Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	lead      = &luoshi.Actor{UserID: 2, RegionID: 1, UnitID: 10, Roles: []luoshi.Role{luoshi.RoleLiaison}}
	co        = &luoshi.Actor{UserID: 3, RegionID: 1, UnitID: 11, Roles: []luoshi.Role{luoshi.RoleLiaison}}
	other     = &luoshi.Actor{UserID: 4, RegionID: 1, UnitID: 12, Roles: []luoshi.Role{luoshi.RoleLiaison}}
	leading   = &luoshi.Actor{UserID: 100, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleDeputy}}
	joining   = &luoshi.Actor{UserID: 101, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleDeputy}}
	stranger  = &luoshi.Actor{UserID: 102, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleDeputy}}
	sysadmin  = &luoshi.Actor{UserID: 5, RegionID: 1, UnitID: 9, Roles: []luoshi.Role{luoshi.RoleSysadmin}}
	npcOffice = &luoshi.Actor{UserID: 6, RegionID: 1, UnitID: 8, Roles: []luoshi.Role{luoshi.RoleNPCOffice}}
)

type fixture struct {
	t      *testing.T
	events []luoshi.ProposalEvent
	p      *luoshi.Proposal
	now    time.Time
}

func newFixture(t *testing.T) *fixture {
	p := &luoshi.Proposal{ID: 7, RegionID: 1, SessionID: 3, Kind: luoshi.KindNPCSuggestion, Number: 18, Title: "关于改善农村道路的建议",
		Proposers: []luoshi.Proposer{{UserID: 100, Name: "代表甲", Leading: true}, {UserID: 101, Name: "代表乙"}},
		State:     luoshi.ProposalReceived, CoUnitIDs: []int64{}}
	f := &fixture{t: t, now: t0}
	f.record(luoshi.ProposalEvent{ProposalID: 7, Seq: 1, Kind: proposal.Created, ActorID: 1, At: t0, Data: luoshi.ProposalEventData{Proposal: p}})
	return f
}

func (f *fixture) record(e luoshi.ProposalEvent) {
	f.t.Helper()
	e.Seq = len(f.events) + 1
	f.events = append(f.events, e)
	p, err := proposal.Rebuild(f.events)
	if err != nil {
		f.t.Fatal(err)
	}
	f.p = p
}

func (f *fixture) subject() proposal.Subject {
	return proposal.Subject{Proposal: f.p, Session: &luoshi.ProposalSession{ReplyMonths: 3, RehandleMonths: 2},
		DeclineBy: t0.Add(72 * time.Hour), Units: map[int64]bool{9: true, 10: true, 11: true, 12: true}, Loc: time.UTC}
}

// act decides an action and, when it is allowed, records its event.
func (f *fixture) act(a *luoshi.Actor, name string, v flow.Values) error {
	f.t.Helper()
	f.now = f.now.Add(time.Hour)
	ev, err := proposal.Decide(f.subject(), a, name, v, f.now)
	if err == nil {
		f.record(ev)
	}
	return err
}

func (f *fixture) must(a *luoshi.Actor, name string, v flow.Values) {
	f.t.Helper()
	if err := f.act(a, name, v); err != nil {
		f.t.Fatalf("%s by %d: %v", name, a.UserID, err)
	}
}

func (f *fixture) refused(a *luoshi.Actor, name string, v flow.Values, wantCode, wantKey string) {
	f.t.Helper()
	before := len(f.events)
	err := f.act(a, name, v)
	var e *luoshi.Error
	if !errors.As(err, &e) || e.Code != wantCode || (wantKey != "" && e.Key != wantKey) {
		f.t.Fatalf("%s by %d: %v, want %s %s", name, a.UserID, err, wantCode, wantKey)
	}
	if len(f.events) != before {
		f.t.Fatalf("%s by %d: refused but recorded", name, a.UserID)
	}
}

func TestHandlingRound(t *testing.T) {
	f := newFixture(t)
	f.must(office, "assign", flow.Values{"lead_unit_id": int64(12), "co_unit_ids": []int64{11}})
	if f.p.State != luoshi.ProposalAssigned || f.p.Deadline == nil || !f.p.Deadline.Equal(t0.Add(time.Hour).AddDate(0, 3, 0)) {
		t.Fatalf("assigned: %+v", f.p)
	}
	f.must(other, "decline", flow.Values{"reason": "不属于本单位职责"})
	f.refused(office, "reassign", flow.Values{"lead_unit_id": int64(12)}, luoshi.EINVALID, "")
	f.must(office, "reassign", flow.Values{"lead_unit_id": int64(10), "co_unit_ids": []int64{11}})
	f.refused(lead, "reply", flow.Values{"text": "答复", "class": "A", "signer": "局长"}, luoshi.ECONFLICT, "proposal.reply.no_contact")
	f.refused(co, "record-contact", flow.Values{"contacted_on": f.now, "way": "phone", "summary": "电话"}, luoshi.EFORBIDDEN, "proposal.forbidden")
	f.must(lead, "record-contact", flow.Values{"contacted_on": f.now, "way": "phone", "summary": "电话沟通"})
	f.must(co, "give-opinion", flow.Values{"text": "同意"})
	f.refused(co, "give-opinion", flow.Values{"text": "再说一次"}, luoshi.ECONFLICT, "proposal.opinion.given")
	f.refused(co, "reply", flow.Values{"text": "答复", "class": "A", "signer": "局长"}, luoshi.EFORBIDDEN, "proposal.forbidden")
	f.refused(lead, "reply", flow.Values{"text": "答复", "class": "B", "signer": "局长"}, luoshi.EINVALID, "")
	due := f.now.AddDate(0, 6, 0)
	f.must(lead, "reply", flow.Values{"text": "列入计划", "class": "B", "signer": "局长", "promise": "硬化道路", "promise_due": due})
	if r := f.p.LastReply(); r == nil || len(r.Promises) != 1 || r.Promises[0].UnitID != 10 || f.p.State != luoshi.ProposalReplied {
		t.Fatalf("replied: %+v", f.p)
	}
	for _, a := range []*luoshi.Actor{lead, co, office} {
		f.refused(a, "evaluate", flow.Values{"verdict": "satisfied"}, luoshi.EFORBIDDEN, "proposal.forbidden")
	}
	f.refused(sysadmin, "evaluate", flow.Values{"verdict": "satisfied"}, luoshi.ENOTFOUND, "proposal.not_found")
	f.refused(stranger, "evaluate", flow.Values{"verdict": "satisfied"}, luoshi.ENOTFOUND, "proposal.not_found")
	f.must(joining, "evaluate", flow.Values{"verdict": "unsatisfied", "comment": "进度太慢"})
	f.refused(leading, "evaluate", flow.Values{"verdict": "satisfied"}, luoshi.ECONFLICT, "proposal.evaluate.once")
	f.refused(lead, "decline", flow.Values{"reason": "x"}, luoshi.ECONFLICT, "")
	f.must(office, "rehandle", nil)
	if f.p.Round != 2 || f.p.State != luoshi.ProposalAssigned {
		t.Fatalf("rehandled: %+v", f.p)
	}
	// A contact of the first round does not count for the second.
	f.refused(lead, "reply", flow.Values{"text": "答复", "class": "A", "signer": "局长"}, luoshi.ECONFLICT, "proposal.reply.no_contact")
	f.refused(lead, "decline", flow.Values{"reason": "x"}, luoshi.ECONFLICT, "proposal.decline.closed")
	f.must(lead, "record-contact", flow.Values{"contacted_on": f.now, "way": "visit", "summary": "上门走访"})
	f.must(lead, "reply", flow.Values{"text": "已解决", "class": "A", "signer": "局长"})
	f.must(leading, "evaluate", flow.Values{"verdict": "satisfied"})
	if f.p.State != luoshi.ProposalClosed || len(f.p.Replies) != 2 || f.p.Replies[1].Evaluation.Verdict != luoshi.Satisfied {
		t.Fatalf("closed: %+v", f.p)
	}
	if !proposal.Sees(npcOffice, f.p) || proposal.Sees(sysadmin, f.p) || proposal.Sees(stranger, f.p) {
		t.Error("visibility")
	}
}

func TestDeclineWindow(t *testing.T) {
	f := newFixture(t)
	f.must(office, "assign", flow.Values{"lead_unit_id": int64(10)})
	f.now = t0.Add(80 * time.Hour)
	f.refused(lead, "decline", flow.Values{"reason": "晚了"}, luoshi.ECONFLICT, "proposal.decline.closed")
	if slices.Contains(proposal.Allowed(f.subject(), lead, f.now), "decline") {
		t.Error("decline offered after the window")
	}
}

func TestSplitAndMatrix(t *testing.T) {
	f := newFixture(t)
	f.refused(office, "split", flow.Values{"unit_ids": []int64{10}}, luoshi.EINVALID, "")
	f.refused(office, "split", flow.Values{"unit_ids": []int64{10, 99}}, luoshi.EINVALID, "")
	f.must(office, "split", flow.Values{"unit_ids": []int64{10, 11}})
	if f.p.State != luoshi.ProposalSplit {
		t.Fatal(f.p.State)
	}
	for _, row := range proposal.Matrix() {
		if len(row.Who) == 0 || len(row.From) == 0 {
			t.Errorf("row %+v", row)
		}
		if row.Action == "evaluate" && !slices.Equal(row.Who, []string{"proposer"}) {
			t.Errorf("evaluate may be taken by %v", row.Who)
		}
	}
}
