package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// nextItemNumber draws a region's next item number for a year.
const nextItemNumber = `INSERT INTO item_numbers (region_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (region_id, year) DO UPDATE SET last = item_numbers.last + 1 RETURNING last`

func (t *tx) NextItemNumber(ctx context.Context, regionID int64, year int) (int, error) {
	if t.numbers != nil {
		return t.numbers.next(ctx, t, regionID, year)
	}
	var n int
	if err := t.pipeQueryRow(ctx, nextItemNumber, regionID, year).Scan(&n); err != nil {
		return 0, fmt.Errorf("next item number: %w", err)
	}
	return n, nil
}

// groupNumbers are the item numbers a SQLite write group has drawn: each region's year's
// last number, read once in the group and written once before its commit (flush) — not an
// upsert of the row for every create (a tenth of a create's time on the writer). A year's
// first number is still drawn by nextItemNumber, which makes its row. A member rolled back to
// its savepoint takes its draws back (memberState keeps the group's numbers from before it).
// Nothing else writes item_numbers while the writer runs (the bulk loader makes a new file).
type groupNumbers []drawnNumber

type drawnNumber struct {
	region int64
	year   int
	last   int // the last number drawn
	stored int // the row's last as read or made in the group
}

func (g *groupNumbers) next(ctx context.Context, t *tx, regionID int64, year int) (int, error) {
	for i := range *g {
		if d := &(*g)[i]; d.region == regionID && d.year == year {
			d.last++
			return d.last, nil
		}
	}
	var n int
	err := t.queryRow(ctx, `SELECT last + 1 FROM item_numbers WHERE region_id = $1 AND year = $2`, regionID, year).Scan(&n)
	stored := n - 1
	if errors.Is(err, sql.ErrNoRows) {
		err = t.queryRow(ctx, nextItemNumber, regionID, year).Scan(&n)
		stored = n
	}
	if err != nil {
		return 0, fmt.Errorf("next item number: %w", err)
	}
	*g = append(*g, drawnNumber{region: regionID, year: year, last: n, stored: stored})
	return n, nil
}

// flush writes the numbers the group's kept members drew.
func (g groupNumbers) flush(ctx context.Context, t *tx) error {
	for _, d := range g {
		if d.last == d.stored {
			continue
		}
		if _, err := t.exec(ctx, `UPDATE item_numbers SET last = $1 WHERE region_id = $2 AND year = $3`,
			d.last, d.region, d.year); err != nil {
			return fmt.Errorf("item numbers: %w", err)
		}
	}
	return nil
}

// DrawItemNumber queues nextItemNumber in a PostgreSQL write group; elsewhere it is
// NextItemNumber.
func (t *tx) DrawItemNumber(ctx context.Context, regionID int64, year int) func() (int, error) {
	p := t.tx.pipe
	if p == nil {
		n, err := t.NextItemNumber(ctx, regionID, year)
		return func() (int, error) { return n, err }
	}
	var n int
	var err error
	answered := false
	queued := t.pipeLater(ctx, nextItemNumber, []any{regionID, year}, func(row interface{ Scan(...any) error }) error {
		answered = true
		if e := row.Scan(&n); e != nil {
			err = fmt.Errorf("next item number: %w", e)
		}
		return err
	})
	return func() (int, error) {
		if queued != nil {
			return 0, queued
		}
		if !answered {
			if e := p.flush(); e != nil && err == nil {
				err = e
			}
		}
		if !answered && err == nil {
			err = errors.New("next item number: not answered")
		}
		return n, err
	}
}

func (t *tx) CreateItem(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived) error {
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	args := []any{it.RegionID, it.Code, it.ParentID, it.Title, string(it.Source), string(it.Priority), it.LeadUnitID,
		it.LeaderID, string(it.State), ms(it.Deadline), d.Percent, msPtr(d.YellowAt), msPtr(d.RedAt), it.OnTime,
		it.Version, ms(it.CreatedAt), ms(it.UpdatedAt), string(doc), msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil)}
	// The doc must carry the id it got. One statement draws the id first and writes it into
	// the doc's leading "id":0 (on PostgreSQL it records the co-units too, queued in a write
	// group with an id drawn ahead); a doc that does not begin so is written again once the
	// id is known.
	switch {
	case !strings.HasPrefix(string(doc), docNoID):
		if it.ID, err = t.insertID(ctx, `INSERT INTO items (`+itemInsertCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`, args...); err == nil {
			err = t.writeDoc(ctx, it)
		}
	case t.dialect == DialectPostgres:
		return t.pgCreateItem(ctx, it, append(args, coUnits(it)))
	default:
		it.ID, err = insertedID(t.exec(ctx, sqliteCreateItem, args...))
	}
	if err != nil {
		return fmt.Errorf("create item: %w", err)
	}
	return t.insertCoUnits(ctx, it, d) // a new id has none to replace
}

// sqliteCreateItem is CreateItem on SQLite: the id is the one AUTOINCREMENT would give
// (one past the larger of the highest id there is and the highest ever given), drawn
// first and written into the doc ($18, beginning with docNoID) — one statement instead
// of an INSERT and an UPDATE of the doc.
var sqliteCreateItem = `WITH n AS (SELECT MAX(COALESCE((SELECT MAX(id) FROM items), 0),
		COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0)) + 1 AS id)
	INSERT INTO items (id, ` + itemInsertCols + `)
	SELECT n.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
		'{"id":' || n.id || substr($18, ` + strconv.Itoa(len(docNoID)) + `), $19, $20 FROM n`

// itemInsertCols are the columns CreateItem writes, in the order of its arguments.
const itemInsertCols = `region_id, code, parent_id, title, source, priority, lead_unit_id,
		leader_id, state, deadline, percent, yellow_at, red_at, on_time, version, created_at, updated_at, doc,
		behind_at, ahead_until`

// docNoID is how the JSON of an item without its id begins (luoshi.Item's first field).
const docNoID = `{"id":0,`

// pgCreateItem is CreateItem on PostgreSQL: the id is the one given ($22: in a write group,
// drawn ahead) or drawn from the identity's sequence first, the doc ($18, beginning with
// docNoID) is written with it — its text from the comma on, after "id": and the id — and the
// co-units ($21) are recorded with the columns they carry.
var pgCreateItem = `WITH n AS (SELECT COALESCE($22, nextval(pg_get_serial_sequence('items', 'id'))) AS id),
	ins AS (INSERT INTO items (id, ` + itemInsertCols + `)
		VALUES ((SELECT id FROM n), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
		'{"id":' || (SELECT id FROM n) || substr($18, ` + strconv.Itoa(len(docNoID)) + `), $19, $20) RETURNING id),
	co AS (` + pgCoUnitsInsert + ` SELECT ins.id, u, $9, $10, $12, $13, $19, $20
		FROM ins, (SELECT DISTINCT unnest($21::bigint[]) AS u) us` + pgCoUnitsConflict + `)
	SELECT id FROM ins`

// pgCreateItem runs pgCreateItem: in a write group queued, with an id drawn ahead.
func (t *tx) pgCreateItem(ctx context.Context, it *luoshi.Item, args []any) error {
	return t.pipeInsert(ctx, "items", pgCreateItem, args, &it.ID, func(err error) error {
		return fmt.Errorf("create item: %w", err)
	})
}

// coUnits is the item's co-units as an array argument: never nil, which PostgreSQL would
// take for NULL.
func coUnits(it *luoshi.Item) []int64 {
	return append(make([]int64, 0, len(it.CoUnitIDs)), it.CoUnitIDs...)
}

func (t *tx) writeDoc(ctx context.Context, it *luoshi.Item) error {
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE items SET doc = $1 WHERE id = $2`, string(doc), it.ID)
	return err
}

// putCoUnits writes the item's co-units with the columns their lists filter on (coCovered).
func (t *tx) putCoUnits(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM item_co_units WHERE item_id = $1`, it.ID); err != nil {
		return err
	}
	return t.insertCoUnits(ctx, it, d)
}

func (t *tx) insertCoUnits(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived) error {
	for _, u := range it.CoUnitIDs {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO item_co_units (item_id, unit_id, state, deadline, yellow_at, red_at,
			behind_at, ahead_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, it.ID, u, string(it.State), ms(it.Deadline),
			msPtr(d.YellowAt), msPtr(d.RedAt), msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil)); err != nil {
			return fmt.Errorf("item co-unit: %w", err)
		}
	}
	return nil
}

// UpdateItem writes an item's new version. It reads the row's stored columns first and
// sets, beside the document, the version and the percent, only the indexed columns whose
// value changed, and rewrites the co-units only when they changed: on SQLite an UPDATE
// rewrites the entries of every index over a column it sets, changed or not — nine indexes
// over items, half of a report's writing — and each page it touches is a frame of the log.
func (t *tx) UpdateItem(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived, prevVersion int) error {
	stale := &luoshi.Error{Code: luoshi.ECONFLICT, Key: "item.stale", Message: "item.stale"}
	if t.dialect == DialectPostgres {
		return t.pgUpdateItem(ctx, it, d, prevVersion, stale)
	}
	cur := t.tx.takeFamily(it.ID)
	var err error
	if cur == nil {
		if cur, err = t.storedItem(ctx, it.ID); err != nil {
			return fmt.Errorf("update item %d: %w", it.ID, err)
		}
	}
	if cur == nil || cur.version != prevVersion {
		return stale
	}
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	text := string(doc)
	args := []any{d.Percent, it.Version, ms(it.UpdatedAt), text, it.ID, prevVersion}
	var q strings.Builder
	q.WriteString(`UPDATE items SET percent = $1, version = $2, updated_at = $3, doc = $4`)
	next := indexedValues(it, d)
	for k, c := range indexedCols {
		if next[k] != cur.indexed[k] {
			args = append(args, next[k])
			fmt.Fprintf(&q, ", %s = $%d", c, len(args))
		}
	}
	q.WriteString(` WHERE id = $5 AND version = $6`)
	res, err := t.tx.ExecContext(ctx, q.String(), args...)
	if err != nil {
		return fmt.Errorf("update item %d: %w", it.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return stale
	}
	docs.warm(text)
	if !sameUnits(cur.coUnits, it.CoUnitIDs) {
		return t.putCoUnits(ctx, it, d)
	}
	// The same co-units: their rows take the changed columns they carry (coCovered).
	var co strings.Builder
	coArgs := []any{it.ID}
	for k, c := range indexedCols {
		if coCovered[c] && next[k] != cur.indexed[k] {
			coArgs = append(coArgs, next[k])
			fmt.Fprintf(&co, ", %s = $%d", c, len(coArgs))
		}
	}
	if len(it.CoUnitIDs) == 0 || co.Len() == 0 {
		return nil
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE item_co_units SET `+co.String()[2:]+` WHERE item_id = $1`, coArgs...); err != nil {
		return fmt.Errorf("update item %d co-units: %w", it.ID, err)
	}
	return nil
}

// indexedCols are the columns of items that an index holds and an item's change may change
// (region, parent and source never change).
var indexedCols = [...]string{"lead_unit_id", "leader_id", "state", "deadline", "on_time", "yellow_at", "red_at",
	"behind_at", "ahead_until"}

// indexedValues are an item's values of indexedCols, as stored: NULL is nil, numbers int64.
func indexedValues(it *luoshi.Item, d luoshi.ItemDerived) [len(indexedCols)]any {
	v := [len(indexedCols)]any{it.LeadUnitID, nil, string(it.State), ms(it.Deadline), nil, msPtr(d.YellowAt), msPtr(d.RedAt),
		msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil)}
	if it.LeaderID != nil {
		v[1] = *it.LeaderID
	}
	if it.OnTime != nil {
		v[4] = *it.OnTime
	}
	return v
}

// stored is what UpdateItem compares a new version with.
type stored struct {
	version int
	indexed [len(indexedCols)]any
	coUnits []int64
}

// storedItem reads an item's version, indexed columns and co-units in one statement (one
// row per co-unit); nil when there is no such item.
func (t *tx) storedItem(ctx context.Context, id int64) (*stored, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT i.version, i.lead_unit_id, i.leader_id, i.state, i.deadline, i.on_time,
		i.yellow_at, i.red_at, i.behind_at, i.ahead_until, c.unit_id
		FROM items i LEFT JOIN item_co_units c ON c.item_id = i.id WHERE i.id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cur *stored
	for rows.Next() {
		var s stored
		var leader, yellow, red, behind, ahead, unit sql.NullInt64
		var onTime sql.NullBool
		var lead, deadline int64
		var state string
		if err := rows.Scan(&s.version, &lead, &leader, &state, &deadline, &onTime, &yellow, &red, &behind, &ahead, &unit); err != nil {
			return nil, err
		}
		if cur == nil {
			s.indexed = storedIndexed(lead, leader, state, deadline, onTime, yellow, red, behind, ahead)
			cur = &s
		}
		if unit.Valid {
			cur.coUnits = append(cur.coUnits, unit.Int64)
		}
	}
	return cur, rows.Err()
}

// storedIndexed are an item's stored values of indexedCols, in their order, as indexedValues
// gives a new version's.
func storedIndexed(lead int64, leader sql.NullInt64, state string, deadline int64, onTime sql.NullBool,
	yellow, red, behind, ahead sql.NullInt64) [len(indexedCols)]any {
	v := [len(indexedCols)]any{lead, nullable(leader), state, deadline, nil, nullable(yellow), nullable(red),
		nullable(behind), nullable(ahead)}
	if onTime.Valid {
		v[4] = onTime.Bool
	}
	return v
}

func nullable(v sql.NullInt64) any {
	if !v.Valid {
		return nil
	}
	return v.Int64
}

// sameUnits reports whether two lists hold the same units, in any order.
func sameUnits(a, b []int64) bool {
	contains := func(xs, ys []int64) bool {
		for _, y := range ys {
			if !slices.Contains(xs, y) {
				return false
			}
		}
		return true
	}
	return len(a) == len(b) && contains(a, b) && contains(b, a)
}

// pgUpdateItem is UpdateItem on PostgreSQL, one statement and no read first (a round trip
// costs more there than an index entry rewritten): the whole row if it is still at the
// version read, and then the co-units made $16 with the columns they carry (coCovered) — the
// rows of units no longer named deleted, new ones inserted, and those kept updated where a
// copied column changed. It answers how many item rows were written (0 or 1).
const pgUpdateItem = `WITH up AS (UPDATE items SET lead_unit_id = $1, leader_id = $2, state = $3, deadline = $4,
		percent = $5, yellow_at = $6, red_at = $7, on_time = $8, version = $9, updated_at = $10, doc = $11,
		behind_at = $14, ahead_until = $15
		WHERE id = $12 AND version = $13 RETURNING id),
	gone AS (DELETE FROM item_co_units WHERE item_id IN (SELECT id FROM up) AND unit_id <> ALL($16::bigint[])),
	co AS (` + pgCoUnitsInsert + ` SELECT up.id, u, $3, $4, $6, $7, $14, $15
		FROM up, (SELECT DISTINCT unnest($16::bigint[]) AS u) us` + pgCoUnitsConflict + `)
	SELECT COUNT(*) FROM up`

// pgCoUnitsInsert and pgCoUnitsConflict write an item's co-unit rows on PostgreSQL with the
// columns they carry, updating those of a row already there (ON CONFLICT DO NOTHING would
// leave its copies stale) when one differs.
const (
	pgCoUnitsInsert   = `INSERT INTO item_co_units (item_id, unit_id, state, deadline, yellow_at, red_at, behind_at, ahead_until)`
	pgCoUnitsConflict = `
		ON CONFLICT (item_id, unit_id) DO UPDATE SET state = EXCLUDED.state, deadline = EXCLUDED.deadline,
			yellow_at = EXCLUDED.yellow_at, red_at = EXCLUDED.red_at, behind_at = EXCLUDED.behind_at,
			ahead_until = EXCLUDED.ahead_until
		WHERE (item_co_units.state, item_co_units.deadline, item_co_units.yellow_at, item_co_units.red_at,
			item_co_units.behind_at, item_co_units.ahead_until) IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.deadline,
			EXCLUDED.yellow_at, EXCLUDED.red_at, EXCLUDED.behind_at, EXCLUDED.ahead_until)`
)

// pgUpdateItemArgs are pgUpdateItem's arguments.
func pgUpdateItemArgs(it *luoshi.Item, d luoshi.ItemDerived, prevVersion int) ([]any, error) {
	raw, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	doc := string(raw)
	docs.warm(doc) // refused later, it is only unused (docCache.warm)
	return []any{it.LeadUnitID, it.LeaderID, string(it.State), ms(it.Deadline), d.Percent,
		msPtr(d.YellowAt), msPtr(d.RedAt), it.OnTime, it.Version, ms(it.UpdatedAt), doc, it.ID, prevVersion,
		msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil), coUnits(it)}, nil
}

// pgUpdateItemOrRefuse is pgUpdateItem failing (a division by zero) when the version is stale,
// so that a pipeline's batch stops there.
var pgUpdateItemOrRefuse = strings.TrimSuffix(pgUpdateItem, `SELECT COUNT(*) FROM up`) + `SELECT 1 / COUNT(*) FROM up`

// UpdateItemOrRefuse is UpdateItem whose stale version may be answered later: in a PostgreSQL
// write group it is queued (pgpipe.go), and the refusal is the write's answer when it is sent.
// For a caller that returns the refusal as it is, and does nothing after the change that a
// refusal would make wrong.
func (t *tx) UpdateItemOrRefuse(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived, prevVersion int) error {
	if t.tx.pipe == nil {
		return t.UpdateItem(ctx, it, d, prevVersion)
	}
	args, err := pgUpdateItemArgs(it, d, prevVersion)
	if err != nil {
		return err
	}
	return t.pipeLater(ctx, pgUpdateItemOrRefuse, args, func(row interface{ Scan(...any) error }) error {
		var n int64
		if err := row.Scan(&n); err != nil {
			if refusedByZero(err) {
				return &luoshi.Error{Code: luoshi.ECONFLICT, Key: "item.stale", Message: "item.stale"}
			}
			return fmt.Errorf("update item %d: %w", it.ID, err)
		}
		return nil
	})
}

func (t *tx) pgUpdateItem(ctx context.Context, it *luoshi.Item, d luoshi.ItemDerived, prevVersion int, stale error) error {
	args, err := pgUpdateItemArgs(it, d, prevVersion)
	if err != nil {
		return err
	}
	// Sent now, with what waits (pgpipe.go): a stale version is answered here, to a caller
	// that may go on to commit without this change.
	var n int64
	if err := t.pipeQueryRow(ctx, pgUpdateItem, args...).Scan(&n); err != nil {
		return fmt.Errorf("update item %d: %w", it.ID, err)
	}
	if n != 1 {
		return stale
	}
	return nil
}

func (t *tx) UpdateItemDerived(ctx context.Context, id int64, d luoshi.ItemDerived) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE items SET percent = $1, yellow_at = $2, red_at = $3,
		behind_at = $5, ahead_until = $6 WHERE id = $4`,
		d.Percent, msPtr(d.YellowAt), msPtr(d.RedAt), id, msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil))
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE item_co_units SET yellow_at = $1, red_at = $2, behind_at = $3, ahead_until = $4
		WHERE item_id = $5`, msPtr(d.YellowAt), msPtr(d.RedAt), msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil), id)
	return err
}

func scanDoc(s interface{ Scan(...any) error }) (*luoshi.Item, error) {
	var doc string
	if err := s.Scan(&doc); err != nil {
		return nil, err
	}
	return docs.item(doc)
}

func (t *tx) FindItemByID(ctx context.Context, id int64) (*luoshi.Item, error) {
	it, err := scanDoc(t.tx.QueryRowContext(ctx, `SELECT doc FROM items WHERE id = $1`, id))
	return it, notFound("item.not_found", err)
}

// padToPow2 pads an IN list of ids to a power of two with its last id, so that the
// statements built with it come in a handful of texts, which the statement cache keeps
// prepared (it stops preparing new texts at maxStmts).
func padToPow2[T any](ids []T) []T {
	if len(ids) == 0 {
		return ids
	}
	if n := 1 << bits.Len(uint(len(ids)-1)); n > len(ids) {
		return append(slices.Clip(ids), slices.Repeat(ids[len(ids)-1:], n-len(ids))...)
	}
	return ids
}

func (t *tx) FindChildren(ctx context.Context, parentIDs ...int64) ([]*luoshi.Item, error) {
	if len(parentIDs) == 0 {
		return nil, nil
	}
	// A list's page asks with its items' ids (padToPow2: a handful of texts, not one per page length).
	ids := padToPow2(parentIDs)
	w := &where{}
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM items WHERE `+w.in("parent_id", ids)+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanDoc)
}

// FindItemFamily reads the item and its children in one statement (one round trip on
// PostgreSQL): the item's row first, then the children by id.
func (t *tx) FindItemFamily(ctx context.Context, id int64) (*luoshi.Item, []*luoshi.Item, error) {
	if t.tx.org != nil { // the SQLite writer: the only transaction that keeps org
		return t.writerItemFamily(ctx, id)
	}
	rows, err := t.pipeQuery(ctx, `SELECT 0 AS k, id, doc FROM items WHERE id = $1
		UNION ALL SELECT 1, id, doc FROM items WHERE parent_id = $1 ORDER BY 1, 2`, id)
	if err != nil {
		return nil, nil, err
	}
	all, err := collect(rows, func(s interface{ Scan(...any) error }) (*luoshi.Item, error) {
		var k, id int64
		var doc string
		if err := s.Scan(&k, &id, &doc); err != nil {
			return nil, err
		}
		return docs.item(doc)
	})
	switch {
	case err != nil:
		return nil, nil, err
	case len(all) == 0 || all[0].ID != id:
		return nil, nil, luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
	}
	return all[0], all[1:], nil
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
	return col + " IN (" + placeholders(w, ids) + ")"
}

// placeholders adds vals to w's arguments and returns their placeholders, "$3, $4, $5".
func placeholders[T any](w *where, vals []T) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		w.args = append(w.args, v)
		ph[i] = "$" + strconv.Itoa(len(w.args))
	}
	return strings.Join(ph, ", ")
}

func stateList(states []luoshi.State) string {
	q := make([]string, len(states))
	for i, s := range states {
		q[i] = "'" + string(s) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}

var openList = stateList(luoshi.OpenStates)

// lightCond is the SQL form of luoshi.LightAt over the stored light times of items i.
func lightCond(w *where, l luoshi.Light, now int64) {
	switch l {
	case luoshi.LightBlue:
		w.add(`i.state = 'completed'`)
	case luoshi.LightGrey:
		w.add(`i.state IN ('suspended', 'cancelled')`)
	case luoshi.LightRed:
		w.add(`i.state IN `+openList+` AND i.red_at <= ?`, now)
	case luoshi.LightYellow:
		w.add(`i.state IN `+openList+` AND i.yellow_at <= ? AND (i.red_at IS NULL OR i.red_at > ?)`, now, now)
	case luoshi.LightGreen:
		w.add(`i.state IN `+openList+` AND (i.yellow_at IS NULL OR i.yellow_at > ?)`, now)
	}
}

// overdueCond: open, past the deadline, and not a completion requested in time.
const overdueCond = `(i.state IN ('draft', 'assigned', 'declined', 'in_progress') AND i.deadline < ?` +
	` OR (i.state = 'completion_requested' AND i.red_at IS NOT NULL))`

// A source of a list's item ids: the items a unit leads, those it is a co-unit of, those a
// leader is responsible for. A list of "a unit's items" is the union of such sources.
type source struct {
	col string // items.lead_unit_id, items.leader_id, or item_co_units.unit_id (co)
	co  bool
	ids []int64
}

func membership(w *where, srcs []source) string {
	parts := make([]string, len(srcs))
	for k, s := range srcs {
		if s.co {
			parts[k] = `SELECT item_id FROM item_co_units WHERE ` + w.in("unit_id", s.ids)
		} else {
			parts[k] = `SELECT id FROM items WHERE ` + w.in(s.col, s.ids)
		}
	}
	return `i.id IN (` + strings.Join(parts, " UNION ALL ") + `)`
}

func (t *tx) FindItems(ctx context.Context, f luoshi.ItemFilter) ([]*luoshi.Item, string, error) {
	w := &where{}
	w.add(`i.region_id = ?`, f.RegionID)
	now := ms(f.Now)
	if f.State != nil {
		w.add(`i.state = ?`, string(*f.State))
	}
	if f.Light != nil {
		lightCond(w, *f.Light, now)
	}
	if f.Priority != nil {
		w.add(`i.priority = ?`, string(*f.Priority))
	}
	if f.Source != nil {
		w.add(`i.source = ?`, string(*f.Source))
	}
	if f.UnitID != nil && f.LeadOnly {
		w.add(`i.lead_unit_id = ?`, *f.UnitID)
	}
	if f.LeaderID != nil {
		w.add(`i.leader_id = ?`, *f.LeaderID)
	}
	if f.ParentID != nil {
		w.add(`i.parent_id = ?`, *f.ParentID)
	}
	if f.Overdue != nil {
		if *f.Overdue {
			w.add(overdueCond, now)
		} else {
			w.add(`NOT `+overdueCond, now)
		}
	}
	if f.Schedule != nil {
		scheduleCond(w, *f.Schedule, now)
	}
	if f.LeadUnits != nil {
		w.conds = append(w.conds, w.in("i.lead_unit_id", f.LeadUnits))
	}
	if f.DueFrom != nil && f.DueBefore != nil {
		w.add(dueCond, ms(*f.DueFrom), ms(*f.DueBefore), now)
	}
	if f.OnTime != nil {
		if *f.OnTime {
			w.add(`i.on_time = TRUE`)
		} else {
			w.add(`(i.on_time IS NULL OR i.on_time = FALSE)`)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(i.title LIKE ? ESCAPE '\' OR i.code LIKE ? ESCAPE '\')`, likePattern(q), likePattern(q))
	}
	// A unit's items (lead or co-unit) and what a liaison may see are unions of sources. The
	// first such union drives the query; a second one is a filter.
	var drive []source
	if f.UnitID != nil && !f.LeadOnly {
		drive = []source{{col: "lead_unit_id", ids: []int64{*f.UnitID}}, {co: true, ids: []int64{*f.UnitID}}}
	}
	if f.VisibleUnits != nil {
		visible := []source{{col: "lead_unit_id", ids: f.VisibleUnits}, {co: true, ids: f.VisibleUnits},
			{col: "leader_id", ids: []int64{f.VisibleLeader}}}
		if drive == nil {
			drive = visible
		} else {
			w.conds = append(w.conds, membership(w, visible))
		}
	}
	after := int64(0)
	if f.Cursor != "" {
		var err error
		if after, err = decodeCursor(f.Cursor); err != nil {
			return nil, "", err
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	var q string
	if drive == nil {
		if after > 0 {
			w.add(`i.id < ?`, after)
		}
		q = `SELECT i.doc FROM items i WHERE ` + strings.Join(w.conds, " AND ") +
			fmt.Sprintf(` ORDER BY i.id DESC LIMIT %d`, limit+1)
	} else {
		coHint := ""
		if t.dialect == DialectSQLite {
			// Without statistics SQLite walks item_co_units_unit for its order and reads each
			// row; the covering index answers the filters without a row.
			coHint = ` INDEXED BY item_co_units_cover`
		}
		q = driven(w, drive, after, limit+1, coHint)
	}
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

// driven builds a page of a union of sources: each source yields its newest n matching ids
// (an index walk that stops at n), the union's newest n are fetched. A unit of a
// province-size database leads and co-leads hundreds of items; this fetches n of them, not all.
// Units and leaders belong to one region and items name only their region's, so the sources
// leave the region to the outer query: without other filters they read indexes alone.
func driven(w *where, srcs []source, after int64, n int, coHint string) string {
	filters := w.conds[1:] // beyond the region
	region := w.conds[0]
	parts := make([]string, len(srcs))
	for k, s := range srcs {
		var b string
		if s.co {
			b = `SELECT c.item_id AS id FROM item_co_units c`
			conds := []string{w.in("c.unit_id", s.ids)}
			if covered, ok := onCoUnits(filters); ok {
				if len(covered) > 0 {
					b += coHint
				}
				conds = append(conds, covered...)
			} else {
				b += ` JOIN items i ON i.id = c.item_id`
				conds = append(conds, filters...)
			}
			if after > 0 {
				w.args = append(w.args, after)
				conds = append(conds, `c.item_id < $`+strconv.Itoa(len(w.args)))
			}
			b += ` WHERE ` + strings.Join(conds, " AND ") + fmt.Sprintf(` ORDER BY c.item_id DESC LIMIT %d`, n)
		} else {
			conds := append([]string{w.in("i."+s.col, s.ids)}, filters...)
			if after > 0 {
				w.args = append(w.args, after)
				conds = append(conds, `i.id < $`+strconv.Itoa(len(w.args)))
			}
			b = `SELECT i.id FROM items i WHERE ` + strings.Join(conds, " AND ") +
				fmt.Sprintf(` ORDER BY i.id DESC LIMIT %d`, n)
		}
		parts[k] = fmt.Sprintf(`SELECT id FROM (%s) b%d`, b, k)
	}
	return fmt.Sprintf(`SELECT i.doc FROM items i WHERE %s AND i.id IN (SELECT id FROM (%s) u ORDER BY id DESC LIMIT %d) ORDER BY i.id DESC`,
		region, strings.Join(parts, " UNION "), n)
}

// coCovered are the item columns a co-unit's row carries (schema 19).
var coCovered = map[string]bool{"state": true, "deadline": true, "yellow_at": true, "red_at": true,
	"behind_at": true, "ahead_until": true}

var itemColumn = regexp.MustCompile(`\bi\.([a-z_]+)\b`)

// onCoUnits rewrites list filters on items i to the co-unit rows c when they name only the
// columns those rows carry, so that the co-unit source tests them in item_co_units_cover.
func onCoUnits(filters []string) ([]string, bool) {
	out := make([]string, len(filters))
	for k, f := range filters {
		for _, m := range itemColumn.FindAllStringSubmatch(f, -1) {
			if !coCovered[m[1]] {
				return nil, false
			}
		}
		out[k] = itemColumn.ReplaceAllString(f, "c.$1")
	}
	return out, true
}

func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("i" + strconv.FormatInt(id, 10)))
}

// decodeCursor reads a cursor encodeCursor made, and only such: a positive id, written as
// encodeCursor writes it (FuzzDecodeCursor found "i-5", "i+5", "i05" and base64 with stray
// trailing bits read as ids; a cursor is the server's, and one altered is refused).
func decodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && len(b) > 1 && b[0] == 'i' {
		if id, err := strconv.ParseInt(string(b[1:]), 10, 64); err == nil && id > 0 && encodeCursor(id) == c {
			return id, nil
		}
	}
	return 0, luoshi.Invalid("cursor", "list.cursor.invalid")
}

func (t *tx) AppendEvent(ctx context.Context, e *luoshi.Event, regionID int64) error {
	payload, err := json.Marshal(e.Data)
	if err != nil {
		return err
	}
	if t.dialect == DialectPostgres {
		return t.pgAppendEvent(ctx, e, regionID, string(payload))
	}
	id, err := t.insertID(ctx, `INSERT INTO events (item_id, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.ItemID, regionID, e.Seq, string(e.Kind), e.ActorID, ms(e.At), string(payload))
	if err != nil {
		return eventErr(err)
	}
	e.ID = id
	return nil
}

const eventCols = `SELECT e.id, e.item_id, e.seq, e.kind, e.actor_id, COALESCE(u.name, ''), e.at, e.payload
		FROM events e LEFT JOIN users u ON u.id = e.actor_id`

// eventErr is the answer to an event that could not be stored: its seq taken means the item
// moved on since it was read.
func eventErr(err error) error {
	if strings.Contains(strings.ToLower(err.Error()), "unique") {
		return &luoshi.Error{Code: luoshi.ECONFLICT, Key: "item.stale", Message: "item.stale"}
	}
	return fmt.Errorf("append event: %w", err)
}

func (t *tx) FindEvents(ctx context.Context, itemID int64) ([]luoshi.Event, error) {
	rows, err := t.tx.QueryContext(ctx, eventCols+` WHERE e.item_id = $1 ORDER BY e.seq`, itemID)
	if err != nil {
		return nil, err
	}
	return collectEvents(rows)
}

func (t *tx) FindEventsPage(ctx context.Context, itemID int64, cursor string, limit int) ([]luoshi.Event, string, error) {
	before, err := eventsBefore(cursor, limit)
	if err != nil {
		return nil, "", err
	}
	// The (item_id, seq) key read backwards from the cursor: limit+1 rows at most.
	rows, err := t.tx.QueryContext(ctx, eventCols+` WHERE e.item_id = $1 AND e.seq < $2 ORDER BY e.seq DESC LIMIT $3`,
		itemID, before, limit+1)
	if err != nil {
		return nil, "", err
	}
	evs, err := collectEvents(rows)
	if err != nil {
		return nil, "", err
	}
	evs, next := eventsPage(evs, limit)
	return evs, next, nil
}

// eventsBefore is the seq a page of the timeline starts before: one past the newest
// (seq is an INTEGER, 32 bits on PostgreSQL) when the cursor is empty.
func eventsBefore(cursor string, limit int) (int64, error) {
	if limit < 1 {
		return 0, fmt.Errorf("find events page: limit %d", limit)
	}
	if cursor == "" {
		return math.MaxInt32, nil
	}
	seq, err := decodeCursor(cursor)
	if err != nil {
		return 0, err
	}
	if seq > math.MaxInt32 {
		return 0, luoshi.Invalid("cursor", "list.cursor.invalid")
	}
	return seq, nil
}

// eventsPage makes a page of the limit+1 newest events read (newest first): the limit
// newest, oldest first, and the cursor of the page before it.
func eventsPage(evs []luoshi.Event, limit int) ([]luoshi.Event, string) {
	next := ""
	if len(evs) > limit {
		evs = evs[:limit]
		next = encodeCursor(int64(evs[limit-1].Seq))
	}
	slices.Reverse(evs)
	return evs, next
}

// itemEventsPage is FindEventsPage's statement after the item's own row (k 0; its events are
// k 1): one statement, one snapshot, one round trip on PostgreSQL.
const itemEventsPage = `SELECT 0 AS k, doc, 0 AS id, 0 AS item_id, 0 AS seq, '' AS kind, 0 AS actor_id, '' AS actor,
		0 AS at, '' AS payload FROM items WHERE id = $1
	UNION ALL SELECT * FROM (SELECT 1, NULL, e.id, e.item_id, e.seq, e.kind, e.actor_id, COALESCE(u.name, ''), e.at, e.payload
		FROM events e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.item_id = $1 AND e.seq < $2 ORDER BY e.seq DESC LIMIT $3) p
	ORDER BY 1, 5 DESC`

func (t *tx) FindItemEventsPage(ctx context.Context, itemID int64, cursor string, limit int) (*luoshi.Item, []luoshi.Event, string, error) {
	before, err := eventsBefore(cursor, limit)
	if err != nil {
		return nil, nil, "", err
	}
	rows, err := t.tx.QueryContext(ctx, itemEventsPage, itemID, before, limit+1)
	if err != nil {
		return nil, nil, "", err
	}
	var it *luoshi.Item
	evs, err := collect(rows, func(s interface{ Scan(...any) error }) (luoshi.Event, error) {
		var e luoshi.Event
		var k, at int64
		var doc sql.NullString
		var kind, payload string
		if err := s.Scan(&k, &doc, &e.ID, &e.ItemID, &e.Seq, &kind, &e.ActorID, &e.ActorName, &at, &payload); err != nil {
			return e, err
		}
		if k == 0 {
			var err error
			it, err = docs.item(doc.String)
			return e, err
		}
		e.Kind, e.At = luoshi.EventKind(kind), fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
	switch {
	case err != nil:
		return nil, nil, "", err
	case it == nil:
		return nil, nil, "", luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
	}
	evs, next := eventsPage(evs[1:], limit)
	return it, evs, next, nil
}

func collectEvents(rows *sql.Rows) ([]luoshi.Event, error) {
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
// items_cockpit index only (a covering index, grouped in its own order: no sort), never the
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

// StatRows reads what the unit statistics need of the region's items that are not
// cancelled, or, given ids, of those of the region's items whatever their state (so that a
// reader holding rows sees an item's cancellation). luoshi.CountStats counts them as
// UnitStats does.
func (t *tx) StatRows(ctx context.Context, regionID int64, ids []int64) ([]luoshi.StatRow, error) {
	w := &where{}
	if ids == nil {
		w.add(`region_id = ?`, regionID)
		w.add(`state <> 'cancelled'`)
	} else {
		// Each id by the primary key: with region_id first SQLite scans the region's entries of
		// a covering index for them (6 ms at the county, per count).
		w.conds = append(w.conds, w.in("id", padToPow2(ids)))
		w.add(`+region_id = ?`, regionID)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT id, lead_unit_id, state, yellow_at, red_at, deadline, on_time FROM items WHERE `+
		strings.Join(w.conds, " AND "), w.args...)
	if err != nil {
		return nil, fmt.Errorf("stat rows: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (luoshi.StatRow, error) {
		var r luoshi.StatRow
		var state string
		var yellow, red, deadline sql.NullInt64
		var onTime sql.NullBool
		if err := s.Scan(&r.ID, &r.UnitID, &state, &yellow, &red, &deadline, &onTime); err != nil {
			return r, err
		}
		r.State, r.OnTime = luoshi.State(state), onTime.Valid && onTime.Bool
		r.YellowAt, r.RedAt, r.Deadline = moment(yellow), moment(red), moment(deadline)
		return r, nil
	})
}

func moment(v sql.NullInt64) int64 {
	if !v.Valid {
		return luoshi.NoMoment
	}
	return v.Int64
}

// familyRow is the item's row as FindItemFamily read it on the SQLite writer, for the
// UpdateItem that usually follows in the same member: the read UpdateItem would make
// (storedItem) comes with the family's, one statement fewer on the one writer. It is dropped
// at the first statement that may write items or their co-units (sqlTx.noteWrites), and used
// once.
type familyRow struct {
	id     int64
	stored stored
}

// takeFamily answers the stored item FindItemFamily read, if it was item id's and nothing may
// have written items since, and forgets it.
func (s *sqlTx) takeFamily(id int64) *stored {
	f := s.family
	s.family = nil
	if f == nil || f.id != id {
		return nil
	}
	return &f.stored
}

// writerItemFamily is FindItemFamily on the SQLite writer: the item's row also brings its
// version, indexed columns and co-units, kept for UpdateItem (familyRow).
func (t *tx) writerItemFamily(ctx context.Context, id int64) (*luoshi.Item, []*luoshi.Item, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT 0 AS k, i.id, i.doc, i.version, i.lead_unit_id, i.leader_id, i.state,
			i.deadline, i.on_time, i.yellow_at, i.red_at, i.behind_at, i.ahead_until,
			(SELECT group_concat(c.unit_id) FROM item_co_units c WHERE c.item_id = i.id)
		FROM items i WHERE i.id = $1
		UNION ALL SELECT 1, id, doc, 0, 0, NULL, '', 0, NULL, NULL, NULL, NULL, NULL, NULL
		FROM items WHERE parent_id = $1 ORDER BY 1, 2`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	t.tx.family = nil
	var all []*luoshi.Item
	var f *familyRow
	for rows.Next() {
		var k, rid, lead, deadline int64
		var doc, state string
		var s stored
		var leader, yellow, red, behind, ahead sql.NullInt64
		var onTime sql.NullBool
		var co sql.NullString
		if err := rows.Scan(&k, &rid, &doc, &s.version, &lead, &leader, &state, &deadline, &onTime,
			&yellow, &red, &behind, &ahead, &co); err != nil {
			return nil, nil, err
		}
		it, err := docs.item(doc)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, it)
		if k != 0 {
			continue
		}
		s.indexed = storedIndexed(lead, leader, state, deadline, onTime, yellow, red, behind, ahead)
		if co.Valid {
			for _, u := range strings.Split(co.String, ",") {
				n, err := strconv.ParseInt(u, 10, 64)
				if err != nil {
					return nil, nil, fmt.Errorf("find item family: co-unit %q: %w", u, err)
				}
				s.coUnits = append(s.coUnits, n)
			}
		}
		f = &familyRow{id: rid, stored: s}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(all) == 0 || all[0].ID != id {
		return nil, nil, luoshi.Errorf(luoshi.ENOTFOUND, "item.not_found")
	}
	t.tx.family = f
	return all[0], all[1:], nil
}
