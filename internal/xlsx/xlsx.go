// Package xlsx reads and writes luoshi's Excel workbooks — target letters, actuals, key
// development indicators, scores — over io.Reader and io.Writer, with no database and no
// HTTP. Reading is all or nothing: every bad cell is reported by sheet, row and column in
// Chinese, and no rows are returned while any remains. Writing streams.
package xlsx

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
)

// Limits of a workbook read.
const (
	MaxRows     = 5000     // data rows of a sheet
	MaxCellLen  = 2000     // characters of a cell
	maxUnzipped = 64 << 20 // bytes unpacked from the zip, in all
	maxSheetXML = 32 << 20 // bytes of one sheet's XML kept in memory
)

// column is one column an importer knows: its field and the headers it may carry (the first
// is the template's).
type column struct {
	field    string
	headers  []string
	required bool
}

// sheetRow is one data row, read by field.
type sheetRow struct {
	ref   *luoshi.RowRef
	cells map[string]string
}

func (r sheetRow) get(field string) string { return strings.TrimSpace(r.cells[field]) }

// readSheet opens the workbook and reads the named sheet (or, failing that, the first) by
// its header row, which must be within the first ten rows. Problems with the workbook or
// the headers come back as an EINVALID error naming them.
func readSheet(r io.Reader, want string, cols []column) (rows []sheetRow, err error) {
	defer func() {
		// A damaged workbook must never take the server down.
		if p := recover(); p != nil {
			rows, err = nil, luoshi.Invalid("file", "sheet.workbook.damaged")
		}
	}()
	f, err := excelize.OpenReader(io.LimitReader(r, 64<<20), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxSheetXML})
	if err != nil {
		return nil, luoshi.Invalid("file", "sheet.workbook.unreadable", shortErr(err))
	}
	defer f.Close()
	sheet := want
	if idx, err := f.GetSheetIndex(want); err != nil || idx < 0 {
		list := f.GetSheetList()
		if len(list) == 0 {
			return nil, luoshi.Invalid("file", "sheet.workbook.no_sheets")
		}
		sheet = list[0]
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, luoshi.Invalid("file", "sheet.sheet.unreadable", sheet, shortErr(err))
	}
	defer it.Close()
	return scanRows(it, sheet, cols)
}

// hasControl reports whether a cell holds a C0 control character other than tab and line
// breaks: Excel stores one as _x0001_ and excelize reads it back as the character, which the
// API and the forms refuse (a cell "a_x0001_b", Excel's own writing of \x01, was imported into a note; seeds
// control-escaped in testdata/fuzz/FuzzActualCell and FuzzKeyFigureCell).
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' })
}

func shortErr(err error) string {
	s := err.Error()
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	return s
}

// scanRows finds the header row and reads every non-empty row after it.
func scanRows(it *excelize.Rows, sheet string, cols []column) ([]sheetRow, error) {
	var v luoshi.Validation
	var ref *luoshi.RowRef // the header, once found
	byIndex := map[int]string{}
	var out []sheetRow
	for n := 1; it.Next(); n++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, luoshi.Invalid("file", "sheet.row.unreadable", sheet, n, shortErr(err))
		}
		if blank(cells) {
			continue
		}
		if ref == nil {
			if ref, byIndex = header(sheet, cells, cols); ref == nil && n >= 10 {
				return nil, luoshi.Invalid("file", "sheet.header.not_found_top", sheet, requiredHeaders(cols))
			}
			continue
		}
		if len(out) >= MaxRows {
			return nil, luoshi.Invalid("file", "sheet.too_many_rows", sheet, MaxRows)
		}
		row := sheetRow{ref: &luoshi.RowRef{Sheet: sheet, Row: n, Cols: ref.Cols}, cells: map[string]string{}}
		for i, c := range cells {
			field, ok := byIndex[i]
			if !ok {
				continue
			}
			if utf8.RuneCountInString(c) > MaxCellLen {
				v.AddCell(row.ref, field, "sheet.cell.too_long", MaxCellLen)
				continue
			}
			if hasControl(c) {
				v.AddCell(row.ref, field, "sheet.cell.control")
				continue
			}
			row.cells[field] = c
		}
		for _, c := range cols {
			if c.required && row.get(c.field) == "" {
				v.AddCell(row.ref, c.field, "sheet.cell.empty")
			}
		}
		out = append(out, row)
	}
	if err := it.Error(); err != nil {
		return nil, luoshi.Invalid("file", "sheet.sheet.unreadable_stream", sheet, shortErr(err))
	}
	if ref == nil {
		return nil, luoshi.Invalid("file", "sheet.header.not_found", sheet, requiredHeaders(cols))
	}
	return out, v.Err()
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// header matches a row against the known columns; it is the header when every required
// column is there.
func header(sheet string, cells []string, cols []column) (*luoshi.RowRef, map[int]string) {
	ref := &luoshi.RowRef{Sheet: sheet, Cols: map[string]luoshi.Column{}}
	byIndex := map[int]string{}
	for i, c := range cells {
		h := normHeader(c)
		for _, col := range cols {
			if _, taken := ref.Cols[col.field]; taken {
				continue
			}
			for _, name := range col.headers {
				if h == normHeader(name) {
					letter, _ := excelize.ColumnNumberToName(i + 1)
					ref.Cols[col.field] = luoshi.Column{Letter: letter, Header: strings.TrimSpace(c)}
					byIndex[i] = col.field
				}
			}
		}
	}
	for _, col := range cols {
		if _, ok := ref.Cols[col.field]; col.required && !ok {
			return nil, nil
		}
	}
	return ref, byIndex
}

func normHeader(s string) string {
	s = strings.NewReplacer("(", "（", ")", "）", "*", "", " ", "", "\u3000", "", "\n", "").Replace(s)
	return strings.TrimSpace(s)
}

// requiredHeaders lists the headers a sheet must have, quoted as the workbook writes them.
func requiredHeaders(cols []column) []luoshi.Msg {
	var names []luoshi.Msg
	for _, c := range cols {
		if c.required {
			names = append(names, luoshi.M("sheet.quoted", c.headers[0]))
		}
	}
	return names
}

// number reads a numeric cell: a plain number (thousands separators allowed), never a
// percentage written as text, which would be ambiguous.
func number(v *luoshi.Validation, r sheetRow, field string) (float64, bool) {
	s := strings.ReplaceAll(strings.ReplaceAll(r.get(field), ",", ""), "，", "")
	if strings.HasSuffix(s, "%") || strings.HasSuffix(s, "％") {
		v.AddCell(r.ref, field, "sheet.number.percent", r.get(field))
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > luoshi.MaxIndicatorValue {
		v.AddCell(r.ref, field, "sheet.number.invalid", r.get(field))
		return 0, false
	}
	return x, true
}

// optNumber reads a numeric cell that may be blank.
func optNumber(v *luoshi.Validation, r sheetRow, field string) *float64 {
	if r.get(field) == "" {
		return nil
	}
	x, ok := number(v, r, field)
	if !ok {
		return nil
	}
	return &x
}

// integer reads a whole number in [lo, hi].
func integer(v *luoshi.Validation, r sheetRow, field string, lo, hi int) int {
	s := r.get(field)
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != math.Trunc(x) || x < float64(lo) || x > float64(hi) {
		v.AddCell(r.ref, field, "sheet.integer.range", s, lo, hi)
		return 0
	}
	return int(x)
}

// choice maps a cell to one of the values its labels name; blank gives def ("" = required).
func choice(v *luoshi.Validation, r sheetRow, field string, labels map[string]string, def string, hint luoshi.Msg) string {
	s := r.get(field)
	if s == "" && def != "" {
		return def
	}
	if x, ok := labels[strings.ToLower(s)]; ok {
		return x
	}
	v.AddCell(r.ref, field, "sheet.choice.invalid", s, hint)
	return ""
}

var cnDigits = strings.NewReplacer("一", "1", "二", "2", "三", "3", "四", "4", "十二", "12", "十一", "11", "十", "10")

// periodNumber reads a period: 3, 第3季度, 三季度, Q3, 3月.
func periodNumber(v *luoshi.Validation, r sheetRow, field string, max int) int {
	s := strings.ToUpper(r.get(field))
	s = strings.NewReplacer("第", "", "季度", "", "季", "", "Q", "", "月份", "", "月", "", " ", "").Replace(s)
	s = cnDigits.Replace(s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		v.AddCell(r.ref, field, "sheet.period.invalid", r.get(field))
		return 0
	}
	return n
}

// date reads a date cell: an Excel date, or text 2026-04-20, 2026/4/20, 2026年4月20日.
func date(v *luoshi.Validation, r sheetRow, field string) string {
	s := r.get(field)
	if x, err := strconv.ParseFloat(s, 64); err == nil && x > 0 && x < 2958466 {
		if t, err := excelize.ExcelDateToTime(x, false); err == nil {
			return t.Format("2006-01-02")
		}
	}
	norm := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
	if t, err := time.Parse("2006-1-2", norm); err == nil {
		return t.Format("2006-01-02")
	}
	v.AddCell(r.ref, field, "sheet.date.invalid", s)
	return ""
}

// writer streams one sheet.
type writer struct {
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
	hdr int // header style
}

// newWorkbook starts a workbook whose first sheet is named sheet.
func newWorkbook(sheet string) (*writer, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	w := &writer{f: f}
	return w, w.stream(sheet)
}

// stream starts writing the named sheet (created if missing).
func (w *writer) stream(sheet string) error {
	if idx, _ := w.f.GetSheetIndex(sheet); idx < 0 {
		if _, err := w.f.NewSheet(sheet); err != nil {
			return err
		}
	}
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if w.hdr == 0 {
		if w.hdr, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
			Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}}); err != nil {
			return err
		}
	}
	w.sw, w.row = sw, 0
	return nil
}

// widths sets column widths; call before the first row.
func (w *writer) widths(ws ...float64) error {
	for i, x := range ws {
		if err := w.sw.SetColWidth(i+1, i+1, x); err != nil {
			return err
		}
	}
	return nil
}

// header writes a bold header row.
func (w *writer) header(names ...string) error {
	vals := make([]any, len(names))
	for i, n := range names {
		vals[i] = excelize.Cell{StyleID: w.hdr, Value: n}
	}
	return w.put(vals...)
}

// put writes the next row. Strings are written as text cells, never as formulas.
func (w *writer) put(vals ...any) error {
	w.row++
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	return w.sw.SetRow(cell, vals)
}

// close flushes the sheet being written.
func (w *writer) close() error { return w.sw.Flush() }

// finish writes the workbook out.
func (w *writer) finish(out io.Writer) error {
	if err := w.close(); err != nil {
		w.f.Close()
		return err
	}
	return w.write(out)
}

// write writes the workbook, its sheets flushed, out.
func (w *writer) write(out io.Writer) error {
	defer w.f.Close()
	w.f.SetActiveSheet(0)
	_, err := w.f.WriteTo(out)
	return err
}

// dropList offers a list of choices in a column of the sheet (rows 2 to MaxRows+1).
func (w *writer) dropList(sheet string, col int, choices []string) error {
	dv := columnValidation(col)
	if err := dv.SetDropList(choices); err != nil {
		return err
	}
	return w.f.AddDataValidation(sheet, dv)
}

// dropRange offers the values of a cell range (e.g. 'list'!$A$1:$A$9) in a column.
func (w *writer) dropRange(sheet string, col int, ref string) error {
	dv := columnValidation(col)
	dv.SetSqrefDropList(ref)
	return w.f.AddDataValidation(sheet, dv)
}

func columnValidation(col int) *excelize.DataValidation {
	letter, _ := excelize.ColumnNumberToName(col)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", letter, letter, MaxRows+1)
	return dv
}
