package web_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
	"luoshi/internal/xlsx"
)

// TestItemLedgerDownload: the list offers its ledger with the same filters, and the workbook
// holds every item the list counts, not a page of them.
func TestItemLedgerDownload(t *testing.T) {
	e := sharedDemo(t)
	c := e.login(t, "duchashi")
	red := luoshi.LightRed
	page, err := e.svc.SearchItems(context.Background(), e.actor(t, "duchashi"), luoshi.ItemFilter{Light: &red}, "", 0, 20)
	if err != nil || page.Total <= 20 {
		t.Fatalf("the demo county's red items: %v, %d (want more than a page)", err, page.Total)
	}
	st, body := c.get("/items?light=red")
	if st != 200 || !strings.Contains(body, `href="/items/export?light=red"`) {
		t.Fatalf("the list does not offer its ledger: %d", st)
	}
	st, book := c.get("/items/export?light=red")
	if st != 200 {
		t.Fatalf("the ledger: %d", st)
	}
	f, err := excelize.OpenReader(strings.NewReader(book))
	if err != nil {
		t.Fatalf("the ledger is not a workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("督办事项台账")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < xlsx.LedgerHeaderRow {
		t.Fatalf("the ledger has %d rows", len(rows))
	}
	items := rows[xlsx.LedgerHeaderRow:] // below the title rows and the header
	if len(items) != page.Total {
		t.Errorf("the ledger holds %d items, the list counts %d", len(items), page.Total)
	}
	for _, r := range items {
		if i := slices.Index(xlsx.LedgerHeaders, "预警灯"); len(r) <= i || r[i] != "红灯" {
			t.Errorf("a row of the red ledger is not red: %v", r)
			break
		}
	}
	if st, _ := c.get("/items/export?light=purple"); st != 422 {
		t.Errorf("a bad filter: %d, want 422", st)
	}
}
