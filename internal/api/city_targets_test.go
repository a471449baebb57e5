package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/target"
)

// countyTargets is one county's target work as the city compares it: a signed letter with
// actuals, a draft letter, and its key development indicator.
type countyTargets struct {
	name      string
	region    int64
	sup       string // the county's supervision office, whose view the city's must equal
	unit      int64  // the signed letter's unit
	signed    int64
	draft     int64
	indicator int64 // its key development indicator
}

// cityTargets builds the target work of both counties under the city (cityAbove), each
// carried out by its own people, in October, when three quarters are reported and targets
// may still be adjusted.
func cityTargets(t *testing.T, e *env) (one, two countyTargets) {
	t.Helper()
	// County one: a township's letter signed, three quarters of actuals entered by its
	// liaison, an adjustment requested; unit A's letter still a draft; the peer counties'
	// GDP growth.
	l := e.signedLetter(t, "K1")
	e.enterActuals(t, "K1_ll", l, []float64{26, 52, 80})
	e.letterAct("K1_ll", l.ID, "request-adjustment", map[string]any{"indicator_id": l.Indicators[0].ID, "target": 106,
		"reason": "主要企业技改停产两个月"}, 200)
	var draft letterView
	if st := e.call("sup", "POST", "/api/v1/targets/letters", map[string]any{"unit_id": e.units["A"], "year": 2026,
		"indicators": []any{matrixIndicator()}}, &draft); st != 201 {
		t.Fatalf("county one's draft letter: %d", st)
	}
	e.letterAct("sup", l.ID, "comment", map[string]any{"text": "三季度进度良好"}, 200)
	e.importPeerCounties(t, peerCountyGDP())
	one = countyTargets{name: "county one", region: e.regions["439001"], sup: "sup", unit: e.units["K1"],
		signed: l.ID, draft: draft.ID, indicator: e.keyIndicator(t, "sup")}

	// County two: unit D's letter signed by its own office, actuals by its liaison, a second
	// letter for the year after left as a draft; its own peer-county figures.
	var d letterView
	body := map[string]any{"unit_id": e.units["D"], "year": 2026, "indicators": []any{map[string]any{
		"name": "规上工业增加值", "category": "社会民生", "direction": "higher_better", "baseline": 200, "target": 220, "weight": 100}}}
	if st := e.call("d_sup", "POST", "/api/v1/targets/letters", body, &d); st != 201 {
		t.Fatalf("county two's letter: %d", st)
	}
	e.letterAct("d_ll", d.ID, "submit", nil, 200)
	e.letterAct("d_sup", d.ID, "review", nil, 200)
	d = e.letterAct("d_sup", d.ID, "sign", nil, 200)
	e.enterActuals(t, "d_ll", d, []float64{40, 95, 150})
	body["year"] = 2027
	var draft2 letterView
	if st := e.call("d_sup", "POST", "/api/v1/targets/letters", body, &draft2); st != 201 {
		t.Fatalf("county two's draft letter: %d", st)
	}
	e.importKeyFigures(t, "d_sup", peerRowsOf("县439002", "439002"))
	two = countyTargets{name: "county two", region: e.regions["439002"], sup: "d_sup", unit: e.units["D"],
		signed: d.ID, draft: draft2.ID, indicator: e.keyIndicator(t, "d_sup")}
	return one, two
}

// enterActuals enters the quarters' figures of a letter's first indicator as user.
func (e *env) enterActuals(t *testing.T, user string, l letterView, values []float64) {
	t.Helper()
	var actuals []any
	for q, v := range values {
		actuals = append(actuals, map[string]any{"indicator_id": l.Indicators[0].ID, "period": q + 1, "value": v})
	}
	if st := e.call(user, "POST", letterPath(l.ID)+"/actuals", map[string]any{"actuals": actuals}, nil); st != 200 {
		t.Fatalf("actuals of letter %d as %s: %d", l.ID, user, st)
	}
}

// importKeyFigures imports a key-figures workbook as user.
func (e *env) importKeyFigures(t *testing.T, user string, rows [][]any) {
	t.Helper()
	if st := e.call(user, "POST", "/api/v1/indicators/import", xlsxBody(sheetBytes(t, "重要发展指标", rows)), nil); st != 200 {
		t.Fatalf("key figures as %s: %d", user, st)
	}
}

// peerRowsOf is the peer-county workbook with county, code as the importing county itself.
func peerRowsOf(county, code string) [][]any {
	rows := peerCountyGDP()
	for _, r := range rows[1:] {
		if r[6] == "439001" {
			r[5], r[6] = county, code
		}
	}
	return rows
}

// keyIndicator is the id of the first key development indicator user's region lists.
func (e *env) keyIndicator(t *testing.T, user string) int64 {
	t.Helper()
	var list struct{ Indicators []struct{ ID int64 } }
	if st := e.call(user, "GET", "/api/v1/indicators", nil, &list); st != 200 || len(list.Indicators) == 0 {
		t.Fatalf("key indicators as %s: %d %+v", user, st, list)
	}
	return list.Indicators[0].ID
}

// stranger is a county under another city, which the env's city does not read.
type stranger struct {
	city, county, letter, indicator int64
}

// strangerCounty adds a city 439100 beside the env's city with a county 439101 below it, whose
// supervision office x_sup drafts a letter and imports key figures.
func (e *env) strangerCounty(t *testing.T) (x stranger) {
	t.Helper()
	ctx := context.Background()
	hash, err := e.svc.Hasher.Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	var unit int64
	err = e.db.Update(ctx, func(tx luoshi.Tx) error {
		city := &luoshi.Region{Code: "439100", Name: "市439100", TZ: "Asia/Shanghai", CreatedAt: start}
		if err := tx.CreateRegion(ctx, city); err != nil {
			return err
		}
		county := &luoshi.Region{Code: "439101", Name: "县439101", TZ: "Asia/Shanghai", CreatedAt: start, ParentID: &city.ID}
		if err := tx.CreateRegion(ctx, county); err != nil {
			return err
		}
		x.city, x.county = city.ID, county.ID
		u := &luoshi.Unit{RegionID: county.ID, Name: "单位X", Kind: "department", CreatedAt: start}
		if err := tx.CreateUnit(ctx, u); err != nil {
			return err
		}
		unit = u.ID
		return tx.CreateUser(ctx, &luoshi.User{RegionID: county.ID, UnitID: u.ID, Username: "x_sup", Name: "用户x_sup",
			PasswordHash: hash, Roles: []luoshi.Role{luoshi.RoleSupervisor}, CreatedAt: start})
	})
	if err != nil {
		t.Fatal(err)
	}
	var l letterView
	if st := e.call("x_sup", "POST", "/api/v1/targets/letters", map[string]any{"unit_id": unit, "year": 2026,
		"indicators": []any{matrixIndicator()}}, &l); st != 201 {
		t.Fatalf("the stranger county's letter: %d", st)
	}
	e.importKeyFigures(t, "x_sup", peerRowsOf("县439101", "439101"))
	x.letter, x.indicator = l.ID, e.keyIndicator(t, "x_sup")
	return x
}

// getJSON answers a GET as user, decoded, failing unless it answers 200.
func (e *env) getJSON(t *testing.T, user, path string) map[string]any {
	t.Helper()
	var out map[string]any
	if st := e.call(user, "GET", path, nil, &out); st != 200 {
		t.Fatalf("GET %s as %s: %d", path, user, st)
	}
	return out
}

// workbookRows downloads a workbook as user and returns every sheet's rows, failing unless
// it is a real .xlsx.
func (e *env) workbookRows(t *testing.T, user, path string) map[string][][]string {
	t.Helper()
	var buf bytes.Buffer
	if st := e.rawGet(user, e.srv.URL+path, &buf); st != 200 {
		t.Fatalf("GET %s as %s: %d", path, user, st)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("GET %s as %s is not a workbook: %v", path, user, err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, sheet := range f.GetSheetList() {
		if out[sheet], err = f.GetRows(sheet); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// targetSnapshot digests the target tables and what snapshot covers: a refused attempt
// changes none of it.
func (e *env) targetSnapshot() string {
	e.t.Helper()
	return e.snapshot() + e.digest(
		`SELECT id, region_id, unit_id, year, state, version, updated_at, signed_at FROM target_letters ORDER BY id`,
		`SELECT id, letter_id, position, name, baseline, target, weight, flags FROM target_indicators ORDER BY id`,
		`SELECT id, letter_id, seq, kind, payload FROM target_events ORDER BY id`,
		`SELECT id, letter_id, state, target, decision FROM target_adjustments ORDER BY id`,
		`SELECT indicator_id, period, value, entered_by FROM target_actuals ORDER BY indicator_id, period`,
		`SELECT id, region_id, name, direction FROM key_indicators ORDER BY id`,
		`SELECT key_indicator_id, year, quarter, county, value, source FROM key_figures ORDER BY key_indicator_id, year, quarter, county`)
}

// digest hashes every row the queries answer, read behind the store's back.
func (e *env) digest(queries ...string) string {
	e.t.Helper()
	db := e.raw()
	defer db.Close()
	h := sha256.New()
	for _, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			e.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				e.t.Fatal(err)
			}
			fmt.Fprintln(h, vals...)
		}
		if err := rows.Close(); err != nil {
			e.t.Fatal(err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestCityReadsCountyTargets: the city's account reads the target work of both counties
// below it — letters, their records, scores and rankings (also as workbooks), rules, key
// development indicators and their peer comparison — exactly as each county's supervision
// office sees it; it changes none of it, reads no region outside its tree, and a county
// still reads nothing of its sibling.
func TestCityReadsCountyTargets(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 10, 12, 10, 0, 0, 0, shanghai))
	e.cityAbove()
	x := e.strangerCounty(t)
	one, two := cityTargets(t, e)
	before := e.targetSnapshot()

	for _, c := range []countyTargets{one, two} {
		t.Run("the city reads "+c.name, func(t *testing.T) { e.cityReadsAsOffice(t, c) })
	}

	t.Run("the city's own region", func(t *testing.T) {
		var list struct{ Letters []any }
		if st := e.call("city", "GET", "/api/v1/targets/letters", nil, &list); st != 200 || len(list.Letters) != 0 {
			t.Errorf("the city's own letters: %d %v, want 200 and none", st, list.Letters)
		}
		var kis struct{ Indicators []any }
		if st := e.call("city", "GET", "/api/v1/indicators", nil, &kis); st != 200 || len(kis.Indicators) != 0 {
			t.Errorf("the city's own key indicators: %d %v, want 200 and none", st, kis.Indicators)
		}
		if st := e.call("city", "GET", "/api/v1/targets/scores?year=2026", nil, nil); st != 200 {
			t.Errorf("the city's own scores: %d", st)
		}
	})

	t.Run("regions outside the city's tree are not found", func(t *testing.T) {
		for _, region := range []int64{x.county, x.city, 999999} {
			for _, path := range regionReads(region) {
				if st := e.call("city", "GET", path, nil, nil); st != 404 {
					t.Errorf("GET %s as city: %d, want 404", path, st)
				}
			}
		}
		for _, path := range []string{letterPath(x.letter), letterPath(x.letter) + "/events",
			fmt.Sprintf("%s?region_id=%d", letterPath(x.letter), x.county), fmt.Sprintf("/api/v1/indicators/%d", x.indicator),
			fmt.Sprintf("/api/v1/indicators/%d?region_id=%d", x.indicator, x.county)} {
			if st := e.call("city", "GET", path, nil, nil); st != 404 {
				t.Errorf("GET %s as city: %d, want 404", path, st)
			}
		}
	})

	t.Run("the city writes nothing", func(t *testing.T) {
		for _, c := range []countyTargets{one, two} {
			e.cityCannotWrite(t, c)
		}
		// The service refuses too, whatever the access table says.
		a, err := e.svc.ActorByUsername(t.Context(), "city")
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		refused := func(name string, err error) {
			t.Helper()
			if luoshi.ErrorCode(err) != luoshi.EFORBIDDEN {
				t.Errorf("%s as city at the service: %v, want forbidden", name, err)
			}
		}
		_, err = e.svc.LetterAct(ctx, a, one.signed, luoshi.LetterComment, map[string]any{"text": "市级"})
		refused("LetterAct", err)
		_, err = e.svc.EnterActuals(ctx, a, one.signed, []service.ActualInput{{IndicatorID: 1, Period: 1, Value: 1}})
		refused("EnterActuals", err)
		_, err = e.svc.ReplaceIndicators(ctx, a, one.draft, nil)
		refused("ReplaceIndicators", err)
		_, err = e.svc.CreateLetter(ctx, a, service.LetterInput{UnitID: one.unit, Year: 2028})
		refused("CreateLetter", err)
		_, err = e.svc.ImportKeyFigures(ctx, a, []luoshi.KeyFigureRow{{Indicator: "市级"}})
		refused("ImportKeyFigures", err)
	})

	t.Run("a county reads nothing of its sibling", func(t *testing.T) {
		for _, c := range []struct {
			users []string
			other countyTargets
		}{{[]string{"sup", "head", "K1_ll"}, two}, {[]string{"d_sup", "d_ll"}, one}} {
			for _, user := range c.users {
				for _, path := range []string{letterPath(c.other.signed), letterPath(c.other.signed) + "/events",
					letterPath(c.other.draft), fmt.Sprintf("%s?region_id=%d", letterPath(c.other.signed), c.other.region),
					fmt.Sprintf("/api/v1/indicators/%d", c.other.indicator)} {
					if st := e.call(user, "GET", path, nil, nil); st != 404 {
						t.Errorf("GET %s as %s: %d, want 404", path, user, st)
					}
				}
				for _, region := range []int64{c.other.region, e.regions["439000"], x.county} {
					for _, path := range regionReads(region) {
						if st := e.call(user, "GET", path, nil, nil); st != 404 {
							t.Errorf("GET %s as %s: %d, want 404", path, user, st)
						}
					}
				}
			}
		}
	})

	t.Run("each county keeps its own view", func(t *testing.T) {
		for user, want := range map[string]int{"sup": 2, "K1_ll": 1, "a_ll": 1, "c_ll": 0, "d_sup": 2, "d_ll": 2} {
			var list struct{ Letters []any }
			if st := e.call(user, "GET", "/api/v1/targets/letters", nil, &list); st != 200 || len(list.Letters) != want {
				t.Errorf("letters as %s: %d, %d letters, want %d", user, st, len(list.Letters), want)
			}
		}
		// A county naming its own region reads what it reads without it.
		if got, want := e.getJSON(t, "sup", fmt.Sprintf("/api/v1/targets/letters?region_id=%d", one.region)),
			e.getJSON(t, "sup", "/api/v1/targets/letters"); !reflect.DeepEqual(got, want) {
			t.Errorf("county one's letters with its own region_id: %v, want %v", got, want)
		}
	})

	if after := e.targetSnapshot(); after != before {
		t.Error("the refused attempts changed the database")
	}
}

// regionReads are the target and key-indicator reads that take region_id.
func regionReads(region int64) []string {
	var out []string
	for _, p := range []string{"/api/v1/targets/letters?year=2026&", "/api/v1/targets/export?year=2026&",
		"/api/v1/targets/scores?year=2026&", "/api/v1/targets/scores/export?year=2026&", "/api/v1/targets/rules?",
		"/api/v1/indicators?"} {
		out = append(out, fmt.Sprintf("%sregion_id=%d", p, region))
	}
	return out
}

// cityReadsAsOffice checks that every read of the county's target work answers the city,
// with region_id, what it answers the county's supervision office without it; the letter
// offers the city no action.
func (e *env) cityReadsAsOffice(t *testing.T, c countyTargets) {
	t.Helper()
	q := fmt.Sprintf("region_id=%d", c.region)
	for _, p := range []struct{ office, city string }{
		{"/api/v1/targets/letters?year=2026", "/api/v1/targets/letters?year=2026&" + q},
		{"/api/v1/targets/letters", "/api/v1/targets/letters?" + q},
		{"/api/v1/targets/scores?year=2026", "/api/v1/targets/scores?year=2026&" + q},
		{"/api/v1/targets/scores?year=2026&as_of=2026-09-30", "/api/v1/targets/scores?year=2026&as_of=2026-09-30&" + q},
		{"/api/v1/targets/rules", "/api/v1/targets/rules?" + q},
		{"/api/v1/indicators", "/api/v1/indicators?" + q},
		{fmt.Sprintf("/api/v1/indicators/%d?year=2025", c.indicator), fmt.Sprintf("/api/v1/indicators/%d?year=2025", c.indicator)},
		{letterPath(c.signed) + "/events", letterPath(c.signed) + "/events"},
		{letterPath(c.draft) + "/events", letterPath(c.draft) + "/events"},
	} {
		if got, want := e.getJSON(t, "city", p.city), e.getJSON(t, c.sup, p.office); !reflect.DeepEqual(got, want) {
			t.Errorf("GET %s as city:\n%v\nwant, as %s's %s:\n%v", p.city, got, c.name, c.sup, want)
		}
	}
	// The content that matters is there, not merely equal.
	var list struct{ Letters []struct{ ID int64 } }
	e.call("city", "GET", "/api/v1/targets/letters?"+q, nil, &list)
	if len(list.Letters) != 2 {
		t.Errorf("the city lists %d letters of %s, want 2", len(list.Letters), c.name)
	}
	var board struct {
		Groups []struct {
			Scores []struct {
				LetterID   int64 `json:"letter_id"`
				Indicators []any
			}
		}
	}
	e.call("city", "GET", "/api/v1/targets/scores?year=2026&"+q, nil, &board)
	if len(board.Groups) != 1 || len(board.Groups[0].Scores) != 1 || board.Groups[0].Scores[0].LetterID != c.signed ||
		len(board.Groups[0].Scores[0].Indicators) != 1 {
		t.Errorf("the city's score board of %s: %+v, want the signed letter with its breakdown", c.name, board)
	}
	var pc struct{ Quarters []standing }
	e.call("city", "GET", fmt.Sprintf("/api/v1/indicators/%d?year=2025", c.indicator), nil, &pc)
	if len(pc.Quarters) != 4 || pc.Quarters[0].Counties != 12 || pc.Quarters[0].Value == nil {
		t.Errorf("the city's comparison of %s: %+v, want 4 quarters of 12 counties with the county's own value", c.name, pc.Quarters)
	}
	// A letter: the same as the office's, with no action for the city.
	for _, id := range []int64{c.signed, c.draft} {
		got, want := e.getJSON(t, "city", letterPath(id)), e.getJSON(t, c.sup, letterPath(id))
		if actions, _ := got["actions"].([]any); len(actions) != 0 {
			t.Errorf("the city is offered %v on letter %d", got["actions"], id)
		}
		delete(got, "actions")
		delete(want, "actions")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("letter %d as city:\n%v\nwant, as %s:\n%v", id, got, c.sup, want)
		}
	}
	signed := e.letter("city", c.signed)
	if signed.State != "signed" || signed.Indicators[0].Status.Period != 3 || signed.Indicators[0].Status.Actual == nil {
		t.Errorf("the city reads letter %d as %+v, want signed with three quarters of actuals", c.signed, signed)
	}
	// The workbooks: real .xlsx, the same rows as the office's.
	for _, p := range []struct{ office, city string }{
		{"/api/v1/targets/scores/export?year=2026", "/api/v1/targets/scores/export?year=2026&" + q},
		{"/api/v1/targets/export?year=2026", "/api/v1/targets/export?year=2026&" + q},
	} {
		got, want := e.workbookRows(t, "city", p.city), e.workbookRows(t, c.sup, p.office)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("GET %s as city: %v, want %v", p.city, got, want)
		}
		rows := 0
		for _, r := range got {
			rows += len(r)
		}
		if rows < 2 {
			t.Errorf("GET %s as city: %v, want a header and data", p.city, got)
		}
	}
}

// cityCannotWrite tries every write of the target routes on the county's work as the city,
// without and with region_id: each is refused with 403.
func (e *env) cityCannotWrite(t *testing.T, c countyTargets) {
	t.Helper()
	indicator := map[string]any{"name": "市级指标", "category": "社会民生", "direction": "higher_better",
		"baseline": 10, "target": 20, "weight": 100}
	type write struct {
		method, path string
		body         any
	}
	writes := []write{
		{"POST", "/api/v1/targets/letters", map[string]any{"unit_id": c.unit, "year": 2028, "indicators": []any{indicator}}},
		{"PUT", letterPath(c.draft) + "/indicators", map[string]any{"indicators": []any{indicator}}},
		{"POST", letterPath(c.signed) + "/actuals", map[string]any{"actuals": []any{map[string]any{"indicator_id": 1, "period": 1, "value": 1}}}},
		{"GET", "/api/v1/targets/template?year=2026", nil},
		{"POST", "/api/v1/targets/import", xlsxBody(sheetBytes(t, "目标责任书", [][]any{letterHeader,
			{"单位D", 2028, "市级指标", "社会民生", "", "正向", "", 10, 20, nil, 100, "", "", "", ""}}))},
		{"GET", "/api/v1/targets/actuals/template?year=2026", nil},
		{"POST", "/api/v1/targets/actuals/import", xlsxBody(sheetBytes(t, "指标实绩", [][]any{{"单位名称", "年度", "指标名称", "期次", "实绩值"},
			{"单位D", 2026, "规上工业增加值", 1, 5}}))},
		{"PUT", "/api/v1/targets/rules", map[string]any{"min_peers": 3}},
		{"GET", "/api/v1/indicators/template", nil},
		{"POST", "/api/v1/indicators/import", xlsxBody(sheetBytes(t, "重要发展指标", peerCountyGDP()[:2]))},
	}
	for _, act := range target.Actions() {
		for _, id := range []int64{c.signed, c.draft} {
			writes = append(writes, write{"POST", fmt.Sprintf("%s/%s", letterPath(id), act), map[string]any{"text": "市级",
				"reason": "市级", "indicator_id": 1, "target": 1, "adjustment_id": 1, "flag": "below_baseline"}})
		}
	}
	for _, w := range writes {
		for _, path := range []string{w.path, withQuery(w.path, fmt.Sprintf("region_id=%d", c.region))} {
			var p problem
			if st := e.call("city", w.method, path, w.body, &p); st != 403 {
				t.Errorf("%s %s as city: %d %+v, want 403", w.method, path, st, p)
			}
		}
	}
}

func withQuery(path, q string) string {
	if strings.Contains(path, "?") {
		return path + "&" + q
	}
	return path + "?" + q
}
