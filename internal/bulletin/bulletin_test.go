package bulletin_test

import (
	"reflect"
	"testing"
	"time"

	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

var (
	from = time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC) // 1 November in Shanghai
	to   = from.AddDate(0, 1, 0)
	at   = to.Add(24 * time.Hour)
)

func item(id, unit int64, state luoshi.State, due time.Time, requested *time.Time) *luoshi.Item {
	return &luoshi.Item{ID: id, Code: "DB-" + string(rune('0'+id)), LeadUnitID: unit, State: state, Deadline: due,
		CompletionRequestedAt: requested}
}

func ptr(t time.Time) *time.Time { return &t }

// TestCompute: only assigned items due in the period count; units rank by on-time rate then
// completion rate, level units sharing a rank; the late open item is named overdue.
func TestCompute(t *testing.T) {
	d := from.AddDate(0, 0, 10)
	due := []*luoshi.Item{
		item(1, 1, luoshi.StateCompleted, d, ptr(d.Add(-time.Hour))),    // unit 1 on time
		item(2, 1, luoshi.StateCompleted, d, ptr(d.Add(time.Hour))),     // unit 1 late
		item(3, 2, luoshi.StateCompleted, d, ptr(d.Add(-time.Hour))),    // unit 2 on time
		item(4, 2, luoshi.StateInProgress, d, nil),                      // unit 2 late, open
		item(5, 3, luoshi.StateCancelled, d, nil),                       // not counted
		item(6, 3, luoshi.StateDraft, d, nil),                           // not counted
		item(7, 3, luoshi.StateCompleted, to.Add(time.Hour), ptr(from)), // outside the period
	}
	f := bulletin.Compute(bulletin.Input{From: from, To: to, At: at, Due: due, Open: due,
		Units: map[int64]string{1: "甲", 2: "乙", 3: "丙"}, Leaders: map[int64]string{}})
	if f.Due != 4 || f.Completed != 3 || f.OnTime != 2 || f.Late != 2 || f.CompletionRate != 75 || f.OnTimeRate != 50 {
		t.Errorf("totals %+v", f)
	}
	want := []luoshi.BulletinUnit{
		{Rank: 1, UnitID: 1, UnitName: "甲", Due: 2, Completed: 2, OnTime: 1, Late: 1, CompletionRate: 100, OnTimeRate: 50},
		{Rank: 2, UnitID: 2, UnitName: "乙", Due: 2, Completed: 1, OnTime: 1, Late: 1, CompletionRate: 50, OnTimeRate: 50},
	}
	if !reflect.DeepEqual(f.Units, want) {
		t.Errorf("units %+v\nwant %+v", f.Units, want)
	}
	if len(f.Overdue) != 1 || f.Overdue[0].ItemID != 4 || f.Overdue[0].UnitName != "乙" || f.Overdue[0].DaysOverdue != 22 {
		t.Errorf("overdue %+v", f.Overdue)
	}
	// Level units share a rank.
	g := bulletin.Compute(bulletin.Input{From: from, To: to, At: at, Due: due[:1:1], Units: map[int64]string{}})
	g2 := bulletin.Compute(bulletin.Input{From: from, To: to, At: at,
		Due: []*luoshi.Item{due[0], item(8, 2, luoshi.StateCompleted, d, ptr(d.Add(-time.Hour)))}})
	if g.Units[0].Rank != 1 || g2.Units[0].Rank != 1 || g2.Units[1].Rank != 1 {
		t.Errorf("ranks %+v %+v", g.Units, g2.Units)
	}
}

func TestRate(t *testing.T) {
	for _, c := range []struct {
		n, d int
		want float64
	}{{0, 0, 0}, {1, 3, 33.3}, {2, 3, 66.7}, {3, 3, 100}} {
		if got := bulletin.Rate(c.n, c.d); got != c.want {
			t.Errorf("Rate(%d, %d) = %v, want %v", c.n, c.d, got, c.want)
		}
	}
}

// TestActions: the office alone acts, only on drafts; publishing needs a number; Rebuild
// over the events gives the bulletin Apply made.
func TestActions(t *testing.T) {
	office := &luoshi.Actor{UserID: 1, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	liaison := &luoshi.Actor{UserID: 2, RegionID: 1, UnitID: 3, Roles: []luoshi.Role{luoshi.RoleLiaison}}
	gen := luoshi.BulletinEvent{BulletinID: 9, Seq: 1, Kind: bulletin.Generated, At: from,
		Data: luoshi.BulletinEventData{Bulletin: &luoshi.Bulletin{RegionID: 1, Kind: luoshi.BulletinMonth, From: from, To: to}}}
	b, err := bulletin.Rebuild([]luoshi.BulletinEvent{gen})
	if err != nil {
		t.Fatal(err)
	}
	events := []luoshi.BulletinEvent{gen}
	step := func(a *luoshi.Actor, act string, v flow.Values, code string) {
		t.Helper()
		ev, err := bulletin.Decide(bulletin.Subject{Bulletin: b}, a, act, v, at)
		if got := luoshi.ErrorCode(err); (err == nil) != (code == "") || (err != nil && got != code) {
			t.Fatalf("%s: %v, want %q", act, err, code)
		}
		if err == nil {
			ev.Seq = b.Version + 1
			if err := bulletin.Apply(b, ev); err != nil {
				t.Fatal(err)
			}
			events = append(events, ev)
		}
	}
	step(liaison, bulletin.ActEdit, flow.Values{"foreword": "按语"}, luoshi.ENOTFOUND) // a draft is not the unit's to see
	step(office, bulletin.ActEdit, flow.Values{}, luoshi.EINVALID)
	step(office, bulletin.ActEdit, flow.Values{"foreword": "按语"}, "")
	step(office, bulletin.ActPublish, nil, luoshi.ECONFLICT)
	step(office, bulletin.ActNumber, flow.Values{"year": 2026, "number": 3}, "")
	step(office, bulletin.ActPublish, nil, "")
	step(office, bulletin.ActEdit, flow.Values{"foreword": "改"}, luoshi.ECONFLICT)
	step(liaison, bulletin.ActEdit, flow.Values{"foreword": "改"}, luoshi.EFORBIDDEN)
	if b.State != luoshi.BulletinPublished || b.Foreword != "按语" || b.Number != 3 || b.PublishedAt == nil {
		t.Errorf("bulletin %+v", b)
	}
	re, err := bulletin.Rebuild(events)
	if err != nil || !reflect.DeepEqual(re, b) {
		t.Errorf("Rebuild = %+v, %v\nwant %+v", re, err, b)
	}
}

// TestEditClears: an edit changes the texts it gives and leaves the others; 按语 or 下步要求
// given empty is cleared, while an empty title is no change (and an edit that changes
// nothing is refused).
func TestEditClears(t *testing.T) {
	office := &luoshi.Actor{UserID: 1, RegionID: 1, Roles: []luoshi.Role{luoshi.RoleSupervisor}}
	b := &luoshi.Bulletin{ID: 9, RegionID: 1, Kind: luoshi.BulletinMonth, Title: "题", State: luoshi.BulletinDraft, Version: 1}
	edit := func(v flow.Values) error {
		t.Helper()
		ev, err := bulletin.Decide(bulletin.Subject{Bulletin: b}, office, bulletin.ActEdit, v, at)
		if err != nil {
			return err
		}
		return bulletin.Apply(b, ev)
	}
	if err := edit(flow.Values{"foreword": "按语", "requirements": "要求"}); err != nil {
		t.Fatal(err)
	}
	if err := edit(flow.Values{"foreword": ""}); err != nil || b.Foreword != "" || b.Requirements != "要求" || b.Title != "题" {
		t.Errorf("clear the foreword: %v, %+v", err, b)
	}
	if err := edit(flow.Values{"requirements": "  ", "title": ""}); err != nil || b.Requirements != "" || b.Title != "题" {
		t.Errorf("clear the requirements: %v, %+v", err, b)
	}
	if err := edit(flow.Values{"title": ""}); luoshi.ErrorCode(err) != luoshi.EINVALID {
		t.Errorf("an empty title alone: %v, want invalid", err)
	}
}
