package service

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"luoshi/internal/luoshi"
)

// CalendarYear is one year of the working-day calendar as the API shows it.
type CalendarYear struct {
	Year         int                  `json:"year"`
	Covered      bool                 `json:"covered"`
	CoveredUntil int                  `json:"covered_until"`
	Warning      string               `json:"warning,omitempty"`
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
	cy.Warning = s.CalendarWarning()
	return cy, nil
}

// calendarHow tells the administrator the two ways to load a year's arrangement.
const calendarHow = "命令 luoshi calendar import 文件.csv，或 POST /api/v1/calendar/import；CSV 表头 date,kind,name"

// CalendarWarning says when the calendar runs out: the current year missing, or from
// November on the next year not yet entered (the State Council publishes it each autumn).
func (s *Service) CalendarWarning() string {
	now := s.now().In(s.loc)
	cal := s.Policy().Cal
	switch {
	case !cal.Covers(now.Year()):
		return fmt.Sprintf("%d 年的节假日安排尚未录入，工作日按周一至周五计算；请系统管理员导入国务院办公厅公布的放假安排（%s）", now.Year(), calendarHow)
	case now.Month() >= 11 && !cal.Covers(now.Year()+1):
		return fmt.Sprintf("工作日历只录入到 %d 年；%d 年的放假安排公布后，请系统管理员及时导入（%s）", cal.CoveredUntil(), now.Year()+1, calendarHow)
	}
	return ""
}

// PutCalendarDay sets one day: kind "holiday" or "workday", or "normal" to remove an entry.
func (s *Service) PutCalendarDay(ctx context.Context, a *luoshi.Actor, date, kind, name string) (*CalendarYear, error) {
	if !a.Has(luoshi.RoleSysadmin) {
		return nil, forbidden("calendar.edit.forbidden")
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
// it contains, all or nothing. actor nil means the command line.
func (s *Service) ImportCalendar(ctx context.Context, a *luoshi.Actor, r io.Reader) ([]int, error) {
	if a != nil && !a.Has(luoshi.RoleSysadmin) {
		return nil, forbidden("calendar.import.forbidden")
	}
	in, err := luoshi.ParseCalendarCSV(r)
	if err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, luoshi.Errorf(luoshi.EINVALID, "calendar.import.empty")
	}
	years := map[string]bool{}
	for _, d := range in {
		years[d.Date[:4]] = true
	}
	merged := append([]luoshi.CalendarDay(nil), in...)
	for _, d := range s.Policy().Cal.AllDays() {
		if !years[d.Date[:4]] {
			merged = append(merged, d)
		}
	}
	if _, err := luoshi.NewCalendar(s.loc, merged); err != nil {
		return nil, err
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
			if years[d.Date[:4]] {
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
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []int
	for y := range years {
		n, _ := strconv.Atoi(y)
		out = append(out, n)
	}
	return out, s.ReloadCalendar(ctx)
}
