package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
	"luoshi/internal/service"
)

// proposalReaders are the roles that read proposals (each sees what proposal.Sees allows).
var proposalReaders = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff,
	luoshi.RoleDeputy, luoshi.RoleNPCOffice, luoshi.RoleCPPCCOffice}

func init() {
	routes = append(routes,
		route{pattern: "GET /proposals", roles: proposalReaders, fn: (*Handler).handleProposalIndex},
		route{pattern: "GET /proposals/stats", roles: proposalReaders, fn: (*Handler).handleProposalStats},
		route{pattern: "GET /proposals/{id}", roles: proposalReaders, fn: (*Handler).handleProposalPage},
		route{pattern: "GET /proposals/{id}/letter", roles: proposalReaders, fn: (*Handler).handleProposalLetter},
		route{pattern: "POST /proposals/{id}/{action}", roles: proposalReaders, fn: (*Handler).handleProposalAction},
	)
}

// proposalsPage lists the proposals the user sees, filtered by session, state and words; a
// deputy sees their own, each with where it stands, as cards on a phone.
type proposalsPage struct {
	Base
	Sessions  []*luoshi.ProposalSession
	SessionID int64
	State     string
	Query     string
	States    []luoshi.ProposalState
	List      []*service.ProposalView
}

func (h *Handler) handleProposalIndex(w http.ResponseWriter, r *http.Request) error {
	a, q := actorOf(r), r.URL.Query()
	sessions, err := h.svc.ListSessions(r.Context(), a)
	if err != nil {
		return err
	}
	p := &proposalsPage{Base: h.base(r, "nav.proposals"), Sessions: sessions, State: q.Get("state"), Query: q.Get("q"),
		States: luoshi.ProposalStates}
	p.SessionID, _ = strconv.ParseInt(q.Get("session_id"), 10, 64)
	if !luoshi.ProposalState(p.State).Valid() {
		p.State = ""
	}
	p.List, err = h.svc.ListProposals(r.Context(), a, service.ProposalFilterInput{SessionID: p.SessionID, State: p.State, Query: p.Query})
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "proposals", p)
	return nil
}

// proposalPage is one proposal: its facts, contacts, co-units' opinions, replies with their
// letters and verdicts, its promises' items with their lights, its record, and the forms
// of the actions the user may take now, drawn from the specs.
type proposalPage struct {
	Base
	P       *service.ProposalView
	Events  []luoshi.ProposalEvent
	Actions []proposalForm
	Form    *Form
}

// proposalForm is one action's form, from its spec's fields.
type proposalForm struct {
	Name    string
	Primary bool
	Fields  []proposalField
}

// proposalField is one field of an action's form.
type proposalField struct {
	Name, Label, Kind string // Kind: text, textarea, select, multi, date
	Required          bool
	Options           []proposalOption
}

type proposalOption struct{ Value, Label string }

// choiceLabels are the catalogue prefixes of the choices of the proposal actions' fields.
var choiceLabels = map[string]string{"verdict": "proposal.verdict.", "class": "proposal.class.", "way": "proposal.way."}

func (h *Handler) proposalForms(v *service.ProposalView, lang Lang) []proposalForm {
	units := optionsOf(v.UnitNames)
	var out []proposalForm
	for _, name := range v.Actions {
		spec, ok := proposal.SpecOf(name)
		if !ok {
			continue
		}
		out = append(out, specForm(name, spec.Primary, spec.Fields, lang, choiceLabels, func(string) []proposalOption { return units }))
	}
	return out
}

// optionsOf are the choices of a select, by id, in the order of the ids.
func optionsOf(names map[int64]string) []proposalOption {
	out := make([]proposalOption, 0, len(names))
	for id, name := range names {
		out = append(out, proposalOption{Value: strconv.FormatInt(id, 10), Label: name})
	}
	slices.SortFunc(out, func(a, b proposalOption) int { return cmpNum(a.Value, b.Value) })
	return out
}

// specForm is an action's form drawn from its spec's fields: choices labelled from the
// catalogue prefixes in choices, ids chosen among the options ids gives for the field.
func specForm(name string, primary bool, fields []flow.Field, lang Lang, choices map[string]string,
	ids func(field string) []proposalOption) proposalForm {
	f := proposalForm{Name: name, Primary: primary}
	for _, fd := range fields {
		pf := proposalField{Name: fd.Name, Label: lang.T(string(fd.Label)), Required: fd.Required}
		switch fd.Kind {
		case flow.Text:
			pf.Kind = "text"
			if fd.Long {
				pf.Kind = "textarea"
			}
		case flow.Int:
			pf.Kind = "number"
		case flow.Time:
			pf.Kind = "date"
		case flow.Choice:
			pf.Kind = "select"
			for _, c := range fd.Choices {
				pf.Options = append(pf.Options, proposalOption{Value: c, Label: lang.T(choices[fd.Name] + c)})
			}
		case flow.ID:
			pf.Kind, pf.Options = "select", ids(fd.Name)
		case flow.IDs:
			pf.Kind, pf.Options = "multi", ids(fd.Name)
		}
		f.Fields = append(f.Fields, pf)
	}
	return f
}

func cmpNum(a, b string) int {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	return int(x - y)
}

func (h *Handler) handleProposalPage(w http.ResponseWriter, r *http.Request) error {
	return h.proposalPage(w, r, newForm(), http.StatusOK)
}

func (h *Handler) proposalPage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	v, err := h.svc.GetProposal(r.Context(), a, id)
	if err != nil {
		return err
	}
	evs, err := h.svc.ProposalEvents(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := &proposalPage{Base: h.base(r, "proposal.page"), P: v, Events: evs, Form: f}
	p.Actions = h.proposalForms(v, p.Lang)
	h.render(w, r, status, "proposal", p)
	return nil
}

// proposalFields are the fields a proposal action's errors may name: those of the specs.
var proposalFields = func() []string {
	var names []string
	for _, f := range proposal.Fields() {
		names = append(names, f.Name)
	}
	return names
}()

// handleProposalAction carries out a proposal action from its form, read by its spec's fields.
func (h *Handler) handleProposalAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	var fields []flow.Field // an unknown action: the service says so
	if spec, ok := proposal.SpecOf(act); ok {
		fields = spec.Fields
	}
	return h.pageAction(w, r, fields, proposalFields, fmt.Sprintf("/proposals/%d", id),
		func(v flow.Values) error {
			_, err := h.svc.ProposalAct(r.Context(), actorOf(r), id, act, v)
			return err
		},
		func(f *Form) error { return h.proposalPage(w, r, f, http.StatusUnprocessableEntity) })
}

// proposalLetterPage is a reply letter as a printable page, with the .docx to download.
type proposalLetterPage struct {
	Base
	P     *luoshi.Proposal
	Round int
	L     service.LetterParts
}

func (h *Handler) handleProposalLetter(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	round, _ := strconv.Atoi(r.URL.Query().Get("round"))
	l, err := h.svc.ReplyLetterOf(r.Context(), actorOf(r), id, round)
	if err != nil {
		return err
	}
	p := &proposalLetterPage{Base: h.base(r, "proposal.letter.page"), P: l.Proposal, Round: l.Reply.Round, L: l.Parts()}
	h.render(w, r, http.StatusOK, "proposal_letter", p)
	return nil
}

// proposalStatsPage is a session's figures for the annual report, with charts of the
// classes and the verdicts, in all and per unit.
type proposalStatsPage struct {
	Base
	Sessions  []*luoshi.ProposalSession
	SessionID int64
	Stats     *service.ProposalStats
	Classes   string
	Verdicts  string
}

func (h *Handler) handleProposalStats(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	sessions, err := h.svc.ListSessions(r.Context(), a)
	if err != nil {
		return err
	}
	p := &proposalStatsPage{Base: h.base(r, "proposal.stats.title"), Sessions: sessions}
	p.SessionID, _ = strconv.ParseInt(r.URL.Query().Get("session_id"), 10, 64)
	if p.SessionID == 0 && len(sessions) > 0 {
		p.SessionID = sessions[0].ID
	}
	if p.SessionID != 0 {
		if p.Stats, err = h.svc.SessionStats(r.Context(), a, p.SessionID); err != nil {
			return err
		}
		t := p.Stats.Total
		p.Classes = barChart(p.Lang, []string{"A", "B", "C", "D"}, []int{t.ClassA, t.ClassB, t.ClassC, t.ClassD}, "")
		p.Verdicts = barChart(p.Lang, []string{p.T("proposal.verdict.satisfied"), p.T("proposal.verdict.basically_satisfied"),
			p.T("proposal.verdict.unsatisfied")}, []int{t.Satisfied, t.Basically, t.Unsatisfied}, "")
	}
	h.render(w, r, http.StatusOK, "proposal_stats", p)
	return nil
}

// barChart is the data of a simple bar chart (targets.js "bars").
func barChart(_ Lang, labels []string, values []int, unit string) string {
	b, _ := json.Marshal(struct {
		Kind   string   `json:"kind"`
		Labels []string `json:"labels"`
		Values []int    `json:"values"`
		Unit   string   `json:"unit"`
	}{"bars", labels, values, unit})
	return string(b)
}
