package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// TestItemForms posts item actions as the server sees them: staff draft a report for their
// liaison; another unit's post on the item is answered as for an item that does not exist;
// an unknown action is not found.
func TestItemForms(t *testing.T) {
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	path := fmt.Sprintf("/items/%d/", it.ID)
	staff := e.login(t, "jtj_jb")
	before := e.countEvents(t, it.ID)
	status, body := staff.postBody(path+"report", url.Values{"text": {"起草：本周完成路灯更换 40 盏。"}, "percent": {"45"}})
	if status != http.StatusOK || !strings.Contains(body, "进展已起草") || e.countEvents(t, it.ID) != before+1 {
		t.Errorf("staff drafting a report: %d, events %d → %d", status, before, e.countEvents(t, it.ID))
	}
	other := e.login(t, "wjj_ll")
	if status, body := other.postBody(path+"comment", url.Values{"text": {"看看"}}); status != http.StatusNotFound ||
		strings.Contains(body, it.Title) {
		t.Errorf("another unit commenting: %d", status)
	}
	if status, _ := staff.postBody(path+"no-such-action", url.Values{}); status != http.StatusNotFound {
		t.Errorf("an unknown action: %d", status)
	}
	if e.countEvents(t, it.ID) != before+1 {
		t.Errorf("refused posts were recorded")
	}
}
