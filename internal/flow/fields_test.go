package flow

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

// TestFloat: a float field decodes from an API body (zero kept, absence absent), reads back
// through Values.Float, and is checked finite and, when bounded, in range.
func TestFloat(t *testing.T) {
	fields := []Field{
		{Name: "target", Kind: Float, Required: true, Bounded: true, Min: -100, Max: 100, Label: "f.target"},
		{Name: "stretch", Kind: Float},
	}
	body := reflect.New(BodyType(fields, reflect.TypeFor[*time.Time]()))
	if err := json.Unmarshal([]byte(`{"target": 0}`), body.Interface()); err != nil {
		t.Fatal(err)
	}
	v := ValuesOf(body.Interface())
	if x := v.Float("target"); x == nil || *x != 0 {
		t.Errorf("target 0: %v", x)
	}
	if v.Float("stretch") != nil {
		t.Errorf("stretch absent: %v", v)
	}
	if err := json.Unmarshal([]byte(`{"target": "x"}`), body.Interface()); err == nil {
		t.Error("a string decoded as a float")
	}
	cases := []struct {
		v    Values
		want []string // the fields with a problem
	}{
		{Values{"target": 99.5}, nil},
		{Values{"target": 100.5}, []string{"target"}},
		{Values{"target": math.Inf(1)}, []string{"target"}},
		{Values{"target": 1.0, "stretch": math.NaN()}, []string{"stretch"}},
		{Values{"target": 1}, []string{"target"}}, // an int is not a float
		{Values{}, []string{"target"}},
	}
	for _, c := range cases {
		var p Problems
		checkValues(fields, c.v, &p)
		var got []string
		for _, q := range p.List() {
			got = append(got, q.Field)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: problems with %v, want %v", c.v, got, c.want)
		}
	}
	var p Problems
	checkValues(fields, Values{"target": 1e9}, &p)
	if q := p.List(); len(q) != 1 || q[0].Key != KeyOutOfRange || !reflect.DeepEqual(q[0].Args, []any{Label("f.target"), -100, 100}) {
		t.Errorf("out of range: %+v", q)
	}
	// A key of the module's own is a whole message: no arguments to spill into it.
	p = Problems{}
	own := []Field{{Name: "target", Kind: Float, Required: true, Bounded: true, Max: 1, Label: "f.target", Missing: "m.missing", Bad: "m.bad"}}
	checkValues(own, Values{"target": 2.0}, &p)
	checkValues(own, Values{}, &p)
	if q := p.List(); len(q) != 2 || q[0].Key != "m.bad" || q[1].Key != "m.missing" || q[0].Args != nil || q[1].Args != nil {
		t.Errorf("own keys: %+v", q)
	}
}

// TestControlCharacters: a text with NUL or another C0 control is refused under the
// kernel's key; tab and line breaks are text.
func TestControlCharacters(t *testing.T) {
	fields := []Field{{Name: "text", Kind: Text, Required: true, Label: "f.text"}}
	for in, bad := range map[string]bool{
		"进展顺利":             false,
		"第一行\n第二行\r\n\t缩进": false,
		"a\x00b":           true,
		"a\x1bb":           true,
		"\x07铃声":           true,
		"a\x7fb":           false, // DEL is not a C0 control
	} {
		var p Problems
		checkValues(fields, Values{"text": in}, &p)
		q := p.List()
		if got := len(q) == 1 && q[0].Key == KeyControl; got != bad {
			t.Errorf("%q: problems %+v, want refused %v", in, q, bad)
		}
		if HasControl(in) != bad {
			t.Errorf("HasControl(%q) = %v", in, !bad)
		}
	}
}

// TestClearable: a clearable text given empty in an API body (or as "   ") stays in the
// values as "", to clear it; left out, or null, it is absent; a text that is not clearable
// given empty is absent, as ever.
func TestClearable(t *testing.T) {
	fields := []Field{
		{Name: "note", Kind: Text, Clearable: true, Label: "f.note"},
		{Name: "title", Kind: Text, Label: "f.title"},
	}
	body := BodyType(fields, reflect.TypeFor[*time.Time]())
	for in, want := range map[string]Values{
		`{"note": ""}`:               {"note": ""},
		`{"note": "   "}`:            {"note": ""},
		`{"note": "改", "title": ""}`: {"note": "改"},
		`{"note": null}`:             {},
		`{}`:                         {},
		`{"title": "题"}`:             {"title": "题"},
	} {
		b := reflect.New(body)
		if err := json.Unmarshal([]byte(in), b.Interface()); err != nil {
			t.Fatal(err)
		}
		v := ValuesOf(b.Interface())
		var p Problems
		checkValues(fields, v, &p)
		if !reflect.DeepEqual(v, want) || len(p.List()) > 0 {
			t.Errorf("%s: values %v (problems %+v), want %v", in, v, p.List(), want)
		}
	}
}
