package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestProblemLanguage: a problem document speaks English to a client whose first language
// is English — its detail and its field messages — and Chinese, as always, to any other.
func TestProblemLanguage(t *testing.T) {
	e := newEnv(t)
	open := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", open.ID, "accept", nil, 200)
	bad := e.newItem("important", start.Add(-time.Hour))
	bad["title"] = "  "
	bad["lead_unit_id"] = 9999
	items, events := e.counts()
	cases := []struct {
		name, lang, method, path string
		body                     any
		status                   int
		detail                   string
		fields                   map[string]string
	}{
		{"bad item in English", "en-US,en;q=0.9,zh-CN;q=0.8", "POST", "/api/v1/items", bad, 422,
			"Some of the entries need correcting; please see the notes", map[string]string{
				"title":        "Please enter the title",
				"lead_unit_id": "Lead unit 9999 does not exist",
				"deadline":     "The deadline 2026-11-02 08:00 is in the past; it must be later than now",
			}},
		{"bad item without a language", "", "POST", "/api/v1/items", bad, 422,
			"提交的内容有误，请按提示修改", map[string]string{
				"title":        "请填写标题",
				"lead_unit_id": "牵头单位 9999 不存在",
				"deadline":     "办结时限 2026-11-02 08:00 已经过去，须晚于当前时间",
			}},
		{"bad item for a Chinese reader of English", "zh-CN,en;q=0.9", "POST", "/api/v1/items", bad, 422,
			"提交的内容有误，请按提示修改", map[string]string{"title": "请填写标题"}},
		{"wrong state in English", "en", "POST", itemPath(open.ID) + "/accept", nil, 409,
			"The item is now “in progress”; this action is not allowed", nil},
		{"malformed JSON in English", "en", "POST", "/api/v1/items", `{"title": 42}`, 400,
			`Field "title" has the wrong type: expected a string, got number`,
			map[string]string{"title": `Field "title" has the wrong type: expected a string, got number`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			user := "sup"
			if strings.Contains(c.path, "accept") {
				user = "a_ll"
			}
			p, st := e.problemIn(user, c.lang, c.method, c.path, c.body)
			if st != c.status || p.Status != c.status {
				t.Fatalf("status %d, want %d: %+v", st, c.status, p)
			}
			if p.Detail != c.detail {
				t.Errorf("detail %q, want %q", p.Detail, c.detail)
			}
			for f, want := range c.fields {
				if got := p.field(f); got != want {
					t.Errorf("field %s: %q, want %q", f, got, want)
				}
			}
		})
	}
	if i, ev := e.counts(); i != items || ev != events {
		t.Errorf("changed data: items %d→%d, events %d→%d", items, i, events, ev)
	}
}

// problemIn sends a request as user with an Accept-Language header ("" for none) and
// decodes the problem document of the answer.
func (e *env) problemIn(user, lang, method, path string, body any) (problem, int) {
	e.t.Helper()
	a := e.send(e.token(user), lang, method, path, body)
	var p problem
	if err := json.Unmarshal(a.body, &p); err != nil {
		e.t.Fatalf("%s %s: status %d: %v", method, path, a.status, err)
	}
	return p, a.status
}
