package api_test

import (
	"fmt"
	"strings"
	"testing"
)

var peerHeader = []any{"指标名称", "计量单位", "指标方向", "年度", "季度", "县（市、区）", "区划代码", "数值", "数据来源", "发布日期"}

// peerValues: 2025 GDP growth of this county (first) and eleven peers, quarter by quarter.
var peerCounties = []string{"县439001", "东岭县", "西川县", "南屏县", "北台县", "青山县", "白水县", "红岩县", "金沙县", "石桥县", "云溪县", "柳河县"}

var peerValues = [4][12]float64{
	{6.0, 7.2, 6.8, 6.5, 6.3, 6.0, 5.8, 5.5, 5.1, 4.9, 4.0, 3.2},
	{6.4, 7.0, 6.9, 6.6, 6.2, 6.1, 5.9, 5.6, 5.3, 5.0, 4.4, 3.9},
	{7.5, 7.1, 6.9, 6.6, 6.2, 6.1, 5.9, 5.6, 5.3, 5.0, 4.4, 3.9},
	{3.0, 7.4, 7.0, 6.6, 6.3, 6.1, 6.0, 5.8, 5.5, 5.2, 4.8, 3.5},
}

// peerCountyGDP is the workbook of 12 counties over the four quarters of 2025; this county
// is named by its region code, the peers by name.
func peerCountyGDP() [][]any {
	rows := [][]any{peerHeader}
	released := []string{"2025-04-20", "2025-07-18", "2025-10-20", "2026-01-22"}
	for q := range 4 {
		for i, c := range peerCounties {
			code := ""
			if i == 0 {
				code = "439001"
			}
			rows = append(rows, []any{"地区生产总值增速", "%", "正向", 2025, fmt.Sprintf("第%d季度", q+1), c, code,
				peerValues[q][i], "市统计局统计月报", released[q]})
		}
	}
	return rows
}

func (e *env) importPeerCounties(t testing.TB, rows [][]any) {
	t.Helper()
	var res struct{ Imported int }
	if st := e.call("sup", "POST", "/api/v1/indicators/import", xlsxBody(sheetBytes(t, "重要发展指标", rows)), &res); st != 200 || res.Imported != len(rows)-1 {
		t.Fatalf("import peer counties: %d, %d rows", st, res.Imported)
	}
}

type peerRef struct {
	County string
	Value  float64
	Rank   int
	Gap    float64
}

type standing struct {
	Year, Quarter, Counties, Rank int
	Value                         *float64
	Median                        float64
	Ahead, Behind, Leader         *peerRef
	Figures                       []struct {
		County string
		Rank   int
		Source string
	}
}

func refString(r *peerRef) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%s %v (gap %v)", r.County, r.Value, r.Gap)
}

// TestPeerCounties is acceptance 3: figures of 12 counties over 4 quarters give this county's
// rank, its 标兵 and 追兵 and the gaps to each, and the trend; units read them and cannot
// change them.
func TestPeerCounties(t *testing.T) {
	e := newEnv(t)
	e.importPeerCounties(t, peerCountyGDP())
	var list struct {
		Indicators []struct {
			ID     int64
			Name   string
			Latest standing
			Trend  []struct{ Quarter, Rank int }
		}
	}
	if st := e.call("a_ll", "GET", "/api/v1/indicators", nil, &list); st != 200 || len(list.Indicators) != 1 {
		t.Fatalf("list: %d %+v", st, list)
	}
	ki := list.Indicators[0]
	var ranks []int
	for _, p := range ki.Trend {
		ranks = append(ranks, p.Rank)
	}
	if fmt.Sprint(ranks) != "[5 4 1 12]" || ki.Latest.Quarter != 4 {
		t.Errorf("trend %v, latest Q%d", ranks, ki.Latest.Quarter)
	}
	path := fmt.Sprintf("/api/v1/indicators/%d?year=2025", ki.ID)
	var pc struct{ Quarters []standing }
	if st := e.call("head", "GET", path, nil, &pc); st != 200 || len(pc.Quarters) != 4 {
		t.Fatalf("compare: %d, %d quarters", st, len(pc.Quarters))
	}
	want := []struct {
		rank                  int
		ahead, behind, leader string
		median                float64
	}{
		{5, "北台县 6.3 (gap 0.3)", "白水县 5.8 (gap 0.2)", "东岭县 7.2 (gap 1.2)", 5.9},
		{4, "南屏县 6.6 (gap 0.2)", "北台县 6.2 (gap 0.2)", "东岭县 7 (gap 0.6)", 6},
		{1, "-", "东岭县 7.1 (gap 0.4)", "-", 6},
		{12, "柳河县 3.5 (gap 0.5)", "-", "东岭县 7.4 (gap 4.4)", 5.9},
	}
	for q, w := range want {
		s := pc.Quarters[q]
		got := fmt.Sprintf("%d %s | %s | %s | %v", s.Rank, refString(s.Ahead), refString(s.Behind), refString(s.Leader), s.Median)
		exp := fmt.Sprintf("%d %s | %s | %s | %v", w.rank, w.ahead, w.behind, w.leader, w.median)
		if got != exp || s.Counties != 12 || s.Quarter != q+1 || s.Figures[0].Source != "市统计局统计月报" {
			t.Errorf("Q%d: %s, want %s", q+1, got, exp)
		}
	}
	t.Run("read-only for units", func(t *testing.T) {
		for _, user := range []string{"a_ll", "a_jb", "head"} {
			if st := e.call(user, "POST", "/api/v1/indicators/import", xlsxBody(sheetBytes(t, "重要发展指标", peerCountyGDP())), nil); st != 403 {
				t.Errorf("%s imported key figures: %d", user, st)
			}
		}
		for _, m := range []string{"PUT", "PATCH", "DELETE", "POST"} {
			if st := e.call("a_ll", m, fmt.Sprintf("/api/v1/indicators/%d", ki.ID), map[string]any{"value": 9.9}, nil); st < 400 {
				t.Errorf("%s on a key indicator: %d", m, st)
			}
		}
		var again struct{ Quarters []standing }
		e.call("a_ll", "GET", path, nil, &again)
		if again.Quarters[3].Rank != 12 || *again.Quarters[3].Value != 3.0 {
			t.Errorf("figures changed: %+v", again.Quarters[3])
		}
		if st := e.call("d_sup", "GET", path, nil, nil); st != 404 {
			t.Errorf("another county's supervisor read the figures: %d", st)
		}
		if !e.auditHas("access.denied", "denied", "/api/v1/indicators/import") {
			t.Error("a unit's attempt to import is not audited")
		}
	})
	t.Run("revised release", func(t *testing.T) {
		rows := [][]any{peerHeader, {"地区生产总值增速", "%", "正向", 2025, "四季度", "县439001", "439001", 3.6, "市统计局修订数", "2026-02-10"}}
		e.importPeerCounties(t, rows)
		var pc struct{ Quarters []standing }
		e.call("sup", "GET", path, nil, &pc)
		q4 := pc.Quarters[3]
		if q4.Rank != 11 || refString(q4.Ahead) != "云溪县 4.8 (gap 1.2)" || refString(q4.Behind) != "柳河县 3.5 (gap 0.1)" {
			t.Errorf("after revision: rank %d ahead %s behind %s", q4.Rank, refString(q4.Ahead), refString(q4.Behind))
		}
		if !e.auditHas("indicator.import", "success", "key_indicators") {
			t.Error("import not audited")
		}
	})
	t.Run("bad cell", func(t *testing.T) {
		rows := peerCountyGDP()
		rows[40][7] = "六点二"
		var p problem
		st := e.call("sup", "POST", "/api/v1/indicators/import", xlsxBody(sheetBytes(t, "重要发展指标", rows)), &p)
		if st != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "重要发展指标!H41" ||
			!strings.Contains(p.Errors[0].Message, "第 41 行 H 列（数值）") {
			t.Errorf("bad cell: %d %+v", st, p.Errors)
		}
	})
}
