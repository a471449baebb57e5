package luoshi

import "time"

// ScheduleTimes are the moments that decide an item's schedule status (序时进度) while its
// percent and plan stay as they are: from BehindAt on it is behind (欠进度), before
// AheadUntil it is ahead (超进度), on schedule between. Planned progress only grows with
// time, so two moments say it all, and a summary query counts the statuses at any moment
// from two stored columns as it counts lights from yellow_at and red_at. Nil: never.
type ScheduleTimes struct {
	BehindAt   *time.Time
	AheadUntil *time.Time
}

// ScheduleTimes computes the item's moments for the percent it stands at (a parent's is its
// children's average, which the caller sets on it). ScheduleAt over them gives
// Policy.Schedule at any moment, to the millisecond the store keeps.
func (p *Policy) ScheduleTimes(it *Item) ScheduleTimes {
	switch it.State {
	case StateCompleted, StateSuspended, StateCancelled:
		return ScheduleTimes{}
	case StateCompletionRequested:
		if it.CompletionRequestedAt != nil && it.CompletionRequestedAt.After(it.Deadline) {
			always := time.UnixMilli(0).UTC()
			return ScheduleTimes{BehindAt: &always}
		}
		return ScheduleTimes{}
	}
	// Past the deadline an open item is behind whatever its percent.
	late := it.Deadline.Truncate(time.Millisecond).Add(time.Millisecond)
	st := ScheduleTimes{BehindAt: &late}
	if t := p.plannedReaches(it, it.Percent+p.ScheduleTolerance+1); t != nil && t.Before(late) {
		st.BehindAt = t
	}
	if k := it.Percent - p.ScheduleTolerance; k > 0 {
		st.AheadUntil = p.plannedReaches(it, k)
	}
	return st
}

// plannedReaches is the first millisecond at which the planned percent is k or more; nil if
// it never is (k above 100).
func (p *Policy) plannedReaches(it *Item, k int) *time.Time {
	if k > 100 {
		return nil
	}
	pts := planOf(it) // once: the search below asks it some forty times
	at := func(ms int64) bool { return planAt(pts, time.UnixMilli(ms).UTC()) >= k }
	end := it.Deadline
	for _, m := range it.Milestones {
		if m.Due.After(end) {
			end = m.Due
		}
	}
	lo, hi := it.CreatedAt.UnixMilli()-1, end.UnixMilli()+1
	if it.AssignedAt != nil {
		lo = min(lo, it.AssignedAt.UnixMilli()-1)
	}
	if it.AcceptedAt != nil {
		lo = min(lo, it.AcceptedAt.UnixMilli()-1)
	}
	if k <= 0 || at(lo) {
		t := time.UnixMilli(lo).UTC()
		return &t
	}
	return firstReached(lo, hi, at)
}

// firstReached is the first millisecond after lo at which at holds (it holds from some
// millisecond on, and not at lo), searched from hi.
func firstReached(lo, hi int64, at func(ms int64) bool) *time.Time {
	for hi <= lo || !at(hi) {
		hi = lo + 2*(hi-lo) + 1 // past the plan's last point it is 100
	}
	for hi-lo > 1 { // at(lo) false, at(hi) true
		mid := lo + (hi-lo)/2
		if at(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	t := time.UnixMilli(hi).UTC()
	return &t
}

// ScheduleAt is the schedule status at now from the state and the stored moments: what a
// summary query computes in SQL.
func ScheduleAt(state State, st ScheduleTimes, now time.Time) ScheduleStatus {
	switch {
	case state == StateCompleted:
		return ScheduleCompleted
	case state == StateSuspended || state == StateCancelled:
		return ""
	case st.BehindAt != nil && !now.Before(*st.BehindAt):
		return ScheduleBehind
	case st.AheadUntil != nil && now.Before(*st.AheadUntil):
		return ScheduleAhead
	}
	return ScheduleOnSchedule
}

// plannedReachesAfter is the first millisecond after now at which the planned percent is k
// or more, given that it is less at now; nil if it never is.
func (p *Policy) plannedReachesAfter(it *Item, k int, now time.Time) *time.Time {
	if k > 100 {
		return nil
	}
	pts := planOf(it)
	lo := now.UnixMilli()
	return firstReached(lo, max(pts[len(pts)-1].t.UnixMilli()+1, lo+1), func(ms int64) bool {
		return planAt(pts, time.UnixMilli(ms).UTC()) >= k
	})
}
