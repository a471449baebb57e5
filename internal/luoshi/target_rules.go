package luoshi

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// TargetRules are the configurable rules of targets (DOMAIN.md, "Targets"): the ambition
// check, the on-track light, scoring, grades and the adjustment cut-off. DefaultTargetRules
// holds the defaults; the supervision office edits them for its region.
type TargetRules struct {
	// RequiredGrowth is the growth the county requires per indicator category (0.06 = 6%):
	// a higher-better target must reach baseline×(1+g), a lower-better one baseline×(1−g).
	RequiredGrowth map[string]float64 `json:"required_growth"`
	// MinPeers is how many peer units (or counties) a median needs before it counts.
	MinPeers int `json:"min_peers"`
	// GreenAt and YellowAt are the on-track thresholds of progress against the trajectory:
	// at or above GreenAt green, at or above YellowAt yellow, below red.
	GreenAt  float64 `json:"green_at"`
	YellowAt float64 `json:"yellow_at"`
	// CompletionCap bounds every completion and progress ratio (200% by default).
	CompletionCap float64 `json:"completion_cap"`
	// Floor: progress below it earns no points; from it up to 1, points pro rata.
	Floor float64 `json:"floor"`
	// BonusRate is the bonus, as a share of the indicator's weight, for reaching the stretch
	// target (or, without one, exceeding the target by DefaultStretch); less pro rata.
	BonusRate      float64 `json:"bonus_rate"`
	DefaultStretch float64 `json:"default_stretch"`
	// BonusCap caps a unit's total bonus points.
	BonusCap float64 `json:"bonus_cap"`
	// AccountabilityPoints are deducted per accountability record of each kind naming the
	// unit; UrgePoints per urging notice of each level on an item the unit leads.
	AccountabilityPoints map[string]float64    `json:"accountability_points"`
	UrgePoints           map[UrgeLevel]float64 `json:"urge_points"`
	// LatePoints are deducted per item the unit leads that fell due in the year, by the
	// moment scored, without its completion requested by the deadline (按时办结).
	LatePoints float64 `json:"late_points"`
	// CommendationPoints are added per commendation (表彰) of each kind naming the unit, up
	// to CommendationCap in all.
	CommendationPoints map[string]float64 `json:"commendation_points"`
	CommendationCap    float64            `json:"commendation_cap"`
	// DeductionCap caps a unit's total deductions; 0 means no cap.
	DeductionCap float64 `json:"deduction_cap"`
	// Grades, best first; a grade with a quota goes to at most that share of a group.
	Grades []Grade `json:"grades"`
	// AdjustmentCutoff is the last day (MM-DD, in the letter's year) on which a target
	// adjustment may be requested or approved.
	AdjustmentCutoff string `json:"adjustment_cutoff"`
}

// Grade is one assessment grade (考核等次).
type Grade struct {
	Key      string  `json:"key"`
	Name     string  `json:"name"`
	MinScore float64 `json:"min_score"`
	Quota    float64 `json:"quota"`
}

// DefaultTargetRules returns the defaults.
func DefaultTargetRules() *TargetRules {
	return &TargetRules{
		RequiredGrowth: map[string]float64{"经济发展": 0.06, "项目投资": 0.08, "财政收入": 0.05},
		MinPeers:       3, GreenAt: 1, YellowAt: 0.9, CompletionCap: 2, Floor: 0.6,
		BonusRate: 0.2, DefaultStretch: 0.1, BonusCap: 5,
		AccountabilityPoints: map[string]float64{"notice_criticism": 2, "interview": 1, "rectification": 1, "admonition": 3},
		UrgePoints:           map[UrgeLevel]float64{UrgeBlue: 0, UrgeOrange: 0.5, UrgeRed: 1},
		LatePoints:           1,
		CommendationPoints:   map[string]float64{"early_delivery": 1, "outstanding_delivery": 2},
		CommendationCap:      3,
		DeductionCap:         20,
		Grades: []Grade{{Key: "excellent", Name: "优秀", MinScore: 90, Quota: 0.15}, {Key: "good", Name: "良好", MinScore: 80},
			{Key: "pass", Name: "合格", MinScore: 60}, {Key: "fail", Name: "不合格", MinScore: 0}},
		AdjustmentCutoff: "10-31",
	}
}

// Validate checks the rules a supervisor sets.
func (r *TargetRules) Validate() error {
	var v Validation
	for cat, g := range r.RequiredGrowth {
		if cat == "" || math.IsNaN(g) || g < -1 || g > 10 {
			v.Add("required_growth", "target.rules.growth", cat)
		}
	}
	if r.MinPeers < 1 || r.MinPeers > 100 {
		v.Add("min_peers", "target.rules.min_peers")
	}
	if !(r.YellowAt > 0 && r.YellowAt <= r.GreenAt && r.GreenAt <= 2) {
		v.Add("green_at", "target.rules.lines")
	}
	if !(r.CompletionCap >= 1 && r.CompletionCap <= 10) {
		v.Add("completion_cap", "target.rules.cap")
	}
	if !(r.Floor >= 0 && r.Floor < 1) {
		v.Add("floor", "target.rules.floor")
	}
	nonNeg := map[string]float64{"bonus_rate": r.BonusRate, "bonus_cap": r.BonusCap, "deduction_cap": r.DeductionCap,
		"late_points": r.LatePoints, "commendation_cap": r.CommendationCap}
	for f, x := range nonNeg {
		if math.IsNaN(x) || x < 0 || x > 1000 {
			v.Add(f, "target.rules.points_range")
		}
	}
	if !(r.DefaultStretch > 0 && r.DefaultStretch <= 10) {
		v.Add("default_stretch", "target.rules.stretch")
	}
	for k, p := range r.AccountabilityPoints {
		if math.IsNaN(p) || p < 0 || p > 100 {
			v.Add("accountability_points", "target.rules.accountability", k)
		}
	}
	for k, p := range r.CommendationPoints {
		if !slices.Contains(CommendationKinds, k) || math.IsNaN(p) || p < 0 || p > 100 {
			v.Add("commendation_points", "target.rules.commendation", k)
		}
	}
	for k, p := range r.UrgePoints {
		if k.Rank() == 0 || math.IsNaN(p) || p < 0 || p > 100 {
			v.Add("urge_points", "target.rules.urge", string(k))
		}
	}
	r.validateGrades(&v)
	if _, err := r.Cutoff(2026, time.UTC); err != nil {
		v.Add("adjustment_cutoff", "target.rules.cutoff")
	}
	return v.Err()
}

func (r *TargetRules) validateGrades(v *Validation) {
	if len(r.Grades) == 0 || len(r.Grades) > 10 {
		v.Add("grades", "target.rules.grades_count")
		return
	}
	keys := map[string]bool{}
	for i, g := range r.Grades {
		f := "grades[" + strconv.Itoa(i) + "]"
		if g.Key == "" || g.Name == "" || keys[g.Key] {
			v.Add(f, "target.rules.grade_names")
		}
		keys[g.Key] = true
		if i > 0 && g.MinScore >= r.Grades[i-1].MinScore {
			v.Add(f, "target.rules.grade_order")
		}
		if math.IsNaN(g.Quota) || g.Quota < 0 || g.Quota > 1 {
			v.Add(f, "target.rules.grade_quota")
		}
	}
	if r.Grades[len(r.Grades)-1].MinScore > 0 {
		v.Add("grades", "target.rules.grade_last")
	}
}

// Cutoff is the end of the adjustment cut-off day of year, in loc.
func (r *TargetRules) Cutoff(year int, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", strconv.Itoa(year)+"-"+r.AdjustmentCutoff, loc)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, 1), nil
}

// fmtNum shows a number as a clerk writes it: at most four decimals, no trailing zeros.
func fmtNum(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64)
}

// fmtPct shows a ratio as a percentage with at most two decimals.
func fmtPct(x float64) string { return fmtNum(math.Round(x*1e4)/1e2) + "%" }
