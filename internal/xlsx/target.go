package xlsx

import (
	"io"
	"strconv"
	"strings"

	"luoshi/internal/luoshi"
)

// LetterSheet is the sheet of target letters: one row per indicator.
const LetterSheet = "目标责任书"

var letterCols = []column{
	{field: "unit", headers: []string{"单位名称", "单位", "责任单位"}, required: true},
	{field: "year", headers: []string{"年度", "年份"}, required: true},
	{field: "name", headers: []string{"指标名称", "指标"}, required: true},
	{field: "category", headers: []string{"指标类别", "类别"}},
	{field: "measure_unit", headers: []string{"计量单位", "单位（计量）"}},
	{field: "direction", headers: []string{"指标方向", "方向"}, required: true},
	{field: "accumulation", headers: []string{"累计方式"}},
	{field: "baseline", headers: []string{"基数（上年实绩）", "基数", "上年实绩"}, required: true},
	{field: "target", headers: []string{"目标值", "目标"}, required: true},
	{field: "stretch", headers: []string{"奋斗目标"}},
	{field: "weight", headers: []string{"分值", "权重"}, required: true},
	{field: "period", headers: []string{"报送周期", "周期"}},
	{field: "profile", headers: []string{"季节分布", "分期计划"}},
	{field: "county_indicator", headers: []string{"对标县域指标", "对标指标"}},
	{field: "note", headers: []string{"备注", "说明"}},
}

var (
	directionLabels = map[string]string{"正向": "higher_better", "越大越好": "higher_better", "higher_better": "higher_better",
		"逆向": "lower_better", "越小越好": "lower_better", "lower_better": "lower_better",
		"节点": "milestone", "节点型": "milestone", "milestone": "milestone"}
	accumulationLabels = map[string]string{"年度累计": "cumulative", "累计": "cumulative", "cumulative": "cumulative",
		"期末水平": "level", "水平": "level", "时点": "level", "level": "level"}
	periodLabels = map[string]string{"季度": "quarterly", "按季": "quarterly", "quarterly": "quarterly",
		"月度": "monthly", "按月": "monthly", "monthly": "monthly"}
)

var directionNames = map[luoshi.Direction]string{luoshi.HigherBetter: "正向", luoshi.LowerBetter: "逆向", luoshi.DirectionMilestone: "节点"}

// ReadLetters reads a letters workbook: every row an indicator of a unit's letter of a year.
// Cell problems (blank required cells, numbers that are not, unknown choices) are all
// reported, by cell, and no rows are returned while any remains.
func ReadLetters(r io.Reader) ([]luoshi.TargetRow, error) {
	rows, err := readSheet(r, LetterSheet, letterCols)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	out := make([]luoshi.TargetRow, 0, len(rows))
	for _, row := range rows {
		t := luoshi.TargetRow{Ref: row.ref, UnitName: row.get("unit")}
		t.Year = integer(&v, row, "year", 1900, 9999)
		ind := luoshi.Indicator{Name: row.get("name"), Category: row.get("category"), MeasureUnit: row.get("measure_unit"),
			CountyIndicator: row.get("county_indicator"), Note: row.get("note"), Flags: []luoshi.Flag{}}
		ind.Direction = luoshi.Direction(choice(&v, row, "direction", directionLabels, "", luoshi.M("sheet.hint.direction")))
		ind.Accumulation = luoshi.Accumulation(choice(&v, row, "accumulation", accumulationLabels, "cumulative", luoshi.M("sheet.hint.accumulation")))
		ind.Period = luoshi.ReportPeriod(choice(&v, row, "period", periodLabels, "quarterly", luoshi.M("sheet.hint.period")))
		ind.Baseline, _ = number(&v, row, "baseline")
		ind.Target, _ = number(&v, row, "target")
		ind.Weight, _ = number(&v, row, "weight")
		ind.Stretch = optNumber(&v, row, "stretch")
		ind.Profile = profile(&v, row)
		t.Indicator = ind
		out = append(out, t)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// profile reads a seasonal profile: numbers separated by commas, 、, slashes or spaces.
func profile(v *luoshi.Validation, r sheetRow) []float64 {
	s := r.get("profile")
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(c rune) bool { return strings.ContainsRune(",，、/;； ", c) })
	out := make([]float64, 0, len(parts))
	for _, p := range parts {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil || x < 0 || x > 1e6 {
			v.AddCell(r.ref, "profile", "sheet.profile.invalid", s)
			return nil
		}
		out = append(out, x)
	}
	return out
}

func letterHeaders() []string {
	h := make([]string, len(letterCols))
	for i, c := range letterCols {
		h[i] = c.headers[0]
	}
	return h
}

// LetterTemplate writes the empty letters workbook for a year: the sheet to fill, with
// drop-down lists of the region's units and of every choice, and a sheet of instructions.
func LetterTemplate(out io.Writer, units []string, year int) error {
	w, err := newWorkbook(LetterSheet)
	if err != nil {
		return err
	}
	if err := w.widths(24, 8, 28, 12, 10, 10, 10, 14, 12, 12, 8, 10, 18, 18, 24); err != nil {
		return err
	}
	if err := w.header(letterHeaders()...); err != nil {
		return err
	}
	for _, dl := range []struct {
		col     int
		choices []string
	}{{6, []string{"正向", "逆向", "节点"}}, {7, []string{"年度累计", "期末水平"}}, {12, []string{"季度", "月度"}}} {
		if err := w.dropList(LetterSheet, dl.col, dl.choices); err != nil {
			return err
		}
	}
	if len(units) > 0 {
		if err := w.unitList(units); err != nil {
			return err
		}
	}
	if err := w.close(); err != nil {
		return err
	}
	if err := w.stream("填写说明"); err != nil {
		return err
	}
	if err := w.widths(18, 90); err != nil {
		return err
	}
	if err := w.header("栏目", "填写要求"); err != nil {
		return err
	}
	for _, line := range letterHelp(year) {
		if err := w.put(line[0], line[1]); err != nil {
			return err
		}
	}
	return w.finish(out)
}

// unitList offers the region's units in the unit column, from a hidden sheet.
func (w *writer) unitList(units []string) error {
	const sheet = "单位列表"
	if _, err := w.f.NewSheet(sheet); err != nil {
		return err
	}
	for i, u := range units {
		cell := "A" + strconv.Itoa(i+1)
		if err := w.f.SetCellStr(sheet, cell, u); err != nil {
			return err
		}
	}
	if err := w.f.SetSheetVisible(sheet, false); err != nil {
		return err
	}
	return w.dropRange(LetterSheet, 1, "'"+sheet+"'!$A$1:$A$"+strconv.Itoa(len(units)))
}

func letterHelp(year int) [][2]string {
	y := strconv.Itoa(year)
	return [][2]string{
		{"单位名称", "与系统中的单位名称完全一致（可从下拉列表选择）；一个单位的多项指标各占一行"},
		{"年度", "如 " + y},
		{"指标名称", "同一单位同一年度不能重复；同类单位使用相同名称，系统按名称与同类单位的目标比较"},
		{"指标类别", "如 经济发展、项目投资、财政收入、社会民生、生态环境；全县对部分类别有增长要求"},
		{"指标方向", "正向（越大越好）、逆向（越小越好）或节点（按完成度计，目标值填 100）"},
		{"累计方式", "年度累计（按 1 至 N 月累计数填报，如投资、收入）或期末水平（填期末数，如比率）；默认年度累计"},
		{"基数（上年实绩）", "上年实际完成数；目标低于基数的将被标记，须书面说明并经督查室同意"},
		{"目标值 / 奋斗目标", "数字，不带单位和百分号；奋斗目标可不填"},
		{"分值", "该指标在考核中的分值，全部指标分值之和一般为 100"},
		{"报送周期", "季度或月度；默认季度"},
		{"季节分布", "可不填（按时间均匀推进）；填写时为每期计划占全年的比例，用逗号分隔，如 15,25,30,30"},
		{"对标县域指标", "县域层面的指标填写对应的重要发展指标名称（如 地区生产总值增速），将与对标县（市、区）比较"},
		{"导入规则", "整份文件全部正确才会导入；有任何错误时不导入任何数据，并逐一指出错误所在的工作表、行和列"},
	}
}

// WriteLetters writes letters in the import layout (so that an export can be corrected and
// imported again while a draft), with each letter's state and the ambition check's flags.
func WriteLetters(out io.Writer, letters []*luoshi.Letter, unitNames map[int64]string) error {
	w, err := newWorkbook(LetterSheet)
	if err != nil {
		return err
	}
	if err := w.widths(24, 8, 28, 12, 10, 8, 10, 14, 12, 12, 8, 10, 18, 18, 24, 10, 60, 40); err != nil {
		return err
	}
	if err := w.header(append(letterHeaders(), "状态", "目标定位问题", "单位说明")...); err != nil {
		return err
	}
	for _, l := range letters {
		for _, ind := range l.Indicators {
			if err := w.put(letterRow(l, &ind, unitNames[l.UnitID])...); err != nil {
				return err
			}
		}
	}
	return w.finish(out)
}

var stateNames = map[luoshi.LetterState]string{luoshi.LetterDraft: "草稿", luoshi.LetterSubmitted: "已提交",
	luoshi.LetterReviewed: "已审核", luoshi.LetterSigned: "已签订"}

func letterRow(l *luoshi.Letter, ind *luoshi.Indicator, unit string) []any {
	acc, period := "年度累计", "季度"
	if ind.Accumulation == luoshi.Level {
		acc = "期末水平"
	}
	if ind.Period == luoshi.Monthly {
		period = "月度"
	}
	var stretch any
	if ind.Stretch != nil {
		stretch = *ind.Stretch
	}
	prof := make([]string, len(ind.Profile))
	for i, p := range ind.Profile {
		prof[i] = strconv.FormatFloat(p, 'f', -1, 64)
	}
	var flags, why []string
	for _, f := range ind.Flags {
		flags = append(flags, f.Message)
		if f.Justification != "" {
			why = append(why, f.Justification)
		}
	}
	return []any{unit, l.Year, ind.Name, ind.Category, ind.MeasureUnit, directionNames[ind.Direction], acc,
		ind.Baseline, ind.Target, stretch, ind.Weight, period, strings.Join(prof, ","), ind.CountyIndicator, ind.Note,
		stateNames[l.State], strings.Join(flags, "；"), strings.Join(why, "；")}
}
