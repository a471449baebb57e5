package api_test

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"luoshi/internal/docx/officetest"
)

// TestStocktakeDocx: the agenda and the record of a stocktake open in LibreOffice and become
// PDFs of A4 pages with the text block where GB/T 9704 puts it.
func TestStocktakeDocx(t *testing.T) {
	e := newEnv(t)
	e.mustCreate(e.newItem("important", start.Add(3*24*time.Hour)))
	e.clock.Add(5 * 24 * time.Hour) // past its deadline: red, behind
	f := e.stocktakeFixtures()
	s := e.generate("sup", f.leaders["head"], start.AddDate(0, 0, 5).Format("2006-01-02"))
	path := fmt.Sprintf("/api/v1/stocktakes/%d", s.ID)
	e.stPost("sup", path+"/add-commitment", map[string]any{"kind": "new_item", "text": "一周内完成整改方案并报县政府",
		"unit_id": e.units["B"], "due": e.clock.Now().AddDate(0, 0, 7)}, nil, 200)
	e.stPost("sup", path+"/close", map[string]any{"summary": "会议要求各单位对照承诺事项抓好落实。"}, nil, 200)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"?part=agenda", []string{"调度会议程", "红灯事项（1项）", "欠进度事项（1项）", "w:tbl"}},
		{"", []string{"调度会纪要", "一周内完成整改方案并报县政府", "单位B", "会议要求各单位"}},
	} {
		a := e.send(e.liveToken("sup"), "", "GET", path+".docx"+c.query, nil)
		if a.status != 200 {
			t.Fatalf("%s.docx%s: %d %s", path, c.query, a.status, a.body)
		}
		doc := unzipDocument(t, a.body)
		for _, w := range c.want {
			if !bytes.Contains(doc, []byte(w)) {
				t.Errorf("%s: the document lacks %s", c.query, w)
			}
		}
		pdf, pages := officetest.ToPDF(t, a.body)
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pages) == 0 {
			t.Fatalf("%d pages in a %d-byte PDF", len(pages), len(pdf))
		}
		for i, p := range pages {
			if math.Round(p[0]) != 595 || math.Round(p[1]) != 842 {
				t.Errorf("%s page %d is %.1f × %.1f pt, want A4", c.query, i+1, p[0], p[1])
			}
		}
		for i, st := range officetest.TextStarts(t, pdf, pages[0][1]) {
			if st.Left < 28 || st.Left > 30.5 || st.Top < 37 || st.Top > 43 {
				t.Errorf("%s page %d: text begins %.1f mm from the left and %.1f mm from the top, want 28 and 37", c.query, i+1, st.Left, st.Top)
			}
		}
	}
}
