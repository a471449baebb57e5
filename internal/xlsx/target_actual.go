package xlsx

import (
	"io"

	"luoshi/internal/luoshi"
)

// ActualSheet is the sheet of indicator actuals.
const ActualSheet = "指标实绩"

var actualCols = []column{
	{field: "unit", headers: []string{"单位名称", "单位"}, required: true},
	{field: "year", headers: []string{"年度", "年份"}, required: true},
	{field: "indicator", headers: []string{"指标名称", "指标"}, required: true},
	{field: "period", headers: []string{"期次", "季度", "月份"}, required: true},
	{field: "value", headers: []string{"实绩值", "实绩", "完成值"}},
	{field: "note", headers: []string{"说明", "备注"}},
}

// ReadActuals reads an actuals workbook; a row whose value is blank is returned with a nil
// Value (the prefilled workbook lists every period, and a unit fills what it has).
func ReadActuals(r io.Reader) ([]luoshi.ActualRow, error) {
	rows, err := readSheet(r, ActualSheet, actualCols)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	out := make([]luoshi.ActualRow, 0, len(rows))
	for _, row := range rows {
		a := luoshi.ActualRow{Ref: row.ref, UnitName: row.get("unit"), Indicator: row.get("indicator"), Note: row.get("note")}
		a.Year = integer(&v, row, "year", 1900, 9999)
		a.Period = periodNumber(&v, row, "period", 12)
		a.Value = optNumber(&v, row, "value")
		out = append(out, a)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ActualsWorkbook writes the actuals workbook prefilled with the rows: every indicator and
// period due, with the figures already on record, so that a unit fills in only what is new.
func ActualsWorkbook(out io.Writer, rows []luoshi.ActualRow) error {
	w, err := newWorkbook(ActualSheet)
	if err != nil {
		return err
	}
	if err := w.widths(24, 8, 30, 10, 14, 40); err != nil {
		return err
	}
	if err := w.header("单位名称", "年度", "指标名称", "期次", "实绩值", "说明"); err != nil {
		return err
	}
	for _, r := range rows {
		var val any
		if r.Value != nil {
			val = *r.Value
		}
		if err := w.put(r.UnitName, r.Year, r.Indicator, r.Period, val, r.Note); err != nil {
			return err
		}
	}
	return w.finish(out)
}
