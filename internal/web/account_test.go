package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"luoshi/internal/httpx"
)

// TestAccountPage: an API token is shown once and works; a refused token form shows its
// message beside the field; a session can be revoked; a wrong old password is said beside it.
func TestAccountPage(t *testing.T) {
	e := sharedDemo(t)
	c := e.login(t, "nhz_ll")
	status, body := c.postBody("/account/tokens", url.Values{"name": {"统计脚本"}, "days": {"9999"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="t-days-err"`) {
		t.Errorf("a token for 9999 days: %d", status)
	}
	status, body = c.postBody("/account/tokens", url.Values{"name": {"统计脚本"}, "days": {"30"}})
	m := regexp.MustCompile(`<code class="secret">([A-Za-z0-9_-]{20,})</code>`).FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("creating a token: %d", status)
	}
	if _, err := e.svc.Authenticate(context.Background(), m[1]); err != nil {
		t.Errorf("the new token does not authenticate: %v", err)
	}
	other := e.login(t, "nhz_ll")
	a, err := e.svc.Authenticate(context.Background(), other.cookie(httpx.SessionCookie))
	if err != nil {
		t.Fatal(err)
	}
	status, body = c.postBody(fmt.Sprintf("/account/sessions/%d/revoke", a.SessionID), url.Values{})
	if status != http.StatusOK || !strings.Contains(body, "已注销该会话") {
		t.Errorf("revoking a session: %d", status)
	}
	if _, err := e.svc.Authenticate(context.Background(), other.cookie(httpx.SessionCookie)); err == nil {
		t.Errorf("the revoked session still works")
	}
	status, body = c.postBody("/account/password", url.Values{"old_password": {"wrong"}, "new_password": {"Another-pass-2026"},
		"confirm_password": {"Another-pass-2026"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="old_password-err"`) {
		t.Errorf("a wrong old password: %d", status)
	}
}
