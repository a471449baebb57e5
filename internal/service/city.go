package service

import (
	"context"

	"luoshi/internal/luoshi"
)

// CountySummary is one region below a city account's own, counted as its supervision office
// counts it: the units' statistics added up.
type CountySummary struct {
	Region          *luoshi.Region
	Open            int
	Green           int
	Yellow          int
	Red             int
	Overdue         int
	Completed       int
	CompletedOnTime int
	OnTimeRate      float64
}

// CountySummaries returns, for a city account, each region below its own with its totals,
// in the order of ListRegions.
func (s *Service) CountySummaries(ctx context.Context, a *luoshi.Actor) ([]CountySummary, error) {
	if !a.Has(luoshi.RoleCity) {
		return nil, s.deny(ctx, a, "counties.read", "", "city.forbidden")
	}
	regions, err := s.ListRegions(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []CountySummary
	for _, r := range regions {
		if r.ID == a.RegionID {
			continue
		}
		stats, err := s.UnitStatsIn(ctx, a, r.ID)
		if err != nil {
			return nil, err
		}
		c := CountySummary{Region: r}
		for _, st := range stats {
			c.Open += st.Open
			c.Green += st.Green
			c.Yellow += st.Yellow
			c.Red += st.Red
			c.Overdue += st.Overdue
			c.Completed += st.Completed
			c.CompletedOnTime += st.CompletedOnTime
		}
		if c.Completed > 0 {
			c.OnTimeRate = float64(c.CompletedOnTime) / float64(c.Completed)
		}
		out = append(out, c)
	}
	return out, nil
}
