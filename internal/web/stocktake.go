package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/stocktake"
)

// stocktakeHolders are the roles the 调度会 entry of the menu is for: the office and the
// leaders. Units named in a commitment reach its stocktake through the link they are sent.
var stocktakeHolders = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader}

func init() {
	routes = append(routes,
		route{pattern: "GET /stocktakes", roles: business, fn: (*Handler).handleStocktakeIndex},
		route{pattern: "POST /stocktakes", roles: stocktakeHolders, fn: (*Handler).handleStocktakeCreate},
		route{pattern: "GET /stocktakes/{id}", roles: business, fn: (*Handler).handleStocktakePage},
		route{pattern: "GET /stocktakes/{id}/print", roles: business, fn: (*Handler).handleStocktakePrint},
		route{pattern: "POST /stocktakes/{id}/{action}", roles: business, fn: (*Handler).handleStocktakeAction},
	)
}

// stocktakesPage lists the stocktakes the user sees, latest first, with the form that
// generates one: the leaders the user may hold a stocktake of, and the date.
type stocktakesPage struct {
	Base
	List    []*service.StocktakeView
	Leaders []*luoshi.Leader
	Today   string
	Form    *Form
}

func (h *Handler) stocktakesPage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	a := actorOf(r)
	list, err := h.svc.Stocktakes(r.Context(), a)
	if err != nil {
		return err
	}
	p := &stocktakesPage{Base: h.base(r, "nav.stocktakes"), List: list, Form: f,
		Today: h.svc.Now().In(h.svc.Location()).Format("2006-01-02")}
	if stocktake.Office(a) || a.Has(luoshi.RoleLeader) {
		leaders, err := h.svc.ListLeaders(r.Context(), a)
		if err != nil {
			return err
		}
		for _, l := range leaders {
			if stocktake.Generates(a, l.ID) {
				p.Leaders = append(p.Leaders, l)
			}
		}
	}
	h.render(w, r, status, "stocktakes", p)
	return nil
}

func (h *Handler) handleStocktakeIndex(w http.ResponseWriter, r *http.Request) error {
	return h.stocktakesPage(w, r, newForm(), http.StatusOK)
}

// handleStocktakeCreate generates a stocktake from the list's form and shows it.
func (h *Handler) handleStocktakeCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := service.StocktakeInput{Date: f.Get("date")}
	if id := f.id("leader_id"); id != nil {
		in.LeaderID = *id
	}
	if !f.Failed() {
		v, err := h.svc.GenerateStocktake(r.Context(), actorOf(r), in)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/stocktakes/%d", v.ID), "stocktake.flash.generated")
		}
		e, ok := luoshi.AsError(err)
		if !ok || e.Code != luoshi.EINVALID && e.Code != luoshi.ECONFLICT {
			return err
		}
		f.fail(e, "leader_id", "date")
	}
	return h.stocktakesPage(w, r, f, http.StatusUnprocessableEntity)
}

// stocktakePage is one stocktake: its agenda's five sections, the commitments recorded, the
// comments, and the forms of the actions the user may take now, drawn from the specs.
type stocktakePage struct {
	Base
	S        *service.StocktakeView
	Sections []stocktakeSection
	Actions  []proposalForm
	Form     *Form
}

// stocktakeSection is one section of an agenda: its heading's key and its items, with the
// page's words (P) for the table that shows them.
type stocktakeSection struct {
	P     Base
	Key   string
	ID    string
	Items []luoshi.StocktakeItem
	Gaps  bool
}

func sectionsOf(b Base, a luoshi.StocktakeAgenda) []stocktakeSection {
	return []stocktakeSection{{b, "stocktake.section.red", "red", a.Red, false}, {b, "stocktake.section.yellow", "yellow", a.Yellow, false},
		{b, "stocktake.section.behind", "behind", a.Behind, false}, {b, "stocktake.section.gaps", "gaps", a.Gaps, true}}
}

func (h *Handler) stocktakeView(r *http.Request) (*service.StocktakeView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return h.svc.GetStocktake(r.Context(), actorOf(r), id)
}

func (h *Handler) handleStocktakePage(w http.ResponseWriter, r *http.Request) error {
	return h.stocktakePage(w, r, newForm(), http.StatusOK)
}

func (h *Handler) stocktakePage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	v, err := h.stocktakeView(r)
	if err != nil {
		return err
	}
	b := h.base(r, "stocktake.page")
	p := &stocktakePage{Base: b, S: v, Sections: sectionsOf(b, v.Agenda), Form: f}
	if len(v.Actions) > 0 {
		opts, err := h.stocktakeOptions(r, v)
		if err != nil {
			return err
		}
		p.Actions = specForms(v.Actions, func(n string) ([]flow.Field, bool, bool) {
			s, ok := stocktake.SpecOf(n)
			if !ok {
				return nil, false, false
			}
			return s.Fields, s.Primary, true
		}, opts, p.Lang)
	}
	h.render(w, r, status, "stocktake", p)
	return nil
}

// stocktakeOptions are the choices of the commitment form: the region's units and leaders, and the items on the agenda.
func (h *Handler) stocktakeOptions(r *http.Request, v *service.StocktakeView) (map[string][]proposalOption, error) {
	a := actorOf(r)
	opts := map[string][]proposalOption{}
	units, err := h.svc.ListUnits(r.Context(), a)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		opts["unit_id"] = append(opts["unit_id"], proposalOption{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	leaders, err := h.svc.ListLeaders(r.Context(), a)
	if err != nil {
		return nil, err
	}
	for _, l := range leaders {
		opts["leader_id"] = append(opts["leader_id"], proposalOption{Value: strconv.FormatInt(l.ID, 10), Label: l.Post + " " + l.Name})
	}
	seen := map[int64]bool{}
	for _, sec := range sectionsOf(Base{}, v.Agenda) {
		for _, it := range sec.Items {
			if !seen[it.ItemID] {
				seen[it.ItemID] = true
				opts["item_id"] = append(opts["item_id"], proposalOption{Value: strconv.FormatInt(it.ItemID, 10), Label: it.Code + " " + it.Title})
			}
		}
	}
	return opts, nil
}

// stocktakeFields are the fields a stocktake action's errors may name: those of the specs.
var stocktakeFields = func() []string {
	var names []string
	for _, f := range stocktake.Fields() {
		names = append(names, f.Name)
	}
	return names
}()

// handleStocktakeAction carries out a stocktake action from its form, read by its spec's fields.
func (h *Handler) handleStocktakeAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	var fields []flow.Field // an unknown action: the service says so
	if spec, ok := stocktake.SpecOf(act); ok {
		fields = spec.Fields
	}
	return h.pageAction(w, r, fields, stocktakeFields, fmt.Sprintf("/stocktakes/%d", id),
		func(v flow.Values) error {
			_, err := h.svc.StocktakeAct(r.Context(), actorOf(r), id, act, v)
			return err
		},
		func(f *Form) error { return h.stocktakePage(w, r, f, http.StatusUnprocessableEntity) })
}

// handleStocktakePrint shows the agenda and the record as one page made to be printed.
func (h *Handler) handleStocktakePrint(w http.ResponseWriter, r *http.Request) error {
	v, err := h.stocktakeView(r)
	if err != nil {
		return err
	}
	b := h.base(r, "stocktake.print")
	p := &stocktakePage{Base: b, S: v, Sections: sectionsOf(b, v.Agenda)}
	h.render(w, r, http.StatusOK, "stocktake_print", p)
	return nil
}

// specForms draws the forms of the named actions from their specs' fields (specForm); the
// choices of a select are opts by field name, the kinds of commitment labelled from the
// catalogue.
func specForms(names []string, spec func(string) (fields []flow.Field, primary, ok bool), opts map[string][]proposalOption, lang Lang) []proposalForm {
	var out []proposalForm
	for _, name := range names {
		fields, primary, ok := spec(name)
		if !ok {
			continue
		}
		out = append(out, specForm(name, primary, fields, lang, map[string]string{"kind": "stocktake.kind."},
			func(field string) []proposalOption { return opts[field] }))
	}
	return out
}

// Day shows a moment's date in the region's zone.
func (b Base) Day(t time.Time) string { return t.In(b.loc).Format("2006-01-02") }
