package api_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// leaderPath is the route of one leader.
func leaderPath(id int64) string { return "/api/v1/leaders/" + itoa(id) }

// deputyLeader is the leader record of the "deputy" account (portfolio: unit A).
func (e *env) deputyLeader() int64 {
	e.t.Helper()
	a, err := e.svc.ActorByUsername(context.Background(), "deputy")
	if err != nil || a.LeaderID == 0 {
		e.t.Fatalf("the deputy's leader: %v", err)
	}
	return a.LeaderID
}

// leaders reads a region's leaders behind the API, for what a refused request must leave.
func (e *env) leaders(region int64) []*luoshi.Leader {
	e.t.Helper()
	ctx := context.Background()
	var ls []*luoshi.Leader
	err := e.db.View(ctx, func(tx luoshi.Tx) error {
		var err error
		ls, err = tx.FindLeaders(ctx, region)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return ls
}

// visibleItems lists the ids of the items a user's items list shows.
func (e *env) visibleItems(user string) []int64 {
	e.t.Helper()
	var page struct{ Items []item }
	if st := e.call(user, "GET", "/api/v1/items?limit=200", nil, &page); st != 200 {
		e.t.Fatalf("%s lists items: %d", user, st)
	}
	var ids []int64
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// TestLeaderEdit is a 分工调整 through the API: a leader is added, another's post, rank and
// portfolio change, and the leader's account at once sees the items of the new portfolio
// unit and no longer those of the unit handed over.
func TestLeaderEdit(t *testing.T) {
	e := newEnv(t)
	region := e.regions["439001"]

	var added luoshi.Leader
	if st := e.call("admin", "POST", "/api/v1/leaders", map[string]any{"name": " 赵立新 ", "post": "副县长",
		"portfolio": []int64{e.units["B"]}}, &added); st != 201 {
		t.Fatalf("adding a leader: %d", st)
	}
	want := luoshi.Leader{ID: added.ID, RegionID: region, Name: "赵立新", Post: "副县长", Rank: 1, Portfolio: []int64{e.units["B"]}}
	if !reflect.DeepEqual(added, want) {
		t.Errorf("added %+v, want %+v (last in the list, after the seeded rank 0)", added, want)
	}

	ofA := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	bodyC := e.newItem("important", start.Add(30*24*time.Hour))
	bodyC["lead_unit_id"], bodyC["co_unit_ids"] = e.units["C"], []int64{}
	ofC := e.mustCreate(bodyC)
	// The deputy's session is in the service's cache from here on.
	if got := e.visibleItems("deputy"); !slices.Contains(got, ofA.ID) || slices.Contains(got, ofC.ID) {
		t.Fatalf("before the change the deputy (portfolio A) sees %v; want %d (A) and not %d (C)", got, ofA.ID, ofC.ID)
	}

	id := e.deputyLeader()
	var changed luoshi.Leader
	st := e.call("admin", "PATCH", leaderPath(id), map[string]any{"name": "钱建国", "post": "常务副县长", "rank": 2,
		"portfolio": []int64{e.units["C"]}}, &changed)
	want = luoshi.Leader{ID: id, RegionID: region, Name: "钱建国", Post: "常务副县长", Rank: 2, Portfolio: []int64{e.units["C"]}}
	if st != 200 || !reflect.DeepEqual(changed, want) {
		t.Fatalf("PATCH: %d %+v, want %+v", st, changed, want)
	}

	got := e.visibleItems("deputy")
	if !slices.Contains(got, ofC.ID) {
		t.Errorf("after the change the deputy does not see the item of the new portfolio unit C: %v", got)
	}
	if slices.Contains(got, ofA.ID) {
		t.Errorf("after the change the deputy still sees the item of unit A, handed over: %v", got)
	}
	if st := e.call("deputy", "GET", itemPath(ofA.ID), nil, nil); st != 404 {
		t.Errorf("the deputy opens the item of unit A after handing it over: %d, want 404", st)
	}
	if st := e.call("deputy", "GET", itemPath(ofC.ID), nil, nil); st != 200 {
		t.Errorf("the deputy opens the item of unit C: %d", st)
	}

	// Fields left out stay as they are.
	if st := e.call("admin", "PATCH", leaderPath(id), map[string]any{"post": "副县长"}, &changed); st != 200 {
		t.Fatalf("PATCH of the post alone: %d", st)
	}
	want.Post = "副县长"
	if !reflect.DeepEqual(changed, want) {
		t.Errorf("PATCH of the post alone: %+v, want %+v", changed, want)
	}

	var list struct{ Leaders []luoshi.Leader }
	e.call("sup", "GET", "/api/v1/leaders", nil, &list)
	var names []string
	for _, l := range list.Leaders {
		names = append(names, l.Name)
	}
	if wantNames := []string{"县长", "赵立新", "钱建国"}; !slices.Equal(names, wantNames) {
		t.Errorf("the leaders by rank: %v, want %v", names, wantNames)
	}

	var page struct{ Records []luoshi.AuditRecord }
	e.call("aud", "GET", "/api/v1/audit?limit=100&action=leader.update", nil, &page)
	detail := "副县长 副县长（排序 0；分管 #" + itoa(e.units["A"]) + "） → 常务副县长 钱建国（排序 2；分管 #" + itoa(e.units["C"]) + "）"
	if len(page.Records) != 2 || !slices.ContainsFunc(page.Records, func(r luoshi.AuditRecord) bool {
		return r.Detail == detail && r.Target == "leader:"+itoa(id) && r.Outcome == luoshi.OutcomeSuccess
	}) {
		t.Errorf("the changes are not audited with what they were and became (%s): %+v", detail, page.Records)
	}
}

// TestLeaderEditRefused: bad input is 400 (malformed) or 422 (invalid) with a message naming
// the field; a non-administrator gets 403, another region's administrator 404; none of them
// changes anything.
func TestLeaderEditRefused(t *testing.T) {
	e := newEnv(t)
	region := e.regions["439001"]
	e.addUser("d_admin", "D", luoshi.RoleSysadmin)
	id := e.deputyLeader()
	otherLeader := e.leaders(e.regions["439002"])[0].ID
	path := leaderPath(id)
	before := e.leaders(region)

	cases := []struct {
		name, user, method, path string
		body                     any
		status                   int
		field                    string // the field named in the problem, if any
		words                    string // words the message must contain
	}{
		{"empty name", "admin", "PATCH", path, map[string]any{"name": "  "}, 422, "name", "请填写姓名"},
		{"51-character name", "admin", "PATCH", path, map[string]any{"name": strings.Repeat("钱", 51)}, 422, "name", "50"},
		{"empty post", "admin", "PATCH", path, map[string]any{"post": ""}, 422, "post", "请填写职务"},
		{"negative rank", "admin", "PATCH", path, map[string]any{"rank": -1}, 422, "rank", "排序"},
		{"rank out of range", "admin", "PATCH", path, map[string]any{"rank": 1000}, 422, "rank", "999"},
		{"rank not a number", "admin", "PATCH", path, `{"rank": "第一"}`, 400, "rank", "类型错误"},
		{"unknown unit", "admin", "PATCH", path, map[string]any{"portfolio": []int64{9999}}, 422, "portfolio", "单位 9999 不存在"},
		{"unit of another region", "admin", "PATCH", path, map[string]any{"portfolio": []int64{e.units["B"], e.units["D"]}},
			422, "portfolio", "单位 " + itoa(e.units["D"]) + " 不存在"},
		{"unit twice", "admin", "PATCH", path, map[string]any{"portfolio": []int64{e.units["B"], e.units["B"]}},
			422, "portfolio", "重复"},
		{"all units and a list", "admin", "PATCH", path, map[string]any{"all_units": true}, 422, "portfolio", "分管全部单位"},
		{"unknown field", "admin", "PATCH", path, `{"portfolios": []}`, 400, "", "portfolios"},
		{"malformed JSON", "admin", "PATCH", path, `{"name": "钱",`, 400, "", "JSON"},
		{"create without a post", "admin", "POST", "/api/v1/leaders", map[string]any{"name": "孙"}, 422, "post", "请填写职务"},
		{"create with another region's unit", "admin", "POST", "/api/v1/leaders", map[string]any{"name": "孙", "post": "副县长",
			"portfolio": []int64{e.units["D"]}}, 422, "portfolio", "不存在"},
		{"missing leader", "admin", "PATCH", leaderPath(id + 9999), map[string]any{"post": "县长"}, 404, "", "领导不存在"},
		{"another region's leader", "admin", "PATCH", leaderPath(otherLeader), map[string]any{"post": "县长"}, 404, "", "领导不存在"},
		{"another region's administrator", "d_admin", "PATCH", path, map[string]any{"post": "县长"}, 404, "", "领导不存在"},
		{"the supervision office", "sup", "PATCH", path, map[string]any{"post": "县长"}, 403, "", "系统管理员"},
		{"the security administrator", "sec", "PATCH", path, map[string]any{"post": "县长"}, 403, "", "系统管理员"},
		{"the leader itself", "deputy", "PATCH", path, map[string]any{"portfolio": []int64{e.units["B"]}}, 403, "", "系统管理员"},
		{"a liaison creates", "a_ll", "POST", "/api/v1/leaders", map[string]any{"name": "孙", "post": "副县长"}, 403, "", "系统管理员"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p problem
			st := e.call(c.user, c.method, c.path, c.body, &p)
			if st != c.status {
				t.Fatalf("status %d, want %d: %+v", st, c.status, p)
			}
			msg := p.Detail
			if c.field != "" {
				if msg = p.field(c.field); msg == "" {
					t.Fatalf("the problem does not name the field %q: %+v", c.field, p)
				}
			}
			if !strings.Contains(msg, c.words) {
				t.Errorf("message %q lacks %q", msg, c.words)
			}
			if after := e.leaders(region); !reflect.DeepEqual(after, before) {
				t.Errorf("the refused request changed the leaders:\n got %+v\nwant %+v", after, before)
			}
		})
	}
}

// addUser adds an account with one role to a unit's region, for a test that needs one the
// seed lacks.
func (e *env) addUser(username, unit string, role luoshi.Role) {
	e.t.Helper()
	ctx := context.Background()
	hash, err := e.svc.Hasher.Hash(testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	u := &luoshi.User{UnitID: e.units[unit], Username: username, Name: "用户" + username, PasswordHash: hash,
		Roles: []luoshi.Role{role}, CreatedAt: start}
	err = e.db.Update(ctx, func(tx luoshi.Tx) error {
		un, err := tx.FindUnitByID(ctx, u.UnitID)
		if err != nil {
			return err
		}
		u.RegionID = un.RegionID
		return tx.CreateUser(ctx, u)
	})
	if err != nil {
		e.t.Fatal(err)
	}
}
