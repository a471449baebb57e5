package xlsx

import (
	"io"

	"luoshi/internal/luoshi"
)

// KeyFigureSheet is the sheet of key development indicators of this county and its peers.
const KeyFigureSheet = "重要发展指标"

var keyFigureCols = []column{
	{field: "indicator", headers: []string{"指标名称", "指标"}, required: true},
	{field: "measure_unit", headers: []string{"计量单位"}},
	{field: "direction", headers: []string{"指标方向", "方向"}, required: true},
	{field: "year", headers: []string{"年度", "年份"}, required: true},
	{field: "quarter", headers: []string{"季度", "期次"}, required: true},
	{field: "county", headers: []string{"县（市、区）", "县市区", "地区", "县"}, required: true},
	{field: "county_code", headers: []string{"区划代码", "行政区划代码"}},
	{field: "value", headers: []string{"数值", "指标值"}, required: true},
	{field: "source", headers: []string{"数据来源", "来源"}, required: true},
	{field: "released_on", headers: []string{"发布日期", "发布时间"}, required: true},
}

var keyDirectionLabels = map[string]string{"正向": "higher_better", "越大越好": "higher_better", "higher_better": "higher_better",
	"逆向": "lower_better", "越小越好": "lower_better", "lower_better": "lower_better"}

// ReadKeyFigures reads a workbook of official quarterly figures, one row per county, quarter
// and indicator.
func ReadKeyFigures(r io.Reader) ([]luoshi.KeyFigureRow, error) {
	rows, err := readSheet(r, KeyFigureSheet, keyFigureCols)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	out := make([]luoshi.KeyFigureRow, 0, len(rows))
	for _, row := range rows {
		k := luoshi.KeyFigureRow{Ref: row.ref, Indicator: row.get("indicator"), MeasureUnit: row.get("measure_unit")}
		k.Direction = luoshi.Direction(choice(&v, row, "direction", keyDirectionLabels, "", luoshi.M("sheet.hint.key_direction")))
		f := luoshi.KeyFigure{County: row.get("county"), CountyCode: row.get("county_code"), Source: row.get("source")}
		f.Year = integer(&v, row, "year", 1900, 9999)
		f.Quarter = periodNumber(&v, row, "quarter", 4)
		f.Value, _ = number(&v, row, "value")
		f.ReleasedOn = date(&v, row, "released_on")
		k.Figure = f
		out = append(out, k)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyFigureTemplate writes the empty key development indicators workbook.
func KeyFigureTemplate(out io.Writer) error {
	w, err := newWorkbook(KeyFigureSheet)
	if err != nil {
		return err
	}
	if err := w.widths(24, 10, 10, 8, 8, 16, 12, 12, 30, 12); err != nil {
		return err
	}
	hdr := make([]string, len(keyFigureCols))
	for i, c := range keyFigureCols {
		hdr[i] = c.headers[0]
	}
	if err := w.header(hdr...); err != nil {
		return err
	}
	if err := w.dropList(KeyFigureSheet, 3, []string{"正向", "逆向"}); err != nil {
		return err
	}
	return w.finish(out)
}
