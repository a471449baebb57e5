package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// scaleEnv names a PostgreSQL database holding the province dataset — 100 regions of 60
// units, 1,000,000 items, 20,000,000 events — for the measurement of docs/scaling.md. It is
// made once, by hand, and never by `go test ./...`:
//
//	luoshi bench gen --scale province --db sqlite:province.db --now 2026-11-02T09:00:00+08:00
//	luoshi copy --from sqlite:province.db --to postgres://…/luoshi_scale
//	LUOSHI_SCALE_POSTGRES=postgres://…/luoshi_scale go test -run '^$' -bench PostgresScale -benchtime 2000x ./internal/store/
const scaleEnv = "LUOSHI_SCALE_POSTGRES"

// scaleNow is the reference time the province dataset was generated at.
var scaleNow = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)

// BenchmarkPostgresScale measures the list and per-unit statistics of a region on the
// province dataset, each call on a region (and unit) drawn at random, and reports the 50th
// and 99th percentiles: "store" is the query and the decoding of its rows (Store.View),
// "service" is what the API handler calls (permission, visibility, the views of the items).
func BenchmarkPostgresScale(b *testing.B) {
	dsn := os.Getenv(scaleEnv)
	if dsn == "" {
		b.Skipf("%s is not set", scaleEnv)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc, err := service.New(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	svc.Now = func() time.Time { return scaleNow }
	var regions []*luoshi.Region
	units := map[int64][]*luoshi.Unit{}
	err = db.View(ctx, func(tx luoshi.Tx) error {
		if regions, err = tx.FindRegions(ctx); err != nil {
			return err
		}
		for _, r := range regions {
			if units[r.ID], err = tx.FindUnits(ctx, r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(regions) == 0 {
		b.Fatalf("%d regions: %v", len(regions), err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() (int, *luoshi.Region, *luoshi.Unit) {
		i := rng.IntN(len(regions))
		us := units[regions[i].ID]
		return i + 1, regions[i], us[1+rng.IntN(len(us)-1)]
	}
	red, prog, yes := luoshi.LightRed, luoshi.StateInProgress, true
	storeCases := []struct {
		name string
		f    func(r *luoshi.Region, u *luoshi.Unit) luoshi.ItemFilter
	}{
		{"list", func(r *luoshi.Region, _ *luoshi.Unit) luoshi.ItemFilter { return luoshi.ItemFilter{RegionID: r.ID} }},
		{"list-red", func(r *luoshi.Region, _ *luoshi.Unit) luoshi.ItemFilter {
			return luoshi.ItemFilter{RegionID: r.ID, Light: &red}
		}},
		{"list-in-progress", func(r *luoshi.Region, _ *luoshi.Unit) luoshi.ItemFilter {
			return luoshi.ItemFilter{RegionID: r.ID, State: &prog}
		}},
		{"list-unit", func(r *luoshi.Region, u *luoshi.Unit) luoshi.ItemFilter {
			return luoshi.ItemFilter{RegionID: r.ID, UnitID: &u.ID}
		}},
		{"list-liaison", func(r *luoshi.Region, u *luoshi.Unit) luoshi.ItemFilter {
			return luoshi.ItemFilter{RegionID: r.ID, VisibleUnits: []int64{u.ID}, VisibleLeader: -1}
		}},
		{"list-liaison-overdue", func(r *luoshi.Region, u *luoshi.Unit) luoshi.ItemFilter {
			return luoshi.ItemFilter{RegionID: r.ID, VisibleUnits: []int64{u.ID}, VisibleLeader: -1, Overdue: &yes}
		}},
	}
	for _, c := range storeCases {
		b.Run("store/"+c.name, func(b *testing.B) {
			measure(b, func() error {
				_, r, u := pick()
				f := c.f(r, u)
				f.Now, f.Limit = scaleNow, 50
				return db.View(ctx, func(tx luoshi.Tx) error {
					items, _, err := tx.FindItems(ctx, f)
					if err == nil && len(items) == 0 && c.name == "list" {
						err = fmt.Errorf("region %d lists no items", r.ID)
					}
					return err
				})
			})
		})
	}
	b.Run("store/unit-stats", func(b *testing.B) {
		measure(b, func() error {
			_, r, _ := pick()
			return db.View(ctx, func(tx luoshi.Tx) error {
				_, err := tx.UnitStats(ctx, r.ID, scaleNow)
				return err
			})
		})
	})
	actors := map[string]*luoshi.Actor{}
	actor := func(name string) *luoshi.Actor {
		if a := actors[name]; a != nil {
			return a
		}
		a, err := svc.ActorByUsername(ctx, name)
		if err != nil {
			b.Fatal(err)
		}
		actors[name] = a
		return a
	}
	b.Run("service/list-supervisor", func(b *testing.B) {
		measure(b, func() error {
			n, _, _ := pick()
			_, err := svc.ListItems(ctx, actor(gen.SupervisorUsername(n)), luoshi.ItemFilter{})
			return err
		})
	})
	b.Run("service/list-liaison", func(b *testing.B) {
		measure(b, func() error {
			n, _, _ := pick()
			_, err := svc.ListItems(ctx, actor(gen.LiaisonUsername(n, 2+rng.IntN(59))), luoshi.ItemFilter{})
			return err
		})
	})
	b.Run("service/collaboration", func(b *testing.B) {
		measure(b, func() error {
			n, _, _ := pick()
			_, err := svc.CollaborationMetrics(ctx, actor(gen.SupervisorUsername(n)), 0, scaleNow.Year())
			return err
		})
	})
	b.Run("service/unit-stats", func(b *testing.B) {
		measure(b, func() error {
			n, _, _ := pick()
			_, err := svc.UnitStats(ctx, actor(gen.SupervisorUsername(n)))
			return err
		})
	})
}

// measure runs fn b.N times and reports the percentiles of its durations.
func measure(b *testing.B, fn func() error) {
	b.Helper()
	d := make([]time.Duration, 0, b.N)
	for b.Loop() {
		t0 := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(t0))
	}
	slices.Sort(d)
	at := func(p float64) float64 { return float64(d[int(p*float64(len(d)-1))]) / 1e6 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(float64(d[len(d)-1])/1e6, "max-ms")
}
