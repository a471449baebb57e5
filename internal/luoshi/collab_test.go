package luoshi

import (
	"reflect"
	"testing"
	"time"
)

// The units of the collaboration tests.
const (
	ctA int64 = 10
	ctB int64 = 13
	ctC int64 = 12
)

// ctEv is one event of a test item: kind, Shanghai time, and for a reassignment the units.
type ctEv struct {
	kind     EventKind
	at       string
	from, to int64
	reason   string
}

// ctItem is a test item: its priority, its lead now, and its events in order.
type ctItem struct {
	pr   Priority
	lead int64
	evs  []ctEv
}

func ctEvents(tb testing.TB, items []ctItem) []CollabEvent {
	tb.Helper()
	var out []CollabEvent
	for i, it := range items {
		for j, e := range it.evs {
			out = append(out, CollabEvent{ItemID: int64(i + 1), Code: "DB-" + string(rune('a'+i)),
				Title: "事项", Priority: it.pr, LeadUnitID: it.lead, Seq: j + 2, Kind: e.kind,
				At: dtAt(tb, e.at), Data: EventData{FromUnitID: e.from, LeadUnitID: e.to, Reason: e.reason}})
		}
	}
	return out
}

func TestCollaboration(t *testing.T) {
	h := time.Hour
	// June 2026: Monday 1st, Friday 5th, Monday 8th, Monday 15th; 19th is a holiday.
	tests := []struct {
		name     string
		year     int
		now      string
		items    []ctItem
		want     []UnitCollab
		declines []CollabDecline // UnitID, ItemID, Reason, Outcome only
	}{{
		name: "accepted on time",
		items: []ctItem{{PriorityRoutine, ctA, []ctEv{
			{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventAccepted, at: "2026-06-01 15:00"}}}},
		want: []UnitCollab{{UnitID: ctA, Assigned: 1, Accepted: 1, MedianAccept: 6 * h, LongestAccept: 6 * h}},
	}, {
		name: "accepted late, urgent in hours, routine in working days",
		items: []ctItem{
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventAccepted, at: "2026-06-02 10:00"}}},
			{PriorityUrgent, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventAccepted, at: "2026-06-01 10:30"}}},
			// Friday 17:00 to Monday 16:00: 71 hours, but due only on Monday 17:00.
			{PriorityImportant, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-05 17:00"}, {kind: EventAccepted, at: "2026-06-08 16:00"}}},
		},
		want: []UnitCollab{{UnitID: ctA, Assigned: 3, Accepted: 3, AcceptedLate: 2,
			MedianAccept: 25 * h, LongestAccept: 71 * h}},
	}, {
		name: "an even number of acceptances: the median between the middle two",
		items: []ctItem{
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventAccepted, at: "2026-06-01 10:00"}}},
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventAccepted, at: "2026-06-01 12:00"}}},
		},
		want: []UnitCollab{{UnitID: ctA, Assigned: 2, Accepted: 2, MedianAccept: 2 * h, LongestAccept: 3 * h}},
	}, {
		name: "declined, then reassigned",
		items: []ctItem{{PriorityRoutine, ctB, []ctEv{
			{kind: EventAssigned, at: "2026-06-01 09:00"},
			{kind: EventDeclined, at: "2026-06-02 10:00", reason: "不属于本单位职能"},
			{kind: EventReassigned, at: "2026-06-02 15:00", from: ctA, to: ctB},
			{kind: EventAccepted, at: "2026-06-03 09:00"}}}},
		want: []UnitCollab{
			{UnitID: ctA, Assigned: 1, Declined: 1, DeclineRate: 1, ReassignedAway: 1},
			{UnitID: ctB, Assigned: 1, Accepted: 1, MedianAccept: 18 * h, LongestAccept: 18 * h},
		},
		declines: []CollabDecline{{UnitID: ctA, ItemID: 1, Reason: "不属于本单位职能", Outcome: EventReassigned}},
	}, {
		name: "declined, the office insists: acceptance counted from the insisting",
		items: []ctItem{
			{PriorityRoutine, ctA, []ctEv{
				{kind: EventAssigned, at: "2026-06-01 09:00"},
				{kind: EventDeclined, at: "2026-06-01 11:00", reason: "人手不足"},
				{kind: EventInsisted, at: "2026-06-03 09:00"},
				{kind: EventAccepted, at: "2026-06-03 10:00"}}},
			// Pending since: overdue.
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}}},
			// Declined; the office has not decided.
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"},
				{kind: EventDeclined, at: "2026-06-01 10:00", reason: "另有牵头"}}},
		},
		want: []UnitCollab{{UnitID: ctA, Assigned: 3, Declined: 2, DeclineRate: 2.0 / 3, Insisted: 1,
			Accepted: 1, MedianAccept: h, LongestAccept: h, UnacceptedOverdue: 1}},
		declines: []CollabDecline{
			{UnitID: ctA, ItemID: 3, Reason: "另有牵头"},
			{UnitID: ctA, ItemID: 1, Reason: "人手不足", Outcome: EventInsisted},
		},
	}, {
		name: "transferred twice: counted for every unit that led it",
		items: []ctItem{{PriorityImportant, ctC, []ctEv{
			{kind: EventAssigned, at: "2026-06-01 09:00"},
			{kind: EventDeclined, at: "2026-06-01 10:00", reason: "甲"},
			{kind: EventReassigned, at: "2026-06-01 11:00", from: ctA, to: ctB},
			{kind: EventDeclined, at: "2026-06-01 12:00", reason: "乙"},
			{kind: EventReassigned, at: "2026-06-01 13:00", from: ctB, to: ctC},
			{kind: EventAccepted, at: "2026-06-01 14:00"}}}},
		want: []UnitCollab{
			{UnitID: ctA, Assigned: 1, Declined: 1, DeclineRate: 1, ReassignedAway: 1, TransferredTwice: 1},
			{UnitID: ctB, Assigned: 1, Declined: 1, DeclineRate: 1, ReassignedAway: 1, TransferredTwice: 1},
			{UnitID: ctC, Assigned: 1, TransferredTwice: 1, Accepted: 1, MedianAccept: h, LongestAccept: h},
		},
		declines: []CollabDecline{
			{UnitID: ctA, ItemID: 1, Reason: "甲", Outcome: EventReassigned},
			{UnitID: ctB, ItemID: 1, Reason: "乙", Outcome: EventReassigned},
		},
	}, {
		name: "moved by the office after acceptance, without a decline",
		items: []ctItem{{PriorityRoutine, ctB, []ctEv{
			{kind: EventAssigned, at: "2026-06-01 09:00"},
			{kind: EventAccepted, at: "2026-06-01 09:30"},
			{kind: EventReassigned, at: "2026-06-10 09:00", from: ctA, to: ctB}}}},
		now: "2026-06-10 09:30", // B's acceptance is not yet due
		want: []UnitCollab{
			{UnitID: ctA, Assigned: 1, ReassignedAway: 1, Accepted: 1, MedianAccept: h / 2, LongestAccept: h / 2},
			{UnitID: ctB, Assigned: 1},
		},
	}, {
		name: "unaccepted: past due, not yet due, suspended, cancelled",
		now:  "2026-06-18 12:00",
		items: []ctItem{
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-16 09:00"}}},
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-17 13:00"}}},
			{PriorityUrgent, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-18 10:30"}}},
			{PriorityUrgent, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-18 11:30"}}},
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventSuspended, at: "2026-06-01 10:00"}}},
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventSuspended, at: "2026-06-01 10:00"},
				{kind: EventResumed, at: "2026-06-05 10:00"}}},
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-06-01 09:00"}, {kind: EventCancelled, at: "2026-06-01 10:00"}}},
		},
		want: []UnitCollab{{UnitID: ctA, Assigned: 7, UnacceptedOverdue: 3}},
	}, {
		name: "assignments outside the year are not counted, their outcomes after it are",
		year: 2025,
		items: []ctItem{
			// Assigned in 2025, declined in 2026: the 2025 figures.
			{PriorityRoutine, ctB, []ctEv{
				{kind: EventAssigned, at: "2025-12-31 10:00"},
				{kind: EventDeclined, at: "2026-01-04 10:00", reason: "年末交办"},
				{kind: EventReassigned, at: "2026-01-05 10:00", from: ctA, to: ctB},
				{kind: EventAccepted, at: "2026-01-05 11:00"}}},
			// Assigned in 2026 only.
			{PriorityRoutine, ctA, []ctEv{{kind: EventAssigned, at: "2026-01-05 09:00"}, {kind: EventDeclined, at: "2026-01-05 10:00"}}},
		},
		want:     []UnitCollab{{UnitID: ctA, Assigned: 1, Declined: 1, DeclineRate: 1, ReassignedAway: 1}},
		declines: []CollabDecline{{UnitID: ctA, ItemID: 1, Reason: "年末交办", Outcome: EventReassigned}},
	}, {
		name: "an assignment of the year before: its outcomes in this year are not counted",
		items: []ctItem{
			{PriorityRoutine, ctA, []ctEv{
				{kind: EventAssigned, at: "2025-12-31 10:00"},
				{kind: EventDeclined, at: "2026-01-04 10:00"},
				{kind: EventInsisted, at: "2026-01-05 10:00"},
				{kind: EventAccepted, at: "2026-01-05 11:00"}}},
		},
		want: nil,
	}}
	p := dtPolicy(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			year, now := 2026, "2026-06-20 12:00"
			if tc.year != 0 {
				year = tc.year
			}
			if tc.now != "" {
				now = tc.now
			}
			from := time.Date(year, 1, 1, 0, 0, 0, 0, dtLoc(t))
			rep := p.Collaboration(ctEvents(t, tc.items), nil, from, from.AddDate(1, 0, 0), dtAt(t, now))
			if !reflect.DeepEqual(rep.Units, tc.want) {
				t.Errorf("units\n got %+v\nwant %+v", rep.Units, tc.want)
			}
			var got []CollabDecline
			for _, d := range rep.Declines {
				got = append(got, CollabDecline{UnitID: d.UnitID, ItemID: d.ItemID, Reason: d.Reason, Outcome: d.Outcome})
				if d.At.IsZero() || d.Code == "" || d.Title == "" {
					t.Errorf("decline %+v lacks its time, code or title", d)
				}
			}
			if !reflect.DeepEqual(got, tc.declines) {
				t.Errorf("declines\n got %+v\nwant %+v", got, tc.declines)
			}
		})
	}
}
