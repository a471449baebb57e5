package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"luoshi/internal/luoshi"
)

// Bulk loads a large synthetic dataset (the benchmark generator's) into an empty database
// with multi-row INSERTs in big transactions: the same SQL text on PostgreSQL, with $N
// placeholders. The caller assigns every id. Rows are marshalled in the caller's goroutine
// and written by one writer goroutine, so generating and writing use two cores.
//
// On SQLite the load runs without a rollback journal, without fsync and with the secondary
// indexes dropped (they are rebuilt, sorted, by Close): a load that fails leaves a database to
// delete, never one to serve. Close puts the database back into WAL mode.
type Bulk struct {
	ctx    context.Context
	db     *sql.DB
	conn   *sql.Conn
	tables []*bulkTable // in foreign-key order: a table's rows go out after those before it
	byName map[string]*bulkTable

	batches chan bulkBatch
	done    chan error
	indexes []string // CREATE INDEX statements to run again on Close
	closed  bool
}

type bulkTable struct {
	name string
	cols []string
	per  int // rows per INSERT statement
	args []any
	n    int
}

type bulkBatch struct {
	t    *bulkTable
	args []any
	n    int
}

// bulkCommitRows is how many rows go into one transaction.
const bulkCommitRows = 200_000

// bulkTables lists the tables Bulk writes, parents first.
var bulkTables = []struct {
	name string
	cols []string
}{
	{"regions", []string{"id", "code", "name", "tz", "created_at"}},
	{"units", []string{"id", "region_id", "name", "kind", "parent_id", "credit_code", "created_at"}},
	{"leaders", []string{"id", "region_id", "name", "post", "rank", "all_units"}},
	{"portfolios", []string{"leader_id", "unit_id"}},
	{"users", []string{"id", "region_id", "unit_id", "username", "name", "password_hash", "leader_id", "disabled", "created_at",
		"password_changed_at"}},
	{"user_roles", []string{"user_id", "role"}},
	{"item_numbers", []string{"region_id", "year", "last"}},
	{"items", []string{"id", "region_id", "code", "parent_id", "title", "source", "priority", "lead_unit_id", "leader_id",
		"state", "deadline", "percent", "yellow_at", "red_at", "on_time", "version", "created_at", "updated_at", "doc",
		"behind_at", "ahead_until"}},
	{"item_co_units", []string{"item_id", "unit_id", "state", "deadline", "yellow_at", "red_at", "behind_at", "ahead_until"}},
	{"events", []string{"id", "item_id", "region_id", "seq", "kind", "actor_id", "at", "payload"}},
}

// OpenBulk opens the database named by dsn for a bulk load: it applies the migrations, checks
// that no region exists yet, and prepares the connection.
func OpenBulk(ctx context.Context, dsn string) (*Bulk, error) {
	db, err := Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	var n int
	err = db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n)
	db.Close()
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, errors.New("bulk load: the database already has data; use a new file")
	}
	_, file, _ := strings.Cut(dsn, ":")
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "foreign_keys(0)", "synchronous(OFF)",
		"cache_size(-262144)", "temp_store(MEMORY)", "locking_mode(EXCLUSIVE)"} {
		q.Add("_pragma", p)
	}
	sdb, err := sql.Open("sqlite", SQLiteDSN(file, q))
	if err != nil {
		return nil, err
	}
	sdb.SetMaxOpenConns(1)
	b := &Bulk{ctx: ctx, db: sdb, byName: map[string]*bulkTable{}, batches: make(chan bulkBatch, 8), done: make(chan error, 1)}
	if err := b.prepare(); err != nil {
		sdb.Close()
		return nil, err
	}
	for _, t := range bulkTables {
		bt := &bulkTable{name: t.name, cols: t.cols, per: min(500, 30000/len(t.cols))}
		b.tables = append(b.tables, bt)
		b.byName[t.name] = bt
	}
	go b.write()
	return b, nil
}

// prepare takes the one connection, leaves WAL for the load and drops secondary indexes.
func (b *Bulk) prepare() error {
	conn, err := b.db.Conn(b.ctx)
	if err != nil {
		return err
	}
	b.conn = conn
	var mode string
	if err := conn.QueryRowContext(b.ctx, `PRAGMA journal_mode = OFF`).Scan(&mode); err != nil {
		return fmt.Errorf("bulk load: journal mode: %w", err)
	}
	rows, err := conn.QueryContext(b.ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('items', 'events', 'item_co_units', 'users', 'tokens')`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			return err
		}
		names, b.indexes = append(names, name), append(b.indexes, stmt)
	}
	rows.Close()
	for _, name := range names {
		if _, err := conn.ExecContext(b.ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("bulk load: drop index %s: %w", name, err)
		}
	}
	return nil
}

// write is the writer goroutine: it runs every batch, committing every bulkCommitRows rows.
func (b *Bulk) write() {
	var err error
	var tx *sql.Tx
	stmts := map[*bulkTable]*sql.Stmt{}
	rows := 0
	for batch := range b.batches {
		if err != nil {
			continue // drain; the first error is reported
		}
		if tx == nil {
			if tx, err = b.conn.BeginTx(b.ctx, nil); err != nil {
				continue
			}
			clear(stmts)
		}
		err = b.exec(tx, stmts, batch)
		if rows += batch.n; err == nil && rows >= bulkCommitRows {
			err, tx, rows = tx.Commit(), nil, 0
		}
	}
	if tx != nil {
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
	}
	b.done <- err
}

func (b *Bulk) exec(tx *sql.Tx, stmts map[*bulkTable]*sql.Stmt, batch bulkBatch) error {
	t := batch.t
	if batch.n != t.per {
		_, err := tx.ExecContext(b.ctx, insertSQL(t.name, t.cols, batch.n), batch.args...)
		return wrapBulk(t.name, err)
	}
	st := stmts[t]
	if st == nil {
		var err error
		if st, err = tx.PrepareContext(b.ctx, insertSQL(t.name, t.cols, t.per)); err != nil {
			return wrapBulk(t.name, err)
		}
		stmts[t] = st
	}
	_, err := st.ExecContext(b.ctx, batch.args...)
	return wrapBulk(t.name, err)
}

func wrapBulk(table string, err error) error {
	if err != nil {
		return fmt.Errorf("bulk insert into %s: %w", table, err)
	}
	return nil
}

// insertSQL is one multi-row INSERT. PostgreSQL numbers its placeholders ($N); SQLite gets
// anonymous ones (?), because it looks a numbered one up by name in a list, which makes
// binding thousands of them quadratic.
func insertSQL(table string, cols []string, rows int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for r := 0; r < rows; r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := range cols {
			if c > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('?') // PostgreSQL: "$" + strconv.Itoa(r*len(cols)+c+1)
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

// add buffers one row of a table, sending a full batch to the writer (after the pending rows
// of the tables it refers to).
func (b *Bulk) add(table string, vals ...any) error {
	if b.closed {
		return errors.New("bulk load: closed")
	}
	t := b.byName[table]
	t.args = append(t.args, vals...)
	t.n++
	if t.n < t.per {
		return nil
	}
	for _, p := range b.tables {
		if p == t {
			break
		}
		b.send(p)
	}
	b.send(t)
	return nil
}

func (b *Bulk) send(t *bulkTable) {
	if t.n == 0 {
		return
	}
	b.batches <- bulkBatch{t: t, args: t.args, n: t.n}
	t.args, t.n = make([]any, 0, t.per*len(t.cols)), 0
}

// Region adds a region; r.ID must be set.
func (b *Bulk) Region(r *luoshi.Region) error {
	return b.add("regions", r.ID, r.Code, r.Name, r.TZ, ms(r.CreatedAt))
}

// Unit adds a unit; u.ID must be set.
func (b *Bulk) Unit(u *luoshi.Unit) error {
	return b.add("units", u.ID, u.RegionID, u.Name, u.Kind, u.ParentID, u.CreditCode, ms(u.CreatedAt))
}

// Leader adds a leader and the portfolio; l.ID must be set.
func (b *Bulk) Leader(l *luoshi.Leader) error {
	if err := b.add("leaders", l.ID, l.RegionID, l.Name, l.Post, l.Rank, l.AllUnits); err != nil {
		return err
	}
	for _, u := range l.Portfolio {
		if err := b.add("portfolios", l.ID, u); err != nil {
			return err
		}
	}
	return nil
}

// User adds an account and its roles, its password set when it was created (as CreateUser
// does); u.ID must be set.
func (b *Bulk) User(u *luoshi.User) error {
	if err := b.add("users", u.ID, u.RegionID, u.UnitID, u.Username, u.Name, u.PasswordHash, u.LeaderID,
		u.Disabled, ms(u.CreatedAt), ms(u.CreatedAt)); err != nil {
		return err
	}
	for _, r := range u.Roles {
		if err := b.add("user_roles", u.ID, string(r)); err != nil {
			return err
		}
	}
	return nil
}

// ItemNumber sets the last item number used in a region's year, so that items created later
// get the next one.
func (b *Bulk) ItemNumber(regionID int64, year, last int) error {
	return b.add("item_numbers", regionID, year, last)
}

// Item adds an item with its derived columns and co-units, as CreateItem and UpdateItem
// store it; it.ID must be set.
func (b *Bulk) Item(it *luoshi.Item, d luoshi.ItemDerived) error {
	doc, err := json.Marshal(it)
	if err != nil {
		return err
	}
	err = b.add("items", it.ID, it.RegionID, it.Code, it.ParentID, it.Title, string(it.Source), string(it.Priority),
		it.LeadUnitID, it.LeaderID, string(it.State), ms(it.Deadline), d.Percent, msPtr(d.YellowAt), msPtr(d.RedAt),
		it.OnTime, it.Version, ms(it.CreatedAt), ms(it.UpdatedAt), string(doc),
		msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil))
	if err != nil {
		return err
	}
	for _, u := range it.CoUnitIDs {
		if err := b.add("item_co_units", it.ID, u, string(it.State), ms(it.Deadline), msPtr(d.YellowAt), msPtr(d.RedAt),
			msPtr(d.Schedule.BehindAt), msPtr(d.Schedule.AheadUntil)); err != nil {
			return err
		}
	}
	return nil
}

// Event adds an event, as AppendEvent stores it; e.ID must be set.
func (b *Bulk) Event(e *luoshi.Event, regionID int64) error {
	payload, err := json.Marshal(e.Data)
	if err != nil {
		return err
	}
	return b.add("events", e.ID, e.ItemID, regionID, e.Seq, string(e.Kind), e.ActorID, ms(e.At), string(payload))
}

// Close writes what is buffered, commits, rebuilds the dropped indexes and puts the database
// back into WAL mode. After an error the database is not fit to serve.
func (b *Bulk) Close() error {
	if b.closed {
		return errors.New("bulk load: closed twice")
	}
	for _, t := range b.tables {
		b.send(t)
	}
	b.closed = true
	close(b.batches)
	err := <-b.done
	for _, stmt := range b.indexes {
		if err != nil {
			break
		}
		if _, err = b.conn.ExecContext(b.ctx, stmt); err != nil {
			err = fmt.Errorf("bulk load: %s: %w", stmt, err)
		}
	}
	if err == nil {
		var mode string
		err = b.conn.QueryRowContext(b.ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
		if err == nil && mode != "wal" {
			err = fmt.Errorf("bulk load: journal mode is %q, want wal", mode)
		}
	}
	return errors.Join(err, b.conn.Close(), b.db.Close())
}
