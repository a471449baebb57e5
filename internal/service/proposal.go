package service

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// SessionInput is what creating or changing a session (届次) takes; zero months take the
// defaults (3 months to reply, 3 more after 不满意).
type SessionInput struct {
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	Year           int    `json:"year"`
	ReplyMonths    int    `json:"reply_months"`
	RehandleMonths int    `json:"rehandle_months"`
}

// ProposerInput names one proposer: a deputy's account, leading or joining, with the
// delegation or sector.
type ProposerInput struct {
	UserID     int64  `json:"user_id"`
	Leading    bool   `json:"leading"`
	Delegation string `json:"delegation"`
}

// ProposalInput is what creating a proposal takes.
type ProposalInput struct {
	SessionID     int64           `json:"session_id"`
	Number        int             `json:"number"`
	Title         string          `json:"title"`
	Content       string          `json:"content"`
	Proposers     []ProposerInput `json:"proposers"`
	Category      string          `json:"category"`
	ReceivedOn    time.Time       `json:"received_on"`
	SuggestedUnit string          `json:"suggested_unit"`
}

// Limits of a proposal's fields, in characters.
const (
	MaxSessionName   = 100
	MaxProposalTitle = 200
	MaxCategory      = 50
	MaxProposers     = 100
	MaxProposalNum   = 1_000_000
)

// PromiseItem is a B-class promise's supervision item as the proposal shows it: its light.
type PromiseItem struct {
	ItemID int64        `json:"item_id"`
	Code   string       `json:"code"`
	State  luoshi.State `json:"state"`
	Light  luoshi.Light `json:"light"`
}

// ProposalView is a proposal as a reader sees it: its facts, its session, the windows its
// rules count with, its promises' items with their lights, and what the reader may do now.
type ProposalView struct {
	*luoshi.Proposal
	Session    *luoshi.ProposalSession `json:"session"`
	DeclineBy  *time.Time              `json:"decline_by,omitempty"`
	OpinionDue *time.Time              `json:"opinion_due,omitempty"`
	Overdue    bool                    `json:"overdue"`
	Items      []PromiseItem           `json:"items"`
	Actions    []string                `json:"actions"`
	// UnitNames name the region's units, for the pages.
	UnitNames map[int64]string `json:"-"`
}

// UnitName names a unit of the proposal's region.
func (v *ProposalView) UnitName(id int64) string { return v.UnitNames[id] }

// requireProposals refuses an actor with no role under which proposals are read.
func requireProposals(a *luoshi.Actor) error {
	if !proposal.Reads(a) {
		return requireBusiness(a)
	}
	return nil
}

func (s *Service) checkSession(v *luoshi.Validation, in SessionInput) luoshi.ProposalSession {
	ses := luoshi.ProposalSession{Name: strings.TrimSpace(in.Name), Kind: luoshi.ProposalKind(in.Kind), Year: in.Year,
		ReplyMonths: in.ReplyMonths, RehandleMonths: in.RehandleMonths}
	checkText(v, "name", ses.Name, luoshi.M("proposal.field.session"), MaxSessionName, true)
	if !ses.Kind.Valid() {
		v.Add("kind", "proposal.kind.invalid")
	}
	if ses.Year < 2000 || ses.Year > 2100 {
		v.Add("year", "proposal.year.invalid")
	}
	if ses.ReplyMonths == 0 {
		ses.ReplyMonths = luoshi.DefaultReplyMonths
	}
	if ses.RehandleMonths == 0 {
		ses.RehandleMonths = luoshi.DefaultRehandleMonths
	}
	for field, n := range map[string]int{"reply_months": ses.ReplyMonths, "rehandle_months": ses.RehandleMonths} {
		if n < 1 || n > luoshi.MaxRuleMonths {
			v.Add(field, "proposal.months.invalid", luoshi.MaxRuleMonths)
		}
	}
	return ses
}

// CreateSession creates a session of a kind: the supervision office or the kind's office.
func (s *Service) CreateSession(ctx context.Context, a *luoshi.Actor, in SessionInput) (*luoshi.ProposalSession, error) {
	var v luoshi.Validation
	ses := s.checkSession(&v, in)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !proposal.Office(a, ses.Kind) {
		return nil, forbidden("proposal.session.office_only")
	}
	ses.RegionID, ses.CreatedAt = a.RegionID, s.now()
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := tx.CreateProposalSession(ctx, &ses); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "proposal.session_created", fmt.Sprintf("session:%d", ses.ID), luoshi.OutcomeSuccess, ses.Name)
	})
	if err != nil {
		return nil, err
	}
	return &ses, nil
}

// UpdateSession changes a session's name, year and rules (its kind stays).
func (s *Service) UpdateSession(ctx context.Context, a *luoshi.Actor, id int64, in SessionInput) (*luoshi.ProposalSession, error) {
	var out *luoshi.ProposalSession
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		cur, err := s.findSession(ctx, tx, a, id)
		if err != nil {
			return err
		}
		in.Kind = string(cur.Kind)
		var v luoshi.Validation
		ses := s.checkSession(&v, in)
		if err := v.Err(); err != nil {
			return err
		}
		if !proposal.Office(a, cur.Kind) {
			return forbidden("proposal.session.office_only")
		}
		ses.ID, ses.RegionID, ses.CreatedAt = cur.ID, cur.RegionID, cur.CreatedAt
		if err := tx.UpdateProposalSession(ctx, &ses); err != nil {
			return err
		}
		out = &ses
		return s.audit(ctx, tx, a, "proposal.session_updated", fmt.Sprintf("session:%d", ses.ID), luoshi.OutcomeSuccess, ses.Name)
	})
	return out, err
}

// findSession finds a session of the actor's region.
func (s *Service) findSession(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.ProposalSession, error) {
	ses, err := tx.FindProposalSession(ctx, id)
	if err != nil {
		return nil, err
	}
	if ses.RegionID != a.RegionID {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "proposal.session.not_found")
	}
	return ses, nil
}

// ListSessions lists the sessions of the actor's region.
func (s *Service) ListSessions(ctx context.Context, a *luoshi.Actor) ([]*luoshi.ProposalSession, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	var out []*luoshi.ProposalSession
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		out, err = tx.FindProposalSessions(ctx, a.RegionID)
		return err
	})
	if out == nil {
		out = []*luoshi.ProposalSession{}
	}
	return out, err
}

// CreateProposal records a proposal received by the office (supervision office or the
// kind's office), before assignment.
func (s *Service) CreateProposal(ctx context.Context, a *luoshi.Actor, in ProposalInput) (*ProposalView, error) {
	var id int64
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		p, err := s.newProposal(ctx, tx, a, in, "")
		if err != nil {
			return err
		}
		id = p.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.GetProposal(ctx, a, id)
}

// newProposal checks a proposal's input (problems under prefix, for an import's rows) and
// stores it with its created event.
func (s *Service) newProposal(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, in ProposalInput, prefix string) (*luoshi.Proposal, error) {
	var v luoshi.Validation
	p, err := s.checkProposal(ctx, tx, a, &v, in, prefix)
	if err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	return p, s.storeNew(ctx, tx, a, p, now)
}

// storeNew stores a new proposal and its created event.
func (s *Service) storeNew(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, now time.Time) error {
	p.State, p.Version, p.CreatedAt, p.UpdatedAt = luoshi.ProposalReceived, 1, now, now
	if err := tx.CreateProposal(ctx, p); err != nil {
		return err
	}
	ev := luoshi.ProposalEvent{ProposalID: p.ID, Kind: proposal.Created, ActorID: a.UserID, At: now,
		Data: luoshi.ProposalEventData{Proposal: p.Clone()}}
	return s.proposalEvent(ctx, tx, a, p, &ev)
}

func (s *Service) checkProposal(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, v *luoshi.Validation, in ProposalInput, prefix string) (*luoshi.Proposal, error) {
	ses, err := s.findSession(ctx, tx, a, in.SessionID)
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
		v.Add(prefix+"session_id", "proposal.session.not_found")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !proposal.Office(a, ses.Kind) {
		return nil, forbidden("proposal.create.office_only")
	}
	p := &luoshi.Proposal{RegionID: a.RegionID, SessionID: ses.ID, Kind: ses.Kind, Number: in.Number,
		Title: strings.TrimSpace(in.Title), Content: strings.TrimSpace(in.Content), Category: strings.TrimSpace(in.Category),
		ReceivedOn: in.ReceivedOn.UTC(), SuggestedUnit: strings.TrimSpace(in.SuggestedUnit), CoUnitIDs: []int64{},
		Contacts: []luoshi.Contact{}, Opinions: []luoshi.CoOpinion{}, Replies: []luoshi.Reply{}, Proposers: []luoshi.Proposer{}}
	if p.Number < 1 || p.Number > MaxProposalNum {
		v.Add(prefix+"number", "proposal.number.invalid")
	}
	checkText(v, prefix+"title", p.Title, luoshi.M("proposal.field.title"), MaxProposalTitle, true)
	checkText(v, prefix+"content", p.Content, luoshi.M("proposal.field.content"), MaxContentLen, false)
	checkText(v, prefix+"category", p.Category, luoshi.M("proposal.field.category"), MaxCategory, false)
	checkText(v, prefix+"suggested_unit", p.SuggestedUnit, luoshi.M("proposal.field.suggested_unit"), MaxTitleLen, false)
	if in.ReceivedOn.IsZero() {
		p.ReceivedOn = s.now()
	}
	return p, s.checkProposers(ctx, tx, a, v, p, in.Proposers, prefix)
}

// checkProposers: at least one, each a deputy's account of the region, once; exactly one
// leading (the first when none is marked).
func (s *Service) checkProposers(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, v *luoshi.Validation, p *luoshi.Proposal, in []ProposerInput, prefix string) error {
	field := prefix + "proposers"
	if len(in) == 0 || len(in) > MaxProposers {
		v.Add(field, "proposal.proposers.count", MaxProposers)
		return nil
	}
	leading := 0
	for _, q := range in {
		if q.Leading {
			leading++
		}
		u, err := tx.FindUserByID(ctx, q.UserID)
		if luoshi.ErrorCode(err) == luoshi.ENOTFOUND || err == nil && (u.RegionID != a.RegionID || !slices.Contains(u.Roles, luoshi.RoleDeputy)) {
			v.Add(field, "proposal.proposer.unknown", q.UserID)
			continue
		} else if err != nil {
			return err
		}
		if p.HasProposer(u.ID) {
			v.Add(field, "proposal.proposer.twice", u.Name)
			continue
		}
		p.Proposers = append(p.Proposers, luoshi.Proposer{UserID: u.ID, Name: u.Name, Leading: q.Leading,
			Delegation: strings.TrimSpace(q.Delegation)})
	}
	switch {
	case leading > 1:
		v.Add(field, "proposal.proposers.leading")
	case leading == 0 && len(p.Proposers) > 0:
		p.Proposers[0].Leading = true
	}
	return nil
}

// proposalEvent stores a proposal's event with its audit record.
func (s *Service) proposalEvent(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, ev *luoshi.ProposalEvent) error {
	ev.ProposalID = p.ID
	if err := tx.AppendProposalEvent(ctx, ev, p.RegionID); err != nil {
		return err
	}
	d := ev.Data
	d.Proposal = nil // the created event's document is in the store; the audit names it
	detail, _ := json.Marshal(d)
	return s.audit(ctx, tx, a, "proposal."+ev.Kind, fmt.Sprintf("proposal:%d session:%d no:%d", p.ID, p.SessionID, p.Number),
		luoshi.OutcomeSuccess, string(detail))
}

// findProposal finds a proposal the actor sees, else ENOTFOUND.
func (s *Service) findProposal(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Proposal, error) {
	p, err := tx.FindProposalByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !proposal.Sees(a, p) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "proposal.not_found")
	}
	return p, nil
}

// GetProposal returns a proposal the actor sees.
func (s *Service) GetProposal(ctx context.Context, a *luoshi.Actor, id int64) (*ProposalView, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	var v *ProposalView
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		p, err := s.findProposal(ctx, tx, a, id)
		if err != nil {
			return err
		}
		v, err = s.proposalView(ctx, tx, a, p, true)
		return err
	})
	return v, err
}

// proposalView computes what a reader sees of a proposal; items adds its promises' items.
func (s *Service) proposalView(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, items bool) (*ProposalView, error) {
	now := s.now()
	subj, names, err := s.proposalSubject(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	v := &ProposalView{Proposal: p, Session: subj.Session, Items: []PromiseItem{}, Actions: proposal.Allowed(subj, a, now),
		OpinionDue: proposal.OpinionDue(p, s.loc), UnitNames: names}
	if v.Actions == nil {
		v.Actions = []string{}
	}
	if p.State == luoshi.ProposalAssigned && p.Round == 1 && !p.Insisted {
		v.DeclineBy = &subj.DeclineBy
	}
	v.Overdue = p.Deadline != nil && now.After(*p.Deadline) && (p.State == luoshi.ProposalAssigned || p.State == luoshi.ProposalDeclined)
	if !items {
		return v, nil
	}
	pol := s.Policy()
	for _, r := range p.Replies {
		for _, pr := range r.Promises {
			if pr.ItemID == 0 {
				continue
			}
			it, err := tx.FindItemByID(ctx, pr.ItemID)
			if err != nil {
				return nil, err
			}
			v.Items = append(v.Items, PromiseItem{ItemID: it.ID, Code: it.Code, State: it.State, Light: pol.Light(it, now)})
		}
	}
	return v, nil
}

// proposalSubject is what a proposal's actions are decided on.
func (s *Service) proposalSubject(ctx context.Context, tx luoshi.Tx, p *luoshi.Proposal) (proposal.Subject, map[int64]string, error) {
	ses, err := tx.FindProposalSession(ctx, p.SessionID)
	if err != nil {
		return proposal.Subject{}, nil, err
	}
	units, err := tx.FindUnits(ctx, p.RegionID)
	if err != nil {
		return proposal.Subject{}, nil, err
	}
	subj := proposal.Subject{Proposal: p, Session: ses, Units: map[int64]bool{}, Loc: s.loc}
	names := map[int64]string{}
	for _, u := range units {
		subj.Units[u.ID], names[u.ID] = true, u.Name
	}
	subj.DeclineBy = s.declineBy(p)
	return subj, names, nil
}

// ProposalFilterInput is what a list of proposals takes.
type ProposalFilterInput struct {
	SessionID int64
	Kind      string
	State     string
	UnitID    int64
	Class     string
	Verdict   string
	Query     string
}

// ListProposals lists the proposals the actor sees.
func (s *Service) ListProposals(ctx context.Context, a *luoshi.Actor, in ProposalFilterInput) ([]*ProposalView, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	var v luoshi.Validation
	f := luoshi.ProposalFilter{RegionID: a.RegionID, SessionID: in.SessionID, Kind: luoshi.ProposalKind(in.Kind),
		State: luoshi.ProposalState(in.State), UnitID: in.UnitID, Class: luoshi.ReplyClass(in.Class),
		Verdict: luoshi.Verdict(in.Verdict), Query: strings.TrimSpace(in.Query)}
	if f.Kind != "" && !f.Kind.Valid() {
		v.Add("kind", "proposal.kind.invalid")
	}
	if f.State != "" && !f.State.Valid() {
		v.Add("state", "proposal.state.invalid")
	}
	if f.Class != "" && !slices.Contains(luoshi.ReplyClasses, f.Class) {
		v.Add("class", "proposal.class.invalid")
	}
	if f.Verdict != "" && !slices.Contains(luoshi.Verdicts, f.Verdict) {
		v.Add("verdict", "proposal.verdict.invalid")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	visibleTo(a, &f)
	out := []*ProposalView{}
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		ps, err := tx.FindProposals(ctx, f)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if !proposal.Sees(a, p) {
				continue
			}
			pv, err := s.proposalView(ctx, tx, a, p, false)
			if err != nil {
				return err
			}
			out = append(out, pv)
		}
		return nil
	})
	return out, err
}

// visibleTo restricts a filter to what the actor sees (proposal.Sees checks each row too).
func visibleTo(a *luoshi.Actor, f *luoshi.ProposalFilter) {
	if a.Has(luoshi.RoleSupervisor) || a.Has(luoshi.RoleLeader) && a.AllUnits {
		return
	}
	f.Units = []int64{}
	if a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleStaff) {
		f.Units = append(f.Units, a.UnitID)
	}
	if a.Has(luoshi.RoleLeader) {
		f.Units = append(f.Units, a.Portfolio...)
	}
	if a.Has(luoshi.RoleDeputy) {
		f.Proposer = a.UserID
	}
	for _, k := range luoshi.ProposalKinds {
		if a.Has(k.Office()) {
			f.Kinds = append(f.Kinds, k)
		}
	}
}

// ProposalEvents returns the events of a proposal the actor sees, oldest first.
func (s *Service) ProposalEvents(ctx context.Context, a *luoshi.Actor, id int64) ([]luoshi.ProposalEvent, error) {
	if err := requireProposals(a); err != nil {
		return nil, err
	}
	var out []luoshi.ProposalEvent
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if _, err := s.findProposal(ctx, tx, a, id); err != nil {
			return err
		}
		var err error
		out, err = tx.FindProposalEvents(ctx, id)
		return err
	})
	return out, err
}
