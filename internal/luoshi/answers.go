package luoshi

import (
	"context"
	"time"
)

// Answers kept in memory (the item list and detail answer cache, service/answer_cache.go)
// stand on three things: the data they were read from, the policy they were computed with
// and the moment they were computed at. This file holds what the domain and the store say
// about the first and the last.

// DataVersioner is a store that numbers its committed data: DataVersion changes whenever a
// committed write could change what a read answers, and is read before the data a read
// depends on, so that an answer kept under a version is never older than that version.
type DataVersioner interface {
	DataVersion(ctx context.Context) (int64, error)
}

// ItemStamper is a store that stamps what an item's detail and timeline are read from: the
// item's row, its sub-items' rows and its timeline. ItemStamp changes whenever a committed
// write — of any process — changes the item's row, adds, changes or moves away a sub-item,
// or adds an event to the item; it is read, like DataVersion, before the data an answer kept
// under it is read from, and a stamp once left is never seen again. A write to other rows
// leaves it as it is, so that answers about one item outlive writes about others.
// ItemStamp also gives the data version (DataVersioner) read with the stamp, of one moment.
type ItemStamper interface {
	ItemStamp(ctx context.Context, id int64) (version int64, stamp string, err error)
}

// OneStatementViewer is a store that runs a read of one statement with less than a
// transaction's cost (PostgreSQL: no BEGIN and ROLLBACK). ViewOne is View for an fn that makes
// exactly one statement; what it reads is of one moment, after ViewOne was called.
type OneStatementViewer interface {
	ViewOne(ctx context.Context, fn func(Tx) error) error
}

type quietKey struct{}

// ChangesNoAnswers marks ctx for a write that changes nothing any kept answer depends on (a
// session's last-seen time): the store does not count it as a change of the data.
func ChangesNoAnswers(ctx context.Context) context.Context {
	return context.WithValue(ctx, quietKey{}, true)
}

// AnswersUnchanged reports whether ctx was marked by ChangesNoAnswers.
func AnswersUnchanged(ctx context.Context) bool {
	v, _ := ctx.Value(quietKey{}).(bool)
	return v
}

// Horizon gathers the moments at which something computed at now may change: Add a moment
// that a rule compares now with, and Until is the earliest millisecond after now at which
// any of those comparisons can come out otherwise. Now is taken at the millisecond, as the
// service's clock is; the zero Until means never.
type Horizon struct {
	now   time.Time
	until time.Time
}

// NewHorizon starts a horizon at now (truncated to the millisecond).
func NewHorizon(now time.Time) Horizon { return Horizon{now: now.Truncate(time.Millisecond)} }

// Add notes a moment t that a rule compares now with (now.After(t), !now.Before(t) …). For
// millisecond-aligned moments after now, every such comparison stays as it is until
// t's millisecond; a t within now's millisecond can change the next one.
func (h *Horizon) Add(t time.Time) {
	if t.IsZero() {
		return
	}
	f := t.Truncate(time.Millisecond)
	switch {
	case f.After(h.now):
	case f.Equal(h.now):
		f = h.now.Add(time.Millisecond)
	default:
		return // passed: a comparison with it no longer changes
	}
	h.AddChange(f)
}

// AddPtr is Add of a moment that may be nil (never).
func (h *Horizon) AddPtr(t *time.Time) {
	if t != nil {
		h.Add(*t)
	}
}

// AddChange notes the first millisecond after now at which something changes.
func (h *Horizon) AddChange(t time.Time) {
	if !t.After(h.now) {
		t = h.now.Add(time.Millisecond)
	}
	if h.until.IsZero() || t.Before(h.until) {
		h.until = t
	}
}

// Until is the earliest change noted; zero when none was.
func (h *Horizon) Until() time.Time { return h.until }

// ViewMoments adds to h every moment at which what a view of the item computes at a moment
// can change while the item stays as it is: its light (the light times), the overdue flag
// and the schedule status (the deadline, the planned percent's next step), the opinions'
// statuses (their due times) and whether the decline window is still open (the item
// module's guard). TestViewMoments holds the views equal at now and just before the
// horizon on random items.
func (p *Policy) ViewMoments(h *Horizon, it *Item) {
	y, r := p.LightTimes(it)
	h.AddPtr(y)
	h.AddPtr(r)
	h.Add(it.Deadline)
	for _, o := range it.Opinions {
		if o.AnsweredAt == nil {
			h.Add(o.Due)
		}
	}
	if it.AssignedAt != nil {
		h.Add(p.DeclineDeadline(it))
	}
	if t := p.nextPlannedStep(it, h.now); t != nil {
		h.AddChange(*t)
	}
}

// nextPlannedStep is the first millisecond after now at which PlannedPercent differs from
// its value at now (it only grows); nil if it is 100 already.
func (p *Policy) nextPlannedStep(it *Item, now time.Time) *time.Time {
	cur := p.PlannedPercent(it, now)
	if cur >= 100 {
		return nil
	}
	return p.plannedReachesAfter(it, cur+1, now)
}

// MomentKinds names kinds of an item's stored moments, the ones a list's filters compare
// now with: the deadline (overdue, due this year), the light's (yellow_at, red_at), the
// schedule status's (behind_at, ahead_until).
type MomentKinds uint8

// The kinds of stored moments.
const (
	MomentDeadline MomentKinds = 1 << iota
	MomentLight
	MomentSchedule
)

// Moments are the kinds of stored moments whose passing can move an item into or out of
// the list the filter asks for, with no write.
func (f *ItemFilter) Moments() MomentKinds {
	var k MomentKinds
	if f.Overdue != nil || f.DueFrom != nil || f.DueBefore != nil {
		k |= MomentDeadline
	}
	if f.Light != nil {
		k |= MomentLight
	}
	if f.Schedule != nil {
		k |= MomentSchedule
	}
	return k
}
