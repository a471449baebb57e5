package luoshi

import (
	"context"
	"slices"
	"time"
)

// CommendationKinds are what a commendation (表彰, 通报表扬) records: delivery before the
// deadline, or delivery whose results stand out.
var CommendationKinds = []string{"early_delivery", "outstanding_delivery"}

// WaiverGrounds are the grounds on which an accountability record may be waived (容错免责):
// the "three distinctions" (三个区分开来) — mistakes made for lack of experience while trying
// reforms first, in exploration no rule yet forbade, or unintentionally while pushing
// development — and mistakes made while solving problems left from the past. Each is only
// for mistakes made without personal gain; the waiver's text says why this one qualifies.
var WaiverGrounds = []string{"reform_trial", "exploration", "unintended", "legacy_problem"}

// Record is a record on an item that names units: who recorded what, why, when. Its ID is
// the seq of the event that recorded it.
type Record struct {
	ID      int       `json:"id"`
	Kind    string    `json:"kind"`
	Reason  string    `json:"reason"`
	UnitIDs []int64   `json:"unit_ids"`
	At      time.Time `json:"at"`
	By      int64     `json:"by"`
}

// AccountabilityRecord is an accountability record (问责) on an item; a waiver names it by ID.
type AccountabilityRecord struct {
	Record
	// Waiver, when set, waives the record (容错免责): it is kept on record and deducts nothing.
	Waiver *Waiver `json:"waiver,omitempty"`
}

// Waiver is the fault-tolerance decision (容错纠错) on an accountability record.
type Waiver struct {
	Grounds string    `json:"grounds"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
	By      int64     `json:"by"`
}

// Commendation is a commendation (表彰, 通报表扬) of an item's delivery, naming the units
// commended.
type Commendation = Record

// Record returns the item's accountability record of that ID, or nil.
func (it *Item) Record(id int) *AccountabilityRecord {
	for i := range it.Records {
		if it.Records[i].ID == id {
			return &it.Records[i]
		}
	}
	return nil
}

// Waivable reports whether the item has an accountability record not yet waived.
func (it *Item) Waivable() bool {
	return slices.ContainsFunc(it.Records, func(r AccountabilityRecord) bool { return r.Waiver == nil })
}

// RequestedInTime reports whether the item's completion was requested by its deadline: the
// moment that stops its clock.
func (it *Item) RequestedInTime() bool {
	return it.CompletionRequestedAt != nil && !it.CompletionRequestedAt.After(it.Deadline)
}

func cloneRecords(rs []AccountabilityRecord) []AccountabilityRecord {
	if rs == nil {
		return nil
	}
	out := slices.Clone(rs)
	for i := range out {
		out[i].UnitIDs = slices.Clone(out[i].UnitIDs)
		if out[i].Waiver != nil {
			w := *out[i].Waiver
			out[i].Waiver = &w
		}
	}
	return out
}

func cloneCommendations(cs []Commendation) []Commendation {
	if cs == nil {
		return nil
	}
	out := slices.Clone(cs)
	for i := range out {
		out[i].UnitIDs = slices.Clone(out[i].UnitIDs)
	}
	return out
}

// UnitRecord is a commendation or an accountability record of a unit, as a bulletin
// (督查通报) lists them: what, on which item, when, and — for a waived accountability record —
// the waiver.
type UnitRecord struct {
	// Kind is "commendation" or "accountability"; Sub the commendation's or record's kind.
	Kind     string    `json:"kind"`
	Sub      string    `json:"sub"`
	ItemID   int64     `json:"item_id"`
	ItemCode string    `json:"item_code"`
	Title    string    `json:"item_title"`
	Seq      int       `json:"record_id"`
	UnitIDs  []int64   `json:"unit_ids"`
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
	By       int64     `json:"by"`
	Waiver   *Waiver   `json:"waiver,omitempty"`
}

// The kinds of a UnitRecord (and of a Sanction that is one).
const (
	RecordCommendation   = "commendation"
	RecordAccountability = "accountability"
)

// RecordFilter selects the records of a region in [From, To), of one unit when UnitID is set.
type RecordFilter struct {
	RegionID int64
	From, To time.Time
	UnitID   int64
}

// LateAt reports whether an item counts as not delivered in time (未按时办结) at a moment: it
// was assigned to a unit, fell due before that moment, and its completion was not requested
// by the deadline. Suspended and cancelled work does not count; drafts were never assigned.
func LateAt(it *Item, at time.Time) bool {
	switch it.State {
	case StateDraft, StateSuspended, StateCancelled:
		return false
	}
	return it.Deadline.Before(at) && !it.RequestedInTime()
}

// RecordTx is what the records of units (commendations, accountability), the view of work
// that drags on and the on-time term of the score need of a transaction.
type RecordTx interface {
	// FindRecords lists the region's commendations and accountability records made in
	// [From, To) (of one unit when UnitID is set), oldest first, with their waivers.
	FindRecords(ctx context.Context, f RecordFilter) ([]UnitRecord, error)
	// FindItemsDue lists the region's items whose deadline falls in [from, to).
	FindItemsDue(ctx context.Context, regionID int64, from, to time.Time) ([]*Item, error)
	// CountItemEvents counts each item's events of each kind asked for.
	CountItemEvents(ctx context.Context, itemIDs []int64, kinds ...EventKind) (map[int64]map[EventKind]int, error)
}
