package luoshi

import (
	"slices"
	"time"
)

// OpinionRequest is a co-unit opinion (配合意见) asked for on an item: the lead unit's
// liaison or the supervision office asks a co-unit, with a due time; the co-unit's liaison
// answers once. An answer after the due time is late; none at all, once the due time has
// passed, is missing. Both count in the collaboration metrics.
type OpinionRequest struct {
	ID          int        `json:"id"` // 1, 2, … within the item
	UnitID      int64      `json:"unit_id"`
	Question    string     `json:"question"`
	Due         time.Time  `json:"due"`
	RequestedAt time.Time  `json:"requested_at"`
	RequestedBy int64      `json:"requested_by"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	AnsweredBy  int64      `json:"answered_by,omitempty"`
	Answer      string     `json:"answer,omitempty"`
}

// OpinionStatus is where an opinion request stands.
type OpinionStatus string

// The statuses of an opinion request.
const (
	OpinionPending OpinionStatus = "pending" // not answered, not yet due
	OpinionOnTime  OpinionStatus = "on_time" // answered by its due time
	OpinionLate    OpinionStatus = "late"    // answered after its due time
	OpinionMissing OpinionStatus = "missing" // not answered, past its due time
)

// StatusAt is the request's status at now.
func (o *OpinionRequest) StatusAt(now time.Time) OpinionStatus {
	switch {
	case o.AnsweredAt != nil && o.AnsweredAt.After(o.Due):
		return OpinionLate
	case o.AnsweredAt != nil:
		return OpinionOnTime
	case now.After(o.Due):
		return OpinionMissing
	}
	return OpinionPending
}

// Opinion returns the item's opinion request with the id, or nil.
func (it *Item) Opinion(id int) *OpinionRequest {
	for i := range it.Opinions {
		if it.Opinions[i].ID == id {
			return &it.Opinions[i]
		}
	}
	return nil
}

// OpenOpinion reports whether the item has an unanswered opinion request to the unit.
func (it *Item) OpenOpinion(unit int64) bool {
	return slices.ContainsFunc(it.Opinions, func(o OpinionRequest) bool {
		return o.UnitID == unit && o.AnsweredAt == nil
	})
}

func cloneOpinions(os []OpinionRequest) []OpinionRequest {
	if os == nil {
		return nil
	}
	c := slices.Clone(os)
	for i := range c {
		if c[i].AnsweredAt != nil {
			t := *c[i].AnsweredAt
			c[i].AnsweredAt = &t
		}
	}
	return c
}
