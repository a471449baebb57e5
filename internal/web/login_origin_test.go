package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLoginNextAndOrigin: the login form sends the browser on only to a path of this site,
// whatever next says, and refuses a login that names another site or no site at all.
func TestLoginNextAndOrigin(t *testing.T) {
	e := sharedDemo(t)
	post := func(header, value, next string) *http.Response {
		t.Helper()
		form := url.Values{"username": {"nhz_ll"}, "password": {demoPassword}, "next": {next}}
		req, _ := http.NewRequest("POST", e.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			req.Header.Set(header, value)
		}
		stay := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := stay.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	for next, want := range map[string]string{
		"/items?light=red":      "/items?light=red",
		"//evil.example/x":      "/",
		"/\\evil.example":       "/",
		"/\t/evil.example":      "/",
		"/\n/evil.example":      "/",
		"https://evil.example/": "/",
		"http:evil.example":     "/",
		"javascript:alert(1)":   "/",
		"/%2F%2Fevil.example":   "/%2F%2Fevil.example", // a path of this site
		"":                      "/",
		"evil.example":          "/",
		"/ok\\@evil.example":    "/",
	} {
		res := post("Origin", e.srv.URL, next)
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("next %q: status %d", next, res.StatusCode)
			continue
		}
		loc, err := url.Parse(res.Header.Get("Location"))
		if err != nil || loc.Host != "" || loc.Scheme != "" {
			t.Errorf("next %q: sent to %q, another site", next, res.Header.Get("Location"))
		}
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next %q: sent to %q, want %q", next, got, want)
		}
	}
	for _, c := range []struct{ header, value string }{
		{"", ""}, {"Origin", "http://evil.example"}, {"Origin", "null"}, {"Referer", "http://evil.example/login"},
	} {
		if res := post(c.header, c.value, "/"); res.StatusCode != http.StatusForbidden {
			t.Errorf("login with %s %q: %d, want 403", c.header, c.value, res.StatusCode)
		}
	}
	if res := post("Referer", e.srv.URL+"/login?next=/items", "/items"); res.StatusCode != http.StatusSeeOther ||
		res.Header.Get("Location") != "/items" {
		t.Errorf("login with this site's Referer: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}
