package service

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

// MaxImportRows bounds one imported workbook.
const MaxImportRows = 5000

// LetterImport is what an import of letters did.
type LetterImport struct {
	Letters    []LetterSummary `json:"letters"`
	Indicators int             `json:"indicators"`
	Flagged    int             `json:"flagged"`
}

type letterKey struct {
	unit int64
	year int
}

// ImportLetters creates (or, for drafts, replaces) the letters of an imported workbook and
// runs the ambition check over them once all are in, so that every unit is compared with
// the whole import. All or nothing: every problem is reported by its cell, and nothing is
// stored while any remains. A liaison imports the own unit's letter only.
func (s *Service) ImportLetters(ctx context.Context, a *luoshi.Actor, rows []luoshi.TargetRow) (*LetterImport, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if !a.Has(luoshi.RoleSupervisor) && !a.Has(luoshi.RoleLiaison) {
		return nil, forbidden("target.import.forbidden")
	}
	switch {
	case len(rows) == 0:
		return nil, luoshi.Invalid("file", "import.no_indicators")
	case len(rows) > MaxImportRows:
		return nil, luoshi.Invalid("file", "import.too_many_rows", MaxImportRows)
	}
	now := s.now()
	res := &LetterImport{Letters: []LetterSummary{}}
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		groups, order, err := s.groupRows(ctx, tx, a, rows)
		if err != nil {
			return err
		}
		var ids []int64
		years := map[int][]int64{}
		for _, k := range order {
			l, err := s.importLetter(ctx, tx, a, k, groups[k], now)
			if err != nil {
				return err
			}
			ids = append(ids, l.ID)
			years[k.year] = append(years[k.year], l.ID)
		}
		for y, yids := range years {
			if err := s.recheck(ctx, tx, a.RegionID, y, yids); err != nil {
				return err
			}
		}
		units, err := unitMap(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			l, err := tx.FindLetterByID(ctx, id)
			if err != nil {
				return err
			}
			sum := summarize(l, units[l.UnitID])
			res.Letters = append(res.Letters, sum)
			res.Indicators += sum.Indicators
			res.Flagged += sum.Flags
		}
		return s.audit(ctx, tx, a, "target.import", "letters", luoshi.OutcomeSuccess,
			fmt.Sprintf("导入 %d 份目标责任书、%d 项指标，%d 处目标定位问题", len(ids), res.Indicators, res.Flagged))
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// groupRows validates every row and groups them by unit and year, in the workbook's order.
func (s *Service) groupRows(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, rows []luoshi.TargetRow) (map[letterKey][]luoshi.TargetRow, []letterKey, error) {
	units, err := unitsByName(ctx, tx, a.RegionID)
	if err != nil {
		return nil, nil, err
	}
	var v luoshi.Validation
	groups := map[letterKey][]luoshi.TargetRow{}
	var order []letterKey
	names := map[letterKey]map[string]bool{}
	for _, r := range rows {
		u := units[strings.TrimSpace(r.UnitName)]
		if u == nil {
			v.AddCell(r.Ref, "unit", "import.unit.unknown", r.UnitName)
			continue
		}
		if !a.Has(luoshi.RoleSupervisor) && u.ID != a.UnitID {
			return nil, nil, forbidden("target.import.own_unit", r.Ref.Cell("unit"))
		}
		if r.Year < MinTargetYear || r.Year > MaxTargetYear {
			v.AddCell(r.Ref, "year", "target.year.range", MinTargetYear, MaxTargetYear)
			continue
		}
		ind := r.Indicator
		cellErrors(&v, r.Ref, &ind)
		k := letterKey{u.ID, r.Year}
		if names[k] == nil {
			names[k] = map[string]bool{}
			order = append(order, k)
		}
		if key := ind.PeerKey(); key != "" && names[k][key] {
			v.AddCell(r.Ref, "name", "target.import.indicator_repeated", u.Name, r.Year, ind.Name)
		} else {
			names[k][key] = true
		}
		groups[k] = append(groups[k], r)
	}
	for _, k := range order {
		if len(groups[k]) > luoshi.MaxIndicators {
			r := groups[k][luoshi.MaxIndicators]
			v.AddCell(r.Ref, "name", "target.import.too_many_indicators", luoshi.MaxIndicators)
		}
		if l, err := tx.FindLetter(ctx, k.unit, k.year); err == nil && l.State != luoshi.LetterDraft {
			r := groups[k][0]
			v.AddCell(r.Ref, "unit", "target.import.letter_locked",
				strings.TrimSpace(r.UnitName), k.year)
		} else if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
			return nil, nil, err
		}
	}
	return groups, order, v.Err()
}

// cellErrors validates an imported indicator and reports each problem at its cell.
func cellErrors(v *luoshi.Validation, ref *luoshi.RowRef, ind *luoshi.Indicator) {
	var iv luoshi.Validation
	ind.Validate(&iv, "x")
	e, ok := luoshi.AsError(iv.Err())
	if !ok {
		return
	}
	fields := make([]luoshi.FieldError, len(e.Fields))
	copy(fields, e.Fields)
	sort.SliceStable(fields, func(i, j int) bool { return ref.Addr(fields[i].Field) < ref.Addr(fields[j].Field) })
	for _, f := range fields {
		v.AddCell(ref, strings.TrimPrefix(f.Field, "x."), f.Key, f.Args...)
	}
}

// importLetter creates the letter of one unit and year, or replaces a draft's indicators.
func (s *Service) importLetter(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, k letterKey, rows []luoshi.TargetRow, now time.Time) (*luoshi.Letter, error) {
	inds := make([]luoshi.Indicator, len(rows))
	for i, r := range rows {
		inds[i] = r.Indicator
		inds[i].Flags = []luoshi.Flag{}
	}
	l, err := tx.FindLetter(ctx, k.unit, k.year)
	switch {
	case err == nil:
		l.Indicators = inds
		if err := s.bump(ctx, tx, l, now); err != nil {
			return nil, err
		}
		if err := tx.ReplaceIndicators(ctx, l); err != nil {
			return nil, err
		}
	case luoshi.ErrorCode(err) == luoshi.ENOTFOUND:
		l = &luoshi.Letter{RegionID: a.RegionID, UnitID: k.unit, Year: k.year, State: luoshi.LetterDraft, Version: 1,
			CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now, Indicators: inds}
		if err := tx.CreateLetter(ctx, l); err != nil {
			return nil, err
		}
	default:
		return nil, err
	}
	return l, s.letterEvent(ctx, tx, a, l, target.Imported, luoshi.LetterEventData{Indicators: len(inds)}, now)
}
