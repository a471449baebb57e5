package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store"
)

// BenchmarkFindPractices searches a library of 2,000 practices (a county's is hundreds) by a
// two-word Chinese query, which scans the region's search column with LIKE:
//
//	go test -run '^$' -bench BenchmarkFindPractices ./internal/store/
func BenchmarkFindPractices(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchPractices(b, "sqlite:"+filepath.Join(b.TempDir(), "bench.db")) })
	b.Run("postgres", func(b *testing.B) {
		dsn := os.Getenv("LUOSHI_TEST_POSTGRES")
		if dsn == "" {
			b.Skip("LUOSHI_TEST_POSTGRES is not set")
		}
		benchPractices(b, dsn)
	})
}

func benchPractices(b *testing.B, dsn string) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var region int64
	places := []string{"浙江省德清县", "江苏省昆山市", "福建省晋江市", "山东省寿光市", "广东省佛山市"}
	err = db.Update(ctx, func(tx luoshi.Tx) error {
		r := &luoshi.Region{Code: fmt.Sprintf("9%05d", now.UnixNano()%100000), Name: "基准县", TZ: "Asia/Shanghai", CreatedAt: now}
		if err := tx.CreateRegion(ctx, r); err != nil {
			return err
		}
		region = r.ID
		for i := range 2000 {
			p := &luoshi.Practice{RegionID: region, Place: places[i%len(places)], Title: fmt.Sprintf("经验做法%d：推进政务服务改革", i),
				What:   "设立综合受理窗口，前台综合受理、后台分类审批、统一窗口出件，推行帮办代办和容缺受理。",
				Result: fmt.Sprintf("办事时间缩短%d%%", i%60), Tags: []string{"政务服务", fmt.Sprintf("标签%d", i%40)},
				TopicIDs: []int64{}, ItemIDs: []int64{}, Version: 1, CreatedAt: now, UpdatedAt: now}
			if err := tx.CreatePractice(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		err := db.View(ctx, func(tx luoshi.Tx) error {
			list, err := tx.FindPractices(ctx, luoshi.PracticeFilter{RegionID: region, Query: "昆山 缩短5"})
			if err == nil && len(list) == 0 {
				err = fmt.Errorf("nothing found")
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
