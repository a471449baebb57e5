package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// actionForm is one action the user may take, in the order the page offers them, as its
// spec (internal/item) declares it: Shape is the spec's Form ("note", "reason", "text",
// "own" for a form of its own in the template, "fields" for one drawn from the spec's
// fields), Inputs the fields of a "fields" form.
type actionForm struct {
	Action  luoshi.Action
	Shape   string
	Primary bool
	Inputs  []input
}

// input is one field of a form drawn from an action's fields.
type input struct {
	ID, Name string
	Kind     string // "textarea", "select", "datetime", "number"
	Label    string // catalogue key
	Required bool
	Options  []option
}

// option is one choice of a select.
type option struct {
	Value string
	Label string // already in the page's language
}

// actionFields are the form fields an action's errors may name: every field of the specs.
var actionFields = func() []string {
	names := []string{"file"}
	for _, f := range item.Fields() {
		names = append(names, f.Name)
	}
	return names
}()

// itemPage is the detail of one item with its timeline and the forms of its actions.
type itemPage struct {
	Base
	*orgRefs
	Item   *service.ItemView
	Events []luoshi.Event // a page of the timeline, newest first
	// Earlier is the cursor of the timeline's page before this one ("" at its start);
	// Paged says this page is not the newest.
	Earlier     string
	Paged       bool
	Attachments []*luoshi.Attachment
	Actions     []actionForm
	// Open is the action whose form failed, shown open with Form's messages.
	Open    luoshi.Action
	Form    *Form
	Ratings []string
	Kinds   []string
	Levels  []luoshi.UrgeLevel
	// Confidences are the levels of delivery confidence (落实把握), most confident first.
	Confidences []luoshi.Confidence
	// Now is the moment the page shows the item at (an opinion request's status).
	Now time.Time
	// Practices are the practices learned elsewhere (外地经验) the item adopts, when the
	// reader reads the item's region's library.
	Practices []*luoshi.Practice
}

// LostForm is the failed form of an action the page no longer offers — the item moved on
// (another user acted first) or the action was never the user's — whose message must still
// be seen; nil when the failed form is on the page.
func (p *itemPage) LostForm() *Form {
	if p.Open == "" || p.Form == nil {
		return nil
	}
	for _, af := range p.Actions {
		if af.Action == p.Open {
			return nil
		}
	}
	if p.Open == "attach" && p.Can("comment") {
		return nil
	}
	return p.Form
}

// ListURL is the list the item belongs to, with one filter: its county's, for a city
// account reading a county below.
func (p *itemPage) ListURL(key, value string) string {
	q := url.Values{}
	if p.Item.RegionID != p.Actor.RegionID {
		q.Set("region_id", strconv.FormatInt(p.Item.RegionID, 10))
	}
	if key != "" {
		q.Set(key, value)
	}
	if len(q) == 0 {
		return "/items"
	}
	return "/items?" + q.Encode()
}

// ActionKey is the catalogue key of an action's name: staff draft a report that their
// liaison submits, so for them "report" is "draft a report".
func (p *itemPage) ActionKey(a luoshi.Action) string {
	if a == luoshi.ActReport && !p.Actor.Has(luoshi.RoleLiaison) {
		return "action.report_draft"
	}
	return "action." + string(a)
}

// Can reports whether the user may take an action on the item.
func (p *itemPage) Can(a string) bool { return slices.Contains(p.Item.Actions, luoshi.Action(a)) }

// Is reports whether a form is the one that failed.
func (p *itemPage) Is(a luoshi.Action) bool { return p.Open == a }

// FormOf returns the failed form for its action, an empty one for the others.
func (p *itemPage) FormOf(a luoshi.Action) *Form {
	if p.Open == a {
		return p.Form
	}
	return newForm()
}

func (h *Handler) handleItemView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.itemPage(r, id)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "item", p)
	return nil
}

func (h *Handler) itemPage(r *http.Request, id int64) (*itemPage, error) {
	a := actorOf(r)
	v, err := h.svc.GetItem(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	cursor := r.URL.Query().Get("tl")
	tl, err := h.svc.EventsPage(r.Context(), a, id, 0, cursor)
	if err != nil {
		return nil, err
	}
	evs := tl.Events
	atts, err := h.svc.Attachments(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	refs, err := h.orgRefsIn(r, v.RegionID)
	if err != nil {
		return nil, err
	}
	slices.Reverse(evs) // newest first
	p := &itemPage{Base: h.base(r, "item.title"), orgRefs: refs, Item: v, Events: evs, Earlier: tl.NextCursor, Paged: cursor != "", Attachments: atts,
		Form: newForm(), Ratings: luoshi.Ratings,
		Kinds: luoshi.AccountabilityKinds, Levels: []luoshi.UrgeLevel{luoshi.UrgeBlue, luoshi.UrgeOrange, luoshi.UrgeRed},
		Confidences: luoshi.Confidences, Now: h.svc.Now()}
	if a.SeesBusiness() && v.RegionID == a.RegionID {
		if p.Practices, err = h.svc.ListPractices(r.Context(), a, luoshi.PracticeFilter{ItemID: id}); err != nil {
			return nil, err
		}
	}
	for _, act := range item.Actions() {
		if slices.Contains(v.Actions, act) {
			p.Actions = append(p.Actions, p.actionForm(act))
		}
	}
	return p, nil
}

func (h *Handler) handleItemAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := luoshi.Action(r.PathValue("action"))
	if act == "attach" {
		return h.handleAttach(w, r, id)
	}
	spec, ok := item.SpecOf(act)
	if !ok {
		return luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found")
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	values := valuesOf(spec.Fields, f, h.svc.Location())
	status := http.StatusUnprocessableEntity
	if !f.Failed() {
		_, err = h.svc.ActValues(r.Context(), actorOf(r), id, act, values)
		if err == nil {
			flash := "flash.done." + string(act)
			if act == luoshi.ActReport && !actorOf(r).Has(luoshi.RoleLiaison) {
				flash = "flash.done.report_draft"
			}
			return redirect(w, r, fmt.Sprintf("/items/%d", id), flash)
		}
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		f.fail(e, actionFields...)
		status = httpx.Status(err)
	}
	p, err := h.itemPage(r, id)
	if err != nil {
		return err
	}
	p.Open, p.Form = act, f
	h.render(w, r, status, "item", p)
	return nil
}

// valuesOf reads an action's form by its spec's fields: what the form could not read (a
// number that is not one, a date that is not one) is put on the form.
func valuesOf(fields []flow.Field, f *Form, loc *time.Location) flow.Values {
	v := flow.Values{}
	for _, fd := range fields {
		n := fd.Name
		switch fd.Kind {
		case flow.Text, flow.Choice:
			if s := f.Get(n); s != "" || fd.Clearable && f.Values.Has(n) {
				v[n] = s
			}
		case flow.Int:
			if i := f.int(n, luoshi.M(string(fd.Label))); i != nil {
				v[n] = *i
			}
		case flow.Float:
			if x := f.float(n, luoshi.M(string(fd.Label))); x != nil {
				v[n] = *x
			}
		case flow.ID:
			if id := f.id(n); id != nil {
				v[n] = *id
			}
		case flow.IDs:
			if ids := f.ids(n); len(ids) > 0 {
				v[n] = ids
			}
		case flow.Ints:
			var ns []int
			for _, s := range f.Values[n] {
				if i, err := strconv.Atoi(s); err == nil {
					ns = append(ns, i)
				}
			}
			if len(ns) > 0 {
				v[n] = ns
			}
		case flow.Time:
			if t := f.moment(n, loc); !t.IsZero() {
				v[n] = t
			}
		}
	}
	return v
}

func (h *Handler) handleAttach(w http.ResponseWriter, r *http.Request, id int64) error {
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(maxUpload); err != nil {
			return luoshi.Errorf(luoshi.EMALFORMED, "upload.file.unreadable")
		}
	}
	f := newForm()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.set("file", "upload.file.required")
	} else {
		defer file.Close()
		_, err = h.svc.AddAttachment(r.Context(), actorOf(r), id, hdr.Filename, file)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/items/%d", id), "flash.done.attach")
		}
		e, ok := isInvalid(err)
		if !ok {
			if luoshi.ErrorCode(err) != luoshi.ETOOLARGE {
				return err
			}
			e, _ = luoshi.AsError(err)
		}
		f.fail(e, "file")
	}
	p, err := h.itemPage(r, id)
	if err != nil {
		return err
	}
	p.Open, p.Form = "attach", f
	h.render(w, r, http.StatusUnprocessableEntity, "item", p)
	return nil
}
