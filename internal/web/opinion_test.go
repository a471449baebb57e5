package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
)

// TestOpinionForms: on the item page the lead unit's liaison asks a co-unit for its opinion
// (the form drawn from the action's spec: the co-units to choose from, the question, a date
// and time), the co-unit's liaison sees the question and answers it, and the item page and
// the collaboration page show the answer on time.
func TestOpinionForms(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	if len(it.CoUnitIDs) == 0 {
		t.Fatal("the demo item has no co-unit")
	}
	co := it.CoUnitIDs[0]
	var coKey string
	for _, u := range demo.Units {
		if a, err := e.svc.ActorByUsername(context.Background(), demo.LiaisonUsername(u.Key)); err == nil && a.UnitID == co {
			coKey = u.Key
		}
	}
	if coKey == "" {
		t.Fatalf("no liaison of co-unit %d", co)
	}
	path := fmt.Sprintf("/items/%d", it.ID)
	ll := e.login(t, "jtj_ll")
	_, page := ll.get(path)
	for _, want := range []string{`id="act-request-opinion"`, `name="unit_id"`, fmt.Sprintf(`<option value="%d">`, co),
		`type="datetime-local"`, `name="question"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the lead liaison's item page lacks %s", want)
		}
	}
	// A date and time the form cannot read, or a missing question, come back beside the field.
	st, body := ll.postBody(path+"/request-opinion", url.Values{"unit_id": {fmt.Sprint(co)}, "question": {"x"}, "due": {"明天"}})
	if st != 422 || !strings.Contains(body, "时间格式须为") {
		t.Errorf("an unreadable due time: %d, want 422 saying how to write it", st)
	}
	st, body = ll.postBody(path+"/request-opinion", url.Values{"unit_id": {fmt.Sprint(co)}, "due": {"2026-12-31T18:00"}})
	if st != 422 || !strings.Contains(body, "请填写征求意见的事项") {
		t.Errorf("no question: %d, want 422 asking for it", st)
	}
	due := e.svc.Now().In(e.svc.Location()).Add(48 * time.Hour).Format("2006-01-02T15:04")
	if st, body := ll.postBody(path+"/request-opinion", url.Values{"unit_id": {fmt.Sprint(co)},
		"question": {"道路开挖的占道许可能否本月办结？"}, "due": {due}}); st != 200 || !strings.Contains(body, "已向配合单位征求意见") {
		t.Fatalf("asking: %d %s", st, body[strings.Index(body, "<main"):])
	}

	asked, err := e.svc.GetItem(context.Background(), e.actor(t, "duchashi"), it.ID)
	if err != nil || len(asked.Opinions) == 0 {
		t.Fatalf("the item after asking: %v", err)
	}
	id := fmt.Sprint(asked.Opinions[len(asked.Opinions)-1].ID)
	cl := e.login(t, demo.LiaisonUsername(coKey))
	_, page = cl.get(path)
	for _, want := range []string{`id="act-give-opinion"`, "道路开挖的占道许可能否本月办结？", "待答复"} {
		if !strings.Contains(page, want) {
			t.Errorf("the co-unit's item page lacks %q", want)
		}
	}
	if st, body := cl.postBody(path+"/give-opinion", url.Values{"request_id": {id}, "text": {"可以，本周内办结。"}}); st != 200 || !strings.Contains(body, "已答复征求意见") {
		t.Fatalf("answering: %d", st)
	}
	_, page = ll.get(path)
	at := strings.Index(page, "可以，本周内办结。")
	if at < 0 {
		t.Fatal("the item page lacks the answer")
	}
	row := page[strings.LastIndex(page[:at], "<tr>") : at+strings.Index(page[at:], "</tr>")]
	if !strings.Contains(row, "按时答复") || !strings.Contains(row, "道路开挖的占道许可能否本月办结？") {
		t.Errorf("the answer's row does not show the question answered on time: %s", row)
	}
	if strings.Contains(page, `id="act-give-opinion"`) {
		t.Error("the lead unit is offered to answer its own question")
	}
	sup := e.login(t, "duchashi")
	_, page = sup.get("/collaboration")
	if !strings.Contains(page, "征求意见") || !strings.Contains(page, "按时答复") {
		t.Error("the collaboration page has no opinion columns")
	}
}
