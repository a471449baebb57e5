package web

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// maxUpload bounds a multipart form (attachments), as the API does.
const maxUpload = 20 << 20

// maxForm bounds a plain form body.
const maxForm = 1 << 20

// Form is a submitted form shown again: its values, and the message of each field beside
// it. Message is the summary above the form, including problems no field of it shows.
//
// The messages are keys of the catalogue with arguments, as the services' are; the form
// remembers them, so that a page shows them in its own language (localize).
type Form struct {
	Values  url.Values
	Errors  map[string]string
	Message string

	steps []formStep
	shown Lang // the language Message and Errors are in
}

// formStep is one problem put on a form: a service's error and the fields the form shows
// (fail), or a message by key the page found for one field (set).
type formStep struct {
	err   *luoshi.Error
	known []string
	field string
	key   string
	args  []any
}

// newForm returns an empty form.
func newForm() *Form { return &Form{Values: url.Values{}, Errors: map[string]string{}} }

// readForm parses a posted form within the size limit.
func readForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			return nil, luoshi.Errorf(luoshi.EMALFORMED, "form.unreadable")
		}
	}
	f := newForm()
	for k, v := range r.PostForm {
		if k != "csrf_token" {
			f.Values[k] = v
		}
		if slices.ContainsFunc(v, flow.HasControl) {
			return nil, luoshi.Errorf(luoshi.EINVALID, "request.control")
		}
	}
	return f, nil
}

// Get returns a field's value.
func (f *Form) Get(name string) string { return f.Values.Get(name) }

// Checked reports whether a checkbox or option of a field holds the value.
func (f *Form) Checked(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Err returns a field's message.
func (f *Form) Err(name string) string { return f.Errors[name] }

// Aria marks a control whose field has a message: invalid, and described by the message
// (whose id is the control's id with "-err") and by any hints named after it.
func (f *Form) Aria(name, id string, hints ...string) template.HTMLAttr {
	described := hints
	invalid := ""
	if f.Errors[name] != "" {
		described = append([]string{id + "-err"}, hints...)
		invalid = `aria-invalid="true" `
	}
	if len(described) == 0 {
		return ""
	}
	return template.HTMLAttr(invalid + `aria-describedby="` + template.HTMLEscapeString(strings.Join(described, " ")) + `"`)
}

// Failed reports whether the form has any problem to show.
func (f *Form) Failed() bool { return f.Message != "" || len(f.Errors) > 0 }

// fail records a service error on the form: field messages beside the fields it has (the
// known names), the rest in the summary.
func (f *Form) fail(err *luoshi.Error, known ...string) {
	f.add(formStep{err: err, known: known})
}

// set gives a field a message found by the page itself (e.g. two passwords that differ):
// a catalogue key.
func (f *Form) set(field, key string) { f.setf(field, key) }

// setf is set with a message by key with arguments.
func (f *Form) setf(field, key string, args ...any) {
	f.add(formStep{field: field, key: key, args: args})
}

func (f *Form) add(s formStep) {
	f.steps = append(f.steps, s)
	s.apply(f.shown, &f.Message, f.Errors)
}

// apply writes the step's messages in a language onto a summary and field messages.
func (s formStep) apply(l Lang, msg *string, errs map[string]string) {
	if s.err == nil {
		errs[s.field] = l.T(s.key, s.args...)
		if *msg == "" {
			*msg = l.T("form.invalid")
		}
		return
	}
	m, fields := l.Error(s.err)
	var other []string
	for _, fe := range fields {
		name := fe.Field
		if i := strings.IndexByte(name, '['); i > 0 && !slices.Contains(s.known, name) {
			name = name[:i]
		}
		if slices.Contains(s.known, name) {
			if errs[name] == "" {
				errs[name] = fe.Message
			}
			continue
		}
		other = append(other, fe.Message)
	}
	if len(other) > 0 {
		m += l.T("sep.detail") + strings.Join(other, l.T("sep.items"))
	}
	*msg = m
}

// text is what fail and set wrote on the form, in a language.
func (f *Form) text(l Lang) (string, map[string]string) {
	msg, errs := "", map[string]string{}
	for _, s := range f.steps {
		s.apply(l, &msg, errs)
	}
	return msg, errs
}

// localize shows the form's messages in a language: those fail and set wrote are written
// again in it; one a page put on the form itself, already in the page's language, stays.
func (f *Form) localize(l Lang) {
	if f == nil || l == f.shown {
		return
	}
	was, wasErrs := f.text(f.shown)
	now, nowErrs := f.text(l)
	pick := func(cur, was, now string) string {
		if cur != "" && cur == was {
			return now
		}
		return cur
	}
	f.Message = pick(f.Message, was, now)
	for k, v := range f.Errors {
		f.Errors[k] = pick(v, wasErrs[k], nowErrs[k])
	}
	f.shown = l
}

// int reads an optional integer field; a malformed one gets its message, which names the
// field by its label.
func (f *Form) int(name string, label luoshi.Msg) *int {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.setf(name, "form.integer", label)
		return nil
	}
	return &n
}

// float reads an optional number field; a malformed one gets its message, which names the
// field by its label's key. NaN and the infinities, which ParseFloat reads, are no numbers a
// clerk types (FuzzFormFields found "NaN" read as one).
func (f *Form) float(name string, label luoshi.Msg) *float64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		e, _ := luoshi.AsError(luoshi.Invalid(name, "form.float_bad", label))
		f.fail(e, name)
		return nil
	}
	return &x
}

// id reads an optional id field (a select); empty is nil.
func (f *Form) id(name string) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		f.set(name, "form.choose_from_list")
		return nil
	}
	return &n
}

// ids reads a multi-valued id field (checkboxes); each value is read as id reads one, a
// blank one being none (FuzzFormFields found a blank value refused with "choose from the
// list", and " 7 " refused where id reads 7).
func (f *Form) ids(name string) []int64 {
	var out []int64
	for _, s := range f.Values[name] {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			out = append(out, n)
		} else {
			f.set(name, "form.choose_from_list")
		}
	}
	return out
}

// date reads a date field (YYYY-MM-DD, from a date picker) as the end of that day in the
// region's zone; empty is the zero time.
func (f *Form) date(name string, loc *time.Location) time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return time.Time{}
	}
	// A datetime-local input sends a date and a time; a date alone means the end of that day.
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return f.inRange(name, t.UTC())
		}
	}
	d, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		f.set(name, "form.date.invalid")
		return time.Time{}
	}
	return f.inRange(name, endOfDay(d))
}

// inRange gives back a moment read from a field when its year is within luoshi.MinYear to
// MaxYear; else it puts the message on the field and gives the zero time (FuzzFormValues
// found 0000-01-01 read as a time in the year -1 in UTC, which JSON cannot carry).
func (f *Form) inRange(name string, t time.Time) time.Time {
	if !luoshi.YearInRange(t) {
		f.setf(name, "form.date.range", luoshi.MinYear, luoshi.MaxYear)
		return time.Time{}
	}
	return t
}

func endOfDay(d time.Time) time.Time {
	return d.Add(24*time.Hour - time.Second).UTC()
}

func containsID(list []int64, id int64) bool { return slices.Contains(list, id) }

// flashCookie carries a catalogue key across a redirect after a successful form.
const flashCookie = "luoshi_flash"

func setFlash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60, HttpOnly: true,
		SameSite: http.SameSiteLaxMode})
}

// flashOf returns the flash key of the request when it names a catalogue text.
func flashOf(r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	if !i18n.Has(c.Value) {
		return ""
	}
	return c.Value
}

func clearFlash(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(flashCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
			SameSite: http.SameSiteLaxMode})
	}
}

// redirect ends a successful form: 303 to the page to show next, with a flash message.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		setFlash(w, flash)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
