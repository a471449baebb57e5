package luoshi

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// viewAt is everything a view of the item computes from the clock at now.
func viewAt(p *Policy, it *Item, now time.Time) string {
	s := fmt.Sprintf("%s %s %d overdue=%v decline=%v", p.Light(it, now), p.Schedule(it, now), p.PlannedPercent(it, now),
		it.State.Open() && now.After(it.Deadline), it.AssignedAt != nil && now.After(p.DeclineDeadline(it)))
	for _, o := range it.Opinions {
		s += " " + string(o.StatusAt(now))
	}
	return s
}

// TestViewMoments: on random items at random moments, what a view computes from the clock is
// the same at every moment from now up to the horizon ViewMoments gives, and a horizon is
// never now or before.
func TestViewMoments(t *testing.T) {
	p := dtPolicy(t)
	r := rand.New(rand.NewPCG(15, 1))
	base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	states := []State{StateDraft, StateAssigned, StateDeclined, StateInProgress, StateCompletionRequested,
		StateCompleted, StateSuspended, StateCancelled}
	cadences := []Cadence{{}, {N: 4, Unit: CadenceHours}, {N: 5, Unit: CadenceWorkdays}, {N: 1, Unit: CadenceWeeks}}
	ms := func(max time.Duration) time.Duration {
		return time.Duration(r.Int64N(int64(max/time.Millisecond))) * time.Millisecond
	}
	turns := 0
	for n := range 300 {
		created := base.Add(ms(90 * 24 * time.Hour))
		accepted := created.Add(ms(48 * time.Hour))
		deadline := accepted.Add(time.Hour + ms(120*24*time.Hour))
		it := &Item{State: states[r.IntN(len(states))], Percent: r.IntN(101), CreatedAt: created, AssignedAt: &created,
			Deadline: deadline, Priority: []Priority{PriorityRoutine, PriorityImportant, PriorityUrgent}[r.IntN(3)],
			ReportEvery: cadences[r.IntN(len(cadences))]}
		if r.IntN(3) > 0 {
			it.AcceptedAt = &accepted
			if r.IntN(2) == 0 {
				last := accepted.Add(ms(deadline.Sub(accepted)))
				it.LastReportAt = &last
			}
		}
		for m := range r.IntN(3) {
			due := accepted.Add(ms(deadline.Sub(accepted)))
			it.Milestones = append(it.Milestones, Milestone{ID: m + 1, Due: due, Percent: []int{0, 40, 70}[m] * r.IntN(2)})
		}
		for o := range r.IntN(3) {
			req := OpinionRequest{ID: o + 1, UnitID: 7, Due: accepted.Add(ms(30 * 24 * time.Hour))}
			if r.IntN(2) == 0 {
				at := req.Due.Add(ms(48*time.Hour) - 24*time.Hour)
				req.AnsweredAt = &at
			}
			it.Opinions = append(it.Opinions, req)
		}
		if it.State == StateCompletionRequested {
			req := deadline.Add(ms(20*24*time.Hour) - 10*24*time.Hour)
			it.CompletionRequestedAt = &req
		}
		for range 40 {
			now := created.Add(ms(deadline.Sub(created)+60*24*time.Hour) - 5*24*time.Hour)
			h := NewHorizon(now)
			p.ViewMoments(&h, it)
			until := h.Until()
			if until.IsZero() {
				until = now.Add(400 * 24 * time.Hour) // never: any later moment must agree
			} else if !until.After(now) {
				t.Fatalf("item %d at %v: horizon %v", n, now, until)
			}
			want := viewAt(p, it, now)
			last := until.Add(-time.Millisecond)
			for _, at := range []time.Time{last, now.Add(ms(until.Sub(now))), now.Add(ms(until.Sub(now)))} {
				if got := viewAt(p, it, at); got != want {
					t.Fatalf("item %d (%s) computed at %v: %q; at %v, before the horizon %v: %q", n, it.State, now, want, at, until, got)
				}
			}
			if viewAt(p, it, until) != want {
				turns++
			}
		}
	}
	if turns < 1000 {
		t.Errorf("the view turned at %d horizons of 12,000: the horizons are too early to test", turns)
	}
}
