package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// bulletinOffice is who generates and writes bulletins: the supervision office.
var bulletinOffice = []luoshi.Role{luoshi.RoleSupervisor}

func init() {
	routes = append(routes,
		route{pattern: "GET /bulletins", roles: business, fn: (*Handler).handleBulletinIndex},
		route{pattern: "POST /bulletins", roles: bulletinOffice, fn: (*Handler).handleBulletinGenerate},
		route{pattern: "GET /bulletins/{id}", roles: business, fn: (*Handler).handleBulletinPage},
		route{pattern: "GET /bulletins/{id}/print", roles: business, fn: (*Handler).handleBulletinPrint},
		route{pattern: "POST /bulletins/{id}/{action}", roles: bulletinOffice, fn: (*Handler).handleBulletinAction},
	)
}

// bulletinsPage lists the bulletins the user sees — the office its drafts too — newest
// period first, and offers the office the form that generates one.
type bulletinsPage struct {
	bulletinBase
	List  []*luoshi.Bulletin
	Kinds []luoshi.BulletinKind
	Form  *Form
}

func (h *Handler) handleBulletinIndex(w http.ResponseWriter, r *http.Request) error {
	return h.bulletinIndex(w, r, newForm(), http.StatusOK)
}

func (h *Handler) bulletinIndex(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	list, err := h.svc.Bulletins(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	if f.Get("kind") == "" {
		f.Values.Set("kind", string(luoshi.BulletinMonth))
	}
	p := &bulletinsPage{bulletinBase: bulletinBase{h.base(r, "nav.bulletins")}, List: list, Kinds: luoshi.BulletinKinds, Form: f}
	h.render(w, r, status, "bulletins", p)
	return nil
}

// bulletinBase is what every bulletin page shows around its content, with the ways it
// writes a bulletin's period, number, rates and paragraphs.
type bulletinBase struct{ Base }

// Period is a bulletin's period as its first and last day.
func (b bulletinBase) Period(x *luoshi.Bulletin) string {
	return b.T("bulletin.page.period", x.From.In(b.loc).Format("2006-01-02"), x.To.Add(-time.Nanosecond).In(b.loc).Format("2006-01-02"))
}

// Number is a bulletin's number line (督查通报〔2026〕3号), or that it has none yet.
func (b bulletinBase) Number(x *luoshi.Bulletin) string {
	if x.Number == 0 {
		return b.T("bulletin.page.unnumbered")
	}
	return b.T("bulletin.doc.number", x.Year, x.Number)
}

// Rate shows a bulletin's rate as the document prints it: 87.5%, 100%.
func (b bulletinBase) Rate(r float64) string { return b.Figure(r) + "%" }

// Figure shows a bulletin's rate without its sign, for a sentence that has one: 87.5.
func (b bulletinBase) Figure(r float64) string { return strconv.FormatFloat(r, 'f', -1, 64) }

// Joined lists names in the page's language: 甲、乙.
func (b bulletinBase) Joined(names []string) string { return strings.Join(names, b.T("sep.list")) }

// Issued is the day a bulletin was published (a draft's: the day it was last changed).
func (b bulletinBase) Issued(x *luoshi.Bulletin) string {
	t := x.UpdatedAt
	if x.PublishedAt != nil {
		t = *x.PublishedAt
	}
	t = t.In(b.loc)
	return b.T("bulletin.page.date", t.Year(), int(t.Month()), t.Day())
}

// bulletinItems is what the bulletin-items template sees: a table's id and the items named.
type bulletinItems struct {
	P     bulletinBase
	ID    string
	Items []luoshi.BulletinItem
}

// Items is a table of items the bulletin names, for the bulletin-items template.
func (b bulletinBase) Items(id string, items []luoshi.BulletinItem) bulletinItems {
	return bulletinItems{P: b, ID: id, Items: items}
}

// handleBulletinGenerate generates a draft bulletin from the form: its kind, a day of the
// period (the last day too, for a special bulletin) and its title.
func (h *Handler) handleBulletinGenerate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	loc := h.svc.Location()
	in := service.BulletinInput{Kind: f.Get("kind"), Title: f.Get("title"), From: formDay(f, "from", loc)}
	if to := formDay(f, "to", loc); !to.IsZero() && in.Kind == string(luoshi.BulletinSpecial) {
		in.To = to.AddDate(0, 0, 1) // the form gives the last day; the period ends after it
	}
	if !f.Failed() {
		v, err := h.svc.GenerateBulletin(r.Context(), actorOf(r), in)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/bulletins/%d", v.ID), "flash.saved")
		}
		e, ok := luoshi.AsError(err)
		if !ok || e.Code != luoshi.EINVALID {
			return err
		}
		f.fail(e, "kind", "from", "to", "title")
	}
	return h.bulletinIndex(w, r, f, http.StatusUnprocessableEntity)
}

// formDay reads a date field as the start of that day in loc; zero when empty, and a
// message on the field when it is no date.
func formDay(f *Form, name string, loc *time.Location) time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		f.setf(name, "form.moment_bad")
		return time.Time{}
	}
	return f.inRange(name, d)
}

// bulletinPage is one bulletin: its number and state, the office's narrative, the tables
// of its figures, the links to its printable page, .docx and .xlsx, and the forms of the
// actions the user may take now, drawn from the specs.
type bulletinPage struct {
	bulletinBase
	B       *service.BulletinView
	Actions []proposalForm
	Form    *Form
}

func (h *Handler) handleBulletinPage(w http.ResponseWriter, r *http.Request) error {
	return h.bulletinPage(w, r, nil, http.StatusOK)
}

func (h *Handler) bulletinPage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	v, err := h.bulletinOf(r)
	if err != nil {
		return err
	}
	if f == nil { // the edit form starts from the texts as they are
		f = newForm()
		f.Values.Set("title", v.Title)
		f.Values.Set("foreword", v.Foreword)
		f.Values.Set("requirements", v.Requirements)
		f.Values.Set("year", strconv.Itoa(v.Year))
	}
	p := &bulletinPage{bulletinBase: bulletinBase{h.base(r, "bulletin.page.title")}, B: v, Form: f}
	for _, name := range v.Actions {
		spec, ok := bulletin.SpecOf(name)
		if !ok {
			continue
		}
		af := proposalForm{Name: name, Primary: spec.Primary}
		for _, fd := range spec.Fields {
			kind := "text"
			switch {
			case fd.Kind == flow.Int:
				kind = "number"
			case fd.Long:
				kind = "textarea"
			}
			af.Fields = append(af.Fields, proposalField{Name: fd.Name, Label: p.T(string(fd.Label)), Kind: kind, Required: fd.Required})
		}
		p.Actions = append(p.Actions, af)
	}
	h.render(w, r, status, "bulletin", p)
	return nil
}

func (h *Handler) bulletinOf(r *http.Request) (*service.BulletinView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.GetBulletin(r.Context(), actorOf(r), id)
}

// bulletinPrintPage is the bulletin laid out as the document is, for the printer: A4, the
// red issuer, the number line, the title, the narrative and the tables.
type bulletinPrintPage struct {
	bulletinBase
	B *service.BulletinView
}

func (h *Handler) handleBulletinPrint(w http.ResponseWriter, r *http.Request) error {
	v, err := h.bulletinOf(r)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "bulletin_print", &bulletinPrintPage{bulletinBase: bulletinBase{h.base(r, "bulletin.page.print")}, B: v})
	return nil
}

// Paragraphs splits a text into its non-empty paragraphs.
func (b bulletinBase) Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// bulletinFields are the fields a bulletin action's errors may name: those of the specs.
var bulletinFields = func() []string {
	var names []string
	for _, f := range bulletin.Fields() {
		names = append(names, f.Name)
	}
	return names
}()

// handleBulletinAction carries out a bulletin action from its form, read by its spec's
// fields (按语 or 下步要求 left empty is cleared).
func (h *Handler) handleBulletinAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	var fields []flow.Field // an unknown action: the service says so
	if spec, ok := bulletin.SpecOf(act); ok {
		fields = spec.Fields
	}
	return h.pageAction(w, r, fields, bulletinFields, fmt.Sprintf("/bulletins/%d", id),
		func(v flow.Values) error {
			_, err := h.svc.BulletinAct(r.Context(), actorOf(r), id, act, v)
			return err
		},
		func(f *Form) error { return h.bulletinPage(w, r, f, http.StatusUnprocessableEntity) })
}
