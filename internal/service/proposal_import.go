package service

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// ProposalImport is what an import of a list of proposals did, or (a preview) would do.
type ProposalImport struct {
	Preview   bool             `json:"preview"`
	Count     int              `json:"count"`
	Proposals []ImportedPropos `json:"proposals"`
}

// ImportedPropos is one proposal of an import.
type ImportedPropos struct {
	ID        int64    `json:"id,omitempty"`
	Number    int      `json:"number"`
	Title     string   `json:"title"`
	Proposers []string `json:"proposers"`
}

// errPreview rolls a preview's transaction back.
var errPreview = errors.New("preview")

// ImportProposals reads the office's list of a session's proposals and creates them, all or
// nothing: every problem is reported by its cell (sheet, row, column) and nothing is stored
// while any remains. A preview checks and lists what would be created, storing nothing.
// The proposers are named as the list writes them and must be deputies' accounts of the
// region; the first leads.
func (s *Service) ImportProposals(ctx context.Context, a *luoshi.Actor, sessionID int64, r io.Reader, preview bool) (*ProposalImport, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	if s.Workbooks == nil {
		return nil, luoshi.Errorf(luoshi.EINTERNAL, "import.unavailable")
	}
	rows, err := s.Workbooks.ReadProposals(r)
	if err != nil {
		return nil, err
	}
	switch {
	case len(rows) == 0:
		return nil, luoshi.Invalid("file", "proposal.import.empty")
	case len(rows) > MaxImportRows:
		return nil, luoshi.Invalid("file", "import.too_many_rows", MaxImportRows)
	}
	res := &ProposalImport{Preview: preview, Proposals: []ImportedPropos{}}
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		ses, err := s.findSession(ctx, tx, a, sessionID)
		if err != nil {
			return err
		}
		if !proposal.Office(a, ses.Kind) {
			return forbidden("proposal.create.office_only")
		}
		ins, err := s.importInputs(ctx, tx, a, ses, rows)
		if err != nil {
			return err
		}
		for i, in := range ins {
			p, err := s.newProposal(ctx, tx, a, in, rows[i].Ref.Addr("")+".")
			if err != nil {
				return err
			}
			res.Proposals = append(res.Proposals, ImportedPropos{ID: p.ID, Number: p.Number, Title: p.Title, Proposers: rows[i].Proposers})
		}
		res.Count = len(res.Proposals)
		if preview {
			return errPreview
		}
		return s.audit(ctx, tx, a, "proposal.imported", "session:"+ses.Name, luoshi.OutcomeSuccess, "")
	})
	if errors.Is(err, errPreview) {
		for i := range res.Proposals {
			res.Proposals[i].ID = 0
		}
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// importInputs checks the rows against the region and the session — proposers known by
// name, numbers new and not repeated, titles present and short enough — reporting every
// problem by its cell, and returns the proposals to create.
func (s *Service) importInputs(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, ses *luoshi.ProposalSession, rows []luoshi.ProposalRow) ([]ProposalInput, error) {
	users, err := tx.FindUsers(ctx, a.RegionID, nil)
	if err != nil {
		return nil, err
	}
	deputies := map[string][]int64{}
	for _, u := range users {
		if slices.Contains(u.Roles, luoshi.RoleDeputy) {
			deputies[u.Name] = append(deputies[u.Name], u.ID)
		}
	}
	existing, err := tx.FindProposals(ctx, luoshi.ProposalFilter{RegionID: a.RegionID, SessionID: ses.ID})
	if err != nil {
		return nil, err
	}
	taken := map[int]bool{}
	for _, p := range existing {
		if p.ParentID == 0 {
			taken[p.Number] = true
		}
	}
	var v luoshi.Validation
	seen := map[int]int{}
	out := make([]ProposalInput, len(rows))
	for i, r := range rows {
		in := ProposalInput{SessionID: ses.ID, Number: r.Number, Title: r.Title, Content: r.Content, Category: r.Category,
			SuggestedUnit: r.SuggestedUnit}
		switch {
		case taken[r.Number]:
			v.AddCell(r.Ref, "number", "proposal.import.number_taken", r.Number, ses.Name)
		case seen[r.Number] != 0:
			v.AddCell(r.Ref, "number", "proposal.import.number_twice", r.Number, seen[r.Number])
		}
		seen[r.Number] = r.Ref.Row
		if r.Title == "" {
			v.AddCell(r.Ref, "title", "proposal.import.title_missing")
		}
		if len(r.Proposers) == 0 {
			v.AddCell(r.Ref, "proposers", "proposal.import.proposers_missing")
		}
		if n := len([]rune(r.Title)); n > MaxProposalTitle {
			v.AddCell(r.Ref, "title", "proposal.import.title_long", MaxProposalTitle, n)
		}
		if len([]rune(r.Content)) > MaxContentLen {
			v.AddCell(r.Ref, "content", "proposal.import.content_long", MaxContentLen)
		}
		for j, name := range r.Proposers {
			ids := deputies[name]
			switch len(ids) {
			case 1:
				in.Proposers = append(in.Proposers, ProposerInput{UserID: ids[0], Leading: j == 0, Delegation: r.Delegation})
			case 0:
				v.AddCell(r.Ref, "proposers", "proposal.import.proposer_unknown", name)
			default:
				v.AddCell(r.Ref, "proposers", "proposal.import.proposer_ambiguous", name)
			}
		}
		if r.ReceivedOn != "" {
			t, err := time.ParseInLocation("2006-01-02", r.ReceivedOn, s.loc)
			if err == nil {
				in.ReceivedOn = t
			}
		}
		in.Title = strings.TrimSpace(in.Title)
		out[i] = in
	}
	return out, v.Err()
}
