package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// TestAdministratorPagesSeparated: on the pages, the system administrator is not offered
// another administrator's account to reset, and a reset posted anyway is refused (403) and
// audited, as is an account the security administrator tries to create; the auditor's audit
// page and export show the demo's report events without their texts.
func TestAdministratorPagesSeparated(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	admin := e.login(t, "admin")
	status, body := admin.get("/users")
	start, end := strings.Index(body, `<select id="r-user"`), -1
	if start >= 0 {
		end = strings.Index(body[start:], "</select>")
	}
	if status != http.StatusOK || start < 0 || end < 0 {
		t.Fatalf("users page: %d, reset select found %v", status, start >= 0)
	}
	choices := body[start : start+end]
	for _, u := range []string{"security", "audit"} {
		if strings.Contains(choices, `value="`+strconv.FormatInt(e.actor(t, u).UserID, 10)+`"`) {
			t.Errorf("the reset form offers %s", u)
		}
	}
	if !strings.Contains(choices, `value="`+strconv.FormatInt(e.actor(t, "cgz_jb").UserID, 10)+`"`) {
		t.Error("the reset form no longer offers a business account")
	}
	secID := strconv.FormatInt(e.actor(t, "security").UserID, 10)
	if status, _ := admin.postBody("/users/reset-password", url.Values{"user_id": {secID}, "password": {"Hijack-pass-2026"}}); status != http.StatusForbidden {
		t.Errorf("resetting the security administrator: %d", status)
	}
	aud := e.actor(t, "audit")
	page, err := e.svc.SearchAudit(ctx, aud, luoshi.AuditFilter{Action: "access.denied", Query: "/users/reset-password"})
	if err != nil || len(page.Records) == 0 || page.Records[0].ActorName != "admin" {
		t.Errorf("the refused reset is not audited: %v %+v", err, page)
	}

	// The security administrator cannot create an account of its own choosing.
	sec := e.login(t, "security")
	unit := strconv.FormatInt(e.actor(t, "jtj_ll").UnitID, 10)
	if status, _ := sec.postBody("/users", url.Values{"username": {"shadow"}, "name": {"影子"},
		"password": {"Shadow-pass-2026"}, "unit_id": {unit}}); status != http.StatusForbidden {
		t.Errorf("the security administrator creates an account: %d", status)
	}
	if _, err := e.svc.ActorByUsername(ctx, "shadow"); luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
		t.Errorf("the account exists: %v", err)
	}
	page, err = e.svc.SearchAudit(ctx, aud, luoshi.AuditFilter{Action: "access.denied", Query: "POST /users"})
	audited := false
	for _, r := range page.Records {
		audited = audited || (r.ActorName == "security" && r.Target == "POST /users" && r.Outcome == luoshi.OutcomeDenied)
	}
	if err != nil || !audited {
		t.Errorf("the refused creation is not audited: %v %+v", err, page)
	}

	// A report's text as stored on the trail, and the auditor's page and export of it.
	var texts []string
	err = e.db.View(ctx, func(tx luoshi.Tx) error {
		recs, _, err := tx.FindAudit(ctx, luoshi.AuditFilter{Action: "item.reported", Limit: 20})
		for _, r := range recs {
			var d struct{ Text string }
			if json.Unmarshal([]byte(r.Detail), &d) == nil && len([]rune(d.Text)) >= 8 {
				texts = append(texts, d.Text)
			}
		}
		return err
	})
	if err != nil || len(texts) == 0 {
		t.Fatalf("no report text on the demo's trail: %v", err)
	}
	c := e.login(t, "audit")
	status, body = c.get("/audit?action=item.reported")
	if status != http.StatusOK || !strings.Contains(body, "item.reported") || !strings.Contains(body, "redacted") {
		t.Fatalf("the auditor's page of reports: %d", status)
	}
	status, export := c.get("/audit/export?action=item.reported")
	if status != http.StatusOK {
		t.Fatalf("export: %d", status)
	}
	for _, s := range texts {
		if strings.Contains(html.UnescapeString(body), s) || strings.Contains(export, s) {
			t.Errorf("the auditor reads the report text %q", s)
		}
	}
}
