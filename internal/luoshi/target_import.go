package luoshi

import (
	"strconv"
)

// Column is where a field sits in an imported sheet: its letter and its header.
type Column struct {
	Letter string
	Header string
}

// RowRef locates one imported row, so that a problem found in it names the cell a clerk
// must fix: sheet, row number and column (with its header).
type RowRef struct {
	Sheet string
	Row   int
	// Cols maps a field name to its column; shared by every row of a sheet.
	Cols map[string]Column
}

// Addr is the cell's address, e.g. 目标责任书!G7; the field name when the column is unknown.
func (r *RowRef) Addr(field string) string {
	if r == nil {
		return field
	}
	if c, ok := r.Cols[field]; ok {
		return r.Sheet + "!" + c.Letter + strconv.Itoa(r.Row)
	}
	return r.Sheet + "!" + strconv.Itoa(r.Row)
}

// Cell names the cell: 工作表“目标责任书”第 7 行 G 列（目标值）; the field itself for no row.
func (r *RowRef) Cell(field string) any {
	if r == nil {
		return field
	}
	if c, ok := r.Cols[field]; ok {
		return M("sheet.at.cell", r.Sheet, r.Row, c.Letter, c.Header)
	}
	return M("sheet.at.row", r.Sheet, r.Row)
}

// AddCell records a problem with one cell of an imported row: the field is the cell's
// address and the message (by key) begins with the cell's name.
func (v *Validation) AddCell(r *RowRef, field, key string, args ...any) {
	v.Add(r.Addr(field), "sheet.cell", r.Cell(field), M(key, args...))
}

// TargetRow is one indicator row of an imported letters workbook.
type TargetRow struct {
	Ref       *RowRef
	UnitName  string
	Year      int
	Indicator Indicator
}

// ActualRow is one row of an actuals workbook. A nil Value is a blank cell: the prefilled
// workbook lists every period ended, and a unit fills only what it has.
type ActualRow struct {
	Ref       *RowRef
	UnitName  string
	Year      int
	Indicator string
	Period    int
	Value     *float64
	Note      string
}

// KeyFigureRow is one row of an imported key development indicators workbook.
type KeyFigureRow struct {
	Ref         *RowRef
	Indicator   string
	MeasureUnit string
	Direction   Direction
	Figure      KeyFigure
}
