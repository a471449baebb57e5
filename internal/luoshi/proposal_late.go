package luoshi

import "time"

// OwedReply is a reply a unit owed on a proposal, for the collaboration and score figures:
// the reply of a round, due at Due, given at At (nil while not given).
type OwedReply struct {
	UnitID     int64
	ProposalID int64
	Due        time.Time
	At         *time.Time
}

// Late reports whether the reply was late at the moment at: given before at but after its
// deadline, or not given before at while its deadline is.
func (o OwedReply) Late(at time.Time) bool {
	if o.At != nil && o.At.Before(at) {
		return o.At.After(o.Due)
	}
	return o.Due.Before(at)
}

// OwedReplies lists the replies the proposals owed with a deadline in [from, to): each reply
// given, by the unit that gave it, and the open round's reply of a proposal being handled
// (办理中), by its lead unit. A reply stored without its deadline counts, when it was late, as
// due when it was given.
func OwedReplies(props []*Proposal, from, to time.Time) []OwedReply {
	var out []OwedReply
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, p := range props {
		for i := range p.Replies {
			r := &p.Replies[i]
			due := r.Due
			if due == nil && r.Late {
				due = &r.At
			}
			if due != nil && in(*due) {
				at := r.At
				out = append(out, OwedReply{UnitID: r.UnitID, ProposalID: p.ID, Due: *due, At: &at})
			}
		}
		if p.State == ProposalAssigned && p.Deadline != nil && p.LeadUnitID != 0 && in(*p.Deadline) {
			out = append(out, OwedReply{UnitID: p.LeadUnitID, ProposalID: p.ID, Due: *p.Deadline})
		}
	}
	return out
}
