package store

import (
	"database/sql"
	"errors"
	"fmt"

	"luoshi/internal/luoshi"
)

// verify checks the copy inside its transaction, before it commits: every table gained
// exactly the source's rows (a merge leaves the deployment-wide tables as they were and adds
// one audit record of the import), every item arrived in the same state at the same version,
// and the target's audit trail verifies from its anchor to its head.
func (c *copier) verify() error {
	for _, ct := range c.res.Tables {
		now, err := countRows(c.ctx, c.dst, ct.Name)
		if err != nil {
			return err
		}
		want := c.before[ct.Name] + ct.Source
		switch {
		case c.o.Merge && ct.Name == "audit_log":
			want++
		case c.o.Merge && ct.Note != "":
			want = c.before[ct.Name]
		}
		if now != want || (ct.Note == "" && ct.Added != ct.Source) {
			return fmt.Errorf("check: %s holds %d rows after the copy, want %d (source %d, copied %d)",
				ct.Name, now, want, ct.Source, ct.Added)
		}
	}
	n, err := c.verifyItems()
	if err != nil {
		return err
	}
	c.res.Items = n
	c.res.Audit, err = c.verifyAudit()
	if err != nil {
		return err
	}
	c.logf("checked: row counts of %d tables, %d items' states and versions, %d audit records chained", len(c.res.Tables), c.res.Items, c.res.Audit)
	return nil
}

type itemState struct {
	region, code, state string
	version             int
}

// verifyItems compares each source item with the copy of it, in id order on both sides (a
// merge moves ids by one offset, which keeps their order).
func (c *copier) verifyItems() (int, error) {
	const q = `SELECT r.code, i.code, i.state, i.version FROM items i JOIN regions r ON r.id = i.region_id`
	srows, err := c.src.QueryContext(c.ctx, q+` ORDER BY i.id`)
	if err != nil {
		return 0, err
	}
	defer srows.Close()
	drows, err := c.dst.Query(c.ctx, q+` WHERE i.id > $1 ORDER BY i.id`, c.off("items"))
	if err != nil {
		return 0, err
	}
	defer drows.Close()
	n := 0
	for srows.Next() {
		var s, d itemState
		if err := srows.Scan(&s.region, &s.code, &s.state, &s.version); err != nil {
			return n, err
		}
		if !drows.Next() {
			return n, fmt.Errorf("check: item %s/%s is missing from the target", s.region, s.code)
		}
		if err := drows.Scan(&d.region, &d.code, &d.state, &d.version); err != nil {
			return n, err
		}
		if s != d {
			return n, fmt.Errorf("check: item %s/%s is %s v%d in the source but %s/%s %s v%d in the target",
				s.region, s.code, s.state, s.version, d.region, d.code, d.state, d.version)
		}
		n++
	}
	if err := srows.Err(); err != nil {
		return n, err
	}
	if drows.Next() {
		return n, errors.New("check: the target has more items than the source")
	}
	return n, drows.Err()
}

// verifyAudit walks the target's whole audit chain.
func (c *copier) verifyAudit() (int, error) {
	var anchor luoshi.AuditAnchor
	var head string
	if err := c.dst.QueryRow(c.ctx, `SELECT anchor, anchor_mac, hash FROM audit_head WHERE id = 1`).Scan(&anchor.Hash, &anchor.MAC, &head); err != nil {
		return 0, fmt.Errorf("check: audit head: %w", err)
	}
	if !c.o.Merge {
		var srcHead string
		err := c.src.QueryRowContext(c.ctx, `SELECT hash FROM audit_head WHERE id = 1`).Scan(&srcHead)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		if srcHead != head {
			return 0, fmt.Errorf("check: the target's audit head %q is not the source's %q", head, srcHead)
		}
	}
	rows, err := c.dst.Query(c.ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	v := luoshi.NewChainVerifier(c.o.AuditChain, anchor)
	if err := eachAudit(rows, v, nil); err != nil {
		return 0, err
	}
	if m := v.Finish(head); m.Key != "" {
		return v.Count, fmt.Errorf("check: the audit trail does not verify after the copy: %w", luoshi.Errorf(luoshi.EINTERNAL, m.Key, m.Args...))
	}
	if r := v.Last; r != nil {
		c.res.Head = luoshi.AuditMark{Seq: r.Seq, ID: r.ID, MAC: r.MAC, KeyID: r.KeyID}
	}
	return v.Count, nil
}

// rowIter is what both database/sql's and pgx's rows offer.
type rowIter interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// eachAudit reads audit records in chain order, checks each with v, then hands it to fn.
func eachAudit(rows rowIter, v *luoshi.ChainVerifier, fn func(*luoshi.AuditRecord) error) error {
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return err
		}
		v.Add(r)
		if fn != nil {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}
