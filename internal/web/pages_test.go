package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// maxPageBytes is the weight limit of a page without charts: its HTML and every asset it loads.
const maxPageBytes = 200 << 10

// pageCase is one page of the site as one account sees it.
type pageCase struct {
	name, user, path string
}

// allPages lists every page, each as the account it is made for.
func allPages(t testing.TB, e *env) []pageCase {
	inProgress := e.itemOf(t, "jtj", luoshi.StateInProgress)
	return []pageCase{
		{"login", "", "/login"},
		{"workbench-supervisor", "duchashi", "/"},
		{"workbench-liaison", "jtj_ll", "/"},
		{"workbench-staff", "jtj_jb", "/"},
		{"workbench-head", "xianzhang", "/"},
		{"workbench-leader", "fxz_wang", "/"},
		{"workbench-sysadmin", "admin", "/"},
		{"workbench-auditor", "audit", "/"},
		{"list", "duchashi", "/items"},
		{"list-filtered", "duchashi", "/items?light=red&sort=deadline"},
		{"list-text", "duchashi", "/items?q=" + url.QueryEscape("道路") + "&sort=-percent&page=1"},
		{"list-liaison", "jtj_ll", "/items"},
		{"detail-supervisor", "duchashi", fmt.Sprintf("/items/%d", inProgress.ID)},
		{"detail-liaison", "jtj_ll", fmt.Sprintf("/items/%d", inProgress.ID)},
		{"new", "duchashi", "/items/new"},
		{"units", "admin", "/units"},
		{"unit-edit", "admin", fmt.Sprintf("/units/%d", inProgress.LeadUnitID)},
		{"users", "admin", "/users"},
		{"leaders", "admin", "/leaders"},
		{"leader-edit", "admin", fmt.Sprintf("/leaders/%d", e.actor(t, "fxz_wang").LeaderID)},
		{"roles", "security", "/roles"},
		{"role-edit", "security", fmt.Sprintf("/roles/%d", e.actor(t, "jtj_ll").UserID)},
		{"audit", "audit", "/audit"},
		{"account", "jtj_ll", "/account"},
		{"collaboration", "duchashi", "/collaboration"},
		{"collaboration-liaison", "jtj_ll", "/collaboration"},
		{"dragging", "duchashi", "/items/dragging"},
		{"dragging-leader", "fxz_wang", "/items/dragging?months=6"},
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

// TestEveryPage renders every page of the demo county for its account: 200, in Chinese,
// and under the weight limit with its assets.
func TestEveryPage(t *testing.T) {
	e := sharedDemo(t)
	clients := map[string]*client{}
	for _, pc := range allPages(t, e) {
		t.Run(pc.name, func(t *testing.T) {
			status, body := e.clientOf(t, clients, pc.user).get(pc.path)
			if status != http.StatusOK {
				t.Fatalf("GET %s as %s: %d\n%s", pc.path, pc.user, status, body)
			}
			if !strings.Contains(body, `<html lang="zh-CN">`) || !strings.Contains(body, "落实") {
				t.Errorf("%s: not the Chinese page", pc.path)
			}
			weight := len(body)
			for _, m := range assetRef.FindAllStringSubmatch(body, -1) {
				res, err := http.Get(e.srv.URL + m[1])
				if err != nil {
					t.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Errorf("asset %s: %d", m[1], res.StatusCode)
				}
				weight += int(n)
			}
			if weight > maxPageBytes {
				t.Errorf("%s weighs %d bytes with its assets, over %d", pc.path, weight, maxPageBytes)
			}
			t.Logf("%s: %d bytes of HTML, %d with assets", pc.path, len(body), weight)
		})
	}
}

// TestGuards: a form without the session's CSRF token is refused and saves nothing; a role
// without the page gets 403; no session goes to the login page; the language switch works.
func TestGuards(t *testing.T) {
	e := sharedDemo(t)
	sup := e.login(t, "duchashi")
	before := e.countItems(t)
	token := sup.csrf
	sup.csrf = ""
	status, _ := sup.postBody("/items", url.Values{"title": {"没有令牌的事项"}, "unclassified": {"true"}})
	sup.csrf = token
	if status != http.StatusForbidden || e.countItems(t) != before {
		t.Errorf("a form without the CSRF token: %d, items %d → %d", status, before, e.countItems(t))
	}
	admin := e.login(t, "admin")
	if status, _ := admin.get("/items"); status != http.StatusForbidden {
		t.Errorf("the system administrator opened the items: %d", status)
	}
	anon := &client{t: t, e: e, http: &http.Client{}}
	res, err := anon.http.Get(e.srv.URL + "/items/1")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/login" || res.Request.URL.Query().Get("next") != "/items/1" {
		t.Errorf("without a session /items/1 ends at %s", res.Request.URL)
	}
	if status, body := sup.get("/lang/en?next=/items"); status != http.StatusOK || !strings.Contains(body, `<html lang="en">`) ||
		!strings.Contains(body, "Supervision items") {
		t.Errorf("the English switch: %d", status)
	}
	if _, body := sup.get("/lang/zh-CN?next=//evil.example/"); !strings.Contains(body, "工作台") {
		t.Errorf("the language switch followed a foreign next")
	}
}
