package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

var itemsTotal = regexp.MustCompile(`role="status">共 (\d+) 项`)

// TestCockpitLinks: every figure of the cockpit leads to the item list filtered to the items
// behind it — by light, by schedule status, the year's items due and on time, overdue by
// unit, meeting decisions — for the county head and for a deputy head's portfolio; and the
// page shows the figures with those links.
func TestCockpitLinks(t *testing.T) {
	e := sharedDemo(t)
	for _, user := range []string{"xianzhang", "changwu"} {
		t.Run(user, func(t *testing.T) {
			c, err := e.svc.Cockpit(context.Background(), e.actor(t, user), 0)
			if err != nil {
				t.Fatal(err)
			}
			if (user == "changwu") != (c.Leader != nil) {
				t.Fatalf("%s's cockpit has scope %+v", user, c.Leader)
			}
			links := map[string]int{c.DueLink(""): c.Due, c.DueLink("true"): c.OnTime, c.DueLink("false"): c.Due - c.OnTime,
				c.Link("source", "meeting_decision", "state", "all"):       c.Counts.Decisions,
				c.Link("source", "meeting_decision", "state", "completed"): c.Counts.DecisionsDone}
			for _, l := range []luoshi.Light{luoshi.LightRed, luoshi.LightYellow, luoshi.LightGreen} {
				links[c.Link("light", string(l))] = c.Counts.Lights[l]
			}
			for _, st := range luoshi.ScheduleStatuses {
				links[c.Link("schedule", string(st))] = c.Counts.Schedule[st]
			}
			for _, u := range c.Overdue {
				links[c.Link("overdue", "true", "lead_unit_id", strconv.FormatInt(u.UnitID, 10))] = u.Overdue
			}
			cl := e.login(t, user)
			status, page := cl.get("/cockpit")
			if status != http.StatusOK {
				t.Fatalf("GET /cockpit as %s: %d", user, status)
			}
			page = html.UnescapeString(page)
			nonzero := 0
			for link, n := range links {
				if !strings.Contains(page, `href="`+link+`"`) {
					t.Errorf("the page has no link %s", link)
				}
				status, list := cl.get(link)
				m := itemsTotal.FindStringSubmatch(list)
				if status != http.StatusOK || m == nil {
					t.Errorf("GET %s: %d, no total", link, status)
					continue
				}
				if got, _ := strconv.Atoi(m[1]); got != n {
					t.Errorf("%s lists %d items, the figure is %d", link, got, n)
				}
				if n > 0 {
					nonzero++
				}
			}
			if nonzero < 8 {
				t.Errorf("only %d of %d figures are not zero: the demo county proves little", nonzero, len(links))
			}
		})
	}
	// A deputy head opens no other leader's cockpit; a unit's liaison none at all.
	head, err := e.svc.Cockpit(context.Background(), e.actor(t, "duchashi"), e.actor(t, "xianzhang").LeaderID)
	if err != nil || head.Leader != nil {
		t.Fatalf("the office's view of the county head's cockpit: %+v, %v", head, err)
	}
	if status, _ := e.login(t, "changwu").get("/cockpit?leader_id=" + strconv.FormatInt(e.actor(t, "xianzhang").LeaderID, 10)); status != http.StatusForbidden {
		t.Errorf("a deputy opening the county head's cockpit: %d, want 403", status)
	}
	if status, _ := e.login(t, "fgj_ll").get("/cockpit"); status != http.StatusForbidden {
		t.Errorf("a liaison opening the cockpit: %d, want 403", status)
	}
	// A filter the list does not know is refused with its message, not ignored.
	status, body := e.login(t, "xianzhang").get("/items?schedule=late")
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "请从列表中选择") {
		t.Errorf("/items?schedule=late: %d", status)
	}
}
