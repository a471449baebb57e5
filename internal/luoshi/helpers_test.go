package luoshi

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai even where the system has no zoneinfo
)

// The organisation the domain's tests work in (the item module's tests have their own).
const (
	dtRegion   int64 = 1
	dtLeadUnit int64 = 10
)

// dtLoc returns Asia/Shanghai.
func dtLoc(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// dtPolicy returns the default policy over the embedded 2026 calendar in Asia/Shanghai.
func dtPolicy(tb testing.TB) *Policy {
	tb.Helper()
	cal, err := NewCalendar(dtLoc(tb), DefaultCalendarDays())
	if err != nil {
		tb.Fatal(err)
	}
	return DefaultPolicy(cal)
}

// dtAt parses "2006-01-02 15:04" (or with seconds and fraction) in Asia/Shanghai.
func dtAt(tb testing.TB, s string) time.Time {
	tb.Helper()
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout = "2006-01-02 15:04:05.999999999"
	}
	t, err := time.ParseInLocation(layout, s, dtLoc(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func dtPtr[T any](v T) *T { return &v }
