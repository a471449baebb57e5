package api_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTimelinePages: an item's timeline is answered a page at a time, the newest first page
// and each page oldest first, with the cursor of the page before it; paging back reads every
// event once; a page size out of range or an altered cursor is refused with a message that
// says so, in the reader's language.
func TestTimelinePages(t *testing.T) {
	e := newEnv(t)
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", it.ID, "accept", nil, 200)
	for i := 1; i <= 7; i++ {
		e.act("a_ll", it.ID, "report", map[string]any{"text": fmt.Sprintf("第%d次报告", i), "percent": 10 * i}, 200)
	}
	type page struct {
		Events []struct {
			Seq  int    `json:"seq"`
			Kind string `json:"kind"`
		} `json:"events"`
		NextCursor string `json:"next_cursor"`
	}
	var whole page // fewer than the default page: the whole timeline, and no cursor
	if st := e.call("sup", "GET", itemPath(it.ID)+"/events", nil, &whole); st != 200 {
		t.Fatal(st)
	}
	n := len(whole.Events)
	if n < 9 || whole.NextCursor != "" || whole.Events[0].Kind != "created" || whole.Events[n-1].Kind != "reported" {
		t.Fatalf("the whole timeline: %d events, cursor %q, %+v", n, whole.NextCursor, whole.Events)
	}
	var seqs [][]int
	cursor := ""
	for range n {
		var p page
		path := itemPath(it.ID) + "/events?limit=4"
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		if st := e.call("b_ll", "GET", path, nil, &p); st != 200 {
			t.Fatalf("GET %s: %d", path, st)
		}
		var s []int
		for _, ev := range p.Events {
			s = append(s, ev.Seq)
		}
		seqs = append(seqs, s)
		if cursor = p.NextCursor; cursor == "" {
			break
		}
	}
	// Pages of four from the newest, each oldest first; together every event once.
	var want [][]int
	for hi := n; hi > 0; hi -= 4 {
		var s []int
		for q := max(1, hi-3); q <= hi; q++ {
			s = append(s, whole.Events[q-1].Seq)
		}
		want = append(want, s)
	}
	if !slices.EqualFunc(seqs, want, slices.Equal) {
		t.Errorf("pages of 4: %v, want %v", seqs, want)
	}

	for _, c := range []struct{ query, zh, en string }{
		{"limit=501", "办理过程每页 1 至 500 条", "1 to 500 events"},
		{"limit=-1", "每页条数", "Page size"},
		{"limit=abc", "每页条数", "Page size"},
		{"cursor=aTA", "分页游标无效", "cursor is not valid"},
	} {
		for lang, want := range map[string]string{"zh-CN": c.zh, "en": c.en} {
			a := e.send(e.liveToken("sup"), lang, "GET", itemPath(it.ID)+"/events?"+c.query, nil)
			if a.status != 400 && a.status != 422 || !strings.Contains(string(a.body), want) {
				t.Errorf("events?%s (%s): %d %s, want a refusal saying %q", c.query, lang, a.status, a.body, want)
			}
		}
	}
	// A unit that neither leads nor co-leads the item reads no page of it.
	if st := e.call("c_ll", "GET", itemPath(it.ID)+"/events?limit=2", nil, nil); st != 403 && st != 404 {
		t.Errorf("another unit reads a page of the timeline: %d", st)
	}
}
