package main

import (
	"regexp"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

var oneTimeRE = regexp.MustCompile(`(?m)^\s+(Ls-[A-Za-z0-9]+)$`)

// TestAdminResetPassword: an administrator's account is recovered by the server's command
// alone. `luoshi admin reset-password` sets a one-time password that must be changed at the
// next login, ends the account's sessions, with --reset-2fa removes its second factor, and
// is on the audit trail — naming the operator — where the region's auditor reads it; the
// old password no longer logs in.
func TestAdminResetPassword(t *testing.T) {
	dir := t.TempDir()
	common := []string{"--db", "sqlite:" + dir + "/l.db", "--key-file", dir + "/k.key"}
	var out strings.Builder
	if err := cmdInit(t.Context(), append(common, "--region-code", "420117", "--region-name", "新洲区"), &out, &out); err != nil {
		t.Fatalf("init: %v\n%s", err, out.String())
	}
	initial := regexp.MustCompile(`(?m)^\s+security\s+secadmin\s+(\S+)$`).FindStringSubmatch(out.String())
	if initial == nil {
		t.Fatalf("no one-time password for security in:\n%s", out.String())
	}
	out.Reset()
	if err := run(t.Context(), append([]string{"admin", "reset-password", "--user", "security", "--reset-2fa"}, common...), &out, &out); err != nil {
		t.Fatalf("reset-password: %v\n%s", err, out.String())
	}
	m := oneTimeRE.FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "security") {
		t.Fatalf("no one-time password in:\n%s", out.String())
	}
	if err := run(t.Context(), append([]string{"admin", "reset-password", "--user", "nobody"}, common...), &out, &out); err == nil {
		t.Error("an unknown account was recovered")
	}

	var cfg Config
	cfg.DB, cfg.KeyFile = "sqlite:"+dir+"/l.db", dir+"/k.key"
	db, svc, err := openService(t.Context(), &cfg, &out)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := svc.Login(t.Context(), "security", initial[1]); err == nil {
		t.Error("the password before the recovery still logs in")
	}
	res, err := svc.Login(t.Context(), "security", m[1])
	if err != nil {
		t.Fatalf("login with the one-time password: %v", err)
	}
	if res.Pending != luoshi.PendingPasswordChange {
		t.Errorf("after a recovery the login owes %q, want a new password", res.Pending)
	}
	a, err := svc.Authenticate(t.Context(), res.Token)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Roles) != 0 {
		t.Errorf("roles in force before the one-time password is changed: %v", a.Roles)
	}
	auditor, err := svc.ActorByUsername(t.Context(), "audit")
	if err != nil {
		t.Fatal(err)
	}
	page, err := svc.SearchAudit(t.Context(), auditor, luoshi.AuditFilter{Action: "account.recover"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range page.Records {
		found = found || (r.Target == "user:security" && r.Outcome == luoshi.OutcomeSuccess &&
			strings.Contains(r.Detail, "双因素") && strings.Contains(r.Detail, "@"))
	}
	if !found {
		t.Errorf("the recovery is not on the auditor's trail with its operator: %+v", page.Records)
	}
}
