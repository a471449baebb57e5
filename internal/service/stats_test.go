package service_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestStatsSnapshot: the per-unit counts, counted in memory from a snapshot of the region's
// rows, equal what the store counts in SQL at the same moment — after this process's writes
// at once (their items are read again over the snapshot), after the clock moves (lights and
// deadlines turn with no write), and after writes that passed no event (another process
// sharing the database, derived moments) once the snapshot is read again: at once when it
// is StatsMaxAge old, in the background when StatsRefresh old.
func TestStatsSnapshot(t *testing.T) {
	ctx := t.Context()
	clock := time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "stats.db")
	scale := gen.Scale{Name: "stats", Regions: 1, UnitsPerRegion: 12, Items: 600, Events: 9000}
	if _, err := gen.Generate(ctx, dsn, gen.Options{Scale: scale, Seed: 3, Now: clock}); err != nil {
		t.Fatal(err)
	}
	db, svc, err := gen.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc.Now = func() time.Time { return clock }
	var mu sync.Mutex
	wall := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	service.SetStatsWall(svc, func() time.Time { mu.Lock(); defer mu.Unlock(); return wall })
	moveWall := func(d time.Duration) { mu.Lock(); wall = wall.Add(d); mu.Unlock() }
	actor := func(username string) *luoshi.Actor {
		a, err := svc.ActorByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	sup := actor(gen.SupervisorUsername(1))
	sql := func() []luoshi.UnitStats {
		var stats []luoshi.UnitStats
		if err := db.View(ctx, func(tx luoshi.Tx) (err error) {
			stats, err = tx.UnitStats(ctx, sup.RegionID, clock)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for i, st := range stats {
			if st.Completed > 0 {
				stats[i].OnTimeRate = float64(st.CompletedOnTime) / float64(st.Completed)
			}
		}
		return stats
	}
	count := func() []luoshi.UnitStats {
		got, err := svc.UnitStats(ctx, sup)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	check := func(label string) {
		t.Helper()
		if got, want := count(), sql(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: counted\n%+v\nwant (SQL)\n%+v", label, got, want)
		}
	}
	check("first count")
	before := count()
	installed := make(chan struct{})

	// This process's writes count at once.
	liaison := actor(gen.LiaisonUsername(1, 2))
	yes := true
	created, err := svc.CreateItem(ctx, sup, service.ItemInput{Title: "统计快照", Source: "other", Priority: "routine",
		LeadUnitID: liaison.UnitID, Deadline: clock.Add(-time.Hour + 30*24*time.Hour), Assign: true, Unclassified: &yes})
	if err != nil {
		t.Fatal(err)
	}
	check("after a create")
	if reflect.DeepEqual(count(), before) {
		t.Fatal("a created item did not change the counts: the test proves nothing")
	}
	st := luoshi.StateInProgress
	page, err := svc.ListItems(ctx, liaison, luoshi.ItemFilter{State: &st, Limit: 50})
	if err != nil || len(page.Items) < 2 {
		t.Fatalf("the liaison's items in progress: %d, %v", len(page.Items), err)
	}
	var mine []int64
	for _, v := range page.Items {
		if v.LeadUnitID == liaison.UnitID {
			mine = append(mine, v.ID)
		}
	}
	if len(mine) < 2 {
		t.Fatalf("the liaison leads %d items in progress; want 2", len(mine))
	}
	pct := 60
	if _, err := svc.Act(ctx, liaison, mine[0], luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: "已完成", Percent: &pct}); err != nil {
		t.Fatal(err)
	}
	check("after a completion request")
	if _, err := svc.Act(ctx, sup, created.ID, luoshi.Command{Action: luoshi.ActCancel, Reason: "重复立项"}); err != nil {
		t.Fatal(err)
	}
	check("after a cancellation")

	// The clock moves: lights and deadlines turn without a write.
	for _, d := range []time.Duration{time.Hour, 3 * 24 * time.Hour, 40 * 24 * time.Hour} {
		clock = clock.Add(d)
		check("after the clock moved " + d.String())
	}

	// A write that passed no event: counted once the snapshot is read again.
	derive := func(id int64, red time.Time) {
		t.Helper()
		if err := db.Update(ctx, func(tx luoshi.Tx) error {
			return tx.UpdateItemDerived(ctx, id, luoshi.ItemDerived{YellowAt: &red, RedAt: &red, Percent: 10})
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Forty days on, the item is red (past its deadline); a year on it is green.
	before = sql()
	derive(mine[1], clock.Add(365*24*time.Hour))
	if reflect.DeepEqual(sql(), before) {
		t.Fatal("the derived moments did not change the counts: the test proves nothing")
	}
	moveWall(service.StatsMaxAge)
	check("a write with no event, the snapshot StatsMaxAge old")

	before = sql()
	derive(mine[1], clock.Add(-time.Minute))
	if reflect.DeepEqual(sql(), before) {
		t.Fatal("the derived moments did not change the counts back: the test proves nothing")
	}
	moveWall(service.StatsRefresh)
	want := sql()
	deadline := time.Now().Add(20 * time.Second)
	for got := count(); !reflect.DeepEqual(got, want); got = count() {
		if time.Now().After(deadline) {
			t.Fatalf("a write with no event, the snapshot StatsRefresh old: still not counted after 20 s\n%+v\nwant\n%+v", got, want)
		}
		time.Sleep(10 * time.Millisecond)
	}

	// The marks of this process's writes expire; the snapshot read since holds the writes.
	moveWall(service.StatsChangedWindow)
	check("after the marks expired")

	// A burst of writes, more items marked than a count reads again: the snapshot is read
	// again at once.
	for i := range 300 {
		if _, err := svc.CreateItem(ctx, sup, service.ItemInput{Title: fmt.Sprintf("批量事项%d", i), Source: "other",
			Priority: "routine", LeadUnitID: liaison.UnitID, Deadline: clock.Add(time.Duration(i+1) * time.Hour),
			Assign: true, Unclassified: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	check("after a burst of 300 creates")

	// A count reads again only the items written in the last moments: a mark is forgotten
	// once a read begun StatsCommitSlack after it has read its row.
	moveWall(service.StatsMaxAge) // a snapshot read now holds the burst
	check("the snapshot read again after the burst")
	one := func(title string) {
		t.Helper()
		if _, err := svc.CreateItem(ctx, sup, service.ItemInput{Title: title, Source: "other", Priority: "routine",
			LeadUnitID: liaison.UnitID, Deadline: clock.Add(24 * time.Hour), Assign: true, Unclassified: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	reread := func(label string, want uint64) {
		t.Helper()
		n := service.StatsReread(svc)
		check(label)
		if got := service.StatsReread(svc) - n; got != want {
			t.Errorf("%s: the count read %d rows again over the snapshot; want %d", label, got, want)
		}
	}
	one("逾期事项甲")
	reread("a write, counted at once", 1)
	moveWall(service.StatsCommitSlack + time.Second)
	reread("the write's row read again after it must have committed", 1)
	reread("the next count", 0)

	// A snapshot whose read began before a write, installed after a count read the write's
	// row again (and forgot its mark), does not take the row back.
	moveWall(service.StatsRefresh)
	service.SetStatsLoaded(svc, func() {
		one("逾期事项乙") // the snapshot being installed was read before it
		moveWall(service.StatsCommitSlack + time.Second)
		reread("a write during a background read", 1)
		reread("the next count, the background read not yet installed", 0)
	}, func() { installed <- struct{}{} })
	count() // starts the background read
	<-installed
	service.SetStatsLoaded(svc, nil, nil)
	check("the background read installed")
}
