// Package proposal is the module of NPC suggestions, CPPCC proposals and NPC review opinions
// (建议提案办理): who may see a proposal and act on it, and its handling steps declared once
// each as a spec on the workflow kernel (internal/flow) — assign or split, decline within the
// window, reassign or insist, record a contact, a co-unit's opinion, reply, add a promise,
// evaluate, handle again after 不满意. A step decides an event; Apply folds it into the
// proposal, so that Rebuild over the stored events gives the stored proposal. The proposal
// module imports luoshi and the kernel only: where a B-class promise becomes a supervision
// item it declares ItemMaker, which cmd/luoshi wires to the item module's implementation.
package proposal

import (
	"context"
	"slices"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/flow/refuse"
	"luoshi/internal/luoshi"
)

// Subject is what a proposal action is decided on: the proposal, its session, and the facts
// its rules count with that the service knows.
type Subject struct {
	*luoshi.Proposal
	Session *luoshi.ProposalSession
	// DeclineBy is the end of the decline window of the current assignment (退办时限).
	DeclineBy time.Time
	// Units are the ids of the region's units, for the units an action names.
	Units map[int64]bool
	// Loc is the zone in which months are counted.
	Loc *time.Location
}

// Spec is a proposal action's spec.
type Spec = flow.Spec[*luoshi.Actor, Subject, luoshi.ProposalEvent]

// Ctx is what a proposal action's guard and decision see.
type Ctx = flow.Ctx[*luoshi.Actor, Subject]

// ItemMaker makes a supervision item of a B-class promise, inside the transaction of the
// reply (or of the promise added to it): source the proposal's kind, pointing back to the
// proposal. It returns the item's id.
type ItemMaker interface {
	MakePromiseItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, p *luoshi.Proposal, pr luoshi.Promise) (int64, error)
}

// Sees reports whether the actor sees the proposal: the supervision office the whole
// region; the congress's or CPPCC's office its kind; a leader the proposals of the units of
// the portfolio; a unit's liaison and staff those their unit leads or helps with; a deputy
// their own.
func Sees(a *luoshi.Actor, p *luoshi.Proposal) bool {
	if p.RegionID != a.RegionID {
		return false
	}
	switch {
	case a.Has(luoshi.RoleSupervisor), a.Has(p.Kind.Office()):
		return true
	case a.Has(luoshi.RoleDeputy) && p.HasProposer(a.UserID):
		return true
	case (a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleStaff)) && p.Involves(a.UnitID):
		return true
	}
	if a.Has(luoshi.RoleLeader) {
		return a.AllUnits || (p.LeadUnitID != 0 && a.Oversees(p.LeadUnitID)) ||
			slices.ContainsFunc(p.CoUnitIDs, a.Oversees)
	}
	return false
}

// Reads reports whether the actor has a role under which it may read proposals at all.
func Reads(a *luoshi.Actor) bool {
	return a.SeesBusiness() || a.Has(luoshi.RoleDeputy) || a.Has(luoshi.RoleNPCOffice) || a.Has(luoshi.RoleCPPCCOffice)
}

// Office reports whether the actor imports and follows proposals of the kind: the
// supervision office, or the kind's own office.
func Office(a *luoshi.Actor, k luoshi.ProposalKind) bool {
	return a.Has(luoshi.RoleSupervisor) || a.Has(k.Office())
}

// The relations a proposal action's Who may name.
var relations = []flow.Relation[*luoshi.Actor, Subject]{
	{Name: "office", Label: "proposal.who.office", Holds: func(a *luoshi.Actor, _ Subject) bool { return a.Has(luoshi.RoleSupervisor) }},
	{Name: "lead_liaison", Label: "proposal.who.lead_liaison", Holds: func(a *luoshi.Actor, s Subject) bool {
		return a.Has(luoshi.RoleLiaison) && s.LeadUnitID != 0 && a.UnitID == s.LeadUnitID
	}},
	{Name: "co_liaison", Label: "proposal.who.co_liaison", Holds: func(a *luoshi.Actor, s Subject) bool {
		return a.Has(luoshi.RoleLiaison) && slices.Contains(s.CoUnitIDs, a.UnitID)
	}},
	{Name: "reader", Label: "proposal.who.reader", Holds: func(a *luoshi.Actor, s Subject) bool { return Sees(a, s.Proposal) }},
	{Name: "proposer", Label: "proposal.who.proposer", Holds: func(a *luoshi.Actor, s Subject) bool {
		return a.Has(luoshi.RoleDeputy) && s.HasProposer(a.UserID)
	}},
}

var flows = flow.New[*luoshi.Actor, Subject, luoshi.ProposalEvent](flow.Hooks[*luoshi.Actor, Subject]{
	State:   func(s Subject) string { return string(s.State) },
	Visible: func(a *luoshi.Actor, s Subject) bool { return Sees(a, s.Proposal) },
	Fail: refuse.Keys{NotFound: "proposal.not_found", Forbidden: "proposal.forbidden", WrongState: "proposal.wrong_state",
		State: func(s string) luoshi.Msg { return StateLabel(luoshi.ProposalState(s)) }}.Fail,
	Invalid: refuse.Invalid,
}, relations...).Add(specs()...)

// StateLabel is a proposal state's name, as a message.
func StateLabel(s luoshi.ProposalState) luoshi.Msg { return luoshi.M("proposal.state." + string(s)) }

// Actions lists every proposal action, in the order pages offer them.
func Actions() []string { return flows.Names() }

// SpecOf returns a proposal action's spec.
func SpecOf(name string) (*Spec, bool) { return flows.Spec(name) }

// Fields returns every field of the proposal actions, each name once.
func Fields() []flow.Field { return flows.AllFields() }

// Matrix is the authorisation matrix of the proposal actions, from their specs.
func Matrix() []flow.Row { return flows.Matrix() }

// Holds reports whether a relation named by a spec's Who holds between actor and proposal.
func Holds(rel string, a *luoshi.Actor, p *luoshi.Proposal) bool {
	r, ok := flows.Relation(rel)
	return ok && r.Holds(a, Subject{Proposal: p})
}

// Allowed lists the actions the actor may take on the proposal now, in page order.
func Allowed(s Subject, a *luoshi.Actor, now time.Time) []string { return flows.Allowed(a, s, now) }

// Decide checks that the actor may take the action on the proposal now, validates its
// values and returns the event to record. It changes nothing.
func Decide(s Subject, a *luoshi.Actor, act string, v flow.Values, now time.Time) (luoshi.ProposalEvent, error) {
	if v == nil {
		v = flow.Values{}
	}
	ev := luoshi.ProposalEvent{ProposalID: s.ID, ActorID: a.UserID, At: now}
	if err := flows.Decide(a, s, act, v, now, &ev); err != nil {
		return luoshi.ProposalEvent{}, err
	}
	return ev, nil
}

// ReplyDue is when a reply is due, months after a moment, counted in the zone's calendar.
func ReplyDue(from time.Time, months int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return from.In(loc).AddDate(0, months, 0).UTC()
}

// OpinionDue is when a co-unit's opinion is due: a month after the assignment.
func OpinionDue(p *luoshi.Proposal, loc *time.Location) *time.Time {
	if p.AssignedAt == nil {
		return nil
	}
	t := ReplyDue(*p.AssignedAt, luoshi.OpinionMonths, loc)
	return &t
}
