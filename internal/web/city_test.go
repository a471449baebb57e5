package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// cityAbove puts the demo county under a new city and gives the city a read-only account,
// shiducha (市政府督查室), with the demo password.
func cityAbove(t *testing.T, e *env) (county *luoshi.Region) {
	t.Helper()
	ctx := context.Background()
	regions, err := e.svc.ListRegions(ctx, e.actor(t, "duchashi"))
	if err != nil || len(regions) != 1 {
		t.Fatalf("the demo's regions: %v %v", regions, err)
	}
	county = regions[0]
	hash, err := e.svc.Hasher.Hash(demoPassword)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	err = e.db.Update(ctx, func(tx luoshi.Tx) error {
		city := &luoshi.Region{Code: "429900", Name: "示例市", TZ: "Asia/Shanghai", CreatedAt: now}
		if err := tx.CreateRegion(ctx, city); err != nil {
			return err
		}
		unit := &luoshi.Unit{RegionID: city.ID, Name: "市政府督查室", Kind: "department", CreatedAt: now}
		if err := tx.CreateUnit(ctx, unit); err != nil {
			return err
		}
		return tx.CreateUser(ctx, &luoshi.User{RegionID: city.ID, UnitID: unit.ID, Username: "shiducha", Name: "市督查室",
			PasswordHash: hash, Roles: []luoshi.Role{luoshi.RoleCity}, CreatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SetRegionParent(ctx, county.Code, "429900"); err != nil {
		t.Fatal(err)
	}
	return county
}

// TestCityPages: a city account's workbench lists the counties below with the county
// supervision office's own totals; it reads a county's items and an item's page with the
// county's unit names and no action; a region it does not read is not found; it cannot act.
func TestCityPages(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	county := cityAbove(t, e)
	ctx := context.Background()
	stats, err := e.svc.UnitStats(ctx, e.actor(t, "duchashi"))
	if err != nil {
		t.Fatal(err)
	}
	var open, red int
	for _, s := range stats {
		open, red = open+s.Open, red+s.Red
	}
	if open == 0 || red == 0 {
		t.Fatalf("the demo county has %d open and %d red items", open, red)
	}

	c := e.login(t, "shiducha")
	st, body := c.get("/")
	if st != 200 || !strings.Contains(body, "下辖县（市、区）督办情况") || !strings.Contains(body, county.Name) {
		t.Fatalf("the city's workbench: %d\n%s", st, body)
	}
	for _, want := range []string{
		fmt.Sprintf(`<a href="/items?region_id=%d">%s</a>`, county.ID, county.Name),
		fmt.Sprintf(`class="num">%d</td>`, open),
		fmt.Sprintf(`light=red&amp;sort=deadline">%d</a>`, red),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the city's workbench lacks %s", want)
		}
	}

	// The list: without region_id, the first county; its unit names; the county chooser.
	sup := e.actor(t, "duchashi")
	// The list opens on the items in hand, the most urgent and late first (issue 14).
	page, err := e.svc.SearchItems(ctx, sup, luoshi.ItemFilter{}, service.SortUrgent, 0, 1, service.InHandStates...)
	if err != nil || len(page.Items) == 0 {
		t.Fatal(err)
	}
	newest := page.Items[0]
	units, _ := e.svc.ListUnits(ctx, sup)
	lead := ""
	for _, u := range units {
		if u.ID == newest.LeadUnitID {
			lead = u.Name
		}
	}
	for _, path := range []string{"/items", fmt.Sprintf("/items?region_id=%d", county.ID)} {
		st, body := c.get(path)
		if st != 200 {
			t.Fatalf("GET %s as the city: %d", path, st)
		}
		for _, want := range []string{newest.Title, lead, `name="region_id"`, "只读"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s as the city lacks %q", path, want)
			}
		}
	}
	st, body = c.get(fmt.Sprintf("/items?region_id=%d&light=red", county.ID))
	if st != 200 || !strings.Contains(body, fmt.Sprintf("共 %d 项", red)) {
		t.Errorf("the county's red items as the city: %d, want %d listed", st, red)
	}

	// The item's page: read-only, named in the county's terms, back to the county's list.
	st, body = c.get(fmt.Sprintf("/items/%d", newest.ID))
	if st != 200 || !strings.Contains(body, newest.Title) || !strings.Contains(body, lead) {
		t.Fatalf("the item as the city: %d", st)
	}
	if strings.Contains(body, `action="/items/`) {
		t.Error("the city is offered a form on a county's item")
	}
	if !strings.Contains(body, fmt.Sprintf(`href="/items?region_id=%d"`, county.ID)) {
		t.Error("the item's page does not lead back to the county's list")
	}

	// The city's pages in Chinese, like the county's (TestPagesInChinese).
	for _, path := range []string{"/", fmt.Sprintf("/items?region_id=%d", county.ID), fmt.Sprintf("/items/%d", newest.ID),
		fmt.Sprintf("/ranking?region_id=%d", county.ID), fmt.Sprintf("/indicators?region_id=%d", county.ID), "/account"} {
		st, body := c.get(path)
		if words := strayEnglish(body); st != 200 || len(words) > 0 {
			t.Errorf("%s as the city: %d, English on a Chinese page: %q", path, st, words)
		}
	}

	// Not found: a region that is not below; refused: acting, creating.
	if st, _ := c.get("/items?region_id=999999"); st != 404 {
		t.Errorf("a region not below the city: %d, want 404", st)
	}
	if st, _ := c.get("/items/new"); st != 403 {
		t.Errorf("the new-item form as the city: %d, want 403", st)
	}
	if st, _ := c.postBody(fmt.Sprintf("/items/%d/comment", newest.ID), url.Values{"text": {"市级意见"}}); st != 403 && st != 404 {
		t.Errorf("commenting as the city: %d, want 403", st)
	}
	after, err := e.svc.GetItem(ctx, sup, newest.ID)
	if err != nil || after.Version != newest.Version {
		t.Errorf("the item changed under the city's attempts: %v", err)
	}

	// The county's ranking, its peer comparison and a letter: read, in the county's terms.
	board, err := e.svc.Scores(ctx, sup, time.Now().Year(), time.Time{})
	if err != nil || len(board.Groups) == 0 || len(board.Groups[0].Scores) == 0 {
		t.Fatalf("the demo county's ranking: %v %+v", err, board)
	}
	top := board.Groups[0].Scores[0]
	st, body = c.get(fmt.Sprintf("/ranking?year=%d", board.Year))
	if st != 200 || !strings.Contains(body, top.UnitName) || !strings.Contains(body, `name="region_id"`) {
		t.Errorf("the county's ranking as the city: %d, want %s listed and the chooser", st, top.UnitName)
	}
	if top.LetterID != 0 {
		st, body := c.get(fmt.Sprintf("/targets/letters/%d", top.LetterID))
		if st != 200 || !strings.Contains(body, top.UnitName) || strings.Contains(body, `action="/targets/letters/`) {
			t.Errorf("a county's letter as the city: %d, or it offers a form", st)
		}
	}
	inds, err := e.svc.KeyIndicators(ctx, sup, time.Now().Year())
	if err != nil || len(inds) == 0 {
		t.Fatalf("the demo county's key indicators: %v", err)
	}
	if st, body := c.get("/indicators"); st != 200 || !strings.Contains(body, inds[0].Name) {
		t.Errorf("the county's key indicators as the city: %d, want %s", st, inds[0].Name)
	}
	cm, err := e.svc.CollaborationMetrics(ctx, sup, 0, time.Now().Year())
	if err != nil || len(cm.Units) == 0 {
		t.Fatalf("the demo county's collaboration figures: %v", err)
	}
	if st, body := c.get("/collaboration"); st != 200 || !strings.Contains(body, cm.Units[0].UnitName) || !strings.Contains(body, `name="region_id"`) {
		t.Errorf("the county's collaboration figures as the city: %d, want %s and the chooser", st, cm.Units[0].UnitName)
	}
	if st, _ := c.get("/targets"); st != 403 {
		t.Errorf("the letters board as the city: %d, want 403 (it writes)", st)
	}

	// A county account is not offered the chooser and does not see another region through it.
	cs := e.login(t, "duchashi")
	if _, body := cs.get("/items"); strings.Contains(body, `name="region_id"`) {
		t.Error("a county account is offered the county chooser")
	}
	if st, _ := e.login(t, "jtj_ll").get("/"); st != 200 {
		t.Errorf("a liaison's workbench with a city above: %d", st)
	}
}
