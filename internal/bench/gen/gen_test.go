package gen_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// small is a dataset big enough to hold every scenario and small enough for CI.
var small = gen.Scale{Name: "test", Regions: 2, UnitsPerRegion: 12, Items: 600, Events: 9000}

var refNow = time.Date(2026, 11, 20, 7, 30, 0, 0, time.UTC)

func generate(t *testing.T, seed uint64) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "bench.db")
	sum, err := gen.Generate(context.Background(), "sqlite:"+file, gen.Options{Scale: small, Seed: seed, Now: refNow})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Items != small.Items || sum.Events != small.Events || sum.Regions != 2 || sum.Units != 24 {
		t.Fatalf("summary %+v, want %d items and %d events", sum, small.Items, small.Events)
	}
	return file
}

func open(t *testing.T, file string) (*store.DB, *service.Service) {
	t.Helper()
	db, svc, err := gen.Open(context.Background(), "sqlite:"+file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, svc
}

func rawDB(t *testing.T, file string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestGenerate checks the dataset against the domain: counts, referential integrity, every
// stored item the fold of its stored events, the stored light times the Policy's, and a
// spread over every state and light.
func TestGenerate(t *testing.T) {
	file := generate(t, 7)
	raw := rawDB(t, file)
	var n int
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM items`: small.Items, `SELECT COUNT(*) FROM events`: small.Events,
		`SELECT COUNT(*) FROM units`: 24, `SELECT COUNT(*) FROM pragma_foreign_key_check`: 0,
		`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'items_cockpit'`: 1,
	} {
		if err := raw.QueryRow(q).Scan(&n); err != nil || n != want {
			t.Errorf("%s = %d (%v), want %d", q, n, err, want)
		}
	}
	var mode string
	if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q %v, want wal", mode, err)
	}
	ctx := context.Background()
	db, svc := open(t, file)
	p := svc.Policy()
	states, lights := map[luoshi.State]int{}, map[luoshi.Light]int{}
	rows, err := raw.Query(`SELECT id, yellow_at, red_at, state, percent FROM items ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var y, r sql.NullInt64
		var state string
		var pct int
		if err := rows.Scan(&id, &y, &r, &state, &pct); err != nil {
			t.Fatal(err)
		}
		var it *luoshi.Item
		var evs []luoshi.Event
		err := db.View(ctx, func(tx luoshi.Tx) error {
			if it, err = tx.FindItemByID(ctx, id); err != nil {
				return err
			}
			evs, err = tx.FindEvents(ctx, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		folded, err := item.Rebuild(evs)
		if err != nil {
			t.Fatalf("item %d: %v", id, err)
		}
		folded.Code = it.Code // the code is given when the item is stored, as the service does
		if folded.CoUnitIDs == nil {
			folded.CoUnitIDs = []int64{} // as the store reads an empty list
		}
		if a, b := mustJSON(t, folded), mustJSON(t, it); a != b {
			t.Fatalf("item %d differs from the fold of its events:\nstored %s\nfolded %s", id, b, a)
		}
		wy, wr := p.LightTimes(it)
		if !sameMS(wy, y) || !sameMS(wr, r) || string(it.State) != state || pct != it.Percent {
			t.Fatalf("item %d: stored columns %v %v %s %d, policy says %v %v %s %d", id, y, r, state, pct, wy, wr, it.State, it.Percent)
		}
		if ev := evs[len(evs)-1]; ev.At.After(refNow) {
			t.Errorf("item %d: event at %s after the reference time", id, ev.At)
		}
		states[it.State]++
		lights[p.Light(it, refNow)]++
	}
	if len(states) != len(luoshi.States) || len(lights) != len(luoshi.Lights) {
		t.Errorf("spread: states %v, lights %v", states, lights)
	}
	t.Logf("states %v; lights %v", states, lights)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameMS(t *time.Time, v sql.NullInt64) bool {
	if t == nil {
		return !v.Valid
	}
	return v.Valid && t.UnixMilli() == v.Int64
}

// TestDeterministic: the same seed and reference time give the same data; another seed
// gives other data.
func TestDeterministic(t *testing.T) {
	digest := func(file string) string {
		raw := rawDB(t, file)
		h := sha256.New()
		for _, q := range []string{`SELECT id || code || doc FROM items ORDER BY id`,
			`SELECT id || item_id || seq || at || payload FROM events ORDER BY id`,
			`SELECT id || username || name FROM users ORDER BY id`} {
			rows, err := raw.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var s string
				rows.Scan(&s)
				h.Write([]byte(s))
			}
			rows.Close()
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	a, b, c := digest(generate(t, 42)), digest(generate(t, 42)), digest(generate(t, 43))
	if a != b {
		t.Errorf("seed 42 gave two datasets: %s %s", a, b)
	}
	if a == c {
		t.Errorf("seeds 42 and 43 gave the same dataset")
	}
}

// TestServiceUse: the generated accounts log in with the default password, and the services
// carry on where the history ends: a report on an item in progress, a new item numbered
// after the generated ones.
func TestServiceUse(t *testing.T) {
	file := generate(t, 1)
	ctx := context.Background()
	_, svc := open(t, file)
	svc.Now = func() time.Time { return refNow.Add(time.Minute) }
	for _, user := range []string{gen.LiaisonUsername(2, 3), gen.SupervisorUsername(2), gen.HeadUsername(1)} {
		res, err := svc.Login(ctx, user, gen.DefaultPassword)
		if err != nil || res.Pending != "" {
			t.Fatalf("login %s: %+v %v; want a session with nothing pending", user, res, err)
		}
	}
	ll, err := svc.ActorByUsername(ctx, gen.LiaisonUsername(2, 3))
	if err != nil {
		t.Fatal(err)
	}
	st := luoshi.StateInProgress
	page, err := svc.ListItems(ctx, ll, luoshi.ItemFilter{State: &st, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	reported := false
	for _, v := range page.Items {
		if v.LeadUnitID != ll.UnitID || v.PendingExtension != nil {
			continue
		}
		pct := 50
		got, err := svc.Act(ctx, ll, v.ID, luoshi.Command{Action: luoshi.ActReport, Text: "按计划推进。", Percent: &pct})
		if err != nil {
			t.Fatalf("report on item %d: %v", v.ID, err)
		}
		if got.Version != v.Version+1 || got.Light != luoshi.LightGreen && got.Light != luoshi.LightYellow && got.Light != luoshi.LightRed {
			t.Errorf("after report: version %d light %s", got.Version, got.Light)
		}
		reported = true
		break
	}
	if !reported {
		t.Fatalf("unit 3 of region 2 leads no item in progress among %d", len(page.Items))
	}
	sup, err := svc.ActorByUsername(ctx, gen.SupervisorUsername(2))
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	v, err := svc.CreateItem(ctx, sup, service.ItemInput{Title: "新增督办事项", Source: "other", Priority: "routine",
		LeadUnitID: ll.UnitID, Deadline: refNow.Add(30 * 24 * time.Hour), Assign: true, Unclassified: &yes})
	if err != nil {
		t.Fatalf("create after the generated items: %v", err)
	}
	want := fmt.Sprintf("督办〔2026〕")
	if len(v.Code) <= len(want) || v.Code[:len(want)] != want {
		t.Errorf("code %q", v.Code)
	}
	stats, err := svc.UnitStats(ctx, sup)
	if err != nil || len(stats) != small.UnitsPerRegion {
		t.Fatalf("stats: %d units, %v", len(stats), err)
	}
	if !reflect.DeepEqual(stats[0].UnitName, "县人民政府办公室") {
		t.Errorf("first unit %q", stats[0].UnitName)
	}
}

// TestDeadlinesAfterCreation: whatever the reference time, every generated item's deadline
// lies after its creation and within the last few years (a red-deadline item whose drawn
// deadline fell before its creation once got a deadline in 1880, from the unset end of its
// history, and a decline refused as coming before its assignment).
func TestDeadlinesAfterCreation(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 12, 6, 0, 44, 0, 0, time.UTC), // a Sunday morning in Beijing
		time.Date(2026, 12, 5, 23, 43, 0, 0, time.UTC),
		time.Date(2027, 1, 1, 1, 0, 0, 0, time.UTC),
	} {
		for seed := uint64(1); seed <= 6; seed++ {
			file := filepath.Join(t.TempDir(), "bench.db")
			if _, err := gen.Generate(context.Background(), "sqlite:"+file, gen.Options{Scale: small, Seed: seed, Now: now}); err != nil {
				t.Fatalf("now %s, seed %d: %v", now, seed, err)
			}
			var bad int
			earliest := now.AddDate(-3, 0, 0).UnixMilli()
			if err := rawDB(t, file).QueryRow(`SELECT count(*) FROM items WHERE deadline <= created_at OR deadline < ?`, earliest).Scan(&bad); err != nil {
				t.Fatal(err)
			}
			if bad > 0 {
				t.Errorf("now %s, seed %d: %d items with a deadline before their creation or years ago", now, seed, bad)
			}
		}
	}
}
