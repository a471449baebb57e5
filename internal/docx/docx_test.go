package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"luoshi/internal/docx"
	"luoshi/internal/docx/officetest"
)

func letter(paragraphs int) *docx.Document {
	d := &docx.Document{Issuer: "某县交通运输局", Number: "交通函〔2026〕18号", SignedBy: "签发人：王某",
		Title: "关于修缮乡村道路的建议的答复", Recipient: "张三代表：", Signature: "某县交通运输局", Date: "2026年11月3日",
		Note: "联系人：李四，电话：0000-0000000", Created: time.Date(2026, 11, 3, 1, 0, 0, 0, time.UTC),
		Headings: map[int]bool{1: true}}
	d.Body = append(d.Body, "您提出的《关于修缮乡村道路的建议》收悉。现答复如下：", "一、基本情况")
	for i := 0; i < paragraphs; i++ {
		d.Body = append(d.Body, strings.Repeat("我局高度重视，认真研究办理，现将有关情况答复如下 <&> ", 4))
	}
	return d
}

// TestWellFormed: every part of the package is well-formed XML, the page is A4 with the
// margins and the grid of GB/T 9704, the text is escaped, and the footers number the pages.
func TestWellFormed(t *testing.T) {
	data, err := letter(3).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
	}
	doc := parts["word/document.xml"]
	for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:top="2098"`, `w:left="1587"`, `w:right="1474"`,
		`w:bottom="1984"`, `w:linePitch="579"`, `w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, `<w:sz w:val="44"/>`,
		`&lt;&amp;&gt;`, `交通函〔2026〕18号`, `w:color w:val="FF0000"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/footer1.xml"], "PAGE") || !strings.Contains(parts["word/footer2.xml"], `w:val="left"`) {
		t.Error("the footers do not number the pages")
	}
	if !strings.Contains(parts["word/fontTable.xml"], `<w:altName w:val="FangSong"/>`) {
		t.Error("仿宋_GB2312 has no fallback")
	}
	// 156 mm of text over 28 characters and 225 mm over 22 lines.
	if w := float64(docx.PageWidth-docx.MarginLeft-docx.MarginRight) / 56.6929; math.Abs(w-156) > 0.1 {
		t.Errorf("text block %.1f mm wide", w)
	}
	if h := float64(docx.PageHeight-docx.MarginTop-docx.MarginBottom) / 56.6929; math.Abs(h-225) > 0.1 {
		t.Errorf("text block %.1f mm high", h)
	}
	if math.Abs(float64(docx.LinePitch*docx.LinesPerPage)/56.6929-225) > 0.5 {
		t.Error("22 lines do not fill the block")
	}
}

// TestLibreOffice is the reply letter's acceptance: LibreOffice opens the document and
// converts it to a PDF whose pages are A4 (595 × 842 pt); a long letter runs to a second
// page.
func TestLibreOffice(t *testing.T) {
	data, err := letter(30).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	pdf, pages := officetest.ToPDF(t, data)
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pages) < 2 {
		t.Fatalf("%d pages in a %d-byte PDF", len(pages), len(pdf))
	}
	for i, p := range pages {
		if math.Round(p[0]) != 595 || math.Round(p[1]) != 842 {
			t.Errorf("page %d is %.1f × %.1f pt, want A4 595 × 842", i+1, p[0], p[1])
		}
	}
	// The text begins 37 mm from the top and 28 mm from the left on every page: a glyph
	// sits within its grid cell up to 2.5 mm in from the block's edge (the red mark of the
	// first page a little more).
	for i, s := range officetest.TextStarts(t, pdf, pages[0][1]) {
		if s.Left < 28 || s.Left > 30.5 || s.Top < 37 || s.Top > 43 || (i > 0 && s.Top > 39.5) {
			t.Errorf("page %d: text begins %.1f mm from the left and %.1f mm from the top, want 28 and 37", i+1, s.Left, s.Top)
		}
	}
}

// TestTableAndColophon: a table follows the paragraph it is placed after, fills the text
// block in 小四号 with its header repeated on each page, and the 版记 closes the document
// between its rules.
func TestTableAndColophon(t *testing.T) {
	d := letter(1)
	d.Tables = map[int]*docx.Table{1: {Header: []string{"单位", "办结率"}, Rows: [][]string{{"交通局", "100%"}}, Widths: []int{3, 1}}}
	d.CC, d.Printed = "抄送：县委办公室。", "县委督查室　2026年12月1日印发"
	data, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	z, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var doc string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			r.Close()
			doc = string(b)
		}
	}
	if err := xml.Unmarshal([]byte(doc), new(struct{})); err != nil {
		t.Fatalf("document.xml: %v", err)
	}
	heading, table, cc := strings.Index(doc, "一、基本情况"), strings.Index(doc, "<w:tbl>"), strings.Index(doc, "抄送")
	if heading < 0 || table < heading || cc < table || strings.Index(doc, "县委督查室") < cc {
		t.Errorf("order: heading %d, table %d, cc %d", heading, table, cc)
	}
	for _, want := range []string{`<w:tblHeader/>`, `<w:tblW w:w="8845" w:type="dxa"/>`, `<w:gridCol w:w="6633"/>`, `<w:sz w:val="24"/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if _, pages := officetest.ToPDF(t, data); len(pages) == 0 {
		t.Error("LibreOffice made no page")
	}
}
