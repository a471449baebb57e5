package api_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// signedLetter creates and signs a letter for unit key (added with a liaison) with one
// indicator of 规上工业增加值: 100 → 110, quarterly, linear.
func (e *env) signedLetter(t *testing.T, key string) letterView {
	t.Helper()
	e.addUnit(key, "镇"+key, "township")
	var l letterView
	body := map[string]any{"unit_id": e.units[key], "year": 2026, "indicators": []any{map[string]any{
		"name": "规上工业增加值", "category": "社会民生", "direction": "higher_better", "baseline": 100, "target": 110, "weight": 100}}}
	if st := e.call("sup", "POST", "/api/v1/targets/letters", body, &l); st != 201 {
		t.Fatalf("create: %d", st)
	}
	e.letterAct(key+"_ll", l.ID, "submit", nil, 200)
	e.letterAct("sup", l.ID, "review", nil, 200)
	return e.letterAct("sup", l.ID, "sign", nil, 200)
}

// TestAdjustments: a signed target changes only through a recorded request that the office
// approves, and only before the cut-off (31 October by default).
func TestAdjustments(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 9, 1, 10, 0, 0, 0, shanghai))
	l := e.signedLetter(t, "V1")
	ind := l.Indicators[0]
	// The office cannot change a signed target directly, nor can the unit.
	if st := e.call("V1_ll", "PUT", letterPath(l.ID)+"/indicators", map[string]any{"indicators": []any{}}, nil); st != 409 {
		t.Errorf("indicators of a signed letter replaced: %d", st)
	}
	req := map[string]any{"indicator_id": ind.ID, "target": 95, "reason": "受国家产业政策调整影响，主要企业限产"}
	e.letterAct("sup", l.ID, "request-adjustment", req, 403)
	e.letterAct("V1_ll", l.ID, "request-adjustment", req, 200)
	e.letterAct("V1_ll", l.ID, "request-adjustment", req, 409) // one pending at a time
	var v struct {
		Adjustments []struct {
			ID     int64
			State  string
			Target float64
			Flags  []struct{ Reason string }
		}
		Indicators []indicatorView
	}
	e.call("sup", "GET", letterPath(l.ID), nil, &v)
	if len(v.Adjustments) != 1 || v.Adjustments[0].State != "pending" || len(v.Adjustments[0].Flags) != 1 ||
		v.Adjustments[0].Flags[0].Reason != "below_baseline" || v.Indicators[0].Target != 110 {
		t.Fatalf("pending adjustment: %+v", v)
	}
	adj := v.Adjustments[0].ID
	e.letterAct("V1_ll", l.ID, "approve-adjustment", map[string]any{"adjustment_id": adj}, 403)
	e.letterAct("sup", l.ID, "deny-adjustment", map[string]any{"adjustment_id": adj}, 422) // a reason is required
	e.letterAct("sup", l.ID, "approve-adjustment", map[string]any{"adjustment_id": adj, "reason": "情况属实"}, 200)
	e.call("V1_ll", "GET", letterPath(l.ID), nil, &v)
	if v.Indicators[0].Target != 95 || v.Adjustments[0].State != "approved" || len(v.Indicators[0].Flags) != 1 ||
		v.Indicators[0].Flags[0].ApprovedAt == nil {
		t.Errorf("after approval: %+v", v)
	}
	e.letterAct("sup", l.ID, "approve-adjustment", map[string]any{"adjustment_id": adj}, 409)
	// A second request, denied.
	req["target"] = 90
	e.letterAct("V1_ll", l.ID, "request-adjustment", req, 200)
	e.call("sup", "GET", letterPath(l.ID), nil, &v)
	e.letterAct("sup", l.ID, "deny-adjustment", map[string]any{"adjustment_id": v.Adjustments[1].ID, "reason": "理由不充分"}, 200)
	// After the cut-off nothing moves.
	e.clock.Set(time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai))
	var p problem
	if st := e.call("V1_ll", "POST", letterPath(l.ID)+"/request-adjustment", req, &p); st != 409 || !strings.Contains(p.Detail, "2026年10月31日") {
		t.Errorf("after the cut-off: %d %s", st, p.Detail)
	}
	var evs struct{ Events []struct{ Kind string } }
	e.call("sup", "GET", letterPath(l.ID)+"/events", nil, &evs)
	var kinds []string
	for _, ev := range evs.Events {
		kinds = append(kinds, ev.Kind)
	}
	if got := strings.Join(kinds[3:], " "); got != "signed adjustment_requested adjustment_approved adjustment_requested adjustment_denied" {
		t.Errorf("record: %s", got)
	}
	// The cut-off is configuration.
	if st := e.call("sup", "PUT", "/api/v1/targets/rules", map[string]any{"adjustment_cutoff": "11-30"}, nil); st != 200 {
		t.Fatalf("rules: %d", st)
	}
	e.letterAct("V1_ll", l.ID, "request-adjustment", req, 200)
}

// TestActualsImport: actuals from a workbook, all or nothing; the prefilled workbook lists
// what is due with what is on record; units enter their own only.
func TestActualsImport(t *testing.T) {
	e := newEnv(t)
	l := e.signedLetter(t, "W1")
	e.signedLetter(t, "W2")
	rows := [][]any{{"单位名称", "年度", "指标名称", "期次", "实绩值", "说明"},
		{"镇W1", 2026, "规上工业增加值", "第1季度", 26, ""}, {"镇W1", 2026, "规上工业增加值", "Q2", 52, ""},
		{"镇W1", 2026, "规上工业增加值", 3, "八十", ""}}
	var p problem
	if st := e.call("W1_ll", "POST", "/api/v1/targets/actuals/import", xlsxBody(sheetBytes(t, "指标实绩", rows)), &p); st != 422 ||
		len(p.Errors) != 1 || p.Errors[0].Field != "指标实绩!E4" {
		t.Fatalf("bad cell: %d %+v", st, p.Errors)
	}
	rows[3][4] = 80
	rows = append(rows, []any{"镇W1", 2026, "规上工业增加值", 4, 99, ""}) // Q4 has not ended
	if st := e.call("W1_ll", "POST", "/api/v1/targets/actuals/import", xlsxBody(sheetBytes(t, "指标实绩", rows)), &p); st != 422 ||
		len(p.Errors) != 1 || p.Errors[0].Field != "指标实绩!D5" {
		t.Fatalf("future quarter: %d %+v", st, p.Errors)
	}
	if v := e.letter("sup", l.ID); len(v.Indicators[0].Status.Light) == 0 || v.Indicators[0].Status.Period != 0 {
		t.Fatalf("a refused workbook stored actuals: %+v", v.Indicators[0].Status)
	}
	rows = rows[:4]
	if st := e.call("W2_ll", "POST", "/api/v1/targets/actuals/import", xlsxBody(sheetBytes(t, "指标实绩", rows)), nil); st != 403 {
		t.Errorf("another unit's actuals: %d", st)
	}
	var res struct{ Imported int }
	if st := e.call("W1_ll", "POST", "/api/v1/targets/actuals/import", xlsxBody(sheetBytes(t, "指标实绩", rows)), &res); st != 200 || res.Imported != 3 {
		t.Fatalf("import: %d %+v", st, res)
	}
	if st := e.letter("W1_ll", l.ID).Indicators[0].Status; st.Period != 3 || !near(st.Progress, 80/82.5) {
		t.Errorf("status after import: %+v", st)
	}
	// The prefilled workbook: both units for the office, each period due with its figure.
	var buf bytes.Buffer
	if st := e.rawGet("sup", e.srv.URL+"/api/v1/targets/actuals/template?year=2026", &buf); st != 200 {
		t.Fatalf("template: %d", st)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := f.GetRows("指标实绩")
	if len(got) != 7 || got[1][0] != "镇W1" || got[3][4] != "80" || len(got[4]) > 4 && got[4][4] != "" {
		t.Errorf("prefilled rows: %q", got)
	}
}

// TestTargetVisibilityAndExports: leaders see their portfolio, the administrators nothing;
// exports are workbooks and audited; the rules are the office's to set.
func TestTargetVisibilityAndExports(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"A", "B"} {
		var l letterView
		body := map[string]any{"unit_id": e.units[u], "year": 2026, "indicators": []any{matrixIndicator()}}
		if st := e.call("sup", "POST", "/api/v1/targets/letters", body, &l); st != 201 {
			t.Fatalf("create %s: %d", u, st)
		}
	}
	count := func(user string) int {
		var list struct{ Letters []any }
		e.call(user, "GET", "/api/v1/targets/letters?year=2026", nil, &list)
		return len(list.Letters)
	}
	for user, want := range map[string]int{"sup": 2, "head": 2, "deputy": 1, "a_ll": 1, "a_jb": 1, "c_ll": 0, "d_sup": 0} {
		if n := count(user); n != want {
			t.Errorf("%s sees %d letters, want %d", user, n, want)
		}
	}
	if st := e.call("b_ll", "POST", "/api/v1/targets/letters", map[string]any{"unit_id": e.units["A"], "year": 2027,
		"indicators": []any{matrixIndicator()}}, nil); st != 403 {
		t.Errorf("a liaison drafted another unit's letter: %d", st)
	}
	for _, path := range []string{"/api/v1/targets/export?year=2026", "/api/v1/targets/scores/export?year=2026", "/api/v1/targets/template"} {
		var buf bytes.Buffer
		if st := e.rawGet("sup", e.srv.URL+path, &buf); st != 200 {
			t.Errorf("%s: %d", path, st)
			continue
		}
		if _, err := excelize.OpenReader(&buf); err != nil {
			t.Errorf("%s is not a workbook: %v", path, err)
		}
	}
	if !e.auditHas("target.export_letters", "success", "letters") || !e.auditHas("target.export_scores", "success", "scores") {
		t.Error("exports not audited")
	}
	// Rules: read by every business role, set by the office, validated.
	if st := e.call("a_ll", "PUT", "/api/v1/targets/rules", map[string]any{"floor": 0.5}, nil); st != 403 {
		t.Errorf("a liaison set the rules: %d", st)
	}
	var p problem
	if st := e.call("sup", "PUT", "/api/v1/targets/rules", map[string]any{"yellow_at": 1.5}, &p); st != 422 || p.field("green_at") == "" {
		t.Errorf("bad rules: %d %+v", st, p)
	}
	// A stricter rule flags what was fine: 社会民生 now requires 20% growth (10 → 11 is 10%).
	if st := e.call("sup", "PUT", "/api/v1/targets/rules", map[string]any{"required_growth": map[string]float64{"社会民生": 0.2}}, nil); st != 200 {
		t.Fatalf("rules: %d", st)
	}
	var list struct{ Letters []struct{ ID int64 } }
	e.call("a_ll", "GET", "/api/v1/targets/letters?year=2026", nil, &list)
	l := e.letterAct("a_ll", list.Letters[0].ID, "submit", nil, 200)
	if len(l.Indicators[0].Flags) != 1 || l.Indicators[0].Flags[0].Reason != "below_required_growth" {
		t.Errorf("flags under the stricter rule: %+v", l.Indicators[0].Flags)
	}
	var rules struct {
		RequiredGrowth map[string]float64 `json:"required_growth"`
		MinPeers       int                `json:"min_peers"`
	}
	if e.call("a_jb", "GET", "/api/v1/targets/rules", nil, &rules); rules.MinPeers != 3 || rules.RequiredGrowth["社会民生"] != 0.2 {
		t.Errorf("rules as read: %+v", rules)
	}
	if !e.auditHas("target.rules", "success", "target_rules") {
		t.Error("rules change not audited")
	}
}
