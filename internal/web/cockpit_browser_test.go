package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luoshi/internal/luoshi"
)

// chartsDrawn counts the cockpit's charts that ECharts drew: an instance with a series and a
// canvas with pixels that are not blank.
const chartsDrawn = `Array.from(document.querySelectorAll('.chart[data-chart]')).filter(el => {
	const inst = window.echarts && echarts.getInstanceByDom(el);
	if (!inst || !(inst.getOption().series || []).length) return false;
	const c = el.querySelector('canvas');
	if (!c || !c.width || !c.height) return false;
	const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
	for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
	return false;
}).length`

// TestCockpitPhone (acceptance 3): the county head's cockpit at 375 px shows the county's
// figures, as the service computes them, with no sideways scrolling and every chart drawn;
// the big screen fills 1920 × 1080 on a dark page. With LUOSHI_SCREENSHOTS=1 it saves
// docs/screenshots/cockpit.png (the whole phone page).
func TestCockpitPhone(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	c, err := e.svc.Cockpit(context.Background(), e.actor(t, "xianzhang"), 0)
	if err != nil {
		t.Fatal(err)
	}
	phone := newTab(t, e, 375, 812, true)
	phone.login("xianzhang")
	phone.click("#wb-cockpit", ".ck-grid")
	phone.checkPage()
	phone.waitFor(chartsDrawn + ` === document.querySelectorAll('.chart[data-chart]').length`)
	charts, err := chromedp.Run(phone.ctx, chromedp.Evaluate[int](chartsDrawn))
	if err != nil || charts < 4 {
		t.Errorf("%d charts drawn, want 4 or more (%v)", charts, err)
	}
	wide, err := chromedp.Run(phone.ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil || wide[0] > wide[1] {
		t.Errorf("the cockpit at 375 px is %v wide (document, viewport): it scrolls sideways (%v)", wide, err)
	}
	// The county's figures, as the service has them.
	figs, err := chromedp.Run(phone.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#ck-open ~ .ck-figs b, #ck-sched ~ .ck-figs b')).map(b => b.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range []luoshi.Light{luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen} {
		want = append(want, strconv.Itoa(c.Counts.Lights[l]))
	}
	for _, st := range luoshi.ScheduleStatuses {
		want = append(want, strconv.Itoa(c.Counts.Schedule[st]))
	}
	if len(figs) != len(want) {
		t.Fatalf("the page shows figures %v, the service %v", figs, want)
	}
	for i := range want {
		if figs[i] != want[i] {
			t.Errorf("the page shows figures %v, the service %v", figs, want)
			break
		}
	}
	if c.Counts.Lights[luoshi.LightRed] == 0 || c.Due == 0 {
		t.Errorf("the demo county's cockpit is empty: %+v", c.Counts)
	}
	rate := phone.text("#ck-on-time-rate")
	if want := strconv.FormatFloat(c.OnTimeRate(), 'f', 1, 64) + "%"; rate != want {
		t.Errorf("on-time rate %q, want %q", rate, want)
	}
	if os.Getenv("LUOSHI_SCREENSHOTS") == "1" {
		ctx, cancel := context.WithTimeout(phone.ctx, 30*time.Second)
		defer cancel()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "screenshots", "cockpit.png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	wall := newTab(t, e, 1920, 1080, false)
	wall.login("duchashi")
	wall.open("/cockpit?screen=big")
	wall.waitFor(chartsDrawn + ` === document.querySelectorAll('.chart[data-chart]').length`)
	dark, err := chromedp.Run(wall.ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil || dark != "rgb(11, 23, 36)" {
		t.Errorf("the big screen's background is %q, not dark (%v)", dark, err)
	}
	refresh, err := chromedp.Run(wall.ctx, chromedp.Evaluate[string](`(document.querySelector('meta[http-equiv=refresh]') || {}).content || ''`))
	if err != nil || refresh != "60" {
		t.Errorf("the big screen refreshes every %q seconds, want 60 (%v)", refresh, err)
	}
	size, err := chromedp.Run(wall.ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth,
		document.querySelector('.cockpit.big').offsetWidth, document.documentElement.scrollHeight]`))
	if err != nil || size[0] > 1920 || size[1] != 1920 || size[2] > 1080 {
		t.Errorf("the big screen is %v (document's width, cockpit's width, document's height), want 1920 wide and "+
			"at most 1080 tall: one screen (%v)", size, err)
	}
}
