package store

import (
	"context"
	"encoding/json"
	"fmt"

	"luoshi/internal/luoshi"
)

func (t *tx) CreateStocktake(ctx context.Context, s *luoshi.Stocktake) error {
	id, err := t.insertID(ctx, `INSERT INTO stocktakes (region_id, leader_id, day, state, version, doc, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		s.RegionID, s.LeaderID, ms(s.Date), string(s.State), s.Version, mustJSON(s), ms(s.CreatedAt), ms(s.UpdatedAt))
	if err != nil {
		if isUnique(err) {
			return luoshi.Errorf(luoshi.ECONFLICT, "stocktake.exists")
		}
		return fmt.Errorf("create stocktake: %w", err)
	}
	s.ID = id
	// The document keeps its own id.
	_, err = t.tx.ExecContext(ctx, `UPDATE stocktakes SET doc = $1 WHERE id = $2`, mustJSON(s), id)
	return err
}

func (t *tx) UpdateStocktake(ctx context.Context, s *luoshi.Stocktake, prev int) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE stocktakes SET state = $1, version = $2, doc = $3, updated_at = $4
		WHERE id = $5 AND version = $6 AND state = $7`,
		string(s.State), s.Version, mustJSON(s), ms(s.UpdatedAt), s.ID, prev, string(luoshi.StocktakeOpen))
	if err != nil {
		return fmt.Errorf("update stocktake %d: %w", s.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ECONFLICT, "stocktake.stale")
	}
	return nil
}

func scanStocktake(s scanner) (*luoshi.Stocktake, error) {
	var doc string
	if err := s.Scan(&doc); err != nil {
		return nil, err
	}
	var st luoshi.Stocktake
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		return nil, fmt.Errorf("stocktake document: %w", err)
	}
	return &st, nil
}

func (t *tx) FindStocktakeByID(ctx context.Context, id int64) (*luoshi.Stocktake, error) {
	s, err := scanStocktake(t.tx.QueryRowContext(ctx, `SELECT doc FROM stocktakes WHERE id = $1`, id))
	return s, notFound("stocktake.not_found", err)
}

func (t *tx) FindStocktakes(ctx context.Context, regionID, leaderID int64) ([]*luoshi.Stocktake, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM stocktakes WHERE region_id = $1 AND ($2 = 0 OR leader_id = $2)
		ORDER BY day DESC, id DESC`, regionID, leaderID)
	if err != nil {
		return nil, fmt.Errorf("find stocktakes: %w", err)
	}
	return collect(rows, scanStocktake)
}

func (t *tx) AppendStocktakeEvent(ctx context.Context, e *luoshi.StocktakeEvent, regionID int64) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO stocktake_events (stocktake_id, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.StocktakeID, regionID, e.Seq, e.Kind, e.ActorID, ms(e.At), mustJSON(e.Data))
	if err != nil {
		return fmt.Errorf("append stocktake event: %w", err)
	}
	return nil
}

func (t *tx) FindStocktakeEvents(ctx context.Context, stocktakeID int64) ([]luoshi.StocktakeEvent, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT stocktake_id, seq, kind, actor_id, at, payload FROM stocktake_events
		WHERE stocktake_id = $1 ORDER BY seq`, stocktakeID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (luoshi.StocktakeEvent, error) {
		var e luoshi.StocktakeEvent
		var at int64
		var payload string
		if err := s.Scan(&e.StocktakeID, &e.Seq, &e.Kind, &e.ActorID, &at, &payload); err != nil {
			return e, err
		}
		e.At = fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}
