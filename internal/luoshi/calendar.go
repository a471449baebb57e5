package luoshi

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// DayKind says how a calendar entry departs from the Monday-to-Friday working week.
type DayKind string

// The kinds of calendar entry.
const (
	DayHoliday DayKind = "holiday" // a day off (放假), on any day of the week
	DayWorkday DayKind = "workday" // a Saturday or Sunday worked instead (调休上班)
)

// Valid reports whether k is one of the known kinds.
func (k DayKind) Valid() bool { return k == DayHoliday || k == DayWorkday }

// CalendarDay is one entry of the working-day calendar (工作日历).
type CalendarDay struct {
	Date string  `json:"date"` // YYYY-MM-DD
	Kind DayKind `json:"kind"`
	Name string  `json:"name"`
}

// dateLayout is the form of CalendarDay.Date.
const dateLayout = "2006-01-02"

// weekdayKeys are the catalogue keys of the names of time.Weekday, for messages.
var weekdayKeys = [...]string{"weekday.sunday", "weekday.monday", "weekday.tuesday", "weekday.wednesday",
	"weekday.thursday", "weekday.friday", "weekday.saturday"}

// Calendar is the working-day calendar: Saturdays and Sundays are rest days, Monday to
// Friday are working days, except where an entry says otherwise. Dates are decided in the
// calendar's location. A Calendar is immutable and safe for concurrent use.
type Calendar struct {
	loc     *time.Location
	kinds   map[int]DayKind // by dayKey of the date
	entries []calendarEntry // sorted by date
	years   map[int]bool
	last    int
}

// calendarEntry is a CalendarDay with its date parsed, as midnight UTC.
type calendarEntry struct {
	day  CalendarDay
	date time.Time
}

// NewCalendar returns the calendar in loc with the given entries. Each entry must have a
// valid date and kind, a workday entry must fall on a Saturday or Sunday, and no date may
// appear twice.
func NewCalendar(loc *time.Location, days []CalendarDay) (*Calendar, error) {
	if loc == nil {
		return nil, Errorf(EINVALID, "calendar.no_zone")
	}
	c := &Calendar{
		loc:     loc,
		kinds:   make(map[int]DayKind, len(days)),
		entries: make([]calendarEntry, 0, len(days)),
		years:   make(map[int]bool),
	}
	seen := make(map[string]int, len(days))
	for i, d := range days {
		date, problem := checkCalendarDay(d)
		if problem != nil {
			return nil, Errorf(EINVALID, "calendar.entry", i+1, *problem)
		}
		if j, ok := seen[d.Date]; ok {
			return nil, Errorf(EINVALID, "calendar.entry.duplicate", i+1, d.Date, j)
		}
		seen[d.Date] = i + 1
		c.kinds[dayKey(date)] = d.Kind
		c.entries = append(c.entries, calendarEntry{day: d, date: date})
		c.years[date.Year()] = true
		c.last = max(c.last, date.Year())
	}
	slices.SortFunc(c.entries, func(a, b calendarEntry) int { return a.date.Compare(b.date) })
	return c, nil
}

// checkCalendarDay parses d's date and says what is wrong with d, if anything.
func checkCalendarDay(d CalendarDay) (time.Time, *Msg) {
	date, err := time.Parse(dateLayout, d.Date)
	if err != nil {
		return time.Time{}, &Msg{"calendar.date.invalid", []any{d.Date}}
	}
	if !d.Kind.Valid() {
		return time.Time{}, &Msg{"calendar.day_kind.invalid", []any{string(d.Kind)}}
	}
	if d.Kind == DayWorkday && !isWeekend(date.Weekday()) {
		return time.Time{}, &Msg{"calendar.workday.weekday", []any{d.Date, M(weekdayKeys[date.Weekday()])}}
	}
	return date, nil
}

func isWeekend(wd time.Weekday) bool { return wd == time.Saturday || wd == time.Sunday }

// Location returns the location in which the calendar decides dates.
func (c *Calendar) Location() *time.Location { return c.loc }

// civil returns t's date in c's location as midnight UTC, so that stepping by days is
// free of zone transitions.
func (c *Calendar) civil(t time.Time) time.Time {
	y, m, d := t.In(c.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// workday reports whether the civil date (midnight UTC) is a working day.
// dayKey is a date as a number, YYYYMMDD: looking a day up this way costs no formatting
// (a list page looks up hundreds of days for its items' lights).
func dayKey(date time.Time) int {
	y, m, d := date.Date()
	return y*10000 + int(m)*100 + d
}

func (c *Calendar) workday(date time.Time) bool {
	if k, ok := c.kinds[dayKey(date)]; ok {
		return k == DayWorkday
	}
	return !isWeekend(date.Weekday())
}

// IsWorkday reports whether t falls on a working day, decided on t's date in c's location.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.workday(c.civil(t)) }

// IsWorkdayDate reports whether the date YYYY-MM-DD is a working day; it is false for a
// malformed date.
func (c *Calendar) IsWorkdayDate(date string) bool {
	d, err := time.Parse(dateLayout, date)
	return err == nil && c.workday(d)
}

// AddWorkdays steps from t's date day by day, counting only working days, until n have
// been counted: forward for n > 0, backward for n < 0. The result is in c's location at
// the local clock time of t; for n == 0 it is t itself. Weekdays of years the calendar
// does not cover count as working days.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	if n == 0 {
		return t
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	day := c.civil(t)
	for n > 0 {
		day = day.AddDate(0, 0, step)
		if c.workday(day) {
			n--
		}
	}
	local := t.In(c.loc)
	h, m, s := local.Clock()
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, s, local.Nanosecond(), c.loc)
}

// WorkdaysBetween returns the number of working days d with from's date < d <= to's date,
// dates taken in c's location; it is negative when to is before from.
func (c *Calendar) WorkdaysBetween(from, to time.Time) int {
	a, b := c.civil(from), c.civil(to)
	if b.Before(a) {
		return -c.workdaysAfter(b, a)
	}
	return c.workdaysAfter(a, b)
}

// workdaysAfter counts the working days d with a < d <= b, for civil dates a <= b: the
// weekdays by arithmetic, corrected by the entries in range, so long spans cost nothing.
func (c *Calendar) workdaysAfter(a, b time.Time) int {
	days := int((b.Unix() - a.Unix()) / 86400)
	n := days / 7 * 5
	for d := a.AddDate(0, 0, days/7*7+1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if !isWeekend(d.Weekday()) {
			n++
		}
	}
	for _, e := range c.entries {
		if !e.date.After(a) || e.date.After(b) {
			continue
		}
		weekend := isWeekend(e.date.Weekday())
		switch {
		case e.day.Kind == DayHoliday && !weekend:
			n--
		case e.day.Kind == DayWorkday && weekend:
			n++
		}
	}
	return n
}

// Covers reports whether the calendar holds at least one entry for the year. In a year not
// covered every Monday to Friday counts as a working day, so callers should warn about it.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// CoveredUntil returns the last year the calendar holds entries for, or 0 if it holds none.
func (c *Calendar) CoveredUntil() int { return c.last }

// Days returns the entries of the year, sorted by date.
func (c *Calendar) Days(year int) []CalendarDay {
	var days []CalendarDay
	for _, e := range c.entries {
		if e.date.Year() == year {
			days = append(days, e.day)
		}
	}
	return days
}

// calendarHeader is the required first row of a calendar CSV file.
var calendarHeader = []string{"date", "kind", "name"}

// ParseCalendarCSV reads calendar entries in CSV: lines starting with '#' are comments, the
// first row is the header date,kind,name, and each further row is one entry. A UTF-8 byte
// order mark is ignored. Errors are EINVALID and name the line.
func ParseCalendarCSV(r io.Reader) ([]CalendarDay, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true

	var days []CalendarDay
	seen := make(map[string]int)
	header := false
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, Errorf(EINVALID, "calendar.csv.unreadable", pe.Line, pe.Err)
		} else if err != nil {
			return nil, fmt.Errorf("read calendar csv: %w", err)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if !header {
			if !slices.Equal(lowerAll(rec), calendarHeader) {
				return nil, Errorf(EINVALID, "calendar.csv.no_header", line)
			}
			header = true
			continue
		}
		if len(rec) != len(calendarHeader) {
			return nil, Errorf(EINVALID, "calendar.csv.columns", line, len(rec))
		}
		d := CalendarDay{Date: rec[0], Kind: DayKind(rec[1]), Name: rec[2]}
		if _, problem := checkCalendarDay(d); problem != nil {
			return nil, Errorf(EINVALID, "calendar.csv.line", line, *problem)
		}
		if prev, ok := seen[d.Date]; ok {
			return nil, Errorf(EINVALID, "calendar.csv.duplicate", line, d.Date, prev)
		}
		seen[d.Date] = line
		days = append(days, d)
	}
	if !header {
		return nil, Errorf(EINVALID, "calendar.csv.empty")
	}
	return days, nil
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

//go:embed calendar_2026.csv
var defaultCalendarCSV []byte

// DefaultCalendarDays returns the embedded holidays and adjusted working days of mainland
// China (2026), the starting data an administrator extends. It panics if the embedded file
// is broken, which a test rules out.
func DefaultCalendarDays() []CalendarDay {
	days, err := ParseCalendarCSV(bytes.NewReader(defaultCalendarCSV))
	if err != nil {
		panic("luoshi: embedded calendar_2026.csv: " + err.Error())
	}
	return days
}

// AllDays returns every entry of the calendar, sorted by date.
func (c *Calendar) AllDays() []CalendarDay {
	out := make([]CalendarDay, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.day
	}
	return out
}
