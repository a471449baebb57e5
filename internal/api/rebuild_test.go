package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	items "luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// TestRebuildEveryState drives items into every state through the API and checks that each
// stored item equals the fold of its stored events.
func TestRebuildEveryState(t *testing.T) {
	e := newEnv(t)
	deadline := start.Add(30 * 24 * time.Hour)
	later := deadline.Add(10 * 24 * time.Hour).Format(time.RFC3339)
	paths := map[string][]struct {
		user, action string
		body         any
	}{
		"draft":    nil,
		"assigned": {{"sup", "assign", nil}},
		"declined": {{"sup", "assign", nil}, {"a_ll", "decline", map[string]any{"reason": "非本单位职责"}}},
		"reassigned": {{"sup", "assign", nil}, {"a_ll", "decline", map[string]any{"reason": "非本单位职责"}},
			{"sup", "reassign", map[string]any{"lead_unit_id": e.units["B"]}}},
		"insisted": {{"sup", "assign", nil}, {"a_ll", "decline", map[string]any{"reason": "非本单位职责"}},
			{"sup", "insist", map[string]any{"reason": "职责明确"}}, {"a_ll", "accept", nil}},
		"in_progress": {{"sup", "assign", nil}, {"a_ll", "accept", nil},
			{"a_ll", "report", map[string]any{"text": "进展", "percent": 40, "milestones_done": []int{1}}},
			{"sup", "urge", map[string]any{"level": "blue"}}, {"head", "instruct", map[string]any{"text": "抓紧"}},
			{"a_ll", "request-extension", map[string]any{"reason": "雨季", "percent": 40, "deadline": later}},
			{"sup", "approve-extension", nil}, {"b_ll", "comment", map[string]any{"text": "同意"}},
			{"sup", "hold-accountable", map[string]any{"kind": "interview", "reason": "进度滞后"}}},
		"completion_requested": {{"sup", "assign", nil}, {"a_ll", "accept", nil},
			{"a_ll", "request-completion", map[string]any{"summary": "完成"}}},
		"completed": {{"sup", "assign", nil}, {"a_ll", "accept", nil},
			{"a_ll", "request-completion", map[string]any{"summary": "完成"}}, {"sup", "return", map[string]any{"reason": "补材料"}},
			{"a_ll", "request-completion", map[string]any{"summary": "已补"}},
			{"sup", "approve-completion", map[string]any{"confirm_percent": "yes"}}, // no report: 0 %
			{"sup", "evaluate", map[string]any{"rating": "excellent"}}},
		"suspended": {{"sup", "assign", nil}, {"a_ll", "accept", nil}, {"deputy", "suspend", map[string]any{"reason": "政策调整"}}},
		"resumed": {{"sup", "assign", nil}, {"a_ll", "accept", nil}, {"sup", "suspend", map[string]any{"reason": "政策调整"}},
			{"sup", "resume", nil}},
		"cancelled": {{"sup", "assign", nil}, {"sup", "suspend", map[string]any{"reason": "x"}}, {"head", "cancel", map[string]any{"reason": "撤销"}}},
	}
	want := map[string]luoshi.State{"draft": "draft", "assigned": "assigned", "declined": "declined",
		"reassigned": "assigned", "insisted": "in_progress", "in_progress": "in_progress",
		"completion_requested": "completion_requested", "completed": "completed", "suspended": "suspended",
		"resumed": "in_progress", "cancelled": "cancelled"}
	seen := map[luoshi.State]bool{}
	for name, steps := range paths {
		body := e.newItem("important", deadline)
		body["assign"] = false
		body["milestones"] = []map[string]any{{"title": "方案", "due": start.Add(10 * 24 * time.Hour).Format(time.RFC3339)}}
		it := e.mustCreate(body)
		for _, s := range steps {
			e.clock.Add(time.Hour)
			e.act(s.user, it.ID, s.action, s.body, http.StatusOK)
		}
		ctx := context.Background()
		err := e.db.View(ctx, func(tx luoshi.Tx) error {
			stored, err := tx.FindItemByID(ctx, it.ID)
			if err != nil {
				return err
			}
			evs, err := tx.FindEvents(ctx, it.ID)
			if err != nil {
				return err
			}
			rebuilt, err := items.Rebuild(evs)
			if err != nil {
				return err
			}
			a, _ := json.Marshal(stored)
			b, _ := json.Marshal(rebuilt)
			if string(a) != string(b) {
				t.Errorf("%s: stored and rebuilt differ:\nstored  %s\nrebuilt %s", name, a, b)
			}
			if stored.State != want[name] {
				t.Errorf("%s: state %s, want %s", name, stored.State, want[name])
			}
			seen[stored.State] = true
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for _, s := range luoshi.States {
		if !seen[s] {
			t.Errorf("no item reached state %s", s)
		}
	}
}

// TestLightsThroughAPI is acceptance 4 as a clerk sees it: the light of an urgent item and
// the light filter of the list follow the clock.
func TestLightsThroughAPI(t *testing.T) {
	e := newEnv(t)
	body := e.newItem("urgent", start.Add(10*time.Hour))
	body["report_every"] = ""
	it := e.mustCreate(body)
	e.act("a_ll", it.ID, "accept", nil, 200)
	light := func() (string, int) {
		var v item
		e.call("sup", "GET", itemPath(it.ID), nil, &v)
		var page struct{ Items []item }
		e.call("sup", "GET", "/api/v1/items?light="+v.Light, nil, &page)
		return v.Light, len(page.Items)
	}
	steps := []struct {
		at   time.Time
		want string
	}{
		{start.Add(8*time.Hour - time.Second), "green"},
		{start.Add(8 * time.Hour), "yellow"},
		{start.Add(10*time.Hour - time.Second), "yellow"},
		{start.Add(10 * time.Hour), "red"},
	}
	for _, s := range steps {
		e.clock.Set(s.at)
		if got, n := light(); got != s.want || n != 1 {
			t.Errorf("at %s: light %s (list by light: %d), want %s", s.at.Format(time.Kitchen), got, n, s.want)
		}
	}
	e.clock.Add(time.Second)
	var overdue struct{ Items []item }
	e.call("sup", "GET", "/api/v1/items?overdue=true", nil, &overdue)
	if len(overdue.Items) != 1 {
		t.Errorf("overdue list: %d items", len(overdue.Items))
	}
}

// TestCalendarAPI: the calendar is data; the system administrator edits and imports it, and
// the API says when it runs out.
func TestCalendarAPI(t *testing.T) {
	e := newEnv(t)
	var cy struct {
		Year         int    `json:"year"`
		Covered      bool   `json:"covered"`
		CoveredUntil int    `json:"covered_until"`
		Warning      string `json:"warning"`
		Days         []luoshi.CalendarDay
	}
	e.call("a_ll", "GET", "/api/v1/calendar?year=2026", nil, &cy)
	if !cy.Covered || len(cy.Days) != 39 || cy.CoveredUntil != 2026 || !strings.Contains(cy.Warning, "2027") {
		t.Fatalf("2026 calendar: %+v", cy)
	}
	if st := e.call("admin", "PUT", "/api/v1/calendar/2026-12-31", map[string]any{"kind": "holiday", "name": "测试"}, &cy); st != 200 {
		t.Fatalf("put: %d", st)
	}
	if len(cy.Days) != 40 {
		t.Errorf("after put: %d days", len(cy.Days))
	}
	csv := "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节调休上班\n"
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/calendar/import", strings.NewReader(csv))
	req.Header.Set("Authorization", "Bearer "+e.token("admin"))
	req.Header.Set("Content-Type", "text/csv")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("import: %v %v", err, resp.Status)
	}
	resp.Body.Close()
	cy.Warning = ""
	e.call("a_ll", "GET", "/api/v1/calendar?year=2027", nil, &cy)
	if !cy.Covered || len(cy.Days) != 2 || cy.Warning != "" {
		t.Errorf("2027 after import: %+v", cy)
	}
	// A bad file changes nothing and names the line.
	req, _ = http.NewRequest("POST", e.srv.URL+"/api/v1/calendar/import",
		strings.NewReader("date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,坏\n"))
	req.Header.Set("Authorization", "Bearer "+e.token("admin"))
	req.Header.Set("Content-Type", "text/csv")
	resp, _ = http.DefaultClient.Do(req)
	var p problem
	json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(p.Detail+p.field("date"), "第 3 行") {
		t.Errorf("bad import: %d %+v", resp.StatusCode, p)
	}
	e.call("a_ll", "GET", "/api/v1/calendar?year=2027", nil, &cy)
	if len(cy.Days) != 2 {
		t.Errorf("a refused import changed the calendar: %d days", len(cy.Days))
	}
}
