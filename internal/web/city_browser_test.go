package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCityPages opens what a city account reads, at phone width and on a desktop:
// the counties' table, a county's list, an item, the ranking and the peer comparison — no
// console error, a label on every control, nothing wider than a phone.
func TestBrowserCityPages(t *testing.T) {
	needBrowser(t)
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	county := cityAbove(t, e)
	it := e.itemOf(t, "jtj", "in_progress")
	for _, size := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"desktop", 1280, 900, false}, {"phone", 375, 812, true}} {
		tb := newTab(t, e, size.width, size.height, size.phone)
		tb.login("shiducha")
		tb.do(chromedp.WaitVisible(chromedp.CSS("#h-counties")))
		if txt := tb.text("#h-counties"); !strings.Contains(txt, "下辖县") {
			t.Errorf("the city's workbench heading: %q", txt)
		}
		tb.shoot("city-workbench-" + size.name)
		for _, path := range []string{"/", fmt.Sprintf("/items?region_id=%d", county.ID), fmt.Sprintf("/items/%d", it.ID),
			"/ranking", "/indicators", "/collaboration"} {
			tb.open(path)
			if h := tb.text("h1"); h == "" || strings.Contains(h, "页面不存在") || strings.Contains(h, "无权") {
				t.Errorf("%s as the city (%s): %q", path, size.name, h)
			}
			tb.checkPage()
			if size.phone {
				wide, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
				if err != nil || wide {
					t.Errorf("%s as the city scrolls sideways at 375 px (%v)", path, err)
				}
			}
		}
	}
}
