package luoshi

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// LetterState is where a target responsibility letter (目标责任书) stands:
// draft → submitted → reviewed → signed.
type LetterState string

// The states of a letter.
const (
	LetterDraft     LetterState = "draft"
	LetterSubmitted LetterState = "submitted"
	LetterReviewed  LetterState = "reviewed"
	LetterSigned    LetterState = "signed"
)

// Direction says which way an indicator improves.
type Direction string

// The directions of DOMAIN.md.
const (
	HigherBetter       Direction = "higher_better"
	LowerBetter        Direction = "lower_better"
	DirectionMilestone Direction = "milestone"
)

// Valid reports whether d is a known direction.
func (d Direction) Valid() bool {
	return d == HigherBetter || d == LowerBetter || d == DirectionMilestone
}

// Accumulation says how an indicator's actuals add up over the year.
type Accumulation string

// The accumulations. A cumulative indicator is reported year to date (1–N月累计, as the
// statistics bureau publishes investment or revenue) and grows from zero towards the annual
// target; a level indicator is a rate or stock at the period's end (城镇化率, 失业率) and moves
// from the baseline towards the target.
const (
	Cumulative Accumulation = "cumulative"
	Level      Accumulation = "level"
)

// ReportPeriod is how often an indicator's actual is reported.
type ReportPeriod string

// The reporting periods.
const (
	Monthly   ReportPeriod = "monthly"
	Quarterly ReportPeriod = "quarterly"
)

// Count is the number of periods in a year.
func (p ReportPeriod) Count() int {
	if p == Monthly {
		return 12
	}
	return 4
}

// Valid reports whether p is a known period.
func (p ReportPeriod) Valid() bool { return p == Monthly || p == Quarterly }

// PeriodEnd is the moment period k (1-based) of year ends, in loc: the first instant of the
// next period.
func (p ReportPeriod) PeriodEnd(year, k int, loc *time.Location) time.Time {
	months := 12 / p.Count()
	return time.Date(year, time.Month(1+k*months), 1, 0, 0, 0, 0, loc)
}

// DuePeriod is the number of periods of year that have ended at now (0 … Count).
func (p ReportPeriod) DuePeriod(year int, now time.Time, loc *time.Location) int {
	n := 0
	for k := 1; k <= p.Count(); k++ {
		if !now.Before(p.PeriodEnd(year, k, loc)) {
			n = k
		}
	}
	return n
}

// PeriodMsg names period k by key: 第3季度 (Q3), 7月 (month 7).
func (p ReportPeriod) PeriodMsg(k int) Msg {
	if p == Monthly {
		return M("period.month", k)
	}
	return M("period.quarter", k)
}

// PeriodLabel names period k in Chinese: 第3季度, 7月.
func (p ReportPeriod) PeriodLabel(k int) string {
	if p == Monthly {
		return strconv.Itoa(k) + "月"
	}
	return "第" + strconv.Itoa(k) + "季度"
}

// Indicator is one target of a letter (指标).
type Indicator struct {
	ID           int64        `json:"id"`
	LetterID     int64        `json:"letter_id"`
	Position     int          `json:"position"`
	Name         string       `json:"name"`
	Category     string       `json:"category"`
	MeasureUnit  string       `json:"measure_unit"`
	Direction    Direction    `json:"direction"`
	Accumulation Accumulation `json:"accumulation"`
	// Baseline is last year's actual (基数).
	Baseline float64 `json:"baseline"`
	Target   float64 `json:"target"`
	// Stretch is the optional stretch target (奋斗目标).
	Stretch *float64     `json:"stretch,omitempty"`
	Weight  float64      `json:"weight"`
	Period  ReportPeriod `json:"period"`
	// Profile is the optional seasonal profile: the share of the year's change planned for
	// each period (any positive scale; 4 or 12 numbers). Empty means linear.
	Profile []float64 `json:"profile,omitempty"`
	// CountyIndicator names the key development indicator this target is measured against
	// among peer counties (a county-level indicator); empty for most.
	CountyIndicator string `json:"county_indicator,omitempty"`
	Note            string `json:"note,omitempty"`
	Flags           []Flag `json:"flags"`
}

// PeerKey is the indicator's name as peers are matched on: without spaces, full-width
// letters and digits folded, case folded.
func (ind *Indicator) PeerKey() string { return PeerKey(ind.Name) }

// PeerKey normalises an indicator name for matching across units and workbooks.
func PeerKey(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Letter is a unit's target responsibility letter for one year (目标责任书).
type Letter struct {
	ID          int64       `json:"id"`
	RegionID    int64       `json:"region_id"`
	UnitID      int64       `json:"unit_id"`
	Year        int         `json:"year"`
	State       LetterState `json:"state"`
	Version     int         `json:"version"`
	Indicators  []Indicator `json:"indicators"`
	CreatedBy   int64       `json:"created_by"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
	SubmittedAt *time.Time  `json:"submitted_at,omitempty"`
	ReviewedAt  *time.Time  `json:"reviewed_at,omitempty"`
	SignedAt    *time.Time  `json:"signed_at,omitempty"`
	SignedBy    int64       `json:"signed_by,omitempty"`
}

// Indicator returns the letter's indicator with the id, or nil.
func (l *Letter) Indicator(id int64) *Indicator {
	for i := range l.Indicators {
		if l.Indicators[i].ID == id {
			return &l.Indicators[i]
		}
	}
	return nil
}

// Limits of a letter.
const (
	MaxIndicators     = 100
	MaxIndicatorName  = 100
	MaxIndicatorText  = 500
	MaxJustification  = 2000
	MaxIndicatorValue = 1e15
)

// Validate checks one indicator and records problems under prefix (e.g. "indicators[3]").
// Field messages name what a clerk must change.
func (ind *Indicator) Validate(v *Validation, prefix string) {
	f := func(name string) string { return prefix + "." + name }
	n := utf8.RuneCountInString(ind.Name)
	if n == 0 {
		v.Add(f("name"), "indicator.name.required")
	} else if n > MaxIndicatorName {
		v.Add(f("name"), "indicator.name.too_long", MaxIndicatorName)
	}
	for name, s := range map[string]string{"category": ind.Category, "measure_unit": ind.MeasureUnit,
		"county_indicator": ind.CountyIndicator, "note": ind.Note} {
		if utf8.RuneCountInString(s) > MaxIndicatorText {
			v.Add(f(name), "text.too_long", MaxIndicatorText)
		}
	}
	if !ind.Direction.Valid() {
		v.Add(f("direction"), "indicator.direction.invalid")
	}
	if ind.Accumulation != Cumulative && ind.Accumulation != Level {
		v.Add(f("accumulation"), "indicator.accumulation.invalid")
	}
	if !ind.Period.Valid() {
		v.Add(f("period"), "indicator.period.invalid")
	}
	for name, x := range map[string]float64{"baseline": ind.Baseline, "target": ind.Target, "weight": ind.Weight} {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > MaxIndicatorValue {
			v.Add(f(name), "value.invalid")
		}
	}
	if ind.Weight <= 0 || ind.Weight > 100 {
		v.Add(f("weight"), "indicator.weight.range")
	}
	if ind.Direction == DirectionMilestone && (ind.Target <= 0 || ind.Baseline < 0 || ind.Baseline > ind.Target) {
		v.Add(f("target"), "indicator.milestone.target")
	}
	ind.validateStretch(v, f("stretch"))
	if len(ind.Profile) > 0 {
		ind.validateProfile(v, f("profile"))
	}
}

func (ind *Indicator) validateStretch(v *Validation, field string) {
	if ind.Stretch == nil {
		return
	}
	s := *ind.Stretch
	switch {
	case math.IsNaN(s) || math.IsInf(s, 0) || math.Abs(s) > MaxIndicatorValue:
		v.Add(field, "value.invalid")
	case ind.Direction == HigherBetter && s < ind.Target:
		v.Add(field, "indicator.stretch.below_target")
	case ind.Direction == LowerBetter && s > ind.Target:
		v.Add(field, "indicator.stretch.above_target")
	case ind.Direction == DirectionMilestone:
		v.Add(field, "indicator.stretch.milestone")
	}
}

func (ind *Indicator) validateProfile(v *Validation, field string) {
	if ind.Period.Valid() && len(ind.Profile) != ind.Period.Count() {
		v.Add(field, "indicator.profile.count", ind.Period.Count(), len(ind.Profile))
		return
	}
	sum := 0.0
	for _, w := range ind.Profile {
		if math.IsNaN(w) || w < 0 || w > 1e6 {
			v.Add(field, "indicator.profile.range")
			return
		}
		sum += w
	}
	if sum <= 0 {
		v.Add(field, "indicator.profile.sum")
	}
}

// ValidateIndicators checks a letter's indicators: each valid, at least one, names unique.
func ValidateIndicators(v *Validation, inds []Indicator) {
	if len(inds) == 0 {
		v.Add("indicators", "target.letter.no_indicators")
	}
	if len(inds) > MaxIndicators {
		v.Add("indicators", "target.letter.too_many_indicators", MaxIndicators)
		return
	}
	seen := map[string]bool{}
	for i := range inds {
		p := "indicators[" + strconv.Itoa(i) + "]"
		inds[i].Validate(v, p)
		k := inds[i].PeerKey()
		if k != "" && seen[k] {
			v.Add(p+".name", "target.letter.indicator_repeated", inds[i].Name)
		}
		seen[k] = true
	}
}

// LetterAction is one step of a letter's workflow.
type LetterAction string

// The letter actions. Units (liaisons) submit and justify and request adjustments; the
// supervision office reviews, returns, approves justifications, signs and decides on
// adjustments; anyone who sees the letter may comment.
const (
	LetterSubmit            LetterAction = "submit"
	LetterReview            LetterAction = "review"
	LetterReturn            LetterAction = "return"
	LetterSign              LetterAction = "sign"
	LetterJustify           LetterAction = "justify"
	LetterApprove           LetterAction = "approve-justification"
	LetterComment           LetterAction = "comment"
	LetterRequestAdjustment LetterAction = "request-adjustment"
	LetterApproveAdjustment LetterAction = "approve-adjustment"
	LetterDenyAdjustment    LetterAction = "deny-adjustment"
)

// Unresolved lists, as field errors, every flag of the letter still lacking a justification
// or the supervision office's approval; a letter with any cannot be signed.
func (l *Letter) Unresolved() []FieldError {
	var out []FieldError
	for i, ind := range l.Indicators {
		for _, fl := range ind.Flags {
			field := "indicators[" + strconv.Itoa(i) + "].flags." + string(fl.Reason)
			switch {
			case strings.TrimSpace(fl.Justification) == "":
				out = append(out, fieldError(field, "target.flag.unexplained", ind.Name, fl.Message))
			case fl.ApprovedAt == nil:
				out = append(out, fieldError(field, "target.flag.unapproved", ind.Name))
			}
		}
	}
	return out
}
