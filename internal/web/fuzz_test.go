package web

import (
	"encoding/json"
	"math"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/i18n"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/proposal"
	"luoshi/internal/target"
)

// formFields is the fields of every module's action forms, read by valuesOf.
var formFields = [][]flow.Field{item.Fields(), proposal.Fields(), target.Fields(), bulletin.Fields(),
	meeting.TopicFields(), meeting.MeetingFields()}

// rawKey is a message that is a catalogue key shown as itself (a key missing from it).
var rawKey = regexp.MustCompile(`^[a-z_]+(\.[a-z_0-9]+)+`)

// checkFormMessages: every message the form carries is a rendered catalogue message, in
// Chinese, with its arguments all used.
func checkFormMessages(t *testing.T, f *Form) {
	t.Helper()
	msgs := []string{f.Message}
	for _, m := range f.Errors {
		msgs = append(msgs, m)
	}
	for i, m := range msgs {
		if i == 0 && m == "" && len(f.Errors) == 0 {
			continue
		}
		if m == "" || strings.Contains(m, "%!") || rawKey.MatchString(m) {
			t.Fatalf("form message %q (all: %q, %q)", m, f.Message, f.Errors)
		}
	}
}

// FuzzFormValues posts an arbitrary form body to an action (which picks the module's
// fields): readForm refuses it with a catalogue error, or valuesOf reads values each of its
// field's kind (ids positive, times within the years JSON and the databases carry), and
// what it could not read is a message on the form. Seeds are in testdata/fuzz/FuzzFormValues.
func FuzzFormValues(f *testing.F) {
	for i := range formFields {
		f.Add(uint8(i), "content=进展顺利&deadline=2026-12-31&percent=50&unit_id=3&co_unit_ids=4&co_unit_ids=5")
	}
	f.Add(uint8(0), "deadline=0000-01-01")
	f.Add(uint8(0), "deadline=2026-12-31T18:00&percent=abc&unit_id=-1")
	f.Add(uint8(0), "reason=%00")
	f.Add(uint8(0), "a=%zz")
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		fields := formFields[int(which)%len(formFields)]
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		form, err := readForm(httptest.NewRecorder(), r)
		if err != nil {
			e, ok := luoshi.AsError(err)
			if !ok || !i18n.Has(e.Key) || e.Code != luoshi.EMALFORMED && e.Code != luoshi.EINVALID {
				t.Fatalf("%q refused with %#v", body, err)
			}
			return
		}
		loc, _ := time.LoadLocation("Asia/Shanghai")
		v := valuesOf(fields, form, loc)
		checkFormMessages(t, form)
		for _, fd := range fields {
			val, ok := v[fd.Name]
			if !ok {
				continue
			}
			if reflect.TypeOf(val) != fd.Kind.GoType() {
				t.Fatalf("%q: %s read as a %T", body, fd.Name, val)
			}
			switch x := val.(type) {
			case int64:
				if x <= 0 {
					t.Fatalf("%q: id %s read as %d", body, fd.Name, x)
				}
			case []int64:
				for _, id := range x {
					if id <= 0 {
						t.Fatalf("%q: ids %s read with %d", body, fd.Name, id)
					}
				}
			case time.Time:
				if _, err := json.Marshal(x); err != nil || !luoshi.YearInRange(x) {
					t.Fatalf("%q: %s read as %v (%v)", body, fd.Name, x, err)
				}
			}
		}
	})
}

// FuzzListQuery reads an arbitrary query string as the list of items does: the filter has
// only valid choices and positive ids, and each value not on offer is a message on its field.
func FuzzListQuery(f *testing.F) {
	for _, q := range []string{"state=all", "state=open&light=red", "unit_id=0&leader_id=x", "overdue=true&sort=deadline",
		"q=" + strings.Repeat("查", 101), "priority=nope&source=%"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		vals, _ := url.ParseQuery(q) // as r.URL.Query() does: what parses is kept
		form := newForm()
		fl, keep := parseListQuery(form, vals)
		checkFormMessages(t, form)
		if fl.State != nil && !fl.State.Valid() || fl.Light != nil && !fl.Light.Valid() ||
			fl.Priority != nil && !fl.Priority.Valid() || fl.Source != nil && !fl.Source.Valid() {
			t.Fatalf("%q: a choice out of its list read: %+v", q, fl)
		}
		for _, id := range []*int64{fl.UnitID, fl.LeaderID, fl.ParentID} {
			if id != nil && *id <= 0 {
				t.Fatalf("%q: id %d read", q, *id)
			}
		}
		if len([]rune(fl.Query)) > 100 && form.Err("q") == "" {
			t.Fatalf("%q: a search of %d characters read without a message", q, len([]rune(fl.Query)))
		}
		if fl.State != nil && keep != nil {
			t.Fatalf("%q: a state chosen and the states in hand kept too", q)
		}
	})
}

// FuzzFormFields reads an arbitrary value with each of the forms' field readers (a date, a
// moment, a day, a whole number, a number, an id, ids): a value read is of its kind and in
// range, or the field carries its message and nothing is read.
func FuzzFormFields(f *testing.F) {
	for _, s := range []string{"2026-12-31", "2026-12-31T18:00", "2026-12-31 18:00", "0000-01-01", "9999-12-31T23:59",
		"12", "-3", "1.5e3", "NaN", "１２", " 7 ", "2026-02-30"} {
		f.Add(s)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	f.Fuzz(func(t *testing.T, s string) {
		form := newForm()
		form.Values["v"] = []string{s, s}
		blank := strings.TrimSpace(s) == ""
		// check: either read (ok) with no message, or not read with a message; blank reads nothing, quietly.
		check := func(what string, ok bool) {
			t.Helper()
			msg := form.Err("v")
			switch {
			case blank && (ok || msg != ""):
				t.Fatalf("%s of blank %q: read %v, message %q", what, s, ok, msg)
			case !blank && ok == (msg != ""):
				t.Fatalf("%s of %q: read %v, message %q", what, s, ok, msg)
			}
			checkFormMessages(t, form)
			form = newForm()
			form.Values["v"] = []string{s, s}
		}
		for _, tm := range []struct {
			what string
			read func() time.Time
		}{{"date", func() time.Time { return form.date("v", loc) }}, {"moment", func() time.Time { return form.moment("v", loc) }},
			{"day", func() time.Time { return formDay(form, "v", loc) }}} {
			got := tm.read()
			if !got.IsZero() && !luoshi.YearInRange(got) {
				t.Fatalf("%s of %q read as %v", tm.what, s, got)
			}
			check(tm.what, !got.IsZero())
		}
		n := form.int("v", luoshi.M("form.integer"))
		check("int", n != nil)
		x := form.float("v", luoshi.M("form.integer"))
		if x != nil && (math.IsNaN(*x) || math.IsInf(*x, 0)) {
			t.Fatalf("number %q read as %v", s, *x)
		}
		check("float", x != nil)
		id := form.id("v")
		if id != nil && *id <= 0 {
			t.Fatalf("id %q read as %d", s, *id)
		}
		check("id", id != nil)
		ids := form.ids("v") // the value twice: read twice, as id reads it
		if id != nil && !slices.Equal(ids, []int64{*id, *id}) || id == nil && len(ids) > 0 {
			t.Fatalf("ids %q read as %v, id as %v", s, ids, id)
		}
		check("ids", len(ids) > 0)
	})
}
