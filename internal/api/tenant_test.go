package api_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	items "luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// tenantFixture is one county's work for the isolation tests: an item in progress with a
// sub-item and an attachment, and what names it.
type tenantFixture struct {
	region  int64
	item    item
	child   item
	unit    int64 // the item's lead unit
	leader  int64
	attID   int64
	title   string
	members []string // accounts of the county
}

// twoCounties gives each county of the env an item worked on by its own people.
func twoCounties(t *testing.T, e *env) (one, two tenantFixture) {
	t.Helper()
	e.svc.FilesDir = t.TempDir()
	body := e.newItem("important", start.Add(30*24*time.Hour))
	body["title"], body["leader_id"] = "县一燃气管道改造甲", e.leaderID("439001")
	one = tenantFixture{region: e.regions["439001"], unit: e.units["A"], leader: e.leaderID("439001"),
		title: "燃气管道改造甲", members: []string{"sup", "head", "a_ll", "b_ll", "admin", "sec", "aud"}}
	one.item = e.mustCreate(body)
	e.act("a_ll", one.item.ID, "accept", nil, 200)
	e.act("a_ll", one.item.ID, "report", map[string]any{"text": "已完成 5 公里", "percent": 25}, 200)
	sub := e.newItem("important", start.Add(20*24*time.Hour))
	sub["parent_id"], sub["title"] = one.item.ID, "县一子事项"
	one.child = e.mustCreate(sub)
	one.attID = e.upload("sup", one.item.ID)

	two = tenantFixture{region: e.regions["439002"], unit: e.units["D"], leader: e.leaderID("439002"), title: "污水处理厂乙",
		members: []string{"d_sup", "d_ll"}}
	if st := e.call("d_sup", "POST", "/api/v1/items", map[string]any{"title": "县二污水处理厂乙", "source": "major_project",
		"priority": "important", "lead_unit_id": e.units["D"], "deadline": start.Add(40 * 24 * time.Hour).Format(time.RFC3339),
		"leader_id": two.leader, "report_every": "7d", "assign": true, "unclassified": true}, &two.item); st != 201 {
		t.Fatalf("county two creates its item: %d", st)
	}
	e.act("d_ll", two.item.ID, "accept", nil, 200)
	e.act("d_ll", two.item.ID, "report", map[string]any{"text": "主体完工", "percent": 60}, 200)
	if st := e.call("d_sup", "POST", "/api/v1/items", map[string]any{"title": "县二子事项", "source": "other",
		"priority": "routine", "lead_unit_id": e.units["D"], "parent_id": two.item.ID,
		"deadline": start.Add(30 * 24 * time.Hour).Format(time.RFC3339), "assign": true, "unclassified": true}, &two.child); st != 201 {
		t.Fatalf("county two creates a sub-item: %d", st)
	}
	two.attID = e.upload("d_sup", two.item.ID)
	return one, two
}

// cityAbove puts both counties under the city, as luoshi init --parent-code does.
func (e *env) cityAbove() {
	e.t.Helper()
	for _, code := range []string{"439001", "439002"} {
		if err := e.svc.SetRegionParent(context.Background(), code, "439000"); err != nil {
			e.t.Fatal(err)
		}
	}
}

func (e *env) leaderID(region string) int64 {
	e.t.Helper()
	var ls struct{ Leaders []luoshi.Leader }
	user := map[string]string{"439001": "sup", "439002": "d_sup"}[region]
	if st := e.call(user, "GET", "/api/v1/leaders", nil, &ls); st != 200 {
		e.t.Fatalf("leaders: %d", st)
	}
	if len(ls.Leaders) == 0 {
		return 0
	}
	return ls.Leaders[0].ID
}

func (e *env) upload(user string, itemID int64) int64 {
	e.t.Helper()
	var up struct{ ID int64 }
	if st := e.call(user, "POST", itemPath(itemID)+"/attachments", pdfBody("方案.pdf"), &up); st != 201 {
		e.t.Fatalf("upload as %s: %d", user, st)
	}
	return up.ID
}

// listIDs returns the ids of the items a list request answers, failing unless it answers 200.
func (e *env) listIDs(t *testing.T, user, query string) []int64 {
	t.Helper()
	var page struct {
		Items []item `json:"items"`
	}
	if st := e.call(user, "GET", "/api/v1/items?"+query, nil, &page); st != 200 {
		t.Fatalf("GET /api/v1/items?%s as %s: %d", query, user, st)
	}
	ids := make([]int64, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	return ids
}

func cursorAfter(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("i" + strconv.FormatInt(id, 10)))
}

// TestTwoCounties is acceptance 2 of the PostgreSQL issue, run on both databases: two
// counties in one database, and through the API nothing of one is visible to or changeable by
// the other's users — not by guessing ids, not through list filters, not through statistics.
func TestTwoCounties(t *testing.T) {
	e := newEnv(t)
	one, two := twoCounties(t, e)
	before := e.snapshot()
	for _, c := range []struct {
		name       string
		own, other tenantFixture
	}{{"county two looks at county one", two, one}, {"county one looks at county two", one, two}} {
		t.Run(c.name, func(t *testing.T) {
			for _, user := range c.own.members {
				e.cannotSee(t, user, c.other)
				e.cannotChange(t, user, c.own, c.other)
			}
		})
	}
	if after := e.snapshot(); after != before {
		t.Error("the other county's attempts changed the database")
	}
	// Each county still sees its own.
	for _, c := range []struct {
		user string
		it   item
	}{{"sup", one.item}, {"d_sup", two.item}} {
		if ids := e.listIDs(t, c.user, ""); !slices.Contains(ids, c.it.ID) {
			t.Errorf("%s no longer lists its own item %d: %v", c.user, c.it.ID, ids)
		}
	}
	// The auditor of county one reads county one's trail only.
	var audit struct {
		Records []luoshi.AuditRecord `json:"records"`
	}
	if st := e.call("aud", "GET", "/api/v1/audit?limit=1000", nil, &audit); st != 200 {
		t.Fatalf("audit: %d", st)
	}
	for _, r := range audit.Records {
		if r.RegionID != 0 && r.RegionID != one.region {
			t.Errorf("county one's auditor reads record %d of region %d: %s %s", r.ID, r.RegionID, r.Action, r.Target)
		}
	}
}

// cannotSee checks every read a user of one county could aim at the other county's work.
func (e *env) cannotSee(t *testing.T, user string, other tenantFixture) {
	t.Helper()
	business := user != "admin" && user != "sec" && user != "aud"
	want := 404
	if !business {
		want = 403 // the three administrators never read business data at all
	}
	for _, path := range []string{itemPath(other.item.ID), itemPath(other.item.ID) + "/events",
		itemPath(other.child.ID), itemPath(other.item.ID) + "/attachments",
		fmt.Sprintf("%s/attachments/%d", itemPath(other.item.ID), other.attID)} {
		if st := e.call(user, "GET", path, nil, nil); st != want {
			t.Errorf("GET %s as %s: %d, want %d", path, user, st, want)
		}
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/units/%d", other.unit),
		fmt.Sprintf("/api/v1/users?unit_id=%d", other.unit),
		fmt.Sprintf("/api/v1/items?region_id=%d", other.region),
		fmt.Sprintf("/api/v1/stats/units?region_id=%d", other.region)} {
		if st := e.call(user, "GET", path, nil, nil); st != 404 && st != 403 {
			t.Errorf("GET %s as %s: %d, want 404 (or 403 for a role without the route)", path, user, st)
		}
	}
	if !business {
		return
	}
	foreign := []int64{other.item.ID, other.child.ID}
	for _, q := range []string{"", "limit=200", fmt.Sprintf("unit_id=%d", other.unit),
		fmt.Sprintf("leader_id=%d", other.leader), fmt.Sprintf("parent_id=%d", other.item.ID),
		"q=" + urlEscape(other.title), "state=in_progress", "light=green", "overdue=false", "priority=important",
		"cursor=" + cursorAfter(other.item.ID+1000)} {
		for _, id := range e.listIDs(t, user, q) {
			if slices.Contains(foreign, id) {
				t.Errorf("GET /api/v1/items?%s as %s lists the other county's item %d", q, user, id)
			}
		}
	}
	var stats struct {
		Units []luoshi.UnitStats `json:"units"`
	}
	if st := e.call(user, "GET", "/api/v1/stats/units", nil, &stats); st != 200 {
		t.Fatalf("stats as %s: %d", user, st)
	}
	for _, s := range stats.Units {
		if s.UnitID == other.unit {
			t.Errorf("stats as %s count the other county's unit %d", user, s.UnitID)
		}
	}
	for _, path := range []string{"/api/v1/units", "/api/v1/leaders", "/api/v1/regions"} {
		var raw map[string][]struct {
			ID       int64 `json:"id"`
			RegionID int64 `json:"region_id"`
		}
		if st := e.call(user, "GET", path, nil, &raw); st != 200 {
			t.Fatalf("GET %s as %s: %d", path, user, st)
		}
		for _, list := range raw {
			for _, x := range list {
				if x.ID == other.unit || x.RegionID == other.region || (path == "/api/v1/regions" && x.ID == other.region) {
					t.Errorf("GET %s as %s shows %+v of the other county", path, user, x)
				}
			}
		}
	}
	var inbox struct {
		Entries []struct {
			Notice struct {
				ItemID int64 `json:"item_id"`
			} `json:"notice"`
		} `json:"entries"`
	}
	e.call(user, "GET", "/api/v1/notifications", nil, &inbox)
	for _, n := range inbox.Entries {
		if slices.Contains(foreign, n.Notice.ItemID) {
			t.Errorf("%s was notified of the other county's item %d", user, n.Notice.ItemID)
		}
	}
}

// cannotChange tries every change a user of one county could aim at the other's work:
// every action on its items, uploads, and its units, leaders and items named in one's own.
func (e *env) cannotChange(t *testing.T, user string, own, other tenantFixture) {
	t.Helper()
	for _, act := range items.Actions() {
		body := map[string]any{"reason": "越权", "text": "越权", "percent": 90, "summary": "越权", "rating": "good",
			"kind": "interview", "lead_unit_id": own.unit, "unit_ids": []int64{own.unit}, "level": "blue",
			"deadline": start.Add(90 * 24 * time.Hour).Format(time.RFC3339)}
		for _, id := range []int64{other.item.ID, other.child.ID} {
			if st := e.call(user, "POST", fmt.Sprintf("%s/%s", itemPath(id), act), body, nil); st != 404 && st != 403 {
				t.Errorf("POST %s/%s as %s: %d, want 404 or 403", itemPath(id), act, user, st)
			}
		}
	}
	if st := e.call(user, "POST", itemPath(other.item.ID)+"/attachments", pdfBody("x.pdf"), nil); st != 404 && st != 403 {
		t.Errorf("upload to the other county's item as %s: %d", user, st)
	}
	victim := e.ids[other.members[len(other.members)-1]]
	for _, req := range []struct {
		method, path string
		body         any
	}{
		{"PATCH", fmt.Sprintf("/api/v1/units/%d", other.unit), map[string]any{"name": "越权"}},
		{"POST", fmt.Sprintf("/api/v1/users/%d/disable", victim), nil},
		{"PUT", fmt.Sprintf("/api/v1/users/%d/roles", victim), map[string]any{"roles": []string{"supervisor"}}},
		{"POST", fmt.Sprintf("/api/v1/users/%d/reset-password", victim), map[string]any{"password": "Hijack-pass-2026"}},
		{"POST", fmt.Sprintf("/api/v1/users/%d/unlock", victim), nil},
	} {
		if st := e.call(user, req.method, req.path, req.body, nil); st != 404 && st != 403 {
			t.Errorf("%s %s as %s: %d, want 404 or 403", req.method, req.path, user, st)
		}
	}
	if user != "sup" && user != "d_sup" {
		return
	}
	// The other county's units, leaders and items cannot be named in one's own work.
	for field, v := range map[string]any{"lead_unit_id": other.unit, "co_unit_ids": []int64{other.unit},
		"leader_id": other.leader, "parent_id": other.item.ID} {
		body := map[string]any{"title": "越权立项", "source": "other", "priority": "routine", "lead_unit_id": own.unit,
			"deadline": start.Add(10 * 24 * time.Hour).Format(time.RFC3339), "assign": true, "unclassified": true}
		body[field] = v
		var p problem
		if st := e.call(user, "POST", "/api/v1/items", body, &p); st != 422 || p.field(field) == "" {
			t.Errorf("creating an item with %s of the other county as %s: %d %+v, want 422 on %s", field, user, st, p, field)
		}
	}
	var p problem
	if st := e.call(user, "POST", itemPath(own.item.ID)+"/hold-accountable", map[string]any{"kind": "interview",
		"reason": "越权", "unit_ids": []int64{other.unit}}, &p); st != 422 {
		t.Errorf("accountability naming the other county's unit as %s: %d %+v, want 422", user, st, p)
	}
}

// TestCityReadsCountiesReadOnly: the city's account reads both counties below it — lists,
// items, timelines, attachments, unit statistics — and changes nothing in either.
func TestCityReadsCountiesReadOnly(t *testing.T) {
	e := newEnv(t)
	e.cityAbove()
	one, two := twoCounties(t, e)
	var regions struct{ Regions []luoshi.Region }
	if st := e.call("city", "GET", "/api/v1/regions", nil, &regions); st != 200 || len(regions.Regions) != 3 {
		t.Fatalf("regions as city: %d %+v, want the city and its two counties", st, regions)
	}
	for _, c := range []tenantFixture{one, two} {
		ids := e.listIDs(t, "city", fmt.Sprintf("region_id=%d", c.region))
		if !slices.Contains(ids, c.item.ID) || !slices.Contains(ids, c.child.ID) {
			t.Errorf("the city's list of region %d = %v, want %d and %d", c.region, ids, c.item.ID, c.child.ID)
		}
		if ids := e.listIDs(t, "city", fmt.Sprintf("region_id=%d&parent_id=%d", c.region, c.item.ID)); !slices.Equal(ids, []int64{c.child.ID}) {
			t.Errorf("the city's list of sub-items = %v, want [%d]", ids, c.child.ID)
		}
		var it item
		if st := e.call("city", "GET", itemPath(c.item.ID), nil, &it); st != 200 || it.State != "in_progress" {
			t.Errorf("the city reads item %d: %d %+v", c.item.ID, st, it)
		}
		if len(it.Actions) != 0 {
			t.Errorf("the city is offered actions %v on a county's item", it.Actions)
		}
		for _, path := range []string{itemPath(c.item.ID) + "/events", itemPath(c.item.ID) + "/attachments",
			fmt.Sprintf("%s/attachments/%d", itemPath(c.item.ID), c.attID)} {
			if st := e.call("city", "GET", path, nil, nil); st != 200 {
				t.Errorf("GET %s as city: %d", path, st)
			}
		}
		var stats struct {
			Units []luoshi.UnitStats `json:"units"`
		}
		if st := e.call("city", "GET", fmt.Sprintf("/api/v1/stats/units?region_id=%d", c.region), nil, &stats); st != 200 {
			t.Fatalf("stats as city: %d", st)
		}
		found := false
		for _, s := range stats.Units {
			found = found || (s.UnitID == c.unit && s.Open >= 1)
		}
		if !found {
			t.Errorf("the city's stats of region %d do not count unit %d: %+v", c.region, c.unit, stats.Units)
		}
		// The county's units and leaders, to name what the items refer to.
		var units struct{ Units []luoshi.Unit }
		var leaders struct{ Leaders []luoshi.Leader }
		if st := e.call("city", "GET", fmt.Sprintf("/api/v1/units?region_id=%d", c.region), nil, &units); st != 200 ||
			!slices.ContainsFunc(units.Units, func(u luoshi.Unit) bool { return u.ID == c.unit }) {
			t.Errorf("the city's units of region %d: %d %+v, want unit %d among them", c.region, st, units.Units, c.unit)
		}
		for _, u := range units.Units {
			if u.RegionID != c.region {
				t.Errorf("the city's units of region %d include unit %d of region %d", c.region, u.ID, u.RegionID)
			}
		}
		if st := e.call("city", "GET", fmt.Sprintf("/api/v1/leaders?region_id=%d", c.region), nil, &leaders); st != 200 ||
			!slices.ContainsFunc(leaders.Leaders, func(l luoshi.Leader) bool { return l.ID == c.leader }) {
			t.Errorf("the city's leaders of region %d: %d %+v, want leader %d", c.region, st, leaders.Leaders, c.leader)
		}
	}
	for _, path := range []string{"/api/v1/units", "/api/v1/leaders"} {
		if st := e.call("sup", "GET", fmt.Sprintf("%s?region_id=%d", path, two.region), nil, nil); st != 404 {
			t.Errorf("GET %s of the other county as county one's supervisor: %d, want 404", path, st)
		}
		if st := e.call("city", "GET", path+"?region_id=999999", nil, nil); st != 404 {
			t.Errorf("GET %s of an unknown region as the city: %d, want 404", path, st)
		}
	}
	// Without region_id the city's own region: nothing of the counties.
	if ids := e.listIDs(t, "city", ""); len(ids) != 0 {
		t.Errorf("the city's list of its own region shows %v", ids)
	}
	before := e.snapshot()
	for _, c := range []tenantFixture{one, two} {
		for _, act := range items.Actions() {
			st := e.call("city", "POST", fmt.Sprintf("%s/%s", itemPath(c.item.ID), act),
				map[string]any{"reason": "市级", "text": "市级", "level": "blue"}, nil)
			if st != 403 {
				t.Errorf("POST %s as city: %d, want 403", act, st)
			}
		}
		if st := e.call("city", "POST", itemPath(c.item.ID)+"/attachments", pdfBody("x.pdf"), nil); st != 403 {
			t.Errorf("upload as city: %d, want 403", st)
		}
		body := e.newItem("routine", start.Add(10*24*time.Hour))
		body["lead_unit_id"], body["co_unit_ids"] = c.unit, []int64{}
		if st := e.call("city", "POST", "/api/v1/items", body, nil); st != 403 {
			t.Errorf("create in a county as city: %d, want 403", st)
		}
	}
	// The service refuses too, whatever the access table says: a city account's actor acts
	// on nothing below its region.
	a, err := e.svc.ActorByUsername(t.Context(), "city")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Act(t.Context(), a, one.item.ID, luoshi.Command{Action: luoshi.ActComment, Text: "市级"}); luoshi.ErrorCode(err) != luoshi.EFORBIDDEN {
		t.Errorf("Act as city at the service: %v, want forbidden", err)
	}
	if after := e.snapshot(); after != before {
		t.Error("the city's attempts changed the database")
	}
	// A county's account does not read its sibling or the city through region_id.
	for _, q := range []string{fmt.Sprintf("region_id=%d", e.regions["439000"]), fmt.Sprintf("region_id=%d", two.region)} {
		if st := e.call("sup", "GET", "/api/v1/items?"+q, nil, nil); st != 404 {
			t.Errorf("GET /api/v1/items?%s as county one's supervisor: %d, want 404", q, st)
		}
	}
}

// TestSharedSettingsBelongToTheTop: the working-day calendar and the security policy are
// shared by every region of the database, so with the counties under a city only the city's
// administrators change them; a county's are refused and change nothing.
func TestSharedSettingsBelongToTheTop(t *testing.T) {
	e := newEnv(t)
	// Before the counties are put under the city, a county is the top of its own tree.
	if st := e.call("admin", "PUT", "/api/v1/calendar/2026-12-30", map[string]any{"kind": "holiday", "name": "县定"}, nil); st != 200 {
		t.Fatalf("a top county's administrator sets a day: %d", st)
	}
	e.cityAbove()
	hash, err := e.svc.Hasher.Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.Update(context.Background(), func(tx luoshi.Tx) error {
		for _, u := range []struct {
			name string
			role luoshi.Role
		}{{"city_admin", luoshi.RoleSysadmin}, {"city_sec", luoshi.RoleSecadmin}} {
			usr := &luoshi.User{RegionID: e.regions["439000"], UnitID: e.units["M"], Username: u.name, Name: u.name,
				PasswordHash: hash, Roles: []luoshi.Role{u.role}, CreatedAt: start}
			if err := tx.CreateUser(context.Background(), usr); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := e.snapshot()
	policy := luoshi.DefaultSecurityPolicy()
	policy.MFARequiredRoles, policy.PasswordMinLength = []luoshi.Role{}, 8
	for _, c := range []struct {
		user, method, path string
		body               any
	}{
		{"admin", "PUT", "/api/v1/calendar/2026-12-31", map[string]any{"kind": "holiday", "name": "县定"}},
		{"admin", "POST", "/api/v1/calendar/import", rawBody{ctype: "text/csv", data: []byte("date,kind,name\n2027-01-01,holiday,元旦\n")}},
		{"sec", "PUT", "/api/v1/security/policy", policy},
	} {
		var p problem
		if st := e.call(c.user, c.method, c.path, c.body, &p); st != 403 {
			t.Errorf("%s %s as a county's %s: %d %+v, want 403", c.method, c.path, c.user, st, p)
		}
	}
	if e.snapshot() != before {
		t.Error("the county's refused changes changed the database")
	}
	if st := e.call("city_admin", "PUT", "/api/v1/calendar/2026-12-31", map[string]any{"kind": "holiday", "name": "市定"}, nil); st != 200 {
		t.Errorf("the city's administrator sets a day: %d", st)
	}
	if st := e.call("city_sec", "PUT", "/api/v1/security/policy", policy, nil); st != 200 {
		t.Errorf("the city's security administrator sets the policy: %d", st)
	}
}
