package luoshi

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestCountStatsUntil: on random rows at random moments, the counts hold from now until the
// moment CountStatsUntil gives, and change at it.
func TestCountStatsUntil(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	units := []*Unit{{ID: 1, Name: "甲"}, {ID: 2, Name: "乙"}, {ID: 3, Name: "丙"}}
	states := []State{StateDraft, StateAssigned, StateDeclined, StateInProgress, StateCompletionRequested,
		StateSuspended, StateCompleted, StateCancelled}
	const span = 1000 // moments fall in [0, span) ms, so that they collide and pass often
	moment := func() int64 {
		if rng.IntN(5) == 0 {
			return NoMoment
		}
		return rng.Int64N(span)
	}
	for trial := range 500 {
		rows := make([]StatRow, 1+rng.IntN(20))
		for i := range rows {
			y := moment()
			r := y
			if y != NoMoment && rng.IntN(2) == 0 {
				r = y + rng.Int64N(span/4)
			}
			rows[i] = StatRow{ID: int64(i + 1), UnitID: int64(1 + rng.IntN(4)), State: states[rng.IntN(len(states))],
				YellowAt: y, RedAt: r, Deadline: moment(), OnTime: rng.IntN(2) == 0}
		}
		now := rng.Int64N(span)
		at := func(ms int64) time.Time { return time.UnixMilli(ms) }
		got, next := CountStatsUntil(rows, units, at(now))
		if next <= now {
			t.Fatalf("trial %d: next %d not after now %d", trial, next, now)
		}
		for m := now; m < min(next, span+span/4+2); m++ {
			if c := CountStats(rows, units, at(m)); !reflect.DeepEqual(c, got) {
				t.Fatalf("trial %d: counts changed at %d, before the next moment %d\n%+v\n%+v", trial, m, next, got, c)
			}
		}
		if next != NoMoment && reflect.DeepEqual(CountStats(rows, units, at(next)), got) {
			t.Fatalf("trial %d: counts did not change at the next moment %d (now %d)\nrows %+v", trial, next, now, rows)
		}
	}
}
