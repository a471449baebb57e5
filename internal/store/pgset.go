package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"luoshi/internal/luoshi"

	"github.com/jackc/pgx/v5/pgconn"
)

// Writes that take SQLite a few statements, made one on PostgreSQL (an item's row with its
// co-units is in item.go): there each statement is
// a round trip of the store's one writer, so a write's statements bound the writes a second
// (docs/performance.md, "PostgreSQL writes"). Rows go as arrays (unnest), so one prepared
// text serves any number of them; a DELETE of what is no longer wanted rides in the same
// statement as a data-changing WITH. The keys it deletes and those it inserts are disjoint,
// so the order in which PostgreSQL runs the two does not matter.

// pgSyncReminders is SyncItemsReminders on PostgreSQL: the items' pending reminders whose keys
// are not wanted are deleted, and the wanted ones not recorded (pending or fired) are
// inserted. Keys taken are filtered out before the INSERT so that no identity value is
// drawn for them. "COALESCE(fired_at, -1) = -1" is "fired_at IS NULL" (no time is -1) written
// so that the planner cannot use the partial index of pending reminders (reminders_due)
// beside reminders_item: with statistics taken before a back-fill (a county just copied) it
// believed that index small and scanned all of it (22,000 entries, 2 ms) for every sync.
const pgSyncReminders = `WITH gone AS (DELETE FROM reminders
		WHERE item_id = ANY($1::bigint[]) AND COALESCE(fired_at, -1) = -1 AND NOT (key = ANY($2::text[])))
	INSERT INTO reminders (key, region_id, item_id, kind, due_at)
	SELECT w.key, w.region_id, NULLIF(w.item_id, 0), w.kind, w.due_at
	FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::bigint[]) AS w(key, region_id, item_id, kind, due_at)
	WHERE NOT EXISTS (SELECT 1 FROM reminders r WHERE r.key = w.key)
	ON CONFLICT (key) DO NOTHING`

// pgAddReminders is AddReminders on PostgreSQL: the new item's reminders inserted as they
// are. An item created in the transaction has none to delete, and no key of it is taken (a
// reminder's key begins with its item's id, never given twice), so the sync's DELETE, its
// look-up of every key and its ON CONFLICT's speculative insertion would find nothing; nor
// does the plain INSERT need the sync's generic plan.
const pgAddReminders = `INSERT INTO reminders (key, region_id, item_id, kind, due_at)
	SELECT w.key, w.region_id, NULLIF(w.item_id, 0), w.kind, w.due_at
	FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[]) AS w(key, region_id, item_id, kind, due_at)`

func (t *tx) pgAddReminders(ctx context.Context, want []luoshi.Reminder) error {
	keys, regions, items, kinds, due := reminderArrays(want)
	return t.pipeExec(ctx, "add reminders", len(keys), pgAddReminders, keys, regions, items, kinds, due)
}

// reminderArrays are the reminders' columns as arrays, each key once.
func reminderArrays(want []luoshi.Reminder) (keys []string, regions, items []int64, kinds []string, due []int64) {
	n := len(want)
	keys, regions, items, kinds, due = make([]string, 0, n), make([]int64, 0, n), make([]int64, 0, n), make([]string, 0, n), make([]int64, 0, n)
	seen := make(map[string]bool, n)
	for _, r := range want {
		if seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		keys, regions, items = append(keys, r.Key), append(regions, r.RegionID), append(items, r.ItemID)
		kinds, due = append(kinds, string(r.Kind)), append(due, ms(r.DueAt))
	}
	return keys, regions, items, kinds, due
}

func (t *tx) pgSyncReminders(ctx context.Context, itemIDs []int64, want []luoshi.Reminder) error {
	keys, regions, items, kinds, due := reminderArrays(want)
	rows := max(len(itemIDs), len(keys))
	if err := t.pipeExec(ctx, "sync reminders", 0, genericPlan); err != nil {
		return err
	}
	if err := t.pipeExec(ctx, "sync reminders", rows, pgSyncReminders, itemIDs, keys, regions, items, kinds, due); err != nil {
		return err
	}
	return t.pipeExec(ctx, "sync reminders", 0, planDefault)
}

// genericPlan and planDefault wrap the reminder sync, for its transaction's time only: with
// plan_cache_mode "auto", PostgreSQL found the plan it makes for each run's arrays cheaper than
// the prepared statement's generic one and planned the sync again every time it ran (151 µs of
// a report's bind, 183 µs of a create's, against 7.6 µs with the generic plan: docs/performance.md,
// "PostgreSQL writes at the city"). The generic plan is the one the statistics keeper keeps
// fresh (pgstats.go). Both are queued with the sync (no round trip of their own); a member
// rolled back to its savepoint takes them back with it. Other statements keep "auto": their
// generic plans have not been checked.
const (
	genericPlan = `SET LOCAL plan_cache_mode = force_generic_plan`
	planDefault = `SET LOCAL plan_cache_mode = DEFAULT`
)

// pgInbox and pgDeliveries are AddToInbox and AddDeliveries on PostgreSQL, in the order given.
const (
	pgInbox = `INSERT INTO inbox (notice_id, user_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])
		ON CONFLICT (user_id, notice_id) DO NOTHING`
	pgDeliveries = `INSERT INTO deliveries (notice_id, region_id, user_id, channel, status, next_at, created_at)
		SELECT d.notice_id, d.region_id, NULLIF(d.user_id, 0), d.channel, d.status, d.next_at, d.created_at
		FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
			AS d(notice_id, region_id, user_id, channel, status, next_at, created_at)`
)

func (t *tx) pgAddToInbox(ctx context.Context, in []luoshi.InboxRow) error {
	notices, users := make([]int64, len(in)), make([]int64, len(in))
	for i, r := range in {
		notices[i], users[i] = r.NoticeID, r.UserID
	}
	return t.pipeExec(ctx, "add to inbox", len(in), pgInbox, notices, users)
}

func (t *tx) pgAddDeliveries(ctx context.Context, ds []luoshi.Delivery) error {
	n := len(ds)
	notices, regions, users, next, created := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	channels, statuses := make([]string, n), make([]string, n)
	for i, d := range ds {
		notices[i], regions[i], users[i], next[i], created[i] = d.NoticeID, d.RegionID, d.UserID, ms(d.NextAt), ms(d.CreatedAt)
		channels[i], statuses[i] = string(d.Channel), d.Status
	}
	return t.pipeExec(ctx, "add deliveries", n, pgDeliveries, notices, regions, users, channels, statuses, next, created)
}

// pgNoticeInsert is CreateNotice's statement on PostgreSQL, its id given ($11) or drawn (NULL).
const pgNoticeInsert = `INSERT INTO notices (id, region_id, item_id, unit_id, kind, level, urgent, alert, title, body, created_at)
	VALUES (COALESCE($11, nextval(pg_get_serial_sequence('notices', 'id'))), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`

// pgCreateNotice is CreateNotice on PostgreSQL: in a write group queued, with an id drawn ahead.
func (t *tx) pgCreateNotice(ctx context.Context, n *luoshi.Notice, args []any) error {
	return t.pipeInsert(ctx, "notices", pgNoticeInsert, args, &n.ID, func(err error) error {
		return fmt.Errorf("create notice: %w", err)
	})
}

// pgEventInsert is AppendEvent's statement on PostgreSQL, its id given ($8, a write group's
// drawn ahead: nextID) or drawn by the identity (NULL).
const pgEventInsert = `INSERT INTO events (id, item_id, region_id, seq, kind, actor_id, at, payload)
	VALUES (COALESCE($8, nextval(pg_get_serial_sequence('events', 'id'))), $1, $2, $3, $4, $5, $6, $7) RETURNING id`

// pgAppendEvent is AppendEvent on PostgreSQL: in a write group queued (pgpipe.go) with an id
// drawn ahead; a seq taken (the item moved on) is the member's conflict when it is sent.
func (t *tx) pgAppendEvent(ctx context.Context, e *luoshi.Event, regionID int64, payload string) error {
	args := []any{e.ItemID, regionID, e.Seq, string(e.Kind), e.ActorID, ms(e.At), payload}
	return t.pipeInsert(ctx, "events", pgEventInsert, args, &e.ID, eventErr)
}

// pgAuditInsert is an audit record's INSERT on PostgreSQL, its id given ($15) or drawn (NULL),
// moving the head to it in the same statement over the head it follows only. A head moved
// on fails the statement (a division by zero: no head row moved), rather than answering no
// row, so that a pipeline's batch stops there (pgpipe.go: a late refusal).
const pgAuditInsert = `WITH a AS (INSERT INTO audit_log (id, seq, at, region_id, actor_id, actor_name, address, action,
		target, outcome, detail, prev_hash, hash, key_id, mac)
		VALUES (COALESCE($15, nextval(pg_get_serial_sequence('audit_log', 'id'))), $1, $2, $3, $4, $5, $6, $7, $8, $9,
			$10, $11, $12, $13, $14) RETURNING id),
	h AS (UPDATE audit_head SET seq = $1, hash = $12, mac = $14 WHERE id = 1 AND seq = $1 - 1 RETURNING 1)
	SELECT (SELECT id FROM a) / (SELECT COUNT(*) FROM h)`

// refusedByZero reports whether a statement failed on the division by zero that pgAuditInsert
// and pgUpdateItemOrRefuse make of a refusal.
func refusedByZero(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "22012"
}

// pgAppendAudit stores an audit record on PostgreSQL, moving the head over the head of
// sequence number was; in a write group queued, with an id drawn ahead.
func (t *tx) pgAppendAudit(ctx context.Context, was int64, r *luoshi.AuditRecord, args []any) error {
	return t.pipeInsert(ctx, "audit_log", pgAuditInsert, args, &r.ID, func(err error) error {
		if errors.Is(err, sql.ErrNoRows) || refusedByZero(err) {
			err = errAuditMoved(was)
		}
		return fmt.Errorf("append audit: %w", err)
	})
}
