package luoshi

import "time"

// DefaultDragMonths is how long an item may stay open before the view of work that drags on
// (久拖不决) lists it, unless the reader chooses otherwise; MaxDragMonths bounds the choice.
const (
	DefaultDragMonths = 3
	MaxDragMonths     = 36
)

// Why an item is work that drags on.
const (
	DragLong     = "long"     // open for more than the months chosen, counted from its creation (立项)
	DragExtended = "extended" // its deadline was extended more than once
	DragUrged    = "urged"    // urged to orange or red
)

// MonthsBetween counts the whole calendar months from from to to in loc (0 when to is not
// after from); a month without the starting day ends on its last day: 01-31 to 02-28 is 1.
func MonthsBetween(from, to time.Time, loc *time.Location) int {
	f, t := from.In(loc), to.In(loc)
	n := (t.Year()-f.Year())*12 + int(t.Month()-f.Month())
	for n > 0 && addMonths(f, n).After(t) {
		n--
	}
	return max(n, 0)
}

// addMonths adds n months to t without the overflow of AddDate (01-31 plus one month is
// 02-28, not 03-03).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}

// DragReasons says why an open item is work that drags on, if it is (久拖不决): open for more
// than months whole months since its creation, its deadline extended more than once, or
// urged to orange or red. Drafts, closed and suspended items are not: no work is owed on them.
func DragReasons(it *Item, extensions, months int, now time.Time, loc *time.Location) []string {
	if !it.State.Open() || it.State == StateDraft {
		return nil
	}
	var why []string
	if MonthsBetween(it.CreatedAt, now, loc) > months {
		why = append(why, DragLong)
	}
	if extensions > 1 {
		why = append(why, DragExtended)
	}
	if it.UrgeLevel.Rank() >= UrgeOrange.Rank() {
		why = append(why, DragUrged)
	}
	return why
}
