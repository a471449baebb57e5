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

// TestPracticesOnItemPage: the demo's practice on city water supply, adopted by the topic
// whose decision became an item, is listed on that item's page for the office and for the
// lead unit's liaison; an item no practice adopts shows no such list.
func TestPracticesOnItemPage(t *testing.T) {
	e := sharedDemo(t)
	sup := e.login(t, "duchashi")
	_, list := sup.get("/practices?q=" + url.QueryEscape("晋江 供水管网"))
	m := regexp.MustCompile(`href="/practices/(\d+)"`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("the demo's practice from 晋江 is not in the library")
	}
	_, page := sup.get("/practices/" + m[1])
	it := regexp.MustCompile(`<li><a href="/items/(\d+)">`).FindStringSubmatch(page)
	if it == nil {
		t.Fatal("the demo's practice from 晋江 adopts no item")
	}
	link := `<a href="/practices/` + m[1] + `">城区供水管网分区计量管理</a> <span class="note">福建省晋江市</span>`
	for _, user := range []string{"duchashi", "zjj_ll"} {
		st, item := e.login(t, user).get("/items/" + it[1])
		if st != http.StatusOK || !strings.Contains(item, `id="practices"`) || !strings.Contains(item, link) {
			t.Errorf("%s: the item's page (%d) does not list the practice it adopts", user, st)
		}
	}
	// Every item listed: the practices its page lists are those whose pages name it.
	_, items := sup.get("/items")
	ids := regexp.MustCompile(`href="/items/(\d+)"`).FindAllStringSubmatch(items, -1)
	if len(ids) > 8 {
		ids = ids[:8]
	}
	bare := 0
	for _, id := range ids {
		_, item := sup.get("/items/" + id[1])
		listed := regexp.MustCompile(`<li><a href="/practices/(\d+)">`).FindAllStringSubmatch(item, -1)
		if len(listed) == 0 {
			bare++
		}
		if strings.Contains(item, link) != strings.Contains(page, `href="/items/`+id[1]+`"`) {
			t.Errorf("item %s: its page and the practice's disagree on whether it adopts it", id[1])
		}
		for _, pr := range listed {
			if _, pp := sup.get("/practices/" + pr[1]); !strings.Contains(pp, `href="/items/`+id[1]+`"`) {
				t.Errorf("item %s lists practice %s, which does not name it", id[1], pr[1])
			}
		}
	}
	if bare == 0 {
		t.Error("every item's page lists practices")
	}
}

// TestPracticeItemPicker: a liaison's practice form offers the region's open items by code
// and title, whole without script (the filter above it is hidden until pick.js shows it); the item picked is saved as adopting the practice, shown picked when the form
// comes back, and the item's page lists the practice; a typed number of no item is refused
// naming the field, nothing saved.
func TestPracticeItemPicker(t *testing.T) {
	e := sharedDemo(t)
	c := e.login(t, "zjj_ll")
	_, form := c.get("/practices/new")
	opt := regexp.MustCompile(`<select multiple size="8" id="item_pick" name="item_pick"[^>]*><option value="(\d+)">([^<]+)</option>`).FindStringSubmatch(form)
	if opt == nil {
		t.Fatal("the practice form offers no item to pick")
	}
	// The filter above the list is the script's (pick.js shows it): hidden without script,
	// and with no name, so nothing of it is sent.
	if f := regexp.MustCompile(`<input [^>]*id="item_pick-filter"[^>]*>`).FindString(form); !strings.HasSuffix(f, " hidden>") ||
		strings.Contains(f, "name=") || !strings.Contains(form, `/pick.`) {
		t.Errorf("the item filter without script: %q", f)
	}
	v := url.Values{"place": {"浙江省安吉县"}, "title": {"河长制巡河数字化"}, "what": {"巡河记录上图，问题随手拍、限时办"}, "item_ids": {"999999"}}
	v["item_pick"] = []string{opt[1]}
	st, body := c.postBody("/practices", v)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "督办事项 999999 不存在") {
		t.Fatalf("a typed number of no item: %d", st)
	}
	if !strings.Contains(body, `<option value="`+opt[1]+`" selected>`) {
		t.Error("the refused form lost the item picked")
	}
	if _, l := c.get("/practices?q=" + url.QueryEscape("安吉")); strings.Contains(l, "河长制巡河数字化") {
		t.Fatal("the refused practice was saved")
	}
	v.Set("item_ids", "")
	st, body = c.postBody("/practices", v)
	if st != http.StatusOK || !strings.Contains(body, `<li><a href="/items/`+opt[1]+`">`+opt[2]+`</a></li>`) {
		t.Fatalf("the saved practice does not list the item picked: %d", st)
	}
	if !strings.Contains(body, `<option value="`+opt[1]+`" selected>`) || strings.Contains(body, `name="item_ids" value="`+opt[1]) {
		t.Error("the change form does not show the item as picked from the list")
	}
	id := regexp.MustCompile(`action="/practices/(\d+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("the saved practice has no form to change it")
	}
	if _, item := e.login(t, "duchashi").get("/items/" + opt[1]); !strings.Contains(item, `<a href="/practices/`+id[1]+`">河长制巡河数字化</a>`) {
		t.Error("the item's page does not list the practice that names it")
	}
}
