package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
)

var secretRE = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

// TestLoginSteps walks the pages through what a login may still owe: a new password after
// an administrator's reset, then (the policy requiring it) the enrolment of a second factor
// with its QR code, and at the next login the second factor itself. It changes an account no
// other test uses.
func TestLoginSteps(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	const user, temp, next = "smz_jb", "Temp-pass-2026", "New-pass-2026x"
	if err := e.svc.ResetPassword(ctx, e.actor(t, "admin"), e.actor(t, user).UserID, temp); err != nil {
		t.Fatal(err)
	}
	pol, err := e.svc.SecurityPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	strict := pol
	strict.MFARequiredRoles = []luoshi.Role{luoshi.RoleStaff}
	if _, err := e.svc.SetSecurityPolicy(ctx, nil, strict); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.svc.SetSecurityPolicy(ctx, nil, pol) })

	c := &client{t: t, e: e, http: newJarClient()}
	res := c.post("/login", url.Values{"username": {user}, "password": {temp}})
	res.Body.Close()
	if res.Request.URL.Path != "/login/password" {
		t.Fatalf("a reset password leads to %s", res.Request.URL.Path)
	}
	a, err := e.svc.Authenticate(ctx, c.cookie("luoshi_session"))
	if err != nil {
		t.Fatal(err)
	}
	c.csrf = a.CSRF
	res, err = c.http.Get(e.srv.URL + "/items")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != "/login/password" {
		t.Fatalf("GET /items while a new password is owed ends at %s", res.Request.URL.Path)
	}
	status, body := c.postBody("/login/password", url.Values{"old_password": {temp}, "new_password": {next}, "confirm_password": {next + "!"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="confirm_password-err"`) {
		t.Fatalf("two different passwords: %d", status)
	}
	res = c.post("/login/password", url.Values{"old_password": {temp}, "new_password": {next}, "confirm_password": {next}})
	res.Body.Close()
	if res.Request.URL.Path != "/login/enrol" {
		t.Fatalf("after the new password, the policy's second factor: at %s", res.Request.URL.Path)
	}
	status, body = c.postBody("/login/enrol", url.Values{})
	m := secretRE.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil || !strings.Contains(body, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page: %d, secret %v", status, m)
	}
	code, _ := otp.Code(m[1], time.Now())
	status, body = c.postBody("/login/enrol/confirm", url.Values{"code": {code}})
	if status != http.StatusOK || !strings.Contains(body, `<ul class="codes">`) {
		t.Fatalf("confirming the second factor: %d", status)
	}
	if status, body := c.get("/"); status != http.StatusOK || !strings.Contains(body, "工作台") {
		t.Fatalf("after the steps, the workbench: %d", status)
	}

	c2 := &client{t: t, e: e, http: newJarClient()}
	res = c2.post("/login", url.Values{"username": {user}, "password": {next}})
	res.Body.Close()
	if res.Request.URL.Path != "/login/2fa" {
		t.Fatalf("a login with a second factor leads to %s", res.Request.URL.Path)
	}
	a2, _ := e.svc.Authenticate(ctx, c2.cookie("luoshi_session"))
	c2.csrf = a2.CSRF
	if status, body := c2.postBody("/login/2fa", url.Values{"code": {"000000"}}); status != http.StatusUnauthorized ||
		!strings.Contains(body, `id="code-err"`) || !strings.Contains(body, "动态口令或恢复码不正确") {
		t.Fatalf("a wrong code: %d", status)
	}
	code, _ = otp.Code(m[1], time.Now().Add(30*time.Second)) // the enrolment used this step's code
	res = c2.post("/login/2fa", url.Values{"code": {code}})
	res.Body.Close()
	if res.Request.URL.Path != "/" {
		t.Fatalf("after the second factor: %s", res.Request.URL.Path)
	}
}
