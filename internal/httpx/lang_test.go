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
		zh         string // the message in Chinese, when made by key
	}{
		{"validation", ve, "Some of the entries need correcting; please see the notes", []string{
			"Please enter the title", "The deadline 2020-01-01 is in the past; it must be later than now",
			"Lead unit 42 does not exist", "一条目录里没有的消息 7"}, ""},
		{"errorf", luoshi.Errorf(luoshi.ENOTFOUND, "target.letter.not_found"), "The target letter does not exist", nil, "目标责任书不存在"},
		{"by key", luoshi.Errorf(luoshi.ECONFLICT, "item.evaluate.already"), "This item has already been evaluated", nil, "该事项已评价，不能重复评价"},
		{"by key with a label by key", luoshi.Errorf(luoshi.ECONFLICT, "flow.wrong_state", luoshi.M("item.state.in_progress")),
			"The item is now “in progress”; this action is not allowed", nil, "事项当前状态为「办理中」，不能执行此操作"},
		{"another message as argument", invalid(luoshi.ValidateCreditCode("91350100M0001I0Y43")),
			"Some of the entries need correcting; please see the notes", []string{
				"Character 14 of the unified social credit code, I, is not valid: the letters I, O, S, V and Z are not used"},
			"提交的内容有误，请按提示修改"},
		{"a list of words", luoshi.Errorf(luoshi.EFORBIDDEN, "api.role_only", []luoshi.Msg{luoshi.M("label.role.supervisor"), luoshi.M("label.role.leader")}),
			"Only the supervision office, leader can use this function", nil, "此功能仅限督查室、领导使用"},
		{"unknown", luoshi.Errorf(luoshi.ECONFLICT, "目录里没有的消息"), "目录里没有的消息", nil, ""},
		{"changed after it was made", changed(), "The unit does not exist", nil, "单位不存在"},
		{"changed after it was made, not by key", changedLegacy(), "The page does not exist", nil, ""},
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
			msg, fields = Localize(c.err, "zh-CN")
			switch {
			case c.zh != "" && msg != c.zh:
				t.Errorf("Chinese: %q, want %q", msg, c.zh)
			case c.zh == "" && (msg != c.err.Message || !reflect.DeepEqual(fields, c.err.Fields)):
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

// changed is an error whose key was changed after it was made.
func changed() *luoshi.Error {
	e := luoshi.Errorf(luoshi.ENOTFOUND, "user.not_found")
	e.Key = "unit.not_found"
	return e
}

// changedLegacy is an error still written in Chinese whose message was changed after it was
// made: the message is shown as it now stands.
func changedLegacy() *luoshi.Error {
	e := luoshi.Errorf(luoshi.ENOTFOUND, "单位 %d 不存在", 7)
	e.Message = "页面不存在"
	return e
}

// TestTextFormatted checks that every entry with verbs is recognised in a message formatted
// from it, and gives its English with the same arguments.
func TestTextFormatted(t *testing.T) {
	for zh, en := range messagesEN {
		if len(i18n.Verbs(zh)) == 0 || !han(zh) {
			continue
		}
		var args []any
		for i, v := range i18n.Verbs(zh) {
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
		if got, want := textEN(msg), fmt.Sprintf(en, args...); got != want {
			t.Errorf("textEN(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestMessage(t *testing.T) {
	if got := Message("en", "%s须为整数", "页面不存在"); got != "The The page does not exist must be a whole number" {
		t.Errorf("Message = %q", got)
	}
	if got := Message("zh-CN", "%s须为整数", "完成进度"); got != "完成进度须为整数" {
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
