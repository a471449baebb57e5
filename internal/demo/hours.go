package demo

import (
	"time"

	"luoshi/internal/luoshi"
)

// Working hours of the demo: offices work 08:30–18:00 on working days by the calendar; urgent
// work goes on into the evening, to 22:00, on any day.
const (
	dayOpen      = 8*time.Hour + 30*time.Minute
	dayClose     = 18 * time.Hour
	urgentOpen   = 8 * time.Hour
	urgentClose  = 22 * time.Hour
	closingSlack = 40 * time.Minute
)

// window is the working window of the civil day of t, and whether that day is worked at all.
func window(cal *luoshi.Calendar, t time.Time, urgent bool) (open, shut time.Time, worked bool) {
	loc := cal.Location()
	lt := t.In(loc)
	midnight := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	if urgent {
		return midnight.Add(urgentOpen), midnight.Add(urgentClose), true
	}
	return midnight.Add(dayOpen), midnight.Add(dayClose), cal.IsWorkday(midnight.Add(12 * time.Hour))
}

// workBefore moves a past moment back into the working hours before it, so that nothing in the
// demo happens at 03:00 or on a Sunday. The time from forty minutes before a close to the next
// opening is squeezed into those forty minutes, so that a sequence of events keeps its order.
func workBefore(cal *luoshi.Calendar, t time.Time, urgent bool) time.Time {
	open, shut, worked := window(cal, t, urgent)
	if worked && !t.Before(open) && t.Before(shut.Add(-closingSlack)) {
		return t
	}
	end := shut // the close that starts the band t is in
	if !worked || t.Before(open) {
		end = prevClose(cal, t, urgent)
	}
	band := end.Add(-closingSlack)
	frac := float64(t.Sub(band)) / float64(nextOpen(cal, end, urgent).Sub(band))
	return band.Add(time.Duration(frac * float64(closingSlack))).Truncate(time.Minute)
}

// workAfter moves a future moment forward to the next working time (a deadline off hours).
func workAfter(cal *luoshi.Calendar, t time.Time, urgent bool) time.Time {
	open, shut, worked := window(cal, t, urgent)
	switch {
	case worked && !t.Before(open) && !t.After(shut):
		return t
	case worked && t.Before(open):
		return open
	}
	return nextOpen(cal, t, urgent)
}

// prevClose is the close of the last working window that ends before t.
func prevClose(cal *luoshi.Calendar, t time.Time, urgent bool) time.Time {
	for d := t.AddDate(0, 0, -1); ; d = d.AddDate(0, 0, -1) {
		if _, shut, worked := window(cal, d, urgent); worked {
			return shut
		}
	}
}

// nextOpen is the opening of the first working window that starts after t.
func nextOpen(cal *luoshi.Calendar, t time.Time, urgent bool) time.Time {
	if open, _, worked := window(cal, t, urgent); worked && open.After(t) {
		return open
	}
	for d := t.AddDate(0, 0, 1); ; d = d.AddDate(0, 0, 1) {
		if open, _, worked := window(cal, d, urgent); worked {
			return open
		}
	}
}

// lastDeadline is the latest deadline the demo sets: the close of the last working day of the
// last year the calendar covers, so that no deadline is counted on a guessed calendar. The
// zero time means no cap (the calendar ends before now).
func lastDeadline(cal *luoshi.Calendar, now time.Time) time.Time {
	loc := cal.Location()
	d := time.Date(cal.CoveredUntil(), 12, 31, 12, 0, 0, 0, loc)
	for !cal.IsWorkday(d) {
		d = d.AddDate(0, 0, -1)
	}
	end := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Add(dayClose)
	if !end.After(now.Add(2 * day)) {
		return time.Time{}
	}
	return end.UTC()
}
