package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// FindRecords lists the commendations and accountability records of the region made in
// [From, To), of one unit (named by the record) when UnitID is set, oldest first, each with
// its waiver if one has been recorded.
func (t *tx) FindRecords(ctx context.Context, f luoshi.RecordFilter) ([]luoshi.UnitRecord, error) {
	return t.findRecords(ctx, f, time.Time{})
}

// findRecords reads the records; a waiver counts only when made before waivedBefore (zero:
// any waiver), so that a score as of a moment is the score as it stood then.
func (t *tx) findRecords(ctx context.Context, f luoshi.RecordFilter, waivedBefore time.Time) ([]luoshi.UnitRecord, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT e.item_id, e.seq, e.kind, e.actor_id, e.at, e.payload, i.code, i.title, i.lead_unit_id
		FROM events e JOIN items i ON i.id = e.item_id
		WHERE e.region_id = $1 AND e.kind IN ('accountability_recorded', 'commended') AND e.at >= $2 AND e.at < $3
		ORDER BY e.at, e.id`, f.RegionID, ms(f.From), ms(f.To))
	if err != nil {
		return nil, fmt.Errorf("find records: %w", err)
	}
	recs, err := collect(rows, func(s scanner) (luoshi.UnitRecord, error) {
		var r luoshi.UnitRecord
		var kind, payload string
		var at, lead int64
		if err := s.Scan(&r.ItemID, &r.Seq, &kind, &r.By, &at, &payload, &r.ItemCode, &r.Title, &lead); err != nil {
			return r, err
		}
		var d luoshi.EventData
		if err := json.Unmarshal([]byte(payload), &d); err != nil {
			return r, fmt.Errorf("event payload: %w", err)
		}
		r.Kind, r.Sub, r.Reason, r.UnitIDs, r.At = luoshi.RecordAccountability, d.Kind, d.Reason, d.UnitIDs, fromMS(at)
		if kind == string(luoshi.EventCommended) {
			r.Kind = luoshi.RecordCommendation
		}
		if len(r.UnitIDs) == 0 {
			r.UnitIDs = []int64{lead}
		}
		return r, nil
	})
	if err != nil {
		return nil, err
	}
	if f.UnitID != 0 {
		recs = slices.DeleteFunc(recs, func(r luoshi.UnitRecord) bool { return !slices.Contains(r.UnitIDs, f.UnitID) })
	}
	return recs, t.addWaivers(ctx, f.RegionID, recs, waivedBefore)
}

// addWaivers sets the waiver of each accountability record that has one.
func (t *tx) addWaivers(ctx context.Context, regionID int64, recs []luoshi.UnitRecord, before time.Time) error {
	if !slices.ContainsFunc(recs, func(r luoshi.UnitRecord) bool { return r.Kind == luoshi.RecordAccountability }) {
		return nil
	}
	end := int64(1<<62 - 1)
	if !before.IsZero() {
		end = ms(before)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT e.item_id, e.actor_id, e.at, e.payload FROM events e
		WHERE e.region_id = $1 AND e.kind = 'accountability_waived' AND e.at < $2`, regionID, end)
	if err != nil {
		return fmt.Errorf("find waivers: %w", err)
	}
	type key struct {
		item int64
		seq  int
	}
	waivers := map[key]*luoshi.Waiver{}
	_, err = collect(rows, func(s scanner) (bool, error) {
		var item, by, at int64
		var payload string
		if err := s.Scan(&item, &by, &at, &payload); err != nil {
			return false, err
		}
		var d luoshi.EventData
		if err := json.Unmarshal([]byte(payload), &d); err != nil {
			return false, fmt.Errorf("event payload: %w", err)
		}
		waivers[key{item, d.RecordID}] = &luoshi.Waiver{Grounds: d.Grounds, Reason: d.Reason, At: fromMS(at), By: by}
		return true, nil
	})
	if err != nil {
		return err
	}
	for i := range recs {
		if recs[i].Kind == luoshi.RecordAccountability {
			recs[i].Waiver = waivers[key{recs[i].ItemID, recs[i].Seq}]
		}
	}
	return nil
}

// FindItemsDue lists the region's items whose deadline falls in [from, to).
func (t *tx) FindItemsDue(ctx context.Context, regionID int64, from, to time.Time) ([]*luoshi.Item, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT i.doc FROM items i WHERE i.region_id = $1 AND i.deadline >= $2 AND i.deadline < $3
		ORDER BY i.id`, regionID, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("find items due: %w", err)
	}
	return collect(rows, scanDoc)
}

// CountItemEvents counts, for each of the items, its events of each of the kinds.
func (t *tx) CountItemEvents(ctx context.Context, itemIDs []int64, kinds ...luoshi.EventKind) (map[int64]map[luoshi.EventKind]int, error) {
	out := map[int64]map[luoshi.EventKind]int{}
	for chunk := range slices.Chunk(itemIDs, 500) {
		w := &where{}
		ks := make([]string, len(kinds))
		for i, k := range kinds {
			w.args = append(w.args, string(k))
			ks[i] = fmt.Sprintf("$%d", len(w.args))
		}
		q := `SELECT e.item_id, e.kind, COUNT(*) FROM events e WHERE ` + w.in("e.item_id", chunk) +
			` AND e.kind IN (` + strings.Join(ks, ", ") + `) GROUP BY e.item_id, e.kind`
		rows, err := t.tx.QueryContext(ctx, q, w.args...)
		if err != nil {
			return nil, fmt.Errorf("count item events: %w", err)
		}
		_, err = collect(rows, func(s scanner) (bool, error) {
			var id int64
			var kind string
			var n int
			if err := s.Scan(&id, &kind, &n); err != nil {
				return false, err
			}
			if out[id] == nil {
				out[id] = map[luoshi.EventKind]int{}
			}
			out[id][luoshi.EventKind(kind)] = n
			return true, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
