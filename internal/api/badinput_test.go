package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// counts is what a refused request must leave unchanged.
func (e *env) counts() (items, events int) {
	e.t.Helper()
	ctx := context.Background()
	err := e.db.View(ctx, func(tx luoshi.Tx) error {
		list, _, err := tx.FindItems(ctx, luoshi.ItemFilter{RegionID: 1, Limit: 1000, Now: e.clock.Now()})
		if err != nil {
			return err
		}
		items = len(list)
		for _, it := range list {
			evs, err := tx.FindEvents(ctx, it.ID)
			if err != nil {
				return err
			}
			events += len(evs)
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return items, events
}

// TestBadInput is acceptance 5: each bad request gets a 4xx with a message that names the
// problem, and changes nothing.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	open := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", open.ID, "accept", nil, 200)
	with := func(k string, v any) map[string]any {
		b := e.newItem("important", start.Add(30*24*time.Hour))
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	create := "/api/v1/items"
	cases := []struct {
		name, user, method, path string
		body                     any
		status                   int
		field                    string // the field named in the problem, if any
		words                    string // words the message must contain
	}{
		{"unknown unit", "sup", "POST", create, with("lead_unit_id", 9999), 422, "lead_unit_id", "不存在"},
		{"unit of another region", "sup", "POST", create, with("lead_unit_id", e.units["D"]), 422, "lead_unit_id", "不存在"},
		{"unknown co-unit", "sup", "POST", create, with("co_unit_ids", []int64{9999}), 422, "co_unit_ids", "不存在"},
		{"deadline in the past", "sup", "POST", create, with("deadline", start.Add(-time.Hour).Format(time.RFC3339)), 422, "deadline", "已经过去"},
		{"no deadline", "sup", "POST", create, with("deadline", nil), 422, "deadline", "办结时限"},
		{"bad deadline", "sup", "POST", create, with("deadline", "下周五"), 400, "", "RFC 3339"},
		{"empty title", "sup", "POST", create, with("title", "   "), 422, "title", "标题"},
		{"10,000-character title", "sup", "POST", create, with("title", strings.Repeat("落", 10000)), 422, "title", "200"},
		{"lead also co-unit", "sup", "POST", create, with("co_unit_ids", []int64{e.units["A"]}), 422, "co_unit_ids", "牵头单位"},
		{"duplicate co-unit", "sup", "POST", create, with("co_unit_ids", []int64{e.units["B"], e.units["B"]}), 422, "co_unit_ids", "重复"},
		{"bad source", "sup", "POST", create, with("source", "rumour"), 422, "source", "来源"},
		{"bad priority", "sup", "POST", create, with("priority", "asap"), 422, "priority", "办理等级"},
		{"bad cadence", "sup", "POST", create, with("report_every", "often"), 422, "report_every", "often"},
		{"no attestation", "sup", "POST", create, with("unclassified", nil), 422, "unclassified", "涉密"},
		{"milestone after deadline", "sup", "POST", create, with("milestones", []map[string]any{{"title": "节点",
			"due": start.Add(60 * 24 * time.Hour).Format(time.RFC3339)}}), 422, "milestones[0].due", "办结时限"},
		{"malformed JSON", "sup", "POST", create, `{"title": "x",`, 400, "", "JSON"},
		{"wrong type", "sup", "POST", create, `{"title": 42}`, 400, "title", "类型错误"},
		{"wrong type of id", "sup", "POST", create, `{"lead_unit_id": "A"}`, 400, "lead_unit_id", "数字"},
		{"unknown field", "sup", "POST", create, `{"titel": "x"}`, 400, "", "titel"},
		{"two objects", "sup", "POST", create, `{} {}`, 400, "", "一个"},
		{"empty body", "sup", "POST", create, ``, 400, "", "为空"},
		{"oversized body", "sup", "POST", create, `{"title":"` + strings.Repeat("a", 2<<20) + `"}`, 413, "", "上限"},
		{"liaison creates an item", "a_ll", "POST", create, with("title", "自己立项"), 403, "", "督查室"},
		{"auditor creates an item", "aud", "POST", create, with("title", "审计立项"), 403, "", ""},
		{"anonymous", "", "POST", create, with("title", "匿名"), 401, "", "登录"},
		{"accept twice (wrong state)", "a_ll", "POST", itemPath(open.ID) + "/accept", nil, 409, "", "办理中"},
		{"supervisor accepts (wrong role)", "sup", "POST", itemPath(open.ID) + "/request-completion", map[string]any{"summary": "x"}, 403, "", "联络员"},
		{"other unit reports", "c_ll", "POST", itemPath(open.ID) + "/report", map[string]any{"text": "x", "percent": 5}, 404, "", ""},
		{"other region approves", "d_sup", "POST", itemPath(open.ID) + "/suspend", map[string]any{"reason": "x"}, 404, "", ""},
		{"report without text", "a_ll", "POST", itemPath(open.ID) + "/report", map[string]any{"percent": 5}, 422, "text", "进展"},
		{"report percent 120", "a_ll", "POST", itemPath(open.ID) + "/report", map[string]any{"text": "x", "percent": 120}, 422, "percent", "100"},
		{"report percent as text", "a_ll", "POST", itemPath(open.ID) + "/report", `{"text":"x","percent":"half"}`, 400, "percent", "数字"},
		{"problem without solution", "a_ll", "POST", itemPath(open.ID) + "/report", map[string]any{"text": "x", "percent": 5, "problems": "缺资金"}, 422, "next_steps", "解决"},
		{"extension to an earlier date", "a_ll", "POST", itemPath(open.ID) + "/request-extension", map[string]any{"reason": "x", "percent": 5,
			"deadline": start.Add(24 * time.Hour).Format(time.RFC3339)}, 422, "deadline", "晚于"},
		{"unknown action", "sup", "POST", itemPath(open.ID) + "/approve-everything", nil, 404, "", "approve-everything"},
		{"unknown item", "sup", "GET", itemPath(424242), nil, 404, "", "不存在"},
		{"non-numeric id", "sup", "GET", "/api/v1/items/abc", nil, 404, "", "abc"},
		{"bad light filter", "sup", "GET", "/api/v1/items?light=purple", nil, 422, "light", ""},
		{"bad limit", "sup", "GET", "/api/v1/items?limit=5000", nil, 422, "limit", ""},
		{"bad cursor", "sup", "GET", "/api/v1/items?cursor=zzz", nil, 422, "cursor", "游标"},
		{"SQL in a filter", "sup", "GET", "/api/v1/items?state=draft'%20OR%201=1--", nil, 422, "state", ""},
		{"invalid credit code", "admin", "POST", "/api/v1/units", map[string]any{"name": "新单位", "credit_code": "91350100M000100Y44"}, 422, "credit_code", "校验"},
		{"unit without name", "admin", "POST", "/api/v1/units", map[string]any{"kind": "department"}, 422, "name", "名称"},
		{"supervisor creates a unit", "sup", "POST", "/api/v1/units", map[string]any{"name": "x"}, 403, "", "系统管理员"},
		{"sysadmin grants roles", "admin", "POST", "/api/v1/users", map[string]any{"username": "neo", "name": "新人",
			"password": "Abcdef-123", "unit_id": e.units["A"], "roles": []string{"supervisor"}}, 403, "", "安全管理员"},
		{"weak password", "admin", "POST", "/api/v1/users", map[string]any{"username": "neo", "name": "新人",
			"password": "password", "unit_id": e.units["A"]}, 422, "password", ""},
		{"admin role with another", "sec", "PUT", fmt.Sprintf("/api/v1/users/%d/roles", e.ids["victim"]),
			map[string]any{"roles": []string{"sysadmin", "supervisor"}}, 422, "roles", "三员分立"},
		{"calendar by a supervisor", "sup", "PUT", "/api/v1/calendar/2026-12-01", map[string]any{"kind": "holiday", "name": "x"}, 403, "", ""},
		{"workday on a weekday", "admin", "PUT", "/api/v1/calendar/2026-12-01", map[string]any{"kind": "workday", "name": "x"}, 422, "date", ""},
		{"bad calendar date", "admin", "PUT", "/api/v1/calendar/2026-13-01", map[string]any{"kind": "holiday", "name": "x"}, 422, "date", ""},
		{"no date made normal", "admin", "PUT", "/api/v1/calendar/ab", map[string]any{"kind": "normal"}, 422, "date", ""},
		{"NUL in a title", "sup", "POST", create, with("title", "标题\x00隐藏"), 422, "", "控制字符"},
		{"escape character in a report", "a_ll", "POST", itemPath(open.ID) + "/report", `{"text":"进展\u001b[2J","percent":5}`, 422, "", "控制字符"},
		{"NUL in a unit name", "admin", "POST", "/api/v1/units", map[string]any{"name": "新单位\x00"}, 422, "", "控制字符"},
		{"wrong password", "", "POST", "/api/v1/login", map[string]any{"username": "sup", "password": "nope-nope"}, 401, "", "用户名或密码错误"},
		{"unknown user", "", "POST", "/api/v1/login", map[string]any{"username": "ghost", "password": "nope-nope"}, 401, "", "用户名或密码错误"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, events := e.counts()
			var p problem
			var st int
			if c.user == "" {
				st = e.do("", c.method, c.path, c.body, &p)
			} else {
				st = e.call(c.user, c.method, c.path, c.body, &p)
			}
			if st != c.status {
				t.Fatalf("status %d, want %d: %+v", st, c.status, p)
			}
			if p.Status != st || p.Detail == "" {
				t.Errorf("not a problem document: %+v", p)
			}
			msg := p.Detail
			if c.field != "" {
				if p.field(c.field) == "" {
					t.Fatalf("no error for field %q: %+v", c.field, p)
				}
				msg = p.field(c.field) + " " + p.Detail
			}
			if !strings.Contains(msg, c.words) {
				t.Errorf("message %q does not say %q", msg, c.words)
			}
			if i, ev := e.counts(); i != items || ev != events {
				t.Errorf("changed data: items %d→%d, events %d→%d", items, i, events, ev)
			}
		})
	}
	// Nothing in the other tables changed either.
	var units struct{ Units []struct{ Name string } }
	e.call("admin", "GET", "/api/v1/units", nil, &units)
	if len(units.Units) != 4 {
		t.Errorf("%d units, want 4", len(units.Units))
	}
	var users struct{ Users []struct{ Username string } }
	e.call("admin", "GET", "/api/v1/users", nil, &users)
	for _, u := range users.Users {
		if u.Username == "neo" {
			t.Error("a refused user was created")
		}
	}
}
