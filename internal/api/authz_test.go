package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/luoshi"
)

// pdfBody is a small PDF upload as multipart/form-data.
func pdfBody(name string) rawBody {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	f, _ := w.CreateFormFile("file", name)
	f.Write([]byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
	w.Close()
	return rawBody{ctype: w.FormDataContentType(), data: buf.Bytes()}
}

// TestAuthorizationMatrix walks every route of the router × every role × own unit, other
// unit and other region, and checks the answer against the access table beside the routes
// (Route.Allow and Route.Scope): a role outside Allow gets 403; an item route answers 404 to
// whoever may not see the item (another unit, another region); a region route answers 404
// for another region's unit or user; everything allowed gets neither 401, 403, 404 nor 500.
func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	e.svc.FilesDir = t.TempDir()
	ctx := context.Background()
	// Target item: led by A, co-unit B, in region 1; one parent item led by each unit so a
	// liaison can create a sub-item of its own.
	target := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	parents := map[string]int64{}
	for _, u := range []string{"A", "B", "C"} {
		b := e.newItem("important", start.Add(60*24*time.Hour))
		b["lead_unit_id"], b["co_unit_ids"] = e.units[u], []int64{}
		parents[u] = e.mustCreate(b).ID
	}
	var other item
	if st := e.call("d_sup", "POST", "/api/v1/items", map[string]any{"title": "外县事项", "source": "other", "priority": "routine",
		"lead_unit_id": e.units["D"], "deadline": start.Add(60 * 24 * time.Hour).Format(time.RFC3339), "assign": true,
		"unclassified": true}, &other); st != 201 {
		t.Fatalf("region 2 item: %d", st)
	}
	parents["D"] = other.ID
	sup, _ := e.svc.ActorByUsername(ctx, "sup")
	att, err := e.svc.AddAttachment(ctx, sup, target.ID, "方案.pdf", bytes.NewReader(pdfBody("x").data[0:0]))
	if err == nil || att != nil {
		t.Fatal("an empty upload was accepted")
	}
	var up struct{ ID int64 }
	if st := e.call("sup", "POST", itemPath(target.ID)+"/attachments", pdfBody("方案.pdf"), &up); st != 201 {
		t.Fatalf("upload: %d", st)
	}

	actors := []struct {
		user, unit string
		role       luoshi.Role
		seesItem   bool
		region     int
	}{
		{"sup", "O", luoshi.RoleSupervisor, true, 1}, {"head", "O", luoshi.RoleLeader, true, 1},
		{"deputy", "O", luoshi.RoleLeader, true, 1}, {"a_ll", "A", luoshi.RoleLiaison, true, 1},
		{"a_jb", "A", luoshi.RoleStaff, true, 1}, {"b_ll", "B", luoshi.RoleLiaison, true, 1},
		{"c_ll", "C", luoshi.RoleLiaison, false, 1}, {"admin", "O", luoshi.RoleSysadmin, false, 1},
		{"sec", "O", luoshi.RoleSecadmin, false, 1}, {"aud", "O", luoshi.RoleAuditor, false, 1},
		{"dep", "O", luoshi.RoleDeputy, false, 1}, {"d_sup", "D", luoshi.RoleSupervisor, false, 2},
		{"d_ll", "D", luoshi.RoleLiaison, false, 2}, {"city", "M", luoshi.RoleCity, false, 3},
	}
	n := 0
	for _, rt := range api.Routes {
		if rt.Public {
			continue
		}
		if rt.Allow == nil {
			t.Errorf("route %s has no entry in the access table (Allow)", rt.Pattern)
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		for _, a := range actors {
			n++
			url, body := matrixRequest(e, method, path, a.user, a.unit, target.ID, parents, up.ID, n)
			var p problem
			st := e.call(a.user, method, url, body, &p)
			allowedRole := slices.Contains(rt.Allow, a.role)
			hidden := (rt.Scope == api.ScopeItem && !a.seesItem) || (rt.Scope == api.ScopeRegion && a.region != 1)
			switch {
			case st >= 500:
				t.Errorf("%s as %s: %d %+v", rt.Pattern, a.user, st, p)
			case !allowedRole:
				if st != 403 {
					t.Errorf("%s as %s (%s, not allowed): %d, want 403", rt.Pattern, a.user, a.role, st)
				}
			case hidden:
				if st != 404 {
					t.Errorf("%s as %s (cannot see the target): %d, want 404", rt.Pattern, a.user, st)
				}
			case st == 401 || st == 403 || st == 404:
				t.Errorf("%s as %s (allowed): %d %+v", rt.Pattern, a.user, st, p)
			}
		}
	}
	t.Logf("%d requests over %d routes", n, len(api.Routes))
	// Every refusal for want of authority is on the audit trail.
	if !e.auditHas("access.denied", "denied", "/api/v1/audit") {
		t.Error("route refusals are not audited")
	}
}

// matrixRequest builds a request for a route that the service would carry out for an
// allowed caller, so that any refusal comes from the access rules.
func matrixRequest(e *env, method, path, user, unit string, itemID int64, parents map[string]int64, attID int64, n int) (string, any) {
	id := fmt.Sprint(itemID)
	targetUser := fmt.Sprint(e.ids["victim"])
	targetUnit := fmt.Sprint(e.units["C"])
	if strings.HasPrefix(path, "/api/v1/units/") {
		id = targetUnit
	} else if strings.HasPrefix(path, "/api/v1/users/") {
		id = targetUser
	} else if strings.HasPrefix(path, "/api/v1/leaders/") {
		deputy, err := e.svc.ActorByUsername(context.Background(), "deputy")
		if err != nil {
			e.t.Fatal(err)
		}
		id = fmt.Sprint(deputy.LeaderID)
	} else if strings.HasPrefix(path, "/api/v1/me/sessions/") {
		a, err := e.svc.ActorByUsername(context.Background(), user)
		if err != nil {
			e.t.Fatal(err)
		}
		tok, err := e.svc.CreateAPIToken(context.Background(), a, "待撤销", 1)
		if err != nil {
			e.t.Fatal(err)
		}
		id = fmt.Sprint(tok.Session.ID)
	}
	tid, tbody, isTarget := matrixTarget(e, method, path, user, unit, n)
	if pid, pbody, isProposal := matrixProposal(e, method, path, user, unit, n); isProposal {
		tid, tbody, isTarget = pid, pbody, true
	}
	action := "comment"
	if mid, mbody, isMeeting := matrixMeeting(e, method, path, unit); isMeeting {
		tid, tbody, isTarget = mid, mbody, true
	}
	if pid, pbody, isPractice := matrixPractice(e, method, path, unit, n); isPractice {
		tid, tbody, isTarget = pid, pbody, true
	}
	if sid, sbody, isStocktake := matrixStocktake(e, method, path, user, unit, n); isStocktake {
		tid, tbody, isTarget = sid, sbody, true
	}
	if bid, bbody, bact, isBulletin := matrixBulletin(e, method, path, unit, n); isBulletin {
		tid, tbody, isTarget = bid, bbody, true
		if bact != "" {
			action = bact
		}
	}
	if isTarget && tid != "" {
		id = tid
	}
	url := strings.NewReplacer("{id}", id, "{action}", action, "{aid}", fmt.Sprint(attID), "{date}", "2026-12-31").Replace(path)
	var body any
	switch method + " " + path {
	case "POST /api/v1/login/2fa":
		body = map[string]any{"code": "000000"}
	case "PUT /api/v1/me/password":
		body = map[string]any{"old_password": testPassword, "new_password": testPassword}
	case "DELETE /api/v1/me/totp", "POST /api/v1/me/totp/confirm":
		body = map[string]any{"code": "000000"}
	case "POST /api/v1/me/tokens":
		body = map[string]any{"name": "矩阵", "days": 1}
	case "POST /api/v1/units":
		body = map[string]any{"name": fmt.Sprintf("矩阵单位%d", n)}
	case "PATCH /api/v1/units/{id}":
		body = map[string]any{"kind": "department"}
	case "POST /api/v1/leaders":
		body = map[string]any{"name": fmt.Sprintf("矩阵领导%d", n), "post": "副县长"}
	case "PATCH /api/v1/leaders/{id}":
		body = map[string]any{"post": "副县长"} // as it was: the deputy's portfolio stays A
	case "POST /api/v1/users":
		body = map[string]any{"username": fmt.Sprintf("matrix%d", n), "name": "矩阵", "password": "Matrix-pass-1", "unit_id": e.units["C"]}
	case "PUT /api/v1/users/{id}/roles":
		body = map[string]any{"roles": []string{"staff"}}
	case "POST /api/v1/users/{id}/reset-password":
		body = map[string]any{"password": "Reset-pass-2026"}
	case "PUT /api/v1/users/{id}/contact":
		body = map[string]any{"phone": "13912345678"}
	case "PUT /api/v1/security/policy":
		p := luoshi.DefaultSecurityPolicy()
		p.MFARequiredRoles = []luoshi.Role{}
		body = p
	case "POST /api/v1/items":
		b := e.newItem("important", start.Add(20*24*time.Hour))
		if user != "sup" && user != "d_sup" {
			b["parent_id"], b["lead_unit_id"], b["co_unit_ids"] = parents[unit], e.units[unit], []int64{}
		}
		if unit == "D" {
			b["lead_unit_id"], b["co_unit_ids"] = e.units["D"], []int64{}
		}
		body = b
	case "POST /api/v1/items/{id}/{action}":
		body = map[string]any{"text": "矩阵测试意见"}
	case "POST /api/v1/items/{id}/attachments":
		body = pdfBody("说明.pdf")
	case "PUT /api/v1/calendar/{date}":
		body = map[string]any{"kind": "holiday", "name": "矩阵"}
	case "POST /api/v1/calendar/import":
		body = rawBody{ctype: "text/csv", data: []byte("date,kind,name\n2027-01-01,holiday,元旦\n")}
	}
	if isTarget && tbody != nil {
		body = tbody
	}
	if path == "/api/v1/me/password" {
		// A wrong old password: 422 for everyone allowed, nothing changes.
		body = map[string]any{"old_password": "not-it", "new_password": "Whatever-1"}
	}
	return url, body
}
