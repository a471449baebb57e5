package luoshi

import (
	"testing"
	"time"
)

func TestTimeLeft(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range []struct {
		name     string
		pr       Priority
		deadline string
		now      string
		key      string
		n        int // the count; -1 for none
	}{
		{"urgent, six hours", PriorityUrgent, "2026-06-05 16:00", "2026-06-05 10:00", "time.left_hours", 6},
		{"urgent, a minute short of six hours", PriorityUrgent, "2026-06-05 16:00", "2026-06-05 10:01", "time.left_hours", 5},
		{"urgent, days away: still hours", PriorityUrgent, "2026-06-08 10:00", "2026-06-05 10:00", "time.left_hours", 72},
		{"urgent, minutes left", PriorityUrgent, "2026-06-05 16:00", "2026-06-05 15:30", "time.left_under_hour", -1},
		{"routine, at 04:00 today", PriorityRoutine, "2026-06-05 04:00", "2026-06-05 00:30", "time.left_hours", 3},
		{"important, Friday to next Wednesday", PriorityImportant, "2026-06-10 17:00", "2026-06-05 09:00", "time.left_workdays", 3},
		{"important, Friday to Sunday: no working day, hours", PriorityImportant, "2026-06-07 17:00", "2026-06-05 09:00", "time.left_hours", 56},
		{"late by five hours", PriorityImportant, "2026-06-05 04:00", "2026-06-05 09:30", "time.overdue_hours", 5},
		{"late by minutes: one hour", PriorityUrgent, "2026-06-05 09:00", "2026-06-05 09:10", "time.overdue_hours", 1},
		{"late by three calendar days", PriorityRoutine, "2026-06-05 17:00", "2026-06-08 18:00", "time.overdue_days", 3},
		{"late by a day and a half", PriorityUrgent, "2026-06-05 17:00", "2026-06-07 05:00", "time.overdue_days", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := p.TimeLeft(tc.pr, dtAt(t, tc.deadline), dtAt(t, tc.now))
			if m.Key != tc.key {
				t.Fatalf("TimeLeft = %v, want key %s", m, tc.key)
			}
			if tc.n < 0 {
				if len(m.Args) != 0 {
					t.Errorf("TimeLeft = %v, want no count", m)
				}
				return
			}
			if len(m.Args) != 1 || m.Args[0] != tc.n {
				t.Errorf("TimeLeft = %v, want count %d", m, tc.n)
			}
		})
	}
}

// TestTimeLeftNeverNegative sweeps from two weeks before to two weeks after a deadline.
func TestTimeLeftNeverNegative(t *testing.T) {
	p := dtPolicy(t)
	d := dtAt(t, "2026-10-01 04:00") // in the National Day holiday
	for _, pr := range Priorities {
		for now := d.Add(-14 * 24 * time.Hour); now.Before(d.Add(14 * 24 * time.Hour)); now = now.Add(37 * time.Minute) {
			m := p.TimeLeft(pr, d, now)
			for _, a := range m.Args {
				if n, ok := a.(int); !ok || n < 0 {
					t.Fatalf("TimeLeft(%s, %v) = %v", pr, now, m)
				}
			}
		}
	}
}

func TestDeclineWindowEndsByDeadline(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range []struct {
		name               string
		pr                 Priority
		assigned, deadline string
		want, rule         string
	}{
		{"urgent: two hours", PriorityUrgent, "2026-06-06 09:00", "2026-06-06 18:00", "2026-06-06 11:00", "item.decline.window_hours"},
		{"urgent due within the window: the deadline", PriorityUrgent, "2026-06-06 09:00", "2026-06-06 10:00", "2026-06-06 10:00", "item.decline.window_deadline"},
		{"important due the next day: the deadline", PriorityImportant, "2026-06-05 09:00", "2026-06-06 23:59", "2026-06-06 23:59", "item.decline.window_deadline"},
		{"routine: three working days", PriorityRoutine, "2026-06-05 09:00", "2026-07-01 17:00", "2026-06-10 09:00", "item.decline.window_workdays"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := &Item{Priority: tc.pr, State: StateAssigned, AssignedAt: dtPtr(dtAt(t, tc.assigned)), Deadline: dtAt(t, tc.deadline)}
			got := p.DeclineDeadline(it)
			if !got.Equal(dtAt(t, tc.want)) {
				t.Errorf("DeclineDeadline = %v, want %s", got, tc.want)
			}
			if r := p.DeclineRule(it); r.Key != tc.rule {
				t.Errorf("DeclineRule = %v, want %s", r, tc.rule)
			}
			if got.After(it.Deadline) {
				t.Errorf("the window %v outlasts the deadline %v", got, it.Deadline)
			}
		})
	}
}
