package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// practiceEditors may add and change practices: the office and the units' liaisons.
var practiceEditors = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLiaison}

func init() {
	routes = append(routes,
		route{pattern: "GET /practices", roles: meetingReaders, fn: (*Handler).handlePracticeIndex},
		route{pattern: "GET /practices/new", roles: practiceEditors, fn: (*Handler).handlePracticeNew},
		route{pattern: "POST /practices", roles: practiceEditors, fn: (*Handler).handlePracticeCreate},
		route{pattern: "GET /practices/{id}", roles: meetingReaders, fn: (*Handler).handlePracticePage},
		route{pattern: "POST /practices/{id}", roles: practiceEditors, fn: (*Handler).handlePracticeUpdate},
		route{pattern: "GET /meeting-kinds", roles: []luoshi.Role{luoshi.RoleSysadmin}, fn: (*Handler).handleMeetingKindsPage},
		route{pattern: "POST /meeting-kinds", roles: []luoshi.Role{luoshi.RoleSysadmin}, fn: (*Handler).handleMeetingKindSave},
	)
}

// practicesPage is the experience library (外地经验): the practices found by words and tag.
type practicesPage struct {
	Base
	Query, Tag string
	List       []*luoshi.Practice
}

func (h *Handler) handlePracticeIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p := &practicesPage{Base: h.base(r, "nav.practices"), Query: q.Get("q"), Tag: q.Get("tag")}
	var err error
	p.List, err = h.svc.ListPractices(r.Context(), actorOf(r), luoshi.PracticeFilter{Query: p.Query, Tag: p.Tag})
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "practices", p)
	return nil
}

// practicePage is one practice, with the topics and items that adopt it and, for an editor,
// the form that changes it (the form of a new one when P is nil).
type practicePage struct {
	Base
	P      *service.PracticeView
	Form   *Form
	Topics []proposalOption
	// Items are the region's open items the editor picks adopting items from (by code).
	Items []proposalOption
}

// Value is a field's value on the form: what was sent, else the practice's.
func (p *practicePage) Value(name string) string {
	if p.Form.Failed() || p.P == nil {
		return p.Form.Get(name)
	}
	pr := p.P.Practice
	switch name {
	case "place":
		return pr.Place
	case "title":
		return pr.Title
	case "what":
		return pr.What
	case "result":
		return pr.Result
	case "source":
		return pr.Source
	case "tags":
		return strings.Join(pr.Tags, " ")
	case "item_ids":
		var ids []string
		for _, id := range pr.ItemIDs {
			s := strconv.FormatInt(id, 10)
			if !slices.ContainsFunc(p.Items, func(o proposalOption) bool { return o.Value == s }) {
				ids = append(ids, s)
			}
		}
		return strings.Join(ids, " ")
	}
	return ""
}

// Picks reports whether the practice (or the form sent) names the item among those listed.
func (p *practicePage) Picks(id string) bool {
	if p.Form.Failed() || p.P == nil {
		return p.Form.Checked("item_pick", id)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	return slices.Contains(p.P.ItemIDs, n)
}

// Adopts reports whether the practice (or the form sent) names the topic.
func (p *practicePage) Adopts(id string) bool {
	if p.Form.Failed() || p.P == nil {
		return p.Form.Checked("topic_ids", id)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	for _, t := range p.P.TopicIDs {
		if t == n {
			return true
		}
	}
	return false
}

func (h *Handler) handlePracticeNew(w http.ResponseWriter, r *http.Request) error {
	return h.practicePage(w, r, 0, newForm(), http.StatusOK)
}

func (h *Handler) handlePracticePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return h.practicePage(w, r, id, newForm(), http.StatusOK)
}

func (h *Handler) practicePage(w http.ResponseWriter, r *http.Request, id int64, f *Form, status int) error {
	a := actorOf(r)
	p := &practicePage{Base: h.base(r, "practice.page"), Form: f}
	if id != 0 {
		var err error
		if p.P, err = h.svc.GetPractice(r.Context(), a, id); err != nil {
			return err
		}
	}
	if service.EditsPractices(a) {
		topics, err := h.svc.ListTopics(r.Context(), a, "")
		if err != nil {
			return err
		}
		names := map[int64]string{}
		for _, t := range topics {
			names[t.ID] = t.Title
		}
		p.Topics = optionsOf(names)
		items, err := h.svc.PracticeItems(r.Context(), a)
		if err != nil {
			return err
		}
		p.Items = optionsOf(items)
		slices.SortFunc(p.Items, func(x, y proposalOption) int { return strings.Compare(x.Label, y.Label) })
	}
	h.render(w, r, status, "practice", p)
	return nil
}

var practiceFields = []string{"place", "title", "what", "result", "source", "tags", "topic_ids", "item_pick", "item_ids"}

// practiceInput reads a practice's form: tags separated by spaces or commas, the items
// picked from the list and those typed by number (separated the same way).
func practiceInput(f *Form) service.PracticeInput {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '，' || r == '、' || r == '　' })
	}
	in := service.PracticeInput{Place: f.Get("place"), Title: f.Get("title"), What: f.Get("what"), Result: f.Get("result"),
		Source: f.Get("source"), Tags: split(f.Get("tags")), TopicIDs: f.ids("topic_ids"), ItemIDs: f.ids("item_pick")}
	for _, s := range split(f.Get("item_ids")) {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			f.set("item_ids", "form.choose_from_list")
			continue
		}
		in.ItemIDs = append(in.ItemIDs, id)
	}
	return in
}

func (h *Handler) handlePracticeCreate(w http.ResponseWriter, r *http.Request) error {
	return h.savePractice(w, r, 0)
}

func (h *Handler) handlePracticeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return h.savePractice(w, r, id)
}

func (h *Handler) savePractice(w http.ResponseWriter, r *http.Request, id int64) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := practiceInput(f)
	if !f.Failed() {
		var v *service.PracticeView
		if id == 0 {
			v, err = h.svc.CreatePractice(r.Context(), actorOf(r), in)
		} else {
			version, _ := strconv.Atoi(f.Get("version"))
			v, err = h.svc.UpdatePractice(r.Context(), actorOf(r), id, version, in)
		}
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/practices/%d", v.ID), "flash.saved")
		}
		e, ok := luoshi.AsError(err)
		if !ok || e.Code != luoshi.EINVALID && e.Code != luoshi.ECONFLICT {
			return err
		}
		f.fail(e, practiceFields...)
	}
	return h.practicePage(w, r, id, f, http.StatusUnprocessableEntity)
}

// meetingKindsPage is the region's meeting kinds, for the system administrator to add,
// rename and retire.
type meetingKindsPage struct {
	Base
	Kinds []luoshi.MeetingKind
	Form  *Form
}

func (h *Handler) handleMeetingKindsPage(w http.ResponseWriter, r *http.Request) error {
	return h.meetingKindsPage(w, r, newForm(), http.StatusOK)
}

func (h *Handler) meetingKindsPage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	kinds, err := h.svc.MeetingKinds(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	h.render(w, r, status, "meeting_kinds", &meetingKindsPage{Base: h.base(r, "meeting_kind.page"), Kinds: kinds, Form: f})
	return nil
}

func (h *Handler) handleMeetingKindSave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := service.MeetingKindInput{Code: f.Get("code"), Name: f.Get("name"), Retired: f.Get("retired") == "1"}
	_, err = h.svc.SaveMeetingKind(r.Context(), actorOf(r), in)
	if err == nil {
		return redirect(w, r, "/meeting-kinds", "flash.saved")
	}
	e, ok := isInvalid(err)
	if !ok {
		return err
	}
	f.fail(e, "code", "name", "retired")
	return h.meetingKindsPage(w, r, f, http.StatusUnprocessableEntity)
}
