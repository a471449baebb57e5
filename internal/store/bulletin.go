package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

// bulletinNumberTaken is the error of a number another bulletin of the region's year has.
func bulletinNumberTaken(b *luoshi.Bulletin) error {
	return luoshi.Errorf(luoshi.ECONFLICT, "bulletin.number.exists", b.Year, b.Number)
}

func (t *tx) CreateBulletin(ctx context.Context, b *luoshi.Bulletin) error {
	id, err := t.insertID(ctx, `INSERT INTO bulletins (region_id, kind, state, period_from, period_to, year, number, version, doc,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		b.RegionID, string(b.Kind), string(b.State), ms(b.From), ms(b.To), b.Year, b.Number, b.Version, mustJSON(b),
		ms(b.CreatedAt), ms(b.UpdatedAt))
	if err != nil {
		if isUnique(err) {
			return bulletinNumberTaken(b)
		}
		return fmt.Errorf("create bulletin: %w", err)
	}
	b.ID = id
	// The document keeps its own id.
	_, err = t.tx.ExecContext(ctx, `UPDATE bulletins SET doc = $1 WHERE id = $2`, mustJSON(b), id)
	return err
}

func (t *tx) UpdateBulletin(ctx context.Context, b *luoshi.Bulletin, prev int) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE bulletins SET state = $1, year = $2, number = $3, version = $4, doc = $5,
		updated_at = $6 WHERE id = $7 AND version = $8 AND state = $9`,
		string(b.State), b.Year, b.Number, b.Version, mustJSON(b), ms(b.UpdatedAt), b.ID, prev, string(luoshi.BulletinDraft))
	if err != nil {
		if isUnique(err) {
			return bulletinNumberTaken(b)
		}
		return fmt.Errorf("update bulletin %d: %w", b.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ECONFLICT, "bulletin.stale")
	}
	return nil
}

func scanBulletin(s scanner) (*luoshi.Bulletin, error) {
	var doc string
	if err := s.Scan(&doc); err != nil {
		return nil, err
	}
	var b luoshi.Bulletin
	if err := json.Unmarshal([]byte(doc), &b); err != nil {
		return nil, fmt.Errorf("bulletin document: %w", err)
	}
	return &b, nil
}

func (t *tx) FindBulletinByID(ctx context.Context, id int64) (*luoshi.Bulletin, error) {
	b, err := scanBulletin(t.tx.QueryRowContext(ctx, `SELECT doc FROM bulletins WHERE id = $1`, id))
	return b, notFound("bulletin.not_found", err)
}

func (t *tx) FindBulletins(ctx context.Context, regionID int64) ([]*luoshi.Bulletin, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM bulletins WHERE region_id = $1 ORDER BY period_from DESC, id DESC`, regionID)
	if err != nil {
		return nil, fmt.Errorf("find bulletins: %w", err)
	}
	return collect(rows, scanBulletin)
}

func (t *tx) AppendBulletinEvent(ctx context.Context, e *luoshi.BulletinEvent, regionID int64) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO bulletin_events (bulletin_id, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.BulletinID, regionID, e.Seq, e.Kind, e.ActorID, ms(e.At), mustJSON(e.Data))
	if err != nil {
		return fmt.Errorf("append bulletin event: %w", err)
	}
	return nil
}

func (t *tx) FindBulletinEvents(ctx context.Context, bulletinID int64) ([]luoshi.BulletinEvent, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT bulletin_id, seq, kind, actor_id, at, payload FROM bulletin_events
		WHERE bulletin_id = $1 ORDER BY seq`, bulletinID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (luoshi.BulletinEvent, error) {
		var e luoshi.BulletinEvent
		var at int64
		var payload string
		if err := s.Scan(&e.BulletinID, &e.Seq, &e.Kind, &e.ActorID, &at, &payload); err != nil {
			return e, err
		}
		e.At = fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}

// FindOpenItems lists the region's open items, oldest first.
func (t *tx) FindOpenItems(ctx context.Context, regionID int64) ([]*luoshi.Item, error) {
	args := []any{regionID}
	marks := make([]string, len(luoshi.OpenStates))
	for i, s := range luoshi.OpenStates {
		args = append(args, string(s))
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT i.doc FROM items i WHERE i.region_id = $1 AND i.state IN (`+
		strings.Join(marks, ", ")+`) ORDER BY i.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find open items: %w", err)
	}
	return collect(rows, scanDoc)
}
