package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify/notifytest"
	"luoshi/internal/service"
)

// TestBackfill: the back-fill, which computes reminders for many items at once in
// set-based batches, records for each item exactly the pending reminders the event hook
// records one item at a time — for urgent and ordinary items, accepted or not, urged or
// not — and deletes the pending ones no longer owed; on SQLite and PostgreSQL.
func TestBackfill(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) { backfill(t, notifytest.NewOn(t, db, service.DefaultNotifyConfig())) })
	}
}

func backfill(t *testing.T, e *notifytest.Env) {
	var ids []int64
	for i := range 40 {
		p := luoshi.PriorityImportant
		if i%3 == 0 {
			p = luoshi.PriorityUrgent
		}
		// Some due within hours (overdue below), the rest in days.
		deadline := notifytest.Start.Add(time.Duration(2+i) * 24 * time.Hour)
		if i < 10 {
			deadline = notifytest.Start.Add(time.Duration(1+i) * time.Hour)
		}
		it := e.MustCreateItem(p, deadline)
		if i%2 == 0 {
			e.MustAct("a_ll", it.ID, luoshi.Command{Action: luoshi.ActAccept})
		}
		ids = append(ids, it.ID)
	}
	// Overdue items urged: their next urging is owed from the last one.
	e.Clock.Add(6 * time.Hour)
	for _, i := range []int{0, 2, 3, 4} {
		e.MustAct("sup", ids[i], luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeBlue, Text: "请加快进度"})
	}
	e.Clock.Add(time.Hour)
	e.MustAct("sup", ids[0], luoshi.Command{Action: luoshi.ActUrge, Level: luoshi.UrgeOrange, Text: "请加快进度"})
	// The oracle: an event on every item now makes the hook record, one item at a time,
	// what each owes at this moment.
	for _, id := range ids {
		e.MustAct("lead", id, luoshi.Command{Action: luoshi.ActInstruct, Text: "抓紧推进"})
	}
	pending := func() map[int64][]string {
		out := map[int64][]string{}
		for _, id := range ids {
			var rs []luoshi.Reminder
			err := e.DB.View(context.Background(), func(tx luoshi.Tx) (err error) {
				rs, err = tx.FindReminders(context.Background(), id)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.FiredAt == nil {
					out[id] = append(out[id], fmt.Sprintf("%s %s %d", r.Key, r.Kind, r.DueAt.UnixMilli()))
				}
			}
			slices.Sort(out[id])
		}
		return out
	}
	want := pending()
	if len(want) != len(ids) {
		t.Fatalf("%d of %d items owe reminders after their events", len(want), len(ids))
	}

	// As if the items had been made before the notifier: their reminders gone, and one
	// that no rule owes left pending.
	exec(t, e, `DELETE FROM reminders WHERE item_id IS NOT NULL`)
	exec(t, e, `INSERT INTO reminders (key, region_id, item_id, kind, due_at) VALUES ($1, $2, $3, 'approaching', $4)`,
		fmt.Sprintf("i%d/stale", ids[3]), e.Region, ids[3], notifytest.Start.Add(time.Hour).UnixMilli())
	n, err := e.N.Backfill(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != len(ids) {
		t.Errorf("back-fill computed %d items, want %d", n, len(ids))
	}
	got := pending()
	for _, id := range ids {
		if !slices.Equal(got[id], want[id]) {
			t.Errorf("item %d: back-fill recorded\n%q\nthe events recorded\n%q", id, got[id], want[id])
		}
	}
	// Done once per database.
	if n, err := e.N.Backfill(context.Background()); err != nil || n != 0 {
		t.Errorf("second back-fill: %d %v", n, err)
	}
}

// exec runs a statement straight on the database.
func exec(t *testing.T, e *notifytest.Env, query string, args ...any) {
	t.Helper()
	driver, source := "sqlite", "file:"+e.Path+"?_pragma=busy_timeout(10000)"
	if e.Path == "" {
		driver, source = "pgx", e.DSN
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
