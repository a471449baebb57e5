package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// TestItemTimelinePages: an item's page shows the newest page of its timeline with a link to
// the earlier entries; that link shows the earlier ones and a way back; an altered cursor is
// answered with a message, not a server error.
func TestItemTimelinePages(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	path := fmt.Sprintf("/items/%d", it.ID)
	ll := e.login(t, "jtj_ll")
	for i := 1; i <= 55; i++ { // more than a page of 50
		if st, _ := ll.postBody(path+"/report", url.Values{"text": {fmt.Sprintf("第%03d次进展", i)}, "percent": {"50"}}); st != 200 {
			t.Fatalf("report %d: %d", i, st)
		}
	}
	st, body := ll.get(path)
	if st != 200 || !strings.Contains(body, "第055次进展") || strings.Contains(body, "第001次进展") {
		t.Fatalf("the item page (%d) does not show the newest page only", st)
	}
	m := regexp.MustCompile(`href="(/items/\d+\?tl=[^"#]+)#timeline" id="timeline-earlier"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the item page has no link to earlier entries")
	}
	st, body = ll.get(m[1])
	if st != 200 || !strings.Contains(body, "第001次进展") || strings.Contains(body, "第055次进展") || !strings.Contains(body, "回到最新记录") {
		t.Errorf("the earlier entries (%d) are not the older page with a way back", st)
	}
	if st, body := ll.get(path + "?tl=aTA"); st >= 500 || st < 400 || !strings.Contains(body, "分页游标无效") {
		t.Errorf("an altered cursor: %d, want a refusal that says so", st)
	}
}
