package storetest

import (
	"errors"
	"reflect"
	"testing"

	"luoshi/internal/luoshi"
)

// proposalFixture is a region with two units, a deputy and a session.
type proposalFixture struct {
	region        *luoshi.Region
	a, b          *luoshi.Unit
	deputy, clerk *luoshi.User
	session       *luoshi.ProposalSession
}

func newProposalFixture(t *testing.T, st luoshi.Store) *proposalFixture {
	t.Helper()
	f := &proposalFixture{region: MustCreateRegion(t, st, "420117")}
	f.a = MustCreateUnit(t, st, f.region.ID, "交通局")
	f.b = MustCreateUnit(t, st, f.region.ID, "水利局")
	f.deputy = MustCreateUser(t, st, f.region.ID, f.a.ID, "daibiao", luoshi.RoleDeputy)
	f.clerk = MustCreateUser(t, st, f.region.ID, f.a.ID, "clerk", luoshi.RoleLiaison)
	f.session = &luoshi.ProposalSession{RegionID: f.region.ID, Name: "县十八届人大三次会议", Kind: luoshi.KindNPCSuggestion,
		Year: 2026, ReplyMonths: 3, RehandleMonths: 3, CreatedAt: T0}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateProposalSession(t.Context(), f.session) })
	return f
}

func (f *proposalFixture) proposal(number int, title string) *luoshi.Proposal {
	return &luoshi.Proposal{RegionID: f.region.ID, SessionID: f.session.ID, Kind: f.session.Kind, Number: number, Title: title,
		Content: "内容", Proposers: []luoshi.Proposer{{UserID: f.deputy.ID, Name: "代表", Leading: true}},
		ReceivedOn: T0, State: luoshi.ProposalReceived, CoUnitIDs: []int64{}, Contacts: []luoshi.Contact{},
		Opinions: []luoshi.CoOpinion{}, Replies: []luoshi.Reply{}, Version: 1, CreatedAt: T0, UpdatedAt: T0}
}

func testProposalSessions(t *testing.T, st luoshi.Store) {
	f := newProposalFixture(t, st)
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.ProposalSession, error) {
		return tx.FindProposalSession(t.Context(), f.session.ID)
	})
	if !reflect.DeepEqual(got, f.session) {
		t.Errorf("session = %+v, want %+v", got, f.session)
	}
	dup := *f.session
	dup.ID = 0
	err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.CreateProposalSession(t.Context(), &dup) })
	if code(err) != luoshi.ECONFLICT {
		t.Errorf("same name again: %v, want conflict", err)
	}
	f.session.ReplyMonths = 5
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateProposalSession(t.Context(), f.session) })
	list := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.ProposalSession, error) {
		return tx.FindProposalSessions(t.Context(), f.region.ID)
	})
	if len(list) != 1 || list[0].ReplyMonths != 5 {
		t.Errorf("sessions = %+v", list)
	}
	err = st.View(t.Context(), func(tx luoshi.Tx) error { _, err := tx.FindProposalSession(t.Context(), 999999); return err })
	if code(err) != luoshi.ENOTFOUND {
		t.Errorf("unknown session: %v", err)
	}
}

func code(err error) string {
	var e *luoshi.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func testProposals(t *testing.T, st luoshi.Store) {
	f := newProposalFixture(t, st)
	p1, p2 := f.proposal(1, "关于修缮乡村道路的建议"), f.proposal(2, "关于加强河道治理_100%的建议")
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		if err := tx.CreateProposal(t.Context(), p1); err != nil {
			return err
		}
		return tx.CreateProposal(t.Context(), p2)
	})
	err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.CreateProposal(t.Context(), f.proposal(1, "重号")) })
	if code(err) != luoshi.ECONFLICT {
		t.Errorf("number taken: %v, want conflict", err)
	}
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Proposal, error) { return tx.FindProposalByID(t.Context(), p1.ID) })
	if !reflect.DeepEqual(got, p1) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, p1)
	}

	// Assigned to A with B helping, replied B, evaluated: the columns follow the document.
	prev := p1.Version
	deadline := at(90 * day)
	p1.State, p1.LeadUnitID, p1.CoUnitIDs, p1.Deadline, p1.Version = luoshi.ProposalClosed, f.a.ID, []int64{f.b.ID}, &deadline, prev+1
	p1.Replies = []luoshi.Reply{{Round: 1, Class: luoshi.ClassB, Text: "答复", Promises: []luoshi.Promise{},
		Evaluation: &luoshi.Evaluation{Verdict: luoshi.Satisfied, By: f.deputy.ID, At: at(day)}}}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateProposal(t.Context(), p1, prev) })
	err = st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateProposal(t.Context(), p1, prev) })
	if code(err) != luoshi.ECONFLICT {
		t.Errorf("stale update: %v, want conflict", err)
	}
	find := func(fl luoshi.ProposalFilter) []int64 {
		fl.RegionID = f.region.ID
		ps := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Proposal, error) { return tx.FindProposals(t.Context(), fl) })
		ids := []int64{}
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
		return ids
	}
	both, one, none := []int64{p1.ID, p2.ID}, []int64{p1.ID}, []int64{}
	for name, c := range map[string]struct {
		f    luoshi.ProposalFilter
		want []int64
	}{
		"all":            {luoshi.ProposalFilter{}, both},
		"session":        {luoshi.ProposalFilter{SessionID: f.session.ID}, both},
		"state":          {luoshi.ProposalFilter{State: luoshi.ProposalClosed}, one},
		"unit co":        {luoshi.ProposalFilter{UnitID: f.b.ID}, one},
		"class":          {luoshi.ProposalFilter{Class: luoshi.ClassB}, one},
		"class none":     {luoshi.ProposalFilter{Class: luoshi.ClassA}, none},
		"verdict":        {luoshi.ProposalFilter{Verdict: luoshi.Satisfied}, one},
		"kind":           {luoshi.ProposalFilter{Kind: luoshi.KindCPPCCProposal}, none},
		"query":          {luoshi.ProposalFilter{Query: "道路"}, one},
		"query wildcard": {luoshi.ProposalFilter{Query: "_100%"}, []int64{p2.ID}},
		"visible units":  {luoshi.ProposalFilter{Units: []int64{f.a.ID}}, one},
		"visible none":   {luoshi.ProposalFilter{Units: []int64{}}, none},
		"proposer":       {luoshi.ProposalFilter{Proposer: f.deputy.ID}, both},
		"proposer other": {luoshi.ProposalFilter{Proposer: f.clerk.ID}, none},
		"kinds":          {luoshi.ProposalFilter{Kinds: []luoshi.ProposalKind{luoshi.KindNPCSuggestion}}, both},
		"limit":          {luoshi.ProposalFilter{Limit: 1, Offset: 1}, []int64{p2.ID}},
	} {
		if got := find(c.f); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func testProposalEvents(t *testing.T, st luoshi.Store) {
	f := newProposalFixture(t, st)
	p := f.proposal(3, "事件")
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateProposal(t.Context(), p) })
	evs := []*luoshi.ProposalEvent{
		{ProposalID: p.ID, Kind: "created", ActorID: f.clerk.ID, At: T0, Data: luoshi.ProposalEventData{Proposal: p}},
		{ProposalID: p.ID, Kind: "declined", ActorID: f.clerk.ID, At: at(day), Data: luoshi.ProposalEventData{Reason: "不属于职责"}},
	}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		for _, e := range evs {
			if err := tx.AppendProposalEvent(t.Context(), e, f.region.ID); err != nil {
				return err
			}
		}
		return nil
	})
	got := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.ProposalEvent, error) { return tx.FindProposalEvents(t.Context(), p.ID) })
	if len(got) != 2 || got[0].Seq != 1 || got[1].Seq != 2 || got[1].Data.Reason != "不属于职责" ||
		got[1].ActorName != f.clerk.Name || !got[1].At.Equal(at(day)) || got[0].Data.Proposal == nil || got[0].Data.Proposal.Title != "事件" {
		t.Errorf("events = %+v", got)
	}
}
