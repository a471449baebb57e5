package luoshi

import (
	"math"
	"time"
)

// StatRow is what the unit statistics need of one item: its state, its lead unit and the
// moments (Unix milliseconds) at which its light and deadline turn. A moment the item does
// not have is NoMoment, which no clock reaches.
type StatRow struct {
	ID, UnitID                int64
	State                     State
	YellowAt, RedAt, Deadline int64
	OnTime                    bool
}

// NoMoment stands for a moment an item does not have (NULL in the store).
const NoMoment = math.MaxInt64

// CountStats counts each unit's items at now from their rows, exactly as the store's
// UnitStats counts them in SQL: cancelled items are left out; an open item is green, yellow
// or red by the moments its light turns; an open item is overdue once its deadline has
// passed, and an item whose completion is requested once its light has turned red at all
// (it was asked for late). Units are listed in the order given; rows of other units are
// left out.
func CountStats(rows []StatRow, units []*Unit, now time.Time) []UnitStats {
	stats, _ := CountStatsUntil(rows, units, now)
	return stats
}

// CountStatsUntil is CountStats, with the first moment after now at which the counts change
// with no change of the rows (a light turns or a deadline passes): until then they hold.
// NoMoment if none ever does.
func CountStatsUntil(rows []StatRow, units []*Unit, now time.Time) ([]UnitStats, int64) {
	t := now.UnixMilli()
	next := int64(NoMoment)
	turn := func(m int64) { // counted from m on
		if m > t && m < next {
			next = m
		}
	}
	byUnit := make(map[int64]*UnitStats, len(units))
	out := make([]UnitStats, len(units))
	for i, u := range units {
		out[i].UnitID, out[i].UnitName = u.ID, u.Name
		byUnit[u.ID] = &out[i]
	}
	for _, r := range rows {
		st := byUnit[r.UnitID]
		if st == nil {
			continue
		}
		switch r.State {
		case StateCancelled:
		case StateCompleted:
			st.Completed++
			if r.OnTime {
				st.CompletedOnTime++
			}
		case StateSuspended:
			st.Suspended++
		default: // the open states; yellow_at <= red_at, so every red item is also past yellow
			// Counted as the SQL counts: green = open − past yellow, yellow = past yellow − red.
			st.Open++
			st.Green++
			if r.YellowAt <= t {
				st.Green--
				st.Yellow++
			}
			if r.RedAt <= t {
				st.Yellow--
				st.Red++
			}
			turn(r.YellowAt)
			turn(r.RedAt)
			if r.State == StateCompletionRequested {
				if r.RedAt != NoMoment {
					st.Overdue++
				}
			} else {
				if r.Deadline < t {
					st.Overdue++
				}
				if r.Deadline != NoMoment {
					turn(r.Deadline + 1)
				}
			}
		}
	}
	return out, next
}
