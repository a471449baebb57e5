package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// countItems counts the items the supervision office sees, to prove a refused form saved
// nothing.
func (e *env) countItems(t *testing.T) int {
	t.Helper()
	res, err := e.svc.SearchItems(context.Background(), e.actor(t, "duchashi"), luoshi.ItemFilter{}, service.SortNewest, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// countEvents counts an item's events.
func (e *env) countEvents(t *testing.T, id int64) int {
	t.Helper()
	evs, err := e.svc.Events(context.Background(), e.actor(t, "duchashi"), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func dateIn(days int) string {
	loc, _ := time.LoadLocation(service.DefaultTZ)
	return time.Now().In(loc).AddDate(0, 0, days).Format("2006-01-02")
}

// setDate picks a date in a date control as a date picker does, firing its change event.
func setDate(sel, date string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(chromedp.SetValue(chromedp.CSS(sel), date),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).dispatchEvent(new Event('change', {bubbles: true}))`, sel)))
}

// void runs an action for its effect, dropping its value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := a(ctx, t)
		return err
	})
}

// openAction opens an action's form on the detail page.
func (tb *tab) openAction(action string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS("#act-"+action+" > summary")), chromedp.WaitVisible(chromedp.CSS("#do-"+action)))
}

// TestBrowserLifecycle walks an item through its whole life by clicking and typing: the
// supervision office creates and assigns it, the lead unit's liaison accepts it, reports
// (first with a mistake the form points out), requests completion, and the office approves.
func TestBrowserLifecycle(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	lead := e.actor(t, "jtj_ll")
	title := "城区主干道路面提升改造（浏览器测试 " + strconv.FormatInt(time.Now().UnixNano()%100000, 10) + "）"

	sup := newTab(t, e, 1280, 900, false)
	sup.login("duchashi")
	sup.click(`nav.wide a[href="/items/new"]`, "#f-title")
	sup.checkPage()
	sup.do(chromedp.SendKeys(chromedp.CSS("#f-title"), title),
		chromedp.SendKeys(chromedp.CSS("#f-content"), "对人民路、解放路破损路面进行铣刨重铺，完善标线和无障碍设施。"),
		chromedp.SetValue(chromedp.CSS("#f-source"), "meeting_decision"),
		chromedp.SendKeys(chromedp.CSS("#f-source-ref"), "县政府常务会议纪要〔2026〕12号"),
		chromedp.SetValue(chromedp.CSS("#f-priority"), "important"),
		chromedp.SetValue(chromedp.CSS("#f-lead"), strconv.FormatInt(lead.UnitID, 10)),
		setDate("#f-deadline", dateIn(45)+"T17:00"),
		// The deadline picker asks the server (htmx) how many working days are left.
		void(chromedp.Poll[bool](`document.querySelector('#deadline-hint').innerText.includes('个工作日')`,
			chromedp.WithPollingTimeout(10*time.Second))),
		chromedp.Click(chromedp.CSS("#f-unclassified")),
	)
	if hint := sup.text("#deadline-hint"); !strings.Contains(hint, "剩余") || !strings.Contains(hint, "个工作日") {
		t.Errorf("deadline hint %q does not tell the working days left", hint)
	}
	sup.submit("#create-item", "草稿")
	itemURL, _ := chromedp.Run(sup.ctx, chromedp.Location())
	id, _ := strconv.ParseInt(itemURL[strings.LastIndex(itemURL, "/")+1:], 10, 64)
	if id == 0 {
		t.Fatalf("no item id in %s", itemURL)
	}
	sup.openAction("assign")
	sup.submit("#do-assign", "已交办")
	if s := sup.text("#item-state"); s != "已交办待签收" {
		t.Fatalf("after assigning the state is %q", s)
	}

	ll := newTab(t, e, 375, 812, true)
	ll.login("jtj_ll")
	ll.click(fmt.Sprintf(`[id="wb.to_accept"] a[href="/items/%d"]`, id), "#act-accept")
	ll.checkPage()
	ll.openAction("accept")
	ll.submit("#do-accept", "已签收")
	if s := ll.text("#item-state"); s != "办理中" {
		t.Fatalf("after accepting the state is %q", s)
	}

	// A report without its text and with 150% comes back with the messages beside the fields.
	before := e.countEvents(t, id)
	ll.openAction("report")
	ll.do(chromedp.SendKeys(chromedp.CSS("#report-percent"), "150"))
	ll.expect("status of 422")
	ll.click("#do-report", "#report-text-err")
	if msg := ll.text("#report-percent-err"); !strings.Contains(msg, "0 到 100") {
		t.Errorf("percent message %q", msg)
	}
	assertBeside(t, ll, "#report-text", "#report-text-err")
	if n := e.countEvents(t, id); n != before {
		t.Fatalf("a refused report was saved: %d events, were %d", n, before)
	}
	ll.do(chromedp.Clear(chromedp.CSS("#report-percent")),
		chromedp.SendKeys(chromedp.CSS("#report-percent"), "40"),
		chromedp.SendKeys(chromedp.CSS("#report-text"), "人民路段已完成铣刨 3.2 公里，解放路段进场施工。"),
		chromedp.SendKeys(chromedp.CSS("#report-problems"), "夜间施工审批较慢。"),
		chromedp.SendKeys(chromedp.CSS("#report-next_steps"), "已与交警部门协调分时段施工。"))
	ll.submit("#do-report", "进展已报送")
	if tl := ll.text("#timeline"); !strings.Contains(tl, "铣刨 3.2 公里") || !strings.Contains(tl, "完成进度 40%") {
		t.Errorf("the timeline does not show the report:\n%s", tl)
	}
	ll.openAction("request-completion")
	ll.do(chromedp.SendKeys(chromedp.CSS("#request-completion-summary"), "两条道路全部完工并通过验收，标线和无障碍坡道同步完成。"))
	ll.submit("#do-request-completion", "办结申请已提交")
	if s := ll.text("#item-state"); s != "申请办结" {
		t.Fatalf("after requesting completion the state is %q", s)
	}

	// The office sees the request waiting on its workbench, and finds the item by typing its
	// title into the list's search, which htmx updates in place.
	sup.click(`nav.wide a[href="/"]`, `[id="wb.approvals"]`)
	sup.click(`nav.wide a[href="/items"]`, "#f-q")
	sup.do(chromedp.SendKeys(chromedp.CSS("#f-q"), title+"\r"))
	sup.waitFor(fmt.Sprintf(`!!document.querySelector('#results a[href="/items/%d"]') &&
		document.querySelectorAll('#results tbody tr').length === 1`, id))
	if loc, _ := chromedp.Run(sup.ctx, chromedp.Location()); !strings.Contains(loc, "q=") {
		t.Errorf("the search did not update the address: %s", loc)
	}
	sup.click(fmt.Sprintf(`#results a[href="/items/%d"]`, id), "#act-approve-completion")
	sup.openAction("approve-completion")
	// Reported at 40 %: the form asks the office to confirm, and refuses without it.
	if ask := sup.text("#approve-low"); !strings.Contains(ask, "40%") {
		t.Errorf("the approval form does not ask about the 40 %% reported: %q", ask)
	}
	sup.do(chromedp.SendKeys(chromedp.CSS("#approve-completion-text"), "同意办结。"))
	sup.expect("status of 422")
	sup.click("#do-approve-completion", "#approve-completion-confirm-err")
	if msg := sup.text("#approve-completion-confirm-err"); !strings.Contains(msg, "请勾选确认") {
		t.Errorf("approving at 40 %% without confirmation: %q", msg)
	}
	if s := sup.text("#item-state"); s != "申请办结" {
		t.Fatalf("a refused approval changed the state to %q", s)
	}
	sup.do(chromedp.Click(chromedp.CSS("#approve-completion-confirm")))
	sup.submit("#do-approve-completion", "已审核办结")
	if tl := sup.text("#timeline"); !strings.Contains(tl, "督查室已确认：在完成进度 40% 时批准办结") {
		t.Errorf("the timeline does not show the confirmation:\n%s", tl)
	}
	if s := sup.text("#item-state"); s != "已办结" {
		t.Fatalf("after approval the state is %q", s)
	}
	if l := sup.text(".light"); !strings.Contains(l, "蓝灯") {
		t.Errorf("a completed item shows light %q", l)
	}
	v, err := e.svc.GetItem(context.Background(), e.actor(t, "duchashi"), id)
	if err != nil || v.State != luoshi.StateCompleted || v.Percent != 100 {
		t.Fatalf("stored item: %+v, %v", v, err)
	}
}

// assertBeside checks that a field's message sits beside it (same field block) and that
// the control points at it.
func assertBeside(t *testing.T, tb *tab, control, msg string) {
	t.Helper()
	ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const c = document.querySelector(%q), m = document.querySelector(%q);
		return !!c && !!m && c.closest('.field') === m.closest('.field') &&
			c.getAttribute('aria-invalid') === 'true' && c.getAttribute('aria-describedby').split(' ').includes(m.id);
	})()`, control, msg)))
	if err != nil || !ok {
		t.Errorf("the message %s is not beside %s (or the control does not point at it): %v", msg, control, err)
	}
}

// TestBrowserBadInput submits a new item with bad input: the form comes back with each
// message beside its field, what was typed kept, and nothing saved.
func TestBrowserBadInput(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	before := e.countItems(t)
	sup := newTab(t, e, 1280, 900, false)
	sup.login("duchashi")
	sup.open("/items/new")
	sup.do(chromedp.SendKeys(chromedp.CSS("#f-title"), "一项没有确认非涉密、时限已过的事项"),
		setDate("#f-deadline", "2020-01-01T17:00"),
		void(chromedp.Poll[bool](`document.querySelector('#deadline-hint').innerText.includes('已经过去')`,
			chromedp.WithPollingTimeout(10*time.Second))))
	sup.expect("status of 422")
	sup.click("#create-item", "#f-unclassified-err")
	if msg := sup.text("#f-deadline-err"); !strings.Contains(msg, "已经过去") {
		t.Errorf("deadline message %q", msg)
	}
	if msg := sup.text("#f-lead-err"); !strings.Contains(msg, "牵头单位") {
		t.Errorf("lead unit message %q", msg)
	}
	assertBeside(t, sup, "#f-unclassified", "#f-unclassified-err")
	assertBeside(t, sup, "#f-deadline", "#f-deadline-err")
	assertBeside(t, sup, "#f-lead", "#f-lead-err")
	if v, _ := chromedp.Run(sup.ctx, chromedp.Value(chromedp.CSS("#f-title"))); !strings.Contains(v, "没有确认非涉密") {
		t.Errorf("the title typed was lost: %q", v)
	}
	if a := sup.text(".alert"); !strings.Contains(a, "有误") {
		t.Errorf("no summary above the form: %q", a)
	}
	sup.checkPage()
	if n := e.countItems(t); n != before {
		t.Fatalf("a refused form saved an item: %d items, were %d", n, before)
	}
}

// TestBrowserOtherUnit: a liaison of unit B who types the address of unit A's item gets the
// not-found page, exactly as for an item that does not exist.
func TestBrowserOtherUnit(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	other := e.actor(t, "wjj_ll")
	if it.Involves(other.UnitID) {
		t.Fatalf("item %d involves the other unit", it.ID)
	}
	b := newTab(t, e, 1280, 900, false)
	b.login("wjj_ll")
	b.expect("status of 404")
	for _, path := range []string{fmt.Sprintf("/items/%d", it.ID), "/items/99999999"} {
		b.open(path)
		if h := b.text("main.content h1"); h != "页面不存在" {
			t.Errorf("%s as another unit shows %q", path, h)
		}
		if body := b.text("main.content"); strings.Contains(body, it.Title) {
			t.Errorf("%s shows the item's title to another unit", path)
		}
	}
}

// TestBrowserScreenshots shows the workbench, the list and an item at desktop and phone
// width, checks them, and with LUOSHI_SCREENSHOTS=1 saves them into docs/screenshots.
func TestBrowserScreenshots(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	for _, size := range []struct {
		name          string
		width, height int64
		phone         bool
	}{{"desktop", 1280, 900, false}, {"phone", 375, 812, true}} {
		tb := newTab(t, e, size.width, size.height, size.phone)
		tb.login("duchashi")
		tb.shoot("workbench-" + size.name)
		tb.open("/items?sort=light")
		tb.do(chromedp.WaitVisible(chromedp.CSS("#results table")))
		tb.checkPage()
		tb.shoot("list-" + size.name)
		tb.open(fmt.Sprintf("/items/%d", it.ID))
		tb.do(chromedp.WaitVisible(chromedp.CSS("#timeline")))
		tb.checkPage()
		tb.shoot("detail-" + size.name)
		if size.phone {
			// Nothing wider than the phone: no sideways scrolling.
			wide, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
			if err != nil || wide {
				t.Errorf("the item page scrolls sideways at 375 px (%v)", err)
			}
		}
	}
}

// TestBrowserEveryPage opens every page at phone width as its account: no console error,
// a label on every control, nothing wider than the screen.
func TestBrowserEveryPage(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	tabs := map[string]*tab{}
	for _, pc := range allPages(t, e) {
		tb, ok := tabs[pc.user]
		if !ok {
			tb = newTab(t, e, 375, 812, true)
			if pc.user != "" {
				tb.login(pc.user)
			}
			tabs[pc.user] = tb
		}
		tb.open(pc.path)
		if h := tb.text("h1"); h == "" || strings.Contains(h, "页面不存在") || strings.Contains(h, "无权") {
			t.Errorf("%s as %s: %q", pc.path, pc.user, h)
		}
		tb.checkPage()
		wide, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || wide {
			t.Errorf("%s as %s scrolls sideways at 375 px (%v)", pc.path, pc.user, err)
		}
	}
}

// TestBrowserKeyboard uses an action by keyboard alone: Enter opens the form, the text is
// typed, Tab reaches the button, Enter submits.
func TestBrowserKeyboard(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	tb := newTab(t, e, 1280, 900, false)
	tb.login("jtj_ll")
	tb.open(fmt.Sprintf("/items/%d", it.ID))
	tb.do(chromedp.SendKeys(chromedp.CSS("#act-comment > summary"), "\r"),
		chromedp.WaitVisible(chromedp.CSS("#comment-text")),
		chromedp.SendKeys(chromedp.CSS("#comment-text"), "请督查室协调交警部门夜间施工许可。\t"))
	focused, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if err != nil || focused != "do-comment" {
		t.Fatalf("Tab from the text reaches %q, not the button (%v)", focused, err)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`window.luoshiStale = true`),
		chromedp.KeyEvent("\r"))
	tb.waitFor(`!window.luoshiStale && (document.querySelector('.flash') || {innerText: ''}).innerText.includes('留言已发表')`)
	if tl := tb.text("#timeline"); !strings.Contains(tl, "夜间施工许可") {
		t.Errorf("the comment is not on the timeline")
	}
}
