package api

import (
	"io"
	"net/http"
	"reflect"
	"strconv"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
	"luoshi/internal/service"
)

// Roles of the proposal routes: who reads proposals at all (each sees what proposal.Sees
// allows), and the offices that receive and import them.
var (
	proposalReaders = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff,
		luoshi.RoleDeputy, luoshi.RoleNPCOffice, luoshi.RoleCPPCCOffice}
	proposalOffices = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleNPCOffice, luoshi.RoleCPPCCOffice}
	proposalActors  = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff,
		luoshi.RoleDeputy, luoshi.RoleNPCOffice, luoshi.RoleCPPCCOffice}
)

// proposalRoutes are the routes of the proposals' module (建议提案).
var proposalRoutes = []Route{
	{Pattern: "GET /api/v1/sessions", Allow: proposalReaders, handler: (*Handler).handleSessionList},
	{Pattern: "POST /api/v1/sessions", Allow: proposalOffices, handler: (*Handler).handleSessionCreate},
	{Pattern: "PUT /api/v1/sessions/{id}", Allow: proposalOffices, Scope: ScopeRegion, handler: (*Handler).handleSessionUpdate},
	{Pattern: "GET /api/v1/proposals", Allow: proposalReaders, handler: (*Handler).handleProposalIndex},
	{Pattern: "POST /api/v1/proposals", Allow: proposalOffices, handler: (*Handler).handleProposalCreate},
	{Pattern: "POST /api/v1/proposals/import", Allow: proposalOffices, handler: (*Handler).handleProposalImport},
	{Pattern: "GET /api/v1/proposals/stats", Allow: proposalReaders, handler: (*Handler).handleProposalStats},
	{Pattern: "GET /api/v1/proposals/export", Allow: proposalReaders, handler: (*Handler).handleProposalExport},
	{Pattern: "GET /api/v1/proposals/{id}", Allow: proposalReaders, handler: (*Handler).handleProposalView},
	{Pattern: "GET /api/v1/proposals/{id}/events", Allow: proposalReaders, handler: (*Handler).handleProposalEvents},
	{Pattern: "POST /api/v1/proposals/{id}/{action}", Allow: proposalActors, handler: (*Handler).handleProposalAction},
}

func init() { Routes = append(Routes, proposalRoutes...) }

func (h *Handler) handleSessionList(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.ListSessions(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]sessionAnswer, len(list))
	for i, s := range list {
		out[i] = sessionAnswerOf(s)
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"sessions": out})
	return nil
}

func (h *Handler) handleSessionCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.SessionInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	s, err := h.svc.CreateSession(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, sessionAnswerOf(s))
	return nil
}

func (h *Handler) handleSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in service.SessionInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	s, err := h.svc.UpdateSession(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, sessionAnswerOf(s))
	return nil
}

func (h *Handler) handleProposalIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v luoshi.Validation
	in := service.ProposalFilterInput{Kind: q.Get("kind"), State: q.Get("state"), Class: q.Get("class"),
		Verdict: q.Get("satisfaction"), Query: q.Get("q")}
	if id := queryID(&v, q.Get("session_id"), "session_id"); id != nil {
		in.SessionID = *id
	}
	if id := queryID(&v, q.Get("unit_id"), "unit_id"); id != nil {
		in.UnitID = *id
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := h.svc.ListProposals(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	out := make([]proposalAnswer, len(list))
	for i, p := range list {
		out[i] = proposalAnswerOf(p)
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"proposals": out})
	return nil
}

// proposalRequest is the body of a new proposal.
type proposalRequest struct {
	SessionID     int64                   `json:"session_id"`
	Number        int                     `json:"number"`
	Title         string                  `json:"title"`
	Content       string                  `json:"content"`
	Proposers     []service.ProposerInput `json:"proposers"`
	Category      string                  `json:"category"`
	ReceivedOn    *Time                   `json:"received_on"`
	SuggestedUnit string                  `json:"suggested_unit"`
}

func (h *Handler) handleProposalCreate(w http.ResponseWriter, r *http.Request) error {
	var in proposalRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	pin := service.ProposalInput{SessionID: in.SessionID, Number: in.Number, Title: in.Title, Content: in.Content,
		Proposers: in.Proposers, Category: in.Category, SuggestedUnit: in.SuggestedUnit}
	if in.ReceivedOn != nil {
		pin.ReceivedOn = in.ReceivedOn.Time
	}
	p, err := h.svc.CreateProposal(r.Context(), actor(r), pin)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, proposalAnswerOf(p))
	return nil
}

func (h *Handler) handleProposalView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.svc.GetProposal(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, proposalAnswerOf(p))
	return nil
}

func (h *Handler) handleProposalEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	evs, err := h.svc.ProposalEvents(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	out := make([]proposalEventAnswer, len(evs))
	for i, e := range evs {
		out[i] = proposalEventAnswerOf(e)
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"events": out})
	return nil
}

// proposalBody is the body of a proposal action: one field per distinct field name of the
// proposal actions' specs (internal/proposal), decoded with the API's checks.
var proposalBody = flow.BodyType(proposal.Fields(), reflect.TypeFor[*Time]())

func (h *Handler) handleProposalAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body := reflect.New(proposalBody)
	if r.ContentLength != 0 {
		if err := httpx.Decode(w, r, body.Interface()); err != nil {
			return err
		}
	}
	p, err := h.svc.ProposalAct(r.Context(), actor(r), id, r.PathValue("action"), flow.ValuesOf(body.Interface()))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, proposalAnswerOf(p))
	return nil
}

// sessionParam reads the session_id parameter, which the route requires.
func sessionParam(r *http.Request) (int64, error) {
	var v luoshi.Validation
	id := queryID(&v, r.URL.Query().Get("session_id"), "session_id")
	if id == nil && v.Err() == nil {
		v.Add("session_id", "proposal.session.required")
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	return *id, nil
}

// handleProposalImport imports a session's list of proposals from a workbook; with
// preview=1 it only checks and lists what it would create.
func (h *Handler) handleProposalImport(w http.ResponseWriter, r *http.Request) error {
	sid, err := sessionParam(r)
	if err != nil {
		return err
	}
	preview := r.URL.Query().Get("preview")
	src, err := workbook(w, r)
	if err != nil {
		return err
	}
	res, err := h.svc.ImportProposals(r.Context(), actor(r), sid, src, preview == "1" || preview == "true")
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.Preview {
		status = http.StatusOK
	}
	httpx.JSON(w, status, res)
	return nil
}

func (h *Handler) handleProposalStats(w http.ResponseWriter, r *http.Request) error {
	sid, err := sessionParam(r)
	if err != nil {
		return err
	}
	st, err := h.svc.SessionStats(r.Context(), actor(r), sid)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"session": sessionAnswerOf(st.Session), "total": st.Total, "units": st.Units})
	return nil
}

func (h *Handler) handleProposalExport(w http.ResponseWriter, r *http.Request) error {
	sid, err := sessionParam(r)
	if err != nil {
		return err
	}
	return sendWorkbook(w, "建议提案办理台账-"+strconv.FormatInt(sid, 10)+".xlsx", func(out io.Writer) error {
		return h.svc.ExportProposals(r.Context(), actor(r), sid, out)
	})
}
