package storetest

import (
	"fmt"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// scheduleItem is a fixture item with its stored schedule moments.
type scheduleItem struct {
	it *luoshi.Item
	st luoshi.ScheduleTimes
}

// scheduleFixture stores items of region A in every state with schedule moments around T0.
func scheduleFixture(t *testing.T, st luoshi.Store, o *org) []scheduleItem {
	var out []scheduleItem
	add := func(unit *luoshi.Unit, state luoshi.State, behind, ahead *time.Time) {
		it := o.item(unit, "序时 "+string(state))
		it.State = state
		sch := luoshi.ScheduleTimes{BehindAt: behind, AheadUntil: ahead}
		it = MustCreateItem(t, st, it, luoshi.ItemDerived{Schedule: sch})
		out = append(out, scheduleItem{it, sch})
	}
	add(o.U1, luoshi.StateInProgress, nil, nil)
	add(o.U1, luoshi.StateInProgress, ptr(T0), nil)
	add(o.U1, luoshi.StateInProgress, ptr(at(time.Hour)), ptr(T0))
	add(o.U2, luoshi.StateAssigned, ptr(at(-time.Hour)), ptr(at(-2*time.Hour)))
	add(o.U2, luoshi.StateDeclined, nil, ptr(at(time.Millisecond)))
	add(o.U2, luoshi.StateCompletionRequested, ptr(time.UnixMilli(0).UTC()), nil)
	add(o.U3, luoshi.StateCompletionRequested, nil, nil)
	add(o.U3, luoshi.StateCompleted, nil, nil)
	add(o.U3, luoshi.StateSuspended, ptr(at(-time.Hour)), nil)
	add(o.U3, luoshi.StateCancelled, nil, nil)
	MustCreateItem(t, st, NewItem(o.B.ID, o.UB.ID, "B"), luoshi.ItemDerived{Schedule: luoshi.ScheduleTimes{BehindAt: ptr(at(-time.Hour))}})
	return out
}

// testFindItemsSchedule: the schedule filter agrees with luoshi.ScheduleAt over the stored
// moments at every moment around their turns; drafts, suspended and cancelled items are in
// no schedule status.
func testFindItemsSchedule(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	fixture := scheduleFixture(t, st, o)
	ms := time.Millisecond
	for _, now := range []time.Time{at(-2*time.Hour - ms), at(-2 * time.Hour), at(-time.Hour - ms), at(-time.Hour), at(-ms), T0,
		at(ms), at(time.Hour - ms), at(time.Hour), at(24 * time.Hour)} {
		for _, s := range luoshi.ScheduleStatuses {
			var want []*luoshi.Item
			for _, x := range fixture {
				if x.it.State != luoshi.StateSuspended && x.it.State != luoshi.StateCancelled && luoshi.ScheduleAt(x.it.State, x.st, now) == s {
					want = append(want, x.it)
				}
			}
			assertItems(t, fmt.Sprintf("schedule %s at T0%+v", s, now.Sub(T0)), st,
				luoshi.ItemFilter{RegionID: o.A.ID, Schedule: &s, Now: now}, want...)
		}
	}
}

// testCockpitCounts: the cockpit's counts of a region, and of a set of lead units, by
// schedule status and lights, with the meeting decisions and the overdue units.
func testCockpitCounts(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	fixture := scheduleFixture(t, st, o)
	ctx := t.Context()
	decision := o.item(o.U1, "议定事项")
	decision.State, decision.Source, decision.Deadline = luoshi.StateInProgress, luoshi.SourceMeetingDecision, at(-24*time.Hour)
	decision = MustCreateItem(t, st, decision, Lights(at(-48*time.Hour), at(-24*time.Hour)))
	year := time.Date(T0.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	for _, units := range [][]int64{nil, {o.U1.ID, o.U3.ID}} {
		var c *luoshi.CockpitCounts
		err := st.View(ctx, func(tx luoshi.Tx) (err error) {
			c, err = tx.CockpitCounts(ctx, luoshi.CockpitScope{RegionID: o.A.ID, LeadUnits: units, Now: T0,
				YearStart: year, YearEnd: year.AddDate(1, 0, 0)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[luoshi.ScheduleStatus]int{}
		in := func(u int64) bool { return units == nil || u == o.U1.ID || u == o.U3.ID }
		for _, x := range append(fixture, scheduleItem{it: decision}) {
			if in(x.it.LeadUnitID) && x.it.State != luoshi.StateSuspended && x.it.State != luoshi.StateCancelled {
				want[luoshi.ScheduleAt(x.it.State, x.st, T0)]++
			}
		}
		for _, s := range luoshi.ScheduleStatuses {
			if c.Schedule[s] != want[s] {
				t.Errorf("units %v: %d %s, want %d (%v)", units, c.Schedule[s], s, want[s], c.Schedule)
			}
		}
		if c.Decisions != 1 || c.DecisionsDone != 0 || c.Lights[luoshi.LightRed] != 1 {
			t.Errorf("units %v: decisions %d/%d, red %d; want 1/0, 1", units, c.DecisionsDone, c.Decisions, c.Lights[luoshi.LightRed])
		}
		if len(c.Overdue) != 1 || c.Overdue[0].UnitID != o.U1.ID || c.Overdue[0].Overdue != 1 || !c.Overdue[0].Earliest.Equal(at(-24*time.Hour)) {
			t.Errorf("units %v: overdue %+v, want U1 with the decision", units, c.Overdue)
		}
	}
}
