package demo_test

import (
	"slices"
	"testing"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
)

// TestDemoStocktakes: the county head has two stocktakes; the first is closed with its four
// commitments, and the second's agenda follows them up — two done, one late, one
// not yet due — with the states of the items they became.
func TestDemoStocktakes(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	svc := MustLoadDemo(t, now)
	sup, err := svc.ActorByUsername(t.Context(), "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	list, err := svc.Stocktakes(t.Context(), sup)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d stocktakes, want 2", len(list))
	}
	second, first := list[0], list[1]
	if !first.Whole || !second.Whole || first.LeaderName != "周明远" || first.State != luoshi.StocktakeClosed || second.State != luoshi.StocktakeOpen {
		t.Errorf("stocktakes: %+v / %+v", first.Stocktake, second.Stocktake)
	}
	if len(first.Commitments) != len(demo.StocktakeCommitments) || second.Agenda.PreviousID != first.ID {
		t.Fatalf("first has %d commitments; the second follows %d up", len(first.Commitments), second.Agenda.PreviousID)
	}
	var outcomes []string
	for _, f := range second.Agenda.Previous {
		outcomes = append(outcomes, f.Outcome)
	}
	if want := []string{luoshi.OutcomeDone, luoshi.OutcomeDone, luoshi.OutcomeLate, luoshi.OutcomeOpen}; !slices.Equal(outcomes, want) {
		t.Errorf("outcomes %v, want %v", outcomes, want)
	}
	if f := second.Agenda.Previous[0]; f.State != luoshi.StateCompleted || f.Light != luoshi.LightBlue {
		t.Errorf("the first commitment's item is %s, %s", f.State, f.Light)
	}
	// The second records a milestone on an item behind schedule, which the item now has.
	if len(second.Commitments) != 1 || second.Commitments[0].Kind != luoshi.CommitMilestone || second.Commitments[0].MilestoneID == 0 {
		t.Fatalf("the second stocktake's commitments: %+v", second.Commitments)
	}
	v, err := svc.GetItem(t.Context(), sup, second.Commitments[0].ItemID)
	if err != nil {
		t.Fatal(err)
	}
	if ms := v.Milestones; len(ms) == 0 || ms[len(ms)-1].ID != second.Commitments[0].MilestoneID || ms[len(ms)-1].Title != demo.StocktakeMilestone {
		t.Errorf("the item's milestones: %+v", v.Milestones)
	}
	if len(second.Agenda.Red) == 0 || len(second.Agenda.Behind) == 0 {
		t.Errorf("the county head's agenda: %d red, %d behind", len(second.Agenda.Red), len(second.Agenda.Behind))
	}
}
