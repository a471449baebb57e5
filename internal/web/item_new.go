package web

import (
	"fmt"
	"net/http"
	"strings"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// milestoneRows is how many milestone rows the new-item form offers.
const milestoneRows = 3

// newItemFields are the fields of the new-item form, as the service names them.
var newItemFields = []string{"title", "content", "source", "source_ref", "priority", "lead_unit_id",
	"co_unit_ids", "leader_id", "deadline", "report_every", "unclassified", "parent_id",
	"milestones[0].title", "milestones[0].due", "milestones[0].percent",
	"milestones[1].title", "milestones[1].due", "milestones[1].percent",
	"milestones[2].title", "milestones[2].due", "milestones[2].percent", "milestones"}

// newItemPage is the form of a new item.
type newItemPage struct {
	Base
	*orgRefs
	Form       *Form
	Sources    []luoshi.Source
	Prios      []luoshi.Priority
	Cadences   []string
	Kinds      []string
	Milestones []int
	Workdays   *workdaysHint
}

// workdaysHint tells how much time is left until a chosen deadline: hours for urgent work.
type workdaysHint struct {
	Base
	Left    luoshi.Msg
	Invalid bool
	Past    bool
}

// cadences are the report cadences offered ("" for none).
var cadences = []string{"", "4h", "1d", "5wd", "1w", "2w", "1mo"}

// UnitsOfKind lists the units of one kind, for the pickers' groups.
func (p *newItemPage) UnitsOfKind(kind string) []*luoshi.Unit {
	var out []*luoshi.Unit
	for _, u := range p.Units {
		if u.Kind == kind {
			out = append(out, u)
		}
	}
	return out
}

func (h *Handler) newItemPage(r *http.Request, f *Form) (*newItemPage, error) {
	refs, err := h.orgRefs(r)
	if err != nil {
		return nil, err
	}
	p := &newItemPage{Base: h.base(r, "new.title"), orgRefs: refs, Form: f, Sources: luoshi.Sources,
		Prios: luoshi.Priorities, Cadences: cadences, Kinds: luoshi.UnitKinds, Milestones: []int{0, 1, 2}}
	if d := f.Get("deadline"); d != "" {
		p.Workdays = h.workdays(r, d, luoshi.Priority(f.Get("priority")))
	}
	return p, nil
}

func (h *Handler) handleItemNew(w http.ResponseWriter, r *http.Request) error {
	f := newForm()
	f.Values.Set("priority", string(luoshi.PriorityImportant))
	f.Values.Set("report_every", "1w")
	f.Values.Set("source", string(luoshi.SourceMeetingDecision))
	p, err := h.newItemPage(r, f)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "item_new", p)
	return nil
}

func (h *Handler) handleItemCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := h.itemInput(f)
	status := http.StatusUnprocessableEntity
	if !f.Failed() {
		v, err := h.svc.CreateItem(r.Context(), actorOf(r), in)
		if err == nil {
			flash := "flash.created"
			if in.Assign {
				flash = "flash.created_assigned"
			}
			return redirect(w, r, fmt.Sprintf("/items/%d", v.ID), flash)
		}
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		f.fail(e, newItemFields...)
		status = httpx.Status(err)
	}
	p, err := h.newItemPage(r, f)
	if err != nil {
		return err
	}
	h.render(w, r, status, "item_new", p)
	return nil
}

// itemInput reads the new-item form; the service validates it.
func (h *Handler) itemInput(f *Form) service.ItemInput {
	loc := h.svc.Location()
	unclassified := f.Get("unclassified") == "true"
	in := service.ItemInput{Title: f.Get("title"), Content: f.Get("content"), Source: f.Get("source"),
		SourceRef: f.Get("source_ref"), Priority: f.Get("priority"), CoUnitIDs: f.ids("co_unit_ids"),
		LeaderID: f.id("leader_id"), ParentID: f.id("parent_id"), Deadline: f.date("deadline", loc),
		ReportEvery: f.Get("report_every"), Assign: f.Get("assign") == "true", Unclassified: &unclassified}
	if id := f.id("lead_unit_id"); id != nil {
		in.LeadUnitID = *id
	}
	for i := range milestoneRows {
		prefix := fmt.Sprintf("milestones[%d].", i)
		title := strings.TrimSpace(f.Get(prefix + "title"))
		due := f.date(prefix+"due", loc)
		pct := f.int(prefix+"percent", luoshi.M("label.planned_percent"))
		if title == "" && due.IsZero() && pct == nil {
			continue
		}
		m := service.MilestoneInput{Title: title, Due: due}
		if pct != nil {
			m.Percent = *pct
		}
		in.Milestones = append(in.Milestones, m)
	}
	return in
}

// handleWorkdays answers the deadline picker: the time left until the date and time chosen.
func (h *Handler) handleWorkdays(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	hint := h.workdays(r, q.Get("deadline"), luoshi.Priority(q.Get("priority")))
	h.execute(w, r, http.StatusOK, "item_new", "fragment:deadline-hint", &newItemPage{Base: hint.Base, Workdays: hint})
	return nil
}

func (h *Handler) workdays(r *http.Request, date string, pr luoshi.Priority) *workdaysHint {
	hint := &workdaysHint{Base: h.base(r, "new.title")}
	f := newForm()
	f.Values.Set("d", date)
	d := f.date("d", h.svc.Location())
	switch {
	case d.IsZero():
		hint.Invalid = true
	case !d.After(h.svc.Now()):
		hint.Past = true
	default:
		hint.Left = h.svc.TimeLeft(pr, d)
	}
	return hint
}
