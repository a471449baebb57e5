// Package target is the target responsibility letter's module (目标责任书): its actions,
// declared once each as a spec on the workflow kernel (internal/flow), and who may see and
// act for a unit's letter. A letter action decides a Step — the event to record and the
// changes to make — which the service carries out in the action's transaction; the API's
// body, the pages' forms, the actions a user may take and the messages all come from the
// specs here.
package target

import (
	"slices"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/flow/refuse"
	"luoshi/internal/luoshi"
)

// Subject is what a letter action is decided on: the letter, and what its rules count with.
type Subject struct {
	*luoshi.Letter
	// Adjustments are the letter's adjustment requests, pending and decided.
	Adjustments []*luoshi.Adjustment
	// Cutoff is the first moment at which the letter's targets may no longer be adjusted.
	Cutoff time.Time
}

// Adjustment returns the letter's adjustment request with the id, or nil.
func (s Subject) Adjustment(id int64) *luoshi.Adjustment {
	for _, a := range s.Adjustments {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// Spec is a letter action's spec.
type Spec = flow.Spec[*luoshi.Actor, Subject, Step]

// Ctx is what a letter action's guard and decision see.
type Ctx = flow.Ctx[*luoshi.Actor, Subject]

type machine = flow.Machine[*luoshi.Actor, Subject, Step]

// SeesUnit reports whether the actor sees a unit's letters: the supervision office its
// region's units, a leader the portfolio (the county head all), a unit's liaison and staff
// their own unit.
func SeesUnit(a *luoshi.Actor, unitID int64) bool {
	return a.Has(luoshi.RoleSupervisor) || a.Oversees(unitID) ||
		((a.Has(luoshi.RoleLiaison) || a.Has(luoshi.RoleStaff)) && a.UnitID == unitID)
}

// ActsFor reports whether the actor acts for a unit: its liaison.
func ActsFor(a *luoshi.Actor, unitID int64) bool {
	return a.Has(luoshi.RoleLiaison) && a.UnitID == unitID
}

// Sees reports whether the actor sees the letter for its actions: one of the actor's own
// region whose unit the actor sees. A city account reads the letters of the regions below
// but takes no action on them; to everyone else a letter not seen does not exist.
func Sees(a *luoshi.Actor, l *luoshi.Letter) bool {
	return l.RegionID == a.RegionID && SeesUnit(a, l.UnitID)
}

func visible(a *luoshi.Actor, s Subject) bool { return Sees(a, s.Letter) }

// The relations a letter action's Who may name.
var relations = []flow.Relation[*luoshi.Actor, Subject]{
	{Name: "liaison", Label: "letter.who.liaison", Holds: func(a *luoshi.Actor, s Subject) bool { return ActsFor(a, s.UnitID) }},
	{Name: "supervisor", Label: "letter.who.supervisor", Holds: func(a *luoshi.Actor, _ Subject) bool { return a.Has(luoshi.RoleSupervisor) }},
	{Name: "reader", Label: "letter.who.reader", Holds: func(a *luoshi.Actor, s Subject) bool { return SeesUnit(a, s.UnitID) }},
}

var flows = flow.New[*luoshi.Actor, Subject, Step](flow.Hooks[*luoshi.Actor, Subject]{
	State:   func(s Subject) string { return string(s.State) },
	Visible: visible,
	Fail: refuse.Keys{NotFound: "letter.not_found", Forbidden: "letter.forbidden", WrongState: "letter.wrong_state",
		State: func(s string) luoshi.Msg { return StateLabel(luoshi.LetterState(s)) }}.Fail,
	Invalid: refuse.Invalid,
}, relations...).Add(specs()...)

// conflict refuses an action for what the letter (or an adjustment's) state forbids.
func conflict[S ~string](state S, key string, args ...any) error {
	e := luoshi.Errorf(luoshi.ECONFLICT, key, args...)
	e.State = string(state)
	return e
}

// StateLabel is a letter state's name, as a message.
func StateLabel(s luoshi.LetterState) luoshi.Msg { return luoshi.M("letter.state." + string(s)) }

// Actions lists every letter action, in the order pages offer them.
func Actions() []luoshi.LetterAction { return letterActions(flows.Names()) }

func letterActions(names []string) []luoshi.LetterAction {
	out := make([]luoshi.LetterAction, len(names))
	for i, n := range names {
		out[i] = luoshi.LetterAction(n)
	}
	return out
}

// SpecOf returns a letter action's spec.
func SpecOf(act luoshi.LetterAction) (*Spec, bool) { return flows.Spec(string(act)) }

// Fields returns every field of the letter actions, each name once.
func Fields() []flow.Field { return flows.AllFields() }

// Matrix is the authorisation matrix of the letter actions, from their specs.
func Matrix() []flow.Row { return flows.Matrix() }

// Holds reports whether a relation named by a spec's Who holds between actor and letter.
func Holds(rel string, a *luoshi.Actor, l *luoshi.Letter) bool {
	r, ok := flows.Relation(rel)
	return ok && r.Holds(a, Subject{Letter: l})
}

// Allowed lists the actions the actor may take on the letter now, in page order, without
// checking their inputs.
func Allowed(s Subject, a *luoshi.Actor, now time.Time) []luoshi.LetterAction {
	return letterActions(flows.Allowed(a, s, now))
}

// Decide checks that the actor may take the action on the letter now, validates its values
// and returns the step to take. It changes nothing; the service takes the step in one
// transaction.
func Decide(s Subject, a *luoshi.Actor, act luoshi.LetterAction, v flow.Values, now time.Time) (Step, error) {
	if v == nil {
		v = flow.Values{}
	}
	var st Step
	if err := flows.Decide(a, s, string(act), v, now, &st); err != nil {
		return Step{}, err
	}
	return st, nil
}

// Enter moves the letter into a state, with the time (and for a signature the signer) the
// state records.
func Enter(l *luoshi.Letter, to luoshi.LetterState, by int64, at time.Time) {
	l.State = to
	switch to {
	case luoshi.LetterSubmitted:
		l.SubmittedAt = &at
	case luoshi.LetterReviewed:
		l.ReviewedAt = &at
	case luoshi.LetterSigned:
		l.SignedAt, l.SignedBy = &at, by
	}
}

// states is a spec's From as strings.
func states(ss ...luoshi.LetterState) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// cloneIndicator copies an indicator deeply enough that a decision may change its flags.
func cloneIndicator(ind *luoshi.Indicator) *luoshi.Indicator {
	c := *ind
	c.Flags = slices.Clone(ind.Flags)
	return &c
}
