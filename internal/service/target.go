package service

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

// Years a letter may be for.
const (
	MinTargetYear = 2000
	MaxTargetYear = 2100
)

// IndicatorInput is one indicator of a letter as a request gives it.
type IndicatorInput struct {
	Name            string    `json:"name"`
	Category        string    `json:"category"`
	MeasureUnit     string    `json:"measure_unit"`
	Direction       string    `json:"direction"`
	Accumulation    string    `json:"accumulation"`
	Baseline        float64   `json:"baseline"`
	Target          float64   `json:"target"`
	Stretch         *float64  `json:"stretch"`
	Weight          float64   `json:"weight"`
	Period          string    `json:"period"`
	Profile         []float64 `json:"profile"`
	CountyIndicator string    `json:"county_indicator"`
	Note            string    `json:"note"`
}

// Indicator turns the input into a domain indicator, trimmed; defaults: cumulative,
// quarterly.
func (in IndicatorInput) Indicator() luoshi.Indicator {
	ind := luoshi.Indicator{Name: strings.TrimSpace(in.Name), Category: strings.TrimSpace(in.Category),
		MeasureUnit: strings.TrimSpace(in.MeasureUnit), Direction: luoshi.Direction(in.Direction),
		Accumulation: luoshi.Accumulation(in.Accumulation), Baseline: in.Baseline, Target: in.Target, Stretch: in.Stretch,
		Weight: in.Weight, Period: luoshi.ReportPeriod(in.Period), Profile: in.Profile,
		CountyIndicator: strings.TrimSpace(in.CountyIndicator), Note: strings.TrimSpace(in.Note), Flags: []luoshi.Flag{}}
	if ind.Accumulation == "" {
		ind.Accumulation = luoshi.Cumulative
	}
	if ind.Period == "" {
		ind.Period = luoshi.Quarterly
	}
	return ind
}

// LetterInput is what creating a letter takes.
type LetterInput struct {
	UnitID     int64            `json:"unit_id"`
	Year       int              `json:"year"`
	Indicators []IndicatorInput `json:"indicators"`
}

// IndicatorView is an indicator with its actuals and where it stands.
type IndicatorView struct {
	luoshi.Indicator
	Actuals []luoshi.Actual        `json:"actuals"`
	Status  luoshi.IndicatorStatus `json:"status"`
}

// LetterView is a letter as a reader sees it: its indicators with their status, pending and
// decided adjustments, the flags still unresolved, and the actions the reader may take.
type LetterView struct {
	*luoshi.Letter
	UnitName    string                `json:"unit_name"`
	UnitKind    string                `json:"unit_kind"`
	AsOf        time.Time             `json:"as_of"`
	Indicators  []IndicatorView       `json:"indicators"`
	Adjustments []*luoshi.Adjustment  `json:"adjustments"`
	Unresolved  []luoshi.FieldError   `json:"unresolved"`
	Actions     []luoshi.LetterAction `json:"actions"`
}

// LetterSummary is a letter in a list.
type LetterSummary struct {
	ID         int64              `json:"id"`
	UnitID     int64              `json:"unit_id"`
	UnitName   string             `json:"unit_name"`
	UnitKind   string             `json:"unit_kind"`
	Year       int                `json:"year"`
	State      luoshi.LetterState `json:"state"`
	Indicators int                `json:"indicators"`
	Flags      int                `json:"flags"`
	Unresolved int                `json:"unresolved"`
	SignedAt   *time.Time         `json:"signed_at,omitempty"`
}

// visibleUnits is the unit filter of a list: nil for everything in the region.
func visibleUnits(a *luoshi.Actor) []int64 {
	if a.Has(luoshi.RoleSupervisor) || (a.Has(luoshi.RoleLeader) && a.AllUnits) {
		return nil
	}
	units := []int64{}
	if a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleStaff) {
		units = append(units, a.UnitID)
	}
	if a.Has(luoshi.RoleLeader) {
		units = append(units, a.Portfolio...)
	}
	return units
}

// findLetter finds a letter the actor may see and act on: of its own region only. Others'
// letters answer not found.
func (s *Service) findLetter(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Letter, error) {
	return findLetterIf(ctx, tx, id, func(l *luoshi.Letter) bool {
		return target.Sees(a, l)
	})
}

// findLetterIf finds a letter that passes may; one that does not is "not found", as if it
// did not exist.
func findLetterIf(ctx context.Context, tx luoshi.Tx, id int64, may func(*luoshi.Letter) bool) (*luoshi.Letter, error) {
	l, err := tx.FindLetterByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !may(l) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "target.letter.not_found")
	}
	return l, nil
}

// businessYear refuses the administrators, the city role and a year out of range.
func businessYear(a *luoshi.Actor, year int) error {
	if err := requireBusiness(a); err != nil {
		return err
	}
	return validYear(year)
}

// readerYear refuses whoever may not read business data, and a year out of range.
func readerYear(a *luoshi.Actor, year int) error {
	if err := requireReader(a); err != nil {
		return err
	}
	return validYear(year)
}

func validYear(year int) error {
	var v luoshi.Validation
	checkYear(&v, "year", year)
	return v.Err()
}

func checkYear(v *luoshi.Validation, field string, year int) {
	if year < MinTargetYear || year > MaxTargetYear {
		v.Add(field, "target.year.range", MinTargetYear, MaxTargetYear)
	}
}

// CreateLetter creates a draft letter: the supervision office for any unit of its region, a
// liaison for the own unit.
func (s *Service) CreateLetter(ctx context.Context, a *luoshi.Actor, in LetterInput) (*LetterView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if !a.Has(luoshi.RoleSupervisor) && !target.ActsFor(a, in.UnitID) {
		return nil, forbidden("target.letter.draft.forbidden")
	}
	now := s.now()
	var id int64
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var v luoshi.Validation
		checkYear(&v, "year", in.Year)
		if _, err := findUnitIn(ctx, tx, a.RegionID, in.UnitID); err != nil {
			if luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
				return err
			}
			v.Add("unit_id", "org.unit.id_not_found", in.UnitID)
		}
		l := &luoshi.Letter{RegionID: a.RegionID, UnitID: in.UnitID, Year: in.Year, State: luoshi.LetterDraft, Version: 1,
			CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
		l.Indicators = indicatorsOf(in.Indicators)
		luoshi.ValidateIndicators(&v, l.Indicators)
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.CreateLetter(ctx, l); err != nil {
			return err
		}
		id = l.ID
		if err := s.recheck(ctx, tx, l.RegionID, l.Year, []int64{l.ID}); err != nil {
			return err
		}
		return s.letterEvent(ctx, tx, a, l, target.Created, luoshi.LetterEventData{Indicators: len(l.Indicators)}, now)
	})
	if err != nil {
		return nil, err
	}
	return s.GetLetter(ctx, a, id, time.Time{})
}

func indicatorsOf(ins []IndicatorInput) []luoshi.Indicator {
	out := make([]luoshi.Indicator, len(ins))
	for i, in := range ins {
		out[i] = in.Indicator()
	}
	return out
}

// ReplaceIndicators replaces the indicators of a draft letter.
func (s *Service) ReplaceIndicators(ctx context.Context, a *luoshi.Actor, id int64, ins []IndicatorInput) (*LetterView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	now := s.now()
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		l, err := s.findLetter(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !a.Has(luoshi.RoleSupervisor) && !target.ActsFor(a, l.UnitID) {
			return forbidden("target.letter.edit.forbidden")
		}
		if l.State != luoshi.LetterDraft {
			return &luoshi.Error{Code: luoshi.ECONFLICT, State: string(l.State),
				Key: "target.letter.indicators.signed", Message: "target.letter.indicators.signed"}
		}
		var v luoshi.Validation
		l.Indicators = indicatorsOf(ins)
		luoshi.ValidateIndicators(&v, l.Indicators)
		if err := v.Err(); err != nil {
			return err
		}
		if err := s.bump(ctx, tx, l, now); err != nil {
			return err
		}
		if err := tx.ReplaceIndicators(ctx, l); err != nil {
			return err
		}
		if err := s.recheck(ctx, tx, l.RegionID, l.Year, []int64{l.ID}); err != nil {
			return err
		}
		return s.letterEvent(ctx, tx, a, l, target.IndicatorsReplaced, luoshi.LetterEventData{Indicators: len(l.Indicators)}, now)
	})
	if err != nil {
		return nil, err
	}
	return s.GetLetter(ctx, a, id, time.Time{})
}

// bump stores a new version of the letter (its state and times as l holds them).
func (s *Service) bump(ctx context.Context, tx luoshi.Tx, l *luoshi.Letter, now time.Time) error {
	prev := l.Version
	l.Version++
	l.UpdatedAt = now
	return tx.UpdateLetter(ctx, l, prev)
}

// letterEvent records a step on the letter's record and on the audit trail, in the
// transaction of the change.
func (s *Service) letterEvent(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, kind target.EventKind, d luoshi.LetterEventData, now time.Time) error {
	e := &luoshi.LetterEvent{LetterID: l.ID, Kind: string(kind), ActorID: a.UserID, At: now, Data: d}
	if err := tx.AppendLetterEvent(ctx, e, l.RegionID); err != nil {
		return err
	}
	detail, _ := json.Marshal(d)
	return s.audit(ctx, tx, a, "target."+string(kind), letterTarget(l), luoshi.OutcomeSuccess, string(detail))
}

func letterTarget(l *luoshi.Letter) string {
	return fmt.Sprintf("letter:%d unit:%d %d", l.ID, l.UnitID, l.Year)
}

// GetLetter returns a letter the actor may read, with each indicator's status as of asOf
// (zero: now): one it sees in its own region, or as a city account one of a region below.
func (s *Service) GetLetter(ctx context.Context, a *luoshi.Actor, id int64, asOf time.Time) (*LetterView, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.now()
	}
	var v *LetterView
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		l, err := s.findReadableLetter(ctx, tx, a, id)
		if err != nil {
			return err
		}
		rules, err := s.targetRules(ctx, tx, l.RegionID)
		if err != nil {
			return err
		}
		u, err := tx.FindUnitByID(ctx, l.UnitID)
		if err != nil {
			return err
		}
		actuals, err := tx.FindActuals(ctx, []int64{l.ID})
		if err != nil {
			return err
		}
		adjs, err := tx.FindAdjustments(ctx, l.ID)
		if err != nil {
			return err
		}
		// A cut-off the rules cannot give leaves adjustments closed (a zero Cutoff) on the
		// page; the action itself reports it.
		subj, _ := s.subjectOf(l, adjs, rules)
		v = s.letterView(a, subj, u, actuals, rules, asOf)
		return nil
	})
	return v, err
}

func (s *Service) letterView(a *luoshi.Actor, subj target.Subject, u *luoshi.Unit, actuals []luoshi.Actual, rules *luoshi.TargetRules, asOf time.Time) *LetterView {
	l := subj.Letter
	// The actions the reader may take now: none on a letter of another region, which a city
	// account only reads.
	v := &LetterView{Letter: l, UnitName: u.Name, UnitKind: u.Kind, AsOf: asOf, Adjustments: subj.Adjustments,
		Unresolved: l.Unresolved(), Actions: target.Allowed(subj, a, s.now())}
	if v.Adjustments == nil {
		v.Adjustments = []*luoshi.Adjustment{}
	}
	if v.Unresolved == nil {
		v.Unresolved = []luoshi.FieldError{}
	}
	for i := range l.Indicators {
		ind := &l.Indicators[i]
		iv := IndicatorView{Indicator: *ind, Actuals: []luoshi.Actual{}}
		for _, x := range actuals {
			if x.IndicatorID == ind.ID {
				iv.Actuals = append(iv.Actuals, x)
			}
		}
		iv.Status = luoshi.Track(ind, iv.Actuals, ind.Period.DuePeriod(l.Year, asOf, s.loc), rules)
		v.Indicators = append(v.Indicators, iv)
	}
	if v.Indicators == nil {
		v.Indicators = []IndicatorView{}
	}
	return v
}

func finite(x float64) bool {
	return !math.IsNaN(x) && !math.IsInf(x, 0) && math.Abs(x) <= luoshi.MaxIndicatorValue
}
