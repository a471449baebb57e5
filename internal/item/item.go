// Package item is the supervision item's module (督办事项): its actions, declared once each
// as a spec on the workflow kernel (internal/flow), and the folding of its events into the
// item. The API, the pages, the permission list and the messages of an action all come from
// its spec here.
package item

import (
	"fmt"
	"slices"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/flow/refuse"
	"luoshi/internal/luoshi"
)

// Subject is what an action is decided on: the item, and the policy its rules count with.
type Subject struct {
	*luoshi.Item
	P *luoshi.Policy
}

// Spec is an item action's spec.
type Spec = flow.Spec[*luoshi.Actor, Subject, luoshi.Event]

// Ctx is what an item action's guard and decision see.
type Ctx = flow.Ctx[*luoshi.Actor, Subject]

type machine = flow.Machine[*luoshi.Actor, Subject, luoshi.Event]

// The relations an item action's Who may name.
var relations = []flow.Relation[*luoshi.Actor, Subject]{
	{Name: "supervisor", Label: "item.who.supervisor", Holds: func(a *luoshi.Actor, _ Subject) bool { return a.Has(luoshi.RoleSupervisor) }},
	{Name: "lead_liaison", Label: "item.who.lead_liaison", Holds: func(a *luoshi.Actor, s Subject) bool { return a.LeadLiaison(s.Item) }},
	{Name: "lead_staff", Label: "item.who.lead_staff", Holds: func(a *luoshi.Actor, s Subject) bool { return a.LeadStaff(s.Item) }},
	{Name: "reader", Label: "item.who.reader", Holds: func(a *luoshi.Actor, s Subject) bool { return a.CanSeeItem(s.Item) }},
	{Name: "leader", Label: "item.who.leader", Holds: func(a *luoshi.Actor, s Subject) bool {
		return a.Has(luoshi.RoleLeader) && a.CanSeeItem(s.Item)
	}},
	{Name: "asked_liaison", Label: "item.who.asked_liaison", Holds: func(a *luoshi.Actor, s Subject) bool {
		return a.Has(luoshi.RoleLiaison) && slices.ContainsFunc(s.Opinions, func(o luoshi.OpinionRequest) bool { return o.UnitID == a.UnitID })
	}},
}

var flows = newMachine()

func newMachine() *machine {
	m := flow.New[*luoshi.Actor, Subject, luoshi.Event](flow.Hooks[*luoshi.Actor, Subject]{
		State:   func(s Subject) string { return string(s.State) },
		Visible: func(a *luoshi.Actor, s Subject) bool { return a.CanSeeItem(s.Item) },
		Fail: refuse.Keys{NotFound: "item.not_found", Forbidden: "flow.forbidden", WrongState: "flow.wrong_state",
			State: func(s string) luoshi.Msg { return StateLabel(luoshi.State(s)) }}.Fail,
		Invalid: refuse.Invalid,
	}, relations...)
	return m.Add(specs()...)
}

// conflict refuses an action for what the item's facts forbid, with its state.
func conflict(it *luoshi.Item, key string, args ...any) error {
	e := luoshi.Errorf(luoshi.ECONFLICT, key, args...)
	e.State = string(it.State)
	return e
}

// StateLabel is a state's name, as a message.
func StateLabel(s luoshi.State) luoshi.Msg { return luoshi.M("item.state." + string(s)) }

// Actions lists every action, in the order pages offer them.
func Actions() []luoshi.Action {
	names := flows.Names()
	out := make([]luoshi.Action, len(names))
	for i, n := range names {
		out[i] = luoshi.Action(n)
	}
	return out
}

// IsAction reports whether an action of that name exists.
func IsAction(name string) bool {
	_, ok := flows.Spec(name)
	return ok
}

// SpecOf returns an action's spec.
func SpecOf(act luoshi.Action) (*Spec, bool) { return flows.Spec(string(act)) }

// Fields returns every field of the item actions, each name once.
func Fields() []flow.Field { return flows.AllFields() }

// Matrix is the authorisation matrix of the item actions, from their specs.
func Matrix() []flow.Row { return flows.Matrix() }

// Holds reports whether a relation named by a spec's Who holds between actor and item.
func Holds(p *luoshi.Policy, rel string, a *luoshi.Actor, it *luoshi.Item) bool {
	r, ok := flows.Relation(rel)
	return ok && r.Holds(a, Subject{it, p})
}

// Allowed lists the actions the actor may take on the item now, in page order, without
// checking their inputs: pages use it to show only what a user may do.
func Allowed(p *luoshi.Policy, it *luoshi.Item, a *luoshi.Actor, now time.Time) []luoshi.Action {
	names := flows.Allowed(a, Subject{it, p}, now)
	out := make([]luoshi.Action, len(names))
	for i, n := range names {
		out[i] = luoshi.Action(n)
	}
	return out
}

// May reports whether the actor may take one action on the item now.
func May(p *luoshi.Policy, it *luoshi.Item, a *luoshi.Actor, act luoshi.Action, now time.Time) bool {
	_, err := flows.Check(a, Subject{it, p}, string(act), now)
	return err == nil
}

// Decide checks that the actor may take the action on the item now, validates its values
// and returns the event to record. It changes nothing; the caller stores the event and
// applies it in one transaction.
func Decide(p *luoshi.Policy, it *luoshi.Item, a *luoshi.Actor, act luoshi.Action, v flow.Values, now time.Time) (luoshi.Event, error) {
	if v == nil {
		v = flow.Values{}
	}
	ev := luoshi.Event{ItemID: it.ID, Seq: it.Version + 1, ActorID: a.UserID, At: now}
	if err := flows.Decide(a, Subject{it, p}, string(act), v, now, &ev); err != nil {
		return luoshi.Event{}, err
	}
	return ev, nil
}

// DecideCommand is Decide for a Go caller's command.
func DecideCommand(p *luoshi.Policy, it *luoshi.Item, a *luoshi.Actor, cmd luoshi.Command, now time.Time) (luoshi.Event, error) {
	return Decide(p, it, a, cmd.Action, flow.ValuesOf(&cmd), now)
}

// Rebuild folds an item's events, oldest first, into the item they describe.
func Rebuild(events []luoshi.Event) (*luoshi.Item, error) {
	if len(events) == 0 || events[0].Kind != luoshi.EventCreated {
		return nil, fmt.Errorf("rebuild: the first event must be %q", luoshi.EventCreated)
	}
	it := &luoshi.Item{}
	for i, e := range events {
		if e.Seq != i+1 {
			return nil, fmt.Errorf("rebuild: event %d has seq %d", i+1, e.Seq)
		}
		if err := Apply(it, e); err != nil {
			return nil, err
		}
	}
	return it, nil
}

// states is a spec's From as strings.
func states(ss ...luoshi.State) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

var (
	// reassignable: after a decline, and — the assignment being frozen once the decline
	// window closes — whenever the supervision office alone decides to move the work.
	reassignable = states(luoshi.StateAssigned, luoshi.StateDeclined, luoshi.StateInProgress)
	urgeable     = states(luoshi.StateAssigned, luoshi.StateInProgress)
	suspendable  = states(luoshi.OpenStates...)
	cancellable  = states(append(slices.Clone(luoshi.OpenStates), luoshi.StateSuspended)...)
	started      = states(luoshi.StateAssigned, luoshi.StateDeclined, luoshi.StateInProgress,
		luoshi.StateCompletionRequested, luoshi.StateCompleted, luoshi.StateSuspended, luoshi.StateCancelled)
	rated   = states(luoshi.StateInProgress, luoshi.StateCompletionRequested)
	askable = states(luoshi.StateAssigned, luoshi.StateInProgress)
	// commendable: delivery can be commended while under way (results that stand out), when
	// its completion is requested, and once it is completed.
	commendable = states(luoshi.StateInProgress, luoshi.StateCompletionRequested, luoshi.StateCompleted)
	answerable  = states(luoshi.StateAssigned, luoshi.StateDeclined, luoshi.StateInProgress,
		luoshi.StateCompletionRequested, luoshi.StateSuspended)
)
