package stocktake

import (
	"errors"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// TestOutcome: what became of a commitment, judged by the item it tracks, written out case
// by case.
func TestOutcome(t *testing.T) {
	c := luoshi.Commitment{Due: t0.Add(10 * 24 * time.Hour)}
	before, after := c.Due.Add(-time.Hour), c.Due.Add(time.Hour)
	for _, tc := range []struct {
		name string
		it   luoshi.Item
		at   time.Time
		want string
	}{
		{"open, not yet due", luoshi.Item{State: luoshi.StateInProgress}, before, luoshi.OutcomeOpen},
		{"open past the date", luoshi.Item{State: luoshi.StateInProgress}, after, luoshi.OutcomeLate},
		{"completion asked, not approved, past the date", luoshi.Item{State: luoshi.StateCompletionRequested, CompletionRequestedAt: &before}, after, luoshi.OutcomeLate},
		{"completed, asked in time, approved after", luoshi.Item{State: luoshi.StateCompleted, CompletionRequestedAt: &before, CompletedAt: &after}, after, luoshi.OutcomeDone},
		{"completed, asked after the date", luoshi.Item{State: luoshi.StateCompleted, CompletionRequestedAt: &after, CompletedAt: &after}, after, luoshi.OutcomeLate},
		{"completed without a request, in time", luoshi.Item{State: luoshi.StateCompleted, CompletedAt: &before}, before, luoshi.OutcomeDone},
		{"cancelled before the date", luoshi.Item{State: luoshi.StateCancelled}, before, luoshi.OutcomeOpen},
	} {
		if got := Outcome(c, &tc.it, tc.at); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
	// A milestone commitment: its milestone, reported done by the date or after it.
	mc := c
	mc.MilestoneID = 2
	with := func(done *time.Time) luoshi.Item {
		return luoshi.Item{State: luoshi.StateInProgress, Milestones: []luoshi.Milestone{{ID: 1, DoneAt: &before}, {ID: 2, DoneAt: done}}}
	}
	for _, tc := range []struct {
		name string
		it   luoshi.Item
		at   time.Time
		want string
	}{
		{"milestone done in time", with(&before), after, luoshi.OutcomeDone},
		{"milestone done late", with(&after), after, luoshi.OutcomeLate},
		{"milestone undone, not yet due", with(nil), before, luoshi.OutcomeOpen},
		{"milestone undone past the date", with(nil), after, luoshi.OutcomeLate},
	} {
		if got := Outcome(mc, &tc.it, tc.at); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestInPortfolio: the county head's portfolio is the whole region; a deputy's the items its
// units lead or that name the deputy, not those its units only help with.
func TestInPortfolio(t *testing.T) {
	head := &luoshi.Leader{ID: 1, RegionID: 1, AllUnits: true}
	deputy := &luoshi.Leader{ID: 2, RegionID: 1, Portfolio: []int64{10}}
	for _, tc := range []struct {
		name      string
		it        luoshi.Item
		head, dep bool
	}{
		{"led by the deputy's unit", luoshi.Item{RegionID: 1, LeadUnitID: 10}, true, true},
		{"naming the deputy", luoshi.Item{RegionID: 1, LeadUnitID: 11, LeaderID: ptr(int64(2))}, true, true},
		{"helped by the deputy's unit", luoshi.Item{RegionID: 1, LeadUnitID: 11, CoUnitIDs: []int64{10}}, true, false},
		{"another region", luoshi.Item{RegionID: 2, LeadUnitID: 10}, false, false},
	} {
		if InPortfolio(head, &tc.it) != tc.head || InPortfolio(deputy, &tc.it) != tc.dep {
			t.Errorf("%s: head %v deputy %v, want %v %v", tc.name, InPortfolio(head, &tc.it), InPortfolio(deputy, &tc.it), tc.head, tc.dep)
		}
	}
}

// TestRecord: commitments are numbered, a closed stocktake takes nothing more, and the
// events rebuild the stocktake.
func TestRecord(t *testing.T) {
	office := &luoshi.Actor{UserID: 5, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	gen := luoshi.StocktakeEvent{StocktakeID: 7, Seq: 1, Kind: Generated, ActorID: 5, At: t0,
		Data: luoshi.StocktakeEventData{Stocktake: &luoshi.Stocktake{RegionID: 1, LeaderID: 2, Date: t0}}}
	s, err := Rebuild([]luoshi.StocktakeEvent{gen})
	if err != nil || s.ID != 7 || s.State != luoshi.StocktakeOpen || s.Version != 1 {
		t.Fatalf("generated: %+v %v", s, err)
	}
	events := []luoshi.StocktakeEvent{gen}
	subj := Subject{Stocktake: s, Units: map[int64]string{10: "交通局"}, Leaders: map[int64]string{2: "副县长"}}
	for i, text := range []string{"修路", "架桥"} {
		ev, err := Decide(subj, office, ActAddCommitment, map[string]any{"kind": "new_item", "text": text, "unit_id": int64(10),
			"leader_id": int64(2), "due": t0.Add(48 * time.Hour)}, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if ev.Data.Commitment.No != i+1 || ev.Data.Commitment.UnitName != "交通局" || ev.Data.Commitment.LeaderName != "副县长" {
			t.Errorf("commitment %d: %+v", i+1, ev.Data.Commitment)
		}
		ev.Seq = s.Version + 1
		if err := Apply(s, ev); err != nil {
			t.Fatal(err)
		}
		events = append(events, ev)
	}
	ev, err := Decide(subj, office, ActClose, map[string]any{"summary": "要点"}, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = s.Version + 1
	if err := Apply(s, ev); err != nil {
		t.Fatal(err)
	}
	events = append(events, ev)
	if s.State != luoshi.StocktakeClosed || s.Summary != "要点" || len(s.Commitments) != 2 || s.Version != 4 {
		t.Errorf("closed: %+v", s)
	}
	for _, act := range Actions() {
		_, err := Decide(subj, office, act, map[string]any{"text": "再议"}, t0.Add(3*time.Hour))
		var e *luoshi.Error
		if !errors.As(err, &e) || e.Code != luoshi.ECONFLICT {
			t.Errorf("%s on a closed stocktake: %v, want conflict", act, err)
		}
	}
	again, err := Rebuild(events)
	if err != nil || again.Version != s.Version || len(again.Commitments) != 2 || again.State != luoshi.StocktakeClosed {
		t.Errorf("rebuilt %+v %v", again, err)
	}
}
