package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"luoshi/internal/luoshi"
)

func (t *tx) FindMeetingKinds(ctx context.Context, regionID int64) ([]luoshi.MeetingKind, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT region_id, code, name, retired, position FROM meeting_kinds
		WHERE region_id = $1 ORDER BY position, code`, regionID)
	if err != nil {
		return nil, fmt.Errorf("find meeting kinds: %w", err)
	}
	return collect(rows, func(s scanner) (luoshi.MeetingKind, error) {
		var k luoshi.MeetingKind
		return k, s.Scan(&k.RegionID, &k.Code, &k.Name, &k.Retired, &k.Position)
	})
}

func (t *tx) PutMeetingKind(ctx context.Context, k luoshi.MeetingKind) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO meeting_kinds (region_id, code, name, retired, position) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (region_id, code) DO UPDATE SET name = excluded.name, retired = excluded.retired, position = excluded.position`,
		k.RegionID, k.Code, k.Name, k.Retired, k.Position)
	if err != nil {
		return fmt.Errorf("put meeting kind %s: %w", k.Code, err)
	}
	return nil
}

// practiceSearch is the practice's words in one lower-case text, searched with LIKE: a
// county's library holds hundreds of practices, which a scan reads in milliseconds.
func practiceSearch(p *luoshi.Practice) string {
	return strings.ToLower(strings.Join(append([]string{p.Place, p.Title, p.What, p.Result, p.Source}, p.Tags...), "\n"))
}

func (t *tx) CreatePractice(ctx context.Context, p *luoshi.Practice) error {
	id, err := t.insertID(ctx, `INSERT INTO practices (region_id, search, version, doc, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, p.RegionID, practiceSearch(p), p.Version, mustJSON(p), ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("create practice: %w", err)
	}
	p.ID = id
	_, err = t.tx.ExecContext(ctx, `UPDATE practices SET doc = $1 WHERE id = $2`, mustJSON(p), id)
	return err
}

func (t *tx) UpdatePractice(ctx context.Context, p *luoshi.Practice, prevVersion int) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE practices SET search = $1, version = $2, doc = $3, updated_at = $4
		WHERE id = $5 AND version = $6`, practiceSearch(p), p.Version, mustJSON(p), ms(p.UpdatedAt), p.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update practice %d: %w", p.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ECONFLICT, "practice.stale")
	}
	return nil
}

func (t *tx) FindPracticeByID(ctx context.Context, id int64) (*luoshi.Practice, error) {
	p, err := scanJSON[luoshi.Practice](t.tx.QueryRowContext(ctx, `SELECT doc FROM practices WHERE id = $1`, id))
	return p, notFound("practice.not_found", err)
}

// FindPractices lists the practices the filter selects, latest changed first. Each word of
// the query must occur in the practice's words.
func (t *tx) FindPractices(ctx context.Context, f luoshi.PracticeFilter) ([]*luoshi.Practice, error) {
	where, args := []string{"region_id = $1"}, []any{f.RegionID}
	for _, w := range strings.Fields(strings.ToLower(f.Query)) {
		args = append(args, likePattern(w))
		where = append(where, fmt.Sprintf(`search LIKE $%d ESCAPE '\'`, len(args)))
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT doc FROM practices WHERE `+strings.Join(where, " AND ")+
		` ORDER BY updated_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("find practices: %w", err)
	}
	list, err := collect(rows, scanJSON[luoshi.Practice])
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(list, func(p *luoshi.Practice) bool {
		return f.Tag != "" && !slices.Contains(p.Tags, f.Tag) ||
			f.TopicID != 0 && !slices.Contains(p.TopicIDs, f.TopicID) ||
			f.ItemID != 0 && !slices.Contains(p.ItemIDs, f.ItemID)
	}), nil
}
