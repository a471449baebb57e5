package store

import (
	"database/sql"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/storetest"
)

// TestItemFamilyRowForUpdate: an item's update after FindItemFamily in the same transaction
// (the SQLite writer keeps the row it read for it, familyRow) stores the item as it is given,
// also when the row was changed between the two — by a statement on items (its derived
// columns) or on its co-units (a co-unit added) — so that what was read is out of date; and
// an update of another item does not take this one's row. The stored columns are read back
// from the tables.
func TestItemFamilyRowForUpdate(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		r := storetest.MustCreateRegion(t, db, "330110")
		u1 := storetest.MustCreateUnit(t, db, r.ID, "县发改局")
		u2 := storetest.MustCreateUnit(t, db, r.ID, "县财政局")
		u3 := storetest.MustCreateUnit(t, db, r.ID, "县教育局")
		red := storetest.T0.Add(20 * 24 * time.Hour)
		it := storetest.NewItem(r.ID, u1.ID, "项目甲")
		it.CoUnitIDs = []int64{u2.ID}
		storetest.MustCreateItem(t, db, it, luoshi.ItemDerived{Percent: 0, RedAt: &red})
		other := storetest.MustCreateItem(t, db, storetest.NewItem(r.ID, u1.ID, "项目乙"), luoshi.ItemDerived{RedAt: &red})

		redAt := func() (ms sql.NullInt64, coRed sql.NullInt64, co int) {
			t.Helper()
			if err := db.r.QueryRow(`SELECT red_at FROM items WHERE id = $1`, it.ID).Scan(&ms); err != nil {
				t.Fatal(err)
			}
			if err := db.r.QueryRow(`SELECT COUNT(*), MAX(red_at) FROM item_co_units WHERE item_id = $1`, it.ID).Scan(&co, &coRed); err != nil {
				t.Fatal(err)
			}
			return ms, coRed, co
		}
		update := func(between func(x luoshi.Tx) error, d luoshi.ItemDerived, coUnits []int64) {
			t.Helper()
			storetest.MustUpdate(t, db, func(x luoshi.Tx) error {
				cur, _, err := x.FindItemFamily(ctx, it.ID)
				if err != nil {
					return err
				}
				if err := between(x); err != nil {
					return err
				}
				next := cur.Clone()
				next.Version++
				next.Percent = d.Percent
				next.CoUnitIDs = coUnits
				return x.UpdateItem(ctx, next, d, cur.Version)
			})
		}

		// red_at moved by a statement on items between the read and the update, and the update
		// gives the original back: it must be written again.
		later := red.Add(24 * time.Hour)
		update(func(x luoshi.Tx) error {
			return x.UpdateItemDerived(ctx, it.ID, luoshi.ItemDerived{RedAt: &later})
		}, luoshi.ItemDerived{Percent: 10, RedAt: &red}, []int64{u2.ID})
		if got, coGot, _ := redAt(); got.Int64 != red.UnixMilli() || coGot.Int64 != red.UnixMilli() {
			t.Fatalf("red_at %v (co-units %v) after the update, want %d: the row read before the change was used",
				got, coGot, red.UnixMilli())
		}

		// A co-unit added between the read and the update, which gives the old co-units: the
		// update must put them back.
		update(func(x luoshi.Tx) error {
			_, err := x.(*tx).tx.ExecContext(ctx, `INSERT INTO item_co_units (item_id, unit_id) VALUES ($1, $2)`, it.ID, u3.ID)
			return err
		}, luoshi.ItemDerived{Percent: 20, RedAt: &red}, []int64{u2.ID})
		if _, _, co := redAt(); co != 1 {
			t.Fatalf("%d co-units after the update, want 1", co)
		}

		// Another item updated in between: this item's update still compares with its own row.
		update(func(x luoshi.Tx) error {
			return x.UpdateItemDerived(ctx, other.ID, luoshi.ItemDerived{RedAt: &later})
		}, luoshi.ItemDerived{Percent: 30, RedAt: &later}, []int64{u2.ID})
		if got, coGot, _ := redAt(); got.Int64 != later.UnixMilli() || coGot.Int64 != later.UnixMilli() {
			t.Fatalf("red_at %v (co-units %v) after the third update, want %d", got, coGot, later.UnixMilli())
		}
	})
}
