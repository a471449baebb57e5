package httpx

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

func TestEnglish(t *testing.T) {
	for header, want := range map[string]bool{
		"":                     false,
		"en":                   true,
		"EN-gb":                true,
		"en-US,zh-CN;q=0.5":    true,
		" en ; q=0.9, zh":      true,
		"zh-CN,en;q=0.8":       false,
		"zh":                   false,
		"eng":                  false,
		"*":                    false,
		"fr-CA,en;q=0.9":       false,
		"en-US;q=0.9,zh;q=0.1": true,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Language", header)
		if got := i18n.FromTag(RequestLang(r)) == i18n.EN; got != want {
			t.Errorf("Accept-Language %q: English = %v, want %v", header, got, want)
		}
	}
}

// TestErrorLanguage checks the problem documents: English for a request whose first
// language is English, Chinese otherwise, as before.
func TestErrorLanguage(t *testing.T) {
	var v luoshi.Validation
	v.Add("deadline", "item.deadline.missing")
	for _, c := range []struct {
		lang, detail, field string
	}{
		{"", "提交的内容有误，请按提示修改", "请填写办结时限"},
		{"zh-CN,en;q=0.9", "提交的内容有误，请按提示修改", "请填写办结时限"},
		{"en-US,en;q=0.9", "Some of the entries need correcting; please see the notes", "Please enter the deadline"},
	} {
		p := problem(t, c.lang, v.Err())
		if p.Status != http.StatusUnprocessableEntity || p.Detail != c.detail || len(p.Errors) != 1 ||
			p.Errors[0].Field != "deadline" || p.Errors[0].Message != c.field {
			t.Errorf("Accept-Language %q: %+v", c.lang, p)
		}
	}
	if p := problem(t, "en", fmt.Errorf("disk on fire")); p.Status != 500 ||
		p.Detail != "Internal server error; please try again later, and contact the system administrator if it goes on" {
		t.Errorf("500 in English: %+v", p)
	}
	if p := problem(t, "", fmt.Errorf("disk on fire")); p.Detail != "服务器内部错误，请稍后重试；如持续出现请联系系统管理员" {
		t.Errorf("500 in Chinese: %+v", p)
	}
}

func problem(t *testing.T, lang string, err error) Problem {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/v1/items", nil)
	if lang != "" {
		r.Header.Set("Accept-Language", lang)
	}
	w := httptest.NewRecorder()
	Error(w, r, err)
	var p Problem
	if err := json.NewDecoder(w.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	return p
}
