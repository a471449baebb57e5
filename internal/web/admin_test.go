package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestAdminForms submits the administrators' forms: refused input comes back beside its
// field, accepted input is saved, and the security administrator's unlock answers.
func TestAdminForms(t *testing.T) {
	e := sharedDemo(t)
	admin := e.login(t, "admin")
	for _, tc := range []struct {
		name, path string
		form       url.Values
		errID      string
	}{
		{"unit with a bad credit code", "/units", url.Values{"name": {"县测试局"}, "kind": {"department"}, "credit_code": {"123"}}, "u-code-err"},
		{"unit without a name", "/units", url.Values{"kind": {"department"}}, "u-name-err"},
		{"user with a weak password", "/users", url.Values{"username": {"weak_user"}, "name": {"测试"}, "password": {"abc"},
			"unit_id": {strconv.FormatInt(e.actor(t, "jtj_ll").UnitID, 10)}}, "n-password-err"},
		{"reset without a user", "/users/reset-password", url.Values{"password": {"Reset-pass-2026"}}, "r-user-err"},
		{"reset to a weak password", "/users/reset-password", url.Values{"user_id": {strconv.FormatInt(e.actor(t, "cgz_jb").UserID, 10)},
			"password": {"short"}}, "r-password-err"},
		{"leader without a post", "/leaders", url.Values{"name": {"钱副县长"}}, "l-post-err"},
	} {
		status, body := admin.postBody(tc.path, tc.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.errID+`"`) {
			t.Errorf("%s: %d, message %s shown: %v", tc.name, status, tc.errID, strings.Contains(body, tc.errID))
		}
	}
	status, body := admin.postBody("/leaders", url.Values{"name": {"钱立新"}, "post": {"副县长"},
		"portfolio": {strconv.FormatInt(e.actor(t, "jtj_ll").UnitID, 10)}})
	if status != http.StatusOK || !strings.Contains(body, "钱立新") {
		t.Errorf("adding a leader: %d", status)
	}
	sec := e.login(t, "security")
	id := strconv.FormatInt(e.actor(t, "cgz_ll").UserID, 10)
	status, body = sec.postBody("/users/"+id+"/unlock", url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "已保存") {
		t.Errorf("unlocking: %d", status)
	}
	if status, _ := admin.postBody("/users/"+id+"/unlock", url.Values{}); status != http.StatusForbidden {
		t.Errorf("the system administrator unlocked an account: %d", status)
	}
}

// TestAuditPages: the auditor searches, verifies the chain and exports; nobody else may.
func TestAuditPages(t *testing.T) {
	e := sharedDemo(t)
	aud := e.login(t, "audit")
	if status, body := aud.get("/audit?action=login&outcome=success"); status != http.StatusOK || !strings.Contains(body, "<code>login</code>") {
		t.Errorf("searching the trail: %d", status)
	}
	if status, body := aud.postBody("/audit/verify", url.Values{}); status != http.StatusOK || !strings.Contains(body, "审计链完整") {
		t.Errorf("verifying the chain: %d", status)
	}
	if status, body := aud.get("/audit/export?action=login"); status != http.StatusOK || !strings.HasPrefix(body, "\ufeffid,") {
		t.Errorf("exporting: %d %.40q", status, body)
	}
	if status, _ := aud.get("/audit?outcome=nonsense"); status != http.StatusUnprocessableEntity {
		t.Errorf("a bad filter: %d", status)
	}
	sup := e.login(t, "duchashi")
	if status, _ := sup.get("/audit"); status != http.StatusForbidden {
		t.Errorf("the supervision office read the audit trail: %d", status)
	}
}
