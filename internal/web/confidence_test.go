package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
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
	if _, wb := e.login(t, "duchashi").get("/"); strings.Contains(wb, `id="wb.diverging"`) {
		t.Fatal("the demo county's workbench lists judgements apart before anyone judged")
	}
	if _, body := ll.get(path); !strings.Contains(body, `id="act-rate-confidence"`) {
		t.Fatal("the liaison's item page offers no confidence judgement")
	}
	if st, body := ll.postBody(path+"/rate-confidence", url.Values{"confidence": {"green"}}); st != 200 || !strings.Contains(body, "已记录落实把握判断") {
		t.Fatalf("the liaison's judgement: %d", st)
	}
	sup := e.login(t, "duchashi")
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
	_, wb := sup.get("/")
	i := strings.Index(wb, `id="wb.diverging"`)
	if i < 0 || !strings.Contains(wb[i:], fmt.Sprintf(`href="/items/%d"`, it.ID)) {
		t.Error("the office's workbench does not list the item whose judgements are 3 levels apart")
	}
	if st, body := ll.postBody(path+"/rate-confidence", url.Values{"confidence": {""}}); st != 422 || !strings.Contains(body, "落实把握须为") {
		t.Errorf("a judgement without a level: %d", st)
	}
}
