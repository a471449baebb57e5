package luoshi

import (
	"math"
	"sort"
)

// ScoreTier is how an indicator scored: exceeded, met, pro rata above the floor, or zero.
type ScoreTier string

// The tiers.
const (
	TierExceeded ScoreTier = "exceeded"
	TierMet      ScoreTier = "met"
	TierProRata  ScoreTier = "pro_rata"
	TierZero     ScoreTier = "zero"
)

// IndicatorScore is one indicator's part of a unit's score.
type IndicatorScore struct {
	IndicatorID int64     `json:"indicator_id"`
	Name        string    `json:"name"`
	Weight      float64   `json:"weight"`
	Progress    float64   `json:"progress"`
	Tier        ScoreTier `json:"tier"`
	Points      float64   `json:"points"`
	Bonus       float64   `json:"bonus"`
}

// ScoreIndicator scores an indicator on its progress against the trajectory (at year end,
// against the target): the full weight when met, pro rata from the floor, nothing below it,
// and when exceeded a bonus of up to BonusRate of the weight, reached at the stretch target.
func (r *TargetRules) ScoreIndicator(ind *Indicator, st IndicatorStatus) IndicatorScore {
	s := IndicatorScore{IndicatorID: ind.ID, Name: ind.Name, Weight: ind.Weight, Progress: st.Progress, Tier: TierZero}
	if st.Period == 0 {
		return s
	}
	p := st.Progress
	switch {
	case p >= 1-1e-9:
		s.Tier, s.Points = TierMet, ind.Weight
		if p > 1+1e-9 && ind.Direction != DirectionMilestone {
			s.Tier = TierExceeded
			s.Bonus = ind.Weight * r.BonusRate * math.Min(1, (p-1)/(r.stretchRatio(ind, st.Period)-1))
		}
	case p >= r.Floor-1e-9:
		s.Tier, s.Points = TierProRata, ind.Weight*p
	}
	s.Points, s.Bonus = round6(s.Points), round6(s.Bonus)
	return s
}

// stretchRatio is the progress at which the full bonus is earned: the stretch target's
// trajectory against the target's at period k, or 1+DefaultStretch without a stretch target.
func (r *TargetRules) stretchRatio(ind *Indicator, k int) float64 {
	if ind.Stretch != nil {
		sr := Achievement(ind.Direction, ind.pathAt(*ind.Stretch, k), ind.TrajectoryAt(k), r.CompletionCap)
		if sr > 1+1e-9 {
			return sr
		}
	}
	return 1 + r.DefaultStretch
}

// UnitScore is a unit's assessment score (考核得分) = base + bonus − deductions, and its rank
// and grade within its group.
type UnitScore struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Group    string `json:"group"`
	LetterID int64  `json:"letter_id"`
	// Base is the weighted points; BonusRaw the bonuses before the cap, Bonus after it.
	Base     float64 `json:"base"`
	BonusRaw float64 `json:"bonus_raw"`
	Bonus    float64 `json:"bonus"`
	// Commendation is the points for commendations (表彰), after CommendationCap.
	Commendation float64 `json:"commendation"`
	// Deductions: for accountability records (waived ones deduct nothing), urging notices
	// and items not delivered in time, capped in total.
	Accountability float64 `json:"accountability"`
	Urging         float64 `json:"urging"`
	Late           float64 `json:"late"`
	// LateReply is the deduction for replies to proposals (建议提案) not given by their
	// deadline, at LatePoints each, as a late item.
	LateReply     float64          `json:"late_reply"`
	Deductions    float64          `json:"deductions"`
	Total         float64          `json:"total"`
	Rank          int              `json:"rank"`
	GroupSize     int              `json:"group_size"`
	Grade         string           `json:"grade"`
	GradeName     string           `json:"grade_name"`
	Records       int              `json:"accountability_records"`
	Waived        int              `json:"waived_records"`
	Notices       int              `json:"urging_notices"`
	LateItems     int              `json:"late_items"`
	LateReplies   int              `json:"late_replies"`
	Commendations int              `json:"commendations"`
	Indicators    []IndicatorScore `json:"indicators"`
}

// Score totals a unit's indicator scores, its commendations and its sanctions (only those
// naming the unit count):
//
//	total = base + min(bonus, BonusCap) + min(commendations, CommendationCap)
//	        − min(accountability + urging + late + late_reply, DeductionCap), never below 0
//
// where a waived accountability record (容错免责) deducts nothing, and a late reply to a
// proposal (sanction "late_reply") deducts LatePoints as a late item does. It uses outcomes
// only: targets reached, work delivered in time, replies given in time, commendations,
// accountability, urging on late work — never activity (DOMAIN.md, "Less burden").
func (r *TargetRules) Score(us *UnitScore, sanctions []Sanction) {
	us.Base, us.BonusRaw = 0, 0
	for _, s := range us.Indicators {
		us.Base += s.Points
		us.BonusRaw += s.Bonus
	}
	us.Bonus = math.Min(us.BonusRaw, r.BonusCap)
	us.Accountability, us.Urging, us.Late, us.LateReply, us.Commendation = 0, 0, 0, 0, 0
	us.Records, us.Waived, us.Notices, us.LateItems, us.LateReplies, us.Commendations = 0, 0, 0, 0, 0, 0
	for _, s := range sanctions {
		if s.UnitID != us.UnitID {
			continue
		}
		switch s.Kind {
		case RecordAccountability:
			us.Records++
			if s.Waived {
				us.Waived++
				continue
			}
			pts, ok := r.AccountabilityPoints[s.Sub]
			if !ok {
				pts = 1
			}
			us.Accountability += pts
		case "urge":
			us.Urging += r.UrgePoints[UrgeLevel(s.Sub)]
			us.Notices++
		case "late":
			us.Late += r.LatePoints
			us.LateItems++
		case SanctionLateReply:
			us.LateReply += r.LatePoints
			us.LateReplies++
		case RecordCommendation:
			us.Commendation += r.CommendationPoints[s.Sub]
			us.Commendations++
		}
	}
	us.Commendation = math.Min(us.Commendation, r.CommendationCap)
	us.Deductions = us.Accountability + us.Urging + us.Late + us.LateReply
	if r.DeductionCap > 0 {
		us.Deductions = math.Min(us.Deductions, r.DeductionCap)
	}
	us.Total = round2(math.Max(0, us.Base+us.Bonus+us.Commendation-us.Deductions))
	us.Base, us.BonusRaw, us.Bonus = round2(us.Base), round2(us.BonusRaw), round2(us.Bonus)
	us.Accountability, us.Urging, us.Late, us.Deductions = round2(us.Accountability), round2(us.Urging), round2(us.Late), round2(us.Deductions)
	us.LateReply = round2(us.LateReply)
	us.Commendation = round2(us.Commendation)
}

// Rank orders scores within each group by total (equal totals share a rank, 1-2-2-4) and
// gives grades best first; a grade with a quota goes to at most floor(quota × group size)
// units, and units tied on the boundary that cannot all have it all fall to the next grade.
// The slice is sorted by group, then rank, then unit.
func (r *TargetRules) Rank(scores []*UnitScore) {
	sort.SliceStable(scores, func(i, j int) bool {
		a, b := scores[i], scores[j]
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.UnitID < b.UnitID
	})
	for start := 0; start < len(scores); {
		end := start
		for end < len(scores) && scores[end].Group == scores[start].Group {
			end++
		}
		r.rankGroup(scores[start:end])
		start = end
	}
}

func (r *TargetRules) rankGroup(g []*UnitScore) {
	used := make([]int, len(r.Grades))
	// A grade whose quota a tie could not fit is closed: no unit ranked lower may have it.
	closed := make([]bool, len(r.Grades))
	for i := 0; i < len(g); {
		j := i
		for j < len(g) && g[j].Total == g[i].Total {
			j++
		}
		grade := -1
		for k, gr := range r.Grades {
			if closed[k] || g[i].Total < gr.MinScore-1e-9 {
				continue
			}
			if gr.Quota > 0 && used[k]+(j-i) > int(math.Floor(gr.Quota*float64(len(g))+1e-9)) {
				closed[k] = true
				continue
			}
			grade = k
			used[k] += j - i
			break
		}
		for _, s := range g[i:j] {
			s.Rank, s.GroupSize = i+1, len(g)
			s.Grade, s.GradeName = "", ""
			if grade >= 0 {
				s.Grade, s.GradeName = r.Grades[grade].Key, r.Grades[grade].Name
			}
		}
		i = j
	}
}

// GroupName is the Chinese name of a ranking group, which is a kind of unit.
func GroupName(kind string) string {
	switch kind {
	case "department":
		return "部门"
	case "township":
		return "乡镇（街道）"
	}
	return "其他单位"
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
