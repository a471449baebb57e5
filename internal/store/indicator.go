package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

const keyIndicatorCols = `id, region_id, name, measure_unit, direction`

func scanKeyIndicator(s scanner) (*luoshi.KeyIndicator, error) {
	var k luoshi.KeyIndicator
	var dir string
	if err := s.Scan(&k.ID, &k.RegionID, &k.Name, &k.MeasureUnit, &dir); err != nil {
		return nil, err
	}
	k.Direction = luoshi.Direction(dir)
	return &k, nil
}

func (t *tx) PutKeyIndicator(ctx context.Context, k *luoshi.KeyIndicator) error {
	cur, err := scanKeyIndicator(t.tx.QueryRowContext(ctx, `SELECT `+keyIndicatorCols+` FROM key_indicators
		WHERE region_id = $1 AND name = $2`, k.RegionID, k.Name))
	switch {
	case err == nil:
		k.ID = cur.ID
		_, err = t.tx.ExecContext(ctx, `UPDATE key_indicators SET measure_unit = $1, direction = $2 WHERE id = $3`,
			k.MeasureUnit, string(k.Direction), k.ID)
		return err
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("put key indicator: %w", err)
	}
	id, err := t.insertID(ctx, `INSERT INTO key_indicators (region_id, name, measure_unit, direction) VALUES ($1, $2, $3, $4)`,
		k.RegionID, k.Name, k.MeasureUnit, string(k.Direction))
	if err != nil {
		return fmt.Errorf("put key indicator: %w", err)
	}
	k.ID = id
	return nil
}

func (t *tx) FindKeyIndicatorByID(ctx context.Context, id int64) (*luoshi.KeyIndicator, error) {
	k, err := scanKeyIndicator(t.tx.QueryRowContext(ctx, `SELECT `+keyIndicatorCols+` FROM key_indicators WHERE id = $1`, id))
	return k, notFound("indicator.stat.not_found", err)
}

func (t *tx) FindKeyIndicators(ctx context.Context, regionID int64) ([]*luoshi.KeyIndicator, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+keyIndicatorCols+` FROM key_indicators WHERE region_id = $1 ORDER BY id`, regionID)
	if err != nil {
		return nil, fmt.Errorf("find key indicators: %w", err)
	}
	return collect(rows, scanKeyIndicator)
}

const keyFigureCols = `key_indicator_id, year, quarter, county, county_code, is_self, value, source, released_on,
	imported_by, imported_at`

func scanKeyFigure(s scanner) (luoshi.KeyFigure, error) {
	var f luoshi.KeyFigure
	var at int64
	err := s.Scan(&f.KeyIndicatorID, &f.Year, &f.Quarter, &f.County, &f.CountyCode, &f.Self, &f.Value, &f.Source,
		&f.ReleasedOn, &f.ImportedBy, &at)
	f.ImportedAt = fromMS(at)
	return f, err
}

func (t *tx) PutKeyFigure(ctx context.Context, f *luoshi.KeyFigure) (*luoshi.KeyFigure, error) {
	prev, err := scanKeyFigure(t.tx.QueryRowContext(ctx, `SELECT `+keyFigureCols+` FROM key_figures
		WHERE key_indicator_id = $1 AND year = $2 AND quarter = $3 AND county = $4`, f.KeyIndicatorID, f.Year, f.Quarter, f.County))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("put key figure: %w", err)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO key_figures (key_indicator_id, year, quarter, county, county_code,
		is_self, value, source, released_on, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (key_indicator_id, year, quarter, county) DO UPDATE SET county_code = $5, is_self = $6, value = $7,
		source = $8, released_on = $9, imported_by = $10, imported_at = $11`,
		f.KeyIndicatorID, f.Year, f.Quarter, f.County, f.CountyCode, f.Self, f.Value, f.Source, f.ReleasedOn,
		f.ImportedBy, ms(f.ImportedAt))
	if err != nil {
		return nil, fmt.Errorf("put key figure: %w", err)
	}
	if prev.KeyIndicatorID == 0 {
		return nil, nil
	}
	return &prev, nil
}

func (t *tx) FindKeyFigures(ctx context.Context, keyIndicatorID int64, year int) ([]luoshi.KeyFigure, error) {
	w := &where{}
	w.add(`key_indicator_id = ?`, keyIndicatorID)
	if year != 0 {
		w.add(`year = ?`, year)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT `+keyFigureCols+` FROM key_figures WHERE `+strings.Join(w.conds, " AND ")+
		` ORDER BY year, quarter, county`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find key figures: %w", err)
	}
	return collect(rows, scanKeyFigure)
}
