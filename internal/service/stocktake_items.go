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
// a stocktake becomes or changes a supervision item through the item module's own creation
// and actions, so that the item's rules and events hold. cmd/luoshi wires it.
//
//   - new_item: a new item (source other, its reference naming the stocktake), led by the
//     commitment's unit with its leader, due at its date, assigned at once — checked as any
//     item the office creates (validateNew);
//   - milestone: a milestone added to the named item in progress (add-milestone), due at
//     the commitment's date and not after the item's deadline; the lead unit reports it done
//     as any other milestone;
//   - deadline: the named item's pending extension request for that date, approved by the
//     office (approve-extension). The item module lets only the lead unit ask for a new
//     deadline, with its reason and progress, so an item without such a request is refused.
type StocktakeItems struct{ S *Service }

// CommitItem implements stocktake.ItemChanger.
func (m StocktakeItems) CommitItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, st *luoshi.Stocktake, c luoshi.Commitment) (stocktake.Committed, error) {
	s := m.S
	now, p := s.now(), s.Policy()
	day := st.Date.In(s.loc).Format("2006-01-02")
	if c.Kind == luoshi.CommitNewItem {
		return m.newItem(ctx, tx, a, st, c, day)
	}
	it, err := s.commitmentItem(ctx, tx, a, c.ItemID)
	if err != nil {
		return stocktake.Committed{}, err
	}
	var act luoshi.Action
	var v flow.Values
	switch c.Kind {
	case luoshi.CommitMilestone:
		title := []rune(c.Text)
		if len(title) > item.MaxMilestoneTitle {
			title = title[:item.MaxMilestoneTitle]
		}
		act, v = luoshi.ActAddMilestone, flow.Values{"title": string(title), "due": c.Due}
	default: // deadline
		pend := it.PendingExtension
		if pend == nil {
			return stocktake.Committed{}, luoshi.Invalid("item_id", "stocktake.deadline.no_request", it.Code)
		}
		if !sameDay(pend.Deadline, c.Due, s.loc) {
			return stocktake.Committed{}, luoshi.Invalid("due", "stocktake.deadline.other_date", pend.Deadline.In(s.loc).Format("2006-01-02"))
		}
		act, v = luoshi.ActApproveExtension, flow.Values{"text": s.text("stocktake.item_note", st.LeaderPost+st.LeaderName, day, c.No)}
	}
	next, _, err := s.act(ctx, tx, p, a, it, act, v, now)
	if err != nil {
		return stocktake.Committed{}, err
	}
	done := stocktake.Committed{ItemCode: next.Code}
	if c.Kind == luoshi.CommitMilestone {
		done.MilestoneID = next.Milestones[len(next.Milestones)-1].ID
	}
	return done, s.refreshParent(ctx, tx, p, next)
}

// newItem makes a new_item commitment's item, checked and assigned as the office's own.
func (m StocktakeItems) newItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, st *luoshi.Stocktake, c luoshi.Commitment, day string) (stocktake.Committed, error) {
	s := m.S
	unclassified := true
	title := []rune(c.Text)
	if len(title) > MaxTitleLen {
		title = title[:MaxTitleLen]
	}
	in := ItemInput{Title: string(title), Content: c.Text, Source: string(luoshi.SourceOther), Priority: string(luoshi.PriorityImportant),
		SourceRef:  s.text("stocktake.item_ref", st.LeaderPost+st.LeaderName, day, c.No),
		LeadUnitID: c.UnitID, CoUnitIDs: []int64{}, LeaderID: c.LeaderID, Deadline: c.Due, Unclassified: &unclassified}
	draft, err := s.validateNew(ctx, tx, a, in, s.now())
	if err != nil {
		return stocktake.Committed{}, err
	}
	it, err := s.createItem(ctx, tx, s.Policy(), a, draft, nil, true, s.now())
	if err != nil {
		return stocktake.Committed{}, err
	}
	return stocktake.Committed{MadeItemID: it.ID, ItemCode: it.Code}, nil
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

// sameDay reports whether two moments fall on the same day in loc.
func sameDay(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format("2006-01-02") == b.In(loc).Format("2006-01-02")
}

var _ stocktake.ItemChanger = StocktakeItems{}
