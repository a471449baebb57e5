package luoshi

import "math"

// Share is the planned fraction of the year's change reached at the end of period k
// (1-based): k/N when the indicator has no seasonal profile, else the profile's running sum
// over its total.
func (ind *Indicator) Share(k int) float64 {
	n := ind.Period.Count()
	if k <= 0 {
		return 0
	}
	if k >= n {
		return 1
	}
	if len(ind.Profile) != n {
		return float64(k) / float64(n)
	}
	sum, part := 0.0, 0.0
	for i, w := range ind.Profile {
		sum += w
		if i < k {
			part += w
		}
	}
	if sum <= 0 {
		return float64(k) / float64(n)
	}
	return part / sum
}

// TrajectoryAt is where the indicator should be at the end of period k (序时目标): a
// cumulative indicator (and a milestone's percent done) from zero towards the target, a
// level indicator from the baseline towards it, each by the share planned for k.
func (ind *Indicator) TrajectoryAt(k int) float64 {
	return ind.pathAt(ind.Target, k)
}

func (ind *Indicator) pathAt(goal float64, k int) float64 {
	s := ind.Share(k)
	if ind.Accumulation == Level && ind.Direction != DirectionMilestone {
		return ind.Baseline + (goal-ind.Baseline)*s
	}
	return goal * s
}

// Achievement is how far actual reaches expected, direction-aware: actual/expected when
// higher is better, expected/actual when lower is better; 1 means exactly as planned. It is
// clamped to [0, limit]; a milestone never counts above 1.
func Achievement(dir Direction, actual, expected, limit float64) float64 {
	var r float64
	switch {
	case dir == LowerBetter && actual > 0 && expected >= 0:
		r = expected / actual
	case dir == LowerBetter:
		// Zero or negative actuals (no accidents at all; a fall where a fall is wanted).
		if actual < expected {
			r = limit
		} else if actual == expected {
			r = 1
		}
	case expected > 0:
		r = actual / expected
	case actual >= expected:
		r = 1
	}
	if dir == DirectionMilestone {
		limit = 1
	}
	return math.Max(0, math.Min(r, limit))
}

// IndicatorStatus is where one indicator stands (指标运行情况) at its latest actual.
type IndicatorStatus struct {
	IndicatorID int64 `json:"indicator_id"`
	// Period is the period of the latest actual (0: none yet); DuePeriod the last period
	// ended at the moment of evaluation. Stale when the latest actual is older than that.
	Period    int      `json:"period"`
	DuePeriod int      `json:"due_period"`
	Stale     bool     `json:"stale"`
	Actual    *float64 `json:"actual"`
	// Trajectory is where the indicator should be at Period (at DuePeriod without actuals).
	Trajectory float64 `json:"trajectory"`
	// Completion is the actual against the annual target (完成率); Progress against the
	// trajectory (序时完成率), which decides the light and the score.
	Completion float64 `json:"completion"`
	Progress   float64 `json:"progress"`
	// Forecast is the projected year-end value, and ForecastCompletion it against the target.
	Forecast           *float64 `json:"forecast"`
	ForecastCompletion *float64 `json:"forecast_completion"`
	Light              Light    `json:"light"`
}

// Track computes an indicator's status from its actuals (any order, other indicators'
// ignored) as of duePeriod, the last period ended.
func Track(ind *Indicator, actuals []Actual, duePeriod int, r *TargetRules) IndicatorStatus {
	st := IndicatorStatus{IndicatorID: ind.ID, DuePeriod: duePeriod, Light: LightGrey}
	var latest *Actual
	for i := range actuals {
		a := &actuals[i]
		if a.IndicatorID != ind.ID || a.Period > duePeriod || a.Period < 1 {
			continue
		}
		if latest == nil || a.Period > latest.Period {
			latest = a
		}
	}
	if latest == nil {
		st.Trajectory = round6(ind.TrajectoryAt(duePeriod))
		return st
	}
	k, v := latest.Period, latest.Value
	st.Period, st.Stale, st.Actual = k, k < duePeriod, &v
	expected := ind.TrajectoryAt(k)
	st.Trajectory = round6(expected)
	st.Completion = round6(Achievement(ind.Direction, v, ind.Target, r.CompletionCap))
	st.Progress = round6(Achievement(ind.Direction, v, expected, r.CompletionCap))
	if f, ok := ind.forecast(k, v); ok {
		fc := round6(Achievement(ind.Direction, f, ind.Target, r.CompletionCap))
		f = round6(f)
		st.Forecast, st.ForecastCompletion = &f, &fc
	}
	st.Light = r.light(ind, st)
	return st
}

// forecast projects the year-end value from the actual v of period k: year to date over the
// share planned by k (a seasonally adjusted run rate) for cumulative indicators, the
// baseline plus the change so far over that share for level ones.
func (ind *Indicator) forecast(k int, v float64) (float64, bool) {
	s := ind.Share(k)
	if k >= ind.Period.Count() {
		return v, true
	}
	if s <= 0 {
		return 0, false
	}
	var f float64
	if ind.Accumulation == Level && ind.Direction != DirectionMilestone {
		f = ind.Baseline + (v-ind.Baseline)/s
	} else {
		f = v / s
	}
	if ind.Direction == DirectionMilestone {
		f = math.Min(f, ind.Target)
	}
	return f, true
}

// light: blue once a cumulative (or milestone) target that rises is already reached for the
// year; otherwise green on or ahead of the trajectory, yellow a little behind, red further.
func (r *TargetRules) light(ind *Indicator, st IndicatorStatus) Light {
	if (ind.Direction == HigherBetter && ind.Accumulation == Cumulative) || ind.Direction == DirectionMilestone {
		if st.Completion >= 1-1e-9 {
			return LightBlue
		}
	}
	switch {
	case st.Progress >= r.GreenAt-1e-9:
		return LightGreen
	case st.Progress >= r.YellowAt-1e-9:
		return LightYellow
	}
	return LightRed
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
