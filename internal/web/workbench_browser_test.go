package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// workbenchPhoneHeightBefore is how tall the office's workbench was at 375 px on the demo
// county before it put lateness first and folded the rest (issue 14).
const workbenchPhoneHeightBefore = 13875

// TestWorkbenchLateFirst: the office's workbench shows the units with overdue items, worst
// first, above the fold at 1366 × 768, and at 375 px it is less than a third as tall as it was.
func TestWorkbenchLateFirst(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)

	desk := newTab(t, e, 1366, 768, false)
	desk.login("duchashi")
	desk.do(chromedp.WaitVisible(chromedp.CSS("#wb-late")))
	bottom, err := chromedp.Run(desk.ctx, chromedp.Evaluate[float64](`document.querySelector('#wb-late').getBoundingClientRect().bottom + window.scrollY`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the late units end at %.0f px of 768", bottom)
	if bottom > 768 {
		t.Errorf("the units with overdue items end at %.0f px, below the fold of 768 px", bottom)
	}
	// Worst first: each row's overdue count is at least the next one's.
	counts, err := chromedp.Run(desk.ctx, chromedp.Evaluate[[]int](`Array.from(document.querySelectorAll('#wb-late [data-overdue]')).map(el => +el.dataset.overdue)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) == 0 {
		t.Fatal("the demo county's workbench lists no unit with overdue items")
	}
	for i := 1; i < len(counts); i++ {
		if counts[i] > counts[i-1] {
			t.Errorf("the late units are not worst first: %v", counts)
		}
	}
	// The chart draws a bar for each unit listed, on the server: no script, no chart library.
	if bars, err := chromedp.Run(desk.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#wb-late-chart rect.bar-overdue').length - 1`)); err != nil || bars != min(len(counts), 8) {
		t.Errorf("the chart draws %d overdue bars for %d units, the first 8 (%v)", bars, len(counts), err)
	}

	phone := newTab(t, e, 375, 812, true)
	phone.login("duchashi")
	height, err := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the office's workbench at 375 px: %d px tall (was %d)", height, workbenchPhoneHeightBefore)
	if height*3 >= workbenchPhoneHeightBefore {
		t.Errorf("the office's workbench at 375 px is %d px tall, not less than a third of %d", height, workbenchPhoneHeightBefore)
	}
}
