package flow

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the type of an action's field.
type Kind int

// The kinds of field.
const (
	Text   Kind = iota // a string; Long for a paragraph
	Int                // a whole number; Min and Max bound it when Bounded
	Time               // a moment: RFC 3339 or a date in the API, a date (and time) in a form
	ID                 // one record's id, chosen from a list
	IDs                // several ids
	Ints               // several whole numbers (e.g. milestone numbers, ticked)
	Choice             // one of Choices
	Float              // a number with a fraction; always finite, Min and Max bound it when Bounded
)

// GoType is the Go type of a value of this kind in Values.
func (k Kind) GoType() reflect.Type {
	switch k {
	case Int:
		return reflect.TypeFor[int]()
	case Time:
		return reflect.TypeFor[time.Time]()
	case ID:
		return reflect.TypeFor[int64]()
	case IDs:
		return reflect.TypeFor[[]int64]()
	case Ints:
		return reflect.TypeFor[[]int]()
	case Float:
		return reflect.TypeFor[float64]()
	}
	return reflect.TypeFor[string]() // Text, Choice
}

// MaxText bounds text fields, in characters, unless a field sets its own Max.
const MaxText = 5000

// Field is one typed input of an action. Name is its JSON key and its form field's name.
type Field struct {
	Name     string
	Kind     Kind
	Required bool
	Long     bool // a paragraph rather than a line
	Max      int  // Text: characters (0: MaxText)
	Choices  []string
	Bounded  bool // Int, Float: Min ≤ n ≤ Max
	Min      int
	Label    Label // the field's name in messages and on forms ("退办理由")
	// Missing and Bad override the kernel's message keys for a required field left empty
	// and for a value out of range, not a number or not among the choices: each is a whole
	// message of the module's, with no arguments.
	Missing string
	Bad     string
	// Clearable (Text) lets an empty value be given: it clears the text rather than leaving
	// it as it was. Absent stays absent; the API body holds the field as a *string, so that
	// "" is told from a key left out.
	Clearable bool
}

// Values are an action's decoded inputs by field name: string (Text, Choice), int (Int),
// float64 (Float), time.Time (Time), int64 (ID), []int64 (IDs), []int (Ints). An empty input
// is absent, but for a Clearable text, where it is "" (clear it).
type Values map[string]any

// Text returns a text field's value, "" when absent.
func (v Values) Text(name string) string { s, _ := v[name].(string); return s }

// Int returns an integer field's value, nil when absent.
func (v Values) Int(name string) *int {
	if n, ok := v[name].(int); ok {
		return &n
	}
	return nil
}

// Float returns a float field's value, nil when absent.
func (v Values) Float(name string) *float64 {
	if x, ok := v[name].(float64); ok {
		return &x
	}
	return nil
}

// Time returns a time field's value, nil when absent.
func (v Values) Time(name string) *time.Time {
	if t, ok := v[name].(time.Time); ok {
		return &t
	}
	return nil
}

// ID returns an id field's value, 0 when absent.
func (v Values) ID(name string) int64 { n, _ := v[name].(int64); return n }

// IDs returns an ids field's value.
func (v Values) IDs(name string) []int64 { ids, _ := v[name].([]int64); return ids }

// Ints returns an ints field's value.
func (v Values) Ints(name string) []int { ns, _ := v[name].([]int); return ns }

// The kernel's message keys for field problems.
const (
	KeyRequired     = "flow.required"       // 请填写%s (the field's label)
	KeyTooLong      = "flow.too_long"       // 不能超过 %d 个字
	KeyTooLongNamed = "flow.too_long_named" // %s不能超过 %d 个字
	KeyOutOfRange   = "flow.out_of_range"   // %s须在 %d 到 %d 之间
	KeyNotAChoice   = "flow.not_a_choice"   // %s须为 …
	KeyNotANumber   = "flow.not_a_number"   // %s须为有效的数 (NaN, ±Inf)
	KeyControl      = "flow.control"        // 不能包含控制字符 (NUL and the like)
)

// HasControl reports whether a text holds a C0 control character other than tab, newline
// and carriage return: NUL and its kind, which no one types, break exports and other
// programs, and hide text from whoever reads it.
func HasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

// checkValues trims texts and checks every field: required ones present, texts not too
// long and free of control characters, numbers in range, choices among the choices. Problems go in field order.
func checkValues(fields []Field, v Values, p *Problems) {
	for _, f := range fields {
		if s, ok := v[f.Name].(string); ok {
			if s = strings.TrimSpace(s); s == "" && !f.Clearable {
				delete(v, f.Name)
			} else {
				v[f.Name] = s
			}
		}
		val, present := v[f.Name]
		if !present {
			if f.Required {
				p.add(f.Name, f.Missing, KeyRequired, f.Label)
			}
			continue
		}
		switch f.Kind {
		case Text:
			max := f.Max
			if max == 0 {
				max = MaxText
			}
			switch {
			case utf8.RuneCountInString(val.(string)) > max && f.Required:
				p.Add(f.Name, KeyTooLongNamed, f.Label, max)
			case utf8.RuneCountInString(val.(string)) > max:
				p.Add(f.Name, KeyTooLong, max)
			case HasControl(val.(string)):
				p.Add(f.Name, KeyControl)
			}
		case Int:
			if n := val.(int); f.Bounded && (n < f.Min || n > f.Max) {
				p.add(f.Name, f.Bad, KeyOutOfRange, f.Label, f.Min, f.Max)
			}
		case Float:
			x, ok := val.(float64)
			switch {
			case !ok || math.IsNaN(x) || math.IsInf(x, 0):
				p.add(f.Name, f.Bad, KeyNotANumber, f.Label)
			case f.Bounded && (x < float64(f.Min) || x > float64(f.Max)):
				p.add(f.Name, f.Bad, KeyOutOfRange, f.Label, f.Min, f.Max)
			}
		case Choice:
			if !slices.Contains(f.Choices, val.(string)) {
				p.add(f.Name, f.Bad, KeyNotAChoice, f.Label)
			}
		}
	}
}

// add records a problem under the field's own key, a whole message that takes no arguments,
// or else under the kernel's key with its arguments.
func (p *Problems) add(field, own, kernel string, args ...any) {
	if own != "" {
		p.Add(field, own)
		return
	}
	p.Add(field, kernel, args...)
}

// Valuer is a decoded input that carries a value of its own kind (an API time type that
// holds a time.Time, say).
type Valuer interface{ FlowValue() any }

// ValuesOf reads the values of a struct's fields tagged `json:"name"` (the body of an API
// request built by BodyType, or a Go caller's command), leaving zero ones out.
func ValuesOf(x any) Values {
	v := Values{}
	rv := reflect.Indirect(reflect.ValueOf(x))
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if val, ok := plain(rv.Field(i)); ok {
			v[name] = val
		}
	}
	return v
}

// plain turns one struct field into a Values entry: pointers followed, named string and
// integer types made plain, zero values absent.
func plain(f reflect.Value) (any, bool) {
	if f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return nil, false
		}
		if vr, ok := f.Interface().(Valuer); ok {
			return vr.FlowValue(), true
		}
		return plainElem(f.Elem(), true)
	}
	if f.IsZero() {
		return nil, false
	}
	return plainElem(f, false)
}

func plainElem(f reflect.Value, keepZero bool) (any, bool) {
	if vr, ok := f.Interface().(Valuer); ok {
		return vr.FlowValue(), true
	}
	switch f.Kind() {
	case reflect.String:
		return f.String(), keepZero || f.String() != ""
	case reflect.Int:
		return int(f.Int()), true
	case reflect.Int64:
		return f.Int(), true
	case reflect.Float64:
		return f.Float(), true
	case reflect.Slice:
		if f.Len() == 0 {
			return nil, false
		}
		switch f.Type().Elem().Kind() {
		case reflect.Int64:
			return slices.Clone(f.Interface().([]int64)), true
		case reflect.Int:
			return slices.Clone(f.Interface().([]int)), true
		}
	case reflect.Struct:
		if t, ok := f.Interface().(time.Time); ok {
			return t, true
		}
	}
	return f.Interface(), true
}

// BodyType is a struct type with one JSON-tagged field per distinct field name of the
// specs, so that an API body decodes with the standard library's checks (unknown fields,
// types) into it and ValuesOf reads it. timeType is the API's time type (it must implement
// json.Unmarshaler and Valuer); choice fields decode as strings.
func BodyType(fields []Field, timeType reflect.Type) reflect.Type {
	var sf []reflect.StructField
	seen := map[string]bool{}
	for _, f := range fields {
		if seen[f.Name] {
			continue
		}
		seen[f.Name] = true
		var t reflect.Type
		switch f.Kind {
		case Text, Choice:
			t = reflect.TypeFor[string]()
			if f.Clearable {
				t = reflect.TypeFor[*string]()
			}
		case Int:
			t = reflect.TypeFor[*int]()
		case Float:
			t = reflect.TypeFor[*float64]()
		case Time:
			t = timeType
		case ID:
			t = reflect.TypeFor[int64]()
		case IDs:
			t = reflect.TypeFor[[]int64]()
		case Ints:
			t = reflect.TypeFor[[]int]()
		}
		sf = append(sf, reflect.StructField{Name: exported(f.Name), Type: t, Tag: reflect.StructTag(`json:"` + f.Name + `"`)})
	}
	return reflect.StructOf(sf)
}

// exported makes a Go field name of a JSON name: "next_steps" → "Next_steps".
func exported(name string) string {
	return strings.ToUpper(name[:1]) + name[1:]
}

// AllFields returns every field of the machine's specs, each name once, in page order.
func (m *Machine[A, R, E]) AllFields() []Field {
	var out []Field
	seen := map[string]bool{}
	for _, s := range m.specs {
		for _, f := range s.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				out = append(out, f)
			}
		}
	}
	return out
}
