// Package stocktake is the module of the stocktake routine (调度会): a leader's regular
// review of the portfolio (the whole county for the county head) whose agenda is generated
// from the data — the red, yellow and behind-schedule items, the items whose two
// delivery-confidence judgements are two or more levels apart, and the previous stocktake's
// commitments with what became of each — and at which new commitments are recorded, each
// becoming a supervision item, a milestone of one, or a new deadline of one.
// Its actions are declared once each as a spec on the workflow kernel (internal/flow); a
// spec decides an event, Apply folds it in, Rebuild over the stored events gives the stored
// stocktake. Closed, a stocktake is unchangeable. The module imports luoshi and the kernel
// only: the items its commitments make or change come through ItemChanger, which cmd/luoshi
// wires to the item module.
package stocktake

import (
	"context"
	"fmt"
	"slices"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/flow/refuse"
	"luoshi/internal/luoshi"
)

// The kinds of stocktake event. Each names the audit action "stocktake.<kind>".
const (
	Generated       = "generated"
	CommitmentAdded = "commitment_added"
	Commented       = "commented"
	Closed          = "closed"
)

// The action names.
const (
	ActAddCommitment = "add-commitment"
	ActComment       = "comment"
	ActClose         = "close"
)

// Limits of a stocktake's texts, in characters.
const (
	MaxCommitment = 500
	MaxText       = 5000
)

// ItemChanger makes or changes the item a commitment becomes, inside the transaction that
// records it, through the item module's own actions (so that the item's events and rules
// hold): a new item, a milestone added to an item, or the approval of the lead unit's
// pending extension request for a new deadline.
type ItemChanger interface {
	CommitItem(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, s *luoshi.Stocktake, c luoshi.Commitment) (Committed, error)
}

// Committed is what a commitment did to the items: the new item made (0 for the other
// kinds), the milestone added (0 for the other kinds), and the code of the item concerned.
type Committed struct {
	MadeItemID  int64
	MilestoneID int
	ItemCode    string
}

// Subject is what a stocktake action is decided on: the stocktake and the region's units
// and leaders by id.
type Subject struct {
	*luoshi.Stocktake
	Units   map[int64]string
	Leaders map[int64]string
}

// Spec is a stocktake action's spec.
type Spec = flow.Spec[*luoshi.Actor, Subject, luoshi.StocktakeEvent]

// Ctx is what a stocktake action's guard and decision see.
type Ctx = flow.Ctx[*luoshi.Actor, Subject]

// Office reports whether the actor keeps the stocktakes' records: the supervision office.
func Office(a *luoshi.Actor) bool { return a.Has(luoshi.RoleSupervisor) }

// CountyHead reports whether the actor is the county head: the leader whose portfolio is
// the whole county.
func CountyHead(a *luoshi.Actor) bool { return a.Has(luoshi.RoleLeader) && a.AllUnits }

// Generates reports whether the actor may generate a stocktake of the leader: the office
// any leader's of its region, a leader their own, the county head anyone's.
func Generates(a *luoshi.Actor, leaderID int64) bool {
	return Office(a) || CountyHead(a) || (a.Has(luoshi.RoleLeader) && a.LeaderID == leaderID)
}

// Full reports whether the actor sees the whole stocktake: the office, its leader, the
// county head. A unit sees only the commitments that name it.
func Full(a *luoshi.Actor, s *luoshi.Stocktake) bool {
	return s.RegionID == a.RegionID && Generates(a, s.LeaderID)
}

// Named reports whether a commitment of the stocktake names the actor's unit, for a
// liaison or staff of it.
func Named(a *luoshi.Actor, s *luoshi.Stocktake) bool {
	if !a.Has(luoshi.RoleLiaison) && !a.Has(luoshi.RoleStaff) {
		return false
	}
	return slices.ContainsFunc(s.Commitments, func(c luoshi.Commitment) bool { return c.UnitID == a.UnitID })
}

// Sees reports whether the actor sees the stocktake at all: wholly (Full), or a unit the
// commitments naming it.
func Sees(a *luoshi.Actor, s *luoshi.Stocktake) bool {
	return s.RegionID == a.RegionID && (Full(a, s) || Named(a, s))
}

var relations = []flow.Relation[*luoshi.Actor, Subject]{
	{Name: "office", Label: "stocktake.who.office", Holds: func(a *luoshi.Actor, _ Subject) bool { return Office(a) }},
	{Name: "reader", Label: "stocktake.who.reader", Holds: func(a *luoshi.Actor, s Subject) bool { return Sees(a, s.Stocktake) }},
}

var open = []string{string(luoshi.StocktakeOpen)}

func kinds() []string {
	out := make([]string, len(luoshi.CommitmentKinds))
	for i, k := range luoshi.CommitmentKinds {
		out[i] = string(k)
	}
	return out
}

// specs are the stocktake's actions: the office records commitments and closes the record;
// a reader comments while it is open. Nothing starts from closed.
func specs() []Spec {
	return []Spec{
		{Name: ActAddCommitment, From: open, Who: []string{"office"}, Primary: true, Form: "fields",
			Fields: []flow.Field{
				{Name: "kind", Kind: flow.Choice, Required: true, Choices: kinds(), Label: "stocktake.field.kind", Bad: "stocktake.kind.bad"},
				{Name: "text", Kind: flow.Text, Long: true, Required: true, Max: MaxCommitment, Label: "stocktake.field.text"},
				{Name: "unit_id", Kind: flow.ID, Required: true, Label: "stocktake.field.unit", Missing: "stocktake.unit.missing"},
				{Name: "leader_id", Kind: flow.ID, Label: "stocktake.field.leader"},
				{Name: "due", Kind: flow.Time, Required: true, Label: "stocktake.field.due", Missing: "stocktake.due.missing"},
				{Name: "item_id", Kind: flow.ID, Label: "stocktake.field.item"},
			},
			Decide: decideCommitment},
		{Name: ActComment, From: open, Who: []string{"reader"}, Form: "text",
			Fields: []flow.Field{{Name: "text", Kind: flow.Text, Long: true, Required: true, Max: MaxText, Label: "stocktake.field.comment"}},
			Decide: func(_ Ctx, v flow.Values, ev *luoshi.StocktakeEvent, _ *flow.Problems) error {
				ev.Kind, ev.Data.Text = Commented, v.Text("text")
				return nil
			}},
		{Name: ActClose, From: open, Who: []string{"office"}, Form: "fields",
			Fields: []flow.Field{{Name: "summary", Kind: flow.Text, Long: true, Max: MaxText, Label: "stocktake.field.summary"}},
			Decide: func(_ Ctx, v flow.Values, ev *luoshi.StocktakeEvent, _ *flow.Problems) error {
				ev.Kind, ev.Data.Text = Closed, v.Text("summary")
				return nil
			}},
	}
}

// decideCommitment checks a commitment: a known unit and leader of the region, a date after
// now, and an existing item named for a milestone or a deadline (and none for a new item).
func decideCommitment(c Ctx, v flow.Values, ev *luoshi.StocktakeEvent, p *flow.Problems) error {
	ev.Kind = CommitmentAdded
	r := c.Record
	cm := luoshi.Commitment{No: len(r.Commitments) + 1, Kind: luoshi.CommitmentKind(v.Text("kind")), Text: v.Text("text"),
		UnitID: v.ID("unit_id"), ItemID: v.ID("item_id"), By: c.Actor.UserID, At: c.Now}
	if cm.UnitID != 0 {
		name, ok := r.Units[cm.UnitID]
		if !ok {
			p.Add("unit_id", "stocktake.unit.unknown", cm.UnitID)
		}
		cm.UnitName = name
	}
	if l := v.ID("leader_id"); l != 0 {
		name, ok := r.Leaders[l]
		if !ok {
			p.Add("leader_id", "stocktake.leader.unknown", l)
		}
		cm.LeaderID, cm.LeaderName = &l, name
	}
	if d := v.Time("due"); d != nil {
		if !d.After(c.Now) {
			p.Add("due", "stocktake.due.past")
		}
		cm.Due = d.UTC()
	}
	switch {
	case cm.Kind == luoshi.CommitNewItem && cm.ItemID != 0:
		p.Add("item_id", "stocktake.item.not_for_new")
	case (cm.Kind == luoshi.CommitMilestone || cm.Kind == luoshi.CommitDeadline) && cm.ItemID == 0:
		p.Add("item_id", "stocktake.item.missing", luoshi.M("stocktake.kind."+string(cm.Kind)))
	}
	ev.Data.Commitment = &cm
	return nil
}

var flows = flow.New[*luoshi.Actor, Subject, luoshi.StocktakeEvent](flow.Hooks[*luoshi.Actor, Subject]{
	State:   func(s Subject) string { return string(s.State) },
	Visible: func(a *luoshi.Actor, s Subject) bool { return Sees(a, s.Stocktake) },
	Fail: refuse.Keys{NotFound: "stocktake.not_found", Forbidden: "stocktake.forbidden", WrongState: "stocktake.wrong_state",
		State: func(s string) luoshi.Msg { return StateLabel(luoshi.StocktakeState(s)) }}.Fail,
	Invalid: refuse.Invalid,
}, relations...).Add(specs()...)

// StateLabel is a stocktake state's name, as a message.
func StateLabel(s luoshi.StocktakeState) luoshi.Msg { return luoshi.M("stocktake.state." + string(s)) }

// Actions lists every stocktake action, in the order pages offer them.
func Actions() []string { return flows.Names() }

// SpecOf returns a stocktake action's spec.
func SpecOf(name string) (*Spec, bool) { return flows.Spec(name) }

// Matrix is the authorisation matrix of the stocktake actions, from their specs.
func Matrix() []flow.Row { return flows.Matrix() }

// Allowed lists the actions the actor may take on the stocktake now.
func Allowed(s Subject, a *luoshi.Actor, now time.Time) []string { return flows.Allowed(a, s, now) }

// Fields returns every field of the stocktake actions, each name once.
func Fields() []flow.Field { return flows.AllFields() }

// Decide checks that the actor may take the action on the stocktake now, validates its
// values and returns the event to record. It changes nothing.
func Decide(s Subject, a *luoshi.Actor, act string, v flow.Values, now time.Time) (luoshi.StocktakeEvent, error) {
	if v == nil {
		v = flow.Values{}
	}
	ev := luoshi.StocktakeEvent{StocktakeID: s.ID, ActorID: a.UserID, At: now}
	if err := flows.Decide(a, s, act, v, now, &ev); err != nil {
		return luoshi.StocktakeEvent{}, err
	}
	return ev, nil
}

// Apply folds one event into the stocktake, raising its version.
func Apply(s *luoshi.Stocktake, e luoshi.StocktakeEvent) error {
	switch e.Kind {
	case Generated:
		if e.Data.Stocktake == nil {
			return fmt.Errorf("stocktake event %d: generated without the stocktake", e.Seq)
		}
		*s = *e.Data.Stocktake.Clone()
		s.Version, s.CreatedAt, s.UpdatedAt, s.State = 1, e.At, e.At, luoshi.StocktakeOpen
		s.Commitments, s.Comments, s.Summary, s.ClosedAt = []luoshi.Commitment{}, []luoshi.StocktakeComment{}, "", nil
		if s.ID == 0 {
			s.ID = e.StocktakeID
		}
		return nil
	case CommitmentAdded:
		if e.Data.Commitment == nil {
			return fmt.Errorf("stocktake event %d: a commitment without its content", e.Seq)
		}
		s.Commitments = append(s.Commitments, *e.Data.Commitment)
	case Commented:
		s.Comments = append(s.Comments, luoshi.StocktakeComment{By: e.ActorID, At: e.At, Text: e.Data.Text})
	case Closed:
		t := e.At
		s.State, s.ClosedAt, s.Summary = luoshi.StocktakeClosed, &t, e.Data.Text
	default:
		return fmt.Errorf("stocktake event %d: unknown kind %q", e.Seq, e.Kind)
	}
	s.Version++
	s.UpdatedAt = e.At
	return nil
}

// Rebuild folds a stocktake's events, oldest first, into the stocktake they make.
func Rebuild(events []luoshi.StocktakeEvent) (*luoshi.Stocktake, error) {
	s := &luoshi.Stocktake{}
	for _, e := range events {
		if err := Apply(s, e); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Holds reports whether the named relation holds between the actor and the stocktake (for
// the authorisation tests generated from Matrix).
func Holds(rel string, a *luoshi.Actor, s *luoshi.Stocktake) bool {
	r, ok := flows.Relation(rel)
	return ok && r.Holds(a, Subject{Stocktake: s})
}
