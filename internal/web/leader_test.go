package web_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestLeaderEditForm is a 分工调整 through the leader's page: the list links to it, the form
// shows the leader as they are, a refused form comes back with the message beside its field
// and what was typed, an accepted one changes the leader, and nobody else may.
func TestLeaderEditForm(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	sys := e.actor(t, "admin")
	jtj, cgz := e.actor(t, "jtj_ll").UnitID, e.actor(t, "cgz_ll").UnitID
	name, post, portfolio := "孙建华", "副县长", []int64{jtj}
	created, err := e.svc.CreateLeader(ctx, sys, service.LeaderInput{Name: &name, Post: &post, Portfolio: &portfolio})
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(created.ID, 10)
	current := func() *luoshi.Leader {
		t.Helper()
		l, err := e.svc.GetLeader(ctx, sys, created.ID)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	checkbox := func(unit int64) string { return `value="` + strconv.FormatInt(unit, 10) + `" checked` }

	admin := e.login(t, "admin")
	if status, body := admin.get("/leaders"); status != http.StatusOK || !strings.Contains(body, `href="/leaders/`+id+`"`) {
		t.Errorf("the leaders list does not link to the edit page: %d", status)
	}
	status, body := admin.get("/leaders/" + id)
	if status != http.StatusOK || !strings.Contains(body, `value="孙建华"`) || !strings.Contains(body, checkbox(jtj)) ||
		strings.Contains(body, checkbox(cgz)) || !strings.Contains(body, `action="/leaders/`+id+`"`) {
		t.Errorf("the edit page does not show the leader as they are: %d", status)
	}

	for _, tc := range []struct {
		name  string
		form  url.Values
		errID string
		words string
	}{
		{"without a post", url.Values{"name": {"孙建华改"}, "post": {""}, "rank": {"3"}, "portfolio": {strconv.FormatInt(cgz, 10)}},
			"l-post-err", "请填写职务"},
		{"a rank that is no number", url.Values{"name": {"孙建华改"}, "post": {"常务副县长"}, "rank": {"三"},
			"portfolio": {strconv.FormatInt(cgz, 10)}}, "l-rank-err", "排序须为整数"},
		{"all units and a list", url.Values{"name": {"孙建华改"}, "post": {"常务副县长"}, "rank": {"3"}, "all_units": {"true"},
			"portfolio": {strconv.FormatInt(cgz, 10)}}, "l-portfolio-err", "分管全部单位"},
	} {
		before := current()
		status, body := admin.postBody("/leaders/"+id, tc.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+tc.errID+`"`) || !strings.Contains(body, tc.words) {
			t.Errorf("%s: %d, message %s shown: %v", tc.name, status, tc.errID, strings.Contains(body, tc.errID))
		}
		if !strings.Contains(body, `value="孙建华改"`) || !strings.Contains(body, checkbox(cgz)) || strings.Contains(body, checkbox(jtj)) ||
			!strings.Contains(body, `action="/leaders/`+id+`"`) {
			t.Errorf("%s: the form came back without what was typed", tc.name)
		}
		if after := current(); !reflect.DeepEqual(after, before) {
			t.Errorf("%s: the refused form changed the leader: %+v", tc.name, after)
		}
	}

	status, body = admin.postBody("/leaders/"+id, url.Values{"name": {"孙建华"}, "post": {"常务副县长"}, "rank": {"5"},
		"portfolio": {strconv.FormatInt(cgz, 10)}})
	if status != http.StatusOK || !strings.Contains(body, "已保存") || !strings.Contains(body, "常务副县长") {
		t.Errorf("saving the form: %d", status)
	}
	want := &luoshi.Leader{ID: created.ID, RegionID: sys.RegionID, Name: "孙建华", Post: "常务副县长", Rank: 5, Portfolio: []int64{cgz}}
	if got := current(); !reflect.DeepEqual(got, want) {
		t.Errorf("after saving: %+v, want %+v", got, want)
	}

	// No ticked box is no portfolio; the county head's box stands for all units.
	admin.postBody("/leaders/"+id, url.Values{"name": {"孙建华"}, "post": {"县长"}, "rank": {"5"}, "all_units": {"true"}})
	want.Post, want.AllUnits, want.Portfolio = "县长", true, []int64{}
	if got := current(); !reflect.DeepEqual(got, want) {
		t.Errorf("after unticking every unit: %+v, want %+v", got, want)
	}

	// Without the CSRF token, or by anyone but the system administrator: refused, unchanged.
	res, err := admin.http.PostForm(e.srv.URL+"/leaders/"+id, url.Values{"name": {"伪造"}, "post": {"县长"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a form without the CSRF token: %d", res.StatusCode)
	}
	sup := e.login(t, "duchashi")
	if status, _ := sup.get("/leaders/" + id); status != http.StatusForbidden {
		t.Errorf("the supervision office opened the edit page: %d", status)
	}
	if status, _ := sup.postBody("/leaders/"+id, url.Values{"name": {"伪造"}, "post": {"县长"}}); status != http.StatusForbidden {
		t.Errorf("the supervision office posted the form: %d", status)
	}
	if status, _ := admin.get("/leaders/999999"); status != http.StatusNotFound {
		t.Errorf("a leader that does not exist: %d", status)
	}
	if got := current(); !reflect.DeepEqual(got, want) {
		t.Errorf("refused requests changed the leader: %+v", got)
	}
}
