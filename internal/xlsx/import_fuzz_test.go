package xlsx

import (
	"bytes"
	"io"
	"math"
	"reflect"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// actualRows is a valid actuals workbook: a figure, a blank one (nil value), with its header.
func actualRows() [][]any {
	return [][]any{
		{"单位名称", "年度", "指标名称", "期次", "实绩值", "说明"},
		{"县发展改革局", 2026, "地区生产总值增速", "第3季度", 6.2, "统计局快报"},
		{"城关镇", 2026, "招商引资到位资金", 9, "", ""},
	}
}

// checkActuals is what every read of an actuals workbook must satisfy: rows or a refusal
// naming cells, never both; every row located, its year and period in range and its value,
// when given, a finite number within the bound the service keeps.
func checkActuals(t *testing.T, rows []luoshi.ActualRow, err error) {
	t.Helper()
	if !readRows(t, rows, err) {
		return
	}
	for _, r := range rows {
		if r.Ref == nil || r.Ref.Row < 2 || r.UnitName == "" || r.Indicator == "" ||
			r.Year < 1900 || r.Year > 9999 || r.Period < 1 || r.Period > 12 {
			t.Fatalf("incomplete row returned: %+v", r)
		}
		if x := r.Value; x != nil && (math.IsNaN(*x) || math.IsInf(*x, 0) || math.Abs(*x) > luoshi.MaxIndicatorValue) {
			t.Fatalf("value %v returned: %+v", *x, r)
		}
	}
}

// checkNoControl: no text of the rows read holds a C0 control character other than tab and
// line breaks (Excel writes one as _x0001_; the API and the forms refuse them).
func checkNoControl(t *testing.T, rows any) {
	t.Helper()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			if hasControl(v.String()) {
				t.Fatalf("a text with a control character read: %q", v.String())
			}
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(rows))
}

// readRows is what every read of a workbook must first satisfy: rows or a refusal naming
// cells, never both, and no text read with a control character. It reports whether there
// are rows for the caller to check further.
func readRows[R any](t *testing.T, rows []R, err error) bool {
	t.Helper()
	if err != nil {
		if rows != nil {
			t.Fatalf("rows returned with an error: %v", err)
		}
		checkRefusal(t, err)
		return false
	}
	checkNoControl(t, rows)
	return true
}

// fuzzRead feeds arbitrary bytes to an importer, seeded with a valid workbook of the sheet,
// a zip's first bytes and nothing.
func fuzzRead[R any](f *testing.F, sheet string, valid [][]any, read func(io.Reader) ([]R, error), check func(*testing.T, []R, error)) {
	f.Add(book(f, sheet, valid))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := read(bytes.NewReader(data))
		check(t, rows, err)
	})
}

// fuzzCell changes one cell of a valid workbook (row and column from 0, within the rows and
// columns given): the importer either accepts it or blames that very cell (a header cell or
// the file for the header row); no other row.
func fuzzCell[R any](f *testing.F, sheet string, valid func() [][]any, nrows, ncols int, read func(io.Reader) ([]R, error), check func(*testing.T, []R, error)) {
	f.Fuzz(func(t *testing.T, row, col uint8, text string) {
		r, c := int(row)%nrows+1, int(col)%ncols+1
		got, err := read(bytes.NewReader(book(t, sheet, setCell(valid(), r, c, text))))
		check(t, got, err)
		onlyBlamed(t, err, sheet, r, c, text, r >= 2 && r <= len(valid()) && c <= len(valid()[0]))
	})
}

// FuzzReadActuals feeds arbitrary bytes to the actuals importer. Seeds are in
// testdata/fuzz/FuzzReadActuals.
func FuzzReadActuals(f *testing.F) {
	fuzzRead(f, ActualSheet, actualRows(), ReadActuals, checkActuals)
}

// FuzzActualCell changes one cell of a valid actuals workbook: the importer either accepts
// it or blames that very cell (a header cell or the file for the header row); no other row.
// Seeds are in testdata/fuzz/FuzzActualCell.
func FuzzActualCell(f *testing.F) {
	f.Add(uint8(1), uint8(4), "NaN") // row 2, column 5 (the value): row and column count from 0
	f.Add(uint8(1), uint8(4), "1e400")
	f.Add(uint8(1), uint8(3), "十三月")
	f.Add(uint8(2), uint8(1), "2026.5")
	f.Add(uint8(0), uint8(4), "数值")
	f.Add(uint8(3), uint8(0), "河西街道")
	f.Add(uint8(1), uint8(5), "a_x0001_b")
	fuzzCell(f, ActualSheet, actualRows, 5, 8, ReadActuals, checkActuals)
}

// keyFigureRows is a valid key development indicators workbook, with its header.
func keyFigureRows() [][]any {
	return [][]any{
		{"指标名称", "计量单位", "指标方向", "年度", "季度", "县（市、区）", "区划代码", "数值", "数据来源", "发布日期"},
		{"地区生产总值增速", "%", "正向", 2026, "第三季度", "本县", "360000", 6.1, "市统计局", "2026-10-20"},
		{"城镇登记失业率", "%", "逆向", 2026, 3, "邻县", "", 3.2, "市统计局", 46315},
	}
}

// checkKeyFigures is what every read of a key figures workbook must satisfy: rows or a
// refusal naming cells; every row located, with its direction, year, quarter, finite value
// and a real date of release.
func checkKeyFigures(t *testing.T, rows []luoshi.KeyFigureRow, err error) {
	t.Helper()
	if !readRows(t, rows, err) {
		return
	}
	for _, r := range rows {
		fg := r.Figure
		if r.Ref == nil || r.Ref.Row < 2 || r.Indicator == "" || !r.Direction.Valid() || fg.County == "" ||
			fg.Source == "" || fg.Year < 1900 || fg.Year > 9999 || fg.Quarter < 1 || fg.Quarter > 4 ||
			math.IsNaN(fg.Value) || math.IsInf(fg.Value, 0) || math.Abs(fg.Value) > luoshi.MaxIndicatorValue {
			t.Fatalf("incomplete row returned: %+v", r)
		}
		if _, err := time.Parse("2006-01-02", fg.ReleasedOn); err != nil {
			t.Fatalf("the date of release %q is not a date: %+v", fg.ReleasedOn, r)
		}
	}
}

// FuzzReadKeyFigures feeds arbitrary bytes to the key development indicators importer.
// Seeds are in testdata/fuzz/FuzzReadKeyFigures.
func FuzzReadKeyFigures(f *testing.F) {
	fuzzRead(f, KeyFigureSheet, keyFigureRows(), ReadKeyFigures, checkKeyFigures)
}

// FuzzKeyFigureCell changes one cell of a valid key figures workbook: accepted, or that
// very cell blamed. Seeds are in testdata/fuzz/FuzzKeyFigureCell.
func FuzzKeyFigureCell(f *testing.F) {
	f.Add(uint8(1), uint8(9), "2026年2月30日") // row 2, column 10 (released on), counted from 0
	f.Add(uint8(1), uint8(9), "99999999")
	f.Add(uint8(2), uint8(2), "越小越好")
	f.Add(uint8(2), uint8(4), "Q5")
	f.Add(uint8(1), uint8(7), "Inf")
	f.Add(uint8(0), uint8(0), "指标")
	f.Add(uint8(1), uint8(8), "市统计局_x001B_")
	fuzzCell(f, KeyFigureSheet, keyFigureRows, 5, 12, ReadKeyFigures, checkKeyFigures)
}
