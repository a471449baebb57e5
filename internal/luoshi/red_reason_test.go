package luoshi

import "testing"

// TestRedReason: a red light is named by the time that turned it red, and past the
// deadline it is always the deadline (逾期), whatever turned it red first.
func TestRedReason(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range []struct {
		name string
		item func(testing.TB) *Item
		at   string
		want RedReason
	}{
		{"urgent: not yet red", ptUrgent, "2026-06-10 16:00", ""},
		{"urgent: at the deadline", ptUrgent, "2026-06-10 18:00", RedDeadline},
		{"weekly: one cadence late, deadline ahead", ptWeekly, "2026-06-15 10:00", RedReport},
		{"4h: a cadence late", ptFourHourly, "2026-06-10 16:00", RedReport},
		{"milestone: due and not done", ptMilestone, "2026-06-22 17:00", RedMilestone},
		{"milestone done: green", ptMilestoneDone, "2026-06-22 17:00", ""},
		{"completion requested after the deadline", ptInState(ptUrgent, StateCompletionRequested, "2026-06-10 18:30"), "2026-06-20 09:00", RedDeadline},
		{"assigned past the deadline", ptInState(ptUrgent, StateAssigned, "2026-06-10 07:00"), "2026-06-10 18:00", RedDeadline},
		{"cancelled past the deadline: grey", ptInState(ptUrgent, StateCancelled, "2026-06-10 09:00"), "2026-06-20 09:00", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := tc.item(t)
			now := dtAt(t, tc.at)
			if got := p.RedReasonAt(it, now); got != tc.want {
				t.Errorf("RedReasonAt %s = %q, want %q", tc.at, got, tc.want)
			}
		})
	}
	// A milestone overdue whose item is then past its deadline reads 逾期.
	it := ptMilestone(t)
	if now := it.Deadline.Add(1); p.RedReasonAt(it, now) != RedDeadline {
		t.Errorf("past the deadline with a milestone overdue: %q, want deadline", p.RedReasonAt(it, now))
	}
}
