package service

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// CalendarYear is one year of the working-day calendar as the API shows it. Warning is
// WarningMsg in the reader's language, which the API fills in.
type CalendarYear struct {
	Year         int                  `json:"year"`
	Covered      bool                 `json:"covered"`
	CoveredUntil int                  `json:"covered_until"`
	Warning      string               `json:"warning,omitempty"`
	WarningMsg   *luoshi.Msg          `json:"-"`
	Days         []luoshi.CalendarDay `json:"days"`
}

// Calendar returns a year of the calendar, and a warning when the year (or the next, from
// November on) has not been entered yet.
func (s *Service) Calendar(ctx context.Context, year int) (*CalendarYear, error) {
	now := s.now().In(s.loc)
	if year == 0 {
		year = now.Year()
	}
	if year < 2000 || year > 2100 {
		return nil, luoshi.Invalid("year", "calendar.year.range")
	}
	cal := s.Policy().Cal
	cy := &CalendarYear{Year: year, Covered: cal.Covers(year), CoveredUntil: cal.CoveredUntil(), Days: cal.Days(year)}
	if cy.Days == nil {
		cy.Days = []luoshi.CalendarDay{}
	}
	cy.WarningMsg = s.CalendarWarning()
	return cy, nil
}

// CalendarWarning says when the calendar runs out: the current year missing, or from
// November on the next year not yet entered (the State Council publishes it each autumn);
// nil when neither. Until a year is entered its Mondays to Fridays count as working days.
func (s *Service) CalendarWarning() *luoshi.Msg {
	now := s.now().In(s.loc)
	cal := s.Policy().Cal
	switch {
	case !cal.Covers(now.Year()):
		m := luoshi.M("calendar.warn.missing", now.Year(), now.Year())
		return &m
	case now.Month() >= 11 && !cal.Covers(now.Year()+1):
		m := luoshi.M("calendar.warn.next", cal.CoveredUntil(), now.Year()+1, now.Year()+1, now.Year()+1)
		return &m
	}
	return nil
}

// CalendarYearSummary is one year the calendar holds: its days off and its weekend days worked.
type CalendarYearSummary struct {
	Year     int `json:"year"`
	Holidays int `json:"holidays"`
	Workdays int `json:"workdays"`
}

// CalendarYears lists the years the calendar holds, in order, with their counts.
func (s *Service) CalendarYears() []CalendarYearSummary {
	return summarizeDays(s.Policy().Cal.AllDays())
}

func summarizeDays(days []luoshi.CalendarDay) []CalendarYearSummary {
	var out []CalendarYearSummary
	for _, d := range days {
		y, _ := strconv.Atoi(d.Date[:4])
		if len(out) == 0 || out[len(out)-1].Year != y {
			out = append(out, CalendarYearSummary{Year: y})
		}
		if d.Kind == luoshi.DayHoliday {
			out[len(out)-1].Holidays++
		} else {
			out[len(out)-1].Workdays++
		}
	}
	return out
}

// CalendarPreview is what importing a calendar file would do: its days, by year, and which
// of those years the calendar already holds (their entries are replaced).
type CalendarPreview struct {
	Days     []luoshi.CalendarDay
	Years    []CalendarYearSummary
	Replaces []int
}

// PreviewCalendar reads a calendar file as ImportCalendar would and says what importing it
// would do, changing nothing: the same checks, the same refusals.
func (s *Service) PreviewCalendar(ctx context.Context, a *luoshi.Actor, r io.Reader) (*CalendarPreview, error) {
	if !a.Has(luoshi.RoleSysadmin) {
		return nil, forbidden("calendar.import.forbidden")
	}
	in, years, err := s.readCalendar(r)
	if err != nil {
		return nil, err
	}
	days := slices.Clone(in)
	slices.SortFunc(days, func(x, y luoshi.CalendarDay) int { return strings.Compare(x.Date, y.Date) })
	p := &CalendarPreview{Days: days, Years: summarizeDays(days)}
	for _, y := range years {
		if s.Policy().Cal.Covers(y) {
			p.Replaces = append(p.Replaces, y)
		}
	}
	return p, nil
}

// readCalendar parses a calendar file and checks it against the calendar it would change:
// its entries, and the years they fall in, in order.
func (s *Service) readCalendar(r io.Reader) ([]luoshi.CalendarDay, []int, error) {
	in, err := luoshi.ParseCalendarCSV(r)
	if err != nil {
		return nil, nil, err
	}
	if len(in) == 0 {
		return nil, nil, luoshi.Errorf(luoshi.EINVALID, "calendar.import.empty")
	}
	var years []int
	for _, d := range in {
		if y, _ := strconv.Atoi(d.Date[:4]); !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	slices.Sort(years)
	merged := slices.Clone(in)
	for _, d := range s.Policy().Cal.AllDays() {
		if y, _ := strconv.Atoi(d.Date[:4]); !slices.Contains(years, y) {
			merged = append(merged, d)
		}
	}
	if _, err := luoshi.NewCalendar(s.loc, merged); err != nil {
		return nil, nil, err
	}
	return in, years, nil
}

// PutCalendarDay sets one day: kind "holiday" or "workday", or "normal" to remove an entry.
func (s *Service) PutCalendarDay(ctx context.Context, a *luoshi.Actor, date, kind, name string) (*CalendarYear, error) {
	if !a.Has(luoshi.RoleSysadmin) {
		return nil, forbidden("calendar.edit.forbidden")
	}
	// The date comes from the path: "normal" removes an entry without the calendar checking
	// it, and the year is read from its first four bytes (PUT /calendar/ab panicked).
	if _, err := time.Parse("2006-01-02", date); err != nil {
		return nil, luoshi.Invalid("date", "calendar.date.invalid", date)
	}
	name = strings.TrimSpace(name)
	if len([]rune(name)) > 50 {
		return nil, luoshi.Invalid("name", "calendar.name.too_long")
	}
	days := s.Policy().Cal.AllDays()
	next := make([]luoshi.CalendarDay, 0, len(days)+1)
	for _, d := range days {
		if d.Date != date {
			next = append(next, d)
		}
	}
	if kind != "normal" {
		next = append(next, luoshi.CalendarDay{Date: date, Kind: luoshi.DayKind(kind), Name: name})
	}
	if _, err := luoshi.NewCalendar(s.loc, next); err != nil {
		m := luoshi.MsgOf(err)
		return nil, luoshi.Invalid("date", m.Key, m.Args...)
	}
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := requireTopRegion(ctx, tx, a); err != nil {
			return err
		}
		if kind == "normal" {
			return tx.DeleteCalendarDay(ctx, date)
		}
		return tx.PutCalendarDay(ctx, luoshi.CalendarDay{Date: date, Kind: luoshi.DayKind(kind), Name: name})
	})
	if err != nil {
		return nil, err
	}
	if err := s.ReloadCalendar(ctx); err != nil {
		return nil, err
	}
	year, _ := strconv.Atoi(date[:4])
	return s.Calendar(ctx, year)
}

// ImportCalendar reads a CSV of the shipped format and replaces the entries of every year
// it contains, all or nothing. actor nil means the command line. onlyYear, when not 0, is
// the year the file must hold and nothing else (luoshi calendar load --year).
func (s *Service) ImportCalendar(ctx context.Context, a *luoshi.Actor, r io.Reader, onlyYear ...int) ([]int, error) {
	if a != nil && !a.Has(luoshi.RoleSysadmin) {
		return nil, forbidden("calendar.import.forbidden")
	}
	in, years, err := s.readCalendar(r)
	if err != nil {
		return nil, err
	}
	if len(onlyYear) > 0 && onlyYear[0] != 0 && !slices.Equal(years, onlyYear[:1]) {
		return nil, luoshi.Errorf(luoshi.EINVALID, "calendar.import.other_year", onlyYear[0], fmt.Sprint(years))
	}
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := requireTopRegion(ctx, tx, a); err != nil {
			return err
		}
		old, err := tx.CalendarDays(ctx)
		if err != nil {
			return err
		}
		for _, d := range old {
			if y, _ := strconv.Atoi(d.Date[:4]); slices.Contains(years, y) {
				if err := tx.DeleteCalendarDay(ctx, d.Date); err != nil {
					return err
				}
			}
		}
		for _, d := range in {
			if err := tx.PutCalendarDay(ctx, d); err != nil {
				return err
			}
		}
		if a != nil {
			return s.audit(ctx, tx, a, "calendar.import", "calendar", luoshi.OutcomeSuccess, fmt.Sprintf("%v: %d", years, len(in)))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return years, s.ReloadCalendar(ctx)
}
