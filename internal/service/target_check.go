package service

import (
	"context"
	"encoding/json"
	"reflect"
	"strconv"

	"luoshi/internal/luoshi"
)

func targetRulesKey(region int64) string { return "target_rules:" + strconv.FormatInt(region, 10) }

// targetRules reads the region's target rules: the stored ones over the defaults.
func (s *Service) targetRules(ctx context.Context, tx luoshi.Tx, region int64) (*luoshi.TargetRules, error) {
	r := luoshi.DefaultTargetRules()
	raw, ok, err := tx.Setting(ctx, targetRulesKey(region))
	if err != nil || !ok {
		return r, err
	}
	if err := json.Unmarshal([]byte(raw), r); err != nil {
		return nil, err
	}
	return r, nil
}

// TargetRules returns the region's target rules; every business role may read them.
func (s *Service) TargetRules(ctx context.Context, a *luoshi.Actor) (*luoshi.TargetRules, error) {
	return s.TargetRulesIn(ctx, a, 0)
}

// TargetRulesIn is TargetRules for a region: the actor's own (0), or one a city account reads
// below its own, so that it can tell how that region's scores come about.
func (s *Service) TargetRulesIn(ctx context.Context, a *luoshi.Actor, regionID int64) (*luoshi.TargetRules, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	var r *luoshi.TargetRules
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		r, err = s.targetRules(ctx, tx, region)
		return err
	})
	return r, err
}

// SetTargetRules replaces the region's target rules; the supervision office's alone.
func (s *Service) SetTargetRules(ctx context.Context, a *luoshi.Actor, r *luoshi.TargetRules) (*luoshi.TargetRules, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if !a.Has(luoshi.RoleSupervisor) {
		return nil, forbidden("target.rules.forbidden")
	}
	if r.RequiredGrowth == nil {
		r.RequiredGrowth = map[string]float64{}
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(r)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := tx.PutSetting(ctx, targetRulesKey(a.RegionID), string(raw)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "target.rules", "target_rules", luoshi.OutcomeSuccess, string(raw))
	})
	return r, err
}

// recheck runs the ambition check on the indicators of the given letters, comparing each with
// the same indicator in the letters of peer units (same kind of unit, same year, any state)
// and, for county-level indicators, with the latest figures of peer counties. Flags that
// persist keep their justification and approval; signed letters are never rechecked.
func (s *Service) recheck(ctx context.Context, tx luoshi.Tx, region int64, year int, letterIDs []int64) error {
	rules, err := s.targetRules(ctx, tx, region)
	if err != nil {
		return err
	}
	all, err := tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: region, Year: year})
	if err != nil {
		return err
	}
	units, err := unitMap(ctx, tx, region)
	if err != nil {
		return err
	}
	bench, err := s.countyBenchmarks(ctx, tx, region, year)
	if err != nil {
		return err
	}
	want := map[int64]bool{}
	for _, id := range letterIDs {
		want[id] = true
	}
	for _, l := range all {
		if !want[l.ID] || l.State == luoshi.LetterSigned {
			continue
		}
		kind := unitKind(units[l.UnitID])
		for i := range l.Indicators {
			ind := &l.Indicators[i]
			c := luoshi.AmbitionContext{GroupName: luoshi.GroupName(kind), Peers: peersOf(all, units, l, ind, kind),
				County: bench[luoshi.PeerKey(ind.CountyIndicator)]}
			flags := luoshi.MergeFlags(ind.Flags, rules.CheckAmbition(ind, c))
			if reflect.DeepEqual(flags, ind.Flags) || (len(flags) == 0 && len(ind.Flags) == 0) {
				continue
			}
			ind.Flags = flags
			if err := tx.UpdateIndicator(ctx, ind); err != nil {
				return err
			}
		}
	}
	return nil
}

// ambitionContext is the comparison context of one indicator of a letter (for adjustments).
func (s *Service) ambitionContext(ctx context.Context, tx luoshi.Tx, l *luoshi.Letter, ind *luoshi.Indicator) (luoshi.AmbitionContext, error) {
	all, err := tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: l.RegionID, Year: l.Year})
	if err != nil {
		return luoshi.AmbitionContext{}, err
	}
	units, err := unitMap(ctx, tx, l.RegionID)
	if err != nil {
		return luoshi.AmbitionContext{}, err
	}
	bench, err := s.countyBenchmarks(ctx, tx, l.RegionID, l.Year)
	if err != nil {
		return luoshi.AmbitionContext{}, err
	}
	kind := unitKind(units[l.UnitID])
	return luoshi.AmbitionContext{GroupName: luoshi.GroupName(kind), Peers: peersOf(all, units, l, ind, kind),
		County: bench[luoshi.PeerKey(ind.CountyIndicator)]}, nil
}

func unitKind(u *luoshi.Unit) string {
	if u == nil {
		return "other"
	}
	return u.Kind
}

// peersOf: the indicator of the same name and direction in the letters of other units of
// the same kind.
func peersOf(all []*luoshi.Letter, units map[int64]*luoshi.Unit, self *luoshi.Letter, ind *luoshi.Indicator, kind string) []luoshi.PeerTarget {
	key := ind.PeerKey()
	var peers []luoshi.PeerTarget
	for _, l := range all {
		if l.UnitID == self.UnitID || unitKind(units[l.UnitID]) != kind {
			continue
		}
		for _, p := range l.Indicators {
			if p.PeerKey() == key && p.Direction == ind.Direction {
				peers = append(peers, luoshi.PeerTarget{UnitID: l.UnitID, Baseline: p.Baseline, Target: p.Target})
				break
			}
		}
	}
	return peers
}

// countyBenchmarks: for each key indicator, the median of the peer counties' figures in the
// latest quarter released by now, up to the end of year (this county left out).
func (s *Service) countyBenchmarks(ctx context.Context, tx luoshi.Tx, region int64, year int) (map[string]*luoshi.CountyBenchmark, error) {
	kis, err := tx.FindKeyIndicators(ctx, region)
	if err != nil {
		return nil, err
	}
	out := map[string]*luoshi.CountyBenchmark{}
	for _, k := range kis {
		figs, err := tx.FindKeyFigures(ctx, k.ID, 0)
		if err != nil {
			return nil, err
		}
		// The latest quarter released by now, of the letter's year at the most.
		today := s.now().In(s.loc).Format("2006-01-02")
		y, q := 0, 0
		for _, f := range figs {
			if f.Year <= year && f.ReleasedOn <= today && (f.Year > y || (f.Year == y && f.Quarter > q)) {
				y, q = f.Year, f.Quarter
			}
		}
		var vals []float64
		for _, f := range figs {
			if f.Year == y && f.Quarter == q && !f.Self {
				vals = append(vals, f.Value)
			}
		}
		if len(vals) > 0 {
			out[luoshi.PeerKey(k.Name)] = &luoshi.CountyBenchmark{Indicator: k.Name, Median: luoshi.Median(vals),
				Counties: len(vals), Year: y, Quarter: q}
		}
	}
	return out, nil
}
