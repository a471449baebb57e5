package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// book builds a workbook with one sheet of rows (the first being the header).
func book(tb testing.TB, sheet string, rows [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		tb.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			tb.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

var letterHeader = []any{"单位名称", "年度", "指标名称", "指标类别", "计量单位", "指标方向", "累计方式", "基数（上年实绩）",
	"目标值", "奋斗目标", "分值", "报送周期", "季节分布", "对标县域指标", "备注"}

func letterRows() [][]any {
	return [][]any{
		letterHeader,
		{"城关镇", 2026, "规上工业增加值", "经济发展", "亿元", "正向", "年度累计", 12.5, 13.6, 14, 30, "季度", "20,25,25,30", "", ""},
		{"城关镇", 2026, "城镇登记失业率", "社会民生", "%", "逆向", "期末水平", 3.8, 3.6, nil, 20, "季度", "", "", "控制在 3.6% 以内"},
		{"城关镇", 2026, "老旧小区改造", "城市建设", "%", "节点", "", 0, 100, nil, 10, "月度", "", "", ""},
	}
}

func TestReadLetters(t *testing.T) {
	rows, err := ReadLetters(bytes.NewReader(book(t, LetterSheet, letterRows())))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	a, b, c := rows[0], rows[1], rows[2]
	if a.UnitName != "城关镇" || a.Year != 2026 || a.Indicator.Target != 13.6 || *a.Indicator.Stretch != 14 ||
		a.Indicator.Direction != luoshi.HigherBetter || len(a.Indicator.Profile) != 4 || a.Indicator.Period != luoshi.Quarterly {
		t.Errorf("row 1: %+v", a)
	}
	if b.Indicator.Direction != luoshi.LowerBetter || b.Indicator.Accumulation != luoshi.Level || b.Indicator.Stretch != nil ||
		b.Indicator.Note != "控制在 3.6% 以内" {
		t.Errorf("row 2: %+v", b.Indicator)
	}
	if c.Indicator.Direction != luoshi.DirectionMilestone || c.Indicator.Period != luoshi.Monthly || c.Indicator.Accumulation != luoshi.Cumulative ||
		c.Ref.Row != 4 || c.Ref.Addr("target") != "目标责任书!I4" {
		t.Errorf("row 3: %+v %s", c.Indicator, c.Ref.Addr("target"))
	}
}

// TestReadLettersBadCell: one bad cell anywhere, and nothing is returned but that cell,
// named by sheet, row and column in Chinese.
func TestReadLettersBadCell(t *testing.T) {
	tests := []struct {
		row, col int
		value    any
		addr     string
		words    string
	}{
		{2, 9, "十三点六", "目标责任书!I2", "第 2 行 I 列（目标值）"},
		{3, 6, "向上", "目标责任书!F3", "第 3 行 F 列（指标方向）"},
		{4, 2, "二〇二六", "目标责任书!B4", "第 4 行 B 列（年度）"},
		{4, 11, nil, "目标责任书!K4", "第 4 行 K 列（分值）"},
		{2, 13, "20;x;25", "目标责任书!M2", "第 2 行 M 列（季节分布）"},
		{3, 8, "3.8%", "目标责任书!H3", "第 3 行 H 列（基数（上年实绩））"},
		{2, 12, "每周", "目标责任书!L2", "第 2 行 L 列（报送周期）"},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			rows := letterRows()
			rows[tc.row-1][tc.col-1] = tc.value
			got, err := ReadLetters(bytes.NewReader(book(t, LetterSheet, rows)))
			if got != nil {
				t.Errorf("%d rows returned with a bad cell", len(got))
			}
			e, ok := luoshi.AsError(err)
			if !ok || e.Code != luoshi.EINVALID || len(e.Fields) != 1 {
				t.Fatalf("err %v", err)
			}
			_, fields := i18n.ZH.Error(e)
			f := fields[0]
			if f.Field != tc.addr || !strings.Contains(f.Message, "工作表“目标责任书”"+tc.words) {
				t.Errorf("field %s: %s; want %s %s", f.Field, f.Message, tc.addr, tc.words)
			}
		})
	}
}

func TestReadLettersHeaders(t *testing.T) {
	// A title row above the header, columns in another order, another sheet name.
	rows := [][]any{{"2026 年度目标责任书汇总表"}, {"目标值", "指标名称", "单位", "年度", "方向", "基数", "分值"},
		{110, "地方一般公共预算收入", "县财政局", 2026, "正向", 100, 50}}
	got, err := ReadLetters(bytes.NewReader(book(t, "汇总", rows)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Indicator.Target != 110 || got[0].Ref.Row != 3 || got[0].Ref.Addr("target") != "汇总!A3" {
		t.Errorf("%+v", got)
	}
	_, err = ReadLetters(bytes.NewReader(book(t, LetterSheet, [][]any{{"单位名称", "年度"}, {"城关镇", 2026}})))
	if e, ok := luoshi.AsError(err); !ok || e.Fields[0].Field != "file" || !strings.Contains(zhField(e), "“目标值”") {
		t.Errorf("missing headers: %v", err)
	}
	_, err = ReadLetters(strings.NewReader("not a workbook"))
	if luoshi.ErrorCode(err) != luoshi.EINVALID {
		t.Errorf("garbage: %v", err)
	}
}

// TestLetterRoundTrip: what the export writes, the importer reads back.
func TestLetterRoundTrip(t *testing.T) {
	rows, err := ReadLetters(bytes.NewReader(book(t, LetterSheet, letterRows())))
	if err != nil {
		t.Fatal(err)
	}
	l := &luoshi.Letter{ID: 1, UnitID: 7, Year: 2026, State: luoshi.LetterDraft}
	for _, r := range rows {
		l.Indicators = append(l.Indicators, r.Indicator)
	}
	l.Indicators[0].Flags = []luoshi.Flag{{Reason: luoshi.FlagBelowPeerUnits, Message: "计划增幅低于中位数", Justification: "产能转移"}}
	var buf bytes.Buffer
	if err := WriteLetters(&buf, []*luoshi.Letter{l}, map[int64]string{7: "城关镇"}); err != nil {
		t.Fatal(err)
	}
	back, err := ReadLetters(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		a, b := rows[i].Indicator, back[i].Indicator
		if fmt.Sprint(a.Name, a.Target, a.Baseline, a.Direction, a.Accumulation, a.Period, a.Profile, a.Weight) !=
			fmt.Sprint(b.Name, b.Target, b.Baseline, b.Direction, b.Accumulation, b.Period, b.Profile, b.Weight) {
			t.Errorf("row %d: %+v became %+v", i, a, b)
		}
	}
}

func TestTemplates(t *testing.T) {
	var buf bytes.Buffer
	if err := LetterTemplate(&buf, []string{"城关镇", "县财政局"}, 2026); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations(LetterSheet)
	if err != nil || len(dvs) != 4 {
		t.Errorf("%d drop-down lists (%v), want 4", len(dvs), err)
	}
	hdr, _ := f.GetRows(LetterSheet)
	if len(hdr) != 1 || hdr[0][0] != "单位名称" || hdr[0][8] != "目标值" {
		t.Errorf("header %v", hdr)
	}
	// An empty template has a header and nothing under it.
	if _, err := ReadLetters(bytes.NewReader(buf.Bytes())); err != nil {
		t.Errorf("empty template: %v", err)
	}
	buf.Reset()
	v := 12.5
	if err := ActualsWorkbook(&buf, []luoshi.ActualRow{{UnitName: "城关镇", Year: 2026, Indicator: "规上工业增加值", Period: 1, Value: &v},
		{UnitName: "城关镇", Year: 2026, Indicator: "规上工业增加值", Period: 2}}); err != nil {
		t.Fatal(err)
	}
	acts, err := ReadActuals(bytes.NewReader(buf.Bytes()))
	if err != nil || len(acts) != 2 || *acts[0].Value != 12.5 || acts[1].Value != nil || acts[1].Period != 2 {
		t.Errorf("actuals back: %+v %v", acts, err)
	}
	buf.Reset()
	if err := KeyFigureTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadKeyFigures(bytes.NewReader(buf.Bytes())); err != nil {
		t.Errorf("empty key figures template: %v", err)
	}
}

func TestReadKeyFigures(t *testing.T) {
	rows := [][]any{{"指标名称", "计量单位", "指标方向", "年度", "季度", "县（市、区）", "区划代码", "数值", "数据来源", "发布日期"},
		{"地区生产总值增速", "%", "正向", 2026, "一季度", "示例县", "439001", 6.2, "市统计局", "2026-04-20"},
		{"地区生产总值增速", "%", "正向", 2026, "Q2", "东岭县", "", 5.9, "市统计局", 46223}}
	got, err := ReadKeyFigures(bytes.NewReader(book(t, KeyFigureSheet, rows)))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Figure.Quarter != 1 || got[1].Figure.Quarter != 2 || got[1].Figure.ReleasedOn != "2026-07-20" ||
		got[0].Figure.ReleasedOn != "2026-04-20" || got[0].Direction != luoshi.HigherBetter {
		t.Errorf("%+v", got)
	}
	rows[2][9] = "七月二十日"
	_, err = ReadKeyFigures(bytes.NewReader(book(t, KeyFigureSheet, rows)))
	if e, ok := luoshi.AsError(err); !ok || e.Fields[0].Field != "重要发展指标!J3" {
		t.Errorf("bad date: %v", err)
	}
}

// zhField is the first field message of an error as a reader of Chinese sees it.
func zhField(e *luoshi.Error) string {
	_, fields := i18n.ZH.Error(e)
	return fields[0].Message
}
