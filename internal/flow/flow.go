// Package flow is luoshi's workflow kernel. An action is declared once, as a Spec: its name,
// the states it may start from, who may take it (relations of an actor to the record, by
// name), its typed fields, the guards a record's state puts on it, how it decides the event
// and where it stands among a page's actions. From the specs a Machine gives the API's
// decoding of an action's body, a form's fields, the actions a user may take now, the rows
// of the authorisation matrix and the keys of the messages. It imports only the standard
// library: a module instantiates a Machine over its own actor, record and event types.
package flow

import (
	"fmt"
	"slices"
	"time"
)

// Label is a catalogue key standing for a word (a field's or a relation's name) in a
// message's arguments; the catalogue renders it in the reader's language.
type Label string

// MessageKey returns the label's catalogue key.
func (l Label) MessageKey() string { return string(l) }

// Problem is one field's problem with an action's input, as a message by key.
type Problem struct {
	Field string
	Key   string
	Args  []any
}

// Refusal is why the kernel refuses an action before the module decides it.
type Refusal int

// The refusals, each answered by the module's Fail hook with its own error.
const (
	UnknownAction Refusal = iota // no such action
	NotVisible                   // the actor may not see the record
	Forbidden                    // none of the spec's relations holds
	WrongState                   // the record is not in one of the spec's states
)

// Relation is a named relation of an actor to a record (the supervision office, the lead
// unit's liaison, a co-unit's liaison …): who may take an action is a list of them.
type Relation[A, R any] struct {
	Name  string
	Label Label // the relation's name in messages ("督查室")
	Holds func(a A, r R) bool
}

// Ctx is what a spec's guard and decision see.
type Ctx[A, R any] struct {
	Actor  A
	Record R
	Now    time.Time
	Spec   string
}

// Spec is one action, declared once.
type Spec[A, R, E any] struct {
	// Name is the action's name: the last segment of its API path and its catalogue keys
	// ("action.<name>", "flash.done.<name>").
	Name string
	// From lists the states the action may start from; nil means any state.
	From []string
	// Who lists the relations (by name) of which one must hold.
	Who []string
	// Fields are the action's typed inputs.
	Fields []Field
	// Guard refuses the action for what the record's facts (not its state alone) forbid;
	// nil for none. Its error is returned as it is.
	Guard func(c Ctx[A, R]) error
	// Decide validates the decoded values and writes the event. Problems it adds to p are
	// returned with the kernel's own as one invalid error. It runs even when the fields have
	// problems, so that a form shows them all at once: a required value may be absent.
	Decide func(c Ctx[A, R], v Values, ev *E, p *Problems) error
	// Form is how a page shows the action's form ("note", "reason", "text" or "own");
	// Primary marks the action a page offers first.
	Form    string
	Primary bool
}

// Problems collects field problems.
type Problems struct{ list []Problem }

// Add records a problem with one field.
func (p *Problems) Add(field, key string, args ...any) {
	p.list = append(p.list, Problem{Field: field, Key: key, Args: args})
}

// Has reports whether the field has a problem recorded.
func (p *Problems) Has(field string) bool {
	return slices.ContainsFunc(p.list, func(q Problem) bool { return q.Field == field })
}

// List returns the problems recorded.
func (p *Problems) List() []Problem { return p.list }

// Hooks connect a machine to its module: the record's state, whether the actor sees the
// record at all, and the module's errors.
type Hooks[A, R any] struct {
	State   func(r R) string
	Visible func(a A, r R) bool
	// Fail makes the error of a refusal: arg is the action's name (UnknownAction), the
	// labels of the relations that may (Forbidden), or the state (WrongState).
	Fail func(why Refusal, action string, arg any) error
	// Invalid makes the error of a list of problems.
	Invalid func(p []Problem) error
}

// Machine is a module's actions over its actor type A, record type R and event type E.
type Machine[A, R, E any] struct {
	hooks     Hooks[A, R]
	relations map[string]Relation[A, R]
	specs     []*Spec[A, R, E]
	byName    map[string]*Spec[A, R, E]
}

// New returns a machine with the relations its specs may name.
func New[A, R, E any](h Hooks[A, R], rels ...Relation[A, R]) *Machine[A, R, E] {
	m := &Machine[A, R, E]{hooks: h, relations: map[string]Relation[A, R]{}, byName: map[string]*Spec[A, R, E]{}}
	for _, r := range rels {
		m.relations[r.Name] = r
	}
	return m
}

// Add declares actions, in the order pages offer them. A spec naming an unknown relation,
// or a name declared twice, is a programming error and panics at start-up.
func (m *Machine[A, R, E]) Add(specs ...Spec[A, R, E]) *Machine[A, R, E] {
	for i := range specs {
		s := &specs[i]
		if _, dup := m.byName[s.Name]; dup || s.Name == "" {
			panic(fmt.Sprintf("flow: action %q declared twice or unnamed", s.Name))
		}
		for _, w := range s.Who {
			if _, ok := m.relations[w]; !ok {
				panic(fmt.Sprintf("flow: action %q names unknown relation %q", s.Name, w))
			}
		}
		if s.Decide == nil {
			panic(fmt.Sprintf("flow: action %q has no Decide", s.Name))
		}
		m.specs = append(m.specs, s)
		m.byName[s.Name] = s
	}
	return m
}

// Spec returns an action's spec.
func (m *Machine[A, R, E]) Spec(name string) (*Spec[A, R, E], bool) {
	s, ok := m.byName[name]
	return s, ok
}

// Specs returns every spec, in page order.
func (m *Machine[A, R, E]) Specs() []*Spec[A, R, E] { return slices.Clone(m.specs) }

// Names returns every action's name, in page order.
func (m *Machine[A, R, E]) Names() []string {
	out := make([]string, len(m.specs))
	for i, s := range m.specs {
		out[i] = s.Name
	}
	return out
}

// Relation returns a relation by name.
func (m *Machine[A, R, E]) Relation(name string) (Relation[A, R], bool) {
	r, ok := m.relations[name]
	return r, ok
}

// May reports whether one of the spec's relations holds between the actor and the record.
func (m *Machine[A, R, E]) May(s *Spec[A, R, E], a A, r R) bool {
	for _, w := range s.Who {
		if m.relations[w].Holds(a, r) {
			return true
		}
	}
	return false
}

// Check reports whether the actor may take the action on the record now, without its
// inputs: the action exists, the record is visible, a relation holds, the state fits and
// the guard passes.
func (m *Machine[A, R, E]) Check(a A, r R, name string, now time.Time) (*Spec[A, R, E], error) {
	s, ok := m.byName[name]
	if !ok {
		return nil, m.hooks.Fail(UnknownAction, name, name)
	}
	if !m.hooks.Visible(a, r) {
		return s, m.hooks.Fail(NotVisible, name, nil)
	}
	if !m.May(s, a, r) {
		labels := make([]Label, len(s.Who))
		for i, w := range s.Who {
			labels[i] = m.relations[w].Label
		}
		return s, m.hooks.Fail(Forbidden, name, labels)
	}
	if st := m.hooks.State(r); s.From != nil && !slices.Contains(s.From, st) {
		return s, m.hooks.Fail(WrongState, name, st)
	}
	if s.Guard != nil {
		if err := s.Guard(Ctx[A, R]{Actor: a, Record: r, Now: now, Spec: name}); err != nil {
			return s, err
		}
	}
	return s, nil
}

// Allowed lists the actions the actor may take on the record now, in page order. It asks
// what Check asks without making the refusals' errors: a list page asks it of every action
// of every row.
func (m *Machine[A, R, E]) Allowed(a A, r R, now time.Time) []string {
	var out []string
	if !m.hooks.Visible(a, r) {
		return out
	}
	st := m.hooks.State(r)
	for _, s := range m.specs {
		if !m.May(s, a, r) || s.From != nil && !slices.Contains(s.From, st) {
			continue
		}
		if s.Guard != nil && s.Guard(Ctx[A, R]{Actor: a, Record: r, Now: now, Spec: s.Name}) != nil {
			continue
		}
		out = append(out, s.Name)
	}
	return out
}

// Decide checks the action, validates its values against the spec's fields and lets the
// spec write the event into ev. It changes nothing.
func (m *Machine[A, R, E]) Decide(a A, r R, name string, v Values, now time.Time, ev *E) error {
	s, err := m.Check(a, r, name, now)
	if err != nil {
		return err
	}
	var p Problems
	checkValues(s.Fields, v, &p)
	if err := s.Decide(Ctx[A, R]{Actor: a, Record: r, Now: now, Spec: name}, v, ev, &p); err != nil {
		return err
	}
	if len(p.list) > 0 {
		return m.hooks.Invalid(p.list)
	}
	return nil
}

// Row is one row of the authorisation matrix: an action, the states it starts from and the
// relations of which one must hold.
type Row struct {
	Action    string
	From      []string
	Who       []string
	WhoLabels []Label // the relations' names in messages, as Who
}

// Matrix returns the authorisation matrix, one row per action, from the specs.
func (m *Machine[A, R, E]) Matrix() []Row {
	rows := make([]Row, len(m.specs))
	for i, s := range m.specs {
		rows[i] = Row{Action: s.Name, From: slices.Clone(s.From), Who: slices.Clone(s.Who)}
		for _, w := range s.Who {
			rows[i].WhoLabels = append(rows[i].WhoLabels, m.relations[w].Label)
		}
	}
	return rows
}
