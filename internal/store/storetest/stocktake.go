package storetest

import (
	"reflect"
	"testing"

	"luoshi/internal/luoshi"
)

// stocktakeOf is an open stocktake of the leader on day d after T0, with every field set: a
// small agenda (one item in each section, a previous commitment followed up), a commitment
// made and a comment.
func stocktakeOf(regionID, leaderID, by int64, d int) *luoshi.Stocktake {
	date := T0.AddDate(0, 0, d)
	line := luoshi.StocktakeItem{ItemID: 3, Code: "DB-3", Title: "修路", UnitName: "交通局", LeaderName: "李副县长", Deadline: T0,
		State: luoshi.StateInProgress, Light: luoshi.LightRed, Schedule: luoshi.ScheduleBehind, Percent: 40,
		UnitConfidence: luoshi.ConfidenceGreen, OfficeConfidence: luoshi.ConfidenceAmberRed, Gap: 3}
	l := leaderID
	made := luoshi.Commitment{No: 1, Kind: luoshi.CommitMilestone, Text: "六月底前完成路基", UnitID: 7, UnitName: "交通局",
		LeaderID: &l, LeaderName: "李副县长", Due: T0.AddDate(0, 3, 0), ItemID: 3, MadeItemID: 4, MilestoneID: 2, ItemCode: "DB-4", By: by, At: T0}
	prev := T0.AddDate(0, 0, d-14)
	return &luoshi.Stocktake{RegionID: regionID, LeaderID: leaderID, LeaderName: "李副县长", LeaderPost: "副县长", Whole: false,
		Date: date, State: luoshi.StocktakeOpen,
		Agenda: luoshi.StocktakeAgenda{At: T0, Red: []luoshi.StocktakeItem{line}, Yellow: []luoshi.StocktakeItem{line},
			Behind: []luoshi.StocktakeItem{line}, Gaps: []luoshi.StocktakeItem{line},
			Previous: []luoshi.StocktakeFollowUp{{Commitment: made, Outcome: luoshi.OutcomeLate, State: luoshi.StateInProgress,
				Light: luoshi.LightRed}}, PreviousID: 1, PreviousDate: &prev},
		Commitments: []luoshi.Commitment{made}, Comments: []luoshi.StocktakeComment{{By: by, At: T0, Text: "抓紧"}},
		Summary: "要点", Version: 1, CreatedBy: by, CreatedAt: T0, UpdatedAt: T0, ClosedAt: nil}
}

func testStocktakes(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420117")
	u := MustCreateUnit(t, st, r.ID, "督查室")
	usr := MustCreateUser(t, st, r.ID, u.ID, "office", luoshi.RoleSupervisor)
	l := MustCreateLeader(t, st, r.ID, "李副县长", 2, u.ID)
	other := MustCreateLeader(t, st, r.ID, "王副县长", 3, u.ID)
	s := stocktakeOf(r.ID, l.ID, usr.ID, 0)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateStocktake(t.Context(), s) })
	if s.ID == 0 {
		t.Fatal("no id")
	}
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Stocktake, error) { return tx.FindStocktakeByID(t.Context(), s.ID) })
	if !reflect.DeepEqual(got, s) {
		t.Errorf("stocktake = %+v\nwant %+v", got, s)
	}
	// One stocktake per leader and date.
	again := stocktakeOf(r.ID, l.ID, usr.ID, 0)
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.CreateStocktake(t.Context(), again) }); code(err) != luoshi.ECONFLICT {
		t.Errorf("same leader and date twice: %v, want conflict", err)
	}
	later := stocktakeOf(r.ID, l.ID, usr.ID, 14)
	theirs := stocktakeOf(r.ID, other.ID, usr.ID, 0)
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		if err := tx.CreateStocktake(t.Context(), later); err != nil {
			return err
		}
		return tx.CreateStocktake(t.Context(), theirs)
	})
	// A stale version is refused; a closed stocktake takes no update.
	s.Version = 3
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateStocktake(t.Context(), s, 2) }); code(err) != luoshi.ECONFLICT {
		t.Errorf("stale version: %v, want conflict", err)
	}
	closed := T0.Add(day)
	s.Version, s.State, s.ClosedAt = 2, luoshi.StocktakeClosed, &closed
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateStocktake(t.Context(), s, 1) })
	changed := s.Clone()
	changed.Version, changed.Summary = 3, "改写"
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdateStocktake(t.Context(), changed, 2) }); err == nil {
		t.Error("a closed stocktake was updated")
	}
	got = MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Stocktake, error) { return tx.FindStocktakeByID(t.Context(), s.ID) })
	if !reflect.DeepEqual(got, s) {
		t.Errorf("closed stocktake now %+v\nwant %+v", got, s)
	}
	ids := func(list []*luoshi.Stocktake) []int64 {
		out := []int64{}
		for _, x := range list {
			out = append(out, x.ID)
		}
		return out
	}
	all := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Stocktake, error) { return tx.FindStocktakes(t.Context(), r.ID, 0) })
	if g := ids(all); !reflect.DeepEqual(g, []int64{later.ID, theirs.ID, s.ID}) {
		t.Errorf("all stocktakes = %v, want latest date first (%d, %d, %d)", g, later.ID, theirs.ID, s.ID)
	}
	mine := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Stocktake, error) { return tx.FindStocktakes(t.Context(), r.ID, l.ID) })
	if g := ids(mine); !reflect.DeepEqual(g, []int64{later.ID, s.ID}) {
		t.Errorf("the leader's stocktakes = %v", g)
	}
	if err := st.View(t.Context(), func(tx luoshi.Tx) error {
		_, err := tx.FindStocktakeByID(t.Context(), 999999)
		return err
	}); code(err) != luoshi.ENOTFOUND {
		t.Errorf("missing stocktake: %v, want not found", err)
	}
}

func testStocktakeEvents(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420117")
	u := MustCreateUnit(t, st, r.ID, "督查室")
	usr := MustCreateUser(t, st, r.ID, u.ID, "office", luoshi.RoleSupervisor)
	l := MustCreateLeader(t, st, r.ID, "李副县长", 2, u.ID)
	s := stocktakeOf(r.ID, l.ID, usr.ID, 0)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateStocktake(t.Context(), s) })
	c := s.Commitments[0]
	evs := []luoshi.StocktakeEvent{
		{StocktakeID: s.ID, Seq: 1, Kind: "generated", ActorID: usr.ID, At: T0, Data: luoshi.StocktakeEventData{Stocktake: s}},
		{StocktakeID: s.ID, Seq: 2, Kind: "commitment_added", ActorID: usr.ID, At: T0.Add(day), Data: luoshi.StocktakeEventData{Commitment: &c}},
		{StocktakeID: s.ID, Seq: 3, Kind: "closed", ActorID: usr.ID, At: T0.Add(2 * day), Data: luoshi.StocktakeEventData{Text: "要点"}},
	}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		for i := range evs {
			if err := tx.AppendStocktakeEvent(t.Context(), &evs[i], r.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err := st.Update(t.Context(), func(tx luoshi.Tx) error {
		return tx.AppendStocktakeEvent(t.Context(), &luoshi.StocktakeEvent{StocktakeID: s.ID, Seq: 2, Kind: "commented", ActorID: usr.ID, At: T0}, r.ID)
	}); err == nil {
		t.Error("a second event with seq 2 was stored")
	}
	got := MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.StocktakeEvent, error) { return tx.FindStocktakeEvents(t.Context(), s.ID) })
	if !reflect.DeepEqual(got, evs) {
		t.Errorf("events = %+v\nwant %+v", got, evs)
	}
}
