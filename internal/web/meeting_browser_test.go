package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTopicToItemsBrowser walks the meetings' main path in the browser on a 375 px phone: a
// unit's liaison drafts a topic, whose submission is refused naming the missing solution;
// the topic completed, it submits; the office accepts it onto the coming meeting, records
// the minutes with a decision on it and publishes them, and the decision shows the item it
// became, with its light. No page is wider than the screen.
func TestTopicToItemsBrowser(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	const title = "关于城区公共停车场建设的议题"
	liaison := newTab(t, e, 375, 812, true)
	liaison.expect("status of 422")
	narrow := func(tb *tab, page string) {
		t.Helper()
		w, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if w > 375 {
			t.Errorf("%s is %d px wide on a 375 px phone", page, w)
		}
	}
	liaison.login("cgj_ll")
	liaison.open("/topics")
	liaison.click("#topic-new", "#topic-form")
	liaison.checkPage()
	narrow(liaison, "the new topic's form")
	liaison.do(chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SendKeys(chromedp.CSS("#background"), "城区停车位缺口较大。"),
		chromedp.SendKeys(chromedp.CSS("#analysis"), "老城区道路狭窄，违停现象突出。"),
		chromedp.Click(chromedp.CSS("#non_secret")))
	liaison.submit(`#topic-form button[type=submit]`, "已保存")
	if got := liaison.text("#topic-title"); got != title {
		t.Fatalf("the new topic is %q", got)
	}
	liaison.checkPage()
	narrow(liaison, "the topic")

	// Submitted without a solution: refused, naming what is missing; nothing changes.
	liaison.do(chromedp.Click(chromedp.CSS(`#form-submit button[type=submit]`)))
	liaison.waitFor(`(document.querySelector('.alert') || {innerText: ''}).innerText.includes('缺少解决方案')`)
	if got := liaison.text(".alert"); !strings.Contains(got, "缺少推荐方案") {
		t.Errorf("the refusal says %q, want the recommended option named too", got)
	}
	if got := liaison.text("#topic-state"); got != "起草中" {
		t.Errorf("after the refusal the topic is %q", got)
	}
	narrow(liaison, "the refusal")

	// Completed: a solution, the recommended option; then it submits.
	liaison.do(chromedp.SendKeys(chromedp.CSS("#f-add-solution-solution"), "利用城东闲置地块建设立体停车场"),
		chromedp.SendKeys(chromedp.CSS("#f-add-solution-cost"), "约2000万元"),
		chromedp.SendKeys(chromedp.CSS("#f-add-solution-effect"), "新增车位600个"),
		chromedp.SendKeys(chromedp.CSS("#f-add-solution-risk"), "用地手续办理周期"))
	liaison.submit(`#form-add-solution button[type=submit]`, "已保存")
	liaison.do(chromedp.SendKeys(chromedp.CSS("#f-recommend-option"), "1"))
	liaison.submit(`#form-recommend button[type=submit]`, "已保存")
	if got := liaison.text("#recommended"); got != "推荐方案" {
		t.Errorf("the recommended option shows %q", got)
	}
	liaison.submit(`#form-submit button[type=submit]`, "已保存")
	if got := liaison.text("#topic-state"); got != "已报送待审" {
		t.Fatalf("after submitting the topic is %q", got)
	}
	topic, err := chromedp.Run(liaison.ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}

	// The office accepts it onto the coming meeting.
	office := newTab(t, e, 375, 812, true)
	office.login("duchashi")
	office.open(topic)
	office.do(chromedp.Evaluate[chromedp.Void](`(() => {
		const s = document.querySelector('#f-accept-meeting_id');
		s.value = Array.from(s.options).find(o => o.text.includes('第19次常务会议')).value;
	})()`))
	office.submit(`#form-accept button[type=submit]`, "已保存")
	if got := office.text("#topic-state"); got != "已列入议程" {
		t.Fatalf("after accepting the topic is %q", got)
	}
	office.click(`a[href^="/meetings/"]`, "#agenda")
	if got := office.text("#agenda"); !strings.Contains(got, title) {
		t.Errorf("the agenda lacks the topic: %q", got)
	}
	office.checkPage()
	narrow(office, "the meeting")

	// The minutes, a decision on the topic, and publication: the decision becomes an item.
	office.do(chromedp.SendKeys(chromedp.CSS("#f-record-minutes-minutes_no"), "〔2026〕19号"),
		chromedp.SendKeys(chromedp.CSS("#f-record-minutes-minutes"), "会议研究了城区公共停车场建设。"))
	office.submit(`#form-record-minutes button[type=submit]`, "已保存")
	office.do(chromedp.SendKeys(chromedp.CSS("#f-add-decision-decision"), "同意建设城东立体停车场，由县城市管理局牵头"),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const pick = (id, text) => { const s = document.querySelector(id); s.value = Array.from(s.options).find(o => o.text.includes(text)).value; };
			pick('#f-add-decision-lead_unit_id', '县城市管理局');
			pick('#f-add-decision-topic_id', '停车场');
			document.querySelector('#f-add-decision-deadline').value = new Date(Date.now() + 30*864e5).toISOString().slice(0, 10);
		})()`))
	office.submit(`#form-add-decision button[type=submit]`, "已保存")
	office.submit(`#form-publish button[type=submit]`, "已保存")
	if got := office.text("#meeting-state"); got != "纪要已印发" {
		t.Fatalf("after publishing the meeting is %q", got)
	}
	item, err := chromedp.Run(office.ctx, chromedp.Evaluate[string](`document.querySelector('#decision-1 a.decision-item').getAttribute('href')`))
	if err != nil || !strings.HasPrefix(item, "/items/") {
		t.Fatalf("the published decision shows no item: %q %v", item, err)
	}
	if n, _ := chromedp.Run(office.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#decision-1 .light, #decision-1 [class*=light]').length`)); n == 0 {
		t.Error("the decision's item shows no light")
	}
	narrow(office, "the published meeting")
	office.click("#minutes-link", "#paper")
	if got := office.text("#paper"); !strings.Contains(got, "〔2026〕19号") || !strings.Contains(got, "城东立体停车场") {
		t.Errorf("the printable minutes: %q", got)
	}
	narrow(office, "the printable minutes")
	office.open(item)
	if got := office.text("main.content h1"); !strings.Contains(got, "同意建设城东立体停车场") {
		t.Errorf("the decision's item is %q", got)
	}
}
