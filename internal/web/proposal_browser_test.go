package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"luoshi/internal/demo"
)

// TestDeputyPhone is the fifth acceptance test: a deputy on a 375 px phone finds a
// proposal of theirs among their own (and only their own), reads the reply letter, confirms
// the unit's contact and evaluates the reply; no page is wider than the screen.
func TestDeputyPhone(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	const deputy, title = "daibiao3", "关于改善南湖镇农村道路的建议"
	own := 0
	for _, p := range demo.Proposals {
		if slices.Contains(p.Proposers, deputy) {
			own++
		}
	}

	phone := newTab(t, e, 375, 812, true)
	phone.login(deputy)
	narrow := func(page string) {
		t.Helper()
		w, err := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > 375 {
			t.Errorf("%s is %d px wide on a 375 px phone", page, w)
		}
	}
	// The menu leads to the deputy's own proposals, and to nothing of the county's items.
	phone.do(chromedp.Click(chromedp.CSS("details.menu-toggle summary")))
	phone.click(`details.menu-toggle a[href="/proposals"]`, "#proposal-list")
	if got := phone.text("main.content p.note"); got != fmt.Sprintf("共 %d 件", own) {
		t.Errorf("the deputy's list says %q, want their %d proposals", got, own)
	}
	links, err := chromedp.Run(phone.ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('nav.wide a, details.menu-toggle a')).map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(links, "/items") {
		t.Errorf("a deputy is offered the county's items: %v", links)
	}
	narrow("the list")
	phone.checkPage()

	// Found by a word of its title.
	phone.do(chromedp.SendKeys(chromedp.CSS("#p-q"), "南湖镇"), chromedp.Submit(chromedp.CSS("#p-q")))
	phone.waitFor(`document.querySelectorAll('#proposal-list li').length === 1`)
	phone.click(`#proposal-list a.proposal-title`, "#proposal-title")
	if got := phone.text("#proposal-title"); got != title {
		t.Fatalf("opened %q, want %q", got, title)
	}
	narrow("the proposal")
	phone.checkPage()

	// The reply letter, as a page.
	page, err := chromedp.Run(phone.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	phone.click("#letter-1", "#letter")
	letter := phone.text("#letter")
	for _, want := range []string{"对" + demo.NPCSession, "孙德胜代表：", "收悉", "答复类别：A类"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the letter lacks %q:\n%s", want, letter)
		}
	}
	narrow("the letter")
	phone.open(page)

	// The deputy confirms the contact the lead unit recorded.
	if got := phone.text("li.contact"); !strings.Contains(got, "待提出人确认") {
		t.Errorf("the unconfirmed contact shows %q", got)
	}
	phone.submit(`#form-confirm-contact button[type=submit]`, "已保存")
	if got := phone.text("li.contact"); !strings.Contains(got, "提出人已确认") {
		t.Errorf("the confirmed contact shows %q", got)
	}
	if n, _ := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#form-confirm-contact').length`)); n != 0 {
		t.Error("the contact can be confirmed a second time")
	}

	// The evaluation, by the deputy in person.
	phone.do(chromedp.SetValue(chromedp.CSS("#f-evaluate-verdict"), "satisfied"),
		chromedp.SendKeys(chromedp.CSS("#f-evaluate-comment"), "路已修好，满意。"))
	phone.submit(`#form-evaluate button[type=submit]`, "已保存")
	if got := phone.text("#proposal-state"); got != "已办结" {
		t.Errorf("after the evaluation the proposal is %q, want 已办结", got)
	}
	if got := phone.text("#reply-1 .verdict"); !strings.Contains(got, "满意") {
		t.Errorf("the verdict shows %q", got)
	}
	if n, _ := chromedp.Run(phone.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#form-evaluate').length`)); n != 0 {
		t.Error("the reply can be evaluated a second time")
	}
	narrow("the evaluated proposal")
}
