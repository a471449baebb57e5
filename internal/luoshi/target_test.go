package luoshi

import (
	"math"
	"strings"
	"testing"
	"time"
)

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func fptr(x float64) *float64 { return &x }

// TestTrack is the hand-computed table of acceptance 2 for the pure rules: three quarters of
// actuals (or fewer), and the completion, trajectory, progress, forecast and light of each.
func TestTrack(t *testing.T) {
	r := DefaultTargetRules()
	q := func(id int64, dir Direction, acc Accumulation, base, target float64, profile ...float64) Indicator {
		return Indicator{ID: id, Name: "x", Direction: dir, Accumulation: acc, Baseline: base, Target: target,
			Weight: 10, Period: Quarterly, Profile: profile}
	}
	tests := []trackCase{
		// 70 of 100 by Q3: trajectory 75, progress 70/75, forecast 70/0.75 = 93.33.
		{"cumulative linear", q(1, HigherBetter, Cumulative, 80, 100), map[int]float64{1: 20, 2: 45, 3: 70}, 3,
			3, false, 75, 0.7, 0.933333, fptr(93.333333), fptr(0.933333), LightYellow},
		// Profile 10/20/30/40: 60% planned by Q3, so 120 of 200; 130 is ahead; forecast 130/0.6.
		{"cumulative seasonal", q(2, HigherBetter, Cumulative, 150, 200, 10, 20, 30, 40), map[int]float64{1: 25, 2: 70, 3: 130}, 3,
			3, false, 120, 0.65, 1.083333, fptr(216.666667), fptr(1.083333), LightGreen},
		// A rate to bring down from 4.0 to 3.6: 3.7 planned by Q3, 3.9 reached.
		{"level lower better", q(3, LowerBetter, Level, 4.0, 3.6), map[int]float64{1: 4.0, 2: 3.95, 3: 3.9}, 3,
			3, false, 3.7, 0.923077, 0.948718, fptr(3.866667), fptr(0.931034), LightYellow},
		// The year's target already reached by Q3.
		{"target reached early", q(4, HigherBetter, Cumulative, 40, 50), map[int]float64{1: 20, 2: 38, 3: 52}, 3,
			3, false, 37.5, 1.04, 1.386667, fptr(69.333333), fptr(1.386667), LightBlue},
		// A project 40% done where 75% was planned; the forecast stops at done.
		{"milestone behind", q(5, DirectionMilestone, Cumulative, 0, 100), map[int]float64{1: 10, 2: 25, 3: 40}, 3,
			3, false, 75, 0.4, 0.533333, fptr(53.333333), fptr(0.533333), LightRed},
		// Accidents (cumulative, lower better): 9 by Q3 against an allowance of 6.
		{"cumulative lower better", q(6, LowerBetter, Cumulative, 10, 8), map[int]float64{1: 3, 2: 6, 3: 9}, 3,
			3, false, 6, 0.888889, 0.666667, fptr(12), fptr(0.666667), LightRed},
		// Only Q1 reported: judged at Q1, marked stale.
		{"stale", q(7, HigherBetter, Cumulative, 80, 100), map[int]float64{1: 26}, 3,
			1, true, 25, 0.26, 1.04, fptr(104), fptr(1.04), LightGreen},
		{"no actuals", q(8, HigherBetter, Cumulative, 80, 100), nil, 3,
			0, false, 75, 0, 0, nil, nil, LightGrey},
		// Year over: the forecast is the actual.
		{"year end", q(9, HigherBetter, Level, 50, 60), map[int]float64{3: 57, 4: 59}, 4,
			4, false, 60, 0.983333, 0.983333, fptr(59), fptr(0.983333), LightYellow},
		// A Q4 figure not yet due is ignored.
		{"future ignored", q(10, HigherBetter, Cumulative, 80, 100), map[int]float64{2: 50, 3: 75, 4: 99}, 3,
			3, false, 75, 0.75, 1, fptr(100), fptr(1), LightGreen},
	}
	monthly := Indicator{ID: 11, Name: "m", Direction: HigherBetter, Accumulation: Cumulative, Baseline: 100, Target: 120,
		Weight: 10, Period: Monthly}
	tests = append(tests, trackCase{"monthly", monthly, map[int]float64{9: 92, 10: 105}, 10, 10, false, 100, 0.875, 1.05,
		fptr(126), fptr(1.05), LightGreen})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var acts []Actual
			for k, v := range tc.actuals {
				acts = append(acts, Actual{IndicatorID: tc.ind.ID, Period: k, Value: v})
			}
			acts = append(acts, Actual{IndicatorID: 999, Period: 1, Value: 1e9}) // another indicator's
			st := Track(&tc.ind, acts, tc.due, r)
			if st.Period != tc.period || st.Stale != tc.stale || !approx(st.Trajectory, tc.trajectory) ||
				!approx(st.Completion, tc.completion) || !approx(st.Progress, tc.progress) || st.Light != tc.light {
				t.Errorf("got period %d stale %v trajectory %v completion %v progress %v light %s; want %d %v %v %v %v %s",
					st.Period, st.Stale, st.Trajectory, st.Completion, st.Progress, st.Light,
					tc.period, tc.stale, tc.trajectory, tc.completion, tc.progress, tc.light)
			}
			if (st.Forecast == nil) != (tc.forecast == nil) || (st.Forecast != nil && (!approx(*st.Forecast, *tc.forecast) ||
				!approx(*st.ForecastCompletion, *tc.forecastComp))) {
				t.Errorf("forecast %v (%v), want %v (%v)", deref(st.Forecast), deref(st.ForecastCompletion), deref(tc.forecast), deref(tc.forecastComp))
			}
		})
	}
}

type trackCase struct {
	name    string
	ind     Indicator
	actuals map[int]float64
	due     int
	// want
	period                 int
	stale                  bool
	trajectory, completion float64
	progress               float64
	forecast, forecastComp *float64
	light                  Light
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestDuePeriod(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	tests := []struct {
		at     time.Time
		period ReportPeriod
		want   int
	}{
		{time.Date(2026, 3, 31, 23, 59, 0, 0, loc), Quarterly, 0},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, loc), Quarterly, 1},
		{time.Date(2026, 11, 2, 9, 0, 0, 0, loc), Quarterly, 3},
		{time.Date(2026, 11, 2, 9, 0, 0, 0, loc), Monthly, 10},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, loc), Quarterly, 4},
		{time.Date(2025, 12, 1, 0, 0, 0, 0, loc), Quarterly, 0},
	}
	for _, tc := range tests {
		if got := tc.period.DuePeriod(2026, tc.at, loc); got != tc.want {
			t.Errorf("%s at %v: %d, want %d", tc.period, tc.at, got, tc.want)
		}
	}
}

// TestCheckAmbition: each reason, direction-aware, and nothing for an ambitious target.
func TestCheckAmbition(t *testing.T) {
	r := DefaultTargetRules()
	peers := func(pairs ...float64) []PeerTarget {
		var out []PeerTarget
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, PeerTarget{UnitID: int64(i), Baseline: pairs[i], Target: pairs[i+1]})
		}
		return out
	}
	// Peers plan +5%, +8%, +10% (median 8%).
	growthPeers := peers(100, 105, 200, 216, 50, 55)
	tests := []struct {
		name string
		ind  Indicator
		c    AmbitionContext
		want []FlagReason
		// threshold of the first flag
		threshold float64
	}{
		{"ambitious", Indicator{Category: "社会民生", Direction: HigherBetter, Baseline: 100, Target: 110},
			AmbitionContext{Peers: growthPeers}, nil, 0},
		{"below baseline", Indicator{Category: "社会民生", Direction: HigherBetter, Baseline: 100, Target: 95},
			AmbitionContext{}, []FlagReason{FlagBelowBaseline}, 100},
		{"below required growth", Indicator{Category: "经济发展", Direction: HigherBetter, Baseline: 100, Target: 105},
			AmbitionContext{}, []FlagReason{FlagBelowRequiredGrowth}, 106},
		{"below peer growth", Indicator{Category: "社会民生", Direction: HigherBetter, Baseline: 300, Target: 318},
			AmbitionContext{Peers: growthPeers}, []FlagReason{FlagBelowPeerUnits}, 0.08},
		{"too few peers", Indicator{Category: "社会民生", Direction: HigherBetter, Baseline: 300, Target: 318},
			AmbitionContext{Peers: growthPeers[:2]}, nil, 0},
		{"lower better above baseline and required", Indicator{Category: "经济发展", Direction: LowerBetter, Baseline: 10, Target: 10.5},
			AmbitionContext{}, []FlagReason{FlagBelowBaseline, FlagBelowRequiredGrowth}, 10},
		{"lower better peers by target", Indicator{Category: "安全", Direction: LowerBetter, Baseline: 5, Target: 4},
			AmbitionContext{Peers: peers(0, 2, 0, 3, 0, 5)}, []FlagReason{FlagBelowPeerUnits}, 3},
		{"below peer counties", Indicator{Category: "社会民生", Direction: HigherBetter, Baseline: 5, Target: 5.5},
			AmbitionContext{County: &CountyBenchmark{Indicator: "GDP增速", Median: 6, Counties: 11, Year: 2025, Quarter: 4}},
			[]FlagReason{FlagBelowPeerCounties}, 6},
		{"milestones are not checked", Indicator{Category: "经济发展", Direction: DirectionMilestone, Baseline: 0, Target: 100},
			AmbitionContext{Peers: peers(0, 100, 0, 100, 0, 100)}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flags := r.CheckAmbition(&tc.ind, tc.c)
			var got []FlagReason
			for _, f := range flags {
				got = append(got, f.Reason)
				if f.Message == "" || f.Target != tc.ind.Target {
					t.Errorf("flag %+v", f)
				}
			}
			if strings.Join(reasons(got), ",") != strings.Join(reasons(tc.want), ",") {
				t.Fatalf("flags %v, want %v", got, tc.want)
			}
			if len(flags) > 0 && !approx(flags[0].Threshold, tc.threshold) {
				t.Errorf("threshold %v, want %v (%s)", flags[0].Threshold, tc.threshold, flags[0].Message)
			}
		})
	}
}

func reasons(rs []FlagReason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func TestMergeFlags(t *testing.T) {
	now := time.Now()
	old := []Flag{{Reason: FlagBelowBaseline, Target: 95, Justification: "疫情", ApprovedAt: &now}}
	kept := MergeFlags(old, []Flag{{Reason: FlagBelowBaseline, Target: 95}, {Reason: FlagBelowPeerUnits, Target: 95}})
	if kept[0].Justification != "疫情" || kept[0].ApprovedAt == nil || kept[1].Justification != "" {
		t.Errorf("merge kept %+v", kept)
	}
	if moved := MergeFlags(old, []Flag{{Reason: FlagBelowBaseline, Target: 96}}); moved[0].Justification != "" {
		t.Error("a justification survived a change of target")
	}
}

// TestRankFigures: rank, 标兵, 追兵 and gaps, direction-aware, with ties.
func TestRankFigures(t *testing.T) {
	figs := func(self string, vals map[string]float64) []KeyFigure {
		var out []KeyFigure
		for c, v := range vals {
			out = append(out, KeyFigure{Year: 2026, Quarter: 2, County: c, Value: v, Self: c == self})
		}
		return out
	}
	vals := map[string]float64{"甲": 7.1, "乙": 6.8, "丙": 6.5, "本县": 6.2, "丁": 6.2, "戊": 5.9, "己": 4.0}
	st := RankFigures(HigherBetter, figs("本县", vals))
	if st.Rank != 4 || st.Counties != 7 || st.Ahead.County != "丙" || !approx(st.Ahead.Gap, 0.3) ||
		st.Behind.County != "戊" || !approx(st.Behind.Gap, 0.3) || st.Leader.County != "甲" || !approx(st.Median, 6.2) {
		t.Errorf("higher better: rank %d ahead %+v behind %+v leader %+v median %v", st.Rank, st.Ahead, st.Behind, st.Leader, st.Median)
	}
	low := RankFigures(LowerBetter, figs("本县", vals))
	if low.Rank != 3 || low.Ahead.County != "戊" || low.Behind.County != "丙" {
		t.Errorf("lower better: rank %d ahead %+v behind %+v", low.Rank, low.Ahead, low.Behind)
	}
	first := RankFigures(HigherBetter, figs("甲", vals))
	if first.Rank != 1 || first.Ahead != nil || first.Leader != nil || first.Behind.County != "乙" {
		t.Errorf("first: %+v", first)
	}
	none := RankFigures(HigherBetter, figs("", vals))
	if none.Value != nil || none.Rank != 0 || len(none.Figures) != 7 {
		t.Errorf("without this county: %+v", none)
	}
}
