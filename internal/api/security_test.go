package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
)

// login logs in with a password and returns the token and what the login still owes.
func (e *env) login(user, pw string) (string, string, int) {
	e.t.Helper()
	var res struct {
		Token   string `json:"token"`
		Pending string `json:"pending"`
	}
	st := e.do("", "POST", "/api/v1/login", map[string]any{"username": user, "password": pw}, &res)
	return res.Token, res.Pending, st
}

// production switches the env to the production security policy.
func (e *env) production() {
	e.t.Helper()
	if _, err := e.svc.SetSecurityPolicy(context.Background(), nil, luoshi.DefaultSecurityPolicy()); err != nil {
		e.t.Fatal(err)
	}
}

// auditHas reports whether the trail holds a record with the action (prefix) and outcome.
func (e *env) auditHas(action, outcome, target string) bool {
	e.t.Helper()
	var page struct{ Records []luoshi.AuditRecord }
	e.call("aud", "GET", "/api/v1/audit?limit=1000&action="+action, nil, &page)
	for _, r := range page.Records {
		if (outcome == "" || r.Outcome == outcome) && strings.Contains(r.Target, target) {
			return true
		}
	}
	return false
}

func TestPasswordPolicy(t *testing.T) {
	e := newEnv(t)
	create := func(pw string) (int, problem) {
		var p problem
		st := e.call("admin", "POST", "/api/v1/users", map[string]any{"username": "newbie", "name": "新人",
			"password": pw, "unit_id": e.units["A"]}, &p)
		return st, p
	}
	for _, bad := range []string{"Ab1-", "alllowercase1", "ALLUPPER123", "Newbie-2026x"} {
		if st, p := create(bad); st != 422 || p.field("password") == "" {
			t.Errorf("password %q accepted: %d %+v", bad, st, p)
		}
	}
	var created struct{ ID int64 }
	if st := e.call("admin", "POST", "/api/v1/users", map[string]any{"username": "newbie", "name": "新人",
		"password": "First-Pass-1", "unit_id": e.units["A"]}, &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	// The system administrator creates the account; the security administrator grants its
	// role (三员分立).
	if st := e.call("sec", "PUT", fmt.Sprintf("/api/v1/users/%d/roles", created.ID), map[string]any{"roles": []string{"liaison"}}, nil); st != 200 {
		t.Fatalf("grant: %d", st)
	}
	// An administrator's initial password must be changed first.
	tok, pending, _ := e.login("newbie", "First-Pass-1")
	if pending != luoshi.PendingPasswordChange {
		t.Fatalf("pending %q", pending)
	}
	var p problem
	if st := e.do(tok, "GET", "/api/v1/items", nil, &p); st != 403 || !strings.Contains(p.Detail, "修改密码") {
		t.Errorf("items before changing the password: %d %+v", st, p)
	}
	change := func(old, next string) int {
		return e.do(tok, "PUT", "/api/v1/me/password", map[string]any{"old_password": old, "new_password": next}, &p)
	}
	if st := change("wrong", "Second-Pass-2"); st != 422 || p.field("old_password") == "" {
		t.Errorf("wrong old password: %d", st)
	}
	if st := change("First-Pass-1", "First-Pass-1"); st != 422 || !strings.Contains(p.field("password"), "最近") {
		t.Errorf("reuse: %d %+v", st, p)
	}
	if st := change("First-Pass-1", "Second-Pass-2"); st != 204 {
		t.Fatalf("change: %d %+v", st, p)
	}
	if st := e.do(tok, "GET", "/api/v1/items", nil, nil); st != 200 {
		t.Errorf("items after the change: %d", st)
	}
	// The last five passwords cannot come back.
	for i, pw := range []string{"Third-Pass-3", "Fourth-Pass-4", "Fifth-Pass-5", "Sixth-Pass-6"} {
		old := []string{"Second-Pass-2", "Third-Pass-3", "Fourth-Pass-4", "Fifth-Pass-5"}[i]
		if st := change(old, pw); st != 204 {
			t.Fatalf("change %d: %d %+v", i, st, p)
		}
	}
	if st := change("Sixth-Pass-6", "Second-Pass-2"); st != 422 {
		t.Errorf("a password from five changes ago came back: %d", st)
	}
	if st := change("Sixth-Pass-6", "First-Pass-1"); st != 204 {
		t.Errorf("the sixth-oldest password should be allowed again: %d %+v", st, p)
	}
	if !e.auditHas("account.password", "success", "newbie") || !e.auditHas("account.create", "success", "newbie") {
		t.Error("password change or account creation not audited")
	}
	// 90 days later the password has expired.
	e.clock.Add(89 * 24 * time.Hour)
	if _, pending, _ := e.login("newbie", "First-Pass-1"); pending != "" {
		t.Errorf("after 89 days: pending %q", pending)
	}
	e.clock.Add(2 * 24 * time.Hour)
	if _, pending, _ := e.login("newbie", "First-Pass-1"); pending != luoshi.PendingPasswordChange {
		t.Errorf("after 91 days: pending %q", pending)
	}
}

func TestLockoutAndRateLimit(t *testing.T) {
	e := newEnv(t)
	msg := func(user, pw string) (int, string) {
		var p problem
		st := e.do("", "POST", "/api/v1/login", map[string]any{"username": user, "password": pw}, &p)
		return st, p.Detail
	}
	_, unknown := msg("nobody", "Wrong-pass-1")
	for i := 0; i < 5; i++ {
		if st, m := msg("a_ll", "Wrong-pass-1"); st != 401 || m != unknown {
			t.Fatalf("failure %d: %d %q (unknown user says %q)", i, st, m, unknown)
		}
	}
	// Locked: even the right password fails, with the same answer as an unknown account.
	if st, m := msg("a_ll", testPassword); st != 401 || m != unknown {
		t.Errorf("locked account: %d %q", st, m)
	}
	e.clock.Add(9 * time.Minute)
	if st, _ := msg("a_ll", testPassword); st != 401 {
		t.Errorf("still locked after 9 minutes: %d", st)
	}
	e.clock.Add(2 * time.Minute)
	if st, _ := msg("a_ll", testPassword); st != 200 {
		t.Errorf("after 11 minutes: %d", st)
	}
	if !e.auditHas("account.locked", "success", "a_ll") || !e.auditHas("login", "failure", "a_ll") {
		t.Error("lockout not audited")
	}
	// The security administrator can unlock early.
	for i := 0; i < 5; i++ {
		msg("b_ll", "Wrong-pass-1")
	}
	if st := e.call("sec", "POST", "/api/v1/users/"+itoa(e.ids["b_ll"])+"/unlock", nil, nil); st != 204 {
		t.Errorf("unlock: %d", st)
	}
	if st, _ := msg("b_ll", testPassword); st != 200 {
		t.Errorf("after unlock: %d", st)
	}
	// Per address: the 31st attempt in a minute is refused whatever the account.
	e.clock.Add(time.Minute)
	codes := map[int]int{}
	for i := 0; i < 35; i++ {
		st, _ := msg("ghost"+itoa(int64(i)), "Wrong-pass-1")
		codes[st]++
	}
	if codes[429] != 5 {
		t.Errorf("rate limit: %v", codes)
	}
}

func TestSecondFactor(t *testing.T) {
	e := newEnv(t)
	tok := e.token("a_ll")
	var enrol struct {
		Secret string `json:"secret"`
		URI    string `json:"uri"`
		QRPNG  string `json:"qr_png"`
	}
	if st := e.do(tok, "POST", "/api/v1/me/totp", nil, &enrol); st != 200 || enrol.Secret == "" ||
		!strings.HasPrefix(enrol.URI, "otpauth://totp/") || len(enrol.QRPNG) < 100 {
		t.Fatalf("enrol: %d %+v", st, enrol)
	}
	if st := e.do(tok, "POST", "/api/v1/me/totp/confirm", map[string]any{"code": "000000"}, nil); st != 422 {
		t.Errorf("wrong confirm code: %d", st)
	}
	code, _ := otp.Code(enrol.Secret, e.clock.Now())
	var rec struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	if st := e.do(tok, "POST", "/api/v1/me/totp/confirm", map[string]any{"code": code}, &rec); st != 200 || len(rec.RecoveryCodes) != 10 {
		t.Fatalf("confirm: %d %+v", st, rec)
	}
	// The secret is sealed at rest.
	var raw string
	e.db.View(context.Background(), func(tx luoshi.Tx) error {
		c, err := tx.FindCredentials(context.Background(), e.ids["a_ll"])
		raw = c.TOTPSecret
		return err
	})
	if strings.Contains(raw, enrol.Secret) || !strings.HasPrefix(raw, "sm4gcm:") {
		t.Errorf("TOTP secret stored as %q", raw)
	}
	e.clock.Add(time.Minute)
	tok2, pending, _ := e.login("a_ll", testPassword)
	if pending != luoshi.PendingTOTP {
		t.Fatalf("pending %q", pending)
	}
	if st := e.do(tok2, "GET", "/api/v1/items", nil, nil); st != 403 {
		t.Errorf("items before the second factor: %d", st)
	}
	if st := e.do(tok2, "POST", "/api/v1/login/2fa", map[string]any{"code": "123456"}, nil); st != 401 {
		t.Errorf("wrong code: %d", st)
	}
	code, _ = otp.Code(enrol.Secret, e.clock.Now())
	if st := e.do(tok2, "POST", "/api/v1/login/2fa", map[string]any{"code": code}, nil); st != 200 {
		t.Fatalf("right code: %d", st)
	}
	if st := e.do(tok2, "GET", "/api/v1/items", nil, nil); st != 200 {
		t.Errorf("items after the second factor: %d", st)
	}
	// The same code cannot be replayed in another login.
	tok3, _, _ := e.login("a_ll", testPassword)
	if st := e.do(tok3, "POST", "/api/v1/login/2fa", map[string]any{"code": code}, nil); st != 401 {
		t.Errorf("replayed code: %d", st)
	}
	// A recovery code works once.
	if st := e.do(tok3, "POST", "/api/v1/login/2fa", map[string]any{"code": rec.RecoveryCodes[0]}, nil); st != 200 {
		t.Errorf("recovery code: %d", st)
	}
	tok4, _, _ := e.login("a_ll", testPassword)
	if st := e.do(tok4, "POST", "/api/v1/login/2fa", map[string]any{"code": rec.RecoveryCodes[0]}, nil); st != 401 {
		t.Errorf("recovery code reused: %d", st)
	}
	if !e.auditHas("account.2fa.enable", "success", "a_ll") || !e.auditHas("login.2fa", "success", "a_ll") {
		t.Error("second factor not audited")
	}
	// The production policy requires it of the supervision office: a login must enrol first.
	e.production()
	tok5, pending, _ := e.login("sup", testPassword)
	if pending != luoshi.PendingEnrolTOTP {
		t.Fatalf("supervisor under the production policy: pending %q", pending)
	}
	var p problem
	if st := e.do(tok5, "GET", "/api/v1/items", nil, &p); st != 403 || !strings.Contains(p.Detail, "绑定") {
		t.Errorf("items before enrolment: %d %+v", st, p)
	}
	if st := e.do(tok5, "POST", "/api/v1/me/totp", nil, &enrol); st != 200 {
		t.Fatalf("enrol under pending: %d", st)
	}
	code, _ = otp.Code(enrol.Secret, e.clock.Now())
	e.do(tok5, "POST", "/api/v1/me/totp/confirm", map[string]any{"code": code}, nil)
	if st := e.do(tok5, "GET", "/api/v1/items", nil, nil); st != 200 {
		t.Errorf("items after enrolment: %d", st)
	}
	if st := e.do(tok5, "DELETE", "/api/v1/me/totp", map[string]any{"code": rec.RecoveryCodes[1]}, nil); st != 403 {
		t.Errorf("a supervisor removed a required second factor: %d", st)
	}
}

func TestSessions(t *testing.T) {
	e := newEnv(t)
	tok, _, _ := e.login("a_ll", testPassword)
	// Idle: 29 minutes apart is fine, 31 is not.
	for i := 0; i < 3; i++ {
		e.clock.Add(29 * time.Minute)
		if st := e.do(tok, "GET", "/api/v1/me", nil, nil); st != 200 {
			t.Fatalf("after %d idle periods of 29 min: %d", i+1, st)
		}
	}
	e.clock.Add(31 * time.Minute)
	var p problem
	if st := e.do(tok, "GET", "/api/v1/me", nil, &p); st != 401 || !strings.Contains(p.Detail, "超时") {
		t.Errorf("after 31 idle minutes: %d %+v", st, p)
	}
	// Absolute: 12 hours, however busy.
	tok, _, _ = e.login("a_ll", testPassword)
	for i := 0; i < 24; i++ {
		e.clock.Add(29 * time.Minute)
		e.do(tok, "GET", "/api/v1/me", nil, nil)
	}
	if st := e.do(tok, "GET", "/api/v1/me", nil, nil); st != 200 {
		t.Errorf("after 11.6 busy hours: %d", st)
	}
	e.clock.Add(29 * time.Minute)
	if st := e.do(tok, "GET", "/api/v1/me", nil, &p); st != 401 || !strings.Contains(p.Detail, "过期") {
		t.Errorf("after 12.1 busy hours: %d %+v", st, p)
	}
	// Logout and revocation.
	tok, _, _ = e.login("a_ll", testPassword)
	other, _, _ := e.login("a_ll", testPassword)
	var list struct {
		Sessions []luoshi.Session `json:"sessions"`
	}
	e.do(tok, "GET", "/api/v1/me/sessions", nil, &list)
	var otherID int64
	for _, s := range list.Sessions {
		if !s.Current {
			otherID = s.ID
		}
	}
	if len(list.Sessions) != 2 || otherID == 0 {
		t.Fatalf("sessions: %+v", list.Sessions)
	}
	if st := e.do(tok, "DELETE", "/api/v1/me/sessions/"+itoa(otherID), nil, nil); st != 204 {
		t.Errorf("revoke: %d", st)
	}
	if st := e.do(other, "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("revoked session still works: %d", st)
	}
	// A user cannot revoke someone else's session.
	if st := e.call("b_ll", "DELETE", "/api/v1/me/sessions/"+itoa(list.Sessions[0].ID), nil, nil); st != 404 {
		t.Errorf("revoke another's session: %d", st)
	}
	// Named API tokens have no idle timeout, and can be revoked.
	var api struct {
		Token   string
		Session luoshi.Session
	}
	if st := e.do(tok, "POST", "/api/v1/me/tokens", map[string]any{"name": "报表脚本", "days": 30}, &api); st != 201 {
		t.Fatalf("api token: %d", st)
	}
	if st := e.do(tok, "POST", "/api/v1/me/tokens", map[string]any{"name": "太久", "days": 400}, nil); st != 422 {
		t.Errorf("400-day token: %d", st)
	}
	e.clock.Add(3 * time.Hour)
	if st := e.do(api.Token, "GET", "/api/v1/items", nil, nil); st != 200 {
		t.Errorf("api token after 3 quiet hours: %d", st)
	}
	if st := e.do(tok, "POST", "/api/v1/logout", nil, nil); st != 401 {
		t.Errorf("the login session should have timed out: %d", st)
	}
	tok, _, _ = e.login("a_ll", testPassword)
	e.do(tok, "DELETE", "/api/v1/me/sessions/"+itoa(api.Session.ID), nil, nil)
	if st := e.do(api.Token, "GET", "/api/v1/items", nil, nil); st != 401 {
		t.Errorf("revoked api token: %d", st)
	}
	if st := e.do(tok, "POST", "/api/v1/logout", nil, nil); st != 204 {
		t.Errorf("logout: %d", st)
	}
	if st := e.do(tok, "GET", "/api/v1/me", nil, nil); st != 401 {
		t.Errorf("after logout: %d", st)
	}
}

// cookieClient logs in for a browser session and returns the cookie and CSRF token.
func (e *env) cookieLogin(user string) (*http.Cookie, string) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/login",
		strings.NewReader(`{"username":"`+user+`","password":"`+testPassword+`","cookie":true}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", e.srv.URL) // as a browser's page on this site sends it
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		CSRFToken string `json:"csrf_token"`
	}
	decodeJSON(resp.Body, &res)
	for _, c := range resp.Cookies() {
		if c.Name == "luoshi_session" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				e.t.Errorf("cookie flags: %+v", c)
			}
			return c, res.CSRFToken
		}
	}
	e.t.Fatalf("no session cookie: %v", resp.Header)
	return nil, ""
}

func TestCookieCSRF(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	cookie, csrf := e.cookieLogin("a_ll")
	if csrf == "" {
		t.Fatal("no CSRF token")
	}
	post := func(origin, token string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+itemPath(it.ID)+"/comment", strings.NewReader(`{"text":"意见"}`))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(cookie)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	get, _ := http.NewRequest("GET", e.srv.URL+itemPath(it.ID), nil)
	get.AddCookie(cookie)
	if resp, err := http.DefaultClient.Do(get); err != nil || resp.StatusCode != 200 {
		t.Fatalf("cookie GET: %v %v", err, resp.Status)
	}
	if st := post("", ""); st != 403 {
		t.Errorf("POST without CSRF token: %d", st)
	}
	if st := post("", "forged"); st != 403 {
		t.Errorf("POST with a wrong token: %d", st)
	}
	if st := post("http://evil.example", csrf); st != 403 {
		t.Errorf("POST from a foreign origin: %d", st)
	}
	if st := post(e.srv.URL, csrf); st != 200 {
		t.Errorf("POST with the token from the same origin: %d", st)
	}
	if !e.auditHas("access.denied", "denied", "/comment") {
		t.Error("CSRF refusals not audited")
	}
}

func TestSeparationOfDuties(t *testing.T) {
	e := newEnv(t)
	roles := func(user, target string, r ...string) int {
		return e.call(user, "PUT", "/api/v1/users/"+itoa(e.ids[target])+"/roles", map[string]any{"roles": r}, nil)
	}
	if st := roles("admin", "admin", "supervisor"); st != 403 {
		t.Errorf("sysadmin grants itself a role: %d", st)
	}
	if st := roles("admin", "a_ll", "supervisor"); st != 403 {
		t.Errorf("sysadmin grants a role: %d", st)
	}
	if st := roles("sec", "sec", "secadmin", "auditor"); st != 403 {
		t.Errorf("secadmin changes its own roles: %d", st)
	}
	if st := roles("sec", "a_ll", "auditor", "liaison"); st != 422 {
		t.Errorf("an administrator role with another: %d", st)
	}
	if st := roles("sec", "a_jb", "liaison"); st != 200 {
		t.Errorf("secadmin grants: %d", st)
	}
	for _, u := range []string{"admin", "sec", "aud"} {
		if st := e.call(u, "GET", "/api/v1/items", nil, nil); st != 403 {
			t.Errorf("%s lists items: %d", u, st)
		}
		if st := e.call(u, "GET", "/api/v1/stats/units", nil, nil); st != 403 {
			t.Errorf("%s reads stats: %d", u, st)
		}
	}
	if st := e.call("sup", "GET", "/api/v1/audit", nil, nil); st != 403 {
		t.Errorf("supervisor reads the audit trail: %d", st)
	}
	if st := e.call("admin", "PUT", "/api/v1/security/policy", luoshi.DefaultSecurityPolicy(), nil); st != 403 {
		t.Errorf("sysadmin sets the security policy: %d", st)
	}
	pol := luoshi.DefaultSecurityPolicy()
	pol.AuditRetentionDays = 90
	var p problem
	if st := e.call("sec", "PUT", "/api/v1/security/policy", pol, &p); st != 422 || p.field("audit_retention_days") == "" {
		t.Errorf("retention under 180 days: %d %+v", st, p)
	}
	if !e.auditHas("account.roles", "success", "a_jb") || !e.auditHas("access.denied", "denied", "/roles") {
		t.Error("role changes and refusals not audited")
	}
}

func TestSealedFields(t *testing.T) {
	e := newEnv(t)
	id := itoa(e.ids["a_ll"])
	var p problem
	if st := e.call("admin", "PUT", "/api/v1/users/"+id+"/contact", map[string]any{"phone": "13912345678",
		"id_number": "11010519491231002X"}, &p); st != 204 {
		t.Fatalf("set contact: %d %+v", st, p)
	}
	if st := e.call("admin", "PUT", "/api/v1/users/"+id+"/contact", map[string]any{"id_number": "110105194912310021"}, &p); st != 422 {
		t.Errorf("bad ID check digit: %d", st)
	}
	var sp, si string
	e.db.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		sp, si, err = tx.UserSecrets(context.Background(), e.ids["a_ll"])
		return err
	})
	if strings.Contains(sp, "13912345678") || strings.Contains(si, "1949") || !strings.HasPrefix(sp, "sm4gcm:") {
		t.Errorf("stored in clear: %q %q", sp, si)
	}
	users := func(who string) map[string]luoshi.User {
		var res struct{ Users []luoshi.User }
		e.call(who, "GET", "/api/v1/users?unit_id="+itoa(e.units["A"]), nil, &res)
		m := map[string]luoshi.User{}
		for _, u := range res.Users {
			m[u.Username] = u
		}
		return m
	}
	if u := users("admin")["a_ll"]; u.Phone != "13912345678" || u.IDNumber != "11010519491231002X" {
		t.Errorf("sysadmin sees %+v", u)
	}
	if u := users("sup")["a_ll"]; u.Phone != "139****5678" || strings.Contains(u.IDNumber, "1949") {
		t.Errorf("supervisor sees %+v", u)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	resp, err := http.Get(e.srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
		"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("%s: %q", h, resp.Header.Get(h))
		}
	}
}

// TestCookieLoginOrigin: a login asking for a browser session must come from this site — a
// cross-site page (or a request naming no origin at all) cannot plant its own session in the
// victim's browser; a token login (no cookie) is not concerned.
func TestCookieLoginOrigin(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		origin string
		cookie bool
		want   int
	}{
		{"https://evil.example", true, 403},
		{"", true, 403},
		{e.srv.URL, true, 200},
		{"", false, 200},
	} {
		body := `{"username":"sup","password":"` + testPassword + `","cookie":` + strconv.FormatBool(c.cookie) + `}`
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/login", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		planted := slices.ContainsFunc(resp.Cookies(), func(k *http.Cookie) bool { return k.Name == "luoshi_session" && k.Value != "" })
		if resp.StatusCode != c.want || planted != (c.cookie && c.want == 200) {
			t.Errorf("origin %q cookie %v: %d, session cookie set %v", c.origin, c.cookie, resp.StatusCode, planted)
		}
	}
}
