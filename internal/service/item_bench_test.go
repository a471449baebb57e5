package service_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// BenchmarkItemService measures the use cases behind the load tool's workloads, without
// HTTP, over a generated county (60 units, 10,000 items, 200,000 events) on SQLite:
//
//	go test -run '^$' -bench BenchmarkItemService ./internal/service/
func BenchmarkItemService(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC)
	dsn := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	if _, err := gen.Generate(ctx, dsn, gen.Options{Scale: gen.Scales["county"], Seed: 1, Now: now}); err != nil {
		b.Fatal(err)
	}
	db, svc, err := gen.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc.Now = func() time.Time { return now }
	actor := func(username string) *luoshi.Actor {
		a, err := svc.ActorByUsername(ctx, username)
		if err != nil {
			b.Fatal(err)
		}
		return a
	}
	sup, liaison := actor(gen.SupervisorUsername(1)), actor(gen.LiaisonUsername(1, 2))
	st := luoshi.StateInProgress
	page, err := svc.ListItems(ctx, liaison, luoshi.ItemFilter{State: &st, Limit: 200})
	if err != nil {
		b.Fatal(err)
	}
	var open []int64
	for _, v := range page.Items {
		if v.LeadUnitID == liaison.UnitID {
			open = append(open, v.ID)
		}
	}
	if len(open) == 0 {
		b.Fatal("the liaison leads no item in progress")
	}
	overdue := true
	i := 0
	next := func() int64 { i++; return open[i%len(open)] }
	b.Run("GetItem", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.GetItem(ctx, liaison, next()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Events", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.Events(ctx, liaison, next()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ListItems/unit-overdue", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.ListItems(ctx, liaison, luoshi.ItemFilter{Overdue: &overdue, Limit: 50}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UnitStats", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.UnitStats(ctx, sup); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Report", func(b *testing.B) {
		pct := 40
		for b.Loop() {
			cmd := luoshi.Command{Action: luoshi.ActReport, Text: "已完成现场踏勘和问题摸排，建立了问题台账。", Percent: &pct}
			if _, err := svc.Act(ctx, liaison, next(), cmd); err != nil {
				b.Fatal(err)
			}
		}
	})
	yes := true
	b.Run("CreateItem", func(b *testing.B) {
		for b.Loop() {
			in := service.ItemInput{Title: "新增城区公共停车泊位1500个缓解停车难", Source: "meeting_decision",
				Priority: "important", LeadUnitID: liaison.UnitID, Deadline: now.Add(60 * 24 * time.Hour),
				ReportEvery: "1w", Assign: true, Unclassified: &yes}
			if _, err := svc.CreateItem(ctx, sup, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
