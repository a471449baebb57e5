package flow

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// A toy module: documents owned by a user, reviewed by an editor.
type user struct {
	name   string
	editor bool
}

type doc struct {
	owner  string
	state  string
	hidden bool
}

type event struct {
	kind string
	text string
	n    int
	at   time.Time
}

type refusal struct {
	why    Refusal
	action string
	arg    any
}

func (r refusal) Error() string { return fmt.Sprint(r.why, r.action, r.arg) }

type problems []Problem

func (p problems) Error() string { return fmt.Sprint([]Problem(p)) }

func toy() *Machine[user, *doc, event] {
	m := New[user, *doc, event](Hooks[user, *doc]{
		State:   func(d *doc) string { return d.state },
		Visible: func(u user, d *doc) bool { return !d.hidden || u.editor },
		Fail:    func(why Refusal, action string, arg any) error { return refusal{why, action, arg} },
		Invalid: func(p []Problem) error { return problems(p) },
	},
		Relation[user, *doc]{Name: "owner", Label: "who.owner", Holds: func(u user, d *doc) bool { return u.name == d.owner }},
		Relation[user, *doc]{Name: "editor", Label: "who.editor", Holds: func(u user, _ *doc) bool { return u.editor }},
	)
	return m.Add(
		Spec[user, *doc, event]{Name: "submit", From: []string{"draft"}, Who: []string{"owner"},
			Fields: []Field{{Name: "text", Kind: Text, Required: true, Label: "f.text", Max: 10}},
			Decide: func(c Ctx[user, *doc], v Values, ev *event, p *Problems) error {
				ev.kind, ev.text = "submitted", v.Text("text")
				return nil
			}},
		Spec[user, *doc, event]{Name: "score", From: []string{"submitted"}, Who: []string{"editor"},
			Fields: []Field{{Name: "n", Kind: Int, Required: true, Bounded: true, Min: 1, Max: 5, Label: "f.n"},
				{Name: "grade", Kind: Choice, Choices: []string{"a", "b"}, Bad: "f.grade.bad"}},
			Guard: func(c Ctx[user, *doc]) error {
				if c.Record.owner == c.Actor.name {
					return errors.New("no scoring your own")
				}
				return nil
			},
			Decide: func(c Ctx[user, *doc], v Values, ev *event, p *Problems) error {
				n := v.Int("n") // absent when the field has a problem: Decide runs all the same
				if n != nil {
					ev.kind, ev.n = "scored", *n
				}
				if n != nil && *n == 3 && v.Text("grade") == "a" {
					p.Add("grade", "f.grade.three_is_not_a")
				}
				return nil
			}},
		Spec[user, *doc, event]{Name: "note", Who: []string{"owner", "editor"}, Fields: []Field{{Name: "text", Kind: Text}},
			Decide: func(c Ctx[user, *doc], v Values, ev *event, p *Problems) error { ev.kind = "noted"; return nil }},
	)
}

func TestCheckAndAllowed(t *testing.T) {
	m := toy()
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	ann, ed := user{name: "ann"}, user{name: "ed", editor: true}
	for _, c := range []struct {
		u       user
		d       *doc
		action  string
		refusal *Refusal
		allowed []string
	}{
		{ann, &doc{owner: "ann", state: "draft"}, "submit", nil, []string{"submit", "note"}},
		{ed, &doc{owner: "ann", state: "draft"}, "submit", ptr(Forbidden), []string{"note"}},
		{ann, &doc{owner: "ann", state: "submitted"}, "submit", ptr(WrongState), []string{"note"}},
		{ed, &doc{owner: "ann", state: "submitted"}, "score", nil, []string{"score", "note"}},
		{ann, &doc{owner: "bob", state: "draft", hidden: true}, "note", ptr(NotVisible), nil},
		{ann, &doc{owner: "ann", state: "draft"}, "publish", ptr(UnknownAction), []string{"submit", "note"}},
	} {
		_, err := m.Check(c.u, c.d, c.action, now)
		var r refusal
		switch {
		case c.refusal == nil && err != nil:
			t.Errorf("%s by %s: %v, want allowed", c.action, c.u.name, err)
		case c.refusal != nil && (!errors.As(err, &r) || r.why != *c.refusal):
			t.Errorf("%s by %s: %v, want refusal %d", c.action, c.u.name, err, *c.refusal)
		}
		if got := m.Allowed(c.u, c.d, now); !slices.Equal(got, c.allowed) {
			t.Errorf("Allowed for %s: %v, want %v", c.u.name, got, c.allowed)
		}
	}
	// Forbidden names the relations that may; the guard's own error passes through.
	_, err := m.Check(ann, &doc{owner: "ann", state: "submitted"}, "score", now)
	var r refusal
	if !errors.As(err, &r) || !reflect.DeepEqual(r.arg, []Label{"who.editor"}) {
		t.Errorf("score by the owner: %v, want forbidden naming the editor", err)
	}
	if _, err := m.Check(user{name: "ann", editor: true}, &doc{owner: "ann", state: "submitted"}, "score", now); err == nil || err.Error() != "no scoring your own" {
		t.Errorf("the guard: %v", err)
	}
}

func TestDecideFields(t *testing.T) {
	m := toy()
	now := time.Now()
	ed := user{name: "ed", editor: true}
	sub := &doc{owner: "ann", state: "submitted"}
	for _, c := range []struct {
		v    Values
		want []Problem // nil: decided
	}{
		{Values{"n": 4, "grade": "b"}, nil},
		{Values{}, []Problem{{Field: "n", Key: KeyRequired, Args: []any{Label("f.n")}}}},
		{Values{"n": 9}, []Problem{{Field: "n", Key: KeyOutOfRange, Args: []any{Label("f.n"), 1, 5}}}},
		{Values{"n": 2, "grade": "z"}, []Problem{{Field: "grade", Key: "f.grade.bad"}}},
		{Values{"n": 3, "grade": "a"}, []Problem{{Field: "grade", Key: "f.grade.three_is_not_a"}}},
		{Values{"n": 2, "grade": "  "}, nil}, // blank is absent
	} {
		var ev event
		err := m.Decide(ed, sub, "score", c.v, now, &ev)
		var ps problems
		switch {
		case c.want == nil && err != nil:
			t.Errorf("%v: %v", c.v, err)
		case c.want != nil && (!errors.As(err, &ps) || !reflect.DeepEqual([]Problem(ps), c.want)):
			t.Errorf("%v: %#v, want %#v", c.v, err, c.want)
		case c.want == nil && (ev.kind != "scored" || ev.n != c.v["n"]):
			t.Errorf("%v: event %+v", c.v, ev)
		}
	}
	// Texts are trimmed; too long ones are named, an optional one without its label.
	var ev event
	ann := user{name: "ann"}
	if err := m.Decide(ann, &doc{owner: "ann", state: "draft"}, "submit", Values{"text": "  好  "}, now, &ev); err != nil || ev.text != "好" {
		t.Errorf("submit: %v %+v", err, ev)
	}
	err := m.Decide(ann, &doc{owner: "ann", state: "draft"}, "submit", Values{"text": strings.Repeat("长", 11)}, now, &ev)
	var ps problems
	if !errors.As(err, &ps) || ps[0].Key != KeyTooLongNamed || ps[0].Args[1] != 10 {
		t.Errorf("a long text: %v", err)
	}
	err = m.Decide(ann, &doc{owner: "ann", state: "draft"}, "note", Values{"text": strings.Repeat("长", MaxText+1)}, now, &ev)
	if !errors.As(err, &ps) || ps[0].Key != KeyTooLong {
		t.Errorf("a long optional text: %v", err)
	}
}

// apiTime is an API's own time type, as BodyType takes it.
type apiTime struct{ time.Time }

func (t *apiTime) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &t.Time) }
func (t apiTime) FlowValue() any                { return t.Time }

func TestBodyTypeAndValuesOf(t *testing.T) {
	fields := []Field{{Name: "text", Kind: Text}, {Name: "n", Kind: Int}, {Name: "due", Kind: Time},
		{Name: "unit_id", Kind: ID}, {Name: "unit_ids", Kind: IDs}, {Name: "done", Kind: Ints},
		{Name: "level", Kind: Choice}, {Name: "text", Kind: Text}}
	typ := BodyType(fields, reflect.TypeFor[*apiTime]())
	if typ.NumField() != 7 {
		t.Fatalf("%d fields, want 7 (text once)", typ.NumField())
	}
	body := reflect.New(typ).Interface()
	dec := json.NewDecoder(strings.NewReader(`{"text":"x","n":0,"due":"2026-12-31T10:00:00Z","unit_id":7,"unit_ids":[1,2],"done":[3],"level":"red"}`))
	dec.DisallowUnknownFields()
	if err := dec.Decode(body); err != nil {
		t.Fatal(err)
	}
	want := Values{"text": "x", "n": 0, "due": time.Date(2026, 12, 31, 10, 0, 0, 0, time.UTC), "unit_id": int64(7),
		"unit_ids": []int64{1, 2}, "done": []int{3}, "level": "red"}
	if got := ValuesOf(body); !reflect.DeepEqual(got, want) {
		t.Errorf("ValuesOf(body) = %#v\nwant %#v", got, want)
	}
	if err := json.NewDecoder(strings.NewReader(`{"nope":1}`)).Decode(body); err != nil {
		t.Fatal(err)
	}
	dec = json.NewDecoder(strings.NewReader(`{"nope":1}`))
	dec.DisallowUnknownFields()
	if err := dec.Decode(reflect.New(typ).Interface()); err == nil {
		t.Error("an unknown field was accepted")
	}
	// A Go caller's command: zero values are absent, a pointer to zero is present.
	type level string
	zero := 0
	cmd := struct {
		Action string `json:"-"`
		Text   string `json:"text"`
		N      *int   `json:"n"`
		Level  level  `json:"level"`
		IDs    []int64
	}{Action: "x", N: &zero, Level: "blue"}
	if got := ValuesOf(&cmd); !reflect.DeepEqual(got, Values{"n": 0, "level": "blue"}) {
		t.Errorf("ValuesOf(cmd) = %#v", got)
	}
}

func TestMatrixAndDeclarationErrors(t *testing.T) {
	rows := toy().Matrix()
	if len(rows) != 3 || rows[2].Action != "note" || rows[2].From != nil ||
		!slices.Equal(rows[2].WhoLabels, []Label{"who.owner", "who.editor"}) {
		t.Errorf("matrix %+v", rows)
	}
	for name, spec := range map[string]Spec[user, *doc, event]{
		"unknown relation": {Name: "x", Who: []string{"nobody"}, Decide: func(Ctx[user, *doc], Values, *event, *Problems) error { return nil }},
		"twice":            {Name: "note", Who: []string{"owner"}, Decide: func(Ctx[user, *doc], Values, *event, *Problems) error { return nil }},
		"no decide":        {Name: "y", Who: []string{"owner"}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: declared without a panic", name)
				}
			}()
			toy().Add(spec)
		}()
	}
}

func ptr[T any](v T) *T { return &v }
