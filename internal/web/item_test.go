package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
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

// TestAttachForm uploads a file through the item page's multipart form, whose CSRF token
// travels in the form itself; without the token nothing is stored.
func TestAttachForm(t *testing.T) {
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	ll := e.login(t, "jtj_ll")
	upload := func(token string) int {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		if token != "" {
			mw.WriteField("csrf_token", token)
		}
		fw, _ := mw.CreateFormFile("file", "进展说明.txt")
		fw.Write([]byte("人民路段施工进展说明：已完成 3.2 公里。\n"))
		mw.Close()
		res, err := ll.http.Post(fmt.Sprintf("%s/items/%d/attach", e.srv.URL, it.ID), mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	before := e.countEvents(t, it.ID)
	if status := upload(""); status != http.StatusForbidden || e.countEvents(t, it.ID) != before {
		t.Errorf("an upload without the CSRF token: %d", status)
	}
	if status := upload(ll.csrf); status != http.StatusOK || e.countEvents(t, it.ID) != before+1 {
		t.Errorf("an upload: %d, events %d → %d", status, before, e.countEvents(t, it.ID))
	}
	_, body := ll.get(fmt.Sprintf("/items/%d", it.ID))
	link := regexp.MustCompile(`href="(/api/v1/items/\d+/attachments/\d+)">进展说明.txt<`).FindStringSubmatch(body)
	if link == nil {
		t.Fatalf("the item page does not link the attachment")
	}
	if status, file := ll.get(link[1]); status != http.StatusOK || !strings.Contains(file, "3.2 公里") {
		t.Errorf("downloading the attachment: %d", status)
	}
}
