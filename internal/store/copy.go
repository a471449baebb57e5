package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"luoshi/internal/luoshi"
)

// CopyOptions say how Copy moves a database's regions into a PostgreSQL database.
type CopyOptions struct {
	// Merge adds the source's regions to a target that already holds others, under new
	// ids; without it the target must hold no regions, accounts, items or audit records,
	// and every row keeps its id.
	Merge bool
	// ParentCode, with Merge, puts the copied regions' top under this region of the target
	// (a city above the county).
	ParentCode string
	// AuditChain is the audit trail's chain (SM3, and HMAC-SM3 with the key file): Copy
	// verifies the chain with it, and in a merge appends the source's records to the
	// target's chain with it, signed under the current key.
	AuditChain *luoshi.AuditChain
	// Log, if set, receives a line per table.
	Log io.Writer
	// Now is the time of the merge's import record; zero means the clock.
	Now time.Time
}

// CopyResult tells what Copy moved and verified.
type CopyResult struct {
	Regions []string         // codes of the copied regions
	Tables  []CopiedTable    // in the order copied
	Items   int              // items whose state and version were compared
	Audit   int              // audit records in the target's verified chain
	Head    luoshi.AuditMark // the target's last audit record, for its head file
	Offsets map[string]int64
}

// CopiedTable is one table's rows in the source and what the target gained.
type CopiedTable struct {
	Name   string
	Source int64
	Added  int64
	Note   string
}

// globalTables hold the deployment's settings, not a region's: a merge keeps the target's.
var globalTables = []string{"settings", "calendar_days", "leases", "notify_meta", "audit_head"}

// Copy moves the whole of src into the PostgreSQL database dst, in one transaction of dst
// under the write lock: every table in foreign-key order through COPY, then the identity
// sequences, then the checks — row counts, each item's state and version, and the audit
// chain — before it commits. Anything wrong rolls the whole copy back and leaves dst as it
// was. src is read in one snapshot, so a server may keep running on it.
func Copy(ctx context.Context, src, dst *DB, o CopyOptions) (*CopyResult, error) {
	if dst.dialect != DialectPostgres {
		return nil, errors.New("copy: the target must be PostgreSQL")
	}
	if o.AuditChain == nil {
		return nil, errors.New("copy: no audit chain")
	}
	if o.ParentCode != "" && !o.Merge {
		return nil, errors.New("copy: --parent-code goes with --merge (the parent must already be in the target)")
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	stx, err := src.begin(ctx, src.r, true)
	if err != nil {
		return nil, fmt.Errorf("copy: read the source: %w", err)
	}
	defer stx.Rollback()
	plan, err := planCopy(ctx, stx, src.dialect, dst, o.Merge)
	if err != nil {
		return nil, err
	}
	conn, err := dst.w.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var res *CopyResult
	err = conn.Raw(func(dc any) error {
		ptx, err := dc.(*stdlib.Conn).Conn().Begin(ctx)
		if err != nil {
			return err
		}
		defer ptx.Rollback(ctx)
		c := &copier{ctx: ctx, src: stx, dst: ptx, plan: plan, o: o, res: &CopyResult{Offsets: map[string]int64{}}}
		if err := c.run(); err != nil {
			return err
		}
		res = c.res
		// A server on the target keeps answers under the data version: the copy changes them.
		if _, err := ptx.Exec(ctx, `UPDATE data_version SET n = n + 1 WHERE id = 1`); err != nil {
			return fmt.Errorf("data version: %w", err)
		}
		return ptx.Commit(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("copy (nothing was written): %w", err)
	}
	// The planner knows nothing of rows that arrived by COPY until the tables are analysed;
	// autovacuum would get there, but the first dashboards should not wait for it.
	for _, t := range plan {
		if _, err := dst.w.ExecContext(ctx, `ANALYZE `+t.name); err != nil {
			return res, fmt.Errorf("copy: committed, but ANALYZE %s: %w", t.name, err)
		}
	}
	return res, nil
}

// copier is one run of Copy.
type copier struct {
	ctx  context.Context
	src  *sql.Tx
	dst  pgx.Tx
	plan []*copyTable
	o    CopyOptions
	res  *CopyResult
	// merge: the id of the region the copied top regions go under, and the target's
	// row counts before the copy.
	parentID *int64
	before   map[string]int64
}

func (c *copier) logf(format string, args ...any) {
	if c.o.Log != nil {
		fmt.Fprintf(c.o.Log, format+"\n", args...)
	}
}

func (c *copier) run() error {
	if _, err := c.dst.Exec(c.ctx, `SELECT pg_advisory_xact_lock($1)`, writeLockKey); err != nil {
		return err
	}
	var err error
	if c.res.Regions, err = queryStrings(c.ctx, c.src, `SELECT code FROM regions ORDER BY code`); err != nil {
		return err
	}
	if err := c.prepareTarget(); err != nil {
		return err
	}
	for _, t := range c.plan {
		if err := c.copyTable(t); err != nil {
			return fmt.Errorf("table %s: %w", t.name, err)
		}
	}
	if err := c.resetSequences(); err != nil {
		return err
	}
	return c.verify()
}

// prepareTarget checks that the target may take the copy, and in a merge works out the new
// ids; a fresh copy clears the rows the migrations seeded (the audit head, the scheduler's
// lease) and any settings, for the source's.
func (c *copier) prepareTarget() error {
	c.before = map[string]int64{}
	for _, t := range c.plan {
		n, err := countRows(c.ctx, c.dst, t.name)
		if err != nil {
			return err
		}
		c.before[t.name] = n
	}
	if !c.o.Merge {
		if n := c.before["regions"] + c.before["users"] + c.before["items"] + c.before["audit_log"]; n > 0 {
			return errors.New("the target is not empty (it has regions, accounts, items or audit records); " +
				"give --merge to add the source's regions to it")
		}
		for i := len(c.plan) - 1; i >= 0; i-- {
			if t := c.plan[i]; c.before[t.name] > 0 {
				if _, err := c.dst.Exec(c.ctx, `DELETE FROM `+t.name); err != nil {
					return fmt.Errorf("clear %s: %w", t.name, err)
				}
				c.before[t.name] = 0
			}
		}
		return nil
	}
	if err := c.checkCollisions(); err != nil {
		return err
	}
	for _, t := range c.plan {
		if !t.hasID {
			continue
		}
		var max int64
		if err := c.dst.QueryRow(c.ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t.name).Scan(&max); err != nil {
			return err
		}
		c.res.Offsets[t.name] = max
	}
	if c.o.ParentCode != "" {
		var id int64
		if err := c.dst.QueryRow(c.ctx, `SELECT id FROM regions WHERE code = $1`, c.o.ParentCode).Scan(&id); err != nil {
			return fmt.Errorf("--parent-code %s: no such region in the target", c.o.ParentCode)
		}
		c.parentID = &id
	}
	return nil
}

// checkCollisions refuses a merge of a region the target already has, or of accounts whose
// usernames the target already uses (people sign in by them; renaming is theirs to decide).
func (c *copier) checkCollisions() error {
	for _, q := range []struct{ what, query string }{
		{"regions", `SELECT code FROM regions ORDER BY code`},
		{"usernames", `SELECT username FROM users ORDER BY username`},
	} {
		names, err := queryStrings(c.ctx, c.src, q.query)
		if err != nil {
			return err
		}
		col := map[string]string{"regions": "code", "usernames": "username"}[q.what]
		table := map[string]string{"regions": "regions", "usernames": "users"}[q.what]
		prows, err := c.dst.Query(c.ctx, `SELECT `+col+` FROM `+table+` WHERE `+col+` = ANY($1) ORDER BY 1`, names)
		if err != nil {
			return err
		}
		taken, err := pgx.CollectRows(prows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if len(taken) > 0 {
			if len(taken) > 10 {
				taken = append(taken[:10], "…")
			}
			return fmt.Errorf("the target already has these %s: %s", q.what, strings.Join(taken, ", "))
		}
	}
	return nil
}

func countRows(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, table string) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n)
	return n, err
}

// copyTable streams one table from the source into the target through COPY, in chunks so
// that the target's foreign-key checks of one statement stay bounded.
func (c *copier) copyTable(t *copyTable) error {
	var n int64
	if err := c.src.QueryRowContext(c.ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&n); err != nil {
		return err
	}
	ct := CopiedTable{Name: t.name, Source: n}
	switch {
	case c.o.Merge && t.name == "audit_log":
		added, err := c.mergeAudit(t)
		if err != nil {
			return err
		}
		ct.Added, ct.Note = added, "appended to the target's chain"
	case c.o.Merge && slices.Contains(globalTables, t.name):
		ct.Note = "kept the target's (deployment-wide)"
	default:
		added, err := c.stream(t)
		if err != nil {
			return err
		}
		ct.Added = added
	}
	c.res.Tables = append(c.res.Tables, ct)
	c.logf("  %-22s %10d rows  %s", t.name, ct.Added, ct.Note)
	return nil
}

// copyChunk is how many rows go into one COPY statement.
const copyChunk = 50_000

func (c *copier) stream(t *copyTable) (int64, error) {
	order := ""
	if t.hasID {
		order = ` ORDER BY id`
	}
	rows, err := c.src.QueryContext(c.ctx, `SELECT `+strings.Join(t.colNames(), ", ")+` FROM `+t.name+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	conv := c.converter(t)
	var total int64
	for {
		s := &rowSource{rows: rows, limit: copyChunk, width: len(t.cols), conv: conv}
		n, err := c.dst.CopyFrom(c.ctx, pgx.Identifier{t.name}, t.colNames(), s)
		if err == nil {
			err = s.err
		}
		if err != nil {
			return total, err
		}
		total += n
		if s.done {
			return total, rows.Err()
		}
	}
}

// rowSource feeds COPY from the source's rows, up to limit of them.
type rowSource struct {
	rows  *sql.Rows
	limit int
	width int
	n     int
	vals  []any
	conv  func([]any) error
	err   error
	done  bool
}

func (s *rowSource) Next() bool {
	if s.n >= s.limit || s.err != nil {
		return false
	}
	if !s.rows.Next() {
		s.done = true
		return false
	}
	s.n++
	s.vals = make([]any, s.width)
	ptrs := make([]any, s.width)
	for i := range s.vals {
		ptrs[i] = &s.vals[i]
	}
	if s.err = s.rows.Scan(ptrs...); s.err == nil {
		s.err = s.conv(s.vals)
	}
	return s.err == nil
}

func (s *rowSource) Values() ([]any, error) { return s.vals, s.err }
func (s *rowSource) Err() error             { return s.err }

// resetSequences moves the identity sequences past the copied ids.
func (c *copier) resetSequences() error {
	for _, t := range c.plan {
		if !t.hasID || !t.identity {
			continue
		}
		if _, err := c.dst.Exec(c.ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'),
			COALESCE((SELECT MAX(id) FROM `+t.name+`), 0) + 1, false)`, t.name); err != nil {
			return fmt.Errorf("sequence of %s: %w", t.name, err)
		}
	}
	return nil
}
