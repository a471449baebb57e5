package api_test

import (
	"slices"
	"testing"
	"time"
)

// TestDeliveryConfidence (落实把握): the lead unit's liaison and the supervision office each
// judge the item's delivery confidence apart from its state and light; the item shows both
// and how far apart they are; nobody else judges, not before the work is under way, and not
// with a level that does not exist.
func TestDeliveryConfidence(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", it.ID, "rate-confidence", map[string]any{"confidence": "green"}, 409) // not accepted yet
	e.act("a_ll", it.ID, "accept", nil, 200)
	for _, u := range []string{"a_jb", "b_ll", "head", "deputy"} {
		st := e.call(u, "POST", itemPath(it.ID)+"/rate-confidence", map[string]any{"confidence": "green"}, nil)
		if st != 403 {
			t.Errorf("%s judges the item's confidence: %d, want 403", u, st)
		}
	}
	e.act("a_ll", it.ID, "rate-confidence", map[string]any{"confidence": "purple"}, 422)
	e.act("a_ll", it.ID, "rate-confidence", map[string]any{"confidence": "amber_green", "reason": "资金已到位"}, 200)
	got := e.act("sup", it.ID, "rate-confidence", map[string]any{"confidence": "red", "reason": "征地尚未完成"}, 200)

	var view struct {
		UnitConfidence   *struct{ Level, Reason string } `json:"unit_confidence"`
		OfficeConfidence *struct{ Level, Reason string } `json:"office_confidence"`
		ConfidenceGap    int                             `json:"confidence_gap"`
		State            string                          `json:"state"`
	}
	if st := e.call("b_ll", "GET", itemPath(it.ID), nil, &view); st != 200 {
		t.Fatalf("the co-unit reads the item: %d", st)
	}
	if view.UnitConfidence == nil || view.UnitConfidence.Level != "amber_green" || view.UnitConfidence.Reason != "资金已到位" ||
		view.OfficeConfidence == nil || view.OfficeConfidence.Level != "red" || view.ConfidenceGap != 3 || view.State != "in_progress" {
		t.Errorf("the item's judgements: %+v %+v gap %d state %s, want amber_green and red, 3 apart, still in progress",
			view.UnitConfidence, view.OfficeConfidence, view.ConfidenceGap, view.State)
	}
	if got.ID != it.ID {
		t.Errorf("the action answered item %d", got.ID)
	}
	var evs struct {
		Events []struct{ Kind string } `json:"events"`
	}
	if st := e.call("sup", "GET", itemPath(it.ID)+"/events", nil, &evs); st != 200 {
		t.Fatal(st)
	}
	n := 0
	for _, ev := range evs.Events {
		if ev.Kind == "confidence_rated" {
			n++
		}
	}
	if n != 2 || !slices.ContainsFunc(evs.Events, func(ev struct{ Kind string }) bool { return ev.Kind == "accepted" }) {
		t.Errorf("the timeline has %d judgements, want 2: %+v", n, evs.Events)
	}
}
