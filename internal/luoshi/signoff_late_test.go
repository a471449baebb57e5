package luoshi

import (
	"reflect"
	"testing"
	"time"
)

// TestOwedSignOffs: the sign-offs asked in a year, on time, late, missing or still due, in
// the unit collaboration figures beside what the unit's opinions and assignments count; a
// request of another year is not counted.
func TestOwedSignOffs(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	d := func(m, day int) time.Time { return time.Date(2026, time.Month(m), day, 12, 0, 0, 0, loc) }
	ptr := func(t time.Time) *time.Time { return &t }
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	topics := []*Topic{
		{ID: 1, SignOffs: []SignOff{
			{UnitID: 1, RequestedAt: d(3, 1), Due: d(3, 5), SignedAt: ptr(d(3, 4))},             // on time
			{UnitID: 2, RequestedAt: d(3, 1), Due: d(3, 5), SignedAt: ptr(d(3, 6)), Late: true}, // late
			{UnitID: 3, RequestedAt: d(3, 1), Due: d(3, 5), Missed: true},                       // missed
		}},
		{ID: 2, SignOffs: []SignOff{
			{UnitID: 1, RequestedAt: d(6, 28), Due: d(7, 3)},                              // still due on 1 July
			{UnitID: 2, RequestedAt: d(1, 1).AddDate(0, 0, -5), Due: d(1, 3)},             // asked the year before
			{UnitID: 3, RequestedAt: d(5, 1), Due: d(5, 3), SignedAt: nil, Missed: false}, // passed, never answered
		}},
	}
	owed := OwedSignOffs(topics, from, to)
	if len(owed) != 5 {
		t.Fatalf("owed %d sign-offs, want 5: %+v", len(owed), owed)
	}
	rep := (&Policy{}).Collaboration(nil, nil, from, to, d(7, 1))
	rep.Units = append(rep.Units, UnitCollab{UnitID: 1, Declined: 1, Assigned: 2})
	rep.CountSignOffs(owed, from, to, d(7, 1))
	want := []UnitCollab{
		{UnitID: 1, Declined: 1, Assigned: 2, SignOffsRequested: 2, SignOffsOnTime: 1},
		{UnitID: 2, SignOffsRequested: 1, SignOffsLate: 1},
		{UnitID: 3, SignOffsRequested: 2, SignOffsMissing: 2},
	}
	if !reflect.DeepEqual(rep.Units, want) {
		t.Errorf("collaboration\n got %+v\nwant %+v", rep.Units, want)
	}
}
