package scheduler_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify/notifytest"
	"luoshi/internal/service"
)

// TestCreatedItemReminders: a created item's first reminders are inserted as they are
// (Tx.AddReminders: it has none to compare them with), and they are exactly those the event
// hook's sync records for it — an event at the same moment, which syncs the item's reminders,
// deletes, adds and changes none of them; on SQLite and PostgreSQL.
func TestCreatedItemReminders(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) {
			e := notifytest.NewOn(t, db, service.DefaultNotifyConfig())
			pending := func(id int64) []string {
				var rs []luoshi.Reminder
				err := e.DB.View(context.Background(), func(tx luoshi.Tx) (err error) {
					rs, err = tx.FindReminders(context.Background(), id)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, r := range rs {
					if r.FiredAt == nil {
						out = append(out, fmt.Sprintf("%d %s %s %d", r.ID, r.Key, r.Kind, r.DueAt.UnixMilli()))
					}
				}
				slices.Sort(out)
				return out
			}
			for _, p := range []luoshi.Priority{luoshi.PriorityUrgent, luoshi.PriorityImportant, luoshi.PriorityRoutine} {
				for _, days := range []int{1, 20} {
					it := e.MustCreateItem(p, notifytest.Start.Add(time.Duration(days)*24*time.Hour))
					created := pending(it.ID)
					if len(created) == 0 {
						t.Fatalf("%s item due in %d days: no reminders recorded at its creation", p, days)
					}
					e.MustAct("lead", it.ID, luoshi.Command{Action: luoshi.ActInstruct, Text: "抓紧推进"})
					if synced := pending(it.ID); !slices.Equal(synced, created) {
						t.Errorf("%s item due in %d days: created with reminders\n%q\nthe sync at the same moment left\n%q", p, days, created, synced)
					}
				}
			}
		})
	}
}
