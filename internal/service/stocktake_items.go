package service

import (
	"context"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/stocktake"
)

// StocktakeItems is the item module's side of stocktake.ItemChanger: a commitment made at
// a stocktake becomes a supervision item through the item module's own creation and
// actions, so that the item's rules and events hold. cmd/luoshi wires it.
//
//   - new_item: a new item (source other, its reference naming the stocktake), led by the
//     commitment's unit with its leader, due at its date, assigned at once — checked as any
//     item the office creates (validateNew);
//   - milestone: a sub-item of the named item (the way an item is refined into dated steps
//     with their own lead), led by the commitment's unit, due at its date;
//   - deadline: the named item's pending extension request for that date, approved by the
//     office (approve-extension). The item module lets only the lead unit ask for a new
//     deadline, with its reason and progress, so an item without such a request is refused.
type StocktakeItems struct{ S *Service }

// CommitItem implements stocktake.ItemChanger.
func (m StocktakeItems) CommitItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, st *luoshi.Stocktake, c luoshi.Commitment) (int64, string, error) {
	s := m.S
	now, p := s.now(), s.Policy()
	if c.Kind == luoshi.CommitDeadline {
		it, err := s.commitmentItem(ctx, tx, a, c.ItemID)
		if err != nil {
			return 0, "", err
		}
		pend := it.PendingExtension
		if pend == nil {
			return 0, "", luoshi.Invalid("item_id", "stocktake.deadline.no_request", it.Code)
		}
		if !sameDay(pend.Deadline, c.Due, s.loc) {
			return 0, "", luoshi.Invalid("due", "stocktake.deadline.other_date", pend.Deadline.In(s.loc).Format("2006-01-02"))
		}
		note := s.text("stocktake.item_note", st.LeaderPost+st.LeaderName, st.Date.In(s.loc).Format("2006-01-02"), c.No)
		next, err := s.act(ctx, tx, p, a, it, luoshi.ActApproveExtension, flow.Values{"text": note}, now)
		if err != nil {
			return 0, "", err
		}
		return 0, next.Code, s.refreshParent(ctx, tx, p, next)
	}
	unclassified := true
	title := []rune(c.Text)
	if len(title) > MaxTitleLen {
		title = title[:MaxTitleLen]
	}
	in := ItemInput{Title: string(title), Content: c.Text, Source: string(luoshi.SourceOther), Priority: string(luoshi.PriorityImportant),
		SourceRef:  s.text("stocktake.item_ref", st.LeaderPost+st.LeaderName, st.Date.In(s.loc).Format("2006-01-02"), c.No),
		LeadUnitID: c.UnitID, CoUnitIDs: []int64{}, LeaderID: c.LeaderID, Deadline: c.Due, Unclassified: &unclassified}
	if c.Kind == luoshi.CommitMilestone {
		parent, err := s.commitmentItem(ctx, tx, a, c.ItemID)
		if err != nil {
			return 0, "", err
		}
		if c.Due.After(parent.Deadline) {
			return 0, "", luoshi.Invalid("due", "stocktake.milestone.after_deadline", parent.Deadline.In(s.loc).Format("2006-01-02"))
		}
		in.ParentID = &parent.ID
	}
	draft, err := s.validateNew(ctx, tx, a, in, now)
	if err != nil {
		return 0, "", err
	}
	it, err := s.createItem(ctx, tx, p, a, draft, true, now)
	if err != nil {
		return 0, "", err
	}
	return it.ID, it.Code, nil
}

// commitmentItem finds the existing item a commitment names: one the actor sees, still owed.
func (s *Service) commitmentItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Item, error) {
	it, err := tx.FindItemByID(ctx, id)
	if err != nil || !a.CanSeeItem(it) {
		if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
			return nil, err
		}
		return nil, luoshi.Invalid("item_id", "stocktake.item.unknown", id)
	}
	if !it.State.Open() || it.State == luoshi.StateDraft {
		return nil, luoshi.Invalid("item_id", "stocktake.item.closed", it.Code, item.StateLabel(it.State))
	}
	return it, nil
}

var _ stocktake.ItemChanger = StocktakeItems{}

// sameDay reports whether two moments fall on the same day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format("2006-01-02") == b.In(loc).Format("2006-01-02")
}
