package luoshi

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestScheduleTimes: the two stored moments give Policy.Schedule at every moment, for items
// with and without milestones, in every state, at any percent.
func TestScheduleTimes(t *testing.T) {
	p := DefaultPolicy(nil)
	r := rand.New(rand.NewPCG(18, 3))
	base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	states := []State{StateDraft, StateAssigned, StateDeclined, StateInProgress, StateCompletionRequested,
		StateCompleted, StateSuspended, StateCancelled}
	for n := range 400 {
		created := base.Add(time.Duration(r.IntN(90*24)) * time.Hour)
		accepted := created.Add(time.Duration(r.IntN(48)) * time.Hour)
		deadline := accepted.Add(time.Duration(1+r.IntN(200*24)) * time.Hour)
		it := &Item{State: states[r.IntN(len(states))], Percent: r.IntN(101), CreatedAt: created,
			AssignedAt: &created, Deadline: deadline}
		if r.IntN(2) == 0 {
			it.AcceptedAt = &accepted
		}
		for m := range r.IntN(4) {
			due := accepted.Add(time.Duration(r.Int64N(int64(deadline.Sub(accepted)) + int64(30*24*time.Hour))))
			it.Milestones = append(it.Milestones, Milestone{Due: due, Percent: []int{0, 30, 60, 90}[m] * r.IntN(2)})
		}
		if it.State == StateCompletionRequested {
			req := deadline.Add(time.Duration(r.IntN(20*24)-10*24) * time.Hour)
			it.CompletionRequestedAt = &req
		}
		st := p.ScheduleTimes(it)
		for range 60 {
			now := created.Add(time.Duration(r.Int64N(int64(deadline.Sub(created))+int64(60*24*time.Hour))) - 5*24*time.Hour).
				Truncate(time.Millisecond)
			if got, want := ScheduleAt(it.State, st, now), p.Schedule(it, now); got != want {
				t.Fatalf("item %d (%s, %d%%, %d milestones) at %v: ScheduleAt %q, Schedule %q", n, it.State,
					it.Percent, len(it.Milestones), now, got, want)
			}
		}
		// The moments themselves are where the status turns.
		for _, at := range []*time.Time{st.BehindAt, st.AheadUntil} {
			if at == nil || at.Before(created) {
				continue
			}
			for _, now := range []time.Time{at.Add(-time.Millisecond), *at} {
				if got, want := ScheduleAt(it.State, st, now), p.Schedule(it, now); got != want {
					t.Fatalf("item %d at the turn %v: ScheduleAt %q, Schedule %q", n, now, got, want)
				}
			}
		}
	}
}
