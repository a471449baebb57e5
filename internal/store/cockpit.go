package store

import (
	"context"
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

var measuredList = stateList(luoshi.MeasuredStates)

// inHandList: the measured states but completed, whose schedule moments decide.
var inHandList = stateList(luoshi.MeasuredStates[:len(luoshi.MeasuredStates)-1])

// scheduleCond is the SQL form of luoshi.ScheduleAt over the stored moments of items i.
func scheduleCond(w *where, s luoshi.ScheduleStatus, now int64) {
	behind := `i.behind_at <= ?`
	ahead := `(i.behind_at IS NULL OR i.behind_at > ?) AND i.ahead_until > ?`
	switch s {
	case luoshi.ScheduleCompleted:
		w.add(`i.state = 'completed'`)
	case luoshi.ScheduleBehind:
		w.add(`i.state IN `+inHandList+` AND `+behind, now)
	case luoshi.ScheduleAhead:
		w.add(`i.state IN `+inHandList+` AND `+ahead, now, now)
	case luoshi.ScheduleOnSchedule:
		w.add(`i.state IN `+inHandList+` AND (i.behind_at IS NULL OR i.behind_at > ?)`+
			` AND (i.ahead_until IS NULL OR i.ahead_until <= ?)`, now, now)
	}
}

// scope is the WHERE clause of a cockpit's items.
func cockpitWhere(s luoshi.CockpitScope) *where {
	w := &where{}
	w.add(`i.region_id = ?`, s.RegionID)
	if s.LeadUnits != nil {
		w.conds = append(w.conds, w.in("i.lead_unit_id", s.LeadUnits))
	}
	return w
}

// CockpitCounts computes a cockpit's item figures with two aggregates over the items_cockpit
// index — one pass over the scope's rows in the index's order (no sort), one range of the
// year's deadlines; no item document is read.
func (t *tx) CockpitCounts(ctx context.Context, s luoshi.CockpitScope) (*luoshi.CockpitCounts, error) {
	now := ms(s.Now)
	c := &luoshi.CockpitCounts{Lights: map[luoshi.Light]int{}, Schedule: map[luoshi.ScheduleStatus]int{}}
	// Per state and lead unit: open items by light, measured items by schedule status,
	// meeting decisions (any state), overdue items (the list's overdue filter).
	w := cockpitWhere(s)
	w.args = append(w.args, now)
	p := fmt.Sprintf("$%d", len(w.args))
	// Overdue as the list's filter has it: past the deadline, or for a completion requested
	// a request made after it (red_at set).
	q := `SELECT i.state, i.lead_unit_id, COUNT(*),
		SUM(CASE WHEN i.red_at <= ` + p + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.yellow_at <= ` + p + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.behind_at <= ` + p + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.ahead_until > ` + p + ` AND (i.behind_at IS NULL OR i.behind_at > ` + p + `) THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.source = 'meeting_decision' THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.deadline < ` + p + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN i.red_at IS NOT NULL THEN 1 ELSE 0 END),
		MIN(CASE WHEN i.state <> 'completion_requested' OR i.red_at IS NOT NULL THEN i.deadline END)
		FROM items i WHERE ` + strings.Join(w.conds, " AND ") + ` GROUP BY i.state, i.lead_unit_id`
	rows, err := t.tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("cockpit counts: %w", err)
	}
	late, reds := map[int64]*luoshi.UnitOverdue{}, map[int64]int{}
	_, err = collect(rows, func(r interface{ Scan(...any) error }) (bool, error) {
		var state string
		var unit int64
		var all, red, yellow, behind, ahead, decisions, pastDeadline, redSet int
		var earliest *int64
		if err := r.Scan(&state, &unit, &all, &red, &yellow, &behind, &ahead, &decisions, &pastDeadline, &redSet, &earliest); err != nil {
			return false, err
		}
		st := luoshi.State(state)
		overdue := 0
		switch {
		case st == luoshi.StateCompletionRequested:
			overdue = redSet
		case st.Open():
			overdue = pastDeadline // the earliest deadline of the group is then past too
		}
		if st.Open() {
			reds[unit] += red
		}
		if overdue > 0 {
			u := late[unit]
			if u == nil {
				u = &luoshi.UnitOverdue{UnitID: unit, Earliest: fromMS(*earliest)}
				late[unit] = u
			}
			u.Overdue += overdue
			if e := fromMS(*earliest); e.Before(u.Earliest) {
				u.Earliest = e
			}
		}
		c.Add(st, all, red, yellow, behind, ahead, decisions)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	for _, u := range late {
		u.Red = reds[u.UnitID]
		c.Overdue = append(c.Overdue, *u)
	}
	if c.Weeks, err = t.cockpitWeeks(ctx, s); err != nil {
		return nil, err
	}
	return c, nil
}

const weekMS = 7 * 24 * 3600 * 1000

// dueCond: the measured items due in [from, to) whose deadline has passed or that are done.
var dueCond = `i.state IN ` + measuredList + ` AND i.deadline >= ? AND i.deadline < ? AND (i.deadline < ? OR i.state = 'completed')`

// cockpitWeeks counts the items of the year's on-time rate by week, and those completed on
// time (on_time is set when a completion requested by the deadline is approved).
func (t *tx) cockpitWeeks(ctx context.Context, s luoshi.CockpitScope) ([]luoshi.WeekOnTime, error) {
	w := cockpitWhere(s)
	now := ms(s.Now)
	w.add(dueCond, ms(s.YearStart), ms(s.YearEnd), now)
	w.args = append(w.args, now, ms(s.YearStart))
	week := fmt.Sprintf(`((CASE WHEN i.deadline < $%d THEN i.deadline ELSE $%d END) - $%d) / %d`,
		len(w.args)-1, len(w.args)-1, len(w.args), weekMS)
	q := `SELECT ` + week + `, COUNT(*), SUM(CASE WHEN i.on_time THEN 1 ELSE 0 END)
		FROM items i WHERE ` + strings.Join(w.conds, " AND ") + ` GROUP BY ` + week + ` ORDER BY 1`
	rows, err := t.tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("cockpit weeks: %w", err)
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (luoshi.WeekOnTime, error) {
		var wk luoshi.WeekOnTime
		err := r.Scan(&wk.Week, &wk.Due, &wk.OnTime)
		wk.Week++
		return wk, err
	})
}

// FindScheduleUnset lists items written before schema 17, whose moments are not computed.
func (t *tx) FindScheduleUnset(ctx context.Context, n int) ([]*luoshi.Item, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM items WHERE ahead_until = -1 ORDER BY id LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("find schedule unset: %w", err)
	}
	return collect(rows, scanDoc)
}
