package api_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
)

const xlsxCT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sheetBytes builds a workbook of one sheet in the test, as a clerk's Excel would.
func sheetBytes(t testing.TB, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xlsxBody(data []byte) rawBody { return rawBody{ctype: xlsxCT, data: data} }

// addUnit creates a unit of the first region with a liaison account "<key>_ll".
func (e *env) addUnit(key, name, kind string) int64 {
	e.t.Helper()
	ctx := context.Background()
	hash, err := e.svc.Hasher.Hash(testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	region := e.regionOf("O")
	err = e.db.Update(ctx, func(tx luoshi.Tx) error {
		u := &luoshi.Unit{RegionID: region, Name: name, Kind: kind, CreatedAt: start}
		if err := tx.CreateUnit(ctx, u); err != nil {
			return err
		}
		e.units[key] = u.ID
		usr := &luoshi.User{RegionID: region, UnitID: u.ID, Username: key + "_ll", Name: name + "联络员",
			PasswordHash: hash, Roles: []luoshi.Role{luoshi.RoleLiaison}, CreatedAt: start}
		if err := tx.CreateUser(ctx, usr); err != nil {
			return err
		}
		e.ids[usr.Username] = usr.ID
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.units[key]
}

func (e *env) regionOf(unit string) int64 {
	var region int64
	e.db.View(context.Background(), func(tx luoshi.Tx) error {
		u, err := tx.FindUnitByID(context.Background(), e.units[unit])
		if err == nil {
			region = u.RegionID
		}
		return err
	})
	return region
}

type flagView struct {
	Reason        string     `json:"reason"`
	Message       string     `json:"message"`
	Threshold     float64    `json:"threshold"`
	Justification string     `json:"justification"`
	ApprovedAt    *time.Time `json:"approved_at"`
}

type statusView struct {
	Period             int      `json:"period"`
	Actual             *float64 `json:"actual"`
	Trajectory         float64  `json:"trajectory"`
	Completion         float64  `json:"completion"`
	Progress           float64  `json:"progress"`
	Forecast           *float64 `json:"forecast"`
	ForecastCompletion *float64 `json:"forecast_completion"`
	Light              string   `json:"light"`
}

type indicatorView struct {
	ID     int64      `json:"id"`
	Name   string     `json:"name"`
	Target float64    `json:"target"`
	Flags  []flagView `json:"flags"`
	Status statusView `json:"status"`
}

type letterView struct {
	ID         int64               `json:"id"`
	UnitID     int64               `json:"unit_id"`
	UnitName   string              `json:"unit_name"`
	Year       int                 `json:"year"`
	State      string              `json:"state"`
	Indicators []indicatorView     `json:"indicators"`
	Unresolved []luoshi.FieldError `json:"unresolved"`
	Actions    []string            `json:"actions"`
}

func (l letterView) indicator(name string) indicatorView {
	for _, ind := range l.Indicators {
		if ind.Name == name {
			return ind
		}
	}
	return indicatorView{}
}

func letterPath(id int64) string { return fmt.Sprintf("/api/v1/targets/letters/%d", id) }

// letterAct posts an action on a letter and fails unless the status is want.
func (e *env) letterAct(user string, id int64, action string, body any, want int) letterView {
	e.t.Helper()
	var l letterView
	var p problem
	var out any = &l
	if want >= 400 {
		out = &p
	}
	if st := e.call(user, "POST", letterPath(id)+"/"+action, body, out); st != want {
		e.t.Fatalf("%s %s letter %d: %d, want %d (%+v)", user, action, id, st, want, p)
	}
	return l
}

// township growth plans of the import: unit key → planned growth of 规上工业增加值 in percent.
var townshipGrowth = []struct {
	key    string
	growth float64
	jobs   float64 // target of 城镇登记失业率 (baseline 4.0, lower is better)
}{
	{"T01", -2, 3.8}, {"T02", 5, 3.8}, {"T03", 7, 3.8}, {"T04", 9, 3.8}, {"T05", 9, 3.8}, {"T06", 9, 3.8},
	{"T07", 9, 3.8}, {"T08", 9, 3.8}, {"T09", 10, 3.8}, {"T10", 10, 3.8}, {"T11", 11, 3.8}, {"T12", 12, 4.1},
}

// departmentGrowth: unit key → planned growth of 招商引资到位资金 in percent.
var departmentGrowth = []struct {
	key    string
	growth float64
}{{"D01", 10}, {"D02", 10}, {"D03", 10}, {"D04", 12}, {"D05", 15}, {"D06", 10}, {"D07", 10}, {"D08", 6}}

// wantFlags is what the ambition check must find in the import, and nothing else.
var wantFlags = map[string][]string{
	"T01/规上工业增加值":  {"below_baseline", "below_required_growth", "below_peer_units"},
	"T02/规上工业增加值":  {"below_required_growth", "below_peer_units"},
	"T03/规上工业增加值":  {"below_peer_units"},
	"T12/城镇登记失业率":  {"below_baseline", "below_peer_units"},
	"D08/招商引资到位资金": {"below_required_growth", "below_peer_units"},
	"D01/地区生产总值增速": {"below_peer_counties"},
}

var letterHeader = []any{"单位名称", "年度", "指标名称", "指标类别", "计量单位", "指标方向", "累计方式", "基数（上年实绩）",
	"目标值", "奋斗目标", "分值", "报送周期", "季节分布", "对标县域指标", "备注"}

// twentyUnits adds 12 townships and 8 departments with liaisons and returns the letters
// workbook's rows for 2026: 32 indicators, some set low.
func (e *env) twentyUnits() [][]any {
	rows := [][]any{letterHeader}
	for i, tg := range townshipGrowth {
		name := "乡镇" + tg.key
		e.addUnit(tg.key, name, "township")
		base := float64(100 + 10*i)
		rows = append(rows,
			[]any{name, 2026, "规上工业增加值", "经济发展", "亿元", "正向", "年度累计", base, round2(base * (1 + tg.growth/100)), nil, 60, "季度", "20,25,25,30", "", ""},
			[]any{name, 2026, "城镇登记失业率", "社会民生", "%", "逆向", "期末水平", 4.0, tg.jobs, nil, 40, "季度", "", "", ""})
	}
	for i, dg := range departmentGrowth {
		name := "部门" + dg.key
		e.addUnit(dg.key, name, "department")
		base := float64(10 + i)
		rows = append(rows, []any{name, 2026, "招商引资到位资金", "项目投资", "亿元", "正向", "年度累计", base, round2(base * (1 + dg.growth/100)), nil, 100, "季度", "", "", ""})
	}
	// A county-level indicator, measured against the peer counties' GDP growth (median 6.0).
	rows[len(rows)-8][10] = 70
	rows = append(rows, []any{"部门D01", 2026, "地区生产总值增速", "县域经济", "%", "正向", "期末水平", 5.2, 5.5, nil, 30, "季度", "", "地区生产总值增速", ""})
	return rows
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// TestImportLettersAmbition is acceptance 1: letters for 20 units imported from a workbook in
// which some targets are set low; exactly those are flagged, with the right reasons, and a
// flagged letter cannot be signed until every flag is justified by the unit and approved by
// the supervision office, both on record.
func TestImportLettersAmbition(t *testing.T) {
	e := newEnv(t)
	e.importPeerCounties(t, peerCountyGDP())
	rows := e.twentyUnits()
	var res struct {
		Letters []struct {
			ID       int64
			UnitName string `json:"unit_name"`
			Flags    int
			State    string
		}
		Indicators, Flagged int
	}
	if st := e.call("sup", "POST", "/api/v1/targets/import", xlsxBody(sheetBytes(t, "目标责任书", rows)), &res); st != 200 {
		t.Fatalf("import: %d", st)
	}
	if len(res.Letters) != 20 || res.Indicators != 33 || res.Flagged != 11 {
		t.Fatalf("imported %d letters, %d indicators, %d flags; want 20, 33, 11", len(res.Letters), res.Indicators, res.Flagged)
	}
	letters := map[string]letterView{}
	for _, l := range res.Letters {
		var v letterView
		if st := e.call("sup", "GET", letterPath(l.ID), nil, &v); st != 200 || v.State != "draft" {
			t.Fatalf("letter %d: %d %s", l.ID, st, v.State)
		}
		letters[strings.TrimPrefix(strings.TrimPrefix(v.UnitName, "乡镇"), "部门")] = v
	}
	got := map[string][]string{}
	for key, l := range letters {
		for _, ind := range l.Indicators {
			for _, f := range ind.Flags {
				got[key+"/"+ind.Name] = append(got[key+"/"+ind.Name], f.Reason)
				if f.Message == "" {
					t.Errorf("%s/%s: flag %s without a message", key, ind.Name, f.Reason)
				}
			}
		}
	}
	if fmt.Sprint(sortedFlags(got)) != fmt.Sprint(sortedFlags(wantFlags)) {
		t.Errorf("flags:\n got %v\nwant %v", sortedFlags(got), sortedFlags(wantFlags))
	}
	// The thresholds are the baseline, the required growth, the peers' median plan, the counties' median.
	t01 := letters["T01"].indicator("规上工业增加值")
	if th := thresholds(t01.Flags); th != "below_baseline=100 below_required_growth=106 below_peer_units=0.09" {
		t.Errorf("T01 thresholds: %s", th)
	}
	if th := thresholds(letters["D01"].indicator("地区生产总值增速").Flags); th != "below_peer_counties=6" {
		t.Errorf("D01 thresholds: %s", th)
	}
	t.Run("sign refused until justified and approved", func(t *testing.T) { e.signFlagged(t, letters["T01"]) })
	t.Run("unflagged letter signs at once", func(t *testing.T) {
		l := letters["T05"]
		e.letterAct("T05_ll", l.ID, "submit", nil, 200)
		e.letterAct("sup", l.ID, "review", nil, 200)
		if s := e.letterAct("sup", l.ID, "sign", nil, 200); s.State != "signed" {
			t.Errorf("state %s", s.State)
		}
	})
	t.Run("re-import", func(t *testing.T) {
		// A signed letter cannot be imported over; the error names the unit's cell, and the
		// drafts in the same workbook are not touched either.
		var p problem
		if st := e.call("sup", "POST", "/api/v1/targets/import", xlsxBody(sheetBytes(t, "目标责任书", rows)), &p); st != 422 {
			t.Fatalf("re-import over signed letters: %d", st)
		}
		if len(p.Errors) != 2 || p.Errors[0].Field != "目标责任书!A2" || !strings.Contains(p.Errors[0].Message, "已提交或签订") {
			t.Errorf("errors %+v", p.Errors)
		}
	})
}

func sortedFlags(m map[string][]string) []string {
	var out []string
	for k, v := range m {
		s := append([]string(nil), v...)
		sort.Strings(s)
		out = append(out, k+":"+strings.Join(s, ","))
	}
	sort.Strings(out)
	return out
}

func thresholds(flags []flagView) string {
	var parts []string
	for _, f := range flags {
		parts = append(parts, fmt.Sprintf("%s=%v", f.Reason, f.Threshold))
	}
	return strings.Join(parts, " ")
}

// signFlagged walks T01's letter, with three flags on one indicator, to its signature.
func (e *env) signFlagged(t *testing.T, l letterView) {
	ind := l.indicator("规上工业增加值")
	e.letterAct("T01_ll", l.ID, "submit", nil, 200)
	e.letterAct("sup", l.ID, "review", nil, 200)
	refused := func(n int) {
		t.Helper()
		var p problem
		if st := e.call("sup", "POST", letterPath(l.ID)+"/sign", nil, &p); st != 422 || len(p.Errors) != n {
			t.Fatalf("sign with open flags: %d, %d errors %+v; want 422 with %d", st, len(p.Errors), p.Errors, n)
		}
	}
	refused(3)
	justify := func(reason string) {
		e.letterAct("T01_ll", l.ID, "justify", map[string]any{"indicator_id": ind.ID, "flag": reason,
			"text": "受龙头企业搬迁影响，产值基数中含一次性因素"}, 200)
	}
	justify("below_baseline")
	justify("below_required_growth")
	refused(3) // one not justified, two not approved
	// Only the unit justifies, only the office approves.
	e.letterAct("sup", l.ID, "justify", map[string]any{"indicator_id": ind.ID, "flag": "below_peer_units", "text": "代写"}, 403)
	e.letterAct("T01_ll", l.ID, "approve-justification", map[string]any{"indicator_id": ind.ID, "flag": "below_baseline"}, 403)
	e.letterAct("T01_ll", l.ID, "sign", nil, 403)
	// A flag not yet justified cannot be approved.
	e.letterAct("sup", l.ID, "approve-justification", map[string]any{"indicator_id": ind.ID, "flag": "below_peer_units"}, 422)
	justify("below_peer_units")
	e.letterAct("sup", l.ID, "approve-justification", map[string]any{"indicator_id": ind.ID, "flag": "below_baseline",
		"text": "同意"}, 200)
	refused(2)
	v := e.letterAct("sup", l.ID, "approve-justification", nil, 200) // the rest
	if len(v.Unresolved) != 0 {
		t.Fatalf("unresolved after approving all: %+v", v.Unresolved)
	}
	if s := e.letterAct("sup", l.ID, "sign", nil, 200); s.State != "signed" || s.indicator("规上工业增加值").Flags[2].ApprovedAt == nil {
		t.Fatalf("signed: %+v", s)
	}
	// Both justification and approval are on the letter's record and the audit trail.
	var evs struct {
		Events []struct {
			Kind    string
			Payload map[string]any
		}
	}
	e.call("T01_ll", "GET", letterPath(l.ID)+"/events", nil, &evs)
	var kinds []string
	for _, ev := range evs.Events {
		kinds = append(kinds, ev.Kind)
	}
	want := "imported submitted reviewed justified justified justified justification_approved justification_approved signed"
	if strings.Join(kinds, " ") != want {
		t.Errorf("events %v", kinds)
	}
	if !e.auditHas("target.justified", "success", fmt.Sprintf("letter:%d", l.ID)) ||
		!e.auditHas("target.justification_approved", "success", fmt.Sprintf("letter:%d", l.ID)) {
		t.Error("justification or approval not on the audit trail")
	}
	// Another unit cannot see the letter; its leader-less liaison gets 404.
	if st := e.call("T02_ll", "GET", letterPath(l.ID), nil, nil); st != 404 {
		t.Errorf("another unit read the letter: %d", st)
	}
}

// TestImportAllOrNothing is acceptance 4 over the API: one bad cell anywhere in the 20-unit
// workbook, whether the reader or the rules find it, and nothing at all is imported; the
// answer names the cell by sheet, row and column, in Chinese.
func TestImportAllOrNothing(t *testing.T) {
	e := newEnv(t)
	rows := e.twentyUnits()
	cases := []struct {
		row, col int
		value    any
		field    string
		words    string
	}{
		{30, 9, "十二", "目标责任书!I30", "工作表“目标责任书”第 30 行 I 列（目标值）"},
		{2, 1, "不存在的乡镇", "目标责任书!A2", "工作表“目标责任书”第 2 行 A 列（单位名称）：本县没有名为“不存在的乡镇”的单位"},
		{17, 6, "往上", "目标责任书!F17", "第 17 行 F 列（指标方向）"},
		{34, 11, 0, "目标责任书!K34", "第 34 行 K 列（分值）：分值须大于 0"},
		{5, 13, "10,20,30", "目标责任书!M5", "第 5 行 M 列（季节分布）：季节分布须有 4 个数"},
		{13, 3, "规上工业增加值", "目标责任书!C13", "第 13 行 C 列（指标名称）：乡镇T06 2026 年的指标“规上工业增加值”重复"},
		{8, 2, 1999, "目标责任书!B8", "第 8 行 B 列（年度）"},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			bad := make([][]any, len(rows))
			for i := range rows {
				bad[i] = append([]any(nil), rows[i]...)
			}
			bad[tc.row-1][tc.col-1] = tc.value
			var p problem
			st := e.call("sup", "POST", "/api/v1/targets/import", xlsxBody(sheetBytes(t, "目标责任书", bad)), &p)
			if st != 422 || len(p.Errors) != 1 {
				t.Fatalf("status %d, errors %+v", st, p.Errors)
			}
			if p.Errors[0].Field != tc.field || !strings.Contains(p.Errors[0].Message, tc.words) {
				t.Errorf("error %+v, want %s %s", p.Errors[0], tc.field, tc.words)
			}
			var list struct{ Letters []any }
			if e.call("sup", "GET", "/api/v1/targets/letters", nil, &list); len(list.Letters) != 0 {
				t.Fatalf("%d letters imported from a workbook with a bad cell", len(list.Letters))
			}
		})
	}
	if e.auditHas("target.import", "success", "letters") {
		t.Error("a refused import was audited as done")
	}
	// The same workbook without the bad cell goes in whole.
	var res struct{ Letters []any }
	if st := e.call("sup", "POST", "/api/v1/targets/import", xlsxBody(sheetBytes(t, "目标责任书", rows)), &res); st != 200 || len(res.Letters) != 20 {
		t.Fatalf("clean import: %d, %d letters", st, len(res.Letters))
	}
	// A liaison imports the own unit only.
	own := [][]any{letterHeader, rows[1]}
	if st := e.call("a_ll", "POST", "/api/v1/targets/import", xlsxBody(sheetBytes(t, "目标责任书", own)), nil); st != 403 {
		t.Errorf("a liaison imported another unit's letter: %d", st)
	}
}

// matrixFixtures are the letters and key indicator the authorisation matrix aims at.
type matrixFixtures struct {
	letters map[string]int64 // unit key → its 2026 draft letter
	key     int64            // a key development indicator of region 1
}

var matrixState sync.Map // *env → *matrixFixtures

func (e *env) matrixFixtures() *matrixFixtures {
	if f, ok := matrixState.Load(e); ok {
		return f.(*matrixFixtures)
	}
	f := &matrixFixtures{letters: map[string]int64{}}
	for _, u := range []string{"A", "B", "C", "D"} {
		sup := "sup"
		if u == "D" {
			sup = "d_sup"
		}
		var l letterView
		body := map[string]any{"unit_id": e.units[u], "year": 2026, "indicators": []any{matrixIndicator()}}
		if st := e.call(sup, "POST", "/api/v1/targets/letters", body, &l); st != 201 {
			e.t.Fatalf("matrix letter for %s: %d", u, st)
		}
		f.letters[u] = l.ID
	}
	e.importPeerCounties(e.t, peerCountyGDP()[:3])
	var list struct{ Indicators []struct{ ID int64 } }
	if e.call("sup", "GET", "/api/v1/indicators", nil, &list); len(list.Indicators) == 0 {
		e.t.Fatal("matrix key indicator missing")
	}
	f.key = list.Indicators[0].ID
	matrixState.Store(e, f)
	return f
}

func matrixIndicator() map[string]any {
	return map[string]any{"name": "矩阵指标", "category": "社会民生", "direction": "higher_better", "baseline": 10,
		"target": 11, "weight": 100}
}

// matrixTarget gives the authorisation matrix, for a target or key-indicator route, the
// record its {id} names for the user (the own unit's letter, a letter in the portfolio, a
// region-1 letter for region 2, whose callers must get 404) and a body the service would
// carry out; ok is false for other routes.
func matrixTarget(e *env, method, path, user, unit string, n int) (id string, body any, ok bool) {
	if !strings.HasPrefix(path, "/api/v1/targets") && !strings.HasPrefix(path, "/api/v1/indicators") {
		return "", nil, false
	}
	f := e.matrixFixtures()
	own := unit
	if !slices.Contains([]string{"A", "B", "C"}, own) || user == "d_ll" {
		own = "A" // the office's users, the deputy (portfolio A), region 2: a region-1 letter
	}
	if user == "sup" || user == "head" {
		own = "C"
	}
	if strings.HasPrefix(path, "/api/v1/targets/letters/") {
		id = fmt.Sprint(f.letters[own])
	}
	if path == "/api/v1/indicators/{id}" {
		id = fmt.Sprint(f.key)
	}
	unitName := "单位" + unit
	if unit == "O" {
		unitName = "单位C"
	}
	year := 2040 + n%50
	switch method + " " + path {
	case "POST /api/v1/targets/letters":
		body = map[string]any{"unit_id": e.units[map[bool]string{true: "C", false: unit}[unit == "O"]], "year": year,
			"indicators": []any{matrixIndicator()}}
	case "PUT /api/v1/targets/letters/{id}/indicators":
		body = map[string]any{"indicators": []any{matrixIndicator()}}
	case "POST /api/v1/targets/letters/{id}/actuals":
		body = map[string]any{"actuals": []any{map[string]any{"indicator_id": 1, "period": 1, "value": 1}}}
	case "POST /api/v1/targets/letters/{id}/{action}":
		body = map[string]any{"text": "矩阵测试意见"}
	case "POST /api/v1/targets/import":
		body = xlsxBody(sheetBytes(e.t, "目标责任书", [][]any{letterHeader,
			{unitName, year, "矩阵指标", "社会民生", "", "正向", "", 10, 11, nil, 100, "", "", "", ""}}))
	case "POST /api/v1/targets/actuals/import":
		body = xlsxBody(sheetBytes(e.t, "指标实绩", [][]any{{"单位名称", "年度", "指标名称", "期次", "实绩值"},
			{unitName, 2026, "矩阵指标", 1, 5}}))
	case "PUT /api/v1/targets/rules":
		body = map[string]any{"min_peers": 3}
	case "POST /api/v1/indicators/import":
		body = xlsxBody(sheetBytes(e.t, "重要发展指标", peerCountyGDP()[:2]))
	}
	return id, body, true
}
