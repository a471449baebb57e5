package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// The reminders, the outbox and the inbox (luoshi.NotifyTx).

// stmts are the prepared statements of one transaction, carried by a batch's context:
// parsing is most of what a small statement costs, and a batch repeats a few of them.
type stmts struct {
	tx *sqlTx
	m  map[string]*sql.Stmt
}

type stmtsKey struct{}

// BatchContext carries the transaction's statement cache on SQLite. PostgreSQL has none: pgx
// keeps every statement prepared on its connection already, and preparing one again in each
// transaction, then closing it, would cost two round trips a statement a batch.
func (t *tx) BatchContext(ctx context.Context) context.Context {
	if t.dialect == DialectPostgres {
		return ctx
	}
	return context.WithValue(ctx, stmtsKey{}, &stmts{tx: t.tx, m: map[string]*sql.Stmt{}})
}

// prepared returns the statement of q prepared in this transaction, if the context carries
// this transaction's cache; the transaction closes its statements when it ends.
func (t *tx) prepared(ctx context.Context, q string) *sql.Stmt {
	c, ok := ctx.Value(stmtsKey{}).(*stmts)
	if !ok || c.tx != t.tx {
		return nil
	}
	if st := c.m[q]; st != nil {
		// Each run passes the writer's check of what it may change, as a first one does in
		// PrepareContext (orgcache.go, item.go's familyRow).
		t.tx.noteWrites(q)
		return st
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil // the plain call below reports the error
	}
	c.m[q] = st
	return st
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryContext(t.tx.ctx(ctx), args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.prepared(ctx, q); st != nil {
		return st.QueryRowContext(t.tx.ctx(ctx), args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.prepared(ctx, q); st != nil {
		return st.ExecContext(t.tx.ctx(ctx), args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *tx) SyncReminders(ctx context.Context, itemID int64, want []luoshi.Reminder) error {
	return t.SyncItemsReminders(ctx, []int64{itemID}, want)
}

func (t *tx) AddReminders(ctx context.Context, want []luoshi.Reminder) error {
	if len(want) == 0 {
		return nil
	}
	if t.dialect == DialectPostgres {
		return t.pgAddReminders(ctx, want)
	}
	return t.putReminders(ctx, want)
}

// syncChunk is how many rows one statement of SyncItemsReminders deletes or inserts: well
// within both databases' limits on placeholders.
const syncChunk = 200

// SyncItemsReminders reads the items' pending reminders in one query and changes only what
// differs: for one item, a reminder no longer wanted is first moved to a wanted key that is new
// (moveReminders); what is left of the unwanted ones is deleted in one statement a chunk, and of
// the new ones inserted in multi-row INSERTs. On PostgreSQL all of it is one statement
// (pgset.go).
func (t *tx) SyncItemsReminders(ctx context.Context, itemIDs []int64, want []luoshi.Reminder) error {
	if len(itemIDs) == 0 {
		return nil
	}
	if t.dialect == DialectPostgres {
		return t.pgSyncReminders(ctx, itemIDs, want)
	}
	var rows *sql.Rows
	var err error
	if len(itemIDs) == 1 {
		rows, err = t.query(ctx, `SELECT id, key FROM reminders WHERE item_id = $1 AND fired_at IS NULL`, itemIDs[0])
	} else {
		w := &where{}
		rows, err = t.tx.QueryContext(ctx, `SELECT id, key FROM reminders WHERE fired_at IS NULL AND `+w.in("item_id", itemIDs), w.args...)
	}
	if err != nil {
		return fmt.Errorf("sync reminders: %w", err)
	}
	have := map[string]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			rows.Close()
			return fmt.Errorf("sync reminders: %w", err)
		}
		have[key] = id
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("sync reminders: %w", err)
	}
	wanted := make(map[string]bool, len(want))
	var fresh []luoshi.Reminder
	for _, r := range want {
		if wanted[r.Key] {
			continue
		}
		wanted[r.Key] = true
		if _, ok := have[r.Key]; !ok {
			fresh = append(fresh, r)
		}
	}
	var stale []int64
	for key, id := range have {
		if !wanted[key] {
			stale = append(stale, id)
		}
	}
	slices.Sort(stale)
	if len(itemIDs) == 1 {
		if fresh, stale, err = t.moveReminders(ctx, fresh, stale); err != nil {
			return fmt.Errorf("sync reminders: %w", err)
		}
	}
	for c := range slices.Chunk(stale, syncChunk) {
		w := &where{}
		// Padded (padToPow2), so that the statements come in a handful of texts, kept prepared.
		q := `DELETE FROM reminders WHERE fired_at IS NULL AND id IN (` + placeholders(w, padToPow2(c)) + `)`
		if _, err := t.exec(ctx, q, w.args...); err != nil {
			return fmt.Errorf("sync reminders: %w", err)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	return t.putReminders(ctx, fresh)
}

// moveReminders moves one item's pending reminders that are no longer wanted (stale, by id)
// to its wanted keys that are new (fresh), each with one UPDATE of its row instead of a DELETE
// and an INSERT, and returns what is left of both. A report moves the item's next report
// reminder, so every report changed one reminder, and deleting its row and inserting another
// (a new id, the AUTOINCREMENT's counter, every index of the table) was a fifth of the
// writer's time a report, with the INSERT … ON CONFLICT of every wanted reminder another part
// (docs/performance.md, "Reminders moved in place"). A wanted key taken by a fired reminder
// is not recorded, as INSERT … ON CONFLICT DO NOTHING would not: UPDATE OR IGNORE leaves the
// row as it was, for the next key or the DELETE.
func (t *tx) moveReminders(ctx context.Context, fresh []luoshi.Reminder, stale []int64) (rest []luoshi.Reminder, left []int64, _ error) {
	for i, r := range fresh {
		if len(stale) == 0 {
			return append(rest, fresh[i:]...), nil, nil
		}
		res, err := t.exec(ctx, `UPDATE OR IGNORE reminders SET key = $1, region_id = $2, kind = $3, due_at = $4
			WHERE id = $5`, r.Key, r.RegionID, string(r.Kind), ms(r.DueAt), stale[0])
		if err != nil {
			return nil, nil, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, nil, err
		}
		if n == 1 {
			stale = stale[1:]
		}
	}
	return rest, stale, nil
}

// putReminders records reminders whose keys are not taken, in multi-row INSERTs.
func (t *tx) putReminders(ctx context.Context, rs []luoshi.Reminder) error {
	if len(rs) == 1 {
		return t.PutReminder(ctx, &rs[0])
	}
	rows := make([][]any, len(rs))
	for i, r := range rs {
		rows[i] = []any{r.Key, r.RegionID, nullID(r.ItemID), string(r.Kind), ms(r.DueAt)}
	}
	if err := t.insertRows(ctx, `INSERT INTO reminders (key, region_id, item_id, kind, due_at) VALUES `,
		` ON CONFLICT (key) DO NOTHING`, rows); err != nil {
		return fmt.Errorf("put reminders: %w", err)
	}
	return nil
}

// insertRows inserts rows in multi-row INSERTs of up to syncChunk rows, each one statement:
// head is "INSERT INTO t (a, b) VALUES ", tail what follows the rows ("", ON CONFLICT …).
// One statement instead of one a row: each statement costs its own step through the
// driver (a round trip on PostgreSQL), more than a row of it does.
func (t *tx) insertRows(ctx context.Context, head, tail string, rows [][]any) error {
	for c := range slices.Chunk(rows, syncChunk) {
		var q strings.Builder
		q.WriteString(head)
		args := make([]any, 0, len(c)*len(c[0]))
		for i, r := range c {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					q.WriteString(", ")
				}
				args = append(args, v)
				q.WriteString("$" + strconv.Itoa(len(args)))
			}
			q.WriteByte(')')
		}
		q.WriteString(tail)
		if _, err := t.exec(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) PutReminder(ctx context.Context, r *luoshi.Reminder) error {
	var item any
	if r.ItemID != 0 {
		item = r.ItemID
	}
	_, err := t.exec(ctx, `INSERT INTO reminders (key, region_id, item_id, kind, due_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (key) DO NOTHING`, r.Key, r.RegionID, item, string(r.Kind), ms(r.DueAt))
	if err != nil {
		return fmt.Errorf("put reminder %s: %w", r.Key, err)
	}
	return nil
}

const reminderCols = `id, key, region_id, COALESCE(item_id, 0), kind, due_at, fired_at, outcome`

func scanReminder(s interface{ Scan(...any) error }) (*luoshi.Reminder, error) {
	var r luoshi.Reminder
	var kind string
	var due int64
	var fired sql.NullInt64
	if err := s.Scan(&r.ID, &r.Key, &r.RegionID, &r.ItemID, &kind, &due, &fired, &r.Outcome); err != nil {
		return nil, err
	}
	r.Kind, r.DueAt = luoshi.ReminderKind(kind), fromMS(due)
	if fired.Valid {
		f := fromMS(fired.Int64)
		r.FiredAt = &f
	}
	return &r, nil
}

func (t *tx) ClaimDueReminders(ctx context.Context, now time.Time, limit int) ([]luoshi.Reminder, error) {
	rows, err := t.tx.QueryContext(ctx, `UPDATE reminders SET fired_at = $1
		WHERE id IN (SELECT id FROM reminders WHERE fired_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2)
		AND fired_at IS NULL RETURNING `+reminderCols, ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim due reminders: %w", err)
	}
	rs, err := collect(rows, scanReminder)
	if err != nil {
		return nil, fmt.Errorf("claim due reminders: %w", err)
	}
	out := make([]luoshi.Reminder, len(rs))
	for i, r := range rs {
		out[i] = *r
	}
	slices.SortFunc(out, func(a, b luoshi.Reminder) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (t *tx) SetReminderOutcomes(ctx context.Context, outcomes map[int64]string) error {
	byOutcome := map[string][]int64{}
	for id, o := range outcomes {
		byOutcome[o] = append(byOutcome[o], id)
	}
	for o, ids := range byOutcome {
		w := &where{args: []any{o}}
		if _, err := t.tx.ExecContext(ctx, `UPDATE reminders SET outcome = $1 WHERE `+w.in("id", ids), w.args...); err != nil {
			return fmt.Errorf("reminder outcomes: %w", err)
		}
	}
	return nil
}

func (t *tx) FindReminders(ctx context.Context, itemID int64) ([]luoshi.Reminder, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+reminderCols+` FROM reminders WHERE item_id = $1 ORDER BY due_at, id`, itemID)
	if err != nil {
		return nil, err
	}
	rs, err := collect(rows, scanReminder)
	out := make([]luoshi.Reminder, len(rs))
	for i, r := range rs {
		out[i] = *r
	}
	return out, err
}

func (t *tx) LastUrgeAt(ctx context.Context, itemID int64) (*time.Time, error) {
	var at sql.NullInt64
	err := t.pipeQueryRow(ctx, `SELECT MAX(at) FROM events WHERE item_id = $1 AND kind = 'urged'`, itemID).Scan(&at)
	if err != nil || !at.Valid {
		return nil, err
	}
	u := fromMS(at.Int64)
	return &u, nil
}

func (t *tx) LastUrgesAt(ctx context.Context, itemIDs []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	for c := range slices.Chunk(itemIDs, syncChunk) {
		w := &where{}
		rows, err := t.tx.QueryContext(ctx, `SELECT item_id, MAX(at) FROM events WHERE kind = 'urged' AND `+w.in("item_id", c)+
			` GROUP BY item_id`, w.args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, at int64
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = fromMS(at)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *tx) RemindableItems(ctx context.Context, afterID int64, limit int) ([]*luoshi.Item, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM items WHERE id > $1 AND state IN ('assigned', 'in_progress')
		ORDER BY id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanDoc)
}

// prefsCols read a user's preferences from a LEFT JOIN of notify_prefs p, defaults where
// there is no row.
const prefsCols = `COALESCE(p.email, ''), COALESCE(p.by_email, TRUE), COALESCE(p.by_sms, TRUE),
	COALESCE(p.by_webhook, TRUE), COALESCE(p.digest, TRUE), p.quiet_start, p.quiet_end, COALESCE(p.updated_at, 0)`

func scanPrefs(userID int64, dest []any) (func() luoshi.NotifyPrefs, []any) {
	p := luoshi.NotifyPrefs{UserID: userID}
	var qs, qe sql.NullInt64
	var updated int64
	dest = append(dest, &p.Email, &p.ByEmail, &p.BySMS, &p.ByWebhook, &p.Digest, &qs, &qe, &updated)
	return func() luoshi.NotifyPrefs {
		if qs.Valid && qe.Valid {
			p.Quiet = &luoshi.QuietHours{Start: int(qs.Int64), End: int(qe.Int64)}
		}
		if updated != 0 {
			p.UpdatedAt = fromMS(updated)
		}
		return p
	}, dest
}

func (t *tx) FindRecipients(ctx context.Context, a luoshi.Audience) ([]luoshi.Recipient, error) {
	qs := recipientQueries(a)
	if t.tx.org == nil {
		return t.readRecipients(ctx, qs)
	}
	key := recipientsKey(qs)
	if rs, ok := t.tx.org.get(key); ok {
		return rs, nil
	}
	gen := t.tx.org.generation()
	rs, err := t.readRecipients(ctx, qs)
	if err == nil {
		t.tx.org.put(key, gen, rs)
	}
	return rs, err
}

// readRecipients reads FindRecipients' answer.
func (t *tx) readRecipients(ctx context.Context, qs []recipientQuery) ([]luoshi.Recipient, error) {
	parts := make([][]luoshi.Recipient, len(qs))
	for i, q := range qs {
		rows, err := t.pipeQuery(ctx, q.q, q.args...)
		if err == nil {
			parts[i], err = collectRecipients(rows)
		}
		if err != nil {
			return nil, fmt.Errorf("find recipients: %w", err)
		}
	}
	return mergeRecipients(parts), nil
}

// DrawRecipients queues FindRecipients' statements in a PostgreSQL write group, to go with
// the transaction's next round trip (a create's: its units' read); elsewhere the function
// reads them when called. Either way they are read in the write's transaction, under the
// write lock, as FindRecipients called at that point would read them.
func (t *tx) DrawRecipients(ctx context.Context, a luoshi.Audience) func() ([]luoshi.Recipient, error) {
	p := t.tx.pipe
	if p == nil {
		return func() ([]luoshi.Recipient, error) { return t.FindRecipients(ctx, a) }
	}
	qs := recipientQueries(a)
	parts := make([][]luoshi.Recipient, len(qs))
	answered := 0
	var err error
	for i, q := range qs {
		p.add(q.q, q.args, func(rows rowsScanner, e error) error {
			answered++
			if e == nil {
				parts[i], e = collectRecipients(rows)
			}
			if e != nil && err == nil {
				err = fmt.Errorf("find recipients: %w", e)
			}
			return err
		})
	}
	queued := p.failed()
	return func() ([]luoshi.Recipient, error) {
		if queued != nil {
			return nil, queued
		}
		if answered < len(qs) {
			if e := p.flush(); e != nil && err == nil {
				err = e
			}
		}
		if answered < len(qs) && err == nil {
			err = errors.New("find recipients: not answered")
		}
		if err != nil {
			return nil, err
		}
		return mergeRecipients(parts), nil
	}
}

// recipientQuery is one statement of FindRecipients.
type recipientQuery struct {
	q    string
	args []any
}

// recipientQueries are FindRecipients' statements: one short indexed query per part of the
// audience (a UNION costs more to prepare than to run), merged by user id.
func recipientQueries(a luoshi.Audience) []recipientQuery {
	var qs []recipientQuery
	if len(a.Units) > 0 {
		w := &where{args: []any{a.RegionID, a.Exclude}}
		// EXISTS, not a join: the planner then drives from the unit's users (users_unit), not
		// from every liaison and staff account of the province.
		qs = append(qs, recipientQuery{recipientsSelect + `WHERE ` + w.in("u.unit_id", a.Units) +
			` AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ('liaison', 'staff'))` + recipientsOf, w.args})
	}
	if a.Supervisors {
		qs = append(qs, recipientQuery{recipientsSelect + `JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'supervisor'` + recipientsOf,
			[]any{a.RegionID, a.Exclude}})
	}
	if a.LeaderID != 0 {
		qs = append(qs, recipientQuery{recipientsSelect + `WHERE u.leader_id = $3` + recipientsOf, []any{a.RegionID, a.Exclude, a.LeaderID}})
	}
	return qs
}

// recipientsSelect and recipientsOf frame a part of FindRecipients: the enabled accounts of
// region $1, other than $2, that the join and condition between them select, with their
// preferences.
const (
	recipientsSelect = `SELECT u.id, u.username, u.name, u.phone_sealed <> '', ` + prefsCols + `
		FROM users u LEFT JOIN notify_prefs p ON p.user_id = u.id `
	recipientsOf = `
		AND u.region_id = $1 AND u.id <> $2 AND NOT u.disabled`
)

func collectRecipients(rows rowsScanner) ([]luoshi.Recipient, error) {
	return collect(rows, func(s interface{ Scan(...any) error }) (luoshi.Recipient, error) {
		var r luoshi.Recipient
		done, dest := scanPrefs(0, []any{&r.UserID, &r.Username, &r.Name, &r.HasPhone})
		if err := s.Scan(dest...); err != nil {
			return r, err
		}
		r.Prefs = done()
		r.Prefs.UserID = r.UserID
		return r, nil
	})
}

// mergeRecipients merges the parts' accounts by user id.
func mergeRecipients(parts [][]luoshi.Recipient) []luoshi.Recipient {
	var out []luoshi.Recipient
	for _, rs := range parts {
		for _, r := range rs {
			if !slices.ContainsFunc(out, func(o luoshi.Recipient) bool { return o.UserID == r.UserID }) {
				out = append(out, r)
			}
		}
	}
	slices.SortFunc(out, func(a, b luoshi.Recipient) int { return cmp.Compare(a.UserID, b.UserID) })
	return out
}

func (t *tx) CreateNotice(ctx context.Context, n *luoshi.Notice) error {
	args := []any{n.RegionID, nullID(n.ItemID), nullID(n.UnitID), n.Kind, string(n.Level), n.Urgent, n.Alert, n.Title, n.Body, ms(n.CreatedAt)}
	if t.dialect == DialectPostgres {
		return t.pgCreateNotice(ctx, n, args)
	}
	id, err := insertedID(t.exec(ctx, `INSERT INTO notices (region_id, item_id, unit_id, kind, level, urgent, alert, title, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, args...))
	if err != nil {
		return fmt.Errorf("create notice: %w", err)
	}
	n.ID = id
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (t *tx) AddToInbox(ctx context.Context, in []luoshi.InboxRow) error {
	if len(in) == 0 {
		return nil
	}
	if t.dialect == DialectPostgres {
		return t.pgAddToInbox(ctx, in)
	}
	rows := make([][]any, len(in))
	for i, r := range in {
		rows[i] = []any{r.NoticeID, r.UserID}
	}
	if err := t.insertRows(ctx, `INSERT INTO inbox (notice_id, user_id) VALUES `, ` ON CONFLICT (user_id, notice_id) DO NOTHING`, rows); err != nil {
		return fmt.Errorf("add to inbox: %w", err)
	}
	return nil
}

func (t *tx) AddDeliveries(ctx context.Context, ds []luoshi.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	if t.dialect == DialectPostgres {
		return t.pgAddDeliveries(ctx, ds)
	}
	rows := make([][]any, len(ds))
	for i, d := range ds {
		rows[i] = []any{d.NoticeID, d.RegionID, nullID(d.UserID), string(d.Channel), d.Status, ms(d.NextAt), ms(d.CreatedAt)}
	}
	err := t.insertRows(ctx, `INSERT INTO deliveries (notice_id, region_id, user_id, channel, status, next_at, created_at) VALUES `, "", rows)
	if err != nil {
		return fmt.Errorf("add deliveries: %w", err)
	}
	return nil
}

const noticeCols = `n.id, n.region_id, COALESCE(n.item_id, 0), COALESCE(i.code, ''), COALESCE(n.unit_id, 0), n.kind, n.level,
	n.urgent, n.alert, n.title, n.body, n.created_at`

func noticeDest(n *luoshi.Notice, created *int64) []any {
	return []any{&n.ID, &n.RegionID, &n.ItemID, &n.ItemCode, &n.UnitID, &n.Kind, &n.Level, &n.Urgent, &n.Alert,
		&n.Title, &n.Body, created}
}

func (t *tx) FindInbox(ctx context.Context, f luoshi.InboxFilter) ([]luoshi.InboxEntry, string, error) {
	w := &where{}
	w.add(`b.user_id = ?`, f.UserID)
	if f.UnreadOnly {
		w.add(`b.read_at IS NULL`)
	}
	if f.Cursor != "" {
		after, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`b.id < ?`, after)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT b.id, b.read_at, `+noticeCols+` FROM inbox b
		JOIN notices n ON n.id = b.notice_id LEFT JOIN items i ON i.id = n.item_id
		WHERE `+strings.Join(w.conds, " AND ")+fmt.Sprintf(` ORDER BY b.id DESC LIMIT %d`, f.Limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("find inbox: %w", err)
	}
	es, err := collect(rows, func(s interface{ Scan(...any) error }) (luoshi.InboxEntry, error) {
		var e luoshi.InboxEntry
		var read sql.NullInt64
		var created int64
		err := s.Scan(append([]any{&e.ID, &read}, noticeDest(&e.Notice, &created)...)...)
		e.Notice.CreatedAt = fromMS(created)
		if read.Valid {
			r := fromMS(read.Int64)
			e.ReadAt = &r
		}
		return e, err
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(es) > f.Limit {
		es = es[:f.Limit]
		next = encodeCursor(es[f.Limit-1].ID)
	}
	return es, next, nil
}

func (t *tx) CountUnread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM inbox WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, err
}

func (t *tx) MarkRead(ctx context.Context, userID int64, ids []int64, now time.Time) (int, error) {
	w := &where{}
	w.add(`read_at IS NULL AND user_id = ?`, userID)
	if ids != nil {
		w.conds = append(w.conds, w.in("id", ids))
	}
	w.args = append(w.args, ms(now))
	res, err := t.tx.ExecContext(ctx, `UPDATE inbox SET read_at = $`+strconv.Itoa(len(w.args))+` WHERE `+
		strings.Join(w.conds, " AND "), w.args...)
	if err != nil {
		return 0, fmt.Errorf("mark read: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (t *tx) FindNotifyPrefs(ctx context.Context, userID int64) (*luoshi.NotifyPrefs, error) {
	var id int64
	done, dest := scanPrefs(userID, []any{&id})
	err := t.tx.QueryRowContext(ctx, `SELECT u.id, `+prefsCols+` FROM users u LEFT JOIN notify_prefs p ON p.user_id = u.id
		WHERE u.id = $1`, userID).Scan(dest...)
	if err != nil {
		return nil, notFound("user.not_found", err)
	}
	p := done()
	return &p, nil
}

func (t *tx) PutNotifyPrefs(ctx context.Context, p *luoshi.NotifyPrefs) error {
	var qs, qe any
	if p.Quiet != nil {
		qs, qe = p.Quiet.Start, p.Quiet.End
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO notify_prefs (user_id, email, by_email, by_sms, by_webhook, digest,
		quiet_start, quiet_end, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, by_email = excluded.by_email,
		by_sms = excluded.by_sms, by_webhook = excluded.by_webhook, digest = excluded.digest,
		quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = excluded.updated_at`,
		p.UserID, p.Email, p.ByEmail, p.BySMS, p.ByWebhook, p.Digest, qs, qe, ms(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("put notify prefs: %w", err)
	}
	return nil
}

func (t *tx) ClaimLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	var got string
	err := t.tx.QueryRowContext(ctx, `UPDATE leases SET holder = $1, until_at = $2
		WHERE name = $3 AND (holder = $1 OR until_at < $4) RETURNING holder`, holder, ms(until), name, ms(now)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim lease %s: %w", name, err)
	}
	return got == holder, nil
}

func (t *tx) NotifyMeta(ctx context.Context, name string) (string, error) {
	var v string
	err := t.tx.QueryRowContext(ctx, `SELECT value FROM notify_meta WHERE name = $1`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (t *tx) PutNotifyMeta(ctx context.Context, name, value string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO notify_meta (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return err
}

const deliveryCols = `id, notice_id, region_id, COALESCE(user_id, 0), channel, status, attempts, next_at, last_error, created_at, sent_at`

func scanDelivery(s interface{ Scan(...any) error }) (luoshi.Delivery, error) {
	var d luoshi.Delivery
	var channel string
	var next, created int64
	var sent sql.NullInt64
	if err := s.Scan(&d.ID, &d.NoticeID, &d.RegionID, &d.UserID, &channel, &d.Status, &d.Attempts, &next,
		&d.LastError, &created, &sent); err != nil {
		return d, err
	}
	d.Channel, d.NextAt, d.CreatedAt = luoshi.Channel(channel), fromMS(next), fromMS(created)
	if sent.Valid {
		s := fromMS(sent.Int64)
		d.SentAt = &s
	}
	return d, nil
}

func (t *tx) ClaimDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]luoshi.Delivery, error) {
	rows, err := t.tx.QueryContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, next_at = $1
		WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_at <= $2 ORDER BY next_at, id LIMIT $3)
		AND status = 'pending' AND next_at <= $2 RETURNING `+deliveryCols, ms(leaseUntil), ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	ds, err := collect(rows, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	slices.SortFunc(ds, func(a, b luoshi.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	for i := range ds {
		if err := t.deliveryDetails(ctx, &ds[i]); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// deliveryDetails fills in what sending needs: the notice, the recipient and the address
// in force now for the channel; for SMS the phone number as sealed, for the service to open.
func (t *tx) deliveryDetails(ctx context.Context, d *luoshi.Delivery) error {
	n := &luoshi.Notice{}
	var created int64
	var email, phone string
	dest := append(noticeDest(n, &created), &d.Username, &d.Name, &email, &phone)
	err := t.tx.QueryRowContext(ctx, `SELECT `+noticeCols+`, COALESCE(u.username, ''), COALESCE(u.name, ''),
		COALESCE(p.email, ''), COALESCE(u.phone_sealed, '')
		FROM notices n LEFT JOIN items i ON i.id = n.item_id LEFT JOIN users u ON u.id = $2
		LEFT JOIN notify_prefs p ON p.user_id = $2 WHERE n.id = $1`, d.NoticeID, d.UserID).Scan(dest...)
	if err != nil {
		return fmt.Errorf("delivery %d: %w", d.ID, err)
	}
	n.CreatedAt = fromMS(created)
	d.Notice = n
	switch d.Channel {
	case luoshi.ChannelEmail:
		d.Address = email
	case luoshi.ChannelSMS:
		d.Address = phone
	}
	return nil
}

func (t *tx) FinishDelivery(ctx context.Context, id int64, status, lastError string, nextAt, now time.Time) error {
	var sent any
	if status == luoshi.DeliverySent {
		sent = ms(now)
	}
	_, err := t.tx.ExecContext(ctx, `UPDATE deliveries SET status = $1, last_error = $2, next_at = $3, sent_at = $4
		WHERE id = $5`, status, lastError, ms(nextAt), sent, id)
	if err != nil {
		return fmt.Errorf("finish delivery %d: %w", id, err)
	}
	return nil
}

func (t *tx) FindDeliveries(ctx context.Context, f luoshi.DeliveryFilter) ([]luoshi.Delivery, string, error) {
	w := &where{}
	w.add(`d.region_id = ?`, f.RegionID)
	if f.Status != "" {
		w.add(`d.status = ?`, f.Status)
	}
	if f.Cursor != "" {
		after, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`d.id < ?`, after)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT d.id, d.notice_id, d.region_id, COALESCE(d.user_id, 0), d.channel, d.status,
		d.attempts, d.next_at, d.last_error, d.created_at, d.sent_at, COALESCE(u.username, ''), n.kind, COALESCE(n.item_id, 0)
		FROM deliveries d JOIN notices n ON n.id = d.notice_id LEFT JOIN users u ON u.id = d.user_id
		WHERE `+strings.Join(w.conds, " AND ")+fmt.Sprintf(` ORDER BY d.id DESC LIMIT %d`, f.Limit+1), w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("find deliveries: %w", err)
	}
	ds, err := collect(rows, func(s interface{ Scan(...any) error }) (luoshi.Delivery, error) {
		var username string
		n := &luoshi.Notice{}
		d, err := scanDelivery(scanPlus{s, []any{&username, &n.Kind, &n.ItemID}})
		d.Username, d.Notice = username, n
		return d, err
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(ds) > f.Limit {
		ds = ds[:f.Limit]
		next = encodeCursor(ds[f.Limit-1].ID)
	}
	return ds, next, nil
}

// scanPlus scans a row into a scanner's columns followed by some more.
type scanPlus struct {
	s    interface{ Scan(...any) error }
	more []any
}

func (p scanPlus) Scan(dest ...any) error { return p.s.Scan(append(dest, p.more...)...) }

func (t *tx) RequeueDeliveries(ctx context.Context, regionID int64, ids []int64, now time.Time) (int, error) {
	w := &where{}
	w.add(`region_id = ? AND status = 'failed'`, regionID)
	if ids != nil {
		w.conds = append(w.conds, w.in("id", ids))
	}
	w.args = append(w.args, ms(now))
	res, err := t.tx.ExecContext(ctx, `UPDATE deliveries SET status = 'pending', attempts = 0, next_at = $`+
		strconv.Itoa(len(w.args))+` WHERE `+strings.Join(w.conds, " AND "), w.args...)
	if err != nil {
		return 0, fmt.Errorf("requeue deliveries: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
