package service

import (
	"context"
	"slices"

	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

// readsUnit reports whether the actor reads the letters, and the score breakdown, of a unit
// of region: in its own region as target.SeesUnit says, and as a city account the whole of a
// region below its own, as that region's supervision office sees it.
func readsUnit(a *luoshi.Actor, region, unitID int64) bool {
	if region != a.RegionID {
		return a.ReadsRegion(region)
	}
	return target.SeesUnit(a, unitID)
}

// readableUnits is the unit filter of a list of region's letters (readRegion has admitted
// the actor to it): nil for everything.
func readableUnits(a *luoshi.Actor, region int64) []int64 {
	if region != a.RegionID {
		return nil
	}
	return visibleUnits(a)
}

// findReadableLetter finds a letter the actor may read: as findLetter, or as a city account
// one of a region below its own. Only reads use it; every change goes through findLetter.
func (s *Service) findReadableLetter(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Letter, error) {
	return findLetterIf(ctx, tx, id, func(l *luoshi.Letter) bool { return readsUnit(a, l.RegionID, l.UnitID) })
}

// ListLetters lists the letters of its own region the actor may see, of a year (0: all) and
// state ("": all).
func (s *Service) ListLetters(ctx context.Context, a *luoshi.Actor, year int, unitID *int64, state string) ([]LetterSummary, error) {
	return s.ListLettersIn(ctx, a, 0, year, unitID, state)
}

// ListLettersIn is ListLetters for a region: the actor's own (0), or one a city account reads
// below its own, whose letters it reads all of. Another region is not found.
func (s *Service) ListLettersIn(ctx context.Context, a *luoshi.Actor, regionID int64, year int, unitID *int64, state string) ([]LetterSummary, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, err
	}
	f := luoshi.LetterFilter{RegionID: region, Year: year, UnitIDs: readableUnits(a, region), State: luoshi.LetterState(state)}
	if state != "" && !slices.Contains([]luoshi.LetterState{luoshi.LetterDraft, luoshi.LetterSubmitted, luoshi.LetterReviewed, luoshi.LetterSigned}, f.State) {
		return nil, luoshi.Invalid("state", "target.letter.state.invalid")
	}
	if unitID != nil {
		if f.UnitIDs != nil && !slices.Contains(f.UnitIDs, *unitID) {
			return []LetterSummary{}, nil
		}
		f.UnitIDs = []int64{*unitID}
	}
	out := []LetterSummary{}
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		letters, err := tx.FindLetters(ctx, f)
		if err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, region)
		if err != nil {
			return err
		}
		for _, l := range letters {
			out = append(out, summarize(l, units[l.UnitID]))
		}
		return nil
	})
	return out, err
}

func summarize(l *luoshi.Letter, u *luoshi.Unit) LetterSummary {
	sum := LetterSummary{ID: l.ID, UnitID: l.UnitID, Year: l.Year, State: l.State, Indicators: len(l.Indicators),
		Unresolved: len(l.Unresolved()), SignedAt: l.SignedAt}
	if u != nil {
		sum.UnitName, sum.UnitKind = u.Name, u.Kind
	}
	for _, ind := range l.Indicators {
		sum.Flags += len(ind.Flags)
	}
	return sum
}

func unitMap(ctx context.Context, tx luoshi.Tx, region int64) (map[int64]*luoshi.Unit, error) {
	units, err := tx.FindUnits(ctx, region)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]*luoshi.Unit, len(units))
	for _, u := range units {
		m[u.ID] = u
	}
	return m, nil
}

// LetterEvents returns the record of a letter the actor may read, oldest first.
func (s *Service) LetterEvents(ctx context.Context, a *luoshi.Actor, id int64) ([]luoshi.LetterEvent, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	var evs []luoshi.LetterEvent
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if _, err := s.findReadableLetter(ctx, tx, a, id); err != nil {
			return err
		}
		var err error
		evs, err = tx.FindLetterEvents(ctx, id)
		return err
	})
	if evs == nil {
		evs = []luoshi.LetterEvent{}
	}
	return evs, err
}
