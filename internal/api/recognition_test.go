package api_test

import (
	"slices"
	"testing"
	"time"
)

// dragList is GET /api/v1/items/dragging's answer.
type dragList struct {
	Months int `json:"months"`
	Items  []struct {
		ID         int64    `json:"id"`
		LeadUnitID int64    `json:"lead_unit_id"`
		LeadUnit   string   `json:"lead_unit"`
		Leader     string   `json:"leader"`
		MonthsOpen int      `json:"months_open"`
		Extensions int      `json:"extensions"`
		Urgings    int      `json:"urgings"`
		UrgeLevel  string   `json:"urge_level"`
		Reasons    []string `json:"reasons"`
	} `json:"items"`
}

func (e *env) dragging(t *testing.T, user, query string, want int) dragList {
	t.Helper()
	var out dragList
	if st := e.call(user, "GET", "/api/v1/items/dragging"+query, nil, &out); st != want {
		t.Fatalf("dragging%s as %s: %d, want %d", query, user, st, want)
	}
	return out
}

func (d dragList) ids() []int64 {
	var out []int64
	for _, it := range d.Items {
		out = append(out, it.ID)
	}
	return out
}

// TestDragging: the view of work that drags on (久拖不决) lists the open items open for more
// than N months (3 unless asked), extended more than once, or urged to orange or red — with
// their counts — scoped as the list is, and nothing else.
func TestDragging(t *testing.T) {
	e := newEnv(t)
	led := func(lead string, co []int64, deadline time.Time) int64 {
		b := e.newItem("important", deadline)
		b["lead_unit_id"], b["co_unit_ids"] = e.units[lead], co
		id := e.mustCreate(b).ID
		e.act(lead_ll(lead), id, "accept", nil, 200)
		return id
	}
	// Made five months ago: one still open, one completed.
	e.clock.Set(start.AddDate(0, -5, 0))
	long := led("A", []int64{}, start.Add(30*24*time.Hour))
	done := led("A", []int64{}, start.Add(30*24*time.Hour))
	e.act("a_ll", done, "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.act("sup", done, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	e.clock.Set(start)
	// Extended twice, led by B with C as co-unit; extended once and urged blue, led by C.
	ext := led("B", []int64{e.units["C"]}, start.Add(10*24*time.Hour))
	once := led("C", []int64{}, start.Add(10*24*time.Hour))
	for i, id := range []int64{ext, ext, once} {
		to := start.Add(time.Duration(20+10*i) * 24 * time.Hour).Format(time.RFC3339)
		lead := map[int64]string{ext: "b_ll", once: "c_ll"}[id]
		e.act(lead, id, "request-extension", map[string]any{"reason": "征地未完成", "percent": 40, "deadline": to}, 200)
		e.act("sup", id, "approve-extension", nil, 200)
	}
	e.act("sup", once, "urge", map[string]any{"level": "blue"}, 200)
	// Urged blue then orange, led by A; a fresh item of A's with nothing against it.
	urged := led("A", []int64{}, start.Add(30*24*time.Hour))
	e.act("sup", urged, "urge", map[string]any{"level": "blue"}, 200)
	e.act("sup", urged, "urge", map[string]any{"level": "orange"}, 200)
	fresh := led("A", []int64{}, start.Add(30*24*time.Hour))

	all := e.dragging(t, "sup", "", 200)
	if all.Months != 3 || !slices.Equal(all.ids(), []int64{urged, long, ext}) {
		t.Fatalf("the office's view: months %d, items %v; want 3, [%d %d %d] (urged, long, extended; not %d %d %d)",
			all.Months, all.ids(), urged, long, ext, done, once, fresh)
	}
	u, l, x := all.Items[0], all.Items[1], all.Items[2]
	if u.Urgings != 2 || u.UrgeLevel != "orange" || !slices.Equal(u.Reasons, []string{"urged"}) || u.LeadUnit != "单位A" {
		t.Errorf("urged: %+v", u)
	}
	if l.MonthsOpen != 5 || l.Extensions != 0 || l.Urgings != 0 || !slices.Equal(l.Reasons, []string{"long"}) {
		t.Errorf("long: %+v", l)
	}
	if x.Extensions != 2 || x.MonthsOpen != 0 || !slices.Equal(x.Reasons, []string{"extended"}) || x.LeadUnitID != e.units["B"] {
		t.Errorf("extended: %+v", x)
	}
	if l.Leader != "" {
		t.Errorf("an item without a responsible leader names %q", l.Leader)
	}
	// Longer than six months: the five-month item is no longer listed.
	if got := e.dragging(t, "sup", "?months=6", 200).ids(); !slices.Equal(got, []int64{urged, ext}) {
		t.Errorf("months=6: %v", got)
	}
	if got := e.dragging(t, "sup", "?months=4", 200).ids(); !slices.Equal(got, []int64{urged, long, ext}) {
		t.Errorf("months=4: %v", got)
	}
	// Scoped as the list: A's liaison and A's leader see A's; C's liaison the item C co-leads.
	for user, want := range map[string][]int64{"a_ll": {urged, long}, "deputy": {urged, long}, "b_ll": {ext},
		"c_ll": {ext}, "head": {urged, long, ext}, "d_sup": nil, "d_ll": nil} {
		if got := e.dragging(t, user, "", 200).ids(); !slices.Equal(got, want) {
			t.Errorf("%s sees %v, want %v", user, got, want)
		}
	}
	for _, q := range []string{"?months=0", "?months=37", "?months=x", "?months=-2"} {
		var p problem
		if st := e.call("sup", "GET", "/api/v1/items/dragging"+q, nil, &p); st != 422 || p.field("months") == "" {
			t.Errorf("%s: %d %+v, want 422 naming months", q, st, p)
		}
	}
	if st := e.call("admin", "GET", "/api/v1/items/dragging", nil, nil); st != 403 {
		t.Errorf("the system administrator: %d, want 403", st)
	}
}

func lead_ll(unit string) string {
	return map[string]string{"A": "a_ll", "B": "b_ll", "C": "c_ll"}[unit]
}

// recordList is GET /api/v1/records's answer.
type recordList struct {
	Records []struct {
		Kind      string   `json:"kind"`
		Sub       string   `json:"sub"`
		ItemID    int64    `json:"item_id"`
		RecordID  int      `json:"record_id"`
		UnitIDs   []int64  `json:"unit_ids"`
		UnitNames []string `json:"unit_names"`
		Reason    string   `json:"reason"`
		Waiver    *struct {
			Grounds string `json:"grounds"`
			Reason  string `json:"reason"`
		} `json:"waiver"`
	} `json:"records"`
	Commendations  int `json:"commendations"`
	Accountability int `json:"accountability"`
	Waived         int `json:"waived"`
}

func (e *env) records(t *testing.T, user, query string) recordList {
	t.Helper()
	var out recordList
	if st := e.call(user, "GET", "/api/v1/records"+query, nil, &out); st != 200 {
		t.Fatalf("records%s as %s: %d", query, user, st)
	}
	return out
}

// TestCommendationAndWaiver: the office commends an item delivered early and waives an
// accountability record on recorded grounds (容错免责); the item shows both, the records of
// the period list them for the bulletins, scoped by unit, and the unit's score adds the
// commendation and deducts nothing for the waived record — from the moment of the waiver.
func TestCommendationAndWaiver(t *testing.T) {
	e := newEnv(t)
	e.addUnit("U", "镇U", "township")
	var l letterView
	if st := e.call("sup", "POST", "/api/v1/targets/letters", map[string]any{"unit_id": e.units["U"], "year": 2026, "indicators": []any{
		map[string]any{"name": "规上工业增加值", "category": "社会民生", "direction": "higher_better", "accumulation": "cumulative",
			"baseline": 80, "target": 100, "weight": 100, "period": "quarterly"}}}, &l); st != 201 {
		t.Fatalf("letter: %d", st)
	}
	e.letterAct("U_ll", l.ID, "submit", nil, 200)
	e.letterAct("sup", l.ID, "review", nil, 200)
	e.letterAct("sup", l.ID, "sign", nil, 200)
	mk := func(unit, liaison string, deadline time.Time) int64 {
		b := e.newItem("important", deadline)
		b["lead_unit_id"], b["co_unit_ids"] = e.units[unit], []int64{}
		id := e.mustCreate(b).ID
		e.act(liaison, id, "accept", nil, 200)
		return id
	}
	early := mk("U", "U_ll", start.Add(20*24*time.Hour))
	waived := mk("U", "U_ll", start.Add(30*24*time.Hour))
	kept := mk("U", "U_ll", start.Add(30*24*time.Hour))
	mk("U", "U_ll", start.Add(24*time.Hour)) // due tomorrow and never delivered: late
	other := mk("A", "a_ll", start.Add(30*24*time.Hour))

	// Commendation: early delivery needs a completion requested in time; only the office; once.
	var p problem
	if st := e.call("sup", "POST", itemPath(early)+"/commend", map[string]any{"kind": "early_delivery", "reason": "提前完成"}, &p); st != 422 || p.field("kind") == "" {
		t.Errorf("early delivery before completion was requested: %d %+v", st, p)
	}
	e.act("U_ll", early, "request-completion", map[string]any{"summary": "提前两周完成"}, 200)
	e.act("sup", early, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	e.act("U_ll", early, "commend", map[string]any{"kind": "early_delivery", "reason": "提前完成"}, 403)
	e.act("head", early, "commend", map[string]any{"kind": "early_delivery", "reason": "提前完成"}, 403)
	e.act("sup", early, "commend", map[string]any{"kind": "outstanding", "reason": "提前完成"}, 422)
	e.act("sup", early, "commend", map[string]any{"kind": "early_delivery"}, 422)
	e.act("sup", early, "commend", map[string]any{"kind": "early_delivery", "reason": "提前两周完成，群众满意"}, 200)
	e.act("sup", early, "commend", map[string]any{"kind": "outstanding_delivery", "reason": "再次表彰"}, 409)

	// Accountability, and its waiver.
	e.clock.Add(time.Hour)
	e.act("sup", waived, "hold-accountable", map[string]any{"kind": "interview", "reason": "片区征收进度滞后"}, 200)
	e.act("sup", kept, "hold-accountable", map[string]any{"kind": "admonition", "reason": "虚报进度", "unit_ids": []int64{e.units["U"], e.units["A"]}}, 200)
	e.act("sup", other, "hold-accountable", map[string]any{"kind": "interview", "reason": "推进不力"}, 200)
	e.clock.Add(time.Hour)
	beforeWaiver := e.clock.Now()
	e.clock.Add(time.Hour)
	var it struct {
		Records []struct {
			ID     int `json:"id"`
			Waiver *struct {
				Grounds string `json:"grounds"`
			} `json:"waiver"`
		} `json:"accountability_records"`
		Commendations []struct {
			Kind string `json:"kind"`
		} `json:"commendations"`
	}
	e.call("sup", "GET", itemPath(waived), nil, &it)
	if len(it.Records) != 1 || it.Records[0].Waiver != nil {
		t.Fatalf("the item's records before the waiver: %+v", it.Records)
	}
	rec := it.Records[0].ID
	waive := func(user string, body map[string]any, want int) {
		t.Helper()
		e.act(user, waived, "waive-accountability", body, want)
	}
	grounds := "首次试行片区统一征收，缺乏经验致进度滞后，未谋取私利"
	waive("head", map[string]any{"record_id": rec, "grounds": "reform_trial", "reason": grounds}, 403)
	waive("U_ll", map[string]any{"record_id": rec, "grounds": "reform_trial", "reason": grounds}, 403)
	waive("sup", map[string]any{"record_id": rec, "grounds": "because", "reason": grounds}, 422)
	waive("sup", map[string]any{"record_id": rec + 100, "grounds": "reform_trial", "reason": grounds}, 422)
	waive("sup", map[string]any{"record_id": rec, "grounds": "reform_trial"}, 422)
	waive("sup", map[string]any{"grounds": "reform_trial", "reason": grounds}, 422)
	waive("sup", map[string]any{"record_id": rec, "grounds": "reform_trial", "reason": grounds}, 200)
	waive("sup", map[string]any{"record_id": rec, "grounds": "exploration", "reason": grounds}, 409)
	e.call("sup", "GET", itemPath(waived), nil, &it)
	if len(it.Records) != 1 || it.Records[0].Waiver == nil || it.Records[0].Waiver.Grounds != "reform_trial" {
		t.Errorf("the item's records after the waiver: %+v", it.Records)
	}
	e.call("U_ll", "GET", itemPath(early), nil, &it)
	if len(it.Commendations) != 1 || it.Commendations[0].Kind != "early_delivery" {
		t.Errorf("the item's commendations: %+v", it.Commendations)
	}

	// The records of the period, for the bulletins.
	all := e.records(t, "sup", "?from=2026-11-01&to=2026-11-30")
	if len(all.Records) != 4 || all.Commendations != 1 || all.Accountability != 3 || all.Waived != 1 {
		t.Fatalf("the office's records: %+v", all)
	}
	first := all.Records[0]
	if first.Kind != "commendation" || first.Sub != "early_delivery" || first.ItemID != early || !slices.Equal(first.UnitNames, []string{"镇U"}) {
		t.Errorf("the commendation: %+v", first)
	}
	for _, r := range all.Records[1:] {
		if (r.ItemID == waived) != (r.Waiver != nil) || (r.Waiver != nil && (r.Waiver.Grounds != "reform_trial" || r.Waiver.Reason != grounds)) {
			t.Errorf("record on item %d: waiver %+v", r.ItemID, r.Waiver)
		}
	}
	if got := e.records(t, "a_ll", "?from=2026-11-01&to=2026-11-30"); len(got.Records) != 2 || got.Commendations != 0 {
		t.Errorf("A's liaison reads %+v, want A's two records", got)
	}
	if got := e.records(t, "sup", "?from=2026-11-01&to=2026-11-30&unit_id="+itoa(e.units["A"])); len(got.Records) != 2 {
		t.Errorf("A's records: %+v", got)
	}
	if got := e.records(t, "sup", "?from=2026-12-01&to=2026-12-31"); len(got.Records) != 0 {
		t.Errorf("December: %+v", got)
	}
	if got := e.records(t, "d_sup", "?from=2026-11-01&to=2026-11-30"); len(got.Records) != 0 {
		t.Errorf("the other county's office reads %+v", got)
	}
	for q, field := range map[string]string{"?to=2026-11-30": "from", "?from=2026-11-01": "to",
		"?from=2026-11-30&to=2026-11-01": "to", "?from=2026-11-01&to=2026-13-01": "to", "?from=2024-01-01&to=2026-12-31": "to"} {
		if st := e.call("sup", "GET", "/api/v1/records"+q, nil, &p); st != 422 || p.field(field) == "" {
			t.Errorf("%s: %d %+v, want 422 naming %s", q, st, p, field)
		}
	}
	if st := e.call("a_ll", "GET", "/api/v1/records?from=2026-11-01&to=2026-11-30&unit_id="+itoa(e.units["B"]), nil, nil); st != 404 {
		t.Errorf("A's liaison asking for B's records: %d, want 404", st)
	}

	// The score: the commendation adds 1; 诫勉 deducts 3, the waived 约谈 nothing; the item due
	// yesterday and not delivered deducts 1 once it has fallen due.
	e.clock.Add(2 * 24 * time.Hour)
	type unitScore struct {
		UnitName       string  `json:"unit_name"`
		Commendation   float64 `json:"commendation"`
		Accountability float64 `json:"accountability"`
		Late           float64 `json:"late"`
		Deductions     float64 `json:"deductions"`
		Records        int     `json:"accountability_records"`
		Waived         int     `json:"waived_records"`
		LateItems      int     `json:"late_items"`
		Commendations  int     `json:"commendations"`
	}
	score := func(query string) unitScore {
		t.Helper()
		var board struct {
			Groups []struct{ Scores []unitScore }
		}
		if st := e.call("sup", "GET", "/api/v1/targets/scores?year=2026"+query, nil, &board); st != 200 || len(board.Groups) != 1 {
			t.Fatalf("scores%s: %d %+v", query, st, board)
		}
		return board.Groups[0].Scores[0]
	}
	if got := score(""); got.Commendation != 1 || got.Commendations != 1 || got.Accountability != 3 || got.Records != 2 ||
		got.Waived != 1 || got.Late != 1 || got.LateItems != 1 || got.Deductions != 4 {
		t.Errorf("U's score: %+v", got)
	}
	// The export says the same, in columns of their own.
	rows := e.workbookRows(t, "sup", "/api/v1/targets/scores/export?year=2026")["考核排名"]
	if len(rows) != 2 || !slices.Equal(rows[0][3:10], []string{"基本分", "加分", "表彰加分", "扣分", "问责扣分", "催办扣分", "逾期扣分"}) ||
		!slices.Equal(rows[1][5:10], []string{"1", "4", "3", "0", "1"}) {
		t.Errorf("the exported scores: %v", rows)
	}
	// As of before the waiver, the 约谈 still deducted its point, and the late item was not yet due.
	if got := score("&as_of=" + beforeWaiver.UTC().Format(time.RFC3339)); got.Accountability != 4 || got.Waived != 0 || got.LateItems != 0 {
		t.Errorf("U's score before the waiver: %+v", got)
	}
}
