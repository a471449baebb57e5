package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// negativeCount is a negative number before a unit people count in, or the old sentence
// that carried one: "-5 个工作日", "-3 天", "已超过 -".
var negativeCount = regexp.MustCompile(`-\s*\d+\s*(个|天|小时)|已超过\s*-`)

// TestNoNegativeCount opens every page of the demo county, every page of the item list and
// every item's page: none shows a negative count.
func TestNoNegativeCount(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	clients := map[string]*client{}
	check := func(user, path string) string {
		t.Helper()
		c, ok := clients[user]
		if !ok {
			c = &client{t: t, e: e}
			if user != "" {
				c = e.login(t, user)
			}
			clients[user] = c
		}
		status, body := c.get(path)
		if status != 200 {
			t.Fatalf("GET %s as %s: %d", path, user, status)
		}
		if m := negativeCount.FindString(body); m != "" {
			t.Errorf("%s as %s shows a negative count: %q", path, user, m)
		}
		return body
	}
	for _, pc := range allPages(t, e) {
		if pc.user != "" {
			check(pc.user, pc.path)
		}
	}
	sup := e.actor(t, "duchashi")
	var ids []int64
	cursor := ""
	for {
		page, err := e.svc.ListItems(ctx, sup, luoshi.ItemFilter{Limit: 200, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range page.Items {
			ids = append(ids, v.ID)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(ids) < 10 {
		t.Fatalf("the demo county has %d items", len(ids))
	}
	for _, id := range ids {
		check("duchashi", fmt.Sprintf("/items/%d", id))
	}
	for p := 1; ; p++ {
		body := check("duchashi", "/items?page="+strconv.Itoa(p))
		if !strings.Contains(body, `rel="next"`) || p > 50 {
			break
		}
	}
	for _, user := range []string{"jtj_ll", "xianzhang", "fxz_wang", "jtj_jb"} {
		check(user, "/items")
		check(user, "/")
	}
	// The words are there to be seen: lateness on the list, time left or lateness on the workbench.
	if body := check("duchashi", "/items?overdue=true"); !lateness.MatchString(body) {
		t.Errorf("the list of overdue items says no 逾期 N 天 or 逾期 N 小时")
	}
	if body := check("jtj_ll", "/"); !timeWords.MatchString(body) {
		t.Errorf("the liaison's workbench says neither 剩余 nor 逾期 with a count")
	}
}

var (
	lateness  = regexp.MustCompile(`逾期 [1-9]\d* (天|小时)`)
	timeWords = regexp.MustCompile(`(剩余|逾期) [1-9]\d* (个工作日|天|小时)`)
)

// TestNewItemDateTime: the new-item form takes a date and a time; a date alone still means
// the end of that day; a deadline or a milestone more than five years ahead is refused with
// a message beside its field, and a title with a NUL character is refused.
func TestNewItemDateTime(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	sup := e.login(t, "duchashi")
	lead := e.actor(t, "jtj_ll")
	loc, _ := time.LoadLocation(service.DefaultTZ)
	now := e.svc.Now().In(loc)
	form := func(title, deadline string) url.Values {
		return url.Values{"title": {title}, "source": {"meeting_decision"}, "priority": {"urgent"},
			"lead_unit_id": {strconv.FormatInt(lead.UnitID, 10)}, "deadline": {deadline},
			"report_every": {""}, "unclassified": {"true"}}
	}
	created := func(t *testing.T, f url.Values) *service.ItemView {
		t.Helper()
		res := sup.post("/items", f)
		res.Body.Close()
		i := strings.LastIndex(res.Request.URL.Path, "/")
		id, err := strconv.ParseInt(res.Request.URL.Path[i+1:], 10, 64)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("creating: %d at %s", res.StatusCode, res.Request.URL)
		}
		v, err := e.svc.GetItem(ctx, e.actor(t, "duchashi"), id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	t.Run("date and time", func(t *testing.T) {
		due := now.Add(6 * time.Hour).Truncate(time.Minute)
		v := created(t, form("限时六小时的紧急事项", due.Format("2006-01-02T15:04")))
		if !v.Deadline.Equal(due) {
			t.Errorf("deadline %v, want %v", v.Deadline.In(loc), due)
		}
		if v.TimeLeft == nil || v.TimeLeft.Key != "time.left_hours" {
			t.Errorf("time left %v, want hours", v.TimeLeft)
		}
	})
	t.Run("a date alone: the end of that day", func(t *testing.T) {
		day := now.AddDate(0, 0, 10)
		v := created(t, form("只填日期的紧急事项", day.Format("2006-01-02")))
		want := time.Date(day.Year(), day.Month(), day.Day(), 23, 59, 59, 0, loc)
		if !v.Deadline.Equal(want) {
			t.Errorf("deadline %v, want %v", v.Deadline.In(loc), want)
		}
	})
	for _, tc := range []struct {
		name, field, msg string
		f                url.Values
	}{
		{"the year 9999", "f-deadline-err", "截止时间不能晚于 5 年后", form("九九九九年的事项", "9999-12-31T17:00")},
		{"six years ahead", "f-deadline-err", "截止时间不能晚于 5 年后", form("六年后的事项", now.AddDate(6, 0, 0).Format("2006-01-02"))},
		{"a milestone in 9999", "ms0-due-err", "节点时间不能晚于 5 年后", func() url.Values {
			f := form("节点在九九九九年的事项", now.AddDate(1, 0, 0).Format("2006-01-02"))
			f.Set("milestones[0].title", "第一阶段")
			f.Set("milestones[0].due", "9999-01-01")
			return f
		}()},
		// The request itself is refused before any field is read: the page names the NUL.
		{"a NUL in the title", "", "控制字符（如 NUL）", form("标题\x00含空字符", now.AddDate(0, 1, 0).Format("2006-01-02"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.countItems(t)
			status, body := sup.postBody("/items", tc.f)
			if status != 422 || e.countItems(t) != before {
				t.Fatalf("status %d, items %d → %d", status, before, e.countItems(t))
			}
			if (tc.field != "" && !strings.Contains(body, `id="`+tc.field+`"`)) || !strings.Contains(body, tc.msg) {
				t.Errorf("no message %q at #%s: %s", tc.msg, tc.field, regexp.MustCompile(`(?s)<main.*?</h1>.{0,600}`).FindString(body))
			}
		})
	}
	t.Run("a NUL in the title through the service", func(t *testing.T) {
		yes := true
		_, err := e.svc.CreateItem(ctx, e.actor(t, "duchashi"), service.ItemInput{Title: "标题\x00含空字符",
			Source: "meeting_decision", Priority: "urgent", LeadUnitID: lead.UnitID, Deadline: now.AddDate(0, 1, 0), Unclassified: &yes})
		var le *luoshi.Error
		if !errors.As(err, &le) || le.Code != luoshi.EINVALID || !hasField(le, "title") {
			t.Errorf("a NUL in the title: %v", err)
		}
	})
}

func hasField(e *luoshi.Error, field string) bool {
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}
