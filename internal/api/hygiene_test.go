package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestPasswordChangeEndsOtherSessions: a new password ends every other login, cookie and
// API token of the account; the session it was changed from stays, and other accounts'
// sessions are untouched.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	e := newEnv(t)
	current, _, _ := e.login("a_ll", testPassword)
	other, _, _ := e.login("a_ll", testPassword)
	cookie, _ := e.cookieLogin("a_ll")
	var api struct{ Token string }
	if st := e.do(other, "POST", "/api/v1/me/tokens", map[string]any{"name": "脚本", "days": 30}, &api); st != 201 {
		t.Fatalf("api token: %d", st)
	}
	bystander := e.token("b_ll")
	cookieGet := func() int {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
		req.AddCookie(cookie)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if cookieGet() != 200 || e.do(api.Token, "GET", "/api/v1/me", nil, nil) != 200 {
		t.Fatal("the sessions do not work before the change")
	}
	const next = "Changed-pass-2027"
	if st := e.do(current, "PUT", "/api/v1/me/password", map[string]any{"old_password": testPassword, "new_password": next}, nil); st != 204 && st != 200 {
		t.Fatalf("change: %d", st)
	}
	if st := e.do(current, "GET", "/api/v1/me", nil, nil); st != 200 {
		t.Errorf("the session the password was changed from: %d, want 200", st)
	}
	if st := e.do(other, "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("another login: %d, want 401", st)
	}
	if st := e.do(api.Token, "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("an API token: %d, want 401", st)
	}
	if st := cookieGet(); st != 401 {
		t.Errorf("a browser's cookie: %d, want 401", st)
	}
	if st := e.do(bystander, "GET", "/api/v1/me", nil, nil); st != 200 {
		t.Errorf("another account's session: %d, want 200", st)
	}
	if !e.auditHas("account.password", "success", "a_ll") {
		t.Error("password change not audited")
	}
}

// TestCookieOriginRequired: an unsafe request made with the session cookie must name this
// site in Origin or, failing that, Referer — with neither it is refused even with the right
// CSRF token; a bearer-token request needs neither.
func TestCookieOriginRequired(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	cookie, csrf := e.cookieLogin("a_ll")
	post := func(header, value string) (int, string) {
		req, _ := http.NewRequest("POST", e.srv.URL+itemPath(it.ID)+"/comment", strings.NewReader(`{"text":"意见"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", csrf)
		req.AddCookie(cookie)
		if header != "" {
			req.Header.Set(header, value)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var p problem
		decodeJSON(resp.Body, &p)
		return resp.StatusCode, p.Detail
	}
	if st, detail := post("", ""); st != 403 || !strings.Contains(detail, "Origin") {
		t.Errorf("cookie POST naming no origin: %d %q, want 403", st, detail)
	}
	if st, _ := post("Referer", "http://evil.example/page"); st != 403 {
		t.Errorf("cookie POST with a foreign Referer: %d, want 403", st)
	}
	if st, _ := post("Origin", "null"); st != 403 {
		t.Errorf("cookie POST with Origin null: %d, want 403", st)
	}
	if st, _ := post("Referer", e.srv.URL+"/items/1"); st != 200 {
		t.Errorf("cookie POST with this site's Referer: %d, want 200", st)
	}
	if st, _ := post("Origin", e.srv.URL); st != 200 {
		t.Errorf("cookie POST with this site's Origin: %d, want 200", st)
	}
	if st := e.call("a_ll", "POST", itemPath(it.ID)+"/comment", map[string]any{"text": "接口"}, nil); st != 200 {
		t.Errorf("bearer POST without Origin or Referer: %d, want 200", st)
	}
	if !e.auditHas("access.denied", "denied", "/comment") {
		t.Error("refusals not audited")
	}
}
