package proposal

import (
	"fmt"

	"luoshi/internal/luoshi"
)

// appliers fold each event kind into the proposal; Apply is the only place where a
// proposal's facts change, so that Rebuild over the stored events gives the stored proposal.
var appliers = map[string]func(p *luoshi.Proposal, e luoshi.ProposalEvent){
	Created: nil, // handled by Apply: it replaces the proposal
	Assigned: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		p.State, p.LeadUnitID, p.CoUnitIDs = luoshi.ProposalAssigned, e.Data.LeadUnitID, nonNil(e.Data.CoUnitIDs)
		p.AssignedAt, p.Deadline, p.Round = &e.At, e.Data.Deadline, 1
	},
	Reassigned: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		p.State, p.LeadUnitID, p.CoUnitIDs = luoshi.ProposalAssigned, e.Data.LeadUnitID, nonNil(e.Data.CoUnitIDs)
		p.AssignedAt, p.Deadline, p.DeclineReason = &e.At, e.Data.Deadline, ""
	},
	Split: func(p *luoshi.Proposal, e luoshi.ProposalEvent) { p.State = luoshi.ProposalSplit },
	Declined: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		p.State, p.DeclineReason = luoshi.ProposalDeclined, e.Data.Reason
	},
	Insisted: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		p.State, p.Insisted, p.DeclineReason = luoshi.ProposalAssigned, true, ""
	},
	Contacted: func(p *luoshi.Proposal, e luoshi.ProposalEvent) { p.Contacts = append(p.Contacts, *e.Data.Contact) },
	Confirmed: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		at := e.At
		p.Contacts[e.Data.Index].ConfirmedBy, p.Contacts[e.Data.Index].ConfirmedAt = e.ActorID, &at
	},
	OpinionGiven: func(p *luoshi.Proposal, e luoshi.ProposalEvent) { p.Opinions = append(p.Opinions, *e.Data.Opinion) },
	Replied: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		r := *e.Data.Reply
		r.Promises = append([]luoshi.Promise{}, r.Promises...)
		p.Replies, p.State = append(p.Replies, r), luoshi.ProposalReplied
	},
	PromiseAdded: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		r := p.LastReply()
		r.Promises = append(r.Promises, *e.Data.Promise)
	},
	PromiseLinked: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		r := p.LastReply()
		r.Promises[e.Data.Index].ItemID = e.Data.Promise.ItemID
	},
	Evaluated: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		ev := *e.Data.Evaluation
		p.LastReply().Evaluation = &ev
		if ev.Verdict == luoshi.Unsatisfied {
			p.State = luoshi.ProposalUnsatisfied
		} else {
			p.State = luoshi.ProposalClosed
		}
	},
	Commented: func(*luoshi.Proposal, luoshi.ProposalEvent) {},
	Rehandled: func(p *luoshi.Proposal, e luoshi.ProposalEvent) {
		p.State, p.Deadline, p.Round = luoshi.ProposalAssigned, e.Data.Deadline, p.Round+1
	},
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return append([]int64{}, ids...)
}

// Apply folds one event into the proposal, raising its version; the event's sequence
// number must follow the version.
func Apply(p *luoshi.Proposal, e luoshi.ProposalEvent) error {
	if e.Kind == Created {
		if e.Data.Proposal == nil {
			return fmt.Errorf("proposal event %d: created without the proposal", e.Seq)
		}
		*p = *e.Data.Proposal.Clone()
		p.Version, p.CreatedAt, p.UpdatedAt = 1, e.At, e.At
		if p.ID == 0 {
			p.ID = e.ProposalID
		}
		return nil
	}
	fn, ok := appliers[e.Kind]
	if !ok {
		return fmt.Errorf("proposal event %d: unknown kind %q", e.Seq, e.Kind)
	}
	fn(p, e)
	p.Version++
	p.UpdatedAt = e.At
	return nil
}

// Rebuild folds a proposal's events, oldest first, into the proposal they make.
func Rebuild(events []luoshi.ProposalEvent) (*luoshi.Proposal, error) {
	p := &luoshi.Proposal{}
	for _, e := range events {
		if err := Apply(p, e); err != nil {
			return nil, err
		}
	}
	return p, nil
}
