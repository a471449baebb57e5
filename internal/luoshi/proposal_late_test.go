package luoshi

import (
	"reflect"
	"testing"
	"time"
)

// TestOwedReplies: the replies owed in a year, on time, late or missing, in the unit
// collaboration figures and in the score, which deducts a late or missing one as a late item.
func TestOwedReplies(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	d := func(m, day int) time.Time { return time.Date(2026, time.Month(m), day, 12, 0, 0, 0, loc) }
	ptr := func(t time.Time) *time.Time { return &t }
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	props := []*Proposal{
		// Replied on time by unit 1.
		{ID: 1, State: ProposalReplied, LeadUnitID: 1, Deadline: ptr(d(5, 1)),
			Replies: []Reply{{UnitID: 1, At: d(4, 1), Due: ptr(d(5, 1))}}},
		// Replied late by unit 1, not satisfied, handled again and not answered yet (due in June).
		{ID: 2, State: ProposalAssigned, LeadUnitID: 1, Deadline: ptr(d(6, 30)),
			Replies: []Reply{{UnitID: 1, At: d(3, 5), Due: ptr(d(3, 1)), Late: true}}},
		// Reassigned to unit 2 after unit 3 replied late in round 1; unit 2 has not answered.
		{ID: 3, State: ProposalAssigned, LeadUnitID: 2, Deadline: ptr(d(9, 1)),
			Replies: []Reply{{UnitID: 3, At: d(2, 10), Due: ptr(d(2, 1)), Late: true}}},
		// Due the year before: not counted.
		{ID: 4, State: ProposalReplied, LeadUnitID: 1, Deadline: ptr(d(1, 1).AddDate(0, 0, -10)),
			Replies: []Reply{{UnitID: 1, At: d(1, 5), Due: ptr(d(1, 1).AddDate(0, 0, -10)), Late: true}}},
		// Declined, waiting for the office: owes no reply.
		{ID: 5, State: ProposalDeclined, LeadUnitID: 2, Deadline: ptr(d(4, 1))},
	}
	owed := OwedReplies(props, from, to)
	if len(owed) != 5 {
		t.Fatalf("owed %d replies, want 5: %+v", len(owed), owed)
	}
	now := d(7, 1)
	rep := (&Policy{}).Collaboration(nil, owed, from, to, now)
	got := map[int64]UnitCollab{}
	for _, u := range rep.Units {
		got[u.UnitID] = u
	}
	want := map[int64]UnitCollab{
		1: {UnitID: 1, RepliesDue: 3, RepliesOnTime: 1, RepliesLate: 1, RepliesMissing: 1},
		2: {UnitID: 2, RepliesDue: 1}, // still within its time on 1 July
		3: {UnitID: 3, RepliesDue: 1, RepliesLate: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("collaboration\n got %+v\nwant %+v", got, want)
	}

	// The score as of a moment counts the replies due before it that were not given by their
	// deadline: at 1 July unit 1 a late and a missing one, unit 3 a late one; on 5 February
	// unit 3's reply, due on the 1st, is missing; on 20 January nothing was due yet.
	r := DefaultTargetRules()
	for _, c := range []struct {
		at   time.Time
		unit int64
		n    int
	}{{now, 1, 2}, {now, 2, 0}, {now, 3, 1}, {d(9, 2), 2, 1}, {d(2, 5), 3, 1}, {d(1, 20), 3, 0}, {d(3, 3), 1, 1}} {
		var sanctions []Sanction
		for _, o := range OwedReplies(props, from, c.at) {
			if o.Late(c.at) {
				sanctions = append(sanctions, Sanction{UnitID: o.UnitID, ProposalID: o.ProposalID, Kind: SanctionLateReply, At: o.Due})
			}
		}
		us := &UnitScore{UnitID: c.unit, Indicators: []IndicatorScore{{Weight: 100, Points: 80}}}
		r.Score(us, sanctions)
		if w := float64(c.n) * r.LatePoints; us.LateReplies != c.n || us.LateReply != w || us.Deductions != w || us.Late != 0 || us.Total != 80-w {
			t.Errorf("unit %d at %s: %d late replies deducting %v (deductions %v, total %v), want %d",
				c.unit, c.at.Format("01-02"), us.LateReplies, us.LateReply, us.Deductions, us.Total, c.n)
		}
	}
}
