package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
)

// NextItemMoment is the earliest stored moment of the region's items at or after at among
// the kinds asked for: deadlines (any state: an index seek on items_region_deadline), and the
// light's and the schedule's moments of open items (one pass over the region's entries of
// the covering index items_cockpit). Nil: none.
func (t *tx) NextItemMoment(ctx context.Context, regionID int64, after time.Time, kinds luoshi.MomentKinds) (*time.Time, error) {
	at := ms(after)
	var best *int64
	take := func(v sql.NullInt64) {
		if v.Valid && (best == nil || v.Int64 < *best) {
			n := v.Int64
			best = &n
		}
	}
	if kinds&luoshi.MomentDeadline != 0 {
		var v sql.NullInt64
		err := t.tx.QueryRowContext(ctx, `SELECT MIN(deadline) FROM items WHERE region_id = $1 AND deadline >= $2`,
			regionID, at).Scan(&v)
		if err != nil {
			return nil, fmt.Errorf("next deadline: %w", err)
		}
		take(v)
	}
	var cols []string
	if kinds&luoshi.MomentLight != 0 {
		cols = append(cols, "red_at", "yellow_at")
	}
	if kinds&luoshi.MomentSchedule != 0 {
		cols = append(cols, "behind_at", "ahead_until")
	}
	if len(cols) == 0 {
		return timeOf(best), nil
	}
	q := `SELECT `
	for i, c := range cols {
		if i > 0 {
			q += `, `
		}
		q += fmt.Sprintf(`MIN(CASE WHEN %s >= $2 THEN %s END)`, c, c)
	}
	q += ` FROM items WHERE region_id = $1 AND state IN ` + openList
	vs := make([]sql.NullInt64, len(cols))
	dst := make([]any, len(cols))
	for i := range vs {
		dst[i] = &vs[i]
	}
	if err := t.tx.QueryRowContext(ctx, q, regionID, at).Scan(dst...); err != nil {
		return nil, fmt.Errorf("next item moment: %w", err)
	}
	for _, v := range vs {
		take(v)
	}
	return timeOf(best), nil
}

func timeOf(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}
