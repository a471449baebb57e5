package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luoshi/internal/service"
)

// demoStocktakes are the demo county's stocktakes as the office sees them, latest first.
func (e *env) demoStocktakes(t *testing.T) []*service.StocktakeView {
	t.Helper()
	list, err := e.svc.Stocktakes(context.Background(), e.actor(t, "duchashi"))
	if err != nil || len(list) < 2 {
		t.Fatalf("demo stocktakes: %v, %d", err, len(list))
	}
	return list
}

// stocktakePages are the pages under 调度会: the list for the office and the county head, the
// latest stocktake (following the first's commitments up) and its print page, the closed
// first one, and the first as the unit its first commitment names sees it.
func stocktakePages(t *testing.T, e *env) []pageCase {
	list := e.demoStocktakes(t)
	second, first := list[0].ID, list[1].ID
	return []pageCase{
		{"stocktakes-office", "duchashi", "/stocktakes"},
		{"stocktakes-head", "xianzhang", "/stocktakes"},
		{"stocktakes-unit", "zjj_ll", "/stocktakes"},
		{"stocktake-open", "duchashi", fmt.Sprintf("/stocktakes/%d", second)},
		{"stocktake-head", "xianzhang", fmt.Sprintf("/stocktakes/%d", second)},
		{"stocktake-closed", "duchashi", fmt.Sprintf("/stocktakes/%d", first)},
		{"stocktake-unit", "zjj_ll", fmt.Sprintf("/stocktakes/%d", first)},
		{"stocktake-print", "duchashi", fmt.Sprintf("/stocktakes/%d/print", second)},
	}
}

var stocktakeLink = regexp.MustCompile(`/stocktakes/(\d+)"`)

// TestStocktakeForms: the office generates a deputy's stocktake from the list's form, records
// a commitment from the form drawn from the spec, is shown a refused one again with its
// message beside the field, and closes the record; a leader is offered only their own.
func TestStocktakeForms(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.close)
	office := e.login(t, "duchashi")
	he := e.actor(t, "fxz_he")
	if st, body := office.get("/stocktakes"); st != 200 || !strings.Contains(body, `id="stocktake-generate"`) {
		t.Fatalf("the list: %d", st)
	}
	res := office.post("/stocktakes", url.Values{"leader_id": {fmt.Sprint(he.LeaderID)}, "date": {time.Now().Format("2006-01-02")}})
	res.Body.Close()
	m := stocktakeLink.FindStringSubmatch(`/stocktakes/` + strings.TrimPrefix(res.Request.URL.Path, "/stocktakes/") + `"`)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("generate: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	path := "/stocktakes/" + m[1]
	_, page := office.get(path)
	for _, want := range []string{`id="form-add-commitment"`, `id="form-close"`, `name="kind"`, `name="unit_id"`, `name="due"`, "红灯事项"} {
		if !strings.Contains(page, want) {
			t.Errorf("the stocktake page lacks %s", want)
		}
	}
	unit := e.actor(t, "gaj_ll").UnitID
	st, body := office.postBody(path+"/add-commitment", url.Values{"kind": {"new_item"}, "text": {"完成辖区治安隐患排查"},
		"unit_id": {fmt.Sprint(unit)}, "due": {time.Now().AddDate(0, 0, -3).Format("2006-01-02")}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "完成时限应晚于现在") {
		t.Errorf("a past date: %d", st)
	}
	if st, body = office.postBody(path+"/add-commitment", url.Values{"kind": {"new_item"}, "text": {"完成辖区治安隐患排查"},
		"unit_id": {fmt.Sprint(unit)}, "due": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}}); st != 200 {
		t.Errorf("a commitment: %d %s", st, regexp.MustCompile(`(?s)<div class="alert"[^>]*>.*?</div>`).FindString(body))
	}
	if _, page = office.get(path); !strings.Contains(page, "完成辖区治安隐患排查") {
		t.Error("the commitment is not on the page")
	}
	res = office.post(path+"/close", url.Values{"summary": {"要求按期完成。"}})
	res.Body.Close()
	if _, page = office.get(path); !strings.Contains(page, "纪要已定稿") || strings.Contains(page, `id="form-add-commitment"`) {
		t.Error("the closed stocktake still offers its forms")
	}
	// A deputy's list offers only their own portfolio.
	wang := e.login(t, "fxz_wang")
	_, page = wang.get("/stocktakes")
	if strings.Count(page, `<option value="`) != 2 || !strings.Contains(page, "王海峰") {
		t.Errorf("the deputy is offered other leaders' stocktakes")
	}
}

// TestStocktakePhone opens the stocktake pages on a 375 px phone as the office: no page is
// wider than the screen, every control has its label, no console error.
func TestStocktakePhone(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	tb := newTab(t, e, 375, 812, true)
	tb.login("duchashi")
	for _, pc := range stocktakePages(t, e) {
		if pc.user != "duchashi" {
			continue
		}
		tb.open(pc.path)
		tb.checkPage()
		tb.shoot(pc.name + "-phone")
		wide, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 375 px (%v)", pc.path, err)
		}
	}
}
