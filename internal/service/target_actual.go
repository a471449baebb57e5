package service

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

// ActualInput is one actual as a request gives it.
type ActualInput struct {
	IndicatorID int64   `json:"indicator_id"`
	Period      int     `json:"period"`
	Value       float64 `json:"value"`
	Note        string  `json:"note"`
}

// EnterActuals records actuals of a signed letter's indicators: the unit's liaison, or the
// supervision office (from official statistics). A corrected figure replaces the earlier one;
// both stay on the letter's record.
func (s *Service) EnterActuals(ctx context.Context, a *luoshi.Actor, letterID int64, ins []ActualInput) (*LetterView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if len(ins) == 0 || len(ins) > 1000 {
		return nil, luoshi.Invalid("actuals", "target.actual.count")
	}
	now := s.now()
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		l, err := s.findLetter(ctx, tx, a, letterID)
		if err != nil {
			return err
		}
		if !a.Has(luoshi.RoleSupervisor) && !target.ActsFor(a, l.UnitID) {
			return forbidden("target.actual.forbidden")
		}
		if l.State != luoshi.LetterSigned {
			return &luoshi.Error{Code: luoshi.ECONFLICT, State: string(l.State), Key: "target.actual.unsigned", Message: "target.actual.unsigned"}
		}
		var v luoshi.Validation
		var list []luoshi.Actual
		for i, in := range ins {
			f := fmt.Sprintf("actuals[%d]", i)
			ind := l.Indicator(in.IndicatorID)
			if ind == nil {
				v.Add(f+".indicator_id", "target.actual.indicator_not_in_letter", in.IndicatorID)
				continue
			}
			if msg := s.checkActual(l, ind, in.Period, in.Value, in.Note, now); msg != nil {
				v.Add(f, "target.indicator.problem", ind.Name, *msg)
				continue
			}
			list = append(list, luoshi.Actual{IndicatorID: ind.ID, Period: in.Period, Value: in.Value,
				Note: strings.TrimSpace(in.Note), Source: actualSource(a), EnteredBy: a.UserID, EnteredAt: now})
		}
		if err := v.Err(); err != nil {
			return err
		}
		return s.putActuals(ctx, tx, a, l, list, now)
	})
	if err != nil {
		return nil, err
	}
	return s.GetLetter(ctx, a, letterID, time.Time{})
}

func actualSource(a *luoshi.Actor) string {
	if a.Has(luoshi.RoleSupervisor) {
		return luoshi.ActualByOffice
	}
	return luoshi.ActualByUnit
}

// checkActual says what is wrong with an actual, or nil when nothing is: the period must be
// one of the indicator's and have ended.
func (s *Service) checkActual(l *luoshi.Letter, ind *luoshi.Indicator, period int, value float64, note string, now time.Time) *luoshi.Msg {
	var m luoshi.Msg
	n := ind.Period.Count()
	switch {
	case period < 1 || period > n:
		m = luoshi.M("target.actual.period.range", n)
	case now.Before(ind.Period.PeriodEnd(l.Year, period, s.loc)):
		m = luoshi.M("target.actual.period.open", l.Year, ind.Period.PeriodMsg(period))
	case !finite(value):
		m = luoshi.M("target.actual.value.invalid")
	case utf8.RuneCountInString(note) > luoshi.MaxIndicatorText:
		m = luoshi.M("target.actual.note.too_long", luoshi.MaxIndicatorText)
	default:
		return nil
	}
	return &m
}

// putActuals stores actuals of one letter with one event and audit record per figure.
func (s *Service) putActuals(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, list []luoshi.Actual, now time.Time) error {
	for i := range list {
		x := &list[i]
		prev, err := tx.PutActual(ctx, x)
		if err != nil {
			return err
		}
		ind := l.Indicator(x.IndicatorID)
		d := luoshi.LetterEventData{IndicatorID: x.IndicatorID, Indicator: ind.Name, Target: &x.Value,
			Text: ind.Period.PeriodLabel(x.Period), Reason: x.Source}
		if prev != nil {
			d.OldTarget = &prev.Value
		}
		if err := s.letterEvent(ctx, tx, a, l, target.ActualEntered, d, now); err != nil {
			return err
		}
	}
	return nil
}

// ImportActuals records the actuals of an imported workbook, all or nothing: every problem is
// reported by its cell and nothing is stored while any remains. A liaison imports the own
// unit's figures only.
func (s *Service) ImportActuals(ctx context.Context, a *luoshi.Actor, rows []luoshi.ActualRow) (int, error) {
	if err := requireBusiness(a); err != nil {
		return 0, err
	}
	if !a.Has(luoshi.RoleSupervisor) && !a.Has(luoshi.RoleLiaison) {
		return 0, forbidden("target.actual.import.forbidden")
	}
	if len(rows) == 0 {
		return 0, luoshi.Invalid("file", "target.actual.import.empty")
	}
	now := s.now()
	count := 0
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		units, err := unitsByName(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		var v luoshi.Validation
		letters := map[int64]*luoshi.Letter{}
		byLetter := map[int64][]luoshi.Actual{}
		seen := map[string]bool{}
		n := 0
		for _, r := range rows {
			if r.Value == nil {
				continue
			}
			n++
			u := units[strings.TrimSpace(r.UnitName)]
			switch {
			case u == nil:
				v.AddCell(r.Ref, "unit", "import.unit.unknown", r.UnitName)
				continue
			case !a.Has(luoshi.RoleSupervisor) && u.ID != a.UnitID:
				return forbidden("target.actual.import.own_unit", r.Ref.Cell("unit"))
			}
			l, err := s.signedLetter(ctx, tx, letters, u, r.Year)
			if err != nil {
				if luoshi.ErrorCode(err) != luoshi.EINVALID {
					return err
				}
				m := luoshi.MsgOf(err)
				v.AddCell(r.Ref, "year", m.Key, m.Args...)
				continue
			}
			ind := indicatorByName(l, r.Indicator)
			if ind == nil {
				v.AddCell(r.Ref, "indicator", "target.actual.import.no_indicator", u.Name, r.Year, r.Indicator)
				continue
			}
			key := fmt.Sprintf("%d/%d", ind.ID, r.Period)
			if seen[key] {
				v.AddCell(r.Ref, "period", "target.actual.import.duplicate")
				continue
			}
			seen[key] = true
			if msg := s.checkActual(l, ind, r.Period, *r.Value, r.Note, now); msg != nil {
				v.AddCell(r.Ref, "period", msg.Key, msg.Args...)
				continue
			}
			byLetter[l.ID] = append(byLetter[l.ID], luoshi.Actual{IndicatorID: ind.ID, Period: r.Period, Value: *r.Value,
				Note: strings.TrimSpace(r.Note), Source: luoshi.ActualImported, EnteredBy: a.UserID, EnteredAt: now})
		}
		if n == 0 {
			v.Add("file", "target.actual.import.no_values")
		}
		if err := v.Err(); err != nil {
			return err
		}
		count = n
		for id, list := range byLetter {
			if err := s.putActuals(ctx, tx, a, letters[id], list, now); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "target.actuals_import", "actuals", luoshi.OutcomeSuccess, fmt.Sprintf("导入 %d 条实绩", n))
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}

// signedLetter finds (and caches by ID) the unit's signed letter of the year.
func (s *Service) signedLetter(ctx context.Context, tx luoshi.Tx, cache map[int64]*luoshi.Letter, u *luoshi.Unit, year int) (*luoshi.Letter, error) {
	for _, l := range cache {
		if l.UnitID == u.ID && l.Year == year {
			return l, nil
		}
	}
	l, err := tx.FindLetter(ctx, u.ID, year)
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
		return nil, luoshi.Invalid("year", "target.actual.no_letter", u.Name, year)
	}
	if err != nil {
		return nil, err
	}
	if l.State != luoshi.LetterSigned {
		return nil, luoshi.Invalid("year", "target.actual.letter_unsigned", u.Name, year)
	}
	cache[l.ID] = l
	return l, nil
}

func indicatorByName(l *luoshi.Letter, name string) *luoshi.Indicator {
	key := luoshi.PeerKey(name)
	for i := range l.Indicators {
		if l.Indicators[i].PeerKey() == key {
			return &l.Indicators[i]
		}
	}
	return nil
}

func unitsByName(ctx context.Context, tx luoshi.Tx, region int64) (map[string]*luoshi.Unit, error) {
	units, err := tx.FindUnits(ctx, region)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*luoshi.Unit, len(units))
	for _, u := range units {
		m[u.Name] = u
	}
	return m, nil
}

// ActualsSheet returns the rows of an actuals workbook prefilled for the signed letters the
// actor may report for: each indicator and each period ended, with the figure already on
// record, so that nothing reported once is asked for again.
func (s *Service) ActualsSheet(ctx context.Context, a *luoshi.Actor, year int) ([]luoshi.ActualRow, error) {
	if err := businessYear(a, year); err != nil {
		return nil, err
	}
	var rows []luoshi.ActualRow
	now := s.now()
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		letters, err := tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: a.RegionID, Year: year,
			UnitIDs: visibleUnits(a), State: luoshi.LetterSigned})
		if err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(letters))
		for i, l := range letters {
			ids[i] = l.ID
		}
		actuals, err := tx.FindActuals(ctx, ids)
		if err != nil {
			return err
		}
		got := map[string]luoshi.Actual{}
		for _, x := range actuals {
			got[fmt.Sprintf("%d/%d", x.IndicatorID, x.Period)] = x
		}
		for _, l := range letters {
			for _, ind := range l.Indicators {
				for k := 1; k <= ind.Period.DuePeriod(year, now, s.loc); k++ {
					r := luoshi.ActualRow{UnitName: units[l.UnitID].Name, Year: year, Indicator: ind.Name, Period: k}
					if x, ok := got[fmt.Sprintf("%d/%d", ind.ID, k)]; ok {
						val := x.Value
						r.Value, r.Note = &val, x.Note
					}
					rows = append(rows, r)
				}
			}
		}
		return nil
	})
	return rows, err
}
