package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/service"
)

// meetingReaders are the roles that read topics and meetings (each sees what the module's
// SeesTopic and SeesMeeting allow).
var meetingReaders = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff}

// topicDrafters may draft a topic: a unit's liaison, or the office.
var topicDrafters = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLiaison}

func init() {
	routes = append(routes,
		route{pattern: "GET /topics", roles: meetingReaders, fn: (*Handler).handleTopicIndex},
		route{pattern: "GET /topics/new", roles: topicDrafters, fn: (*Handler).handleTopicNew},
		route{pattern: "POST /topics", roles: topicDrafters, fn: (*Handler).handleTopicCreate},
		route{pattern: "GET /topics/{id}", roles: meetingReaders, fn: (*Handler).handleTopicPage},
		route{pattern: "POST /topics/{id}/{action}", roles: meetingReaders, fn: (*Handler).handleTopicAction},
		route{pattern: "GET /meetings", roles: meetingReaders, fn: (*Handler).handleMeetingIndex},
		route{pattern: "POST /meetings", roles: []luoshi.Role{luoshi.RoleSupervisor}, fn: (*Handler).handleMeetingCreate},
		route{pattern: "GET /meetings/{id}", roles: meetingReaders, fn: (*Handler).handleMeetingPage},
		route{pattern: "GET /meetings/{id}/agenda", roles: meetingReaders, fn: (*Handler).handleMeetingAgenda},
		route{pattern: "GET /meetings/{id}/minutes", roles: meetingReaders, fn: (*Handler).handleMeetingMinutes},
		route{pattern: "POST /meetings/{id}/{action}", roles: meetingReaders, fn: (*Handler).handleMeetingAction},
	)
}

// formsCtx is what the spec-forms template sees: the page, its forms, where they post and
// the catalogue prefix of their names.
type formsCtx struct {
	P      any
	F      *Form
	Forms  []proposalForm
	Path   string
	Prefix string
}

// topicsPage lists the topics the user sees, by state.
type topicsPage struct {
	Base
	State  string
	States []luoshi.TopicState
	List   []*luoshi.Topic
	Units  map[int64]string
}

// UnitName names a unit of the region.
func (p *topicsPage) UnitName(id int64) string { return p.Units[id] }

func (h *Handler) unitNames(r *http.Request) (map[int64]string, error) {
	units, err := h.svc.ListUnits(r.Context(), actorOf(r))
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	return names, err
}

func (h *Handler) handleTopicIndex(w http.ResponseWriter, r *http.Request) error {
	p := &topicsPage{Base: h.base(r, "nav.topics"), State: r.URL.Query().Get("state"), States: luoshi.TopicStates}
	if !slices.Contains(p.States, luoshi.TopicState(p.State)) {
		p.State = ""
	}
	var err error
	if p.List, err = h.svc.ListTopics(r.Context(), actorOf(r), p.State); err != nil {
		return err
	}
	if p.Units, err = h.unitNames(r); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "topics", p)
	return nil
}

// topicNewPage is the form of a new topic: its title, background and analysis, whether it
// needs the legality review, the 非涉密 attestation, and (for the office) the unit.
type topicNewPage struct {
	Base
	Form  *Form
	Units []proposalOption
}

func (h *Handler) handleTopicNew(w http.ResponseWriter, r *http.Request) error {
	return h.topicNew(w, r, newForm(), http.StatusOK)
}

func (h *Handler) topicNew(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	p := &topicNewPage{Base: h.base(r, "topic.new.title"), Form: f}
	if actorOf(r).Has(luoshi.RoleSupervisor) {
		names, err := h.unitNames(r)
		if err != nil {
			return err
		}
		p.Units = optionsOf(names)
	}
	h.render(w, r, status, "topic_new", p)
	return nil
}

var topicNewFields = []string{"unit_id", "title", "background", "analysis", "needs_legal_review", "non_secret"}

func (h *Handler) handleTopicCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := service.TopicInput{Title: f.Get("title"), Background: f.Get("background"), Analysis: f.Get("analysis"),
		NeedsLegalReview: f.Get("needs_legal_review") == "1", NonSecret: f.Get("non_secret") == "1"}
	if id := f.id("unit_id"); id != nil {
		in.UnitID = *id
	}
	if !f.Failed() {
		t, err := h.svc.CreateTopic(r.Context(), actorOf(r), in)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/topics/%d", t.ID), "flash.saved")
		}
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		f.fail(e, topicNewFields...)
	}
	return h.topicNew(w, r, f, http.StatusUnprocessableEntity)
}

// topicPage is one topic: its background, analysis, solutions with cost, effect and risk,
// the recommended option, the legality review, the sign-offs with their due times and how
// each stands, the 非涉密 attestation, and the forms of the actions the user may take now.
type topicPage struct {
	Base
	Topic *service.TopicView
	Forms formsCtx
	Now   time.Time
	// Practices are the practices learned elsewhere (外地经验) the topic adopts.
	Practices []*luoshi.Practice
}

// UnitName names a unit of the region.
func (p *topicPage) UnitName(id int64) string { return p.Topic.UnitNames[id] }

// SignOffStatus is the catalogue key of where a sign-off stands: given on time or late,
// missed, overdue (its due time passed, not yet marked missed), or still due.
func (p *topicPage) SignOffStatus(s luoshi.SignOff) string {
	switch {
	case s.SignedAt != nil && s.Late:
		return "topic.signoff.late"
	case s.SignedAt != nil:
		return "topic.signoff.on_time"
	case s.Missed || !p.Now.Before(s.Due):
		return "topic.signoff.missed"
	}
	return "topic.signoff.pending"
}

func (h *Handler) handleTopicPage(w http.ResponseWriter, r *http.Request) error {
	return h.topicPage(w, r, newForm(), http.StatusOK)
}

func (h *Handler) topicPage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := h.svc.GetTopic(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := &topicPage{Base: h.base(r, "topic.page"), Topic: v, Now: h.svc.Now()}
	if p.Practices, err = h.svc.ListPractices(r.Context(), actorOf(r), luoshi.PracticeFilter{TopicID: id}); err != nil {
		return err
	}
	units, meetings := optionsOf(v.UnitNames), optionsOf(v.OpenMeetings)
	p.Forms = formsCtx{P: p, F: f, Path: fmt.Sprintf("/topics/%d", id), Prefix: "meeting.act."}
	for _, name := range v.Actions {
		if spec, ok := meeting.TopicSpecOf(name); ok {
			p.Forms.Forms = append(p.Forms.Forms, specForm(name, spec.Primary, spec.Fields, p.Lang, nil, func(field string) []proposalOption {
				if field == "meeting_id" {
					return meetings
				}
				return units
			}))
		}
	}
	h.render(w, r, status, "topic", p)
	return nil
}

// fieldNames are the names of the fields, for the form's messages beside them.
func fieldNames(fields []flow.Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

func (h *Handler) handleTopicAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	var fields []flow.Field // an unknown action: the service says so
	if spec, ok := meeting.TopicSpecOf(act); ok {
		fields = spec.Fields
	}
	return h.pageAction(w, r, fields, fieldNames(fields), fmt.Sprintf("/topics/%d", id),
		func(v flow.Values) error {
			_, err := h.svc.TopicAct(r.Context(), actorOf(r), id, act, v)
			return err
		},
		func(f *Form) error { return h.topicPage(w, r, f, http.StatusUnprocessableEntity) })
}

// meetingsPage lists the region's meetings, latest first, with the office's form of a new
// meeting.
type meetingsPage struct {
	Base
	List  []*luoshi.Meeting
	Kinds []proposalOption
	Form  *Form
	kinds []luoshi.MeetingKind
}

func (h *Handler) handleMeetingIndex(w http.ResponseWriter, r *http.Request) error {
	return h.meetingIndex(w, r, newForm(), http.StatusOK)
}

func (h *Handler) meetingIndex(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	p := &meetingsPage{Base: h.base(r, "nav.meetings"), Form: f}
	var err error
	if p.List, err = h.svc.ListMeetings(r.Context(), actorOf(r)); err != nil {
		return err
	}
	kinds, err := h.svc.MeetingKinds(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	p.kinds = kinds
	for _, k := range kinds {
		if !k.Retired {
			p.Kinds = append(p.Kinds, proposalOption{Value: k.Code, Label: p.Lang.Msg(k.Label())})
		}
	}
	h.render(w, r, status, "meetings", p)
	return nil
}

var meetingNewFields = []string{"kind", "title", "held_at", "chair", "attendees"}

func (h *Handler) handleMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	in := service.MeetingInput{Kind: f.Get("kind"), Title: f.Get("title"), Chair: f.Get("chair"), Attendees: f.Get("attendees"),
		HeldAt: f.moment("held_at", h.svc.Location())}
	if !f.Failed() {
		m, err := h.svc.CreateMeeting(r.Context(), actorOf(r), in)
		if err == nil {
			return redirect(w, r, fmt.Sprintf("/meetings/%d", m.ID), "flash.saved")
		}
		e, ok := isInvalid(err)
		if !ok {
			return err
		}
		f.fail(e, meetingNewFields...)
	}
	return h.meetingIndex(w, r, f, http.StatusUnprocessableEntity)
}

// meetingPage is one meeting: its kind, time, chair and attendees, the agenda of accepted
// topics, the minutes, the decisions with their items' links and lights, the links to the
// printable agenda and minutes and their .docx, and the forms of the actions the user may
// take now.
type meetingPage struct {
	Base
	M     *service.MeetingView
	Forms formsCtx
}

// UnitName names a unit of the region.
func (p *meetingPage) UnitName(id int64) string { return p.M.UnitNames[id] }

// LeaderName names a leader of the region.
func (p *meetingPage) LeaderName(id *int64) string {
	if id == nil {
		return ""
	}
	return p.M.LeaderNames[*id]
}

// Item is the item a decision became, if any.
func (p *meetingPage) Item(no int) *service.PromiseItem {
	if it, ok := p.M.Items[no]; ok {
		return &it
	}
	return nil
}

func (h *Handler) handleMeetingPage(w http.ResponseWriter, r *http.Request) error {
	return h.meetingPage(w, r, newForm(), http.StatusOK, "meeting")
}

func (h *Handler) handleMeetingAgenda(w http.ResponseWriter, r *http.Request) error {
	return h.meetingPage(w, r, newForm(), http.StatusOK, "meeting_agenda")
}

func (h *Handler) handleMeetingMinutes(w http.ResponseWriter, r *http.Request) error {
	return h.meetingPage(w, r, newForm(), http.StatusOK, "meeting_minutes")
}

func (h *Handler) meetingPage(w http.ResponseWriter, r *http.Request, f *Form, status int, tmpl string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := h.svc.GetMeeting(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if tmpl == "meeting_minutes" && v.MinutesNo == "" {
		return luoshi.Errorf(luoshi.ECONFLICT, "meeting.doc.no_minutes")
	}
	p := &meetingPage{Base: h.base(r, "meeting.page"), M: v}
	units, leaders := optionsOf(v.UnitNames), optionsOf(v.LeaderNames)
	agenda := map[int64]string{}
	for _, t := range v.Agenda {
		agenda[t.ID] = t.Title
	}
	topics := optionsOf(agenda)
	p.Forms = formsCtx{P: p, F: f, Path: fmt.Sprintf("/meetings/%d", id), Prefix: "meeting.act."}
	for _, name := range v.Actions {
		if spec, ok := meeting.MeetingSpecOf(name); ok {
			p.Forms.Forms = append(p.Forms.Forms, specForm(name, spec.Primary, spec.Fields, p.Lang, nil, func(field string) []proposalOption {
				switch field {
				case "leader_id":
					return leaders
				case "topic_id":
					return topics
				}
				return units
			}))
		}
	}
	h.render(w, r, status, tmpl, p)
	return nil
}

func (h *Handler) handleMeetingAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	var fields []flow.Field
	if spec, ok := meeting.MeetingSpecOf(act); ok {
		fields = spec.Fields
	}
	return h.pageAction(w, r, fields, fieldNames(fields), fmt.Sprintf("/meetings/%d", id),
		func(v flow.Values) error {
			_, err := h.svc.MeetingAct(r.Context(), actorOf(r), id, act, v)
			return err
		},
		func(f *Form) error { return h.meetingPage(w, r, f, http.StatusUnprocessableEntity, "meeting") })
}

// KindName names a meeting kind of the region.
func (p *meetingsPage) KindName(code string) string {
	for _, k := range p.kinds {
		if k.Code == code {
			return p.Lang.Msg(k.Label())
		}
	}
	return p.T("meeting.kind." + code)
}

// Paragraphs splits a text into its non-empty paragraphs.
func (p *meetingPage) Paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
