package service

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// ProposalAct carries out one handling step on a proposal with the values its spec's fields
// decoded (internal/proposal), in one transaction: the spec decides the event, which is
// stored, folded into the proposal and audited; a split creates the new proposals, and a
// promise becomes a supervision item through Promises.
func (s *Service) ProposalAct(ctx context.Context, a *luoshi.Actor, id int64, act string, v flow.Values) (*ProposalView, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	now := s.now()
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		p, err := s.findProposal(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj, _, err := s.proposalSubject(ctx, tx, p)
		if err != nil {
			return err
		}
		ev, err := proposal.Decide(subj, a, act, v, now)
		if err != nil {
			return err
		}
		return s.takeProposalStep(ctx, tx, a, p, ev)
	})
	if err != nil {
		return nil, fmt.Errorf("%s proposal %d: %w", act, id, err)
	}
	s.stats.invalidate() // the collaboration figures count the replies
	return s.GetProposal(ctx, a, id)
}

// takeProposalStep records a decided event and what follows from it: the new proposals of a
// split, the items of new promises (each linked by an event of its own).
func (s *Service) takeProposalStep(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, ev luoshi.ProposalEvent) error {
	prev := p.Version
	next := p.Clone()
	if ev.Kind == proposal.Split {
		children, err := s.splitTo(ctx, tx, a, p, ev)
		if err != nil {
			return err
		}
		ev.Data.Children = children
		next.Children = children
	}
	if err := s.applyProposal(ctx, tx, a, next, &ev); err != nil {
		return err
	}
	if err := s.linkPromises(ctx, tx, a, next); err != nil {
		return err
	}
	if err := tx.UpdateProposal(ctx, next, prev); err != nil {
		return err
	}
	return s.proposalReminders(ctx, tx, next, ev.At)
}

// declineBy is the end of the proposal's decline window, zero before it is assigned.
func (s *Service) declineBy(p *luoshi.Proposal) time.Time {
	if p.AssignedAt == nil {
		return time.Time{}
	}
	pol := s.Policy()
	return pol.Cal.AddWorkdays(*p.AssignedAt, pol.DeclineWindowWorkdays)
}

// proposalReminders records the reminders the proposal owes from now on — the notice of
// an assignment made now among them, sent on the scheduler's next pass; those it no longer
// owes when they come due are skipped then.
func (s *Service) proposalReminders(ctx context.Context, tx luoshi.Tx, p *luoshi.Proposal, now time.Time) error {
	for _, r := range proposal.Reminders(p, s.loc, s.declineBy(p)) {
		if r.DueAt.After(now) || (r.Kind == luoshi.ReminderProposalAssigned && r.DueAt.Equal(now)) {
			if err := tx.PutReminder(ctx, &r); err != nil {
				return err
			}
		}
	}
	return nil
}

// applyProposal folds an event into the proposal and stores the event.
func (s *Service) applyProposal(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, ev *luoshi.ProposalEvent) error {
	ev.ProposalID, ev.Seq = p.ID, p.Version+1
	if err := proposal.Apply(p, *ev); err != nil {
		return err
	}
	return s.proposalEvent(ctx, tx, a, p, ev)
}

// linkPromises makes an item of each promise of the last reply that has none yet.
func (s *Service) linkPromises(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal) error {
	r := p.LastReply()
	if r == nil {
		return nil
	}
	for i, pr := range r.Promises {
		if pr.ItemID != 0 {
			continue
		}
		if s.Promises == nil {
			return luoshi.Errorf(luoshi.EINTERNAL, "proposal.promise.no_items")
		}
		id, err := s.Promises.MakePromiseItem(ctx, tx, a, p, pr)
		if err != nil {
			return err
		}
		pr.ItemID = id
		ev := luoshi.ProposalEvent{Kind: proposal.PromiseLinked, ActorID: a.UserID, At: s.now(),
			Data: luoshi.ProposalEventData{Index: i, Promise: &pr}}
		if err := s.applyProposal(ctx, tx, a, p, &ev); err != nil {
			return err
		}
	}
	return nil
}

// splitTo creates one proposal per unit of a split (分办), each assigned to its unit with
// the parent's deadline, and returns their ids.
func (s *Service) splitTo(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, ev luoshi.ProposalEvent) ([]int64, error) {
	var ids []int64
	for _, u := range ev.Data.Units {
		c := p.Clone()
		c.ID, c.ParentID, c.Children, c.LeadUnitID, c.CoUnitIDs = 0, p.ID, nil, 0, []int64{}
		if err := s.storeNew(ctx, tx, a, c, ev.At); err != nil {
			return nil, err
		}
		asg := luoshi.ProposalEvent{Kind: proposal.Assigned, ActorID: a.UserID, At: ev.At,
			Data: luoshi.ProposalEventData{LeadUnitID: u, CoUnitIDs: []int64{}, Deadline: ev.Data.Deadline}}
		prev := c.Version
		if err := s.applyProposal(ctx, tx, a, c, &asg); err != nil {
			return nil, err
		}
		if err := tx.UpdateProposal(ctx, c, prev); err != nil {
			return nil, err
		}
		if err := s.proposalReminders(ctx, tx, c, ev.At); err != nil {
			return nil, err
		}
		ids = append(ids, c.ID)
	}
	return ids, nil
}

// PromiseItems is the item module's side of proposal.ItemMaker: a B-class promise becomes a
// supervision item, assigned to the promise's unit with its due date, its source the
// proposal's kind and pointing back to the proposal. cmd/luoshi wires it.
type PromiseItems struct{ S *Service }

// MakePromiseItem implements proposal.ItemMaker.
func (m PromiseItems) MakePromiseItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, pr luoshi.Promise) (int64, error) {
	s := m.S
	title := []rune(pr.Text)
	if len(title) > MaxTitleLen {
		title = title[:MaxTitleLen]
	}
	ses, err := tx.FindProposalSession(ctx, p.SessionID)
	if err != nil {
		return 0, err
	}
	ref := fmt.Sprintf("%s %d", ses.Name, p.Number)
	if s.Texts != nil {
		ref = s.text("proposal.item_ref", ses.Name, p.Number)
	}
	draft := &luoshi.Item{RegionID: p.RegionID, Title: string(title), Content: pr.Text, Source: luoshi.Source(p.Kind),
		SourceRef: ref, ProposalID: p.ID, Priority: luoshi.PriorityImportant,
		LeadUnitID: pr.UnitID, CoUnitIDs: []int64{}, Deadline: pr.Due, Milestones: []luoshi.Milestone{}, Unclassified: true}
	it, err := s.createItem(ctx, tx, s.Policy(), a, draft, nil, true, s.now())
	if err != nil {
		return 0, err
	}
	return it.ID, nil
}

var _ proposal.ItemMaker = PromiseItems{}
