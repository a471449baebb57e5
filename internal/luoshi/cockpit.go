package luoshi

import (
	"context"
	"slices"
	"time"
)

// ScheduleStatuses lists the schedule statuses a list may filter by.
var ScheduleStatuses = []ScheduleStatus{ScheduleAhead, ScheduleOnSchedule, ScheduleBehind, ScheduleCompleted}

// Valid reports whether s is a known schedule status.
func (s ScheduleStatus) Valid() bool { return slices.Contains(ScheduleStatuses, s) }

// MeasuredStates are the states whose items have a schedule status the cockpit counts: work
// assigned, under way or done. Drafts are not yet anyone's work; suspended and cancelled
// items' clocks have stopped.
var MeasuredStates = []State{StateAssigned, StateDeclined, StateInProgress, StateCompletionRequested, StateCompleted}

// CockpitScope selects the items a cockpit summarises: a region's, or those led by a set of
// its units (a deputy head's portfolio). The on-time figures count the year [YearStart,
// YearEnd) in weeks from YearStart.
type CockpitScope struct {
	RegionID           int64
	LeadUnits          []int64 // nil: every unit of the region
	Now                time.Time
	YearStart, YearEnd time.Time
}

// CockpitCounts are the item figures of a cockpit, each one SQL aggregate over the stored
// columns (state, deadline, light and schedule moments, on_time, source) — outcomes only.
type CockpitCounts struct {
	// Lights: the open items (OpenStates) by light, as the workbench and the list count them.
	Lights map[Light]int
	// Schedule: the measured items (MeasuredStates) by schedule status.
	Schedule map[ScheduleStatus]int
	// Weeks: the items of the year's on-time rate by week — measured items due in the year
	// whose deadline has passed or that are completed (早办结 counts at once) — and how many
	// of them were completed on time; an item counts in the week of its deadline, or of now
	// when that is earlier. Week 1 starts at YearStart.
	Weeks []WeekOnTime
	// Overdue: per lead unit with overdue open items, how many, its red open items (overdue
	// or not, as the workbench counts them), and the earliest deadline among the overdue.
	Overdue []UnitOverdue
	// Decisions: items made from meeting decisions (any state) and those completed.
	Decisions, DecisionsDone int
}

// WeekOnTime is one week's items due and completed on time.
type WeekOnTime struct {
	Week   int `json:"week"`
	Due    int `json:"due"`
	OnTime int `json:"on_time"`
}

// UnitOverdue is one lead unit's overdue open items.
type UnitOverdue struct {
	UnitID   int64
	Overdue  int
	Red      int
	Earliest time.Time
}

// CockpitTx is the store's part of the cockpit.
type CockpitTx interface {
	CockpitCounts(ctx context.Context, s CockpitScope) (*CockpitCounts, error)
	// FindScheduleUnset lists up to n items whose schedule moments were never computed
	// (rows written before schema 17).
	FindScheduleUnset(ctx context.Context, n int) ([]*Item, error)
}

// Add counts one group of items in one state: all of them, those red, yellow or past it,
// behind, ahead, and made from meeting decisions. Lights count the open states, the
// schedule the measured ones; yellow_at <= red_at, so every red item is past yellow too.
func (c *CockpitCounts) Add(st State, all, red, yellow, behind, ahead, decisions int) {
	c.Decisions += decisions
	switch {
	case st == StateCompleted:
		c.Schedule[ScheduleCompleted] += all
		c.DecisionsDone += decisions
		return
	case !st.Open():
		return // suspended, cancelled: grey, not measured
	}
	c.Lights[LightRed] += red
	c.Lights[LightYellow] += yellow - red
	c.Lights[LightGreen] += all - yellow
	if st == StateDraft {
		return
	}
	c.Schedule[ScheduleBehind] += behind
	c.Schedule[ScheduleAhead] += ahead
	c.Schedule[ScheduleOnSchedule] += all - behind - ahead
}
