package service

import (
	"cmp"
	"context"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

// ItemSort names an order of an item list; the zero value is newest first.
type ItemSort string

// The orders of an item list. A leading "-" reverses.
const (
	SortNewest       ItemSort = ""
	SortDeadline     ItemSort = "deadline"
	SortDeadlineDesc ItemSort = "-deadline"
	SortUpdated      ItemSort = "-updated"
	SortLight        ItemSort = "light"
	SortPriority     ItemSort = "priority"
	SortPercent      ItemSort = "percent"
	SortPercentDesc  ItemSort = "-percent"
	SortCode         ItemSort = "code"
	// SortUrgent: the most urgent and late first — overdue (longest first), then by light,
	// then by priority, then by deadline. The pages' list opens in this order.
	SortUrgent ItemSort = "urgent"
)

// InHandStates are the states of the items a page's list shows unless asked otherwise: work
// assigned and under way. Drafts, suspended and closed items are behind the state filter.
var InHandStates = []luoshi.State{luoshi.StateAssigned, luoshi.StateDeclined, luoshi.StateInProgress,
	luoshi.StateCompletionRequested}

// ItemSorts lists the orders a list may ask for.
var ItemSorts = []ItemSort{SortNewest, SortDeadline, SortDeadlineDesc, SortUpdated, SortLight,
	SortPriority, SortPercent, SortPercentDesc, SortCode, SortUrgent}

// Valid reports whether o is a known order.
func (o ItemSort) Valid() bool { return slices.Contains(ItemSorts, o) }

// ItemResults is one page of a sorted search, with the number of matches in all.
type ItemResults struct {
	Items []*ItemView
	Total int
	// Truncated: more than maxScan items matched; only the newest were sorted.
	Truncated bool
	// Hidden: the items that matched but are in none of the states asked for.
	Hidden int
}

var lightRank = map[luoshi.Light]int{luoshi.LightRed: 0, luoshi.LightYellow: 1, luoshi.LightGreen: 2,
	luoshi.LightGrey: 3, luoshi.LightBlue: 4}

var priorityRank = map[luoshi.Priority]int{luoshi.PriorityUrgent: 0, luoshi.PriorityImportant: 1,
	luoshi.PriorityRoutine: 2}

// SearchItems lists the items the actor may see that match f, in the given order, the
// page [offset, offset+limit) of them. Ties keep the newest first. Given states, it keeps
// the items in one of them and counts the others as Hidden.
func (s *Service) SearchItems(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter, order ItemSort, offset, limit int, states ...luoshi.State) (*ItemResults, error) {
	if !order.Valid() {
		return nil, luoshi.Invalid("sort", "list.sort.invalid", string(order))
	}
	if offset < 0 || limit < 1 || limit > 200 {
		return nil, luoshi.Invalid("page", "list.page.invalid")
	}
	items, truncated, err := s.scanItems(ctx, a, f, nil)
	if err != nil {
		return nil, err
	}
	all := len(items)
	items = inStates(items, states)
	if cmpFn := itemOrder(order); cmpFn != nil {
		slices.SortStableFunc(items, cmpFn)
	}
	res := &ItemResults{Total: len(items), Truncated: truncated, Hidden: all - len(items)}
	if offset < len(items) {
		res.Items = items[offset:min(offset+limit, len(items))]
	}
	return res, nil
}

// inStates keeps the items in one of the states; no states keep all.
func inStates(items []*ItemView, states []luoshi.State) []*ItemView {
	if len(states) == 0 {
		return items
	}
	return slices.DeleteFunc(items, func(v *ItemView) bool { return !slices.Contains(states, v.State) })
}

// urgency orders the most urgent and late first: overdue before not, the longest overdue
// first; then red, yellow, green …; then urgent before routine; then the nearest deadline.
func urgency(x, y *ItemView) int {
	switch {
	case x.Overdue != y.Overdue:
		if x.Overdue {
			return -1
		}
		return 1
	case x.Overdue:
		return x.Deadline.Compare(y.Deadline)
	case lightRank[x.Light] != lightRank[y.Light]:
		return cmp.Compare(lightRank[x.Light], lightRank[y.Light])
	case priorityRank[x.Priority] != priorityRank[y.Priority]:
		return cmp.Compare(priorityRank[x.Priority], priorityRank[y.Priority])
	}
	return x.Deadline.Compare(y.Deadline)
}

func itemOrder(o ItemSort) func(x, y *ItemView) int {
	var key func(x, y *ItemView) int
	switch o {
	case SortUrgent:
		key = urgency
	case SortDeadline, SortDeadlineDesc:
		key = func(x, y *ItemView) int { return x.Deadline.Compare(y.Deadline) }
	case SortUpdated:
		key = func(x, y *ItemView) int { return y.UpdatedAt.Compare(x.UpdatedAt) }
	case SortLight:
		key = func(x, y *ItemView) int { return cmp.Compare(lightRank[x.Light], lightRank[y.Light]) }
	case SortPriority:
		key = func(x, y *ItemView) int { return cmp.Compare(priorityRank[x.Priority], priorityRank[y.Priority]) }
	case SortPercent, SortPercentDesc:
		key = func(x, y *ItemView) int { return cmp.Compare(x.Percent, y.Percent) }
	case SortCode:
		key = func(x, y *ItemView) int { return cmp.Compare(x.ID, y.ID) }
	default:
		return nil // the store's order: newest first
	}
	if o == SortDeadlineDesc || o == SortPercentDesc {
		return func(x, y *ItemView) int { return key(y, x) }
	}
	return key
}

// TimeLeft says the time left until a deadline of work of priority pr, or how late it is,
// by the calendar in force (Policy.TimeLeft: the count is never negative).
func (s *Service) TimeLeft(pr luoshi.Priority, deadline time.Time) luoshi.Msg {
	return s.Policy().TimeLeft(pr, deadline, s.now())
}
