package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestBrowserUrgentHours creates an urgent item due in six hours by clicking: the picker
// tells the hours left, the item's page says 剩余 6 小时 (or 5, as the minutes pass) and its
// decline window ends before the deadline; an overdue item of the demo says 逾期 N 天 with N
// positive.
func TestBrowserUrgentHours(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	lead := e.actor(t, "jtj_ll")
	loc, _ := time.LoadLocation(service.DefaultTZ)
	due := time.Now().In(loc).Add(6 * time.Hour).Truncate(time.Minute)
	title := "暴雨后城区积水点排查（浏览器测试 " + strconv.FormatInt(time.Now().UnixNano()%100000, 10) + "）"

	sup := newTab(t, e, 1280, 900, false)
	sup.login("duchashi")
	sup.click(`nav.wide a[href="/items/new"]`, "#f-title")
	sup.do(chromedp.SendKeys(chromedp.CSS("#f-title"), title),
		chromedp.SetValue(chromedp.CSS("#f-source"), "leader_instruction"),
		chromedp.SetValue(chromedp.CSS("#f-priority"), "urgent"),
		chromedp.SetValue(chromedp.CSS("#f-lead"), strconv.FormatInt(lead.UnitID, 10)),
		setDate("#f-deadline", due.Format("2006-01-02T15:04")),
		void(chromedp.Poll[bool](`document.querySelector('#deadline-hint').innerText.includes('小时')`,
			chromedp.WithPollingTimeout(10*time.Second))),
		chromedp.Click(chromedp.CSS("#f-unclassified")),
		chromedp.Click(chromedp.CSS("#f-assign")),
	)
	if hint := sup.text("#deadline-hint"); !strings.Contains(hint, "剩余 6 小时") && !strings.Contains(hint, "剩余 5 小时") {
		t.Errorf("the deadline hint says %q, not the hours left", hint)
	}
	sup.submit("#create-item", "交办")
	if left := sup.text("#time-left"); !strings.Contains(left, "剩余 6 小时") && !strings.Contains(left, "剩余 5 小时") {
		t.Errorf("the item page says %q, not 剩余 6 小时", left)
	}
	window, err := time.ParseInLocation("2006-01-02 15:04", sup.text("#decline-due"), loc)
	if err != nil {
		t.Fatalf("the decline window: %v", err)
	}
	if !window.Before(due) {
		t.Errorf("the decline window ends %v, not before the deadline %v", window, due)
	}

	// An overdue item of the demo, late by more than a day.
	page, err := e.svc.ListItems(context.Background(), e.actor(t, "duchashi"),
		luoshi.ItemFilter{Overdue: new(true), Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var late *service.ItemView
	for _, v := range page.Items {
		if time.Since(v.Deadline) > 48*time.Hour {
			late = v
			break
		}
	}
	if late == nil {
		t.Fatal("the demo county has no item overdue by more than two days")
	}
	sup.open(fmt.Sprintf("/items/%d", late.ID))
	m := regexp.MustCompile(`逾期 (-?\d+) 天`).FindStringSubmatch(sup.text("#time-left"))
	if m == nil {
		t.Fatalf("the overdue item's page says %q", sup.text("#time-left"))
	}
	if n, _ := strconv.Atoi(m[1]); n <= 0 {
		t.Errorf("逾期 %d 天", n)
	}
	sup.open("/items?overdue=true")
	if body := sup.text("main"); !strings.Contains(body, "逾期") || negativeCount.MatchString(body) {
		t.Errorf("the list of overdue items: %.300q", body)
	}
}
