package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"luoshi/internal/luoshi"
)

func (t *tx) CreateAdjustment(ctx context.Context, a *luoshi.Adjustment) error {
	flags, err := json.Marshal(orFlags(a.Flags))
	if err != nil {
		return err
	}
	id, err := t.insertID(ctx, `INSERT INTO target_adjustments (letter_id, indicator_id, state, old_target, target,
		stretch, reason, flags, requested_by, requested_at, decided_by, decided_at, decision)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		a.LetterID, a.IndicatorID, string(a.State), a.OldTarget, a.Target, a.Stretch, a.Reason, string(flags),
		a.RequestedBy, ms(a.RequestedAt), nullID(a.DecidedBy), msPtr(a.DecidedAt), a.Decision)
	if err != nil {
		return fmt.Errorf("create adjustment: %w", err)
	}
	a.ID = id
	return nil
}

func orFlags(f []luoshi.Flag) []luoshi.Flag {
	if f == nil {
		return []luoshi.Flag{}
	}
	return f
}

func (t *tx) UpdateAdjustment(ctx context.Context, a *luoshi.Adjustment) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE target_adjustments SET state = $1, decided_by = $2, decided_at = $3,
		decision = $4 WHERE id = $5`, string(a.State), nullID(a.DecidedBy), msPtr(a.DecidedAt), a.Decision, a.ID)
	if err != nil {
		return fmt.Errorf("update adjustment %d: %w", a.ID, err)
	}
	return nil
}

func (t *tx) FindAdjustments(ctx context.Context, letterID int64) ([]*luoshi.Adjustment, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT id, letter_id, indicator_id, state, old_target, target, stretch,
		reason, flags, requested_by, requested_at, decided_by, decided_at, decision
		FROM target_adjustments WHERE letter_id = $1 ORDER BY id`, letterID)
	if err != nil {
		return nil, fmt.Errorf("find adjustments: %w", err)
	}
	return collect(rows, func(s scanner) (*luoshi.Adjustment, error) {
		var a luoshi.Adjustment
		var state, flags string
		var stretch sql.NullFloat64
		var requested int64
		var decidedBy, decided sql.NullInt64
		if err := s.Scan(&a.ID, &a.LetterID, &a.IndicatorID, &state, &a.OldTarget, &a.Target, &stretch, &a.Reason,
			&flags, &a.RequestedBy, &requested, &decidedBy, &decided, &a.Decision); err != nil {
			return nil, err
		}
		a.State, a.RequestedAt, a.DecidedBy, a.DecidedAt = luoshi.AdjustmentState(state), fromMS(requested), decidedBy.Int64, nullTime(decided)
		if stretch.Valid {
			a.Stretch = &stretch.Float64
		}
		return &a, json.Unmarshal([]byte(flags), &a.Flags)
	})
}

func (t *tx) PutActual(ctx context.Context, a *luoshi.Actual) (*luoshi.Actual, error) {
	prev, err := scanActual(t.tx.QueryRowContext(ctx, `SELECT `+actualCols+` FROM target_actuals
		WHERE indicator_id = $1 AND period = $2`, a.IndicatorID, a.Period))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("put actual: %w", err)
	}
	_, err = t.tx.ExecContext(ctx, `INSERT INTO target_actuals (indicator_id, period, value, note, source, entered_by, entered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (indicator_id, period) DO UPDATE SET value = $3, note = $4,
		source = $5, entered_by = $6, entered_at = $7`,
		a.IndicatorID, a.Period, a.Value, a.Note, a.Source, a.EnteredBy, ms(a.EnteredAt))
	if err != nil {
		return nil, fmt.Errorf("put actual: %w", err)
	}
	if prev.IndicatorID == 0 {
		return nil, nil
	}
	return &prev, nil
}

const actualCols = `indicator_id, period, value, note, source, entered_by, entered_at`

func scanActual(s scanner) (luoshi.Actual, error) {
	var a luoshi.Actual
	var at int64
	err := s.Scan(&a.IndicatorID, &a.Period, &a.Value, &a.Note, &a.Source, &a.EnteredBy, &at)
	a.EnteredAt = fromMS(at)
	return a, err
}

func (t *tx) FindActuals(ctx context.Context, letterIDs []int64) ([]luoshi.Actual, error) {
	if len(letterIDs) == 0 {
		return nil, nil
	}
	w := &where{}
	q := `SELECT a.indicator_id, a.period, a.value, a.note, a.source, a.entered_by, a.entered_at FROM target_actuals a
		JOIN target_indicators i ON i.id = a.indicator_id WHERE ` + w.in("i.letter_id", letterIDs) + ` ORDER BY a.indicator_id, a.period`
	rows, err := t.tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find actuals: %w", err)
	}
	return collect(rows, scanActual)
}

// FindSanctions reads the accountability, commendation and urging events of the region's
// items in the period. An accountability record counts against the units it names (the lead
// unit when it names none), marked waived when its waiver came before to; a commendation
// for the units it names; an urging notice against the item's lead unit.
func (t *tx) FindSanctions(ctx context.Context, regionID int64, from, to time.Time) ([]luoshi.Sanction, error) {
	recs, err := t.findRecords(ctx, luoshi.RecordFilter{RegionID: regionID, From: from, To: to}, to)
	if err != nil {
		return nil, err
	}
	var out []luoshi.Sanction
	for _, r := range recs {
		for _, u := range r.UnitIDs {
			out = append(out, luoshi.Sanction{UnitID: u, ItemID: r.ItemID, Kind: r.Kind, Sub: r.Sub, At: r.At, Waived: r.Waiver != nil})
		}
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT e.item_id, e.at, e.payload, i.lead_unit_id FROM events e
		JOIN items i ON i.id = e.item_id
		WHERE e.region_id = $1 AND e.kind = 'urged' AND e.at >= $2 AND e.at < $3
		ORDER BY e.id`, regionID, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("find sanctions: %w", err)
	}
	urges, err := collect(rows, func(s scanner) (luoshi.Sanction, error) {
		var at int64
		var payload string
		u := luoshi.Sanction{Kind: "urge"}
		if err := s.Scan(&u.ItemID, &at, &payload, &u.UnitID); err != nil {
			return u, err
		}
		var d luoshi.EventData
		if err := json.Unmarshal([]byte(payload), &d); err != nil {
			return u, fmt.Errorf("event payload: %w", err)
		}
		u.Sub, u.At = string(d.Level), fromMS(at)
		return u, nil
	})
	out = append(out, urges...)
	slices.SortStableFunc(out, func(a, b luoshi.Sanction) int { return a.At.Compare(b.At) })
	return out, err
}
