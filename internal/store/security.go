package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

func (t *tx) Setting(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := t.tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

func (t *tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func (t *tx) FindCredentials(ctx context.Context, userID int64) (*luoshi.Credentials, error) {
	c := &luoshi.Credentials{UserID: userID}
	var changed, locked int64
	err := t.tx.QueryRowContext(ctx, `SELECT password_hash, password_changed_at, must_change_password, failed_logins,
		locked_until, totp_secret, totp_enabled, totp_last_step FROM users WHERE id = $1`, userID).
		Scan(&c.PasswordHash, &changed, &c.MustChangePassword, &c.FailedLogins, &locked, &c.TOTPSecret, &c.TOTPEnabled, &c.TOTPLastStep)
	if err != nil {
		return nil, notFound("user.not_found", err)
	}
	c.PasswordChangedAt, c.LockedUntil = fromMS(changed), fromMS(locked)
	return c, nil
}

func (t *tx) UpdateCredentials(ctx context.Context, c *luoshi.Credentials) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3,
		failed_logins = $4, locked_until = $5, totp_secret = $6, totp_enabled = $7, totp_last_step = $8 WHERE id = $9`,
		c.PasswordHash, ms(c.PasswordChangedAt), c.MustChangePassword, c.FailedLogins, ms(c.LockedUntil),
		c.TOTPSecret, c.TOTPEnabled, c.TOTPLastStep, c.UserID)
	return err
}

func (t *tx) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT hash FROM password_history WHERE user_id = $1
		ORDER BY id DESC LIMIT $2`, userID, n)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (string, error) {
		var h string
		return h, s.Scan(&h)
	})
}

func (t *tx) AddPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, changed_at) VALUES ($1, $2, $3)`,
		userID, hash, ms(at))
	return err
}

func (t *tx) SetRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, hash) VALUES ($1, $2)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) UseRecoveryCode(ctx context.Context, userID int64, hash string, at time.Time) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND hash = $3 AND used_at IS NULL`,
		ms(at), userID, hash)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t *tx) SetUserRoles(ctx context.Context, userID int64, roles []luoshi.Role) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, userID, string(r)); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, userID)
	return err
}

func (t *tx) UserSecrets(ctx context.Context, userID int64) (string, string, error) {
	var phone, id string
	err := t.tx.QueryRowContext(ctx, `SELECT phone_sealed, id_number_sealed FROM users WHERE id = $1`, userID).Scan(&phone, &id)
	return phone, id, notFound("user.not_found", err)
}

func (t *tx) SetUserSecrets(ctx context.Context, userID int64, phone, idNumber string) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET phone_sealed = $1, id_number_sealed = $2 WHERE id = $3`, phone, idNumber, userID)
	return err
}

func (t *tx) AllUserSecrets(ctx context.Context) (map[int64][3]string, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT id, phone_sealed, id_number_sealed, totp_secret FROM users
		WHERE phone_sealed <> '' OR id_number_sealed <> '' OR totp_secret <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][3]string{}
	for rows.Next() {
		var id int64
		var v [3]string
		if err := rows.Scan(&id, &v[0], &v[1], &v[2]); err != nil {
			return nil, err
		}
		out[id] = v
	}
	return out, rows.Err()
}

const sessionCols = `id, hash, user_id, kind, name, pending, csrf, address, user_agent, created_at, last_seen_at, expires_at`

func scanSession(s interface{ Scan(...any) error }) (*luoshi.Session, error) {
	var x luoshi.Session
	var created, seen, expires int64
	if err := s.Scan(&x.ID, &x.Hash, &x.UserID, &x.Kind, &x.Name, &x.Pending, &x.CSRF, &x.Address, &x.UserAgent,
		&created, &seen, &expires); err != nil {
		return nil, err
	}
	x.CreatedAt, x.LastSeenAt, x.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
	return &x, nil
}

func (t *tx) CreateSession(ctx context.Context, s *luoshi.Session) error {
	id, err := t.insertID(ctx, `INSERT INTO sessions (hash, user_id, kind, name, pending, csrf, address, user_agent,
		created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		s.Hash, s.UserID, s.Kind, s.Name, s.Pending, s.CSRF, s.Address, s.UserAgent,
		ms(s.CreatedAt), ms(s.LastSeenAt), ms(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	s.ID = id
	return nil
}

func (t *tx) FindSession(ctx context.Context, hash string) (*luoshi.Session, error) {
	s, err := scanSession(t.tx.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE hash = $1`, hash))
	return s, notFound("account.session.not_found", err)
}

func (t *tx) SetSessionPending(ctx context.Context, id int64, pending string) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE sessions SET pending = $1 WHERE id = $2`, pending, id)
	return err
}

func (t *tx) TouchSession(ctx context.Context, id int64, at time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1`, ms(at), id)
	return err
}

func (t *tx) DeleteSession(ctx context.Context, id int64) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
	return err
}

func (t *tx) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

func (t *tx) FindSessions(ctx context.Context, userID int64) ([]*luoshi.Session, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSession)
}

// AppendAudit adds a record at the head of the chain. Writes are serialised (the writer, and
// the write lock on PostgreSQL), so appends chain one after another on both databases. In a
// write group the head is read once and carried from member to member (and back to where a
// member rolled back to: groupHead). On SQLite it is written once before the group commits;
// on PostgreSQL each record's INSERT moves it in the same statement (a data-changing WITH),
// one round trip a record. The first keyed record after plain ones is preceded by the
// checkpoint that signs where the plain trail starts (luoshi.KeyedStart).
func (t *tx) AppendAudit(ctx context.Context, r *luoshi.AuditRecord, chain *luoshi.AuditChain) error {
	if p := t.tx.pipe; p != nil && p.ended > 0 {
		// The member before this write left statements unsent: a refusal among them puts the
		// head back, and a record sealed on its records could not be sent again (pgpipe.go).
		if err := p.flush(); err != nil {
			return err
		}
	}
	h, err := t.readAuditHead(ctx)
	if err != nil {
		return err
	}
	was := h.seq
	if chain.KeyID != "" && h.mac == "" && h.hash != "" {
		anchor, _, err := t.AuditHead(ctx)
		if err != nil {
			return err
		}
		if err := t.appendAudit(ctx, &h, luoshi.KeyedStart(anchor, r.At), chain); err != nil {
			return err
		}
	}
	if err := t.appendAudit(ctx, &h, r, chain); err != nil {
		return err
	}
	switch {
	case t.dialect == DialectPostgres:
		if t.head != nil { // the row holds the head already
			t.head.moved(h)
			t.head.stored = h.seq
		}
	case t.head != nil:
		t.head.moved(h)
	default:
		if err := t.writeAuditHead(ctx, h, was); err != nil {
			return err
		}
	}
	t.auditMark = &luoshi.AuditMark{Seq: r.Seq, ID: r.ID, MAC: r.MAC, KeyID: r.KeyID}
	return nil
}

// readAuditHead is the head of the chain: the group's, or the database's.
func (t *tx) readAuditHead(ctx context.Context) (auditHeadRow, error) {
	if t.head != nil && t.head.cur != nil {
		return *t.head.cur, nil
	}
	var h auditHeadRow
	if err := t.pipeQueryRow(ctx, auditHeadRead).Scan(&h.seq, &h.hash, &h.mac); err != nil {
		return h, fmt.Errorf("audit head: %w", err)
	}
	if t.head != nil {
		t.head.stored = h.seq
	}
	return h, nil
}

// auditHeadRead reads the audit chain's head.
const auditHeadRead = `SELECT seq, hash, mac FROM audit_head WHERE id = 1`

// writeAuditHead writes h as the head of the chain over the head of sequence number was;
// the head having moved on meanwhile is an error.
func (t *tx) writeAuditHead(ctx context.Context, h auditHeadRow, was int64) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE audit_head SET seq = $1, hash = $2, mac = $3 WHERE id = 1 AND seq = $4`, h.seq, h.hash, h.mac, was)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errAuditMoved(was)
	}
	return nil
}

func errAuditMoved(was int64) error {
	return fmt.Errorf("audit head: moved on from %d while appending", was)
}

// auditHeadRow is the audit trail's head: the last record's sequence number, hash and MAC.
type auditHeadRow struct {
	seq       int64
	hash, mac string
}

// groupHead is the audit chain's head in a write group: read from the database by the
// group's first append (stored: the sequence number the row holds), moved on by each
// member's appends (cur), put back when a member is rolled back to its savepoint, and
// written to the row once, before the group commits — one read and one write of the head
// row per group instead of per record (on PostgreSQL the records' INSERTs write it).
type groupHead struct {
	cur    *auditHeadRow
	stored int64
}

func (g *groupHead) moved(h auditHeadRow) { g.cur = &h }

// flush writes the group's head to the database, if its members moved it.
func (g *groupHead) flush(ctx context.Context, t *tx) error {
	if g.cur == nil || g.cur.seq == g.stored {
		return nil
	}
	return t.writeAuditHead(ctx, *g.cur, g.stored)
}

// auditInsert writes a record; on PostgreSQL pgAuditInsert (pgset.go) moves the head to it in
// the same statement, over the head it follows only: none moved, no row.
const auditInsert = `INSERT INTO audit_log (seq, at, region_id, actor_id, actor_name, address, action, target,
		outcome, detail, prev_hash, hash, key_id, mac) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`

// appendAudit seals r after the head h, stores it and moves h on to it.
func (t *tx) appendAudit(ctx context.Context, h *auditHeadRow, r *luoshi.AuditRecord, chain *luoshi.AuditChain) error {
	r.Seq, r.PrevHash = h.seq+1, h.hash
	if err := chain.Seal(r.PrevHash, h.mac, r); err != nil {
		return fmt.Errorf("seal audit record: %w", err)
	}
	args := []any{r.Seq, ms(r.At), nullableID(r.RegionID), nullableID(r.ActorID), r.ActorName, r.Address, r.Action, r.Target,
		r.Outcome, r.Detail, r.PrevHash, r.Hash, r.KeyID, r.MAC}
	if t.dialect == DialectPostgres {
		if err := t.pgAppendAudit(ctx, h.seq, r, args); err != nil {
			return err
		}
	} else {
		var err error
		if r.ID, err = t.insertID(ctx, auditInsert, args...); err != nil {
			return fmt.Errorf("append audit: %w", err)
		}
	}
	h.seq, h.hash, h.mac = r.Seq, r.Hash, r.MAC
	return nil
}

func nullableID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const auditCols = `id, at, COALESCE(region_id, 0), COALESCE(actor_id, 0), actor_name, address, action, target, outcome, detail, prev_hash, hash, key_id, mac, seq`

func scanAudit(s interface{ Scan(...any) error }) (*luoshi.AuditRecord, error) {
	var r luoshi.AuditRecord
	var at int64
	err := s.Scan(&r.ID, &at, &r.RegionID, &r.ActorID, &r.ActorName, &r.Address, &r.Action, &r.Target, &r.Outcome,
		&r.Detail, &r.PrevHash, &r.Hash, &r.KeyID, &r.MAC, &r.Seq)
	r.At = fromMS(at)
	return &r, err
}

func (t *tx) FindAudit(ctx context.Context, f luoshi.AuditFilter) ([]*luoshi.AuditRecord, string, error) {
	w := &where{}
	w.add(`1 = 1`)
	if f.RegionID != 0 {
		w.add(`(region_id = ? OR region_id IS NULL)`, f.RegionID)
	}
	if !f.From.IsZero() {
		w.add(`at >= ?`, ms(f.From))
	}
	if !f.To.IsZero() {
		w.add(`at < ?`, ms(f.To))
	}
	if f.ActorID != 0 {
		w.add(`actor_id = ?`, f.ActorID)
	}
	if f.Action != "" {
		w.add(`action LIKE ? ESCAPE '\'`, strings.TrimSuffix(likePattern(f.Action), "%")[1:]+"%")
	}
	if f.Outcome != "" {
		w.add(`outcome = ?`, f.Outcome)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(target LIKE ? ESCAPE '\' OR detail LIKE ? ESCAPE '\' OR actor_name LIKE ? ESCAPE '\')`,
			likePattern(q), likePattern(q), likePattern(q))
	}
	if f.Cursor != "" {
		after, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(`id < ?`, after)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log WHERE `+strings.Join(w.conds, " AND ")+
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, f.Limit+1), w.args...)
	if err != nil {
		return nil, "", err
	}
	recs, err := collect(rows, scanAudit)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(recs) > f.Limit {
		recs = recs[:f.Limit]
		next = encodeCursor(recs[f.Limit-1].ID)
	}
	return recs, next, nil
}

func (t *tx) AuditHead(ctx context.Context) (luoshi.AuditAnchor, string, error) {
	var anchor luoshi.AuditAnchor
	var head string
	err := t.tx.QueryRowContext(ctx, `SELECT anchor, anchor_mac, hash FROM audit_head WHERE id = 1`).Scan(&anchor.Hash, &anchor.MAC, &head)
	if t.head != nil && t.head.cur != nil {
		head = t.head.cur.hash // the group's, not yet written back
	}
	return anchor, head, err
}

func (t *tx) ScanAudit(ctx context.Context, fn func(r *luoshi.AuditRecord) error) error {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PruneAudit deletes records older than before, and anchors the chain at the hash and MAC
// of the last of them, which the checkpoint it returns names.
func (t *tx) PruneAudit(ctx context.Context, before time.Time) (luoshi.AuditCheckpoint, error) {
	var c luoshi.AuditCheckpoint
	if err := t.PutSetting(ctx, "audit_prune_before", fmt.Sprint(ms(before))); err != nil {
		return c, err
	}
	err := t.tx.QueryRowContext(ctx, `SELECT seq, hash, mac FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1`, ms(before)).
		Scan(&c.ThroughSeq, &c.ThroughHash, &c.ThroughMAC)
	if errors.Is(err, sql.ErrNoRows) {
		return luoshi.AuditCheckpoint{}, nil
	} else if err != nil {
		return c, err
	}
	res, err := t.tx.ExecContext(ctx, `DELETE FROM audit_log WHERE at < $1`, ms(before))
	if err != nil {
		return c, err
	}
	if _, err := t.tx.ExecContext(ctx, `UPDATE audit_head SET anchor = $1, anchor_mac = $2 WHERE id = 1`, c.ThroughHash, c.ThroughMAC); err != nil {
		return c, err
	}
	n, err := res.RowsAffected()
	c.Pruned = int(n)
	return c, err
}
