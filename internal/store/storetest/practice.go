package storetest

import (
	"reflect"
	"slices"
	"testing"

	"luoshi/internal/luoshi"
)

// testMeetingKinds: a region has no kinds until some are put; a kind put again is replaced,
// not doubled; the kinds come back by position; another region's are apart.
func testMeetingKinds(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420121")
	r2 := MustCreateRegion(t, st, "420122")
	kinds := func(region int64) []luoshi.MeetingKind {
		return MustRead(t, st, func(tx luoshi.Tx) ([]luoshi.MeetingKind, error) { return tx.FindMeetingKinds(t.Context(), region) })
	}
	if got := kinds(r.ID); len(got) != 0 {
		t.Fatalf("a new region has kinds: %+v", got)
	}
	want := []luoshi.MeetingKind{
		{RegionID: r.ID, Code: "executive", Name: "", Retired: true, Position: 1},
		{RegionID: r.ID, Code: "safety", Name: "安委会会议", Retired: false, Position: 2},
	}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		for _, k := range []luoshi.MeetingKind{want[1], {RegionID: r.ID, Code: "executive", Name: "常务会", Position: 1}, want[0]} {
			if err := tx.PutMeetingKind(t.Context(), k); err != nil {
				return err
			}
		}
		return tx.PutMeetingKind(t.Context(), luoshi.MeetingKind{RegionID: r2.ID, Code: "special", Name: "专题会", Position: 1})
	})
	if got := kinds(r.ID); !reflect.DeepEqual(got, want) {
		t.Fatalf("kinds:\n%+v\nwant\n%+v", got, want)
	}
	if got := kinds(r2.ID); len(got) != 1 || got[0].Code != "special" {
		t.Fatalf("the other region's kinds: %+v", got)
	}
}

// testPractices: a practice is stored and read back whole; its update is refused on a stale
// version; lists select by words (each in place, title, what was done, result, source or
// tags, Chinese of any length), by tag, by the adopting topic or item, in the region only.
func testPractices(t *testing.T, st luoshi.Store) {
	r := MustCreateRegion(t, st, "420123")
	r2 := MustCreateRegion(t, st, "420124")
	u := MustCreateUnit(t, st, r.ID, "政务服务中心")
	usr := MustCreateUser(t, st, r.ID, u.ID, "practice_ll", luoshi.RoleLiaison)
	p := &luoshi.Practice{RegionID: r.ID, Place: "浙江省德清县", Title: "一窗受理", What: "综合窗口受理", Result: "跑动次数下降",
		Source: "简报第12期", Tags: []string{"政务服务", "营商环境"}, TopicIDs: []int64{7}, ItemIDs: []int64{9}, Version: 1,
		CreatedBy: usr.ID, UpdatedBy: usr.ID, CreatedAt: T0, UpdatedAt: T0}
	q := &luoshi.Practice{RegionID: r.ID, Place: "江苏省昆山市", Title: "拿地即开工", What: "提前审查方案", Result: "", Source: "",
		Tags: []string{"项目建设"}, TopicIDs: []int64{}, ItemIDs: []int64{}, Version: 1, CreatedBy: usr.ID, UpdatedBy: usr.ID,
		CreatedAt: T0, UpdatedAt: T0.Add(1)}
	other := &luoshi.Practice{RegionID: r2.ID, Place: "浙江省德清县", Title: "一窗受理", What: "x", Tags: []string{}, TopicIDs: []int64{},
		ItemIDs: []int64{}, Version: 1, CreatedBy: usr.ID, UpdatedBy: usr.ID, CreatedAt: T0, UpdatedAt: T0}
	MustUpdate(t, st, func(tx luoshi.Tx) error {
		for _, x := range []*luoshi.Practice{p, q, other} {
			if err := tx.CreatePractice(t.Context(), x); err != nil {
				return err
			}
		}
		return nil
	})
	got := MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Practice, error) { return tx.FindPracticeByID(t.Context(), p.ID) })
	if !reflect.DeepEqual(got, p) {
		t.Fatalf("practice read back:\n%+v\nwant\n%+v", got, p)
	}
	find := func(f luoshi.PracticeFilter) []int64 {
		f.RegionID = r.ID
		var ids []int64
		for _, x := range MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Practice, error) { return tx.FindPractices(t.Context(), f) }) {
			ids = append(ids, x.ID)
		}
		return ids
	}
	for name, c := range map[string]struct {
		f    luoshi.PracticeFilter
		want []int64
	}{
		"all": {luoshi.PracticeFilter{}, []int64{q.ID, p.ID}}, "two characters": {luoshi.PracticeFilter{Query: "德清"}, []int64{p.ID}},
		"a tag's words": {luoshi.PracticeFilter{Query: "营商"}, []int64{p.ID}}, "two words": {luoshi.PracticeFilter{Query: "昆山 审查"}, []int64{q.ID}},
		"words apart": {luoshi.PracticeFilter{Query: "德清 审查"}, nil}, "a wildcard": {luoshi.PracticeFilter{Query: "%"}, nil},
		"tag": {luoshi.PracticeFilter{Tag: "项目建设"}, []int64{q.ID}}, "topic": {luoshi.PracticeFilter{TopicID: 7}, []int64{p.ID}},
		"item": {luoshi.PracticeFilter{ItemID: 9}, []int64{p.ID}}, "no item": {luoshi.PracticeFilter{ItemID: 8}, nil},
	} {
		if got := find(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
	next := *p
	next.Title, next.Tags, next.Version, next.UpdatedAt = "一窗通办", []string{"审批"}, 2, T0.Add(2)
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.UpdatePractice(t.Context(), &next, 1) })
	err := st.Update(t.Context(), func(tx luoshi.Tx) error { return tx.UpdatePractice(t.Context(), &next, 1) })
	if luoshi.ErrorCode(err) != luoshi.ECONFLICT {
		t.Fatalf("stale update: %v", err)
	}
	if got := find(luoshi.PracticeFilter{Query: "营商"}); got != nil {
		t.Errorf("the old tag's words still found: %v", got)
	}
	if got := find(luoshi.PracticeFilter{Query: "通办"}); !slices.Equal(got, []int64{p.ID}) {
		t.Errorf("the new title's words: %v", got)
	}
	err = st.View(t.Context(), func(tx luoshi.Tx) error {
		_, err := tx.FindPracticeByID(t.Context(), q.ID+1000)
		return err
	})
	if luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
		t.Errorf("a missing practice: %v", err)
	}
}
