package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// maxUpload bounds a multipart form (attachments), as the API does.
const maxUpload = 20 << 20

// maxForm bounds a plain form body.
const maxForm = 1 << 20

// Form is a submitted form shown again: its values, and the message of each field beside
// it. Message is the summary above the form, including problems no field of it shows.
type Form struct {
	Values  url.Values
	Errors  map[string]string
	Message string
}

// newForm returns an empty form.
func newForm() *Form { return &Form{Values: url.Values{}, Errors: map[string]string{}} }

// readForm parses a posted form within the size limit.
func readForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			return nil, luoshi.Errorf(luoshi.EMALFORMED, "无法读取提交的表单")
		}
	}
	f := newForm()
	for k, v := range r.PostForm {
		if k != "csrf_token" {
			f.Values[k] = v
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
	f.Message = err.Message
	var other []string
	for _, fe := range err.Fields {
		name := fe.Field
		if i := strings.IndexByte(name, '['); i > 0 && !slices.Contains(known, name) {
			name = name[:i]
		}
		if slices.Contains(known, name) {
			if f.Errors[name] == "" {
				f.Errors[name] = fe.Message
			}
			continue
		}
		other = append(other, fe.Message)
	}
	if len(other) > 0 {
		f.Message += "：" + strings.Join(other, "；")
	}
}

// set gives a field a message found by the page itself (e.g. two passwords that differ).
func (f *Form) set(field, msg string) {
	f.Errors[field] = msg
	if f.Message == "" {
		f.Message = "提交的内容有误，请按提示修改"
	}
}

// int reads an optional integer field; a malformed one gets its message.
func (f *Form) int(name, label string) *int {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.set(name, label+"须为整数")
		return nil
	}
	return &n
}

// id reads an optional id field (a select); empty is nil.
func (f *Form) id(name string) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		f.set(name, "请从列表中选择")
		return nil
	}
	return &n
}

// ids reads a multi-valued id field (checkboxes).
func (f *Form) ids(name string) []int64 {
	var out []int64
	for _, s := range f.Values[name] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			out = append(out, n)
		} else {
			f.set(name, "请从列表中选择")
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
	d, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		f.set(name, "日期格式须为 年-月-日，如 2026-12-31")
		return time.Time{}
	}
	return endOfDay(d)
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
	if _, ok := catalogue[c.Value]; !ok {
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
