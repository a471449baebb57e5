package web_test

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBulletinPhone: the office, on a 375 px phone, generates a special bulletin, writes
// its foreword and next steps, clears the next steps, numbers and publishes it; a unit's
// liaison then finds it in the list and opens its printable page. No page is wider than
// the screen.
func TestBulletinPhone(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	phone := newTab(t, e, 375, 812, true)
	narrow := func(tb *tab, page string) {
		t.Helper()
		w, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > 375 {
			t.Errorf("%s is %d px wide on a 375 px phone", page, w)
		}
		tb.checkPage()
	}
	phone.login("duchashi")
	phone.do(chromedp.Click(chromedp.CSS("details.menu-toggle summary")))
	phone.click(`details.menu-toggle a[href="/bulletins"]`, "#bulletin-list")
	narrow(phone, "the list")

	// Generate: a special bulletin over the month before last, without a title first.
	loc := e.svc.Location()
	from := e.svc.Now().In(loc).AddDate(0, -2, 0).Format("2006-01-02")
	to := e.svc.Now().In(loc).AddDate(0, -1, 0).Format("2006-01-02")
	phone.do(chromedp.Click(chromedp.CSS("#bulletin-generate summary")),
		chromedp.SetValue(chromedp.CSS("#g-kind"), "special"),
		chromedp.SetValue(chromedp.CSS("#g-from"), from), chromedp.SetValue(chromedp.CSS("#g-to"), to))
	phone.expect("status of 422")
	phone.do(chromedp.Evaluate[chromedp.Void](`window.luoshiStale = true`), chromedp.Click(chromedp.CSS("#generate")))
	phone.waitFor(`!window.luoshiStale && document.readyState === 'complete' && !!document.querySelector('#g-title-err')`)
	const title = "关于民生实事项目推进情况的专项督查通报"
	phone.do(chromedp.SendKeys(chromedp.CSS("#g-title"), title))
	phone.submit("#generate", "已保存")
	if got := phone.text("#bulletin-title"); got != title {
		t.Fatalf("the bulletin is titled %q, want %q", got, title)
	}
	if got := phone.text("#bulletin-state"); got != "草稿" {
		t.Errorf("a new bulletin is %q", got)
	}
	narrow(phone, "the draft")

	// The narrative, written, then the next steps cleared.
	phone.do(chromedp.SetValue(chromedp.CSS("#f-edit-foreword"), "现将民生实事项目推进情况通报如下。"),
		chromedp.SetValue(chromedp.CSS("#f-edit-requirements"), "各单位要倒排工期，确保按期完成。"))
	phone.submit("#do-edit", "已保存")
	if got := phone.text("#bulletin-foreword"); got != "现将民生实事项目推进情况通报如下。" {
		t.Errorf("the foreword shows %q", got)
	}
	if got := phone.text("#bulletin-requirements"); !strings.Contains(got, "倒排工期") {
		t.Errorf("the next steps show %q", got)
	}
	phone.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#f-edit-requirements').value = ''`))
	phone.submit("#do-edit", "已保存")
	if n, _ := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#bulletin-requirements').length`)); n != 0 {
		t.Error("the next steps were not cleared")
	}
	if got := phone.text("#bulletin-foreword"); got == "" {
		t.Error("clearing the next steps cleared the foreword")
	}

	// Numbered (the year is filled in), then published: no action is left.
	year := e.svc.Now().In(loc).AddDate(0, -2, 0).Year()
	phone.do(chromedp.SetValue(chromedp.CSS("#f-number-number"), "97"))
	phone.submit("#do-number", "已保存")
	if got, want := phone.text("#bulletin-number"), fmt.Sprintf("督查通报〔%d〕97号", year); got != want {
		t.Errorf("the number line is %q, want %q", got, want)
	}
	phone.submit("#do-publish", "已保存")
	if got := phone.text("#bulletin-state"); got != "已印发" {
		t.Errorf("after publication the bulletin is %q", got)
	}
	if n, _ := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.querySelectorAll('form.action-form').length`)); n != 0 {
		t.Errorf("%d actions are left on a published bulletin", n)
	}
	narrow(phone, "the published bulletin")
	page, err := chromedp.Run(phone.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	phone.shoot("bulletin-phone")

	// A unit's liaison reads it and its printable page.
	unit := newTab(t, e, 375, 812, true)
	unit.login("fgj_ll")
	unit.open("/bulletins")
	if got := unit.text("#bulletin-list"); !strings.Contains(got, title) {
		t.Fatalf("the unit's list lacks the bulletin:\n%s", got)
	}
	narrow(unit, "the unit's list")
	unit.click(fmt.Sprintf(`#bulletin-list a[href=%q]`, page), "#bulletin-doc")
	if got := unit.text("#bulletin-number"); !strings.Contains(got, "97号") {
		t.Errorf("the unit reads the number line %q", got)
	}
	narrow(unit, "the published bulletin, as a unit reads it")
	unit.click("#print-link", ".print-sheet")
	narrow(unit, "the printable page")
	// Printed from a desktop browser, the page takes the document's paper: A4 (595 × 842 pt).
	printPath, err := chromedp.Run(unit.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	desk := newTab(t, e, 1280, 900, false)
	desk.login("fgj_ll")
	desk.open(printPath)
	ctx, cancel := context.WithTimeout(desk.ctx, 30*time.Second)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	boxes := mediaBox.FindAllSubmatch(pdf, -1)
	if len(boxes) == 0 {
		t.Fatal("the printed page has no pages")
	}
	// The tables print as tables, not as the phone's cards: at least five rows to a page.
	rows, err := chromedp.Run(desk.ctx, chromedp.Evaluate[int](`document.querySelectorAll('.bulletin-doc tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	if len(boxes) > 1+rows/5 {
		t.Errorf("%d table rows print on %d pages", rows, len(boxes))
	}
	for i, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if math.Abs(w-595.3) > 1.5 || math.Abs(h-841.9) > 1.5 {
			t.Errorf("printed page %d is %.1f × %.1f pt, want A4", i+1, w, h)
		}
	}
}

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]`)
