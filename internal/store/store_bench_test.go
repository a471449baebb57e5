package store_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/store"
)

// BenchmarkStore measures the store's hot paths — what a report, an item page, a unit's list
// and the unit stats cost in the database — over a generated county (60 units, 10,000 items,
// 200,000 events) on SQLite, and on PostgreSQL when LUOSHI_TEST_POSTGRES names one:
//
//	go test -run '^$' -bench BenchmarkStore ./internal/store/
func BenchmarkStore(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		dsn := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
		benchStore(b, dsn)
	})
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("LUOSHI_TEST_POSTGRES")
		if dsn == "" {
			b.Skip("LUOSHI_TEST_POSTGRES is not set")
		}
		benchStore(b, dsn)
	})
}

// benchNow is the reference time of the generated data.
var benchNow = time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC)

func benchStore(b *testing.B, dsn string) {
	ctx := context.Background()
	if _, err := gen.Generate(ctx, dsn, gen.Options{Scale: gen.Scales["county"], Seed: 1, Now: benchNow}); err != nil {
		b.Skipf("generate on %s: %v", dsn, err)
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var items []*luoshi.Item
	var units []*luoshi.Unit
	err = db.View(ctx, func(tx luoshi.Tx) error {
		if units, err = tx.FindUnits(ctx, 1); err != nil {
			return err
		}
		st := luoshi.StateInProgress
		items, _, err = tx.FindItems(ctx, luoshi.ItemFilter{RegionID: 1, State: &st, Now: benchNow, Limit: 200})
		return err
	})
	if err != nil || len(items) == 0 {
		b.Fatalf("%d items in progress: %v", len(items), err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	view := func(b *testing.B, fn func(tx luoshi.Tx) error) {
		for b.Loop() {
			if err := db.View(ctx, fn); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("FindItemByID", func(b *testing.B) {
		view(b, func(tx luoshi.Tx) error { _, err := tx.FindItemByID(ctx, 1+rng.Int64N(10_000)); return err })
	})
	b.Run("FindEvents", func(b *testing.B) {
		view(b, func(tx luoshi.Tx) error { _, err := tx.FindEvents(ctx, 1+rng.Int64N(10_000)); return err })
	})
	b.Run("FindItems/region-page", func(b *testing.B) {
		view(b, func(tx luoshi.Tx) error {
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: 1, Now: benchNow, Limit: 50})
			return err
		})
	})
	overdue := true
	b.Run("FindItems/unit-overdue", func(b *testing.B) {
		view(b, func(tx luoshi.Tx) error {
			u := units[1+rng.IntN(len(units)-1)].ID
			_, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: 1, Now: benchNow, Limit: 50, Overdue: &overdue,
				VisibleUnits: []int64{u}, VisibleLeader: -1})
			return err
		})
	})
	b.Run("UnitStats", func(b *testing.B) {
		view(b, func(tx luoshi.Tx) error { _, err := tx.UnitStats(ctx, 1, benchNow); return err })
	})
	b.Run("Report", func(b *testing.B) { benchReport(b, db, items) })
}

// benchReport is the store's share of a progress report: read the item, append the event,
// store the item with its new version, look for sub-items — in one write transaction.
func benchReport(b *testing.B, db luoshi.Store, items []*luoshi.Item) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		id := items[i%len(items)].ID
		i++
		err := db.Update(ctx, func(tx luoshi.Tx) error {
			it, err := tx.FindItemByID(ctx, id)
			if err != nil {
				return err
			}
			pct := 1 + i%90
			ev := luoshi.Event{ItemID: id, Seq: it.Version + 1, Kind: luoshi.EventReported, ActorID: 1,
				At: benchNow, Data: luoshi.EventData{Text: "已完成现场踏勘和问题摸排，建立了问题台账。", Percent: &pct}}
			if err := tx.AppendEvent(ctx, &ev, it.RegionID); err != nil {
				return err
			}
			prev := it.Version
			if err := item.Apply(it, ev); err != nil {
				return err
			}
			if _, err := tx.FindChildren(ctx, id); err != nil {
				return err
			}
			return tx.UpdateItem(ctx, it, luoshi.ItemDerived{Percent: pct}, prev)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
