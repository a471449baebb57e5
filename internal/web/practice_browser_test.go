package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPracticeItemPickerBrowser: on the practice form a filter above the list of the
// region's open items keeps in view the items whose number and title hold every word typed
// and those already picked; Enter in it sends nothing; an item picked after filtering is
// saved as adopting the practice.
func TestPracticeItemPickerBrowser(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	tab := newTab(t, e, 1366, 900, false)
	tab.login("zjj_ll")
	tab.open("/practices/new")
	tab.do(chromedp.WaitVisible(chromedp.CSS("#item_pick-filter")))
	tab.checkPage()
	shown := func() []string {
		t.Helper()
		s, err := chromedp.Run(tab.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#item_pick option')).filter(o => !o.hidden).map(o => o.value + ' ' + o.text)`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	noneShown := func() bool {
		t.Helper()
		h, err := chromedp.Run(tab.ctx, chromedp.Evaluate[bool](`document.getElementById('item_pick-none').hidden`))
		if err != nil {
			t.Fatal(err)
		}
		return !h
	}
	all := shown()
	if len(all) < 20 {
		t.Fatalf("the demo county's practice form lists %d open items; the filter wants a long list", len(all))
	}
	// The last item: its number, the first word of its label.
	value, label, _ := strings.Cut(all[len(all)-1], " ")
	code := strings.Fields(label)[0]
	tab.do(chromedp.SendKeys(chromedp.CSS("#item_pick-filter"), strings.ToLower(code)))
	got := shown()
	if len(got) == 0 || len(got) >= len(all) {
		t.Fatalf("filtered by %q the list shows %d of %d items", code, len(got), len(all))
	}
	for _, o := range got {
		if !strings.Contains(o, code) {
			t.Errorf("filtered by %q the list shows %q", code, o)
		}
	}
	if noneShown() {
		t.Error("'no item matches' is shown while items match")
	}
	tab.do(chromedp.Click(chromedp.CSS(`#item_pick option[value="` + value + `"]`)))
	// Words no item holds: nothing matches, and the item picked stays in view, picked.
	tab.do(chromedp.SendKeys(chromedp.CSS("#item_pick-filter"), " qqzzxx\r"))
	if loc, _ := chromedp.Run(tab.ctx, chromedp.Location()); !strings.HasSuffix(loc, "/practices/new") {
		t.Fatalf("Enter in the filter left the form for %s", loc)
	}
	if got := shown(); len(got) != 1 || !strings.HasPrefix(got[0], value+" ") {
		t.Errorf("with words no item holds the list shows %q, want only the item picked", got)
	}
	if !noneShown() {
		t.Error("'no item matches' is not shown when no item matches")
	}
	tab.do(chromedp.SendKeys(chromedp.CSS("#place"), "浙江省安吉县"),
		chromedp.SendKeys(chromedp.CSS("#p-title"), "巡河问题随手拍"),
		chromedp.SendKeys(chromedp.CSS("#what"), "巡河记录上图，问题随手拍、限时办"))
	tab.submit(`#practice-form button[type=submit]`, "已保存")
	if adopted := tab.text("#adopted"); !strings.Contains(adopted, label) {
		t.Errorf("the saved practice lists %q, not the item picked %q", adopted, label)
	}
}
