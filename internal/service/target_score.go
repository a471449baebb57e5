package service

import (
	"context"
	"fmt"
	"sort"
	"time"

	"luoshi/internal/luoshi"
)

// ScoreGroup is the ranking of one group of units (部门, 乡镇（街道）).
type ScoreGroup struct {
	Group  string              `json:"group"`
	Name   string              `json:"name"`
	Scores []*luoshi.UnitScore `json:"scores"`
}

// Unscored is a unit left out of the ranking, and why.
type Unscored struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Reason   string `json:"reason"`
}

// ScoreBoard is the year's assessment as of a moment: each group's ranking, and the units
// without a signed letter.
type ScoreBoard struct {
	Year     int          `json:"year"`
	AsOf     time.Time    `json:"as_of"`
	Groups   []ScoreGroup `json:"groups"`
	Unscored []Unscored   `json:"unscored"`
}

// Scores computes the scores and rankings of the year as of asOf (zero: now), from outcomes
// only: each signed letter's indicators against their trajectories, commendations,
// accountability records (waived ones deduct nothing), urging notices and items not
// delivered in time, of the year so far (luoshi.TargetRules.Score has the formula). Every business role sees the ranking (it is what a
// bulletin publishes); the per-indicator breakdown only for the units the reader may see.
func (s *Service) Scores(ctx context.Context, a *luoshi.Actor, year int, asOf time.Time) (*ScoreBoard, error) {
	return s.ScoresIn(ctx, a, 0, year, asOf)
}

// ScoresIn is Scores for a region: the actor's own (0), or one a city account reads below its
// own, whose breakdown it reads in full. Another region is not found.
func (s *Service) ScoresIn(ctx context.Context, a *luoshi.Actor, regionID int64, year int, asOf time.Time) (*ScoreBoard, error) {
	if err := readerYear(a, year); err != nil {
		return nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.now()
	}
	board := &ScoreBoard{Year: year, AsOf: asOf, Groups: []ScoreGroup{}, Unscored: []Unscored{}}
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		scores, err := s.computeScores(ctx, tx, region, year, asOf, board)
		if err != nil {
			return err
		}
		for _, sc := range scores {
			if !readsUnit(a, region, sc.UnitID) {
				sc.Indicators = nil
			}
			if n := len(board.Groups); n == 0 || board.Groups[n-1].Group != sc.Group {
				board.Groups = append(board.Groups, ScoreGroup{Group: sc.Group, Name: luoshi.GroupName(sc.Group)})
			}
			g := &board.Groups[len(board.Groups)-1]
			g.Scores = append(g.Scores, sc)
		}
		return nil
	})
	return board, err
}

func (s *Service) computeScores(ctx context.Context, tx luoshi.Tx, region int64, year int, asOf time.Time, board *ScoreBoard) ([]*luoshi.UnitScore, error) {
	rules, err := s.targetRules(ctx, tx, region)
	if err != nil {
		return nil, err
	}
	letters, err := tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: region, Year: year})
	if err != nil {
		return nil, err
	}
	units, err := tx.FindUnits(ctx, region)
	if err != nil {
		return nil, err
	}
	signed := map[int64]*luoshi.Letter{}
	var ids []int64
	for _, l := range letters {
		if l.State == luoshi.LetterSigned {
			signed[l.UnitID] = l
			ids = append(ids, l.ID)
		}
	}
	actuals, err := tx.FindActuals(ctx, ids)
	if err != nil {
		return nil, err
	}
	from := time.Date(year, 1, 1, 0, 0, 0, 0, s.loc)
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, s.loc)
	if asOf.Before(to) {
		to = asOf.Add(time.Millisecond) // what happened at asOf counts
	}
	sanctions, err := tx.FindSanctions(ctx, region, from, to)
	if err != nil {
		return nil, err
	}
	late, err := lateSanctions(ctx, tx, region, from, to)
	if err != nil {
		return nil, err
	}
	sanctions = append(sanctions, late...)
	var scores []*luoshi.UnitScore
	for _, u := range units {
		l := signed[u.ID]
		if l == nil {
			board.Unscored = append(board.Unscored, Unscored{UnitID: u.ID, UnitName: u.Name, Reason: "目标责任书尚未签订"})
			continue
		}
		us := &luoshi.UnitScore{UnitID: u.ID, UnitName: u.Name, Group: unitKind(u), LetterID: l.ID, Indicators: []luoshi.IndicatorScore{}}
		for i := range l.Indicators {
			ind := &l.Indicators[i]
			st := luoshi.Track(ind, actuals, ind.Period.DuePeriod(year, asOf, s.loc), rules)
			us.Indicators = append(us.Indicators, rules.ScoreIndicator(ind, st))
		}
		rules.Score(us, sanctions)
		scores = append(scores, us)
	}
	rules.Rank(scores)
	sort.SliceStable(scores, func(i, j int) bool { return groupOrder(scores[i].Group) < groupOrder(scores[j].Group) })
	return scores, nil
}

func groupOrder(kind string) int {
	switch kind {
	case "department":
		return 0
	case "township":
		return 1
	}
	return 2
}

// ExportScores is ScoresIn for a download: the whole breakdown for the supervision office and
// leaders (and a city account reading a region below), audited as an export.
func (s *Service) ExportScores(ctx context.Context, a *luoshi.Actor, regionID int64, year int, asOf time.Time) (*ScoreBoard, error) {
	b, err := s.ScoresIn(ctx, a, regionID, year, asOf)
	if err != nil {
		return nil, err
	}
	s.auditAlone(ctx, a, "target.export_scores", exportTarget(a, "scores", regionID), luoshi.OutcomeSuccess, "导出考核得分与排名")
	return b, nil
}

// exportTarget names what an export took on the audit trail: the region too when a city
// account reads one below its own.
func exportTarget(a *luoshi.Actor, what string, regionID int64) string {
	if regionID == 0 || regionID == a.RegionID {
		return what
	}
	return fmt.Sprintf("%s region:%d", what, regionID)
}

// ExportLetters returns the letters of a year the actor may read, with unit names, for a
// download: of its own region (regionID 0) or, for a city account, of one below it. The
// export is audited.
func (s *Service) ExportLetters(ctx context.Context, a *luoshi.Actor, regionID int64, year int) ([]*luoshi.Letter, map[int64]string, error) {
	if err := requireReader(a); err != nil {
		return nil, nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, nil, err
	}
	var letters []*luoshi.Letter
	names := map[int64]string{}
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		letters, err = tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: region, Year: year, UnitIDs: readableUnits(a, region)})
		if err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, region)
		for id, u := range units {
			names[id] = u.Name
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	s.auditAlone(ctx, a, "target.export_letters", exportTarget(a, "letters", regionID), luoshi.OutcomeSuccess, "导出目标责任书")
	return letters, names, nil
}
