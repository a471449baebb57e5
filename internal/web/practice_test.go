package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestPracticeForms: a liaison's practice form refuses a practice without its place, naming
// the field; a whole one is saved with its tags (split at the Chinese comma too) and the
// topic that adopts it, found by a word of it, and shown on that topic's page; a change on a
// stale version is refused. A leader reads the library without the form.
func TestPracticeForms(t *testing.T) {
	e := sharedDemo(t)
	c := e.login(t, "zjj_ll")
	_, topics := c.get("/topics")
	m := regexp.MustCompile(`href="/topics/(\d+)"`).FindStringSubmatch(topics)
	if m == nil {
		t.Fatal("the liaison sees no topic")
	}
	form := url.Values{"place": {""}, "title": {"海绵城市建设"}, "what": {"推广透水铺装和下沉式绿地"}, "tags": {"城市建设，海绵城市 城市建设"},
		"topic_ids": {m[1]}}
	st, body := c.postBody("/practices", form)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "请填写地方") {
		t.Fatalf("a practice without its place: %d", st)
	}
	form.Set("place", "江西省萍乡市")
	st, body = c.postBody("/practices", form)
	if st != http.StatusOK || !strings.Contains(body, `id="practice-title">海绵城市建设<`) || strings.Count(body, `href="/practices?tag=`) != 2 {
		t.Fatalf("the saved practice: %d", st)
	}
	id := regexp.MustCompile(`action="/practices/(\d+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("the saved practice has no form to change it")
	}
	if _, list := c.get("/practices?q=" + url.QueryEscape("萍乡 透水")); !strings.Contains(list, "/practices/"+id[1]) {
		t.Error("the practice is not found by its words")
	}
	if _, topic := c.get("/topics/" + m[1]); !strings.Contains(topic, "/practices/"+id[1]) {
		t.Error("the adopting topic's page does not list the practice")
	}
	form.Set("version", "0")
	if st, body := c.postBody("/practices/"+id[1], form); st != http.StatusUnprocessableEntity || !strings.Contains(body, "已被他人修改") {
		t.Errorf("a stale change: %d", st)
	}
	if _, page := e.login(t, "xianzhang").get("/practices/" + id[1]); !strings.Contains(page, "海绵城市建设") || strings.Contains(page, `id="practice-form"`) {
		t.Error("a leader reads the practice, without the form")
	}
}

// TestMeetingKindsPage: the administrator adds a kind of meeting on the page (a bad code is
// refused naming the field), and the office's form of a new meeting offers it.
func TestMeetingKindsPage(t *testing.T) {
	e := sharedDemo(t)
	admin := e.login(t, "admin")
	st, body := admin.postBody("/meeting-kinds", url.Values{"code": {"安委会"}, "name": {"安全生产委员会全体会议"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "小写字母") {
		t.Fatalf("a bad code: %d", st)
	}
	st, body = admin.postBody("/meeting-kinds", url.Values{"code": {"safety_board"}, "name": {"安全生产委员会全体会议"}})
	if st != http.StatusOK || !strings.Contains(body, "安全生产委员会全体会议") || !strings.Contains(body, "县长办公会议") {
		t.Fatalf("the kinds after adding one: %d", st)
	}
	if _, page := e.login(t, "duchashi").get("/meetings"); !strings.Contains(page, `<option value="safety_board">安全生产委员会全体会议</option>`) {
		t.Error("the new meeting's form does not offer the new kind")
	}
}
