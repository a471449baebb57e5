package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

// isUnique reports whether an error is a unique constraint's, on either database.
func isUnique(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "unique") || strings.Contains(s, "duplicate key")
}

func (t *tx) CreateProposalSession(ctx context.Context, s *luoshi.ProposalSession) error {
	id, err := t.insertID(ctx, `INSERT INTO proposal_sessions (region_id, name, kind, year, reply_months, rehandle_months, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.RegionID, s.Name, string(s.Kind), s.Year, s.ReplyMonths, s.RehandleMonths, ms(s.CreatedAt))
	if err != nil {
		if isUnique(err) {
			return luoshi.Errorf(luoshi.ECONFLICT, "proposal.session.exists", s.Name)
		}
		return fmt.Errorf("create proposal session: %w", err)
	}
	s.ID = id
	return nil
}

func (t *tx) UpdateProposalSession(ctx context.Context, s *luoshi.ProposalSession) error {
	res, err := t.tx.ExecContext(ctx, `UPDATE proposal_sessions SET name = $1, year = $2, reply_months = $3, rehandle_months = $4
		WHERE id = $5`, s.Name, s.Year, s.ReplyMonths, s.RehandleMonths, s.ID)
	if err != nil {
		if isUnique(err) {
			return luoshi.Errorf(luoshi.ECONFLICT, "proposal.session.exists", s.Name)
		}
		return fmt.Errorf("update proposal session %d: %w", s.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ENOTFOUND, "proposal.session.not_found")
	}
	return nil
}

const proposalSessionCols = `id, region_id, name, kind, year, reply_months, rehandle_months, created_at`

func scanProposalSession(s scanner) (*luoshi.ProposalSession, error) {
	var ps luoshi.ProposalSession
	var kind string
	var created int64
	if err := s.Scan(&ps.ID, &ps.RegionID, &ps.Name, &kind, &ps.Year, &ps.ReplyMonths, &ps.RehandleMonths, &created); err != nil {
		return nil, err
	}
	ps.Kind, ps.CreatedAt = luoshi.ProposalKind(kind), fromMS(created)
	return &ps, nil
}

func (t *tx) FindProposalSession(ctx context.Context, id int64) (*luoshi.ProposalSession, error) {
	s, err := scanProposalSession(t.tx.QueryRowContext(ctx, `SELECT `+proposalSessionCols+` FROM proposal_sessions WHERE id = $1`, id))
	return s, notFound("proposal.session.not_found", err)
}

func (t *tx) FindProposalSessions(ctx context.Context, regionID int64) ([]*luoshi.ProposalSession, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+proposalSessionCols+` FROM proposal_sessions WHERE region_id = $1
		ORDER BY year DESC, id`, regionID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanProposalSession)
}

// proposalColumns are the columns kept beside the document, for lists and statistics.
func proposalColumns(p *luoshi.Proposal) (class, verdict string, deadline any) {
	if r := p.LastReply(); r != nil {
		class = string(r.Class)
		if r.Evaluation != nil {
			verdict = string(r.Evaluation.Verdict)
		}
	}
	return class, verdict, msPtr(p.Deadline)
}

func (t *tx) CreateProposal(ctx context.Context, p *luoshi.Proposal) error {
	doc, err := json.Marshal(p)
	if err != nil {
		return err
	}
	class, verdict, deadline := proposalColumns(p)
	id, err := t.insertID(ctx, `INSERT INTO proposals (region_id, session_id, parent_id, kind, number, title, state,
		lead_unit_id, deadline, reply_class, verdict, version, doc, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		p.RegionID, p.SessionID, nullID(p.ParentID), string(p.Kind), p.Number, p.Title, string(p.State),
		nullID(p.LeadUnitID), deadline, class, verdict, p.Version, string(doc), ms(p.CreatedAt), ms(p.UpdatedAt))
	if err != nil {
		if isUnique(err) {
			return luoshi.Errorf(luoshi.ECONFLICT, "proposal.number.exists", p.Number)
		}
		return fmt.Errorf("create proposal: %w", err)
	}
	p.ID = id
	// The document keeps its own id.
	if _, err := t.tx.ExecContext(ctx, `UPDATE proposals SET doc = $1 WHERE id = $2`, mustJSON(p), id); err != nil {
		return err
	}
	return t.putProposalLinks(ctx, p)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// putProposalLinks replaces the proposal's rows of units and proposers.
func (t *tx) putProposalLinks(ctx context.Context, p *luoshi.Proposal) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM proposal_units WHERE proposal_id = $1`, p.ID); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM proposal_proposers WHERE proposal_id = $1`, p.ID); err != nil {
		return err
	}
	if p.LeadUnitID != 0 {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO proposal_units (proposal_id, unit_id, lead) VALUES ($1, $2, $3)`,
			p.ID, p.LeadUnitID, true); err != nil {
			return fmt.Errorf("proposal %d lead unit: %w", p.ID, err)
		}
	}
	for _, u := range p.CoUnitIDs {
		if u == p.LeadUnitID {
			continue
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO proposal_units (proposal_id, unit_id, lead) VALUES ($1, $2, $3)`,
			p.ID, u, false); err != nil {
			return fmt.Errorf("proposal %d co-unit: %w", p.ID, err)
		}
	}
	for _, q := range p.Proposers {
		if q.UserID == 0 {
			continue
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO proposal_proposers (proposal_id, user_id, is_leading) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, p.ID, q.UserID, q.Leading); err != nil {
			return fmt.Errorf("proposal %d proposer: %w", p.ID, err)
		}
	}
	return nil
}

func (t *tx) UpdateProposal(ctx context.Context, p *luoshi.Proposal, prevVersion int) error {
	class, verdict, deadline := proposalColumns(p)
	res, err := t.tx.ExecContext(ctx, `UPDATE proposals SET title = $1, state = $2, lead_unit_id = $3, deadline = $4,
		reply_class = $5, verdict = $6, version = $7, doc = $8, updated_at = $9 WHERE id = $10 AND version = $11`,
		p.Title, string(p.State), nullID(p.LeadUnitID), deadline, class, verdict, p.Version, mustJSON(p), ms(p.UpdatedAt),
		p.ID, prevVersion)
	if err != nil {
		return fmt.Errorf("update proposal %d: %w", p.ID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return luoshi.Errorf(luoshi.ECONFLICT, "proposal.stale")
	}
	return t.putProposalLinks(ctx, p)
}

func scanProposal(s scanner) (*luoshi.Proposal, error) {
	var doc string
	if err := s.Scan(&doc); err != nil {
		return nil, err
	}
	var p luoshi.Proposal
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("proposal document: %w", err)
	}
	return &p, nil
}

func (t *tx) FindProposalByID(ctx context.Context, id int64) (*luoshi.Proposal, error) {
	p, err := scanProposal(t.tx.QueryRowContext(ctx, `SELECT doc FROM proposals WHERE id = $1`, id))
	return p, notFound("proposal.not_found", err)
}

// FindProposals lists the proposals the filter selects, by session and number.
func (t *tx) FindProposals(ctx context.Context, f luoshi.ProposalFilter) ([]*luoshi.Proposal, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "p.region_id = "+arg(f.RegionID))
	if f.SessionID != 0 {
		where = append(where, "p.session_id = "+arg(f.SessionID))
	}
	if f.Kind != "" {
		where = append(where, "p.kind = "+arg(string(f.Kind)))
	}
	if f.State != "" {
		where = append(where, "p.state = "+arg(string(f.State)))
	}
	if f.Class != "" {
		where = append(where, "p.reply_class = "+arg(string(f.Class)))
	}
	if f.Verdict != "" {
		where = append(where, "p.verdict = "+arg(string(f.Verdict)))
	}
	if f.UnitID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM proposal_units u WHERE u.proposal_id = p.id AND u.unit_id = "+arg(f.UnitID)+")")
	}
	if f.Query != "" {
		where = append(where, "p.title LIKE "+arg(likePattern(f.Query))+" ESCAPE '\\'")
	}
	var vis []string
	if f.Units != nil {
		ids := make([]string, len(f.Units))
		for i, u := range f.Units {
			ids[i] = arg(u)
		}
		if len(ids) > 0 {
			vis = append(vis, "EXISTS (SELECT 1 FROM proposal_units u WHERE u.proposal_id = p.id AND u.unit_id IN ("+strings.Join(ids, ", ")+"))")
		}
	}
	if f.Proposer != 0 {
		vis = append(vis, "EXISTS (SELECT 1 FROM proposal_proposers q WHERE q.proposal_id = p.id AND q.user_id = "+arg(f.Proposer)+")")
	}
	if f.Kinds != nil {
		ks := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			ks[i] = arg(string(k))
		}
		if len(ks) > 0 {
			vis = append(vis, "p.kind IN ("+strings.Join(ks, ", ")+")")
		}
	}
	if f.Units != nil || f.Proposer != 0 || f.Kinds != nil {
		if len(vis) == 0 {
			return nil, nil
		}
		where = append(where, "("+strings.Join(vis, " OR ")+")")
	}
	q := `SELECT p.doc FROM proposals p WHERE ` + strings.Join(where, " AND ") + ` ORDER BY p.session_id, p.number, p.id`
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset)
	}
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find proposals: %w", err)
	}
	return collect(rows, scanProposal)
}

func (t *tx) AppendProposalEvent(ctx context.Context, e *luoshi.ProposalEvent, regionID int64) error {
	id, err := t.insertID(ctx, `INSERT INTO proposal_events (proposal_id, region_id, seq, kind, actor_id, at, payload)
		VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM proposal_events WHERE proposal_id = $1), $3, $4, $5, $6)`,
		e.ProposalID, regionID, e.Kind, e.ActorID, ms(e.At), mustJSON(e.Data))
	if err != nil {
		return fmt.Errorf("append proposal event: %w", err)
	}
	e.ID = id
	return t.tx.QueryRowContext(ctx, `SELECT seq FROM proposal_events WHERE id = $1`, id).Scan(&e.Seq)
}

func (t *tx) FindProposalEvents(ctx context.Context, proposalID int64) ([]luoshi.ProposalEvent, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT e.id, e.proposal_id, e.seq, e.kind, e.actor_id, COALESCE(u.name, ''), e.at, e.payload
		FROM proposal_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.proposal_id = $1 ORDER BY e.seq`, proposalID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (luoshi.ProposalEvent, error) {
		var e luoshi.ProposalEvent
		var at int64
		var payload string
		if err := s.Scan(&e.ID, &e.ProposalID, &e.Seq, &e.Kind, &e.ActorID, &e.ActorName, &at, &payload); err != nil {
			return e, err
		}
		e.At = fromMS(at)
		return e, json.Unmarshal([]byte(payload), &e.Data)
	})
}
