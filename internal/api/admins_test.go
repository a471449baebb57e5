package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
)

// enrolTOTP binds a second factor to the user's account.
func (e *env) enrolTOTP(user string) {
	e.t.Helper()
	var enrol struct{ Secret string }
	if st := e.call(user, "POST", "/api/v1/me/totp", nil, &enrol); st != 200 {
		e.t.Fatalf("enrol %s: %d", user, st)
	}
	code, _ := otp.Code(enrol.Secret, e.clock.Now())
	if st := e.call(user, "POST", "/api/v1/me/totp/confirm", map[string]any{"code": code}, nil); st != 200 {
		e.t.Fatalf("confirm %s: %d", user, st)
	}
}

// credentials reads an account's stored credentials.
func (e *env) credentials(user string) *luoshi.Credentials {
	e.t.Helper()
	var c *luoshi.Credentials
	err := e.db.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		c, err = tx.FindCredentials(context.Background(), e.ids[user])
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// TestAdministratorTakeoverRefused: each route by which one administrator took over
// another's account, or made an account of its own choosing with business roles, is
// refused (403) and on the audit trail, and leaves the credentials as they were (三员分立).
func TestAdministratorTakeoverRefused(t *testing.T) {
	e := newEnv(t)
	const hijack = "Hijack-pass-2026"
	e.enrolTOTP("aud")

	t.Run("the system administrator resets another administrator's password", func(t *testing.T) {
		for _, victim := range []string{"sec", "aud"} {
			before := e.credentials(victim)
			var p problem
			path := fmt.Sprintf("/api/v1/users/%d/reset-password", e.ids[victim])
			if st := e.call("admin", "POST", path, map[string]any{"password": hijack}, &p); st != 403 ||
				!strings.Contains(p.Detail, "luoshi admin reset-password") {
				t.Errorf("reset of %s: %d %+v", victim, st, p)
			}
			after := e.credentials(victim)
			if after.PasswordHash != before.PasswordHash || after.MustChangePassword || after.TOTPEnabled != before.TOTPEnabled {
				t.Errorf("the refused reset changed %s's credentials", victim)
			}
			if _, _, st := e.login(victim, hijack); st != 401 {
				t.Errorf("%s logs in with the password the system administrator chose: %d", victim, st)
			}
			if !e.auditHas("access.denied", luoshi.OutcomeDenied, path) {
				t.Errorf("the refused reset of %s is not audited", victim)
			}
		}
		if c := e.credentials("aud"); !c.TOTPEnabled || c.TOTPSecret == "" {
			t.Error("the auditor's second factor is gone")
		}
	})

	t.Run("the security administrator resets the system administrator's password", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/users/%d/reset-password", e.ids["admin"])
		if st := e.call("sec", "POST", path, map[string]any{"password": hijack}, nil); st != 403 {
			t.Errorf("reset: %d", st)
		}
		if !e.auditHas("access.denied", luoshi.OutcomeDenied, "reset-password") {
			t.Error("not audited")
		}
	})

	t.Run("the rule holds for a Go caller of the service", func(t *testing.T) {
		// A Go caller (a page, a tool) meets the same rule as the API.
		admin, _ := e.svc.ActorByUsername(context.Background(), "admin")
		err := e.svc.ResetPassword(context.Background(), admin, e.ids["sec"], hijack)
		if luoshi.ErrorCode(err) != luoshi.EFORBIDDEN {
			t.Errorf("service reset of the security administrator: %v", err)
		}
		// A business account is still the system administrator's to reset.
		if err := e.svc.ResetPassword(context.Background(), admin, e.ids["victim"], hijack); err != nil {
			t.Errorf("reset of a staff account: %v", err)
		}
	})

	t.Run("the security administrator creates an account of its own", func(t *testing.T) {
		var p problem
		st := e.call("sec", "POST", "/api/v1/users", map[string]any{"username": "shadow", "name": "影子",
			"password": "Shadow-pass-2026", "unit_id": e.units["O"], "roles": []string{"supervisor"}}, &p)
		if st != 403 {
			t.Errorf("create: %d %+v", st, p)
		}
		st = e.call("sec", "POST", "/api/v1/users", map[string]any{"username": "shadow", "name": "影子",
			"password": "Shadow-pass-2026", "unit_id": e.units["O"]}, &p)
		if st != 403 {
			t.Errorf("create without roles: %d %+v", st, p)
		}
		if _, _, st := e.login("shadow", "Shadow-pass-2026"); st != 401 {
			t.Errorf("the account exists: login %d", st)
		}
		if !e.auditHas("access.denied", luoshi.OutcomeDenied, "/api/v1/users") {
			t.Error("not audited")
		}
	})

	t.Run("the system administrator creates an account with a role", func(t *testing.T) {
		var p problem
		st := e.call("admin", "POST", "/api/v1/users", map[string]any{"username": "shadow2", "name": "影子",
			"password": "Shadow-pass-2026", "unit_id": e.units["O"], "roles": []string{"supervisor"}}, &p)
		if st != 403 || !strings.Contains(p.Detail, "安全管理员") {
			t.Errorf("create: %d %+v", st, p)
		}
		if _, _, st := e.login("shadow2", "Shadow-pass-2026"); st != 401 {
			t.Errorf("the account exists: login %d", st)
		}
	})

	t.Run("roles take effect only after the first password change", func(t *testing.T) {
		var u struct{ ID int64 }
		if st := e.call("admin", "POST", "/api/v1/users", map[string]any{"username": "newsup", "name": "新督查",
			"password": "First-pass-2026", "unit_id": e.units["O"]}, &u); st != 201 {
			t.Fatalf("create: %d", st)
		}
		if st := e.call("sec", "PUT", fmt.Sprintf("/api/v1/users/%d/roles", u.ID), map[string]any{"roles": []string{"supervisor"}}, nil); st != 200 {
			t.Fatalf("grant: %d", st)
		}
		tok, pending, st := e.login("newsup", "First-pass-2026")
		if st != 200 || pending != luoshi.PendingPasswordChange {
			t.Fatalf("login: %d %q", st, pending)
		}
		a, err := e.svc.Authenticate(context.Background(), tok)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Roles) != 0 {
			t.Errorf("roles in force before the first password change: %v", a.Roles)
		}
		if st := e.do(tok, "GET", "/api/v1/items", nil, nil); st != 403 {
			t.Errorf("items before the change: %d", st)
		}
		if st := e.do(tok, "PUT", "/api/v1/me/password", map[string]any{"old_password": "First-pass-2026", "new_password": "Own-pass-2026x"}, nil); st != 204 {
			t.Fatalf("change: %d", st)
		}
		if st := e.do(tok, "GET", "/api/v1/items", nil, nil); st != 200 {
			t.Errorf("items after the change: %d", st)
		}
	})

	t.Run("recovery is the server's", func(t *testing.T) {
		rec, err := e.svc.RecoverAccount(context.Background(), "aud", "Recover-pass-2026", true, "root@server (uid 0)")
		if err != nil || !rec.SecondFactorRemoved {
			t.Fatalf("recover: %v %+v", err, rec)
		}
		c := e.credentials("aud")
		if c.TOTPEnabled || c.TOTPSecret != "" || !c.MustChangePassword {
			t.Errorf("after the recovery: totp %v, must change %v", c.TOTPEnabled, c.MustChangePassword)
		}
		e.mu.Lock()
		delete(e.tok, "aud")
		e.mu.Unlock()
		if _, pending, st := e.login("aud", "Recover-pass-2026"); st != 200 || pending != luoshi.PendingPasswordChange {
			t.Errorf("login after the recovery: %d %q", st, pending)
		}
		var recs []*luoshi.AuditRecord
		err = e.db.View(context.Background(), func(tx luoshi.Tx) error {
			var err error
			recs, _, err = tx.FindAudit(context.Background(), luoshi.AuditFilter{Action: "account.recover", Limit: 10})
			return err
		})
		if err != nil || len(recs) != 1 || recs[0].Target != "user:aud" || !strings.Contains(recs[0].Detail, "root@server") {
			t.Errorf("the recovery on the audit trail: %v %+v", err, recs)
		}
	})
}

// TestAuditorSeesNoBusinessText: the auditor sees who did what, when, from where, to which
// record, with what outcome — not a report's text, a comment, a decline reason, an
// instruction or an item's title: not in the audit list, not in its export, and not by
// searching the trail for the text. The chain still verifies over what is stored.
func TestAuditorSeesNoBusinessText(t *testing.T) {
	e := newEnv(t)
	secrets := []string{"机密标题甲", "机密退回理由乙", "机密进展丙", "机密困难丁", "机密措施戊", "机密评论己", "机密批示庚"}
	b := e.newItem("important", start.Add(30*24*time.Hour))
	b["title"] = secrets[0]
	declined := e.mustCreate(b)
	e.act("a_ll", declined.ID, "decline", map[string]any{"reason": secrets[1]}, 200)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", it.ID, "accept", nil, 200)
	e.act("a_ll", it.ID, "report", map[string]any{"text": secrets[2], "percent": 40, "problems": secrets[3], "next_steps": secrets[4]}, 200)
	e.act("sup", it.ID, "comment", map[string]any{"text": secrets[5]}, 200)
	e.act("head", it.ID, "instruct", map[string]any{"text": secrets[6]}, 200)

	hasSecret := func(body string) string {
		for _, s := range secrets {
			if strings.Contains(body, s) {
				return s
			}
		}
		return ""
	}
	a := e.send(e.token("aud"), "", "GET", "/api/v1/audit?limit=1000", nil)
	if a.status != 200 {
		t.Fatalf("audit: %d", a.status)
	}
	if s := hasSecret(string(a.body)); s != "" {
		t.Errorf("the audit list shows %q", s)
	}
	var page struct{ Records []luoshi.AuditRecord }
	if err := json.Unmarshal(a.body, &page); err != nil {
		t.Fatal(err)
	}
	var report *luoshi.AuditRecord
	for i, r := range page.Records {
		if r.Action == "item.reported" && strings.HasPrefix(r.Target, fmt.Sprintf("item:%d ", it.ID)) {
			report = &page.Records[i]
		}
	}
	if report == nil {
		t.Fatal("the report is not on the auditor's trail")
	}
	// Who, when, what, which record, with what outcome: all there; the content is named as
	// redacted.
	if report.ActorName != "a_ll" || report.At.IsZero() || report.Outcome != luoshi.OutcomeSuccess || report.Hash == "" {
		t.Errorf("the report's record lacks its facts: %+v", report)
	}
	var detail struct{ Redacted []string }
	if err := json.Unmarshal([]byte(report.Detail), &detail); err != nil ||
		strings.Join(detail.Redacted, ",") != "next_steps,percent,problems,text" {
		t.Errorf("the report's detail: %q (%v)", report.Detail, err)
	}

	exp := e.send(e.token("aud"), "", "GET", "/api/v1/audit/export", nil)
	if exp.status != 200 || !strings.Contains(string(exp.body), "item.reported") {
		t.Fatalf("export: %d", exp.status)
	}
	if s := hasSecret(string(exp.body)); s != "" {
		t.Errorf("the audit export shows %q", s)
	}
	for _, s := range secrets {
		var found struct{ Records []luoshi.AuditRecord }
		e.call("aud", "GET", "/api/v1/audit?q="+s, nil, &found)
		if len(found.Records) != 0 {
			t.Errorf("searching the trail for %q finds %d records", s, len(found.Records))
		}
	}
	var found struct{ Records []luoshi.AuditRecord }
	e.call("aud", "GET", fmt.Sprintf("/api/v1/audit?q=item:%d", it.ID), nil, &found)
	if len(found.Records) == 0 {
		t.Error("a search by record finds nothing")
	}
	var v struct{ OK bool }
	if st := e.call("aud", "GET", "/api/v1/audit/verify", nil, &v); st != 200 || !v.OK {
		t.Errorf("verify: %d %+v", st, v)
	}
}

// TestSecondFactorOnlyOwn: no route sets, resets or removes another account's second
// factor; an account's own routes are under /me, and recovery is the server's command.
func TestSecondFactorOnlyOwn(t *testing.T) {
	n := 0
	for _, rt := range api.Routes {
		_, path, _ := strings.Cut(rt.Pattern, " ")
		if strings.Contains(path, "totp") || strings.Contains(path, "2fa") || strings.Contains(path, "recovery") {
			n++
			if !strings.HasPrefix(path, "/api/v1/me/") && path != "/api/v1/login/2fa" {
				t.Errorf("%s touches a second factor outside the caller's own account", rt.Pattern)
			}
		}
	}
	if n == 0 {
		t.Fatal("no second-factor routes found: the test no longer looks at the right names")
	}
}
