// Package bulletin is the module of supervision bulletins (督查通报): a bulletin of a period
// (a month, a quarter, a year, or a special topic) generated from the data — the figures of
// the items due in it by lead unit, the red and overdue items by name, the commendations and
// accountability records made in it — around which the supervision office writes its
// comment (按语) and next steps (下步要求), numbers it (督查通报〔2026〕N号) and publishes it.
// Its steps are declared once each as a spec on the workflow kernel (internal/flow); a step
// decides an event, Apply folds it in, Rebuild over the stored events gives the stored
// bulletin. A published bulletin is unchangeable: no spec starts from that state, and its
// figures are the snapshot stored with it. Rankings are by outcome only (Compute).
package bulletin

import (
	"fmt"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/flow/refuse"
	"luoshi/internal/luoshi"
)

// The kinds of bulletin event. Each names the audit action "bulletin.<kind>".
const (
	Generated = "generated"
	Edited    = "edited"
	Numbered  = "numbered"
	Refreshed = "refreshed"
	Published = "published"
)

// The action names.
const (
	ActEdit    = "edit"
	ActNumber  = "number"
	ActRefresh = "refresh"
	ActPublish = "publish"
)

// Limits of a bulletin's texts, in characters, and of its number.
const (
	MaxTitle     = 100
	MaxNarrative = 20000
	MaxNumber    = 9999
)

// Subject is what a bulletin action is decided on: the bulletin and, for a refresh, the
// figures taken again now.
type Subject struct {
	*luoshi.Bulletin
	Fresh *luoshi.BulletinFigures
}

// Spec is a bulletin action's spec.
type Spec = flow.Spec[*luoshi.Actor, Subject, luoshi.BulletinEvent]

// Ctx is what a bulletin action's guard and decision see.
type Ctx = flow.Ctx[*luoshi.Actor, Subject]

// Office reports whether the actor writes bulletins: the supervision office.
func Office(a *luoshi.Actor) bool { return a.Has(luoshi.RoleSupervisor) }

// Sees reports whether the actor sees the bulletin: the office every bulletin of its
// region, drafts included; everyone who reads the region's business its published ones.
func Sees(a *luoshi.Actor, b *luoshi.Bulletin) bool {
	if b.RegionID != a.RegionID {
		return false
	}
	if Office(a) {
		return true
	}
	return b.State == luoshi.BulletinPublished && a.SeesBusiness()
}

var relations = []flow.Relation[*luoshi.Actor, Subject]{
	{Name: "office", Label: "bulletin.who.office", Holds: func(a *luoshi.Actor, _ Subject) bool { return Office(a) }},
}

var office = []string{"office"}

var draft = []string{string(luoshi.BulletinDraft)}

var (
	titleField        = flow.Field{Name: "title", Kind: flow.Text, Max: MaxTitle, Label: "bulletin.field.title"}
	forewordField     = flow.Field{Name: "foreword", Kind: flow.Text, Long: true, Max: MaxNarrative, Clearable: true, Label: "bulletin.field.foreword"}
	requirementsField = flow.Field{Name: "requirements", Kind: flow.Text, Long: true, Max: MaxNarrative, Clearable: true, Label: "bulletin.field.requirements"}
	yearField         = flow.Field{Name: "year", Kind: flow.Int, Required: true, Bounded: true, Min: 2000, Max: 2100, Label: "bulletin.field.year"}
	numberField       = flow.Field{Name: "number", Kind: flow.Int, Required: true, Bounded: true, Min: 1, Max: MaxNumber, Label: "bulletin.field.number"}
)

// specs are the bulletin's actions: the office edits the narrative, numbers it, takes the
// figures again while it is a draft, and publishes it once numbered. An edit changes the
// texts given and leaves the others; 按语 and 下步要求 given empty are cleared.
func specs() []Spec {
	return []Spec{
		{Name: ActEdit, From: draft, Who: office, Primary: true, Form: "own",
			Fields: []flow.Field{titleField, forewordField, requirementsField}, Decide: decideEdit},
		{Name: ActNumber, From: draft, Who: office, Form: "own",
			Fields: []flow.Field{yearField, numberField}, Decide: decideNumber},
		{Name: ActRefresh, From: draft, Who: office, Form: "confirm", Decide: decideRefresh},
		{Name: ActPublish, From: draft, Who: office, Primary: true, Form: "confirm", Guard: guardPublish,
			Decide: func(_ Ctx, _ flow.Values, ev *luoshi.BulletinEvent, _ *flow.Problems) error {
				ev.Kind = Published
				return nil
			}},
	}
}

func decideEdit(c Ctx, v flow.Values, ev *luoshi.BulletinEvent, p *flow.Problems) error {
	ev.Kind = Edited
	set := func(name string) *string {
		if _, ok := v[name]; !ok {
			return nil
		}
		s := v.Text(name)
		return &s
	}
	ev.Data.Title, ev.Data.Foreword, ev.Data.Requirements = set("title"), set("foreword"), set("requirements")
	if ev.Data.Title == nil && ev.Data.Foreword == nil && ev.Data.Requirements == nil {
		p.Add("foreword", "bulletin.edit.nothing")
	}
	return nil
}

func decideNumber(c Ctx, v flow.Values, ev *luoshi.BulletinEvent, p *flow.Problems) error {
	ev.Kind = Numbered
	if y := v.Int("year"); y != nil {
		ev.Data.Year = *y
	}
	if n := v.Int("number"); n != nil {
		ev.Data.Number = *n
	}
	return nil
}

func decideRefresh(c Ctx, _ flow.Values, ev *luoshi.BulletinEvent, _ *flow.Problems) error {
	if c.Record.Fresh == nil {
		return fmt.Errorf("refresh bulletin %d: no figures taken", c.Record.ID)
	}
	ev.Kind, ev.Data.Figures = Refreshed, c.Record.Fresh
	return nil
}

// guardPublish refuses to publish a bulletin without its number.
func guardPublish(c Ctx) error {
	if c.Record.Number == 0 {
		e := luoshi.Errorf(luoshi.ECONFLICT, "bulletin.publish.unnumbered")
		e.State = string(c.Record.State)
		return e
	}
	return nil
}

var flows = flow.New[*luoshi.Actor, Subject, luoshi.BulletinEvent](flow.Hooks[*luoshi.Actor, Subject]{
	State:   func(s Subject) string { return string(s.State) },
	Visible: func(a *luoshi.Actor, s Subject) bool { return Sees(a, s.Bulletin) },
	Fail: refuse.Keys{NotFound: "bulletin.not_found", Forbidden: "bulletin.forbidden", WrongState: "bulletin.wrong_state",
		State: func(s string) luoshi.Msg { return StateLabel(luoshi.BulletinState(s)) }}.Fail,
	Invalid: refuse.Invalid,
}, relations...).Add(specs()...)

// StateLabel is a bulletin state's name, as a message.
func StateLabel(s luoshi.BulletinState) luoshi.Msg { return luoshi.M("bulletin.state." + string(s)) }

// Actions lists every bulletin action, in the order pages offer them.
func Actions() []string { return flows.Names() }

// SpecOf returns a bulletin action's spec.
func SpecOf(name string) (*Spec, bool) { return flows.Spec(name) }

// Matrix is the authorisation matrix of the bulletin actions, from their specs.
func Matrix() []flow.Row { return flows.Matrix() }

// Allowed lists the actions the actor may take on the bulletin now.
func Allowed(s Subject, a *luoshi.Actor, now time.Time) []string { return flows.Allowed(a, s, now) }

// Decide checks that the actor may take the action on the bulletin now, validates its
// values and returns the event to record. It changes nothing.
func Decide(s Subject, a *luoshi.Actor, act string, v flow.Values, now time.Time) (luoshi.BulletinEvent, error) {
	if v == nil {
		v = flow.Values{}
	}
	ev := luoshi.BulletinEvent{BulletinID: s.ID, ActorID: a.UserID, At: now}
	if err := flows.Decide(a, s, act, v, now, &ev); err != nil {
		return luoshi.BulletinEvent{}, err
	}
	return ev, nil
}

// Apply folds one event into the bulletin, raising its version.
func Apply(b *luoshi.Bulletin, e luoshi.BulletinEvent) error {
	switch e.Kind {
	case Generated:
		if e.Data.Bulletin == nil {
			return fmt.Errorf("bulletin event %d: generated without the bulletin", e.Seq)
		}
		*b = *e.Data.Bulletin.Clone()
		b.Version, b.CreatedAt, b.UpdatedAt, b.State = 1, e.At, e.At, luoshi.BulletinDraft
		if b.ID == 0 {
			b.ID = e.BulletinID
		}
		return nil
	case Edited:
		if d := e.Data; d.Title != nil {
			b.Title = *d.Title
		}
		if d := e.Data; d.Foreword != nil {
			b.Foreword = *d.Foreword
		}
		if d := e.Data; d.Requirements != nil {
			b.Requirements = *d.Requirements
		}
	case Numbered:
		b.Year, b.Number = e.Data.Year, e.Data.Number
	case Refreshed:
		b.Figures = *e.Data.Figures
	case Published:
		t := e.At
		b.State, b.PublishedAt = luoshi.BulletinPublished, &t
	default:
		return fmt.Errorf("bulletin event %d: unknown kind %q", e.Seq, e.Kind)
	}
	b.Version++
	b.UpdatedAt = e.At
	return nil
}

// Rebuild folds a bulletin's events, oldest first, into the bulletin they make.
func Rebuild(events []luoshi.BulletinEvent) (*luoshi.Bulletin, error) {
	b := &luoshi.Bulletin{}
	for _, e := range events {
		if err := Apply(b, e); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Fields returns every field of the bulletin actions, each name once.
func Fields() []flow.Field { return flows.AllFields() }
