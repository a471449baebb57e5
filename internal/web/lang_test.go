package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormLanguage: with the English cookie, a refused form says what is wrong in English —
// the summary, the services' messages beside the fields and the page's own — and so does
// an error page; without it, the same in Chinese as always. Nothing refused is saved.
func TestFormLanguage(t *testing.T) {
	e := sharedDemo(t)
	zh := e.login(t, "duchashi")
	en := e.login(t, "duchashi")
	u, _ := url.Parse(e.srv.URL)
	en.http.Jar.SetCookies(u, []*http.Cookie{{Name: "luoshi_lang", Value: "en", Path: "/"}})
	before := e.countItems(t)
	bad := func() url.Values {
		return url.Values{"title": {"  "}, "priority": {"important"}, "source": {"meeting_decision"},
			"deadline": {"2020-01-01"}, "report_every": {"1w"}}
	}
	cases := []struct {
		name   string
		c      *client
		form   url.Values
		want   []string
		absent []string
	}{
		{"the services' messages in English", en, bad(), []string{
			`<html lang="en">`,
			"Some of the entries need correcting; please see the notes",
			"Please enter the title",
			"The deadline 2020-01-01 23:59 is in the past; it must be later than now",
			"Please confirm that the item holds no classified content",
		}, []string{"提交的内容有误", "请填写标题", "已经过去"}},
		{"the services' messages in Chinese", zh, bad(), []string{
			`<html lang="zh-CN">`, "提交的内容有误，请按提示修改", "请填写标题", "办结时限 2020-01-01 23:59 已经过去，须晚于当前时间",
		}, []string{"Please enter the title"}},
		{"the page's own message in English", en, url.Values{"title": {"x"}, "deadline": {"31/12/2026"}}, []string{
			"Some of the entries need correcting; please see the notes",
			"Dates must be year-month-day, e.g. 2026-12-31",
		}, []string{"日期格式须为"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := c.c.postBody("/items", c.form)
			body = html.UnescapeString(body)
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", status)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page does not say %q", w)
				}
			}
			for _, w := range c.absent {
				if strings.Contains(body, w) {
					t.Errorf("the page says %q", w)
				}
			}
		})
	}
	if e.countItems(t) != before {
		t.Errorf("a refused form saved an item: %d → %d", before, e.countItems(t))
	}

	// The import page puts the service's message on its form itself.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", en.csrf)
	fw, _ := mw.CreateFormFile("file", "letters.xlsx")
	fw.Write([]byte("not a workbook"))
	mw.Close()
	res, err := en.http.Post(e.srv.URL+"/targets/import", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(string(page), "Some of the entries need correcting; please see the notes") {
		t.Errorf("a damaged workbook, in English: %d", res.StatusCode)
	}

	admin := e.login(t, "admin")
	if status, body := admin.get("/items"); status != http.StatusForbidden || !strings.Contains(body, "无权访问此页面") {
		t.Errorf("the error page in Chinese: %d", status)
	}
	admin.http.Jar.SetCookies(u, []*http.Cookie{{Name: "luoshi_lang", Value: "en", Path: "/"}})
	if status, body := admin.get("/items"); status != http.StatusForbidden || !strings.Contains(body, "You may not open this page") ||
		strings.Contains(body, "无权访问此页面") {
		t.Errorf("the error page in English: %d", status)
	}
}
