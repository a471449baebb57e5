package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// BenchmarkCountyReads times a unit's and a region's lists by light, schedule and overdue
// (50 items, as a page) and the cockpit's counts for the region and for one lead unit, on a
// county made by `luoshi bench gen --scale county --seed 1 --now 2026-12-04T09:00:00+08:00`
// and named by LUOSHI_BENCH_COUNTY (a copy: opening it may write to it). Its use is to weigh a
// change of the items' indexes against the reads they serve: run it on two copies of the
// county, one with the indexes changed, alternately (docs/performance.md, "The light columns'
// indexes, weighed, and the machine at half speed"). Without the variable it is skipped.
func BenchmarkCountyReads(b *testing.B) {
	file := os.Getenv("LUOSHI_BENCH_COUNTY")
	if file == "" {
		b.Skip("LUOSHI_BENCH_COUNTY names no county file")
	}
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+file, WithoutMigrating())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now, _ := time.Parse(time.RFC3339, "2026-12-04T09:00:00+08:00")
	red, yellow, green := luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen
	behind := luoshi.ScheduleBehind
	yes := true
	filters := []struct {
		name string
		f    luoshi.ItemFilter
	}{
		{"red", luoshi.ItemFilter{Light: &red}},
		{"yellow", luoshi.ItemFilter{Light: &yellow}},
		{"green", luoshi.ItemFilter{Light: &green}},
		{"behind", luoshi.ItemFilter{Schedule: &behind}},
		{"overdue", luoshi.ItemFilter{Overdue: &yes}},
	}
	for _, scope := range []string{"unit", "region"} {
		for _, fl := range filters {
			b.Run(scope+"/"+fl.name, func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					f := fl.f
					f.RegionID, f.Now, f.Limit = 1, now, 50
					if scope == "unit" {
						u := int64(2 + i%59)
						f.UnitID = &u
					}
					if err := db.View(ctx, func(tx luoshi.Tx) error {
						_, _, err := tx.FindItems(ctx, f)
						return err
					}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	for _, scope := range []string{"region", "unit"} {
		b.Run("cockpit/"+scope, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				s := luoshi.CockpitScope{RegionID: 1, Now: now, YearStart: now.AddDate(0, -11, 0), YearEnd: now.AddDate(0, 1, 0)}
				if scope == "unit" {
					s.LeadUnits = []int64{int64(2 + i%59)}
				}
				if err := db.View(ctx, func(tx luoshi.Tx) error {
					_, err := tx.CockpitCounts(ctx, s)
					return err
				}); err != nil {
					b.Fatal(fmt.Errorf("%s: %w", scope, err))
				}
			}
		})
	}
}
