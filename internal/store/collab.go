package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// CollabEvents reads the region's events of the given kinds in [from, to) through the
// events_region_kind index (migration 0009): one range of it per kind, never the region's
// other events, with each event's item for its code, title, priority and lead.
func (t *tx) CollabEvents(ctx context.Context, regionID int64, kinds []luoshi.EventKind, from, to time.Time) ([]luoshi.CollabEvent, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{regionID, ms(from), ms(to)}
	ph := make([]string, len(kinds))
	for i, k := range kinds {
		args = append(args, string(k))
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT e.item_id, i.code, i.title, i.priority, i.lead_unit_id,
		e.seq, e.kind, e.at, e.payload
		FROM events e JOIN items i ON i.id = e.item_id
		WHERE e.region_id = $1 AND i.region_id = $1 AND e.kind IN (`+strings.Join(ph, ", ")+`) AND e.at >= $2 AND e.at < $3
		ORDER BY e.item_id, e.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("collaboration events: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (luoshi.CollabEvent, error) {
		var e luoshi.CollabEvent
		var priority, kind, payload string
		var at int64
		if err := s.Scan(&e.ItemID, &e.Code, &e.Title, &priority, &e.LeadUnitID, &e.Seq, &kind, &at, &payload); err != nil {
			return e, err
		}
		e.Priority, e.Kind, e.At = luoshi.Priority(priority), luoshi.EventKind(kind), fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}
