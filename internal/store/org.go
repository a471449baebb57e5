package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

// insertID runs an INSERT of one row and answers the row's id: on PostgreSQL with RETURNING,
// on SQLite read from the connection after the statement (sqlite3_last_insert_rowid, kept
// by the driver with the statement's result). SQLite's RETURNING keeps the rows it returns
// in a table of its own until the statement ends and the driver opens a result set for them:
// about twice the INSERT's own cost (BenchmarkInsertID), on the one writer, several times a
// write. A statement that inserted nothing (ON CONFLICT DO NOTHING) answers sql.ErrNoRows,
// as RETURNING's empty answer does; an upsert's update would not give its id, and none is
// sent here.
func (t *tx) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	if t.dialect == DialectPostgres {
		var id int64
		err := t.tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
		return id, err
	}
	return insertedID(t.tx.ExecContext(ctx, query, args...))
}

// insertedID is the id of the row a SQLite INSERT's result inserted.
func insertedID(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, sql.ErrNoRows
	}
	return res.LastInsertId()
}

func (t *tx) CreateRegion(ctx context.Context, r *luoshi.Region) error {
	id, err := t.insertID(ctx, `INSERT INTO regions (code, name, tz, created_at, parent_id) VALUES ($1, $2, $3, $4, $5)`,
		r.Code, r.Name, r.TZ, ms(r.CreatedAt), r.ParentID)
	if err != nil {
		return fmt.Errorf("create region: %w", err)
	}
	r.ID = id
	return nil
}

func (t *tx) UpdateRegion(ctx context.Context, r *luoshi.Region) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE regions SET name = $1, tz = $2, parent_id = $3 WHERE id = $4`,
		r.Name, r.TZ, r.ParentID, r.ID)
	if err != nil {
		return fmt.Errorf("update region %d: %w", r.ID, err)
	}
	return nil
}

const regionCols = `id, code, name, tz, created_at, parent_id`

func scanRegion(s interface{ Scan(...any) error }) (*luoshi.Region, error) {
	var r luoshi.Region
	var created int64
	var parent sql.NullInt64
	if err := s.Scan(&r.ID, &r.Code, &r.Name, &r.TZ, &created, &parent); err != nil {
		return nil, err
	}
	r.CreatedAt = fromMS(created)
	if parent.Valid {
		r.ParentID = &parent.Int64
	}
	return &r, nil
}

func (t *tx) FindRegionByID(ctx context.Context, id int64) (*luoshi.Region, error) {
	r, err := scanRegion(t.tx.QueryRowContext(ctx, `SELECT `+regionCols+` FROM regions WHERE id = $1`, id))
	return r, notFound("region.not_found", err)
}

func (t *tx) FindRegions(ctx context.Context) ([]*luoshi.Region, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+regionCols+` FROM regions ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanRegion)
}

func collect[T any](rows rowsScanner, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (t *tx) CreateUnit(ctx context.Context, u *luoshi.Unit) error {
	id, err := t.insertID(ctx, `INSERT INTO units (region_id, name, kind, parent_id, credit_code, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, u.RegionID, u.Name, u.Kind, u.ParentID, u.CreditCode, ms(u.CreatedAt))
	if err != nil {
		return uniqueErr(err, "name", "org.unit.name.taken", "create unit")
	}
	u.ID = id
	return nil
}

func (t *tx) UpdateUnit(ctx context.Context, u *luoshi.Unit) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE units SET name = $1, kind = $2, parent_id = $3, credit_code = $4 WHERE id = $5`,
		u.Name, u.Kind, u.ParentID, u.CreditCode, u.ID)
	return uniqueErr(err, "name", "org.unit.name.taken", "update unit")
}

// uniqueErr turns a unique-constraint violation into a validation error on field.
func uniqueErr(err error, field, key, op string) error {
	if err == nil {
		return nil
	}
	s := strings.ToLower(err.Error())
	if strings.Contains(s, "unique") || strings.Contains(s, "duplicate key") {
		return luoshi.Invalid(field, key)
	}
	return fmt.Errorf("%s: %w", op, err)
}

const unitCols = `id, region_id, name, kind, parent_id, credit_code, created_at`

func scanUnit(s interface{ Scan(...any) error }) (*luoshi.Unit, error) {
	var u luoshi.Unit
	var parent sql.NullInt64
	var created int64
	if err := s.Scan(&u.ID, &u.RegionID, &u.Name, &u.Kind, &parent, &u.CreditCode, &created); err != nil {
		return nil, err
	}
	if parent.Valid {
		u.ParentID = &parent.Int64
	}
	u.CreatedAt = fromMS(created)
	return &u, nil
}

func (t *tx) FindUnitByID(ctx context.Context, id int64) (*luoshi.Unit, error) {
	u, err := scanUnit(t.pipeQueryRow(ctx, `SELECT `+unitCols+` FROM units WHERE id = $1`, id))
	return u, notFound("unit.not_found", err)
}

func (t *tx) FindUnitsByID(ctx context.Context, ids []int64) ([]*luoshi.Unit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// The SQLite writer keeps the units it read until a unit changes (orgcache.go).
	var gen uint64
	if t.tx.org != nil {
		if us, ok := t.tx.org.getUnits(ids); ok {
			return us, nil
		}
		gen = t.tx.org.generation()
	}
	// As many placeholders as the next power of two (padToPow2): a statement for each list
	// length PostgreSQL plans once, where "id = ANY($1)" it planned again at every call (its
	// generic plan costs an array of unknown length above the custom plan's), ~40 µs of a
	// create's (docs/performance.md, "Where a PostgreSQL create's time goes, without
	// instruments").
	w := &where{}
	q := `SELECT ` + unitCols + ` FROM units WHERE ` + w.in("id", padToPow2(ids)) + ` ORDER BY id`
	var rows rowsScanner
	var err error
	if t.dialect == DialectPostgres {
		rows, err = t.pipeQuery(ctx, q, w.args...)
	} else {
		rows, err = t.tx.QueryContext(ctx, q, w.args...)
	}
	if err != nil {
		return nil, fmt.Errorf("find units: %w", err)
	}
	us, err := collect(rows, scanUnit)
	if err == nil && t.tx.org != nil {
		t.tx.org.putUnits(gen, us)
	}
	return us, err
}

func (t *tx) FindUnits(ctx context.Context, regionID int64) ([]*luoshi.Unit, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+unitCols+` FROM units WHERE region_id = $1 ORDER BY id`, regionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanUnit)
}

func (t *tx) CreateLeader(ctx context.Context, l *luoshi.Leader) error {
	id, err := t.insertID(ctx, `INSERT INTO leaders (region_id, name, post, rank, all_units) VALUES ($1, $2, $3, $4, $5)`,
		l.RegionID, l.Name, l.Post, l.Rank, l.AllUnits)
	if err != nil {
		return fmt.Errorf("create leader: %w", err)
	}
	l.ID = id
	if err := t.insertPortfolio(ctx, l); err != nil {
		return fmt.Errorf("create leader: %w", err)
	}
	return nil
}

// UpdateLeader writes a leader's name, post, rank and scope, and replaces the portfolio; a
// leader that does not exist is ENOTFOUND. The region stays as it was.
func (t *tx) UpdateLeader(ctx context.Context, l *luoshi.Leader) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE leaders SET name = $1, post = $2, rank = $3, all_units = $4 WHERE id = $5`,
		l.Name, l.Post, l.Rank, l.AllUnits, l.ID)
	if err != nil {
		return fmt.Errorf("update leader %d: %w", l.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update leader %d: %w", l.ID, err)
	}
	if n == 0 {
		return luoshi.Errorf(luoshi.ENOTFOUND, "leader.not_found")
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM portfolios WHERE leader_id = $1`, l.ID); err != nil {
		return fmt.Errorf("update leader %d: %w", l.ID, err)
	}
	if err := t.insertPortfolio(ctx, l); err != nil {
		return fmt.Errorf("update leader %d: %w", l.ID, err)
	}
	return nil
}

// insertPortfolio writes the portfolio rows (分管) of a leader that has none.
func (t *tx) insertPortfolio(ctx context.Context, l *luoshi.Leader) error {
	for _, u := range l.Portfolio {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO portfolios (leader_id, unit_id) VALUES ($1, $2)`, l.ID, u); err != nil {
			return fmt.Errorf("portfolio unit %d: %w", u, err)
		}
	}
	return nil
}

func (t *tx) FindLeaderByID(ctx context.Context, id int64) (*luoshi.Leader, error) {
	ls, err := t.findLeaders(ctx, `WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "leader.not_found")
	}
	return ls[0], nil
}

func (t *tx) FindLeaders(ctx context.Context, regionID int64) ([]*luoshi.Leader, error) {
	return t.findLeaders(ctx, `WHERE region_id = $1`, regionID)
}

func (t *tx) findLeaders(ctx context.Context, where string, arg any) ([]*luoshi.Leader, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT id, region_id, name, post, rank, all_units FROM leaders `+where+` ORDER BY rank, id`, arg)
	if err != nil {
		return nil, err
	}
	ls, err := collect(rows, func(s interface{ Scan(...any) error }) (*luoshi.Leader, error) {
		var l luoshi.Leader
		err := s.Scan(&l.ID, &l.RegionID, &l.Name, &l.Post, &l.Rank, &l.AllUnits)
		l.Portfolio = []int64{}
		return &l, err
	})
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		rows, err := t.tx.QueryContext(ctx, `SELECT unit_id FROM portfolios WHERE leader_id = $1 ORDER BY unit_id`, l.ID)
		if err != nil {
			return nil, err
		}
		if l.Portfolio, err = collectInt64(rows); err != nil {
			return nil, err
		}
	}
	return ls, nil
}

func collectInt64(rows *sql.Rows) ([]int64, error) {
	out, err := collect(rows, func(s interface{ Scan(...any) error }) (int64, error) {
		var v int64
		return v, s.Scan(&v)
	})
	if out == nil {
		out = []int64{}
	}
	return out, err
}

func (t *tx) CreateUser(ctx context.Context, u *luoshi.User) error {
	id, err := t.insertID(ctx, `INSERT INTO users (region_id, unit_id, username, name, password_hash, leader_id, disabled,
		created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
		u.RegionID, u.UnitID, u.Username, u.Name, u.PasswordHash, u.LeaderID, u.Disabled, ms(u.CreatedAt))
	if err != nil {
		return uniqueErr(err, "username", "org.user.username.taken", "create user")
	}
	u.ID = id
	for _, r := range u.Roles {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, string(r)); err != nil {
			return fmt.Errorf("create user role: %w", err)
		}
	}
	return nil
}

const userCols = `id, region_id, unit_id, username, name, password_hash, leader_id, disabled, created_at`

func scanUser(s interface{ Scan(...any) error }) (*luoshi.User, error) {
	var u luoshi.User
	var leader sql.NullInt64
	var created int64
	if err := s.Scan(&u.ID, &u.RegionID, &u.UnitID, &u.Username, &u.Name, &u.PasswordHash, &leader, &u.Disabled, &created); err != nil {
		return nil, err
	}
	if leader.Valid {
		u.LeaderID = &leader.Int64
	}
	u.CreatedAt = fromMS(created)
	return &u, nil
}

func (t *tx) withRoles(ctx context.Context, users []*luoshi.User) error {
	for _, u := range users {
		rows, err := t.tx.QueryContext(ctx, `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`, u.ID)
		if err != nil {
			return err
		}
		u.Roles, err = collect(rows, func(s interface{ Scan(...any) error }) (luoshi.Role, error) {
			var r string
			return luoshi.Role(r), s.Scan(&r)
		})
		if err != nil {
			return err
		}
		if u.Roles == nil {
			u.Roles = []luoshi.Role{}
		}
	}
	return nil
}

func (t *tx) findUser(ctx context.Context, where string, arg any) (*luoshi.User, error) {
	u, err := scanUser(t.tx.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
	if err != nil {
		return nil, notFound("user.not_found", err)
	}
	return u, t.withRoles(ctx, []*luoshi.User{u})
}

func (t *tx) FindUserByID(ctx context.Context, id int64) (*luoshi.User, error) {
	return t.findUser(ctx, `id = $1`, id)
}

func (t *tx) FindUserByUsername(ctx context.Context, username string) (*luoshi.User, error) {
	return t.findUser(ctx, `username = $1`, username)
}

func (t *tx) FindUsers(ctx context.Context, regionID int64, unitID *int64) ([]*luoshi.User, error) {
	q := `SELECT ` + userCols + ` FROM users WHERE region_id = $1`
	args := []any{regionID}
	if unitID != nil {
		q += ` AND unit_id = $2`
		args = append(args, *unitID)
	}
	rows, err := t.tx.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	users, err := collect(rows, scanUser)
	if err != nil {
		return nil, err
	}
	return users, t.withRoles(ctx, users)
}

func (t *tx) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

func (t *tx) CalendarDays(ctx context.Context) ([]luoshi.CalendarDay, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT day, kind, name FROM calendar_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (luoshi.CalendarDay, error) {
		var d luoshi.CalendarDay
		var kind string
		err := s.Scan(&d.Date, &kind, &d.Name)
		d.Kind = luoshi.DayKind(kind)
		return d, err
	})
}

func (t *tx) PutCalendarDay(ctx context.Context, d luoshi.CalendarDay) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name`, d.Date, string(d.Kind), d.Name)
	return err
}

func (t *tx) DeleteCalendarDay(ctx context.Context, date string) error {
	_, err := t.tx.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1`, date)
	return err
}
