package api_test

import (
	"testing"
	"time"
)

// opinionCounts are a unit's co-unit opinion figures in GET /api/v1/stats/collaboration.
type opinionCounts struct {
	UnitID             int64    `json:"unit_id"`
	Requested          int      `json:"opinions_requested"`
	OnTime             int      `json:"opinions_on_time"`
	Late               int      `json:"opinions_late"`
	Missing            int      `json:"opinions_missing"`
	MedianOpinionHours *float64 `json:"median_opinion_hours"`
}

func (e *env) opinionCounts(t *testing.T, unit string) opinionCounts {
	t.Helper()
	var out struct {
		Units []opinionCounts `json:"units"`
	}
	if st := e.call("sup", "GET", "/api/v1/stats/collaboration?year=2026", nil, &out); st != 200 {
		t.Fatalf("collaboration: %d", st)
	}
	for _, u := range out.Units {
		if u.UnitID == e.units[unit] {
			return u
		}
	}
	return opinionCounts{UnitID: e.units[unit]}
}

// TestCoUnitOpinion is acceptance 5 of the co-unit opinion (配合意见): asked with a due time
// two hours ahead and answered in time it counts on time; answered after its due time, late;
// never answered, missing once its due time has passed — for the co-unit, in the
// collaboration figures. Another unit's liaison answering, or answering twice, is refused.
func TestCoUnitOpinion(t *testing.T) {
	e := newEnv(t)
	body := e.newItem("important", start.Add(30*24*time.Hour))
	body["co_unit_ids"] = []int64{e.units["B"], e.units["C"]}
	it := e.mustCreate(body)
	e.act("a_ll", it.ID, "accept", nil, 200)
	due := func(d time.Duration) string { return e.clock.Now().Add(d).Format(time.RFC3339) }
	ask := func(user, unit string, want int) {
		t.Helper()
		e.act(user, it.ID, "request-opinion", map[string]any{"unit_id": e.units[unit],
			"question": "燃气管道改造涉及的道路开挖，能否在 11 月内办结占道许可？", "due": due(2 * time.Hour)}, want)
	}
	answer := func(user string, id, want int) {
		t.Helper()
		e.act(user, it.ID, "give-opinion", map[string]any{"request_id": id, "text": "可以，已安排专人对接。"}, want)
	}

	// Who may ask, and what a request must hold.
	ask("a_jb", "B", 403) // the lead unit's staff drafts, its liaison asks
	ask("b_ll", "C", 403) // a co-unit does not ask another
	for name, c := range map[string]struct {
		body  map[string]any
		field string
	}{
		"not a co-unit":   {map[string]any{"unit_id": e.units["A"], "question": "x", "due": due(time.Hour)}, "unit_id"},
		"no question":     {map[string]any{"unit_id": e.units["B"], "due": due(time.Hour)}, "question"},
		"due in the past": {map[string]any{"unit_id": e.units["B"], "question": "x", "due": due(-time.Hour)}, "due"},
		"no due time":     {map[string]any{"unit_id": e.units["B"], "question": "x"}, "due"},
		"after deadline":  {map[string]any{"unit_id": e.units["B"], "question": "x", "due": due(40 * 24 * time.Hour)}, "due"},
	} {
		var p problem
		if st := e.call("a_ll", "POST", itemPath(it.ID)+"/request-opinion", c.body, &p); st != 422 || p.field(c.field) == "" {
			t.Errorf("%s: %d %+v, want 422 naming %s", name, st, p, c.field)
		}
	}

	// 1: asked by the lead unit's liaison, answered within the two hours: on time.
	ask("a_ll", "B", 200)
	ask("a_ll", "B", 422) // one open question per co-unit
	if got := e.opinionCounts(t, "B"); got.Requested != 1 || got.OnTime+got.Late+got.Missing != 0 {
		t.Errorf("B while asked: %+v, want 1 requested, none settled", got)
	}
	e.clock.Add(time.Hour)
	answer("c_ll", 1, 403) // C was not asked anything: only a unit asked answers
	answer("a_ll", 1, 403) // the lead unit does not answer for the co-unit
	answer("b_ll", 1, 200)
	answer("b_ll", 1, 409) // answering twice

	// 2: asked by the supervision office, answered three hours later: late.
	ask("sup", "B", 200)
	e.clock.Add(3 * time.Hour)
	answer("b_ll", 2, 200)

	// 3: asked of C, never answered: pending until its due time, missing after it.
	ask("a_ll", "C", 200)
	answer("c_ll", 2, 403) // B's question is not C's to answer
	if got := e.opinionCounts(t, "C"); got.Requested != 1 || got.Missing != 0 {
		t.Errorf("C before its due time: %+v, want 1 requested, 0 missing", got)
	}
	e.clock.Add(2*time.Hour + time.Minute)

	b := e.opinionCounts(t, "B")
	if b.Requested != 2 || b.OnTime != 1 || b.Late != 1 || b.Missing != 0 {
		t.Errorf("B: %+v, want 2 requested, 1 on time, 1 late", b)
	}
	if b.MedianOpinionHours == nil || *b.MedianOpinionHours != 2 {
		t.Errorf("B's median hours to answer: %v, want 2 (1 h and 3 h)", b.MedianOpinionHours)
	}
	c := e.opinionCounts(t, "C")
	if c.Requested != 1 || c.OnTime != 0 || c.Late != 0 || c.Missing != 1 || c.MedianOpinionHours != nil {
		t.Errorf("C: %+v, want 1 requested, 1 missing, no median", c)
	}

	// The item carries the requests and their answers.
	var got struct {
		Opinions []struct {
			ID         int        `json:"id"`
			UnitID     int64      `json:"unit_id"`
			AnsweredAt *time.Time `json:"answered_at"`
			Answer     string     `json:"answer"`
		} `json:"opinions"`
	}
	if st := e.call("sup", "GET", itemPath(it.ID), nil, &got); st != 200 || len(got.Opinions) != 3 {
		t.Fatalf("item: %d %+v", st, got)
	}
	if o := got.Opinions[0]; o.UnitID != e.units["B"] || o.AnsweredAt == nil || o.Answer == "" {
		t.Errorf("request 1: %+v", o)
	}
	if o := got.Opinions[2]; o.UnitID != e.units["C"] || o.AnsweredAt != nil {
		t.Errorf("request 3: %+v", o)
	}
}
