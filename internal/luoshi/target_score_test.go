package luoshi

import "testing"

// TestScoreAndRank is the hand-computed score table: tiers (exceeded, met, pro rata, zero),
// the bonus with and without a stretch target, the bonus cap, deductions and their cap,
// ties, and the 15% quota of 优秀 (one unit in a group of seven).
func TestScoreAndRank(t *testing.T) {
	r := DefaultTargetRules()
	type part struct {
		weight, progress float64
		stretch          *float64
	}
	type unit struct {
		id        int64
		group     string
		parts     []part
		sanctions []Sanction
		// want
		base, bonus, deductions, total float64
		rank                           int
		grade                          string
	}
	urges := func(id int64, level string, n int) []Sanction {
		var out []Sanction
		for range n {
			out = append(out, Sanction{UnitID: id, Kind: "urge", Sub: level})
		}
		return out
	}
	acc := func(id int64, kinds ...string) []Sanction {
		var out []Sanction
		for _, k := range kinds {
			out = append(out, Sanction{UnitID: id, Kind: "accountability", Sub: k})
		}
		return out
	}
	units := []unit{
		// 40 + 30 + 0.8×30 = 94; bonuses 40×0.2×(0.05/0.1) = 4 and 30×0.2×1 = 6, capped at 5.
		{1, "township", []part{{40, 1.05, nil}, {30, 1.30, nil}, {30, 0.8, nil}}, nil, 94, 5, 0, 99, 1, "good"},
		// 100, less two orange urgings at 0.5: tied with unit 1, so neither fits the quota of one.
		{2, "township", []part{{100, 1, nil}}, urges(2, "orange", 2), 100, 0, 1, 99, 1, "good"},
		{3, "township", []part{{100, 0.92, nil}}, nil, 92, 0, 0, 92, 4, "good"},
		// 通报批评 2 + 诫勉 3 + a red urging 1.
		{4, "township", []part{{100, 1, nil}}, append(acc(4, "notice_criticism", "admonition"), urges(4, "red", 1)...), 100, 0, 6, 94, 3, "good"},
		{5, "township", []part{{100, 0.85, nil}}, urges(5, "blue", 3), 85, 0, 0, 85, 5, "good"},
		// Below the floor scores nothing.
		{6, "township", []part{{60, 0.5, nil}, {40, 1, nil}}, nil, 40, 0, 0, 40, 7, "fail"},
		// Exactly at the floor: pro rata.
		{7, "township", []part{{50, 0.6, nil}, {50, 0.96, nil}}, nil, 78, 0, 0, 78, 6, "pass"},
		// Stretch 120 on target 100 (linear, Q3): the full bonus at 90/75 = 1.2; 1.1 earns half of 40×0.2.
		{11, "department", []part{{40, 1.1, fptr(120)}, {60, 1, nil}}, nil, 100, 4, 0, 104, 1, "excellent"},
		// 93 is 优秀 by score, but the quota of one is used.
		{12, "department", []part{{100, 0.93, nil}}, nil, 93, 0, 0, 93, 2, "good"},
		{13, "department", []part{{100, 0.91, nil}}, nil, 91, 0, 0, 91, 3, "good"},
		{14, "department", []part{{100, 0.85, nil}}, nil, 85, 0, 0, 85, 4, "good"},
		{15, "department", []part{{100, 0.70, nil}}, nil, 70, 0, 0, 70, 5, "pass"},
		// 25 red urgings, capped at 20 points.
		{16, "department", []part{{100, 0.65, nil}}, urges(16, "red", 25), 65, 0, 20, 45, 6, "fail"},
		// Nothing earned and 约谈: never below zero.
		{17, "department", []part{{100, 0.55, nil}}, acc(17, "interview"), 0, 0, 1, 0, 7, "fail"},
	}
	var sanctions []Sanction
	sanctions = append(sanctions, acc(99, "admonition")...) // another unit's
	var scores []*UnitScore
	for _, u := range units {
		sanctions = append(sanctions, u.sanctions...)
		us := &UnitScore{UnitID: u.id, Group: u.group}
		for i, p := range u.parts {
			ind := &Indicator{ID: u.id*10 + int64(i), Name: "x", Direction: HigherBetter, Accumulation: Cumulative,
				Baseline: 80, Target: 100, Stretch: p.stretch, Weight: p.weight, Period: Quarterly}
			us.Indicators = append(us.Indicators, r.ScoreIndicator(ind, IndicatorStatus{Period: 3, Progress: p.progress}))
		}
		scores = append(scores, us)
	}
	for _, us := range scores {
		r.Score(us, sanctions)
	}
	r.Rank(scores)
	byID := map[int64]*UnitScore{}
	for _, us := range scores {
		byID[us.UnitID] = us
	}
	for _, u := range units {
		got := byID[u.id]
		if !approx(got.Base, u.base) || !approx(got.Bonus, u.bonus) || !approx(got.Deductions, u.deductions) ||
			!approx(got.Total, u.total) || got.Rank != u.rank || got.Grade != u.grade || got.GroupSize != 7 {
			t.Errorf("unit %d: base %v bonus %v deductions %v total %v rank %d/%d grade %s; want %v %v %v %v %d %s",
				u.id, got.Base, got.Bonus, got.Deductions, got.Total, got.Rank, got.GroupSize, got.Grade,
				u.base, u.bonus, u.deductions, u.total, u.rank, u.grade)
		}
	}
	if byID[1].BonusRaw != 10 {
		t.Errorf("raw bonus %v, want 10 before the cap", byID[1].BonusRaw)
	}
	tiers := []ScoreTier{byID[1].Indicators[0].Tier, byID[1].Indicators[2].Tier, byID[6].Indicators[0].Tier, byID[2].Indicators[0].Tier}
	if tiers[0] != TierExceeded || tiers[1] != TierProRata || tiers[2] != TierZero || tiers[3] != TierMet {
		t.Errorf("tiers %v", tiers)
	}
	if scores[0].Group != "department" || scores[0].UnitID != 11 || scores[7].UnitID != 1 {
		t.Errorf("order: first %d, eighth %d", scores[0].UnitID, scores[7].UnitID)
	}
}

func TestTargetRulesValidate(t *testing.T) {
	if err := DefaultTargetRules().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	bad := []func(r *TargetRules){
		func(r *TargetRules) { r.YellowAt = 1.2 },
		func(r *TargetRules) { r.Floor = 1 },
		func(r *TargetRules) { r.Grades[1].MinScore = 95 },
		func(r *TargetRules) { r.Grades = r.Grades[:2] },
		func(r *TargetRules) { r.AdjustmentCutoff = "31-10" },
		func(r *TargetRules) { r.UrgePoints["purple"] = 1 },
		func(r *TargetRules) { r.Grades[0].Quota = 1.5 },
	}
	for i, f := range bad {
		r := DefaultTargetRules()
		f(r)
		if ErrorCode(r.Validate()) != EINVALID {
			t.Errorf("case %d accepted", i)
		}
	}
}
