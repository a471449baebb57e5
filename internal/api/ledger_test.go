package api_test

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"luoshi/internal/xlsx"
)

// TestItemLedger: the ledger export holds exactly the items the list shows the same account
// for the same filters — its own county's, a liaison's unit's, a county below for the city —
// with names instead of ids, under a title naming the county, with planned beside actual
// progress and the last report's text; a bad filter is refused like the list's.
func TestItemLedger(t *testing.T) {
	e := newEnv(t)
	e.cityAbove()
	one, two := twoCounties(t, e)
	// An item of no sub-item, whose progress is its own report's.
	body := e.newItem("important", start.Add(25*24*time.Hour))
	body["title"] = "老旧小区雨污分流改造"
	solo := e.mustCreate(body)
	e.act("a_ll", solo.ID, "accept", nil, 200)
	e.act("a_ll", solo.ID, "report", map[string]any{"text": "已完成 3 个小区", "percent": 40}, 200)
	listed := func(user, query string) []string {
		var page struct {
			Items []item `json:"items"`
		}
		if st := e.call(user, "GET", "/api/v1/items?limit=200&"+query, nil, &page); st != 200 {
			t.Fatalf("GET /api/v1/items?%s as %s: %d", query, user, st)
		}
		var codes []string
		for _, it := range page.Items {
			codes = append(codes, it.Code)
		}
		slices.Sort(codes)
		return codes
	}
	for _, c := range []struct{ user, query string }{
		{"sup", ""}, {"sup", "state=in_progress"}, {"sup", "light=green"}, {"a_ll", ""}, {"b_ll", ""},
		{"d_sup", ""}, {"city", fmt.Sprintf("region_id=%d", one.region)}, {"city", fmt.Sprintf("region_id=%d", two.region)},
	} {
		rows := ledgerItems(t, e.workbookRows(t, c.user, "/api/v1/items/export?"+c.query)["督办事项台账"])
		var codes []string
		for _, r := range rows {
			codes = append(codes, r[0])
		}
		slices.Sort(codes)
		if want := listed(c.user, c.query); !slices.Equal(codes, want) {
			t.Errorf("the ledger of %s ?%s holds %v, the list %v", c.user, c.query, codes, want)
		}
	}

	// One row in full: names, not ids.
	sheet := e.workbookRows(t, "sup", "/api/v1/items/export")["督办事项台账"]
	if len(sheet) < 2 || len(sheet[0]) == 0 || sheet[0][0] != "县439001督办事项台账" || !strings.HasPrefix(sheet[1][0], "截至 ") {
		t.Errorf("the ledger's title rows: %q", sheet[:min(2, len(sheet))])
	}
	rows := ledgerItems(t, sheet)
	var row []string
	for _, r := range rows {
		if len(r) > 1 && strings.Contains(r[1], one.title) {
			row = r
		}
	}
	if row == nil {
		t.Fatalf("county one's ledger lacks its item %q", one.title)
	}
	soloRow := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 17 && r[1] == "老旧小区雨污分流改造" })
	if soloRow < 0 || rows[soloRow][14] != "40" || rows[soloRow][17] != "已完成 3 个小区" {
		t.Errorf("the ledger's row of an item of no sub-item (row %d of %d), want 40 %% and its report", soloRow, len(rows))
	}
	// The item has a sub-item: its progress is the sub-item's rolled up (0 %), as its page
	// shows it, beside its own last report (25 %, "已完成 5 公里").
	var page item
	if st := e.call("sup", "GET", itemPath(one.item.ID), nil, &page); st != 200 || page.Percent != 0 {
		t.Fatalf("the item's page: %d, %d %%", st, page.Percent)
	}
	for i, want := range map[int]string{2: "会议议定事项", 4: "重要", 5: "单位A", 10: "办理中", 14: strconv.Itoa(page.Percent), 15: "否",
		17: "已完成 5 公里"} {
		if i >= len(row) || row[i] != want {
			t.Errorf("the ledger's %s of %q: %q, want %q", xlsx.LedgerHeaders[i], one.title, row, want)
		}
	}
	if len(row) > 16 && !regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`).MatchString(row[16]) {
		t.Errorf("the ledger's last report time of %q: %q", one.title, row[16])
	}
	if _, err := strconv.Atoi(row[13]); err != nil {
		t.Errorf("the ledger's planned progress of %q: %q", one.title, row[13])
	}
	// The time left, as the item's page says it.
	if !regexp.MustCompile(`^(剩余 [1-9]\d* 个工作日|剩余 [1-9]\d* 小时|逾期 [1-9]\d* (天|小时))$`).MatchString(row[9]) {
		t.Errorf("the ledger's %s of %q: %q", xlsx.LedgerHeaders[9], one.title, row[9])
	}
	for _, r := range rows {
		if len(r) > 1 && strings.Contains(r[1], two.title) {
			t.Errorf("county one's ledger holds county two's item %q", r[1])
		}
	}
	if st := e.call("sup", "GET", "/api/v1/items/export?light=purple", nil, nil); st != 422 {
		t.Errorf("a bad filter: %d, want 422", st)
	}
	if st := e.call("sup", "GET", fmt.Sprintf("/api/v1/items/export?region_id=%d", two.region), nil, nil); st != 404 {
		t.Errorf("the other county's ledger: %d, want 404", st)
	}
	if st := e.call("admin", "GET", "/api/v1/items/export", nil, nil); st != 403 {
		t.Errorf("the system administrator's ledger: %d, want 403 (no business data)", st)
	}
}

// ledgerItems are the item rows of a ledger: those after its header, which stands below the
// title rows.
func ledgerItems(t *testing.T, rows [][]string) [][]string {
	t.Helper()
	if len(rows) < xlsx.LedgerHeaderRow || !slices.Equal(rows[xlsx.LedgerHeaderRow-1], xlsx.LedgerHeaders) {
		t.Fatalf("the ledger has no header in row %d: %q", xlsx.LedgerHeaderRow, rows)
	}
	return rows[xlsx.LedgerHeaderRow:]
}
