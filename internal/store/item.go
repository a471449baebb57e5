package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

func (t *tx) NextItemNumber(ctx context.Context, regionID int64, year int) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `INSERT INTO item_numbers (region_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (region_id, year) DO UPDATE SET last = item_numbers.last + 1 RETURNING last`, regionID, year).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next item number: %w", err)
	}
	return n, nil
}

func (t *tx) CreateItem(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived) error {
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	id, err := t.insertID(ctx, `INSERT INTO items (region_id, code, parent_id, title, source, priority, lead_unit_id,
		leader_id, state, deadline, percent, yellow_at, red_at, on_time, version, created_at, updated_at, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		it.RegionID, it.Code, it.ParentID, it.Title, string(it.Source), string(it.Priority), it.LeadUnitID,
		it.LeaderID, string(it.State), ms(it.Deadline), d.Percent, msPtr(d.YellowAt), msPtr(d.RedAt), it.OnTime,
		it.Version, ms(it.CreatedAt), ms(it.UpdatedAt), string(doc))
	if err != nil {
		return fmt.Errorf("create item: %w", err)
	}
	it.ID = id
	// The doc must carry the id it got.
	if err := t.writeDoc(ctx, it); err != nil {
		return err
	}
	return t.putCoUnits(ctx, it)
}

func (t *tx) writeDoc(ctx context.Context, it *luoshi.Item) error {
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE items SET doc = $1 WHERE id = $2`, string(doc), it.ID)
	return err
}

func (t *tx) putCoUnits(ctx context.Context, it *luoshi.Item) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM item_co_units WHERE item_id = $1`, it.ID); err != nil {
		return err
	}
	for _, u := range it.CoUnitIDs {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO item_co_units (item_id, unit_id) VALUES ($1, $2)`, it.ID, u); err != nil {
			return fmt.Errorf("item co-unit: %w", err)
		}
	}
	return nil
}

func (t *tx) UpdateItem(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived, prevVersion int) error {
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE items SET lead_unit_id = $1, leader_id = $2, state = $3, deadline = $4,
		percent = $5, yellow_at = $6, red_at = $7, on_time = $8, version = $9, updated_at = $10, doc = $11
		WHERE id = $12 AND version = $13`,
		it.LeadUnitID, it.LeaderID, string(it.State), ms(it.Deadline), d.Percent, msPtr(d.YellowAt), msPtr(d.RedAt),
		it.OnTime, it.Version, ms(it.UpdatedAt), string(doc), it.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update item %d: %w", it.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &luoshi.Error{Code: luoshi.ECONFLICT, Message: "事项已被他人修改，请刷新后重试"}
	}
	return t.putCoUnits(ctx, it)
}

func (t *tx) UpdateItemDerived(ctx context.Context, id int64, d luoshi.ItemDerived) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE items SET percent = $1, yellow_at = $2, red_at = $3 WHERE id = $4`,
		d.Percent, msPtr(d.YellowAt), msPtr(d.RedAt), id)
	return err
}

func scanDoc(s interface{ Scan(...any) error }) (*luoshi.Item, error) {
	var doc string
	if err := s.Scan(&doc); err != nil {
		return nil, err
	}
	var it luoshi.Item
	if err := json.Unmarshal([]byte(doc), &it); err != nil {
		return nil, fmt.Errorf("item doc: %w", err)
	}
	if it.CoUnitIDs == nil {
		it.CoUnitIDs = []int64{}
	}
	if it.Milestones == nil {
		it.Milestones = []luoshi.Milestone{}
	}
	return &it, nil
}

func (t *tx) FindItemByID(ctx context.Context, id int64) (*luoshi.Item, error) {
	it, err := scanDoc(t.tx.QueryRowContext(ctx, `SELECT doc FROM items WHERE id = $1`, id))
	return it, notFound("事项", err)
}

func (t *tx) FindChildren(ctx context.Context, parentID int64) ([]*luoshi.Item, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM items WHERE parent_id = $1 ORDER BY id`, parentID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanDoc)
}

// where builds a WHERE clause with numbered placeholders.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) in(col string, ids []int64) string {
	if len(ids) == 0 {
		return "1 = 0"
	}
	ph := make([]string, len(ids))
	for i, id := range ids {
		w.args = append(w.args, id)
		ph[i] = "$" + strconv.Itoa(len(w.args))
	}
	return col + " IN (" + strings.Join(ph, ", ") + ")"
}

func stateList(states []luoshi.State) string {
	q := make([]string, len(states))
	for i, s := range states {
		q[i] = "'" + string(s) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}

var openList = stateList(luoshi.OpenStates)

// lightCond is the SQL form of luoshi.LightAt over the stored light times.
func lightCond(w *where, l luoshi.Light, now int64) {
	switch l {
	case luoshi.LightBlue:
		w.add(`state = 'completed'`)
	case luoshi.LightGrey:
		w.add(`state IN ('suspended', 'cancelled')`)
	case luoshi.LightRed:
		w.add(`state IN `+openList+` AND red_at <= ?`, now)
	case luoshi.LightYellow:
		w.add(`state IN `+openList+` AND yellow_at <= ? AND (red_at IS NULL OR red_at > ?)`, now, now)
	case luoshi.LightGreen:
		w.add(`state IN `+openList+` AND (yellow_at IS NULL OR yellow_at > ?)`, now)
	}
}

// overdueCond: open, past the deadline, and not a completion requested in time.
const overdueCond = `state IN ` + "('draft', 'assigned', 'declined', 'in_progress')" + ` AND deadline < ?`

func (t *tx) FindItems(ctx context.Context, f luoshi.ItemFilter) ([]*luoshi.Item, string, error) {
	w := &where{}
	w.add(`region_id = ?`, f.RegionID)
	now := ms(f.Now)
	if f.State != nil {
		w.add(`state = ?`, string(*f.State))
	}
	if f.Light != nil {
		lightCond(w, *f.Light, now)
	}
	if f.Priority != nil {
		w.add(`priority = ?`, string(*f.Priority))
	}
	if f.Source != nil {
		w.add(`source = ?`, string(*f.Source))
	}
	if f.UnitID != nil {
		if f.LeadOnly {
			w.add(`lead_unit_id = ?`, *f.UnitID)
		} else {
			// A UNION of two index lookups: an OR across the two tables could use no index.
			w.add(`id IN (SELECT id FROM items WHERE lead_unit_id = ? UNION ALL
				SELECT item_id FROM item_co_units WHERE unit_id = ?)`, *f.UnitID, *f.UnitID)
		}
	}
	if f.LeaderID != nil {
		w.add(`leader_id = ?`, *f.LeaderID)
	}
	if f.ParentID != nil {
		w.add(`parent_id = ?`, *f.ParentID)
	}
	if f.Overdue != nil {
		if *f.Overdue {
			w.add(`(`+overdueCond+` OR (state = 'completion_requested' AND red_at IS NOT NULL))`, now)
		} else {
			w.add(`NOT (`+overdueCond+` OR (state = 'completion_requested' AND red_at IS NOT NULL))`, now)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(title LIKE ? ESCAPE '\' OR code LIKE ? ESCAPE '\')`, likePattern(q), likePattern(q))
	}
	if f.VisibleUnits != nil {
		lead := w.in("lead_unit_id", f.VisibleUnits)
		co := w.in("unit_id", f.VisibleUnits)
		w.add(`id IN (SELECT id FROM items WHERE `+lead+` UNION ALL SELECT item_id FROM item_co_units WHERE `+co+
			` UNION ALL SELECT id FROM items WHERE leader_id = ?)`, f.VisibleLeader)
	}
	if f.Cursor != "" {
		after, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`id < ?`, after)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT doc FROM items WHERE ` + strings.Join(w.conds, " AND ") +
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit+1)
	rows, err := t.tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("find items: %w", err)
	}
	items, err := collect(rows, scanDoc)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > limit {
		items = items[:limit]
		next = encodeCursor(items[limit-1].ID)
	}
	return items, next, nil
}

func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("i" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 1 && b[0] == 'i' {
		if id, err := strconv.ParseInt(string(b[1:]), 10, 64); err == nil {
			return id, nil
		}
	}
	return 0, luoshi.Invalid("cursor", "分页游标无效，请从第一页重新查询")
}

func (t *tx) AppendEvent(ctx context.Context, e *luoshi.Event, regionID int64) error {
	payload, err := json.Marshal(e.Data)
	if err != nil {
		return err
	}
	id, err := t.insertID(ctx, `INSERT INTO events (item_id, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.ItemID, regionID, e.Seq, string(e.Kind), e.ActorID, ms(e.At), string(payload))
	if err != nil {
		if strings.Contains(strings.ToLower(err.Error()), "unique") {
			return &luoshi.Error{Code: luoshi.ECONFLICT, Message: "事项已被他人修改，请刷新后重试"}
		}
		return fmt.Errorf("append event: %w", err)
	}
	e.ID = id
	return nil
}

func (t *tx) FindEvents(ctx context.Context, itemID int64) ([]luoshi.Event, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT e.id, e.item_id, e.seq, e.kind, e.actor_id, COALESCE(u.name, ''), e.at, e.payload
		FROM events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.item_id = $1 ORDER BY e.seq`, itemID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (luoshi.Event, error) {
		var e luoshi.Event
		var kind, payload string
		var at int64
		if err := s.Scan(&e.ID, &e.ItemID, &e.Seq, &kind, &e.ActorID, &e.ActorName, &at, &payload); err != nil {
			return e, err
		}
		e.Kind, e.At = luoshi.EventKind(kind), fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}

// UnitStats counts each unit's led items by light. It reads the region's rows of the
// items_stats index only (a covering index, grouped in its own order: no sort), never the
// whole table, and adds the groups up per unit here.
func (t *tx) UnitStats(ctx context.Context, regionID int64, now time.Time) ([]luoshi.UnitStats, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT state, lead_unit_id, COUNT(*),
		SUM(CASE WHEN yellow_at <= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN red_at <= $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN deadline < $2 THEN 1 ELSE 0 END),
		SUM(CASE WHEN red_at IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN on_time THEN 1 ELSE 0 END)
		FROM items WHERE region_id = $1 AND state <> 'cancelled' GROUP BY state, lead_unit_id`, regionID, ms(now))
	if err != nil {
		return nil, fmt.Errorf("unit stats: %w", err)
	}
	byUnit := map[int64]luoshi.UnitStats{}
	_, err = collect(rows, func(s interface{ Scan(...any) error }) (bool, error) {
		var state string
		var unit int64
		var n, yellow, red, late, redSet, onTime int
		if err := s.Scan(&state, &unit, &n, &yellow, &red, &late, &redSet, &onTime); err != nil {
			return false, err
		}
		st := byUnit[unit]
		switch luoshi.State(state) {
		case luoshi.StateCompleted:
			st.Completed += n
			st.CompletedOnTime += onTime
		case luoshi.StateSuspended:
			st.Suspended += n
		default: // the open states; yellow_at <= red_at, so every red item is also past yellow
			st.Open += n
			st.Green += n - yellow
			st.Yellow += yellow - red
			st.Red += red
			if luoshi.State(state) == luoshi.StateCompletionRequested {
				st.Overdue += redSet
			} else {
				st.Overdue += late
			}
		}
		byUnit[unit] = st
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	units, err := t.FindUnits(ctx, regionID)
	if err != nil {
		return nil, err
	}
	out := make([]luoshi.UnitStats, 0, len(units))
	for _, u := range units {
		st := byUnit[u.ID]
		st.UnitID, st.UnitName = u.ID, u.Name
		out = append(out, st)
	}
	return out, nil
}

var _ = sql.ErrNoRows
