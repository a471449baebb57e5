package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

const letterCols = `id, region_id, unit_id, year, state, version, created_by, created_at, updated_at,
	submitted_at, reviewed_at, signed_at, signed_by`

func (t *tx) CreateLetter(ctx context.Context, l *luoshi.Letter) error {
	id, err := t.insertID(ctx, `INSERT INTO target_letters (region_id, unit_id, year, state, version, created_by,
		created_at, updated_at, submitted_at, reviewed_at, signed_at, signed_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		l.RegionID, l.UnitID, l.Year, string(l.State), l.Version, l.CreatedBy, ms(l.CreatedAt), ms(l.UpdatedAt),
		msPtr(l.SubmittedAt), msPtr(l.ReviewedAt), msPtr(l.SignedAt), nullID(l.SignedBy))
	if err != nil {
		s := strings.ToLower(err.Error())
		if strings.Contains(s, "unique") || strings.Contains(s, "duplicate key") {
			return luoshi.Errorf(luoshi.ECONFLICT, "target.letter.exists", l.Year)
		}
		return fmt.Errorf("create letter: %w", err)
	}
	l.ID = id
	return t.insertIndicators(ctx, l)
}

func (t *tx) insertIndicators(ctx context.Context, l *luoshi.Letter) error {
	for i := range l.Indicators {
		ind := &l.Indicators[i]
		ind.LetterID, ind.Position = l.ID, i+1
		profile, flags, err := indicatorJSON(ind)
		if err != nil {
			return err
		}
		id, err := t.insertID(ctx, `INSERT INTO target_indicators (letter_id, position, name, category, measure_unit,
			direction, accumulation, baseline, target, stretch, weight, period, profile, county_indicator, note, flags)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			l.ID, ind.Position, ind.Name, ind.Category, ind.MeasureUnit, string(ind.Direction), string(ind.Accumulation),
			ind.Baseline, ind.Target, ind.Stretch, ind.Weight, string(ind.Period), profile, ind.CountyIndicator, ind.Note, flags)
		if err != nil {
			return fmt.Errorf("create indicator: %w", err)
		}
		ind.ID = id
	}
	return nil
}

func indicatorJSON(ind *luoshi.Indicator) (profile, flags string, err error) {
	if len(ind.Profile) > 0 {
		b, err := json.Marshal(ind.Profile)
		if err != nil {
			return "", "", err
		}
		profile = string(b)
	}
	if ind.Flags == nil {
		ind.Flags = []luoshi.Flag{}
	}
	b, err := json.Marshal(ind.Flags)
	return profile, string(b), err
}

func (t *tx) UpdateLetter(ctx context.Context, l *luoshi.Letter, prevVersion int) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE target_letters SET state = $1, version = $2, updated_at = $3,
		submitted_at = $4, reviewed_at = $5, signed_at = $6, signed_by = $7 WHERE id = $8 AND version = $9`,
		string(l.State), l.Version, ms(l.UpdatedAt), msPtr(l.SubmittedAt), msPtr(l.ReviewedAt), msPtr(l.SignedAt),
		nullID(l.SignedBy), l.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update letter %d: %w", l.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &luoshi.Error{Code: luoshi.ECONFLICT, Key: "target.letter.stale", Message: "target.letter.stale"}
	}
	return nil
}

func (t *tx) ReplaceIndicators(ctx context.Context, l *luoshi.Letter) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM target_indicators WHERE letter_id = $1`, l.ID); err != nil {
		return fmt.Errorf("replace indicators: %w", err)
	}
	return t.insertIndicators(ctx, l)
}

func (t *tx) UpdateIndicator(ctx context.Context, ind *luoshi.Indicator) error {
	_, flags, err := indicatorJSON(ind)
	if err != nil {
		return err
	}
	_, err = t.tx.ExecContext(ctx, `UPDATE target_indicators SET target = $1, stretch = $2, flags = $3 WHERE id = $4`,
		ind.Target, ind.Stretch, flags, ind.ID)
	if err != nil {
		return fmt.Errorf("update indicator %d: %w", ind.ID, err)
	}
	return nil
}

type scanner = interface{ Scan(...any) error }

func scanLetter(s scanner) (*luoshi.Letter, error) {
	var l luoshi.Letter
	var state string
	var created, updated int64
	var submitted, reviewed, signed, signedBy sql.NullInt64
	if err := s.Scan(&l.ID, &l.RegionID, &l.UnitID, &l.Year, &state, &l.Version, &l.CreatedBy, &created, &updated,
		&submitted, &reviewed, &signed, &signedBy); err != nil {
		return nil, err
	}
	l.State, l.CreatedAt, l.UpdatedAt = luoshi.LetterState(state), fromMS(created), fromMS(updated)
	l.SubmittedAt, l.ReviewedAt, l.SignedAt = nullTime(submitted), nullTime(reviewed), nullTime(signed)
	l.SignedBy = signedBy.Int64
	l.Indicators = []luoshi.Indicator{}
	return &l, nil
}

func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

const indicatorCols = `id, letter_id, position, name, category, measure_unit, direction, accumulation, baseline,
	target, stretch, weight, period, profile, county_indicator, note, flags`

func scanIndicator(s scanner) (luoshi.Indicator, error) {
	var ind luoshi.Indicator
	var dir, acc, period, profile, flags string
	var stretch sql.NullFloat64
	if err := s.Scan(&ind.ID, &ind.LetterID, &ind.Position, &ind.Name, &ind.Category, &ind.MeasureUnit, &dir, &acc,
		&ind.Baseline, &ind.Target, &stretch, &ind.Weight, &period, &profile, &ind.CountyIndicator, &ind.Note, &flags); err != nil {
		return ind, err
	}
	ind.Direction, ind.Accumulation, ind.Period = luoshi.Direction(dir), luoshi.Accumulation(acc), luoshi.ReportPeriod(period)
	if stretch.Valid {
		ind.Stretch = &stretch.Float64
	}
	if profile != "" {
		if err := json.Unmarshal([]byte(profile), &ind.Profile); err != nil {
			return ind, fmt.Errorf("indicator %d profile: %w", ind.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(flags), &ind.Flags); err != nil {
		return ind, fmt.Errorf("indicator %d flags: %w", ind.ID, err)
	}
	if ind.Flags == nil {
		ind.Flags = []luoshi.Flag{}
	}
	return ind, nil
}

// withIndicators loads the indicators of the letters in one query.
func (t *tx) withIndicators(ctx context.Context, letters []*luoshi.Letter) error {
	if len(letters) == 0 {
		return nil
	}
	byID := make(map[int64]*luoshi.Letter, len(letters))
	ids := make([]int64, 0, len(letters))
	for _, l := range letters {
		byID[l.ID] = l
		ids = append(ids, l.ID)
	}
	w := &where{}
	q := `SELECT ` + indicatorCols + ` FROM target_indicators WHERE ` + w.in("letter_id", ids) + ` ORDER BY letter_id, position`
	rows, err := t.tx.QueryContext(ctx, q, w.args...)
	if err != nil {
		return fmt.Errorf("find indicators: %w", err)
	}
	inds, err := collect(rows, scanIndicator)
	if err != nil {
		return err
	}
	for _, ind := range inds {
		l := byID[ind.LetterID]
		l.Indicators = append(l.Indicators, ind)
	}
	return nil
}

func (t *tx) FindLetterByID(ctx context.Context, id int64) (*luoshi.Letter, error) {
	l, err := scanLetter(t.tx.QueryRowContext(ctx, `SELECT `+letterCols+` FROM target_letters WHERE id = $1`, id))
	if err != nil {
		return nil, notFound("target.letter.not_found", err)
	}
	return l, t.withIndicators(ctx, []*luoshi.Letter{l})
}

func (t *tx) FindLetter(ctx context.Context, unitID int64, year int) (*luoshi.Letter, error) {
	l, err := scanLetter(t.tx.QueryRowContext(ctx, `SELECT `+letterCols+` FROM target_letters
		WHERE unit_id = $1 AND year = $2`, unitID, year))
	if err != nil {
		return nil, notFound("target.letter.not_found", err)
	}
	return l, t.withIndicators(ctx, []*luoshi.Letter{l})
}

func (t *tx) FindLetters(ctx context.Context, f luoshi.LetterFilter) ([]*luoshi.Letter, error) {
	w := &where{}
	w.add(`region_id = ?`, f.RegionID)
	if f.Year != 0 {
		w.add(`year = ?`, f.Year)
	}
	if f.UnitIDs != nil {
		w.add(w.in("unit_id", f.UnitIDs))
	}
	if f.State != "" {
		w.add(`state = ?`, string(f.State))
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT `+letterCols+` FROM target_letters WHERE `+
		strings.Join(w.conds, " AND ")+` ORDER BY year DESC, unit_id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find letters: %w", err)
	}
	letters, err := collect(rows, scanLetter)
	if err != nil {
		return nil, err
	}
	return letters, t.withIndicators(ctx, letters)
}

func (t *tx) AppendLetterEvent(ctx context.Context, e *luoshi.LetterEvent, regionID int64) error {
	payload, err := json.Marshal(e.Data)
	if err != nil {
		return err
	}
	id, err := t.insertID(ctx, `INSERT INTO target_events (letter_id, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM target_events WHERE letter_id = $1), $3, $4, $5, $6)`,
		e.LetterID, regionID, e.Kind, e.ActorID, ms(e.At), string(payload))
	if err != nil {
		return fmt.Errorf("append letter event: %w", err)
	}
	e.ID = id
	return t.tx.QueryRowContext(ctx, `SELECT seq FROM target_events WHERE id = $1`, id).Scan(&e.Seq)
}

func (t *tx) FindLetterEvents(ctx context.Context, letterID int64) ([]luoshi.LetterEvent, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT e.id, e.letter_id, e.seq, e.kind, e.actor_id, COALESCE(u.name, ''), e.at, e.payload
		FROM target_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.letter_id = $1 ORDER BY e.seq`, letterID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (luoshi.LetterEvent, error) {
		var e luoshi.LetterEvent
		var at int64
		var payload string
		if err := s.Scan(&e.ID, &e.LetterID, &e.Seq, &e.Kind, &e.ActorID, &e.ActorName, &at, &payload); err != nil {
			return e, err
		}
		e.At = fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}
