package web_test

import (
	"context"
	"fmt"
	"html"
	"strings"
	"testing"
	"time"
)

// TestCollaborationPage: the office sees every unit's collaboration figures as the service
// counts them and a unit's declines with their reasons; a liaison sees its own unit only.
func TestCollaborationPage(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	sup := e.actor(t, "duchashi")
	year := time.Now().In(e.svc.Location()).Year()
	m, err := e.svc.CollaborationMetrics(ctx, sup, 0, year)
	if err != nil || len(m.Units) == 0 {
		t.Fatalf("the demo county's collaboration metrics: %v %+v", err, m)
	}
	top := m.Units[0] // most declines first
	if top.Declined == 0 {
		t.Fatalf("the demo county has no declines to show: %+v", top)
	}
	c := e.login(t, "duchashi")
	st, body := c.get(fmt.Sprintf("/collaboration?year=%d", year))
	if st != 200 {
		t.Fatalf("the collaboration page: %d", st)
	}
	link := fmt.Sprintf(`/collaboration?unit_id=%d&amp;year=%d#declines`, top.UnitID, year)
	replies := 0
	for _, u := range m.Units {
		replies += u.RepliesDue
		if u.RepliesDue < u.RepliesOnTime+u.RepliesLate+u.RepliesMissing {
			t.Errorf("%s: more replies counted than due: %+v", u.UnitName, u)
		}
	}
	if replies == 0 {
		t.Errorf("the demo county's units owe no replies to proposals this year")
	}
	for _, want := range []string{top.UnitName, fmt.Sprintf(`class="num">%d</td>`, top.Assigned), link, "时限已过仍未答复为未答复",
		`<th scope="col" class="num">建议提案应答复</th>`, "期限已过仍未答复为逾期未答复"} {
		if !strings.Contains(body, want) {
			t.Errorf("the collaboration page lacks %s", want)
		}
	}
	d, err := e.svc.CollaborationDeclines(ctx, sup, 0, top.UnitID, year)
	if err != nil || len(d.Declines) != top.Declined {
		t.Fatalf("the declines of %s: %v, %d of %d", top.UnitName, err, len(d.Declines), top.Declined)
	}
	st, body = c.get(fmt.Sprintf("/collaboration?unit_id=%d&year=%d", top.UnitID, year))
	if st != 200 || !strings.Contains(body, "的退办") {
		t.Fatalf("the declines of %s: %d", top.UnitName, st)
	}
	for _, dc := range d.Declines {
		if !strings.Contains(body, html.EscapeString(dc.Reason)) || !strings.Contains(body, fmt.Sprintf(`href="/items/%d"`, dc.ItemID)) {
			t.Errorf("the declines of %s lack item %d with its reason %q", top.UnitName, dc.ItemID, dc.Reason)
		}
	}
	if st, _ := c.get("/collaboration?unit_id=abc"); st != 404 {
		t.Errorf("a malformed unit: %d, want 404", st)
	}

	// A liaison: its own unit's row, never another's.
	ll := e.actor(t, "jtj_ll")
	own, err := e.svc.CollaborationMetrics(ctx, ll, 0, year)
	if err != nil || len(own.Units) != 1 || own.Units[0].UnitID != ll.UnitID {
		t.Fatalf("the liaison's rows: %v %+v, want its own unit's only", err, own)
	}
	_, body = e.login(t, "jtj_ll").get("/collaboration")
	for _, u := range m.Units {
		shown := strings.Contains(body, `<td data-label="单位">`+u.UnitName+`</td>`)
		mine := len(own.Units) == 1 && own.Units[0].UnitID == u.UnitID
		if shown != mine || (mine && u.UnitID != ll.UnitID) {
			t.Errorf("the liaison's page shows %s: %v (its own unit: %v)", u.UnitName, shown, mine)
		}
	}
}
