package service

import (
	"context"
	"io"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// ProposalStats are a session's figures for the annual report, in all and per lead unit,
// over the proposals the reader sees.
type ProposalStats struct {
	Session *luoshi.ProposalSession `json:"session"`
	Total   proposal.Figures        `json:"total"`
	Units   []UnitProposalFigures   `json:"units"`
}

// UnitProposalFigures are one lead unit's figures, with its name.
type UnitProposalFigures struct {
	proposal.UnitFigures
	UnitName string `json:"unit_name"`
}

// visibleProposals lists a session's proposals the actor sees.
func (s *Service) visibleProposals(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, sessionID int64) (*luoshi.ProposalSession, []*luoshi.Proposal, error) {
	ses, err := s.findSession(ctx, tx, a, sessionID)
	if err != nil {
		return nil, nil, err
	}
	f := luoshi.ProposalFilter{RegionID: a.RegionID, SessionID: ses.ID}
	visibleTo(a, &f)
	ps, err := tx.FindProposals(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		if proposal.Sees(a, p) {
			out = append(out, p)
		}
	}
	return ses, out, nil
}

// SessionStats computes a session's figures: received, assigned, replied on time or late,
// by class, by the proposers' verdicts, and promises kept (their items completed).
func (s *Service) SessionStats(ctx context.Context, a *luoshi.Actor, sessionID int64) (*ProposalStats, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	var out *ProposalStats
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		ses, ps, err := s.visibleProposals(ctx, tx, a, sessionID)
		if err != nil {
			return err
		}
		done := map[int64]bool{}
		var failed error
		kept := func(id int64) bool {
			if v, ok := done[id]; ok {
				return v
			}
			it, err := tx.FindItemByID(ctx, id)
			if err != nil {
				failed = err
				return false
			}
			done[id] = it.State == luoshi.StateCompleted
			return done[id]
		}
		total, units := proposal.Tally(ps, kept)
		if failed != nil {
			return failed
		}
		names, err := unitMap(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		out = &ProposalStats{Session: ses, Total: total, Units: make([]UnitProposalFigures, len(units))}
		for i, u := range units {
			out.Units[i] = UnitProposalFigures{UnitFigures: u, UnitName: unitName(names, u.UnitID)}
		}
		return nil
	})
	return out, err
}

// ExportProposals writes a session's ledger of proposals (办理台账) as a workbook.
func (s *Service) ExportProposals(ctx context.Context, a *luoshi.Actor, sessionID int64, out io.Writer) error {
	if err := requireProposals(a); err != nil {
		return err
	}
	if s.Workbooks == nil {
		return luoshi.Errorf(luoshi.EINTERNAL, "import.unavailable")
	}
	var lines []luoshi.ProposalLine
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		ses, ps, err := s.visibleProposals(ctx, tx, a, sessionID)
		if err != nil {
			return err
		}
		names, err := unitMap(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			lines = append(lines, lineOf(ses, p, names))
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.Workbooks.WriteProposals(out, lines, s.loc)
}

func unitName(units map[int64]*luoshi.Unit, id int64) string {
	if u := units[id]; u != nil {
		return u.Name
	}
	return ""
}

func lineOf(ses *luoshi.ProposalSession, p *luoshi.Proposal, names map[int64]*luoshi.Unit) luoshi.ProposalLine {
	l := luoshi.ProposalLine{Session: ses.Name, Kind: p.Kind, Number: p.Number, Title: p.Title, Category: p.Category,
		State: p.State, LeadUnit: unitName(names, p.LeadUnitID), Deadline: p.Deadline}
	var who, co []string
	for _, q := range p.Proposers {
		who = append(who, q.Name)
	}
	for _, u := range p.CoUnitIDs {
		co = append(co, unitName(names, u))
	}
	l.Proposers, l.CoUnits = strings.Join(who, "、"), strings.Join(co, "、")
	if len(p.Replies) > 0 {
		first, last := p.Replies[0], p.LastReply()
		l.RepliedAt, l.Late, l.Class = &first.At, first.Late, last.Class
		for _, r := range p.Replies {
			if r.Evaluation != nil {
				l.Verdict = r.Evaluation.Verdict
			}
			for _, pr := range r.Promises {
				if pr.ItemID != 0 {
					l.Items++
				}
			}
		}
	}
	return l
}

// ReplyLetter is what the reply letter (答复函) to a proposal is written from.
type ReplyLetter struct {
	Proposal *luoshi.Proposal
	Session  *luoshi.ProposalSession
	Reply    luoshi.Reply
	Unit     string
	// Units names the region's units by id, for the promises.
	Units map[int64]string
	Loc   *time.Location
}

// ReplyLetterOf returns what the reply letter of a proposal's reply is written from: the
// reply of the round (0: the latest), for whoever sees the proposal.
func (s *Service) ReplyLetterOf(ctx context.Context, a *luoshi.Actor, id int64, round int) (*ReplyLetter, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	var out *ReplyLetter
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		p, err := s.findProposal(ctx, tx, a, id)
		if err != nil {
			return err
		}
		var r *luoshi.Reply
		for i := range p.Replies {
			if round == 0 || p.Replies[i].Round == round {
				r = &p.Replies[i]
			}
		}
		if r == nil {
			return luoshi.Errorf(luoshi.ECONFLICT, "proposal.letter.no_reply")
		}
		ses, err := tx.FindProposalSession(ctx, p.SessionID)
		if err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, p.RegionID)
		if err != nil {
			return err
		}
		out = &ReplyLetter{Proposal: p, Session: ses, Reply: *r, Unit: unitName(units, r.UnitID), Units: map[int64]string{}, Loc: s.loc}
		for id, u := range units {
			out.Units[id] = u.Name
		}
		return nil
	})
	return out, err
}

// LetterParts are the reply letter's parts as messages by key, for a surface to render in
// a language: the .docx (always Chinese) and the printable page.
type LetterParts struct {
	Issuer, Signature, Date string
	Number, SignedBy        luoshi.Msg
	Title, Recipient, Note  luoshi.Msg
	Body                    []luoshi.Msg
}

// Parts writes the letter: the lead unit as issuer, the letter's number, its signer, the
// leading proposer addressed, the reply's paragraphs, each promise, the thanks, the class.
func (l *ReplyLetter) Parts() LetterParts {
	p, r := l.Proposal, l.Reply
	kind := string(p.Kind)
	leading := ""
	for _, q := range p.Proposers {
		if q.Leading {
			leading = q.Name
		}
	}
	day := func(t time.Time) string { return t.In(l.Loc).Format("2006年1月2日") }
	out := LetterParts{Issuer: l.Unit, Signature: l.Unit, Date: day(r.At),
		Number:    luoshi.M("proposal.letter.number", l.Session.Year, p.Number),
		SignedBy:  luoshi.M("proposal.letter.signed_by", r.Signer),
		Title:     luoshi.M("proposal.letter.title", l.Session.Name, p.Number, luoshi.M("proposal.letter.kind."+kind)),
		Recipient: luoshi.M("proposal.letter.to."+kind, leading),
		Note:      luoshi.M("proposal.letter.class", luoshi.M("proposal.class."+string(r.Class))),
		Body:      []luoshi.Msg{luoshi.M("proposal.letter.opening", p.Title)}}
	for _, para := range strings.Split(r.Text, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			out.Body = append(out.Body, luoshi.M("text.plain", para))
		}
	}
	for _, pr := range r.Promises {
		out.Body = append(out.Body, luoshi.M("proposal.letter.promise", pr.Text, day(pr.Due), l.Units[pr.UnitID]))
	}
	out.Body = append(out.Body, luoshi.M("proposal.letter.thanks"))
	return out
}
