// Package docx writes official documents (公文) as .docx files in the layout of GB/T
// 9704-2012: A4 paper, margins 37 mm top and 28 mm left around a 156 × 225 mm text block,
// body text in 3号仿宋 (FangSong_GB2312, falling back to FangSong) on a grid of 22 lines of
// 28 characters, the title in 2号小标宋, the issuer's mark in red, page numbers 「— 1 —」 in
// 4号宋体 at the foot, right on odd pages and left on even. It is a small writer over
// archive/zip and encoding/xml with no dependency: the reply letter to a proposal (答复函)
// and the supervision bulletin (督查通报) are written with it.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"
)

// Document is one official document. Empty parts are left out.
type Document struct {
	// Issuer is the issuing organ's mark (发文机关标志), printed in red above a red rule.
	Issuer string
	// Number is the document number (发文字号, 交通函〔2026〕12号); SignedBy the line naming
	// who signed it for issue (签发人：王某), as the caller words it, printed beside it.
	Number   string
	SignedBy string
	// Title is the document's title (标题), centred in 2号小标宋.
	Title string
	// Recipient is the main addressee (主送机关, or 张三代表), ending with a colon.
	Recipient string
	// Body is the text, one paragraph each, indented two characters; Headings are 黑体
	// paragraphs at the given indexes of Body (一、…).
	Body     []string
	Headings map[int]bool
	// Signature is the organ's name at the end (发文机关署名), Date the date written
	// (成文日期) as 2026年11月3日.
	Signature string
	Date      string
	// Note is an annotation after the date (附注), in parentheses.
	Note string
	// Tables are tables in 小四号仿宋 (so that they fit the line), each after the Body
	// paragraph at its index.
	Tables map[int]*Table
	// CC (抄送) and Printed (印发机关和印发日期) make the 版记 at the end, between rules.
	CC      string
	Printed string
	// Created is the document's creation time in its properties.
	Created time.Time
}

// Twips (1/20 point) of the GB/T 9704 page: A4, 37 mm top, 28 mm left, text block
// 156 × 225 mm.
const (
	PageWidth    = 11906 // 210 mm
	PageHeight   = 16838 // 297 mm
	MarginTop    = 2098  // 37 mm
	MarginLeft   = 1587  // 28 mm
	MarginRight  = 1474  // 210 − 28 − 156 = 26 mm
	MarginBottom = 1984  // 297 − 37 − 225 = 35 mm
	LinesPerPage = 22
	CharsPerLine = 28
	// LinePitch is the grid's line pitch: 225 mm over 22 lines.
	LinePitch = 579
	bodySize  = 32 // half-points: 3号 = 16 pt
	titleSize = 44 // 2号 = 22 pt
	pageSize  = 28 // 4号 = 14 pt
	// charSpace widens (negative: narrows) each character of the 16 pt body so that 28 fill
	// the 156 mm line: (156 mm / 28 − 16 pt) in 1/4096 pt.
	charSpace = -840
)

// The fonts, each with the name Word and WPS know and the one LibreOffice falls back to.
const (
	FangSong   = "仿宋_GB2312"
	FangSongFB = "FangSong"
	XBSong     = "方正小标宋简体"
	XBSongFB   = "SimSun"
	HeiTi      = "黑体"
	SongTi     = "宋体"
)

// Write writes the document as a .docx file.
func (d *Document) Write(out io.Writer) error {
	z := zip.NewWriter(out)
	created := d.Created
	if created.IsZero() {
		created = time.Now()
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", core(d.Title, created)},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles},
		{"word/settings.xml", settings},
		{"word/fontTable.xml", fontTable},
		{"word/footer1.xml", footer("right")},
		{"word/footer2.xml", footer("left")},
		{"word/document.xml", d.document()},
	}
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, xml.Header+p.body); err != nil {
			return err
		}
	}
	return z.Close()
}

// Bytes returns the document as a .docx file.
func (d *Document) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	err := d.Write(&buf)
	return buf.Bytes(), err
}

// esc escapes text for XML.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// run is a run of text in a font and size (half-points), bold and red when asked.
func run(text, font, fallback string, size int, bold, red bool) string {
	var b strings.Builder
	b.WriteString(`<w:r><w:rPr><w:rFonts w:ascii="` + fallback + `" w:hAnsi="` + fallback + `" w:eastAsia="` + font + `" w:cs="` + fallback + `"/>`)
	if bold {
		b.WriteString(`<w:b/>`)
	}
	if red {
		b.WriteString(`<w:color w:val="FF0000"/>`)
	}
	b.WriteString(`<w:sz w:val="` + itoa(size) + `"/><w:szCs w:val="` + itoa(size) + `"/></w:rPr>`)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		b.WriteString(`<w:t xml:space="preserve">` + esc(line) + `</w:t>`)
	}
	b.WriteString(`</w:r>`)
	return b.String()
}

// para is a paragraph: its properties (inside w:pPr) and its runs.
func para(props string, runs ...string) string {
	return `<w:p><w:pPr>` + props + `</w:pPr>` + strings.Join(runs, "") + `</w:p>`
}

// Table is a table of an official document: a header row repeated on each page, and rows.
// Widths are the columns' relative widths (nil: equal); the table fills the text block.
type Table struct {
	Header []string
	Rows   [][]string
	Widths []int
}

// tableSize is 小四号 (12 pt), which keeps a table of seven columns on the 156 mm line.
const tableSize = 24

// TextWidth is the width of the text block in twips (156 mm).
const TextWidth = PageWidth - MarginLeft - MarginRight

func (t *Table) xml() string {
	n := len(t.Header)
	widths := make([]int, n)
	total := 0
	for i := range widths {
		widths[i] = 1
		if i < len(t.Widths) && t.Widths[i] > 0 {
			widths[i] = t.Widths[i]
		}
		total += widths[i]
	}
	var b strings.Builder
	line := `w:val="single" w:sz="4" w:space="0" w:color="000000"`
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + itoa(TextWidth) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>` +
		`<w:top ` + line + `/><w:left ` + line + `/><w:bottom ` + line + `/><w:right ` + line + `/><w:insideH ` + line +
		`/><w:insideV ` + line + `/></w:tblBorders><w:tblLayout w:type="fixed"/>` +
		`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for i := range widths {
		widths[i] = TextWidth * widths[i] / total
		b.WriteString(`<w:gridCol w:w="` + itoa(widths[i]) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []string, header bool) {
		b.WriteString(`<w:tr>`)
		if header {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for i := 0; i < n; i++ {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			font, fb := FangSong, FangSongFB
			if header {
				font, fb = HeiTi, "SimHei"
			}
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(widths[i]) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>` +
				para(`<w:snapToGrid w:val="0"/><w:spacing w:line="300" w:lineRule="auto"/><w:jc w:val="center"/>`,
					run(c, font, fb, tableSize, false, false)) + `</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	row(t.Header, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

// colophon is the 版记: the copies (抄送) and the printing organ and date (印发) in 4号仿宋,
// between a thick rule above and below and a thin one between them.
func (d *Document) colophon() string {
	if d.CC == "" && d.Printed == "" {
		return ""
	}
	rule := func(edge string, sz int) string {
		return `<w:` + edge + ` w:val="single" w:sz="` + itoa(sz) + `" w:space="1" w:color="000000"/>`
	}
	small := func(s string) string { return run(s, FangSong, FangSongFB, pageSize, false, false) }
	var b strings.Builder
	b.WriteString(para(``))
	ind := `<w:ind w:left="280" w:right="280"/><w:snapToGrid w:val="0"/>`
	if d.CC != "" {
		b.WriteString(para(`<w:pBdr>`+rule("top", 8)+rule("bottom", 4)+`</w:pBdr>`+ind, small(d.CC)))
	}
	if d.Printed != "" {
		top := ""
		if d.CC == "" {
			top = rule("top", 8)
		}
		b.WriteString(para(`<w:pBdr>`+top+rule("bottom", 8)+`</w:pBdr>`+ind, small(d.Printed)))
	}
	return b.String()
}

func body(text string) string { return run(text, FangSong, FangSongFB, bodySize, false, false) }

func (d *Document) document() string {
	var b strings.Builder
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if d.Issuer != "" {
		b.WriteString(para(`<w:jc w:val="center"/><w:spacing w:line="240" w:lineRule="auto"/>`,
			run(d.Issuer, XBSong, XBSongFB, 60, false, true)))
	}
	if d.Number != "" || d.SignedBy != "" {
		left, right := d.Number, d.SignedBy
		tabs := `<w:tabs><w:tab w:val="right" w:pos="` + itoa(PageWidth-MarginLeft-MarginRight) + `"/></w:tabs>`
		runs := []string{body(left)}
		if right != "" {
			runs = append(runs, `<w:r><w:tab/></w:r>`, body(right))
		}
		// The red rule under the mark and the number (版头中的分隔线).
		rule := `<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="FF0000"/></w:pBdr>`
		b.WriteString(para(tabs+rule, runs...))
	}
	if d.Title != "" {
		b.WriteString(para(`<w:jc w:val="center"/><w:spacing w:before="579" w:after="579" w:line="700" w:lineRule="exact"/>`,
			run(d.Title, XBSong, XBSongFB, titleSize, false, false)))
	}
	if d.Recipient != "" {
		b.WriteString(para(``, body(d.Recipient)))
	}
	for i, p := range d.Body {
		if d.Headings[i] {
			b.WriteString(para(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`, run(p, HeiTi, "SimHei", bodySize, false, false)))
		} else {
			b.WriteString(para(`<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>`, body(p)))
		}
		if t := d.Tables[i]; t != nil {
			b.WriteString(t.xml())
		}
	}
	if d.Signature != "" || d.Date != "" {
		b.WriteString(para(``))
		// 发文机关署名 and 成文日期 right, with four characters to spare (右空四字).
		right := `<w:jc w:val="right"/><w:ind w:rightChars="400" w:right="1280"/>`
		if d.Signature != "" {
			b.WriteString(para(right, body(d.Signature)))
		}
		if d.Date != "" {
			b.WriteString(para(right, body(d.Date)))
		}
	}
	if d.Note != "" {
		b.WriteString(para(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`, body("（"+d.Note+"）")))
	}
	b.WriteString(d.colophon())
	b.WriteString(sectPr)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// sectPr is the page: A4, the margins of GB/T 9704, the 22 × 28 grid, the two footers.
var sectPr = `<w:sectPr>` +
	`<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>` +
	`<w:pgSz w:w="` + itoa(PageWidth) + `" w:h="` + itoa(PageHeight) + `"/>` +
	`<w:pgMar w:top="` + itoa(MarginTop) + `" w:right="` + itoa(MarginRight) + `" w:bottom="` + itoa(MarginBottom) +
	`" w:left="` + itoa(MarginLeft) + `" w:header="851" w:footer="992" w:gutter="0"/>` +
	`<w:pgNumType w:fmt="decimal" w:start="1"/>` +
	`<w:docGrid w:type="linesAndChars" w:linePitch="` + itoa(LinePitch) + `" w:charSpace="` + itoa(charSpace) + `"/>` +
	`</w:sectPr>`

// footer is a page-number footer 「— 1 —」 in 4号宋体, on the right (odd pages) or the left
// (even pages), one character in from the edge of the text block.
func footer(side string) string {
	ind := `<w:ind w:right="280"/>`
	if side == "left" {
		ind = `<w:ind w:left="280"/>`
	}
	num := func(s string) string { return run(s, SongTi, "SimSun", pageSize, false, false) }
	return `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:p><w:pPr><w:jc w:val="` + side + `"/>` + ind + `</w:pPr>` + num("— ") +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` + num("1") + `<w:r><w:fldChar w:fldCharType="end"/></w:r>` +
		num(" —") + `</w:p></w:ftr>`
}

func core(title string, created time.Time) string {
	t := created.UTC().Format(time.RFC3339)
	return `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + esc(title) + `</dc:title><dc:creator>luoshi</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified></cp:coreProperties>`
}

const contentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
	`</Relationships>`

// styles sets the defaults: 3号仿宋 on the grid, no space between paragraphs.
var styles = `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults>` +
	`<w:rPrDefault><w:rPr><w:rFonts w:ascii="` + FangSongFB + `" w:hAnsi="` + FangSongFB + `" w:eastAsia="` + FangSong +
	`" w:cs="` + FangSongFB + `"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:snapToGrid w:val="1"/><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault>` +
	`</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`

const settings = `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:evenAndOddHeaders/><w:defaultTabStop w:val="640"/><w:characterSpacingControl w:val="compressPunctuation"/>` +
	`</w:settings>`

// fontTable names each East Asian font with the font a machine without it falls back to.
var fontTable = `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	font(FangSong, FangSongFB) + font(XBSong, XBSongFB) + font(HeiTi, "SimHei") + font(SongTi, "SimSun") + `</w:fonts>`

func font(name, alt string) string {
	return `<w:font w:name="` + name + `"><w:altName w:val="` + alt + `"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>`
}

func itoa(n int) string { return strconv.Itoa(n) }
