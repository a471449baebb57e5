package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestBulletinPages: only the office generates, with the form's problems beside its fields;
// a draft is the office's; the edit form keeps what it is given and clears 按语 emptied.
func TestBulletinPages(t *testing.T) {
	e := sharedDemo(t)
	office, unit := e.login(t, "duchashi"), e.login(t, "fgj_ll")
	day := e.svc.Now().In(e.svc.Location()).AddDate(0, -3, 0).Format("2006-01-02")
	res := unit.post("/bulletins", url.Values{"kind": {"month"}, "from": {day}})
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a unit generated a bulletin: %d", res.StatusCode)
	}
	for want, form := range map[string]url.Values{
		`id="g-title-err"`: {"kind": {"special"}, "from": {day}},
		`id="g-to-err"`:    {"kind": {"special"}, "from": {day}, "to": {"x"}, "title": {"专项"}},
		`id="g-kind-err"`:  {"kind": {"weekly"}, "from": {day}},
	} {
		if st, page := office.postBody("/bulletins", form); st != 422 || !strings.Contains(page, want) {
			t.Errorf("%v: %d, want 422 with %s", form, st, want)
		}
	}
	res = office.post("/bulletins", url.Values{"kind": {"month"}, "from": {day}})
	res.Body.Close()
	path := res.Request.URL.Path
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/bulletins/"), 10, 64)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("generate: %d, ended on %s", res.StatusCode, path)
	}
	if st, _ := unit.get(path); st != http.StatusNotFound {
		t.Errorf("a unit reads a draft: %d", st)
	}
	edit := func(foreword, requirements string) {
		t.Helper()
		if st, _ := office.postBody(path+"/edit", url.Values{"title": {""}, "foreword": {foreword}, "requirements": {requirements}}); st != 200 {
			t.Fatalf("edit: %d", st)
		}
	}
	edit("本月总体推进有力。", "抓好整改。")
	edit("", "抓好整改。")
	v, err := e.svc.GetBulletin(t.Context(), e.actor(t, "duchashi"), id)
	if err != nil {
		t.Fatal(err)
	}
	if v.Foreword != "" || v.Requirements != "抓好整改。" || v.Title == "" {
		t.Errorf("after clearing the foreword: title %q, foreword %q, requirements %q", v.Title, v.Foreword, v.Requirements)
	}
}
