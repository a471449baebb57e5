package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/storetest"
)

// TestSyncReminders: syncing an item's reminders leaves exactly the wanted ones pending, each
// once, keeps a fired reminder as it was (a wanted key it holds is not recorded again), and
// deletes the pending ones no longer wanted; on SQLite a reminder whose key moved (a report
// moves the next report's) keeps its row, changed in place. On both databases.
func TestSyncReminders(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) { testSyncReminders(t, d.name, d.open(t)) })
	}
}

func testSyncReminders(t *testing.T, dbName string, st luoshi.Store) {
	ctx := t.Context()
	defer st.Close()
	r := storetest.MustCreateRegion(t, st, "330110")
	unit := storetest.MustCreateUnit(t, st, r.ID, "县发改局")
	it := storetest.NewItem(r.ID, unit.ID, "提醒同步")
	it.Code = "DB-2026-0001"
	if err := st.Update(ctx, func(tx luoshi.Tx) error { return tx.CreateItem(ctx, it, luoshi.ItemDerived{}) }); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	rem := func(name string, hours int) luoshi.Reminder {
		return luoshi.Reminder{Key: fmt.Sprintf("i%d/report/d/%s@%d", it.ID, name, hours), RegionID: r.ID, ItemID: it.ID,
			Kind: luoshi.ReminderReport, DueAt: base.Add(time.Duration(hours) * time.Hour)}
	}
	type row struct {
		id    int64
		fired bool
		due   int64
	}
	state := func() map[string]row {
		rs := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.Reminder, error) { return tx.FindReminders(ctx, it.ID) })
		out := map[string]row{}
		for _, x := range rs {
			if _, dup := out[x.Key]; dup {
				t.Fatalf("key %s recorded twice", x.Key)
			}
			out[x.Key] = row{x.ID, x.FiredAt != nil, x.DueAt.UnixMilli()}
		}
		return out
	}
	show := func(m map[string]row) string {
		var s []string
		for k, v := range m {
			name := k[strings.LastIndex(k, "/")+1:]
			if v.fired {
				name += "(fired)"
			}
			s = append(s, name)
		}
		slices.Sort(s)
		return strings.Join(s, " ")
	}
	sync := func(step string, want []luoshi.Reminder, expect string) map[string]row {
		t.Helper()
		if err := st.Update(ctx, func(tx luoshi.Tx) error { return tx.SyncReminders(ctx, it.ID, want) }); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		got := state()
		if s := show(got); s != expect {
			t.Fatalf("%s: reminders %q, want %q", step, s, expect)
		}
		for _, w := range want {
			if g := got[w.Key]; !g.fired && g.due != w.DueAt.UnixMilli() {
				t.Errorf("%s: %s due %d, want %d", step, w.Key, g.due, w.DueAt.UnixMilli())
			}
		}
		return got
	}
	a, b, c := rem("a", 1), rem("b", -1), rem("c", 3)
	first := sync("first", []luoshi.Reminder{a, b, c}, "a@1 b@-1 c@3")
	again := sync("the same again", []luoshi.Reminder{a, b, c}, "a@1 b@-1 c@3")
	for k, v := range first {
		if again[k].id != v.id {
			t.Errorf("the same reminders again: %s's row %d became %d", k, v.id, again[k].id)
		}
	}
	var claimed []luoshi.Reminder
	if err := st.Update(ctx, func(tx luoshi.Tx) (err error) { claimed, err = tx.ClaimDueReminders(ctx, base, 10); return err }); err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 1 || claimed[0].Key != b.Key {
		t.Fatalf("claimed %v, want only %s", claimed, b.Key)
	}
	// c moves to d (the next report's reminder moved); b is fired and stays as it was.
	d := rem("d", 5)
	moved := sync("c moved to d", []luoshi.Reminder{a, b, d}, "a@1 b@-1(fired) d@5")
	if dbName == "sqlite" && moved[d.Key].id != again[c.Key].id {
		t.Errorf("SQLite: the moved reminder is row %d, want c's row %d changed in place", moved[d.Key].id, again[c.Key].id)
	}
	e, f, g := rem("e", 6), rem("f", 7), rem("g", 8)
	sync("more wanted than dropped", []luoshi.Reminder{a, e, f, g}, "a@1 b@-1(fired) e@6 f@7 g@8")
	// b is wanted again while fired: not recorded again; one dropped reminder moves to x, the
	// others go.
	x := rem("x", 9)
	sync("more dropped than wanted", []luoshi.Reminder{b, x}, "b@-1(fired) x@9")
	sync("a key twice", []luoshi.Reminder{rem("h", 10), rem("h", 10)}, "b@-1(fired) h@10")
	sync("none wanted", nil, "b@-1(fired)")
	sync("after none", []luoshi.Reminder{a}, "a@1 b@-1(fired)")
}
