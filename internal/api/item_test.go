package api_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

type event struct {
	Seq       int       `json:"seq"`
	Kind      string    `json:"kind"`
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	At        time.Time `json:"at"`
}

// TestLifecycle is acceptance 2: an urgent item through acceptance, reports, a denied
// extension, a returned and an approved completion request, and evaluation — through the
// API alone — with every step in the events and the unit's stats counting it on time.
func TestLifecycle(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(func() map[string]any {
		b := e.newItem("urgent", start.Add(48*time.Hour))
		b["report_every"] = "4h"
		return b
	}())
	if it.State != "assigned" || it.Light != "green" || !strings.HasPrefix(it.Code, "督办〔2026〕") {
		t.Fatalf("created: %+v", it)
	}
	steps := []struct {
		user, action string
		body         any
		state        string
		kind         string
	}{
		{"a_ll", "accept", nil, "in_progress", "accepted"},
		{"a_ll", "report", map[string]any{"text": "已完成现场勘查", "percent": 30}, "in_progress", "reported"},
		{"a_ll", "report", map[string]any{"text": "已完成 12 公里", "percent": 60, "problems": "部分路段交通疏导难",
			"next_steps": "协调交警夜间施工"}, "in_progress", "reported"},
		{"a_ll", "request-extension", map[string]any{"reason": "雨天停工", "percent": 60,
			"deadline": start.Add(96 * time.Hour).Format(time.RFC3339)}, "in_progress", "extension_requested"},
		{"sup", "deny-extension", map[string]any{"reason": "时限不变，请增加施工力量"}, "in_progress", "extension_denied"},
		{"a_ll", "request-completion", map[string]any{"summary": "已全部完成更新"}, "completion_requested", "completion_requested"},
		{"sup", "return", map[string]any{"reason": "缺少竣工验收意见"}, "in_progress", "returned"},
		{"a_ll", "request-completion", map[string]any{"summary": "已补充验收意见"}, "completion_requested", "completion_requested"},
		{"sup", "approve-completion", map[string]any{"confirm_percent": "yes"}, "completed", "completion_approved"}, // at 60 %
		{"sup", "evaluate", map[string]any{"rating": "good"}, "completed", "evaluated"},
	}
	kinds := []string{"created", "assigned"}
	for _, s := range steps {
		e.clock.Add(time.Hour)
		got := e.act(s.user, it.ID, s.action, s.body, 200)
		if got.State != s.state {
			t.Fatalf("after %s: state %s, want %s", s.action, got.State, s.state)
		}
		kinds = append(kinds, s.kind)
	}
	var final item
	e.call("sup", "GET", itemPath(it.ID), nil, &final)
	if final.Light != "blue" || final.Rating != "good" || final.OnTime == nil || !*final.OnTime || final.Percent != 100 {
		t.Errorf("final item: %+v", final)
	}
	if !final.Deadline.Equal(start.Add(48 * time.Hour)) {
		t.Errorf("deadline %v changed although the extension was denied", final.Deadline)
	}
	var evs struct{ Events []event }
	if st := e.call("a_ll", "GET", itemPath(it.ID)+"/events", nil, &evs); st != 200 {
		t.Fatalf("events: %d", st)
	}
	if len(evs.Events) != len(kinds) {
		t.Fatalf("%d events, want %d", len(evs.Events), len(kinds))
	}
	for i, ev := range evs.Events {
		if ev.Kind != kinds[i] || ev.Seq != i+1 || ev.ActorName == "" || ev.At.IsZero() {
			t.Errorf("event %d: %+v, want kind %s", i, ev, kinds[i])
		}
		if i > 0 && ev.At.Before(evs.Events[i-1].At) {
			t.Errorf("event %d is older than the one before", i)
		}
	}
	if evs.Events[2].ActorID != e.ids["a_ll"] || evs.Events[0].ActorID != e.ids["sup"] {
		t.Errorf("actors: %+v", evs.Events[:3])
	}
	var stats struct {
		Units []struct {
			UnitID          int64   `json:"unit_id"`
			Completed       int     `json:"completed"`
			CompletedOnTime int     `json:"completed_on_time"`
			OnTimeRate      float64 `json:"on_time_rate"`
			Open            int     `json:"open"`
		}
	}
	e.call("sup", "GET", "/api/v1/stats/units", nil, &stats)
	found := false
	for _, u := range stats.Units {
		if u.UnitID == e.units["A"] {
			found = true
			if u.Completed != 1 || u.CompletedOnTime != 1 || u.OnTimeRate != 1 || u.Open != 0 {
				t.Errorf("stats for A: %+v", u)
			}
		}
	}
	if !found {
		t.Error("no stats row for unit A")
	}
}

// TestDecline is acceptance 3: a decline within the window goes back to the supervisor;
// after the window it is refused with a reason.
func TestDecline(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	if it.DeclineDeadline == nil {
		t.Fatal("no decline deadline shown")
	}
	e.clock.Add(24 * time.Hour)
	got := e.act("a_ll", it.ID, "decline", map[string]any{"reason": "不属于本单位职责"}, 200)
	if got.State != "declined" {
		t.Fatalf("state %s", got.State)
	}
	var sup item
	e.call("sup", "GET", itemPath(it.ID), nil, &sup)
	if !contains(sup.Actions, "reassign") || !contains(sup.Actions, "insist") {
		t.Errorf("supervisor actions after decline: %v", sup.Actions)
	}
	got = e.act("sup", it.ID, "reassign", map[string]any{"lead_unit_id": e.units["C"], "reason": "改由 C 牵头"}, 200)
	if got.State != "assigned" || got.LeadUnitID != e.units["C"] {
		t.Fatalf("after reassign: %+v", got)
	}
	// A, no longer involved, cannot see it any more; C's window runs from the reassignment.
	if st := e.call("a_ll", "GET", itemPath(it.ID), nil, nil); st != 404 {
		t.Errorf("old lead sees the item: %d", st)
	}
	e.clock.Add(5 * 24 * time.Hour) // Tuesday 9:00 + 5 days = Sunday: 3 working days have passed
	var p problem
	if st := e.call("c_ll", "POST", itemPath(it.ID)+"/decline", map[string]any{"reason": "人手不足"}, &p); st != 409 {
		t.Fatalf("late decline: status %d", st)
	}
	if !strings.Contains(p.Detail, "退办期限") || p.State != "assigned" {
		t.Errorf("late decline problem: %+v", p)
	}
	var after item
	e.call("sup", "GET", itemPath(it.ID), nil, &after)
	if after.State != "assigned" {
		t.Errorf("state changed by a refused decline: %s", after.State)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestConcurrentTransitions: approve and return at the same moment — exactly one wins, the
// other gets 409 with the state the winner left.
func TestConcurrentTransitions(t *testing.T) {
	e := newEnv(t)
	for round := 0; round < 5; round++ {
		it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
		e.act("a_ll", it.ID, "accept", nil, 200)
		e.act("a_ll", it.ID, "request-completion", map[string]any{"summary": "完成"}, 200)
		e.token("sup")
		var wg sync.WaitGroup
		codes := make([]int, 2)
		probs := make([]problem, 2)
		for i, action := range []string{"approve-completion", "return"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = e.call("sup", "POST", itemPath(it.ID)+"/"+action, map[string]any{"reason": "材料不全", "confirm_percent": "yes"}, &probs[i])
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for i, c := range codes {
			switch c {
			case 200:
				ok++
			case 409:
				conflict++
				if probs[i].State == "" || probs[i].State == "completion_requested" {
					t.Errorf("409 without the winner's state: %+v", probs[i])
				}
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("round %d: codes %v, want one 200 and one 409", round, codes)
		}
		var evs struct{ Events []event }
		e.call("sup", "GET", itemPath(it.ID)+"/events", nil, &evs)
		if n := len(evs.Events); n != 5 {
			t.Errorf("round %d: %d events, want 5", round, n)
		}
	}
}

// TestVisibility: units see only their items; a co-unit sees but cannot request completion;
// another region sees nothing; administrators see no business data.
func TestVisibility(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", it.ID, "accept", nil, 200)
	cases := []struct {
		user string
		want int
	}{{"sup", 200}, {"head", 200}, {"deputy", 200}, {"a_ll", 200}, {"a_jb", 200}, {"b_ll", 200},
		{"c_ll", 404}, {"d_ll", 404}, {"d_sup", 404}, {"admin", 403}, {"sec", 403}, {"aud", 403}}
	for _, c := range cases {
		if st := e.call(c.user, "GET", itemPath(it.ID), nil, nil); st != c.want {
			t.Errorf("%s GET item: %d, want %d", c.user, st, c.want)
		}
	}
	var p problem
	if st := e.call("b_ll", "POST", itemPath(it.ID)+"/request-completion", map[string]any{"summary": "完成"}, &p); st != 403 {
		t.Errorf("co-unit request-completion: %d", st)
	}
	if st := e.call("b_ll", "POST", itemPath(it.ID)+"/comment", map[string]any{"text": "配合意见：同意"}, nil); st != 200 {
		t.Errorf("co-unit comment: %d", st)
	}
	if st := e.call("c_ll", "POST", itemPath(it.ID)+"/report", map[string]any{"text": "x", "percent": 10}, nil); st != 404 {
		t.Errorf("unrelated unit report: %d", st)
	}
	for _, u := range []string{"c_ll", "d_sup"} {
		var page struct{ Items []item }
		e.call(u, "GET", "/api/v1/items", nil, &page)
		if len(page.Items) != 0 {
			t.Errorf("%s lists %d items of others", u, len(page.Items))
		}
	}
	var page struct{ Items []item }
	e.call("b_ll", "GET", "/api/v1/items?unit_id="+itoa(e.units["B"]), nil, &page)
	if len(page.Items) != 1 {
		t.Errorf("co-unit lists %d items", len(page.Items))
	}
	// Staff drafts a report; it does not move the item's progress.
	got := e.act("a_jb", it.ID, "report", map[string]any{"text": "草稿", "percent": 50}, 200)
	if got.Percent != 0 {
		t.Errorf("a staff draft changed the percent to %d", got.Percent)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
