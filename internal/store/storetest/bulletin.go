package storetest

import (
	"reflect"
	"testing"

	"luoshi/internal/luoshi"
)

// bulletinOf is a draft bulletin of March 2026 with a small snapshot of figures.
func bulletinOf(regionID, by int64) *luoshi.Bulletin {
	return &luoshi.Bulletin{RegionID: regionID, Kind: luoshi.BulletinMonth, Title: "2026年3月督查通报",
		From: T0, To: T0.AddDate(0, 1, 0), State: luoshi.BulletinDraft, Foreword: "按语",
		Figures: luoshi.BulletinFigures{At: T0, Due: 3, Completed: 2, OnTime: 1, CompletionRate: 66.7, OnTimeRate: 33.3,
			Units:          []luoshi.BulletinUnit{{Rank: 1, UnitID: 7, UnitName: "交通局", Due: 3, Completed: 2, OnTime: 1}},
			Red:            []luoshi.BulletinItem{{ItemID: 1, Code: "DB-1", Title: "修路", UnitName: "交通局", Deadline: T0}},
			Overdue:        []luoshi.BulletinItem{},
			Commendations:  []luoshi.BulletinRecord{},
			Accountability: []luoshi.BulletinRecord{{ItemID: 1, Code: "DB-1", Units: []string{"交通局"}, At: T0}}},
		Version: 1, CreatedBy: by, CreatedAt: T0, UpdatedAt: T0}
}

func testBulletins(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420117")
	u := MustCreateUnit(t, st, r.ID, "督查室")
	usr := MustCreateUser(t, st, r.ID, u.ID, "office", luoshi.RoleSupervisor)
	b := bulletinOf(r.ID, usr.ID)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateBulletin(t.Context(), b) })
	if b.ID == 0 {
		t.Fatal("no id")
	}
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Bulletin, error) { return tx.FindBulletinByID(t.Context(), b.ID) })
	if !reflect.DeepEqual(got, b) {
		t.Errorf("bulletin = %+v\nwant %+v", got, b)
	}
	// Numbered: a second bulletin of the year cannot take the same number.
	b.Year, b.Number, b.Version = 2026, 3, 2
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateBulletin(t.Context(), b, 1) })
	other := bulletinOf(r.ID, usr.ID)
	other.From = T0.AddDate(0, 1, 0)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateBulletin(t.Context(), other) })
	other.Year, other.Number, other.Version = 2026, 3, 2
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateBulletin(t.Context(), other, 1) }); code(err) != luoshi.ECONFLICT {
		t.Errorf("same number twice: %v, want conflict", err)
	}
	other.Year = 2027
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateBulletin(t.Context(), other, 1) })
	// A stale version is refused.
	b.Version = 3
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateBulletin(t.Context(), b, 1) }); code(err) != luoshi.ECONFLICT {
		t.Errorf("stale version: %v, want conflict", err)
	}
	// Published, it is kept as it is: no update goes through.
	b.State = luoshi.BulletinPublished
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateBulletin(t.Context(), b, 2) })
	changed := b.Clone()
	changed.Version, changed.Figures.Due = 4, 99
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateBulletin(t.Context(), changed, 3) }); err == nil {
		t.Error("a published bulletin was updated")
	}
	got = MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Bulletin, error) { return tx.FindBulletinByID(t.Context(), b.ID) })
	if got.Figures.Due != 3 || got.State != luoshi.BulletinPublished {
		t.Errorf("published bulletin now %+v", got)
	}
	list := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Bulletin, error) { return tx.FindBulletins(t.Context(), r.ID) })
	if len(list) != 2 || list[0].ID != other.ID || list[1].ID != b.ID {
		t.Errorf("list = %v, want newest period first", list)
	}
	// The open items a bulletin may name: not the completed, suspended or cancelled, nor
	// another region's.
	var open []int64
	for _, s := range []luoshi.State{luoshi.StateInProgress, luoshi.StateCompleted, luoshi.StateCompletionRequested,
		luoshi.StateCancelled, luoshi.StateAssigned, luoshi.StateSuspended} {
		it := NewItem(r.ID, u.ID, "事项"+string(s))
		it.State = s
		if MustCreateItem(t, st, it, luoshi.ItemDerived{}); s.Open() {
			open = append(open, it.ID)
		}
	}
	r2 := MustCreateRegion(t, st, "420118")
	MustCreateItem(t, st, NewItem(r2.ID, MustCreateUnit(t, st, r2.ID, "交通局").ID, "别处的事项"), luoshi.ItemDerived{})
	items := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Item, error) { return tx.FindOpenItems(t.Context(), r.ID) })
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	if !reflect.DeepEqual(ids, open) {
		t.Errorf("open items %v, want %v", ids, open)
	}
	if _, err := tx0(t, st, 999999); code(err) != luoshi.ENOTFOUND {
		t.Errorf("missing bulletin: %v, want not found", err)
	}
}

func tx0(t *testing.T, st luoshi.Store, id int64) (*luoshi.Bulletin, error) {
	var b *luoshi.Bulletin
	err := st.View(t.Context(), func(tx luoshi.Tx) error {
		var err error
		b, err = tx.FindBulletinByID(t.Context(), id)
		return err
	})
	return b, err
}

func testBulletinEvents(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420117")
	u := MustCreateUnit(t, st, r.ID, "督查室")
	usr := MustCreateUser(t, st, r.ID, u.ID, "office", luoshi.RoleSupervisor)
	b := bulletinOf(r.ID, usr.ID)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateBulletin(t.Context(), b) })
	fw := "新按语"
	evs := []luoshi.BulletinEvent{
		{BulletinID: b.ID, Seq: 1, Kind: "generated", ActorID: usr.ID, At: T0, Data: luoshi.BulletinEventData{Bulletin: b}},
		{BulletinID: b.ID, Seq: 2, Kind: "edited", ActorID: usr.ID, At: T0.Add(day), Data: luoshi.BulletinEventData{Foreword: &fw}},
	}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		for i := range evs {
			if err := tx.AppendBulletinEvent(t.Context(), &evs[i], r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	// The same seq again is refused.
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error {
		return tx.AppendBulletinEvent(t.Context(), &luoshi.BulletinEvent{BulletinID: b.ID, Seq: 2, Kind: "edited", ActorID: usr.ID, At: T0}, r.ID)
	}); err == nil {
		t.Error("a second event with seq 2 was stored")
	}
	got := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.BulletinEvent, error) { return tx.FindBulletinEvents(t.Context(), b.ID) })
	if !reflect.DeepEqual(got, evs) {
		t.Errorf("events = %+v\nwant %+v", got, evs)
	}
}
