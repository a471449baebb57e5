package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// TestFormControlCharacters: a page form with a NUL or an escape character in a text is
// refused with the message that says so, and nothing is recorded; tab and line breaks pass.
func TestFormControlCharacters(t *testing.T) {
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	path := fmt.Sprintf("/items/%d/comment", it.ID)
	liaison := e.login(t, "jtj_ll")
	before := e.countEvents(t, it.ID)
	for _, text := range []string{"隐藏\x00文字", "清屏\x1b[2J"} {
		status, body := liaison.postBody(path, url.Values{"text": {text}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "控制字符") {
			t.Errorf("comment %q: %d", text, status)
		}
	}
	if e.countEvents(t, it.ID) != before {
		t.Fatal("a refused comment was recorded")
	}
	if status, _ := liaison.postBody(path, url.Values{"text": {"第一行\r\n\t第二行"}}); status != http.StatusOK || e.countEvents(t, it.ID) != before+1 {
		t.Errorf("a comment with a tab and line breaks: %d", status)
	}
}
