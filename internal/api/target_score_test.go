package api_test

import (
	"math"
	"testing"
	"time"
)

// scoreUnit is one of seven townships of acceptance 2, with its Q1–Q3 actuals of 规上工业增加值
// (X: cumulative, target 100, seasonal profile 20/25/25/30, weight 60) and 城镇登记失业率 (Y:
// level, lower is better, 4.0 → 3.6, linear, weight 40), and the hand-computed results.
type scoreUnit struct {
	key  string
	x, y [3]float64
	// Q3 status of X and Y: completion, progress, forecast, forecast completion, light.
	xs, ys [5]any
	// score: base, bonus (after the cap of 5), deductions, total, rank, grade
	base, bonus, deductions, total float64
	rank                           int
	grade                          string
}

// At Q3 the trajectory of X is 100 × (20+25+25)/100 = 70 and of Y 4.0 − 0.4 × 0.75 = 3.7.
// X: completion a/100, progress a/70, forecast a/0.7. Y: completion 3.6/a, progress 3.7/a,
// forecast 4 + (a − 4)/0.75. Bonus: weight × 0.2 × min(1, (progress − 1)/0.1), capped at 5.
var scoreUnits = []scoreUnit{
	// X 84: 1.2 → 60 + 12; Y 3.4: 1.088235 → 40 + 8 × 0.88235 = 7.06; bonus 19.06 capped at 5.
	{"U1", [3]float64{18, 45, 84}, [3]float64{3.9, 3.7, 3.4},
		[5]any{0.84, 1.2, 120.0, 1.2, "green"}, [5]any{1.058824, 1.088235, 3.2, 1.125, "green"},
		100, 5, 0, 105, 1, "excellent"},
	{"U2", [3]float64{20, 45, 70}, [3]float64{3.9, 3.8, 3.7},
		[5]any{0.7, 1.0, 100.0, 1.0, "green"}, [5]any{0.972973, 1.0, 3.6, 1.0, "green"},
		100, 0, 0, 100, 3, "good"},
	// X 63: 0.9 → 54; an accountability record (约谈) costs 1.
	{"U3", [3]float64{15, 40, 63}, [3]float64{3.9, 3.8, 3.7},
		[5]any{0.63, 0.9, 90.0, 0.9, "yellow"}, [5]any{0.972973, 1.0, 3.6, 1.0, "green"},
		94, 0, 1, 93, 4, "good"},
	// X 56: 0.8 → 48; Y 3.9: 0.948718 → 37.95.
	{"U4", [3]float64{12, 30, 56}, [3]float64{4.0, 4.0, 3.9},
		[5]any{0.56, 0.8, 80.0, 0.8, "red"}, [5]any{0.923077, 0.948718, 3.866667, 0.931034, "yellow"},
		85.95, 0, 0, 85.95, 5, "good"},
	// X 35: 0.5, below the floor of 0.6 → 0.
	{"U5", [3]float64{10, 20, 35}, [3]float64{3.9, 3.8, 3.7},
		[5]any{0.35, 0.5, 50.0, 0.5, "red"}, [5]any{0.972973, 1.0, 3.6, 1.0, "green"},
		40, 0, 0, 40, 7, "fail"},
	// X 73.5: 1.05 → 60 + 6, capped at 5; urged orange (0.5) and red (1). 103.5 is 优秀 by
	// score, but the quota of 15% of seven units is one, and U1 has it.
	{"U6", [3]float64{20, 46, 73.5}, [3]float64{3.9, 3.8, 3.7},
		[5]any{0.735, 1.05, 105.0, 1.05, "green"}, [5]any{0.972973, 1.0, 3.6, 1.0, "green"},
		100, 5, 1.5, 103.5, 2, "good"},
	// X 49: 0.7 → 42; Y 4.0: 0.925 → 37.
	{"U7", [3]float64{10, 28, 49}, [3]float64{4.0, 4.0, 4.0},
		[5]any{0.49, 0.7, 70.0, 0.7, "red"}, [5]any{0.9, 0.925, 4.0, 0.9, "yellow"},
		79, 0, 0, 79, 6, "pass"},
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// TestActualsAndScores is acceptance 2: three quarters of actuals entered by the units give
// the completion, trajectory, forecast and light of the hand-computed table, and the scores
// and ranks of the hand-computed table, including the bonus cap and the grade quota.
func TestActualsAndScores(t *testing.T) {
	e := newEnv(t)
	letters := map[string]int64{}
	for _, u := range scoreUnits {
		e.addUnit(u.key, "镇"+u.key, "township")
		body := map[string]any{"unit_id": e.units[u.key], "year": 2026, "indicators": []any{
			map[string]any{"name": "规上工业增加值", "category": "社会民生", "direction": "higher_better", "accumulation": "cumulative",
				"baseline": 80, "target": 100, "weight": 60, "period": "quarterly", "profile": []float64{20, 25, 25, 30}},
			map[string]any{"name": "城镇登记失业率", "category": "社会民生", "direction": "lower_better", "accumulation": "level",
				"baseline": 4.0, "target": 3.6, "weight": 40, "period": "quarterly"}}}
		var l letterView
		if st := e.call("sup", "POST", "/api/v1/targets/letters", body, &l); st != 201 {
			t.Fatalf("create %s: %d", u.key, st)
		}
		letters[u.key] = l.ID
		e.letterAct(u.key+"_ll", l.ID, "submit", nil, 200)
		e.letterAct("sup", l.ID, "review", nil, 200)
		e.letterAct("sup", l.ID, "sign", nil, 200)
	}
	// Actuals before a quarter has ended are refused.
	e.clock.Set(time.Date(2026, 3, 20, 10, 0, 0, 0, shanghai))
	var p problem
	l1 := e.letter("sup", letters["U1"])
	if st := e.call("U1_ll", "POST", letterPath(l1.ID)+"/actuals", map[string]any{"actuals": []any{
		map[string]any{"indicator_id": l1.Indicators[0].ID, "period": 1, "value": 18}}}, &p); st != 422 {
		t.Errorf("actual for an unfinished quarter: %d", st)
	}
	// Each unit enters its figures after each quarter.
	for q, at := range []time.Time{time.Date(2026, 4, 8, 10, 0, 0, 0, shanghai), time.Date(2026, 7, 8, 10, 0, 0, 0, shanghai),
		time.Date(2026, 10, 12, 10, 0, 0, 0, shanghai)} {
		e.clock.Set(at)
		for _, u := range scoreUnits {
			l := e.letter("sup", letters[u.key])
			body := map[string]any{"actuals": []any{
				map[string]any{"indicator_id": l.indicator("规上工业增加值").ID, "period": q + 1, "value": u.x[q]},
				map[string]any{"indicator_id": l.indicator("城镇登记失业率").ID, "period": q + 1, "value": u.y[q]}}}
			if st := e.call(u.key+"_ll", "POST", letterPath(l.ID)+"/actuals", body, nil); st != 200 {
				t.Fatalf("%s Q%d actuals: %d", u.key, q+1, st)
			}
		}
	}
	e.clock.Set(start)
	e.sanctions(t)
	t.Run("statuses", func(t *testing.T) {
		for _, u := range scoreUnits {
			l := e.letter(u.key+"_ll", letters[u.key])
			for name, want := range map[string][5]any{"规上工业增加值": u.xs, "城镇登记失业率": u.ys} {
				st := l.indicator(name).Status
				traj := map[string]float64{"规上工业增加值": 70, "城镇登记失业率": 3.7}[name]
				if st.Period != 3 || !near(st.Trajectory, traj) || !near(st.Completion, want[0].(float64)) ||
					!near(st.Progress, want[1].(float64)) || st.Forecast == nil || !near(*st.Forecast, want[2].(float64)) ||
					!near(*st.ForecastCompletion, want[3].(float64)) || st.Light != want[4].(string) {
					t.Errorf("%s %s: %+v forecast %v; want %v", u.key, name, st, deref(st.Forecast), want)
				}
			}
		}
	})
	t.Run("scores", func(t *testing.T) {
		var board struct {
			Groups []struct {
				Group  string
				Scores []struct {
					UnitName   string `json:"unit_name"`
					Base       float64
					Bonus      float64
					BonusRaw   float64 `json:"bonus_raw"`
					Deductions float64
					Total      float64
					Rank       int
					Grade      string
					Indicators []any
				}
			}
			Unscored []struct{ UnitName string }
		}
		if st := e.call("sup", "GET", "/api/v1/targets/scores?year=2026", nil, &board); st != 200 || len(board.Groups) != 1 {
			t.Fatalf("scores: %d %+v", st, board)
		}
		byName := map[string]int{}
		for i, s := range board.Groups[0].Scores {
			byName[s.UnitName] = i
		}
		for _, u := range scoreUnits {
			s := board.Groups[0].Scores[byName["镇"+u.key]]
			if !near(s.Base, u.base) || !near(s.Bonus, u.bonus) || !near(s.Deductions, u.deductions) ||
				!near(s.Total, u.total) || s.Rank != u.rank || s.Grade != u.grade {
				t.Errorf("%s: %+v; want base %v bonus %v deductions %v total %v rank %d %s", u.key, s,
					u.base, u.bonus, u.deductions, u.total, u.rank, u.grade)
			}
		}
		if u1 := board.Groups[0].Scores[byName["镇U1"]]; u1.BonusRaw != 19.06 {
			t.Errorf("U1's bonus before the cap: %v, want 19.06", u1.BonusRaw)
		}
		// A unit reads the whole ranking but only its own breakdown.
		var seen struct {
			Groups []struct {
				Scores []struct {
					UnitName   string `json:"unit_name"`
					Indicators []any
				}
			}
		}
		e.call("U2_ll", "GET", "/api/v1/targets/scores?year=2026", nil, &seen)
		for _, s := range seen.Groups[0].Scores {
			if (s.UnitName == "镇U2") != (len(s.Indicators) == 2) {
				t.Errorf("U2's liaison sees %d indicator scores of %s", len(s.Indicators), s.UnitName)
			}
		}
		// As of the end of June two quarters count, and none of the sanctions (recorded in
		// November): U6 (X 46 of 45: 60 + 2.67; Y 3.8: 40) leads U1 (X 45: 60; Y 3.7: 40 + 2.16).
		var mid struct {
			Groups []struct {
				Scores []struct {
					UnitName   string `json:"unit_name"`
					Total      float64
					Deductions float64
					Rank       int
				}
			}
		}
		e.call("sup", "GET", "/api/v1/targets/scores?year=2026&as_of=2026-06-30", nil, &mid)
		top := mid.Groups[0].Scores
		if top[0].UnitName != "镇U6" || !near(top[0].Total, 102.67) || top[0].Deductions != 0 ||
			top[1].UnitName != "镇U1" || !near(top[1].Total, 102.16) || top[1].Rank != 2 {
			t.Errorf("as of June: %+v", top[:2])
		}
	})
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func (e *env) letter(user string, id int64) letterView {
	e.t.Helper()
	var l letterView
	if st := e.call(user, "GET", letterPath(id), nil, &l); st != 200 {
		e.t.Fatalf("letter %d as %s: %d", id, user, st)
	}
	return l
}

// sanctions records the outcomes that cost points: an accountability record (约谈) naming U3,
// and orange then red urging on an item U6 leads.
func (e *env) sanctions(t *testing.T) {
	t.Helper()
	type step struct {
		user, action string
		body         map[string]any
	}
	for unit, steps := range map[string][]step{
		"U3": {{"U3_ll", "accept", nil}, {"sup", "hold-accountable", map[string]any{"kind": "interview", "reason": "推进不力"}}},
		"U6": {{"sup", "urge", map[string]any{"level": "orange"}}, {"sup", "urge", map[string]any{"level": "red"}}},
	} {
		b := e.newItem("urgent", start.Add(48*time.Hour))
		b["lead_unit_id"], b["co_unit_ids"] = e.units[unit], []int64{}
		it := e.mustCreate(b)
		for _, st := range steps {
			e.act(st.user, it.ID, st.action, st.body, 200)
		}
	}
}
