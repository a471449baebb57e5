package luoshi

import (
	"testing"
	"time"
)

// TestScoreRecognition is the hand-computed table of the terms added to the score: points
// per commendation by kind, capped; a waived accountability record counted but deducting
// nothing; a deduction per item not delivered in time; all deductions under one cap.
func TestScoreRecognition(t *testing.T) {
	r := DefaultTargetRules()
	s := func(unit int64, kind, sub string, waived bool) Sanction {
		return Sanction{UnitID: unit, Kind: kind, Sub: sub, Waived: waived}
	}
	for _, c := range []struct {
		name      string
		sanctions []Sanction
		// want
		commendation, accountability, late, deductions, total float64
		records, waived, lateItems, commendations             int
	}{
		{"nothing", nil, 0, 0, 0, 0, 80, 0, 0, 0, 0},
		{"early delivery", []Sanction{s(1, RecordCommendation, "early_delivery", false)}, 1, 0, 0, 0, 81, 0, 0, 0, 1},
		// 2 + 2 + 1 = 5, capped at 3.
		{"commendations capped", []Sanction{s(1, RecordCommendation, "outstanding_delivery", false),
			s(1, RecordCommendation, "outstanding_delivery", false), s(1, RecordCommendation, "early_delivery", false)}, 3, 0, 0, 0, 83, 0, 0, 0, 3},
		// 诫勉 3 deducted, 通报批评 waived: nothing.
		{"one waived", []Sanction{s(1, RecordAccountability, "admonition", false), s(1, RecordAccountability, "notice_criticism", true)},
			0, 3, 0, 3, 77, 2, 1, 0, 0},
		{"late items", []Sanction{s(1, "late", "", false), s(1, "late", "", false)}, 0, 0, 2, 2, 78, 0, 0, 2, 0},
		// 18 late + 诫勉 3 = 21, capped at 20; a commendation still adds.
		{"deductions capped", append(lateN(1, 18), s(1, RecordAccountability, "admonition", false), s(1, RecordCommendation, "early_delivery", false)),
			1, 3, 18, 20, 61, 1, 0, 18, 1},
		{"another unit's", []Sanction{s(2, RecordCommendation, "early_delivery", false), s(2, "late", "", false)}, 0, 0, 0, 0, 80, 0, 0, 0, 0},
	} {
		us := &UnitScore{UnitID: 1, Indicators: []IndicatorScore{{Weight: 100, Points: 80}}}
		r.Score(us, c.sanctions)
		if us.Commendation != c.commendation || us.Accountability != c.accountability || us.Late != c.late ||
			us.Deductions != c.deductions || us.Total != c.total || us.Records != c.records || us.Waived != c.waived ||
			us.LateItems != c.lateItems || us.Commendations != c.commendations {
			t.Errorf("%s: commendation %v accountability %v late %v deductions %v total %v records %d waived %d late items %d commendations %d",
				c.name, us.Commendation, us.Accountability, us.Late, us.Deductions, us.Total, us.Records, us.Waived, us.LateItems, us.Commendations)
		}
	}
}

func lateN(unit int64, n int) []Sanction {
	out := make([]Sanction, n)
	for i := range out {
		out[i] = Sanction{UnitID: unit, Kind: "late"}
	}
	return out
}

// TestLateAt: an item is late once its deadline has passed without its completion requested
// by then; suspended, cancelled and draft items are not counted.
func TestLateAt(t *testing.T) {
	dl := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	before, after := dl.Add(-time.Hour), dl.Add(time.Hour)
	for _, c := range []struct {
		name string
		it   Item
		at   time.Time
		want bool
	}{
		{"in progress, not yet due", Item{State: StateInProgress, Deadline: dl}, before, false},
		{"in progress, past due", Item{State: StateInProgress, Deadline: dl}, after, true},
		{"requested in time", Item{State: StateCompletionRequested, Deadline: dl, CompletionRequestedAt: &before}, after, false},
		{"requested late", Item{State: StateCompletionRequested, Deadline: dl, CompletionRequestedAt: &after}, after.Add(time.Hour), true},
		{"completed in time", Item{State: StateCompleted, Deadline: dl, CompletionRequestedAt: &dl}, after, false},
		{"completed late", Item{State: StateCompleted, Deadline: dl, CompletionRequestedAt: &after}, after.Add(time.Hour), true},
		{"declined, past due", Item{State: StateDeclined, Deadline: dl}, after, true},
		{"suspended", Item{State: StateSuspended, Deadline: dl}, after, false},
		{"cancelled", Item{State: StateCancelled, Deadline: dl}, after, false},
		{"draft", Item{State: StateDraft, Deadline: dl}, after, false},
	} {
		if got := LateAt(&c.it, c.at); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
