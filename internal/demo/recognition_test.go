package demo_test

import (
	"testing"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
)

// TestDemoRecognition: the demo county has its commendations of work delivered in time and
// one accountability record on work delivered late, waived on recorded grounds — on the
// items, in the records of the year, and in the score (the waived record deducts nothing).
func TestDemoRecognition(t *testing.T) {
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	svc := MustLoadDemo(t, now)
	ctx := t.Context()
	sup, err := svc.ActorByUsername(ctx, "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	loc := svc.Location()
	recs, err := svc.Records(ctx, sup, 0, time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc), 0)
	if err != nil {
		t.Fatal(err)
	}
	if recs.Commendations != len(demo.Commendations) || recs.Accountability != 1 || recs.Waived != 1 {
		t.Fatalf("the demo's records: %d commendations, %d accountability, %d waived; want %d, 1, 1",
			recs.Commendations, recs.Accountability, recs.Waived, len(demo.Commendations))
	}
	var unit int64
	for _, r := range recs.Records {
		v, err := svc.GetItem(ctx, sup, r.ItemID)
		if err != nil {
			t.Fatal(err)
		}
		switch r.Kind {
		case luoshi.RecordCommendation:
			if v.OnTime == nil || !*v.OnTime || len(v.Commendations) != 1 {
				t.Errorf("commended item %d: on time %v, commendations %+v", v.ID, v.OnTime, v.Commendations)
			}
		case luoshi.RecordAccountability:
			unit = v.LeadUnitID
			if v.OnTime == nil || *v.OnTime || len(v.Records) != 1 || v.Records[0].Waiver == nil || v.Records[0].Waiver.Grounds != "legacy_problem" {
				t.Errorf("the item held accountable: on time %v, records %+v", v.OnTime, v.Records)
			}
		}
	}
	board, err := svc.Scores(ctx, sup, 2026, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	scored := false
	for _, g := range board.Groups {
		for _, s := range g.Scores {
			scored = scored || s.UnitID == unit
			if s.UnitID == unit && (s.Records != 1 || s.Waived != 1 || s.Accountability != 0) {
				t.Errorf("%s's score: %d records, %d waived, %v deducted for accountability", s.UnitName, s.Records, s.Waived, s.Accountability)
			}
		}
	}
	if !scored {
		t.Errorf("unit %d, held accountable, is not in the ranking", unit)
	}
}
