package api_test

import (
	"net/url"
	"strings"
	"testing"
)

// writeRoutes are the API's writes a fuzzed body is sent to, each by a user who may make it;
// "{seg}" is the fuzzed path segment (an id, a date, an action).
var writeRoutes = []struct{ user, method, path string }{
	{"", "POST", "/api/v1/login"},
	{"sup", "POST", "/api/v1/items"},
	{"sup", "POST", "/api/v1/items/{seg}/remind"},
	{"a_ll", "POST", "/api/v1/items/1/{seg}"},
	{"admin", "POST", "/api/v1/units"},
	{"admin", "POST", "/api/v1/users"},
	{"admin", "POST", "/api/v1/leaders"},
	{"admin", "PUT", "/api/v1/calendar/{seg}"},
	{"sec", "PUT", "/api/v1/security/policy"},
	{"sec", "PUT", "/api/v1/users/{seg}/roles"},
	{"a_ll", "PUT", "/api/v1/me/notify-prefs"},
	{"a_ll", "POST", "/api/v1/notifications/read"},
	{"sup", "POST", "/api/v1/targets/letters"},
	{"sup", "PUT", "/api/v1/targets/rules"},
	{"sup", "PUT", "/api/v1/targets/letters/{seg}/indicators"},
	{"sup", "POST", "/api/v1/sessions"},
	{"sup", "POST", "/api/v1/proposals"},
	{"sup", "POST", "/api/v1/topics"},
	{"sup", "POST", "/api/v1/meetings"},
	{"sup", "POST", "/api/v1/practices"},
	{"sup", "POST", "/api/v1/meeting-kinds"},
	{"sup", "POST", "/api/v1/bulletins"},
	{"sup", "POST", "/api/v1/bulletins/{seg}/edit"},
	{"a_jb", "POST", "/api/v1/me/tokens"},
}

// FuzzAPIWrite sends one fuzzed body, with one fuzzed path segment, to each write of the API
// over a real database: no answer is a server error, and every refusal is a problem document
// with a message in Chinese whose arguments are all used. Seeds are in
// testdata/fuzz/FuzzAPIWrite.
func FuzzAPIWrite(f *testing.F) {
	f.Add("1", `{}`)
	f.Add("2026-12-05", `{"title":"关于道路整治","kind":"holiday","name":"元旦","deadline":"2026-12-31"}`)
	f.Add("ab", `{"kind":"normal"}`)
	f.Add("0", `{"deadline":"9999-12-31T23:00:00-05:00","held_at":"0000-01-01"}`)
	f.Add("-1", `[`)
	f.Add("%00", `{"name":"\u0000"}`)
	f.Fuzz(func(t *testing.T, seg, body string) {
		e := newEnv(t)
		for _, r := range writeRoutes {
			path := strings.ReplaceAll(r.path, "{seg}", url.PathEscape(seg))
			var p problem
			st := e.call(r.user, r.method, path, body, &p)
			if st >= 500 {
				t.Fatalf("%s %s as %s with %q: status %d %+v", r.method, path, r.user, body, st, p)
			}
			if st >= 400 && (p.Detail == "" || strings.Contains(p.Detail, "%!")) {
				t.Fatalf("%s %s as %s with %q: status %d, detail %q", r.method, path, r.user, body, st, p.Detail)
			}
		}
	})
}
