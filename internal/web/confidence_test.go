package web_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestConfidenceForm: the lead unit's liaison and the office judge an item's delivery
// confidence through the item page; the page then shows both judgements and their gap.
func TestConfidenceForm(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	path := fmt.Sprintf("/items/%d", it.ID)
	ll := e.login(t, "jtj_ll")
	if _, body := ll.get(path); !strings.Contains(body, `id="act-rate-confidence"`) {
		t.Fatal("the liaison's item page offers no confidence judgement")
	}
	if st, body := ll.postBody(path+"/rate-confidence", url.Values{"confidence": {"green"}}); st != 200 || !strings.Contains(body, "已记录落实把握判断") {
		t.Fatalf("the liaison's judgement: %d", st)
	}
	sup := e.login(t, "duchashi")
	// Whether the office's workbench counts the item among the judgements apart (the page
	// shows the section; its first eight items are linked, so ask the service for all).
	listed := func() bool {
		wb, err := e.svc.Workbench(context.Background(), e.actor(t, "duchashi"))
		if err != nil {
			t.Fatal(err)
		}
		_, page := sup.get("/")
		return strings.Contains(page, `id="wb.diverging"`) &&
			slices.ContainsFunc(wb.Diverging, func(v *service.ItemView) bool { return v.ID == it.ID })
	}
	if st, _ := sup.postBody(path+"/rate-confidence", url.Values{"confidence": {"amber_green"}}); st != 200 || listed() {
		t.Fatalf("judgements one level apart: %d, listed among those apart: %v", st, listed())
	}
	if st, _ := sup.postBody(path+"/rate-confidence", url.Values{"confidence": {"amber_red"}, "reason": {"拆迁未完成"}}); st != 200 {
		t.Fatalf("the office's judgement: %d", st)
	}
	_, body := sup.get(path)
	for _, want := range []string{"牵头单位：很有把握", "督查室：难度较大", "判断相差 3 级"} {
		if !strings.Contains(body, want) {
			t.Errorf("the item page lacks %q", want)
		}
	}
	// The office's workbench lists the item among the judgements apart.
	if !listed() {
		t.Error("the office's workbench does not list the item whose judgements are 3 levels apart")
	}
	if st, body := ll.postBody(path+"/rate-confidence", url.Values{"confidence": {""}}); st != 422 || !strings.Contains(body, "落实把握须为") {
		t.Errorf("a judgement without a level: %d", st)
	}
}
