package luoshi

import (
	"testing"
	"time"
)

// ptItem returns an item in progress of priority pr, source "other", no cadence and no
// milestones, accepted at accepted (Shanghai time) and due at deadline.
func ptItem(tb testing.TB, pr Priority, accepted, deadline string) *Item {
	tb.Helper()
	acc := dtAt(tb, accepted)
	return &Item{ID: 1, RegionID: dtRegion, Title: "测试事项", Source: SourceOther, Priority: pr,
		LeadUnitID: dtLeadUnit, Deadline: dtAt(tb, deadline), State: StateInProgress,
		CreatedAt: acc.AddDate(0, 0, -1), AssignedAt: dtPtr(acc.Add(-time.Hour)), AcceptedAt: &acc}
}

// ptEdit returns a function that builds an item with ptItem and edits it.
func ptEdit(pr Priority, accepted, deadline string, edit func(tb testing.TB, it *Item)) func(testing.TB) *Item {
	return func(tb testing.TB) *Item {
		tb.Helper()
		it := ptItem(tb, pr, accepted, deadline)
		if edit != nil {
			edit(tb, it)
		}
		return it
	}
}

func ptCadence(tb testing.TB, s string) Cadence {
	tb.Helper()
	c, err := ParseCadence(s)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

var (
	// Urgent, due Wednesday 10 June 2026 18:00; yellow 2 hours before.
	ptUrgent = ptEdit(PriorityUrgent, "2026-06-10 08:00", "2026-06-10 18:00", nil)
	// Important, due Friday 9 October 2026 17:00, after the National Day holiday (1–7
	// October): three working days back are 8 October, 30 and 29 September.
	ptHoliday = ptEdit(PriorityImportant, "2026-09-01 09:00", "2026-10-09 17:00", nil)
	// Routine, due Monday 15 June 17:00: yellow from Wednesday 10 June 17:00.
	ptRoutine = ptEdit(PriorityRoutine, "2026-06-01 09:00", "2026-06-15 17:00", nil)
	// Reports every 7 days, last on Monday 1 June 10:00; the deadline is far off.
	ptWeekly = ptEdit(PriorityImportant, "2026-05-20 09:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
		it.ReportEvery, it.LastReportAt = ptCadence(tb, "7d"), dtPtr(dtAt(tb, "2026-06-01 10:00"))
	})
	// Reports every 7 days, none yet: counted from acceptance on 20 May 09:00.
	ptWeeklyNoReport = ptEdit(PriorityImportant, "2026-05-20 09:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
		it.ReportEvery = ptCadence(tb, "7d")
	})
	// Urgent, reports every 4 hours, last at 08:00.
	ptFourHourly = ptEdit(PriorityUrgent, "2026-06-10 06:00", "2026-06-11 18:00", func(tb testing.TB, it *Item) {
		it.ReportEvery, it.LastReportAt = ptCadence(tb, "4h"), dtPtr(dtAt(tb, "2026-06-10 08:00"))
	})
	// A milestone due Monday 22 June 17:00; 19 June is the Dragon Boat holiday, so the
	// window opens three working days back on Tuesday 16 June 17:00.
	ptMilestone = ptEdit(PriorityImportant, "2026-06-01 09:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
		it.Milestones = []Milestone{{ID: 1, Title: "完成招标", Due: dtAt(tb, "2026-06-22 17:00")}}
	})
	ptMilestoneDone = ptEdit(PriorityImportant, "2026-06-01 09:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
		it.Milestones = []Milestone{{ID: 1, Title: "完成招标", Due: dtAt(tb, "2026-06-22 17:00"), DoneAt: dtPtr(dtAt(tb, "2026-06-23 10:00"))}}
	})
	// An urgent item with a milestone at noon: yellow from 10:00.
	ptUrgentMilestone = ptEdit(PriorityUrgent, "2026-06-10 06:00", "2026-06-11 18:00", func(tb testing.TB, it *Item) {
		it.Milestones = []Milestone{{ID: 1, Title: "转移群众", Due: dtAt(tb, "2026-06-10 12:00")}}
	})
	// A meeting decision without a cadence, accepted Monday 1 June 10:00: first report due
	// five working days later, Monday 8 June 10:00.
	ptMeeting = ptEdit(PriorityImportant, "2026-06-01 10:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
		it.Source = SourceMeetingDecision
	})
)

// ptInState moves an item built by mk into state s, with the timestamps that state implies.
func ptInState(mk func(testing.TB) *Item, s State, at string) func(testing.TB) *Item {
	return func(tb testing.TB) *Item {
		tb.Helper()
		it := mk(tb)
		it.State = s
		var t time.Time
		if at != "" {
			t = dtAt(tb, at)
		}
		switch s {
		case StateCompletionRequested:
			it.CompletionRequestedAt = &t
		case StateCompleted:
			it.CompletionRequestedAt, it.CompletedAt = &t, &t
			it.OnTime, it.Percent = dtPtr(!t.After(it.Deadline)), 100
		case StateSuspended:
			it.ResumeState = StateInProgress
		case StateAssigned:
			it.AcceptedAt, it.AssignedAt = nil, &t
		case StateDraft:
			it.AcceptedAt, it.AssignedAt = nil, nil
		}
		return it
	}
}

func TestLight(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range []struct {
		name string
		item func(testing.TB) *Item
		at   string
		want Light
	}{
		{"urgent: 2h1ms before the deadline", ptUrgent, "2026-06-10 15:59:59.999", LightGreen},
		{"urgent: exactly 2h before", ptUrgent, "2026-06-10 16:00", LightYellow},
		{"urgent: 1ms before the deadline", ptUrgent, "2026-06-10 17:59:59.999", LightYellow},
		{"urgent: at the deadline", ptUrgent, "2026-06-10 18:00", LightRed},
		{"urgent: a day late", ptUrgent, "2026-06-11 18:00", LightRed},

		{"holiday: a day before the window", ptHoliday, "2026-09-28 17:00", LightGreen},
		{"holiday: 1ms before the window", ptHoliday, "2026-09-29 16:59:59.999", LightGreen},
		{"holiday: window opens 3 working days back", ptHoliday, "2026-09-29 17:00", LightYellow},
		{"holiday: during National Day", ptHoliday, "2026-10-05 12:00", LightYellow},
		{"holiday: 1ms before the deadline", ptHoliday, "2026-10-09 16:59:59.999", LightYellow},
		{"holiday: at the deadline", ptHoliday, "2026-10-09 17:00", LightRed},

		{"routine: before the window", ptRoutine, "2026-06-10 16:59", LightGreen},
		{"routine: window opens", ptRoutine, "2026-06-10 17:00", LightYellow},
		{"routine: at the deadline", ptRoutine, "2026-06-15 17:00", LightRed},

		{"weekly: 1ms before the report is due", ptWeekly, "2026-06-08 09:59:59.999", LightGreen},
		{"weekly: report due", ptWeekly, "2026-06-08 10:00", LightYellow},
		{"weekly: almost one cadence late", ptWeekly, "2026-06-15 09:59:59.999", LightYellow},
		{"weekly: one cadence late", ptWeekly, "2026-06-15 10:00", LightRed},
		{"weekly, no report yet: before due", ptWeeklyNoReport, "2026-05-27 08:59", LightGreen},
		{"weekly, no report yet: due a week after acceptance", ptWeeklyNoReport, "2026-05-27 09:00", LightYellow},
		{"weekly, no report yet: a cadence late", ptWeeklyNoReport, "2026-06-03 09:00", LightRed},
		{"4h: before due", ptFourHourly, "2026-06-10 11:59", LightGreen},
		{"4h: report due", ptFourHourly, "2026-06-10 12:00", LightYellow},
		{"4h: a cadence late", ptFourHourly, "2026-06-10 16:00", LightRed},

		{"milestone: before its window", ptMilestone, "2026-06-16 16:59:59.999", LightGreen},
		{"milestone: window across the Dragon Boat holiday", ptMilestone, "2026-06-16 17:00", LightYellow},
		{"milestone: 1ms before due", ptMilestone, "2026-06-22 16:59:59.999", LightYellow},
		{"milestone: due and not done", ptMilestone, "2026-06-22 17:00", LightRed},
		{"milestone: a month overdue", ptMilestone, "2026-07-22 17:00", LightRed},
		{"milestone done: no longer counts", ptMilestoneDone, "2026-06-22 17:00", LightGreen},
		{"milestone done: a month later", ptMilestoneDone, "2026-07-22 17:00", LightGreen},
		{"urgent milestone: 2h before", ptUrgentMilestone, "2026-06-10 09:59", LightGreen},
		{"urgent milestone: window", ptUrgentMilestone, "2026-06-10 10:00", LightYellow},
		{"urgent milestone: due", ptUrgentMilestone, "2026-06-10 12:00", LightRed},

		{"meeting decision: before the first report is due", ptMeeting, "2026-06-08 09:59", LightGreen},
		{"meeting decision: first report due in 5 working days", ptMeeting, "2026-06-08 10:00", LightYellow},

		{"completion requested before the deadline, checked after it", ptInState(ptUrgent, StateCompletionRequested, "2026-06-10 17:00"), "2026-06-20 09:00", LightGreen},
		{"completion requested at the deadline", ptInState(ptUrgent, StateCompletionRequested, "2026-06-10 18:00"), "2026-06-20 09:00", LightGreen},
		{"completion requested after the deadline", ptInState(ptUrgent, StateCompletionRequested, "2026-06-10 18:30"), "2026-06-10 18:30", LightRed},
		{"completion requested after the deadline, later", ptInState(ptUrgent, StateCompletionRequested, "2026-06-10 18:30"), "2026-06-20 09:00", LightRed},
		{"completion requested with a milestone overdue", ptInState(ptMilestone, StateCompletionRequested, "2026-06-01 10:00"), "2026-07-01 09:00", LightGreen},

		{"suspended past the deadline", ptInState(ptUrgent, StateSuspended, "2026-06-10 09:00"), "2026-06-20 09:00", LightGrey},
		{"cancelled past the deadline", ptInState(ptUrgent, StateCancelled, "2026-06-10 09:00"), "2026-06-20 09:00", LightGrey},
		{"completed on time", ptInState(ptUrgent, StateCompleted, "2026-06-10 12:00"), "2026-06-20 09:00", LightBlue},
		{"completed late", ptInState(ptUrgent, StateCompleted, "2026-06-12 12:00"), "2026-06-20 09:00", LightBlue},
		{"assigned: before the window", ptInState(ptUrgent, StateAssigned, "2026-06-10 07:00"), "2026-06-10 15:00", LightGreen},
		{"assigned: past the deadline", ptInState(ptUrgent, StateAssigned, "2026-06-10 07:00"), "2026-06-10 18:00", LightRed},
		{"draft: past the deadline", ptInState(ptUrgent, StateDraft, ""), "2026-06-10 18:00", LightRed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.Light(tc.item(t), dtAt(t, tc.at)); got != tc.want {
				t.Errorf("Light at %s = %s, want %s", tc.at, got, tc.want)
			}
		})
	}
}

// TestLightAtSweep walks each item through time in odd steps: LightAt over the stored light
// times agrees with Light, yellow never comes after red, and an open item's light only
// worsens while nothing happens to it.
func TestLightAtSweep(t *testing.T) {
	p := dtPolicy(t)
	rank := map[Light]int{LightGreen: 0, LightYellow: 1, LightRed: 2}
	for name, mk := range map[string]func(testing.TB) *Item{
		"urgent": ptUrgent, "holiday": ptHoliday, "routine": ptRoutine, "weekly": ptWeekly,
		"4h": ptFourHourly, "milestone": ptMilestone, "milestone done": ptMilestoneDone,
		"urgent milestone": ptUrgentMilestone, "meeting": ptMeeting,
		"late request": ptInState(ptUrgent, StateCompletionRequested, "2026-06-10 18:30"),
		"suspended":    ptInState(ptHoliday, StateSuspended, "2026-09-20 09:00"),
		"completed":    ptInState(ptUrgent, StateCompleted, "2026-06-10 12:00"),
	} {
		t.Run(name, func(t *testing.T) {
			it := mk(t)
			y, r := p.LightTimes(it)
			if y != nil && r != nil && y.After(*r) {
				t.Errorf("yellow %v after red %v", y, r)
			}
			if !it.State.Open() && (y != nil || r != nil) {
				t.Errorf("closed state %s has light times %v %v", it.State, y, r)
			}
			from := it.AcceptedAt.AddDate(0, 0, -2)
			to := it.Deadline.AddDate(0, 0, 3)
			step := (to.Sub(from) / 997).Truncate(time.Millisecond) + 7*time.Millisecond
			prev := -1
			seen := map[Light]bool{}
			for at := from; at.Before(to); at = at.Add(step) {
				got, want := LightAt(it.State, y, r, at), p.Light(it, at)
				if got != want {
					t.Fatalf("at %v: LightAt = %s, Light = %s", at, got, want)
				}
				seen[got] = true
				if n, ok := rank[got]; ok {
					if n < prev {
						t.Fatalf("at %v: light went back to %s", at, got)
					}
					prev = n
				}
			}
			if it.State.Open() && !seen[LightRed] {
				t.Errorf("open item never turned red before %v (seen %v)", to, seen)
			}
		})
	}
}

func TestLightAt(t *testing.T) {
	y, r := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		state       State
		yellow, red *time.Time
		at          time.Time
		want        Light
		name        string
	}{
		{state: StateInProgress, at: r.AddDate(1, 0, 0), want: LightGreen, name: "no times: never"},
		{state: StateInProgress, yellow: &y, red: &r, at: y.Add(-1), want: LightGreen, name: "before yellow"},
		{state: StateInProgress, yellow: &y, red: &r, at: y, want: LightYellow, name: "at yellow"},
		{state: StateInProgress, yellow: &y, red: &r, at: r.Add(-1), want: LightYellow, name: "before red"},
		{state: StateInProgress, yellow: &y, red: &r, at: r, want: LightRed, name: "at red"},
		{state: StateCompleted, yellow: &y, red: &r, at: r, want: LightBlue, name: "completed"},
		{state: StateSuspended, yellow: &y, red: &r, at: r, want: LightGrey, name: "suspended"},
		{state: StateCancelled, yellow: &y, red: &r, at: r, want: LightGrey, name: "cancelled"},
	} {
		if got := LightAt(tc.state, tc.yellow, tc.red, tc.at); got != tc.want {
			t.Errorf("%s: LightAt = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestNextReportDue(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range []struct {
		name   string
		item   func(testing.TB) *Item
		want   string // "" for nil
		domain string
	}{
		{"weekly after a report", ptWeekly, "2026-06-08 10:00", ""},
		{"weekly before any report: from acceptance", ptWeeklyNoReport, "2026-05-27 09:00", ""},
		{"every 4 hours", ptFourHourly, "2026-06-10 12:00", ""},
		{"every 5 working days across National Day", ptEdit(PriorityImportant, "2026-09-01 09:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
			// 29, 30 Sep; 8, 9 Oct; Saturday 10 Oct is worked.
			it.ReportEvery, it.LastReportAt = ptCadence(tb, "5wd"), dtPtr(dtAt(tb, "2026-09-28 10:00"))
		}), "2026-10-10 10:00", ""},
		{"monthly", ptEdit(PriorityImportant, "2026-05-01 09:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
			it.ReportEvery, it.LastReportAt = ptCadence(tb, "1mo"), dtPtr(dtAt(tb, "2026-06-15 10:00"))
		}), "2026-07-15 10:00", ""},
		{"meeting decision: first report in 5 working days", ptMeeting, "2026-06-08 10:00", ""},
		{"meeting decision: 5 working days across National Day", ptEdit(PriorityImportant, "2026-09-28 10:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
			it.Source = SourceMeetingDecision
		}), "2026-10-10 10:00", ""},
		{"meeting decision after its first report, no cadence", ptEdit(PriorityImportant, "2026-06-01 10:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
			it.Source, it.LastReportAt = SourceMeetingDecision, dtPtr(dtAt(tb, "2026-06-05 10:00"))
		}), "", ""},
		{"meeting decision with a monthly cadence: first report still in 5 working days", ptEdit(PriorityImportant, "2026-06-01 10:00", "2026-12-31 17:00", func(tb testing.TB, it *Item) {
			it.Source, it.ReportEvery = SourceMeetingDecision, ptCadence(tb, "1mo")
		}), "2026-06-08 10:00", "\"a first report is due within 5 working days of a meeting decision\": with a cadence set " +
			"(here 1mo) NextReportDue ignores that rule and counts only the cadence, so the first report of a meeting decision falls due a month after acceptance"},
		{"other source without cadence", ptUrgent, "", ""},
		{"assigned", ptInState(ptWeekly, StateAssigned, "2026-05-19 09:00"), "", ""},
		{"suspended", ptInState(ptWeekly, StateSuspended, "2026-06-02 09:00"), "", ""},
		{"completion requested", ptInState(ptWeekly, StateCompletionRequested, "2026-06-02 09:00"), "", ""},
		{"completed", ptInState(ptWeekly, StateCompleted, "2026-06-02 09:00"), "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := p.NextReportDue(tc.item(t))
			var want *time.Time
			if tc.want != "" {
				want = dtPtr(dtAt(t, tc.want))
			}
			if (got == nil) != (want == nil) || (got != nil && !got.Equal(*want)) {
				t.Errorf("NextReportDue = %v, want %v", got, want)
				if tc.domain != "" {
					t.Errorf("DISCREPANCY with DOMAIN.md: %s", tc.domain)
				}
			}
		})
	}
}

func TestAcceptanceAndDeclineDue(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range []struct {
		name      string
		pr        Priority
		state     State
		assigned  string // "" for never assigned
		accept    string // "" for nil
		declineBy string // "" for the zero time
	}{
		{"urgent: an hour, declined within two", PriorityUrgent, StateAssigned, "2026-06-05 23:30", "2026-06-06 00:30", "2026-06-06 01:30"},
		{"important on a Friday: Monday", PriorityImportant, StateAssigned, "2026-06-05 16:00", "2026-06-08 16:00", "2026-06-10 16:00"},
		{"routine before National Day", PriorityRoutine, StateAssigned, "2026-09-30 10:00", "2026-10-08 10:00", "2026-10-10 10:00"},
		{"two days before National Day", PriorityImportant, StateAssigned, "2026-09-29 10:00", "2026-09-30 10:00", "2026-10-09 10:00"},
		{"on the Saturday worked after National Day", PriorityImportant, StateAssigned, "2026-10-10 10:00", "2026-10-12 10:00", "2026-10-14 10:00"},
		{"on a Sunday", PriorityImportant, StateAssigned, "2026-06-07 11:00", "2026-06-08 11:00", "2026-06-10 11:00"},
		{"accepted: no acceptance due", PriorityImportant, StateInProgress, "2026-06-05 16:00", "", "2026-06-10 16:00"},
		{"draft", PriorityImportant, StateDraft, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it := &Item{Priority: tc.pr, State: tc.state, Deadline: dtAt(t, "2026-12-31 17:00")}
			if tc.assigned != "" {
				it.AssignedAt = dtPtr(dtAt(t, tc.assigned))
			}
			got := p.AcceptanceDue(it)
			switch {
			case tc.accept == "" && got != nil:
				t.Errorf("AcceptanceDue = %v, want nil", got)
			case tc.accept != "" && (got == nil || !got.Equal(dtAt(t, tc.accept))):
				t.Errorf("AcceptanceDue = %v, want %s", got, tc.accept)
			}
			var want time.Time
			if tc.declineBy != "" {
				want = dtAt(t, tc.declineBy)
			}
			if got := p.DeclineDeadline(it); !got.Equal(want) {
				t.Errorf("DeclineDeadline = %v, want %v", got, want)
			}
		})
	}
}

// ptPlan returns an item accepted at S = 1 June 2026 00:00 UTC and due S+100h, so that the
// planned percent is the number of hours since S; with milestones at S+h (percent pct).
func ptPlan(ms ...[2]int) *Item {
	s := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	it := &Item{State: StateInProgress, CreatedAt: s.Add(-48 * time.Hour), AssignedAt: dtPtr(s.Add(-24 * time.Hour)),
		AcceptedAt: &s, Deadline: s.Add(100 * time.Hour)}
	for i, m := range ms {
		it.Milestones = append(it.Milestones, Milestone{ID: i + 1, Due: s.Add(time.Duration(m[0]) * time.Hour), Percent: m[1]})
	}
	return it
}

func ptHour(h float64) time.Time {
	return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h * float64(time.Hour)))
}

func TestPlannedPercent(t *testing.T) {
	p := dtPolicy(t)
	notAccepted := ptPlan()
	notAccepted.AcceptedAt = nil // starts at assignment, S-24h: 124 hours to go
	draft := ptPlan()
	draft.AcceptedAt, draft.AssignedAt, draft.State = nil, nil, StateDraft // starts at creation, S-48h
	done := ptPlan([2]int{50, 80})
	done.Milestones[0].DoneAt = dtPtr(ptHour(10))
	for _, tc := range []struct {
		name string
		it   *Item
		at   float64 // hours after S
		want int
	}{
		{"linear: before the start", ptPlan(), -1, 0},
		{"linear: at the start", ptPlan(), 0, 0},
		{"linear: a quarter", ptPlan(), 25, 25},
		{"linear: half", ptPlan(), 50, 50},
		{"linear: just before the deadline", ptPlan(), 99, 99},
		{"linear: at the deadline", ptPlan(), 100, 100},
		{"linear: after the deadline", ptPlan(), 1000, 100},
		{"from assignment when not accepted", notAccepted, 38, 50},
		{"from creation for a draft", draft, 26, 50},
		{"milestone 80% at half: a quarter", ptPlan([2]int{50, 80}), 25, 40},
		{"milestone 80% at half: at it", ptPlan([2]int{50, 80}), 50, 80},
		{"milestone 80% at half: three quarters", ptPlan([2]int{50, 80}), 75, 90},
		{"milestone done: the plan stands", done, 25, 40},
		{"even milestones: first", ptPlan([2]int{25, 0}, [2]int{50, 0}), 25, 33},
		{"even milestones: second", ptPlan([2]int{25, 0}, [2]int{50, 0}), 50, 66},
		{"even milestones: between second and deadline", ptPlan([2]int{25, 0}, [2]int{50, 0}), 75, 83},
		{"unsorted milestones", ptPlan([2]int{80, 90}, [2]int{20, 10}), 50, 50},
		{"unsorted milestones: first leg", ptPlan([2]int{80, 90}, [2]int{20, 10}), 10, 5},
		{"milestone 100% early", ptPlan([2]int{40, 100}), 60, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.PlannedPercent(tc.it, ptHour(tc.at)); got != tc.want {
				t.Errorf("PlannedPercent at S%+gh = %d, want %d", tc.at, got, tc.want)
			}
		})
	}
}

func TestSchedule(t *testing.T) {
	p := dtPolicy(t)
	with := func(state State, pct int) *Item {
		it := ptPlan()
		it.State, it.Percent = state, pct
		return it
	}
	for _, tc := range []struct {
		name   string
		it     *Item
		at     float64
		want   ScheduleStatus
		domain string
	}{
		{"on plan", with(StateInProgress, 50), 50, ScheduleOnSchedule, ""},
		{"10 points behind: within tolerance", with(StateInProgress, 40), 50, ScheduleOnSchedule, ""},
		{"11 points behind", with(StateInProgress, 39), 50, ScheduleBehind, ""},
		{"9 points ahead", with(StateInProgress, 59), 50, ScheduleOnSchedule, ""},
		{"10 points ahead: within tolerance", with(StateInProgress, 60), 50, ScheduleOnSchedule,
			"ScheduleTolerance is \"percentage points within which progress counts as on schedule\" and 10 behind is on_schedule, " +
				"but 10 ahead is reported ahead: the band is not symmetric (Schedule uses < planned-tol for behind but >= planned+tol for ahead)"},
		{"11 points ahead", with(StateInProgress, 61), 50, ScheduleAhead, ""},
		{"nothing done at the start", with(StateInProgress, 0), 0, ScheduleOnSchedule, ""},
		{"nothing done at a quarter", with(StateInProgress, 0), 25, ScheduleBehind, ""},
		{"at the deadline, 90%", with(StateInProgress, 90), 100, ScheduleOnSchedule, ""},
		{"past the deadline, 99%", with(StateInProgress, 99), 100.001, ScheduleBehind, ""},
		{"past the deadline, never accepted", with(StateAssigned, 0), 200, ScheduleBehind, ""},
		{"completed", with(StateCompleted, 100), 50, ScheduleCompleted, ""},
		{"completed late", with(StateCompleted, 100), 500, ScheduleCompleted, ""},
		{"suspended", with(StateSuspended, 10), 90, "", ""},
		{"cancelled", with(StateCancelled, 10), 500, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.Schedule(tc.it, ptHour(tc.at)); got != tc.want {
				t.Errorf("Schedule with %d%% at S%+gh (planned %d) = %q, want %q", tc.it.Percent, tc.at,
					p.PlannedPercent(tc.it, ptHour(tc.at)), got, tc.want)
				if tc.domain != "" {
					t.Errorf("DISCREPANCY: %s", tc.domain)
				}
			}
		})
	}
}
