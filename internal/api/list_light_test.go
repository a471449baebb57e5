package api_test

import (
	"maps"
	"slices"
	"testing"
	"time"
)

// TestListLightRollsUp: a parent item's light is its sub-items' rolled up (DOMAIN.md: the
// parent's progress and status roll up from its children), on its page, in the list and in
// the list's light filter alike. The parent here is routine with two months to go — its own
// light green throughout — and its urgent sub-item turns yellow and then red within the day.
// At each moment every item listed under ?light=L shows L in the list, every item the list
// shows as L is listed under ?light=L (and so for the schedule status, which rolls up the
// same way), and the list shows each item as its page does.
func TestListLightRollsUp(t *testing.T) {
	e := newEnv(t)
	body := e.newItem("routine", start.Add(60*24*time.Hour))
	body["title"], body["report_every"] = "城区燃气管道改造（总）", ""
	parent := e.mustCreate(body)
	e.act("a_ll", parent.ID, "accept", nil, 200)
	sub := e.newItem("urgent", start.Add(10*time.Hour))
	sub["title"], sub["report_every"], sub["parent_id"] = "东片区管道改造", "", parent.ID
	child := e.mustCreate(sub)
	e.act("a_ll", child.ID, "accept", nil, 200)
	e.act("a_ll", child.ID, "report", map[string]any{"text": "已完成一半", "percent": 50}, 200)
	alone := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", alone.ID, "accept", nil, 200)

	list := func(query string) map[int64]item {
		t.Helper()
		var page struct{ Items []item }
		if st := e.call("sup", "GET", "/api/v1/items?limit=200"+query, nil, &page); st != 200 {
			t.Fatalf("list %q: %d", query, st)
		}
		out := map[int64]item{}
		for _, it := range page.Items {
			out[it.ID] = it
		}
		return out
	}
	for _, s := range []struct {
		at         time.Time
		parentWant string
	}{
		{start.Add(2 * time.Hour), "green"},
		{start.Add(8 * time.Hour), "yellow"},
		{start.Add(10 * time.Hour), "red"},
	} {
		e.clock.Set(s.at)
		all := list("")
		if len(all) != 3 {
			t.Fatalf("at %s the list holds %d items, want 3", s.at.Format(time.Kitchen), len(all))
		}
		for id, it := range all {
			var page item
			e.call("sup", "GET", itemPath(id), nil, &page)
			if it.Light != page.Light || it.Percent != page.Percent || it.ScheduleStatus != page.ScheduleStatus {
				t.Errorf("at %s item %d: the list shows %s %d%% %s, its page %s %d%% %s", s.at.Format(time.Kitchen), id,
					it.Light, it.Percent, it.ScheduleStatus, page.Light, page.Percent, page.ScheduleStatus)
			}
		}
		if got := all[parent.ID].Light; got != s.parentWant {
			t.Errorf("at %s the parent shows %s in the list, want %s (its sub-item's)", s.at.Format(time.Kitchen), got, s.parentWant)
		}
		if got := all[parent.ID].Percent; got != 50 {
			t.Errorf("at %s the parent shows %d%% in the list, want its sub-item's 50%%", s.at.Format(time.Kitchen), got)
		}
		filters := []struct {
			param  string
			values []string
			shown  func(item) string
		}{
			{"light", []string{"green", "yellow", "red", "blue", "grey"}, func(it item) string { return it.Light }},
			{"schedule", []string{"ahead", "on_schedule", "behind"}, func(it item) string { return it.ScheduleStatus }},
		}
		for _, f := range filters {
			for _, v := range f.values {
				var shown []int64
				for id, it := range all {
					if f.shown(it) == v {
						shown = append(shown, id)
					}
				}
				filtered := list("&" + f.param + "=" + v)
				if got := slices.Sorted(maps.Keys(filtered)); !slices.Equal(got, slices.Sorted(slices.Values(shown))) {
					t.Errorf("at %s %s=%s lists %v; the list shows %v as %s", s.at.Format(time.Kitchen), f.param, v, got, shown, v)
				}
			}
		}
	}
	// The parent's own light was green throughout: the roll-up is what made it red.
	e.act("a_ll", child.ID, "request-completion", map[string]any{"summary": "东片区完成"}, 200)
	e.act("sup", child.ID, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	if got := list("")[parent.ID].Light; got != "green" {
		t.Errorf("with its sub-item completed the parent shows %s, want its own green", got)
	}
}
