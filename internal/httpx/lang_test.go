package httpx

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
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
		if got := English(RequestLang(r)); got != want {
			t.Errorf("Accept-Language %q: English = %v, want %v", header, got, want)
		}
	}
}

func TestLocalize(t *testing.T) {
	var v luoshi.Validation
	v.Add("title", "请填写%s", "标题")
	v.Add("deadline", "办结时限 %s 已经过去，须晚于当前时间", "2020-01-01")
	v.Add("lead_unit_id", "牵头单位 %d 不存在", 42)
	v.Add("x", "一条目录里没有的消息 %d", 7)
	ve, _ := luoshi.AsError(v.Err())
	for _, c := range []struct {
		name       string
		err        *luoshi.Error
		msg        string
		fieldsMsgs []string
	}{
		{"validation", ve, "Some of the entries need correcting; please see the notes", []string{
			"Please enter the title", "The deadline 2020-01-01 is in the past; it must be later than now",
			"Lead unit 42 does not exist", "一条目录里没有的消息 7"}},
		{"errorf", luoshi.Errorf(luoshi.ENOTFOUND, "%s不存在", "目标责任书"), "The target letter does not exist", nil},
		{"by key", luoshi.Errorf(luoshi.ECONFLICT, "item.evaluate.already"), "This item has already been evaluated", nil},
		{"by key with a label by key", luoshi.Errorf(luoshi.ECONFLICT, "flow.wrong_state", luoshi.M("item.state.in_progress")),
			"The item is now “in progress”; this action is not allowed", nil},
		{"another message as argument", invalid(luoshi.ValidateCreditCode("91350100M0001I0Y43")),
			"Some of the entries need correcting; please see the notes", []string{
				"Character 14 of the unified social credit code, I, is not valid: the letters I, O, S, V and Z are not used"}},
		{"a list of words", luoshi.Errorf(luoshi.EFORBIDDEN, "此功能仅限%s使用", "督查室、领导"),
			"Only the supervision office, leader can use this function", nil},
		{"unknown", luoshi.Errorf(luoshi.ECONFLICT, "目录里没有的消息"), "目录里没有的消息", nil},
		{"changed after it was made", changed(), "The unit does not exist", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg, fields := Localize(c.err, "en")
			if msg != c.msg {
				t.Errorf("message %q, want %q", msg, c.msg)
			}
			var got []string
			for _, f := range fields {
				got = append(got, f.Message)
			}
			if !slices.Equal(got, c.fieldsMsgs) {
				t.Errorf("field messages %q, want %q", got, c.fieldsMsgs)
			}
			wantMsg, wantFields := c.err.Message, c.err.Fields
			if c.err.Key != "" && len(c.err.Fields) == 0 {
				wantMsg, _ = i18n.ZH.Error(c.err)
			}
			if msg, fields := Localize(c.err, "zh-CN"); msg != wantMsg || !reflect.DeepEqual(fields, wantFields) {
				t.Errorf("Chinese: %q %v, want the error as it is", msg, fields)
			}
		})
	}
	if ve.Fields[0].Message != "请填写标题" {
		t.Errorf("Localize changed the error's own fields: %q", ve.Fields[0].Message)
	}
}

func invalid(err error) *luoshi.Error {
	e, _ := luoshi.AsError(err)
	return e
}

func changed() *luoshi.Error {
	e := luoshi.Errorf(luoshi.ENOTFOUND, "%s不存在", "用户")
	e.Message = "单位不存在"
	return e
}

// TestTextFormatted checks that every entry with verbs is recognised in a message formatted
// from it, and gives its English with the same arguments.
func TestTextFormatted(t *testing.T) {
	for zh, en := range messagesEN {
		if len(verbs(zh)) == 0 || !han(zh) {
			continue
		}
		var args []any
		for i, v := range verbs(zh) {
			switch v[len(v)-1] {
			case 'd':
				args = append(args, 10+i)
			case 'c':
				args = append(args, 'Q')
			default:
				args = append(args, fmt.Sprintf("x%d", i))
			}
		}
		msg := fmt.Sprintf(zh, args...)
		if got, want := Text(msg, "en"), fmt.Sprintf(en, args...); got != want {
			t.Errorf("Text(%q) = %q, want %q", msg, got, want)
		}
		if got := Text(msg, "zh-CN"); got != msg {
			t.Errorf("Text(%q) in Chinese = %q", msg, got)
		}
	}
}

func TestMessage(t *testing.T) {
	if got := Message("en", "%s须为整数", "排序"); got != "The order must be a whole number" {
		t.Errorf("Message = %q", got)
	}
	if got := Message("zh-CN", "%s须为整数", "排序"); got != "排序须为整数" {
		t.Errorf("Message in Chinese = %q", got)
	}
	if got := Message("en", "类别“%s”的要求增幅须在 -100%% 到 1000%% 之间", "工业"); got != "The growth required for category “工业” must be between -100% and 1000%" {
		t.Errorf("Message with %%%% = %q", got)
	}
}

// TestErrorLanguage checks the problem documents: English for a request whose first
// language is English, Chinese otherwise, as before.
func TestErrorLanguage(t *testing.T) {
	var v luoshi.Validation
	v.Add("deadline", "请填写办结时限")
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
