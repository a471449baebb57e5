package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// TestApproveCompletionConfirm: a completion requested on a report of 10 % is approved only
// with the office's confirmation; without it the answer names the percent and the threshold
// in the reader's language and nothing changes; with it the event records the percent the
// office confirmed. At 85 % no confirmation is asked and none is recorded.
func TestApproveCompletionConfirm(t *testing.T) {
	e := newEnv(t)
	low := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", low.ID, "accept", nil, 200)
	e.act("a_ll", low.ID, "report", map[string]any{"text": "已完成前期调研", "percent": 10}, 200)
	e.act("a_ll", low.ID, "request-completion", map[string]any{"summary": "已办结"}, 200)
	before := e.events(low.ID)

	for _, c := range []struct{ lang, want string }{
		{"zh-CN", "事项记录的完成进度为 10%，低于 80%"},
		{"en", "recorded progress is 10%, below 80%"},
	} {
		p, st := e.problemIn("sup", c.lang, "POST", itemPath(low.ID)+"/approve-completion", map[string]any{"text": "同意"})
		if st != 422 || !strings.Contains(p.field("confirm_percent"), c.want) {
			t.Errorf("%s: approving at 10 %% without confirmation: %d %+v, want 422 on confirm_percent saying %q", c.lang, st, p, c.want)
		}
	}
	p, st := e.problemIn("sup", "zh-CN", "POST", itemPath(low.ID)+"/approve-completion", map[string]any{"confirm_percent": "true"})
	if st != 422 || p.field("confirm_percent") == "" {
		t.Errorf("a confirmation other than yes: %d %+v, want 422 on confirm_percent", st, p)
	}
	if after := e.events(low.ID); len(after) != len(before) {
		t.Fatalf("refused approvals wrote %d events", len(after)-len(before))
	}
	if it := e.act("sup", low.ID, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200); it.State != "completed" {
		t.Errorf("confirmed approval: state %s", it.State)
	}
	evs := e.events(low.ID)
	last := evs[len(evs)-1]
	if last.Kind != string(luoshi.EventCompletionApproved) || last.Data.ConfirmedPercent == nil || *last.Data.ConfirmedPercent != 10 {
		t.Errorf("the approval event %+v does not record the confirmed 10 %%", last)
	}

	high := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", high.ID, "accept", nil, 200)
	e.act("a_ll", high.ID, "report", map[string]any{"text": "主体工作完成", "percent": 85}, 200)
	e.act("a_ll", high.ID, "request-completion", map[string]any{"summary": "已办结"}, 200)
	e.act("sup", high.ID, "approve-completion", nil, 200)
	evs = e.events(high.ID)
	if last := evs[len(evs)-1]; last.Data.ConfirmedPercent != nil {
		t.Errorf("an approval at 85 %% records a confirmation: %+v", last)
	}
}

// confirmEvent is an event of the item's timeline with the payload field the confirmation uses.
type confirmEvent struct {
	Kind string `json:"kind"`
	Data struct {
		ConfirmedPercent *int `json:"confirmed_percent"`
	} `json:"payload"`
}

func (e *env) events(id int64) []confirmEvent {
	e.t.Helper()
	var raw json.RawMessage
	if st := e.call("sup", "GET", itemPath(id)+"/events", nil, &raw); st != 200 {
		e.t.Fatalf("events of item %d: %d", id, st)
	}
	var out struct{ Events []confirmEvent }
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.Events
}
