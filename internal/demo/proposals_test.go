package demo_test

import (
	"slices"
	"testing"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
	"luoshi/internal/service"
)

// TestDemoProposalStats is the third acceptance test: the statistics of the demo
// sessions equal the figures counted by hand from the table of demo proposals (proposals.go):
//
//	NPC (40): 3 received only; 37 assigned; replied 4 awaiting + 22 closed + 2 unsatisfied
//	+ 2 re-handled = 30, of which 2 late; latest classes A 1+10+2+2 = 15, B 1+5+1 = 7,
//	C 1+2+1+1 = 5, D 1+1+1 = 3; evaluated 26: satisfied 18+2 = 20 (76.9%), basically 4
//	(15.4%), unsatisfied 2 (7.7%); 2 re-handled; promises 1+5+1 = 7, none kept yet.
//	CPPCC (30): 2 received only; 28 assigned; replied 3 + 18 + 1 + 1 = 23, 1 late; A 1+8+2 = 11,
//	B 1+4+1+1 = 7, C 1+1+1 = 3, D 1+1 = 2; evaluated 20: satisfied 14 (70%), basically
//	4+1 = 5 (25%), unsatisfied 1 (5%); 1 re-handled; promises 1+4+1+1 = 7.
//	Review opinions (2): both assigned, one replied (A) on time and evaluated satisfied.
func TestDemoProposalStats(t *testing.T) {
	svc := MustLoadDemo(t, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	sup, err := svc.ActorByUsername(t.Context(), "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := svc.ListSessions(t.Context(), sup)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]int64{}
	for _, s := range sessions {
		byName[s.Name] = s.ID
	}
	want := map[string]proposal.Figures{
		demo.NPCSession: {Received: 40, Assigned: 37, Replied: 30, OnTime: 28, Late: 2, ClassA: 15, ClassB: 7, ClassC: 5, ClassD: 3,
			Evaluated: 26, Satisfied: 20, Basically: 4, Unsatisfied: 2, Rehandled: 2, SatisfiedRate: 76.9, BasicallyRate: 15.4,
			UnsatisfiedRate: 7.7, OnTimeRate: 93.3, Promises: 7},
		demo.CPPCCSession: {Received: 30, Assigned: 28, Replied: 23, OnTime: 22, Late: 1, ClassA: 11, ClassB: 7, ClassC: 3, ClassD: 2,
			Evaluated: 20, Satisfied: 14, Basically: 5, Unsatisfied: 1, Rehandled: 1, SatisfiedRate: 70, BasicallyRate: 25,
			UnsatisfiedRate: 5, OnTimeRate: 95.7, Promises: 7},
		demo.ReviewSession: {Received: 2, Assigned: 2, Replied: 1, OnTime: 1, ClassA: 1, Evaluated: 1, Satisfied: 1,
			SatisfiedRate: 100, OnTimeRate: 100},
	}
	var npcStats *service.ProposalStats
	for name, w := range want {
		st, err := svc.SessionStats(t.Context(), sup, byName[name])
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != w {
			t.Errorf("%s:\n got %+v\nwant %+v", name, st.Total, w)
		}
		if name == demo.NPCSession {
			npcStats = st
		}
	}
	// Two lead units by hand: 交通运输局 leads 11 (A), 31 (C, satisfied) and 38 (D, not
	// satisfied); 水利局 leads 12 (B), 25 (B, satisfied) and 39 (re-handled, A, satisfied).
	units := map[string]proposal.Figures{
		"县交通运输局": {Assigned: 3, Replied: 3, OnTime: 3, ClassA: 1, ClassC: 1, ClassD: 1, Evaluated: 2, Satisfied: 1, Unsatisfied: 1,
			SatisfiedRate: 50, UnsatisfiedRate: 50, OnTimeRate: 100},
		"县水利局": {Assigned: 3, Replied: 3, OnTime: 3, ClassA: 1, ClassB: 2, Evaluated: 2, Satisfied: 2, Rehandled: 1,
			SatisfiedRate: 100, OnTimeRate: 100, Promises: 2},
	}
	for _, u := range npcStats.Units {
		if w, ok := units[u.UnitName]; ok {
			if u.Figures != w {
				t.Errorf("%s:\n got %+v\nwant %+v", u.UnitName, u.Figures, w)
			}
			delete(units, u.UnitName)
		}
	}
	if len(units) > 0 {
		t.Errorf("units missing from the figures: %v", units)
	}
	// The NPC session's B-class promises are items of source npc_suggestion, each pointing
	// back to its proposal, which lists it (the demo's other items of that source do not).
	list, err := svc.ListItems(t.Context(), sup, luoshi.ItemFilter{Source: ptr(luoshi.SourceNPCSuggestion), Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	promised := 0
	for _, it := range list.Items {
		if it.ProposalID == 0 {
			continue
		}
		promised++
		p, err := svc.GetProposal(t.Context(), sup, it.ProposalID)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) == 0 || !slices.ContainsFunc(p.Items, func(x service.PromiseItem) bool { return x.ItemID == it.ID }) {
			t.Errorf("proposal %d does not list its item %d", p.ID, it.ID)
		}
	}
	if promised != 7 {
		t.Errorf("%d items from the NPC session's promises, want 7", promised)
	}
}

func ptr[T any](v T) *T { return &v }
