package service

import (
	"context"
	"slices"

	"luoshi/internal/luoshi"
)

// ListLetters lists the letters the actor may see, of a year (0: all) and state ("": all).
func (s *Service) ListLetters(ctx context.Context, a *luoshi.Actor, year int, unitID *int64, state string) ([]LetterSummary, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	f := luoshi.LetterFilter{RegionID: a.RegionID, Year: year, UnitIDs: visibleUnits(a), State: luoshi.LetterState(state)}
	if state != "" && !slices.Contains([]luoshi.LetterState{luoshi.LetterDraft, luoshi.LetterSubmitted, luoshi.LetterReviewed, luoshi.LetterSigned}, f.State) {
		return nil, luoshi.Invalid("state", "状态须为 draft、submitted、reviewed 或 signed")
	}
	if unitID != nil {
		if f.UnitIDs != nil && !slices.Contains(f.UnitIDs, *unitID) {
			return []LetterSummary{}, nil
		}
		f.UnitIDs = []int64{*unitID}
	}
	out := []LetterSummary{}
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		letters, err := tx.FindLetters(ctx, f)
		if err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, a.RegionID)
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

// LetterEvents returns a letter's record, oldest first.
func (s *Service) LetterEvents(ctx context.Context, a *luoshi.Actor, id int64) ([]luoshi.LetterEvent, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	var evs []luoshi.LetterEvent
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if _, err := s.findLetter(ctx, tx, a, id); err != nil {
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
