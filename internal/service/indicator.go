package service

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"luoshi/internal/luoshi"
)

// KeyIndicatorView is a key development indicator with this county's standing in the
// latest quarter on record and its trend over the quarters.
type KeyIndicatorView struct {
	*luoshi.KeyIndicator
	Latest *luoshi.Standing `json:"latest"`
	Trend  []TrendPoint     `json:"trend"`
}

// TrendPoint is this county's standing in one quarter.
type TrendPoint struct {
	Year     int      `json:"year"`
	Quarter  int      `json:"quarter"`
	Rank     int      `json:"rank"`
	Counties int      `json:"counties"`
	Value    *float64 `json:"value"`
	Median   float64  `json:"median"`
	AheadGap *float64 `json:"ahead_gap"`
}

// PeerComparison is one indicator compared with the peer counties, quarter by quarter.
type PeerComparison struct {
	*luoshi.KeyIndicator
	Year     int               `json:"year"`
	Quarters []luoshi.Standing `json:"quarters"`
	Trend    []TrendPoint      `json:"trend"`
}

// standings ranks each quarter's figures.
func standings(k *luoshi.KeyIndicator, figs []luoshi.KeyFigure) []luoshi.Standing {
	out := []luoshi.Standing{}
	for i := 0; i < len(figs); {
		j := i
		for j < len(figs) && figs[j].Year == figs[i].Year && figs[j].Quarter == figs[i].Quarter {
			j++
		}
		out = append(out, luoshi.RankFigures(k.Direction, figs[i:j]))
		i = j
	}
	return out
}

func trend(sts []luoshi.Standing) []TrendPoint {
	out := []TrendPoint{}
	for _, st := range sts {
		p := TrendPoint{Year: st.Year, Quarter: st.Quarter, Rank: st.Rank, Counties: st.Counties, Value: st.Value, Median: st.Median}
		if st.Ahead != nil {
			g := st.Ahead.Gap
			p.AheadGap = &g
		}
		out = append(out, p)
	}
	return out
}

// KeyIndicators lists the region's key development indicators with the latest standing;
// year (0: every year) limits the trend.
func (s *Service) KeyIndicators(ctx context.Context, a *luoshi.Actor, year int) ([]KeyIndicatorView, error) {
	return s.KeyIndicatorsIn(ctx, a, 0, year)
}

// KeyIndicatorsIn is KeyIndicators for a region: the actor's own (0), or one a city account
// reads below its own. Another region is not found.
func (s *Service) KeyIndicatorsIn(ctx context.Context, a *luoshi.Actor, regionID int64, year int) ([]KeyIndicatorView, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	out := []KeyIndicatorView{}
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		kis, err := tx.FindKeyIndicators(ctx, region)
		if err != nil {
			return err
		}
		for _, k := range kis {
			figs, err := tx.FindKeyFigures(ctx, k.ID, year)
			if err != nil {
				return err
			}
			sts := standings(k, figs)
			v := KeyIndicatorView{KeyIndicator: k, Trend: trend(sts)}
			if len(sts) > 0 {
				v.Latest = &sts[len(sts)-1]
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}

// CompareKeyIndicator ranks one indicator's figures quarter by quarter (year 0: every year):
// one of the actor's region, or as a city account of a region below its own.
func (s *Service) CompareKeyIndicator(ctx context.Context, a *luoshi.Actor, id int64, year int) (*PeerComparison, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	var pc *PeerComparison
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		k, err := tx.FindKeyIndicatorByID(ctx, id)
		if err != nil {
			return err
		}
		if !a.ReadsRegion(k.RegionID) {
			return luoshi.Errorf(luoshi.ENOTFOUND, "indicator.stat.not_found")
		}
		figs, err := tx.FindKeyFigures(ctx, k.ID, year)
		if err != nil {
			return err
		}
		sts := standings(k, figs)
		pc = &PeerComparison{KeyIndicator: k, Year: year, Quarters: sts, Trend: trend(sts)}
		return nil
	})
	return pc, err
}

// ImportKeyFigures records the official figures of an imported workbook, all or nothing; the
// supervision office's alone, as units only read official statistics. A figure for the same
// county and quarter replaces the earlier release, and the audit trail keeps the old value.
func (s *Service) ImportKeyFigures(ctx context.Context, a *luoshi.Actor, rows []luoshi.KeyFigureRow) (int, error) {
	if err := requireBusiness(a); err != nil {
		return 0, err
	}
	if !a.Has(luoshi.RoleSupervisor) {
		return 0, forbidden("indicator.stat.import.forbidden")
	}
	switch {
	case len(rows) == 0:
		return 0, luoshi.Invalid("file", "import.no_indicators")
	case len(rows) > MaxImportRows:
		return 0, luoshi.Invalid("file", "import.too_many_rows", MaxImportRows)
	}
	now := s.now()
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		region, err := tx.FindRegionByID(ctx, a.RegionID)
		if err != nil {
			return err
		}
		if err := s.checkFigures(rows, now); err != nil {
			return err
		}
		kis := map[string]*luoshi.KeyIndicator{}
		var changed []string
		for _, r := range rows {
			key := luoshi.PeerKey(r.Indicator)
			k := kis[key]
			if k == nil {
				k = &luoshi.KeyIndicator{RegionID: a.RegionID, Name: strings.TrimSpace(r.Indicator),
					MeasureUnit: strings.TrimSpace(r.MeasureUnit), Direction: r.Direction}
				if err := tx.PutKeyIndicator(ctx, k); err != nil {
					return err
				}
				kis[key] = k
			}
			f := r.Figure
			f.KeyIndicatorID, f.ImportedBy, f.ImportedAt = k.ID, a.UserID, now
			f.County, f.CountyCode = strings.TrimSpace(f.County), strings.TrimSpace(f.CountyCode)
			f.Self = (f.CountyCode != "" && f.CountyCode == region.Code) || f.County == region.Name
			prev, err := tx.PutKeyFigure(ctx, &f)
			if err != nil {
				return err
			}
			if prev != nil && prev.Value != f.Value {
				changed = append(changed, fmt.Sprintf("%s %d年Q%d %s: %v→%v", k.Name, f.Year, f.Quarter, f.County, prev.Value, f.Value))
			}
		}
		detail := fmt.Sprintf("导入 %d 条重要发展指标数据", len(rows))
		if len(changed) > 0 {
			detail += "；修订 " + strings.Join(changed, "；")
		}
		return s.audit(ctx, tx, a, "indicator.import", "key_indicators", luoshi.OutcomeSuccess, detail)
	})
	if err != nil {
		return 0, err
	}
	return len(rows), nil
}

// checkFigures reports every problem of the rows by its cell: one indicator keeps one measure
// unit and direction, a county appears once per quarter, sources and release dates are given.
func (s *Service) checkFigures(rows []luoshi.KeyFigureRow, now time.Time) error {
	var v luoshi.Validation
	type meta struct{ unit, dir string }
	metas := map[string]meta{}
	seen := map[string]bool{}
	today := now.In(s.loc).Format("2006-01-02")
	for _, r := range rows {
		key := luoshi.PeerKey(r.Indicator)
		f := r.Figure
		switch n := utf8.RuneCountInString(strings.TrimSpace(r.Indicator)); {
		case n == 0:
			v.AddCell(r.Ref, "indicator", "indicator.name.required")
		case n > luoshi.MaxIndicatorName:
			v.AddCell(r.Ref, "indicator", "indicator.name.too_long", luoshi.MaxIndicatorName)
		}
		if r.Direction != luoshi.HigherBetter && r.Direction != luoshi.LowerBetter {
			v.AddCell(r.Ref, "direction", "indicator.stat.direction")
		}
		if m, ok := metas[key]; ok && (m.unit != strings.TrimSpace(r.MeasureUnit) || m.dir != string(r.Direction)) {
			v.AddCell(r.Ref, "measure_unit", "indicator.stat.inconsistent", m.unit, m.dir)
		} else if !ok {
			metas[key] = meta{strings.TrimSpace(r.MeasureUnit), string(r.Direction)}
		}
		if f.Year < MinTargetYear || f.Year > MaxTargetYear {
			v.AddCell(r.Ref, "year", "target.year.range", MinTargetYear, MaxTargetYear)
		}
		if f.Quarter < 1 || f.Quarter > 4 {
			v.AddCell(r.Ref, "quarter", "indicator.stat.quarter")
		}
		county := strings.TrimSpace(f.County)
		if county == "" || utf8.RuneCountInString(county) > 50 {
			v.AddCell(r.Ref, "county", "indicator.stat.county")
		}
		dup := fmt.Sprintf("%s/%d/%d/%s", key, f.Year, f.Quarter, county)
		if seen[dup] {
			v.AddCell(r.Ref, "county", "indicator.stat.duplicate", county, f.Year, f.Quarter)
		}
		seen[dup] = true
		if !finite(f.Value) {
			v.AddCell(r.Ref, "value", "value.invalid")
		}
		if src := strings.TrimSpace(f.Source); src == "" || utf8.RuneCountInString(src) > 200 {
			v.AddCell(r.Ref, "source", "indicator.stat.source")
		}
		if _, err := time.Parse("2006-01-02", f.ReleasedOn); err != nil {
			v.AddCell(r.Ref, "released_on", "indicator.stat.released_on")
		} else if f.ReleasedOn > today {
			v.AddCell(r.Ref, "released_on", "indicator.stat.released_future", f.ReleasedOn)
		}
	}
	return v.Err()
}
