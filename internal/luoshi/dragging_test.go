package luoshi

import (
	"slices"
	"testing"
	"time"
)

func TestMonthsBetween(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2026-03-31 10:00", "2026-04-30 09:59", 0},
		{"2026-03-31 10:00", "2026-04-30 10:00", 1}, // the month's last day stands for the 31st
		{"2026-03-31 10:00", "2026-05-31 09:00", 1},
		{"2026-01-31 10:00", "2026-02-28 10:00", 1}, // the last day of a short month is a whole month
		{"2026-01-31 10:00", "2026-02-28 09:59", 0},
		{"2026-01-15 10:00", "2026-04-15 10:00", 3},
		{"2026-01-15 10:00", "2026-04-15 09:00", 2},
		{"2025-11-20 10:00", "2026-03-01 10:00", 3},
		{"2026-05-01 10:00", "2026-04-01 10:00", 0},
	} {
		if got := MonthsBetween(at(c.from), at(c.to), loc); got != c.want {
			t.Errorf("%s → %s: %d months, want %d", c.from, c.to, got, c.want)
		}
	}
}

func TestDragReasons(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	created := func(months int) time.Time { return now.AddDate(0, -months, -1) }
	for _, c := range []struct {
		name       string
		it         Item
		extensions int
		want       []string
	}{
		{"fresh", Item{State: StateInProgress, CreatedAt: created(1)}, 0, nil},
		{"exactly three months", Item{State: StateInProgress, CreatedAt: now.AddDate(0, -3, 0)}, 0, nil},
		{"four months", Item{State: StateInProgress, CreatedAt: created(4)}, 0, []string{DragLong}},
		{"extended once", Item{State: StateInProgress, CreatedAt: created(1)}, 1, nil},
		{"extended twice", Item{State: StateInProgress, CreatedAt: created(1)}, 2, []string{DragExtended}},
		{"blue urge", Item{State: StateAssigned, CreatedAt: created(1), UrgeLevel: UrgeBlue}, 0, nil},
		{"orange urge", Item{State: StateDeclined, CreatedAt: created(1), UrgeLevel: UrgeOrange}, 0, []string{DragUrged}},
		{"all three", Item{State: StateCompletionRequested, CreatedAt: created(7), UrgeLevel: UrgeRed}, 3, []string{DragLong, DragExtended, DragUrged}},
		{"completed", Item{State: StateCompleted, CreatedAt: created(7), UrgeLevel: UrgeRed}, 3, nil},
		{"suspended", Item{State: StateSuspended, CreatedAt: created(7)}, 0, nil},
		{"draft", Item{State: StateDraft, CreatedAt: created(7)}, 0, nil},
	} {
		if got := DragReasons(&c.it, c.extensions, DefaultDragMonths, now, loc); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
