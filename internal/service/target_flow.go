package service

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

// LetterAct carries out one action on a letter with the values its spec's fields decoded
// (internal/target): the spec decides the step, which is taken here in one transaction, with
// its event and audit record.
func (s *Service) LetterAct(ctx context.Context, a *luoshi.Actor, id int64, act luoshi.LetterAction, v flow.Values) (*LetterView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	now := s.now()
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		l, err := s.findLetter(ctx, tx, a, id)
		if err != nil {
			return err
		}
		adjs, err := tx.FindAdjustments(ctx, l.ID)
		if err != nil {
			return err
		}
		rules, err := s.targetRules(ctx, tx, l.RegionID)
		if err != nil {
			return err
		}
		subj, err := s.subjectOf(l, adjs, rules)
		if err != nil {
			return err
		}
		st, err := target.Decide(subj, a, act, v, now)
		if err != nil {
			return err
		}
		return s.takeStep(ctx, tx, a, l, &st, now)
	})
	if err != nil {
		return nil, fmt.Errorf("%s letter %d: %w", act, id, err)
	}
	return s.GetLetter(ctx, a, id, time.Time{})
}

// subjectOf is what the letter's actions are decided on: the letter, its adjustment
// requests, and the cut-off of adjustments in its year under the region's rules; when the
// rules cannot give the cut-off, the subject without it and the error.
func (s *Service) subjectOf(l *luoshi.Letter, adjs []*luoshi.Adjustment, rules *luoshi.TargetRules) (target.Subject, error) {
	subj := target.Subject{Letter: l, Adjustments: adjs}
	cut, err := rules.Cutoff(l.Year, s.loc)
	subj.Cutoff = cut
	return subj, err
}

// takeStep makes the changes a letter action decided, in the order target.Step gives, and
// records its event.
func (s *Service) takeStep(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, l *luoshi.Letter, st *target.Step, now time.Time) error {
	if st.Recheck {
		if err := s.recheck(ctx, tx, l.RegionID, l.Year, []int64{l.ID}); err != nil {
			return err
		}
	}
	for _, ind := range st.Indicators {
		if err := tx.UpdateIndicator(ctx, ind); err != nil {
			return err
		}
	}
	if st.Request != nil {
		if err := s.storeAdjustment(ctx, tx, l, st); err != nil {
			return err
		}
	}
	if st.Decided != nil {
		if err := tx.UpdateAdjustment(ctx, st.Decided); err != nil {
			return err
		}
	}
	if st.To != "" {
		target.Enter(l, st.To, a.UserID, now)
	}
	if st.NewVersion() {
		if err := s.bump(ctx, tx, l, now); err != nil {
			return err
		}
	}
	if st.To != "" {
		// The rechecked flags are in the store; count them for the record.
		cur, err := tx.FindLetterByID(ctx, l.ID)
		if err != nil {
			return err
		}
		for _, ind := range cur.Indicators {
			st.Data.Flags += len(ind.Flags)
		}
	}
	return s.letterEvent(ctx, tx, a, l, st.Kind, st.Data, now)
}

// storeAdjustment stores a unit's request to change a signed target, with the ambition
// check of the new target for the supervision office to weigh.
func (s *Service) storeAdjustment(ctx context.Context, tx luoshi.Tx, l *luoshi.Letter, st *target.Step) error {
	c, err := s.ambitionContext(ctx, tx, l, st.Proposed)
	if err != nil {
		return err
	}
	rules, err := s.targetRules(ctx, tx, l.RegionID)
	if err != nil {
		return err
	}
	adj := st.Request
	adj.Flags = rules.CheckAmbition(st.Proposed, c)
	if err := tx.CreateAdjustment(ctx, adj); err != nil {
		return err
	}
	st.Data.AdjustmentID, st.Data.Flags = adj.ID, len(adj.Flags)
	return nil
}
