package luoshi

import (
	"context"
	"slices"
	"sort"
	"time"
)

// Collaboration metrics (协作指标) make buck-passing (推诿扯皮) measurable. They are counted
// per assignment: an assignment (交办) of an item to a unit as its lead starts with the
// item's assigned event or with a reassigned event naming the unit, and lasts until the
// supervision office moves the item away. The metrics of a year are those of the
// assignments made in it, whatever year their outcome (a decline, an acceptance) fell in, so
// that the shares stay shares and a year's figures do not change when the next year starts
// — except the pending ones, which are counted at now.
//
// Co-unit opinions (配合意见) are counted per request, for the co-unit asked, in the year the
// request was made: answered by its due time (on time), after it (late), or not at all once
// it has passed (missing, counted at now); a request still within its time is pending.
//
// Replies to proposals (建议提案) are counted per reply owed, for the unit that owed it, in
// the year of its deadline: given by the deadline (on time), after it (late), or not at all
// once it has passed (missing, counted at now); one still within its time is pending.

// CollabKinds are the event kinds the collaboration metrics read.
var CollabKinds = []EventKind{EventAssigned, EventAccepted, EventDeclined, EventReassigned,
	EventInsisted, EventSuspended, EventResumed, EventCancelled, EventOpinionRequested, EventOpinionGiven}

// CollabEvent is one event of an item as the collaboration metrics need it: the event, and
// of its item the code, title, priority and lead unit now.
type CollabEvent struct {
	ItemID     int64
	Code       string
	Title      string
	Priority   Priority
	LeadUnitID int64 // the item's lead unit now, not at the event
	Seq        int
	Kind       EventKind
	At         time.Time
	Data       EventData
}

// CollabTx is the store's part of the collaboration metrics.
type CollabTx interface {
	// CollabEvents returns the region's events of the given kinds with from <= at < to,
	// each item's oldest first.
	CollabEvents(ctx context.Context, regionID int64, kinds []EventKind, from, to time.Time) ([]CollabEvent, error)
}

// UnitCollab are one unit's collaboration metrics for the assignments made to it in a year.
type UnitCollab struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	// Assigned counts the assignments: items assigned, or reassigned, to the unit as lead.
	Assigned int `json:"assigned"`
	// Declined counts the declines (退办) of those assignments; DeclineRate is Declined/Assigned.
	Declined    int     `json:"declined"`
	DeclineRate float64 `json:"decline_rate"`
	// ReassignedAway counts the assignments the supervision office moved to another lead,
	// after a decline or otherwise; Insisted the declines it answered by keeping the unit.
	ReassignedAway int `json:"reassigned_away"`
	Insisted       int `json:"insisted"`
	// TransferredTwice counts the items the unit led that were reassigned two or more times.
	TransferredTwice int `json:"transferred_twice"`
	// Accepted counts the accepted assignments, AcceptedLate those accepted after the
	// acceptance was due; MedianAccept and LongestAccept are the times from assignment (or
	// the office's insisting) to acceptance, in plain hours of the clock.
	Accepted      int           `json:"accepted"`
	AcceptedLate  int           `json:"accepted_late"`
	MedianAccept  time.Duration `json:"-"`
	LongestAccept time.Duration `json:"-"`
	// UnacceptedOverdue counts the assignments still waiting for acceptance past its due time.
	UnacceptedOverdue int `json:"unaccepted_overdue"`
	// OpinionsRequested counts the co-unit opinions asked of the unit; OpinionsOnTime those it
	// gave by their due time, OpinionsLate after it, OpinionsMissing those past their due time
	// without an answer. MedianOpinion is the time from request to answer, in plain hours of
	// the clock.
	OpinionsRequested int           `json:"opinions_requested"`
	OpinionsOnTime    int           `json:"opinions_on_time"`
	OpinionsLate      int           `json:"opinions_late"`
	OpinionsMissing   int           `json:"opinions_missing"`
	MedianOpinion     time.Duration `json:"-"`
	// RepliesDue counts the replies to proposals (建议提案答复) the unit owed with a deadline
	// in the year; RepliesOnTime those it gave by the deadline, RepliesLate after it, and
	// RepliesMissing those past the deadline without a reply (counted at now).
	RepliesDue     int `json:"replies_due"`
	RepliesOnTime  int `json:"replies_on_time"`
	RepliesLate    int `json:"replies_late"`
	RepliesMissing int `json:"replies_missing"`
	// SignOffsRequested counts the sign-offs of meeting topics (会签意见) asked of the unit in
	// the year; SignOffsOnTime those it gave by their due time, SignOffsLate after it, and
	// SignOffsMissing those past their due time without an answer (counted at now), like
	// the co-unit opinions.
	SignOffsRequested int `json:"signoffs_requested"`
	SignOffsOnTime    int `json:"signoffs_on_time"`
	SignOffsLate      int `json:"signoffs_late"`
	SignOffsMissing   int `json:"signoffs_missing"`
}

// CollabDecline is one decline, for the drill-down: which item, when, and why.
type CollabDecline struct {
	UnitID int64     `json:"unit_id"`
	ItemID int64     `json:"item_id"`
	Code   string    `json:"code"`
	Title  string    `json:"title"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
	// Outcome is what the office did next: reassigned, insisted, or empty while it decides.
	Outcome EventKind `json:"outcome,omitempty"`
}

// CollabReport are the collaboration metrics of a region for a year.
type CollabReport struct {
	Units    []UnitCollab    // units with an assignment or an opinion asked of them, most declines first
	Declines []CollabDecline // every decline of those assignments, oldest first
}

// collabTerm is one assignment of an item to a unit.
type collabTerm struct {
	unit    int64
	counted bool      // started within the year
	clock   time.Time // assignment or insisting: when acceptance started to be due
	waiting bool      // assigned, not yet accepted or declined
	paused  bool      // suspended while waiting
	decline int       // index in the report's declines of the open decline, or -1
}

// collabFold folds the events of the items.
type collabFold struct {
	p        *Policy
	from, to time.Time
	now      time.Time
	units    map[int64]*UnitCollab
	accept   map[int64][]time.Duration
	answer   map[int64][]time.Duration
	rep      CollabReport
}

// Collaboration folds a region's events of CollabKinds (each item's in order, from the start
// of the year on) into the metrics of the assignments made in [from, to), pending ones
// counted at now. An item counts as transferred twice for every unit that led it by an
// assignment of the year when its reassignments from the start of the year number two or more.
// The replies owed on proposals (OwedReplies with a deadline in [from, to)) are counted too.
func (p *Policy) Collaboration(events []CollabEvent, replies []OwedReply, from, to, now time.Time) CollabReport {
	f := &collabFold{p: p, from: from, to: to, now: now, units: map[int64]*UnitCollab{},
		accept: map[int64][]time.Duration{}, answer: map[int64][]time.Duration{}}
	for _, r := range replies {
		if r.Due.Before(from) || !r.Due.Before(to) {
			continue
		}
		u := f.unit(r.UnitID)
		u.RepliesDue++
		switch {
		case r.At != nil && r.At.After(r.Due):
			u.RepliesLate++
		case r.At != nil:
			u.RepliesOnTime++
		case now.After(r.Due):
			u.RepliesMissing++
		}
	}
	for start := 0; start < len(events); {
		end := start + 1
		for end < len(events) && events[end].ItemID == events[start].ItemID {
			end++
		}
		f.item(events[start:end])
		start = end
	}
	for id, u := range f.units {
		if u.Assigned > 0 {
			u.DeclineRate = float64(u.Declined) / float64(u.Assigned)
		}
		if d := f.accept[id]; len(d) > 0 {
			u.MedianAccept, u.LongestAccept = median(d)
		}
		if d := f.answer[id]; len(d) > 0 {
			u.MedianOpinion, _ = median(d)
		}
		f.rep.Units = append(f.rep.Units, *u)
	}
	sortCollabUnits(f.rep.Units)
	sort.SliceStable(f.rep.Declines, func(i, j int) bool { return f.rep.Declines[i].At.Before(f.rep.Declines[j].At) })
	return f.rep
}

// sortCollabUnits orders the units most declines first, then most moved away, then by id.
func sortCollabUnits(units []UnitCollab) {
	sort.Slice(units, func(i, j int) bool {
		a, b := units[i], units[j]
		if a.Declined != b.Declined {
			return a.Declined > b.Declined
		}
		if a.ReassignedAway != b.ReassignedAway {
			return a.ReassignedAway > b.ReassignedAway
		}
		return a.UnitID < b.UnitID
	})
}

// median returns the median and the longest of durations, which it sorts.
func median(d []time.Duration) (med, longest time.Duration) {
	slices.Sort(d)
	med = d[len(d)/2]
	if len(d)%2 == 0 {
		med = (d[len(d)/2-1] + d[len(d)/2]) / 2
	}
	return med, d[len(d)-1]
}

func (f *collabFold) unit(id int64) *UnitCollab {
	u := f.units[id]
	if u == nil {
		u = &UnitCollab{UnitID: id}
		f.units[id] = u
	}
	return u
}

// item folds one item's events. The lead before the first reassignment is the one it moved
// the item from; without one, the lead is the item's lead now.
func (f *collabFold) item(evs []CollabEvent) {
	lead := evs[0].LeadUnitID
	reassigned := 0
	for _, e := range evs {
		if e.Kind == EventReassigned {
			if reassigned == 0 && e.Data.FromUnitID != 0 {
				lead = e.Data.FromUnitID
			}
			reassigned++
		}
	}
	var t *collabTerm
	led := map[int64]bool{}
	asked := map[int]*CollabEvent{} // the item's opinion requests of the year, by number
	for _, e := range evs {
		switch e.Kind {
		case EventOpinionRequested:
			if e.Data.Due != nil && !e.At.Before(f.from) && e.At.Before(f.to) {
				f.unit(e.Data.UnitID).OpinionsRequested++
				asked[e.Data.RequestID] = &e
			}
		case EventOpinionGiven:
			if q := asked[e.Data.RequestID]; q != nil {
				delete(asked, e.Data.RequestID)
				f.opinionGiven(q, e)
			}
		case EventAssigned, EventReassigned:
			if t != nil && t.counted && e.Kind == EventReassigned {
				f.unit(t.unit).ReassignedAway++
				f.closeDecline(t, EventReassigned)
			}
			if e.Kind == EventReassigned {
				lead = e.Data.LeadUnitID
			}
			t = &collabTerm{unit: lead, clock: e.At, waiting: true, decline: -1,
				counted: !e.At.Before(f.from) && e.At.Before(f.to)}
			if t.counted {
				f.unit(lead).Assigned++
				led[lead] = true
			}
		case EventInsisted:
			if t != nil {
				t.clock, t.waiting = e.At, true
				if t.counted {
					f.unit(t.unit).Insisted++
					f.closeDecline(t, EventInsisted)
				}
			}
		default:
			f.step(t, e)
		}
	}
	if t != nil && t.counted && t.waiting && !t.paused {
		if due := f.p.acceptDue(evs[0].Priority, t.clock); f.now.After(due) {
			f.unit(t.unit).UnacceptedOverdue++
		}
	}
	for _, q := range asked {
		if f.now.After(*q.Data.Due) {
			f.unit(q.Data.UnitID).OpinionsMissing++
		}
	}
	if reassigned >= 2 {
		for u := range led {
			f.unit(u).TransferredTwice++
		}
	}
}

// opinionGiven counts the answer e to the request q as on time or late.
func (f *collabFold) opinionGiven(q *CollabEvent, e CollabEvent) {
	u := f.unit(q.Data.UnitID)
	if e.At.After(*q.Data.Due) {
		u.OpinionsLate++
	} else {
		u.OpinionsOnTime++
	}
	f.answer[q.Data.UnitID] = append(f.answer[q.Data.UnitID], e.At.Sub(q.At))
}

// step folds an acceptance, a decline, a suspension or a cancellation into the assignment.
func (f *collabFold) step(t *collabTerm, e CollabEvent) {
	if t == nil {
		return // an assignment made before the year: counted in its own year
	}
	switch e.Kind {
	case EventAccepted:
		if t.waiting && t.counted {
			u := f.unit(t.unit)
			u.Accepted++
			if e.At.After(f.p.acceptDue(e.Priority, t.clock)) {
				u.AcceptedLate++
			}
			f.accept[t.unit] = append(f.accept[t.unit], e.At.Sub(t.clock))
		}
		t.waiting = false
	case EventDeclined:
		t.waiting = false
		if t.counted {
			f.unit(t.unit).Declined++
			t.decline = len(f.rep.Declines)
			f.rep.Declines = append(f.rep.Declines, CollabDecline{UnitID: t.unit, ItemID: e.ItemID,
				Code: e.Code, Title: e.Title, At: e.At, Reason: e.Data.Reason})
		}
	case EventSuspended:
		t.paused = true
	case EventResumed:
		t.paused = false
	case EventCancelled:
		t.waiting = false
	}
}

// closeDecline records what the office did with the assignment's open decline.
func (f *collabFold) closeDecline(t *collabTerm, outcome EventKind) {
	if t.decline >= 0 {
		f.rep.Declines[t.decline].Outcome = outcome
		t.decline = -1
	}
}

// acceptDue is when an assignment of an item of priority pr made at t must be accepted.
func (p *Policy) acceptDue(pr Priority, t time.Time) time.Time {
	return *p.AcceptanceDue(&Item{State: StateAssigned, AssignedAt: &t, Priority: pr})
}
