package store_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/storetest"
)

// TestTargets checks the target store on every database: letters with their indicators
// round trip, versions guard updates, one letter per unit and year, events number
// themselves, actuals upsert and return what they replaced, sanctions come from item events,
// key figures upsert.
func TestTargets(t *testing.T) {
	for _, d := range databases {
		t.Run(d.name, func(t *testing.T) {
			st := d.open(t)
			defer st.Close()
			testTargets(t, st)
		})
	}
}

func testTargets(t *testing.T, st luoshi.Store) {
	ctx := t.Context()
	r := storetest.MustCreateRegion(t, st, "439101")
	u := storetest.MustCreateUnit(t, st, r.ID, "城关镇")
	usr := storetest.MustCreateUser(t, st, r.ID, u.ID, "cgz_ll", luoshi.RoleLiaison)
	stretch := 120.5
	now := storetest.T0
	l := &luoshi.Letter{RegionID: r.ID, UnitID: u.ID, Year: 2026, State: luoshi.LetterDraft, Version: 1, CreatedBy: usr.ID,
		CreatedAt: now, UpdatedAt: now, Indicators: []luoshi.Indicator{
			{Name: "规上工业增加值", Category: "经济发展", MeasureUnit: "亿元", Direction: luoshi.HigherBetter, Accumulation: luoshi.Cumulative,
				Baseline: 100, Target: 110.25, Stretch: &stretch, Weight: 60, Period: luoshi.Quarterly, Profile: []float64{1, 2, 3, 4},
				Flags: []luoshi.Flag{{Reason: luoshi.FlagBelowPeerUnits, Message: "低于中位数", Threshold: 0.09, Growth: true, Target: 110.25}}},
			{Name: "城镇登记失业率", Direction: luoshi.LowerBetter, Accumulation: luoshi.Level, Baseline: 4, Target: 3.8, Weight: 40,
				Period: luoshi.Monthly, CountyIndicator: "失业率", Note: "控制"},
		}}
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateLetter(ctx, l) })
	got := storetest.MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Letter, error) { return tx.FindLetterByID(ctx, l.ID) })
	l.Indicators[1].Flags = []luoshi.Flag{}
	if !reflect.DeepEqual(got, l) {
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(l)
		t.Fatalf("round trip:\n got %s\nwant %s", a, b)
	}
	dup := *l
	dup.ID = 0
	err := st.Update(ctx, func(tx luoshi.Tx) error { return tx.CreateLetter(ctx, &dup) })
	if luoshi.ErrorCode(err) != luoshi.ECONFLICT {
		t.Errorf("second letter for the unit and year: %v", err)
	}
	// Versions.
	signed := now.Add(time.Hour)
	l.State, l.Version, l.SignedAt, l.SignedBy = luoshi.LetterSigned, 2, &signed, usr.ID
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateLetter(ctx, l, 1) })
	if err := st.Update(ctx, func(tx luoshi.Tx) error { return tx.UpdateLetter(ctx, l, 1) }); luoshi.ErrorCode(err) != luoshi.ECONFLICT {
		t.Errorf("stale version: %v", err)
	}
	list := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Letter, error) {
		return tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: r.ID, Year: 2026, UnitIDs: []int64{u.ID}, State: luoshi.LetterSigned})
	})
	if len(list) != 1 || list[0].SignedAt == nil || !list[0].SignedAt.Equal(signed) || len(list[0].Indicators) != 2 {
		t.Errorf("find letters: %+v", list)
	}
	// Indicators: update target and flags; replace.
	ind := l.Indicators[0]
	ind.Target, ind.Stretch, ind.Flags = 112, nil, nil
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateIndicator(ctx, &ind) })
	got = storetest.MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Letter, error) { return tx.FindLetter(ctx, u.ID, 2026) })
	if g := got.Indicators[0]; g.Target != 112 || g.Stretch != nil || len(g.Flags) != 0 {
		t.Errorf("updated indicator: %+v", g)
	}
	// Events number themselves from 1.
	for i, kind := range []string{"created", "submitted"} {
		e := &luoshi.LetterEvent{LetterID: l.ID, Kind: kind, ActorID: usr.ID, At: now, Data: luoshi.LetterEventData{Text: kind}}
		storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendLetterEvent(ctx, e, r.ID) })
		if e.Seq != i+1 {
			t.Errorf("event %s: seq %d", kind, e.Seq)
		}
	}
	evs := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.LetterEvent, error) { return tx.FindLetterEvents(ctx, l.ID) })
	if len(evs) != 2 || evs[1].Data.Text != "submitted" || evs[0].ActorName == "" {
		t.Errorf("events %+v", evs)
	}
	// Actuals: an upsert returns what it replaced.
	a := &luoshi.Actual{IndicatorID: ind.ID, Period: 1, Value: 20.5, Source: luoshi.ActualByUnit, EnteredBy: usr.ID, EnteredAt: now}
	var prev *luoshi.Actual
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) (err error) { prev, err = tx.PutActual(ctx, a); return })
	if prev != nil {
		t.Errorf("first actual replaced %+v", prev)
	}
	a2 := *a
	a2.Value = 21
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) (err error) { prev, err = tx.PutActual(ctx, &a2); return })
	if prev == nil || prev.Value != 20.5 {
		t.Errorf("replaced %+v", prev)
	}
	acts := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.Actual, error) { return tx.FindActuals(ctx, []int64{l.ID}) })
	if len(acts) != 1 || acts[0].Value != 21 || !acts[0].EnteredAt.Equal(now) {
		t.Errorf("actuals %+v", acts)
	}
	// Adjustments.
	adj := &luoshi.Adjustment{LetterID: l.ID, IndicatorID: ind.ID, State: luoshi.AdjustmentPending, OldTarget: 112, Target: 108,
		Reason: "政策调整", RequestedBy: usr.ID, RequestedAt: now}
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateAdjustment(ctx, adj) })
	adj.State, adj.DecidedBy, adj.DecidedAt, adj.Decision = luoshi.AdjustmentDenied, usr.ID, &signed, "不同意"
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdateAdjustment(ctx, adj) })
	adjs := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Adjustment, error) { return tx.FindAdjustments(ctx, l.ID) })
	if len(adjs) != 1 || adjs[0].State != luoshi.AdjustmentDenied || adjs[0].Decision != "不同意" || adjs[0].Flags == nil {
		t.Errorf("adjustments %+v", adjs)
	}
	// Replacing the indicators of a letter without actuals.
	l2 := &luoshi.Letter{RegionID: r.ID, UnitID: u.ID, Year: 2027, State: luoshi.LetterDraft, Version: 1, CreatedBy: usr.ID,
		CreatedAt: now, UpdatedAt: now, Indicators: []luoshi.Indicator{l.Indicators[1]}}
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateLetter(ctx, l2) })
	l2.Indicators = []luoshi.Indicator{l.Indicators[0], l.Indicators[1]}
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.ReplaceIndicators(ctx, l2) })
	got = storetest.MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Letter, error) { return tx.FindLetterByID(ctx, l2.ID) })
	if len(got.Indicators) != 2 || got.Indicators[0].Name != "规上工业增加值" || got.Indicators[1].Position != 2 {
		t.Errorf("replaced: %+v", got.Indicators)
	}
	testSanctions(t, st, r, u, usr)
	testKeyFigures(t, st, r, usr)
}

func testSanctions(t *testing.T, st luoshi.Store, r *luoshi.Region, u *luoshi.Unit, usr *luoshi.User) {
	ctx := t.Context()
	other := storetest.MustCreateUnit(t, st, r.ID, "河西街道")
	it := storetest.MustCreateItem(t, st, &luoshi.Item{RegionID: r.ID, Code: "督办〔2026〕1号", Title: "事项", Source: luoshi.SourceOther,
		Priority: luoshi.PriorityRoutine, LeadUnitID: u.ID, CoUnitIDs: []int64{}, Deadline: storetest.T0.Add(72 * time.Hour),
		State: luoshi.StateAssigned, Version: 1, CreatedAt: storetest.T0, UpdatedAt: storetest.T0, Milestones: []luoshi.Milestone{}}, luoshi.ItemDerived{})
	evs := []luoshi.Event{
		{ItemID: it.ID, Seq: 2, Kind: luoshi.EventUrged, ActorID: usr.ID, At: storetest.T0.Add(time.Hour), Data: luoshi.EventData{Level: luoshi.UrgeOrange}},
		{ItemID: it.ID, Seq: 3, Kind: luoshi.EventAccountabilityRecorded, ActorID: usr.ID, At: storetest.T0.Add(2 * time.Hour),
			Data: luoshi.EventData{Kind: "interview", UnitIDs: []int64{u.ID, other.ID}}},
		{ItemID: it.ID, Seq: 4, Kind: luoshi.EventCommented, ActorID: usr.ID, At: storetest.T0.Add(3 * time.Hour), Data: luoshi.EventData{Text: "x"}},
		{ItemID: it.ID, Seq: 5, Kind: luoshi.EventUrged, ActorID: usr.ID, At: storetest.T0.Add(48 * time.Hour), Data: luoshi.EventData{Level: luoshi.UrgeRed}},
	}
	for i := range evs {
		storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.AppendEvent(ctx, &evs[i], r.ID) })
	}
	got := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.Sanction, error) {
		return tx.FindSanctions(ctx, r.ID, storetest.T0, storetest.T0.Add(24*time.Hour))
	})
	want := []luoshi.Sanction{
		{UnitID: u.ID, ItemID: it.ID, Kind: "urge", Sub: "orange", At: evs[0].At},
		{UnitID: u.ID, ItemID: it.ID, Kind: "accountability", Sub: "interview", At: evs[1].At},
		{UnitID: other.ID, ItemID: it.ID, Kind: "accountability", Sub: "interview", At: evs[1].At},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sanctions\n got %+v\nwant %+v", got, want)
	}
}

func testKeyFigures(t *testing.T, st luoshi.Store, r *luoshi.Region, usr *luoshi.User) {
	ctx := t.Context()
	k := &luoshi.KeyIndicator{RegionID: r.ID, Name: "地区生产总值增速", MeasureUnit: "%", Direction: luoshi.HigherBetter}
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.PutKeyIndicator(ctx, k) })
	again := &luoshi.KeyIndicator{RegionID: r.ID, Name: "地区生产总值增速", MeasureUnit: "%", Direction: luoshi.HigherBetter}
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.PutKeyIndicator(ctx, again) })
	if again.ID != k.ID {
		t.Errorf("same name, new indicator %d (was %d)", again.ID, k.ID)
	}
	f := &luoshi.KeyFigure{KeyIndicatorID: k.ID, Year: 2026, Quarter: 1, County: "本县", Self: true, Value: 6.1, Source: "统计局",
		ReleasedOn: "2026-04-20", ImportedBy: usr.ID, ImportedAt: storetest.T0}
	var prev *luoshi.KeyFigure
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) (err error) { prev, err = tx.PutKeyFigure(ctx, f); return })
	f2 := *f
	f2.Value = 6.3
	storetest.MustUpdate(t, st, func(tx luoshi.Tx) (err error) { prev, err = tx.PutKeyFigure(ctx, &f2); return })
	if prev == nil || prev.Value != 6.1 {
		t.Errorf("replaced %+v", prev)
	}
	figs := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.KeyFigure, error) { return tx.FindKeyFigures(ctx, k.ID, 2026) })
	if len(figs) != 1 || figs[0].Value != 6.3 || !figs[0].Self {
		t.Errorf("figures %+v", figs)
	}
	kis := storetest.MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.KeyIndicator, error) { return tx.FindKeyIndicators(ctx, r.ID) })
	if len(kis) != 1 || kis[0].Name != k.Name {
		t.Errorf("indicators %+v", kis)
	}
}
