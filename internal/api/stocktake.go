package api

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/stocktake"
)

// stocktakeHolders are who may generate a stocktake: the office, and leaders (their own; the
// county head anyone's — the service checks which).
var stocktakeHolders = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader}

// stocktakeRoutes are the routes of the stocktake routine (调度会). Everyone in the region's
// business may ask; who sees a stocktake is the service's rule (stocktake.Sees): the office,
// its leader and the county head wholly, a unit the commitments naming it. The office
// records commitments and closes the record; a reader comments (the specs say so).
var stocktakeRoutes = []Route{
	{Pattern: "GET /api/v1/stocktakes", Allow: business, handler: (*Handler).handleStocktakeIndex},
	{Pattern: "POST /api/v1/stocktakes", Allow: stocktakeHolders, handler: (*Handler).handleStocktakeCreate},
	{Pattern: "GET /api/v1/stocktakes/{id}", Allow: business, handler: (*Handler).handleStocktakeView},
	{Pattern: "GET /api/v1/stocktakes/{id}/events", Allow: stocktakeHolders, handler: (*Handler).handleStocktakeEvents},
	{Pattern: "POST /api/v1/stocktakes/{id}/{action}", Allow: business, handler: (*Handler).handleStocktakeAction},
}

func init() { Routes = append(Routes, stocktakeRoutes...) }

// stocktakeListAnswer is a stocktake in a list: its agenda's sizes, not its lines.
type stocktakeListAnswer struct {
	ID          int64                 `json:"id"`
	LeaderID    int64                 `json:"leader_id"`
	LeaderName  string                `json:"leader_name"`
	LeaderPost  string                `json:"leader_post"`
	Whole       bool                  `json:"whole"`
	Date        string                `json:"date"`
	State       luoshi.StocktakeState `json:"state"`
	Red         int                   `json:"red"`
	Yellow      int                   `json:"yellow"`
	Behind      int                   `json:"behind"`
	Gaps        int                   `json:"gaps"`
	Previous    int                   `json:"previous"`
	Commitments int                   `json:"commitments"`
	Partial     bool                  `json:"partial"`
}

func (h *Handler) handleStocktakeIndex(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Stocktakes(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]stocktakeListAnswer, len(list))
	for i, v := range list {
		a := v.Agenda
		out[i] = stocktakeListAnswer{ID: v.ID, LeaderID: v.LeaderID, LeaderName: v.LeaderName, LeaderPost: v.LeaderPost, Whole: v.Whole,
			Date: v.Date.In(h.svc.Location()).Format("2006-01-02"), State: v.State, Red: len(a.Red), Yellow: len(a.Yellow),
			Behind: len(a.Behind), Gaps: len(a.Gaps), Previous: len(a.Previous), Commitments: len(v.Commitments), Partial: v.Partial}
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"stocktakes": out})
	return nil
}

func (h *Handler) handleStocktakeCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.StocktakeInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	v, err := h.svc.GenerateStocktake(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, v)
	return nil
}

// handleStocktakeView answers a stocktake as JSON, or as an official document when the id
// ends in .docx: the record (纪要), or the agenda (议程) with ?part=agenda.
func (h *Handler) handleStocktakeView(w http.ResponseWriter, r *http.Request) error {
	raw, asDocx := strings.CutSuffix(r.PathValue("id"), ".docx")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return luoshi.Errorf(luoshi.ENOTFOUND, "api.id.invalid", r.PathValue("id"))
	}
	v, err := h.svc.GetStocktake(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if !asDocx {
		httpx.JSON(w, http.StatusOK, v)
		return nil
	}
	agenda := r.URL.Query().Get("part") == "agenda"
	doc := StocktakeRecordDoc(v.Stocktake, h.svc.Location())
	key := "stocktake.doc.file.record"
	if agenda {
		doc, key = StocktakeAgendaDoc(v.Stocktake, h.svc.Location()), "stocktake.doc.file.agenda"
	}
	data, err := doc.Bytes()
	if err != nil {
		return err
	}
	return sendDocx(w, fmt.Sprintf("%s-%s.docx", i18n.ZH.T(key), v.Date.In(h.svc.Location()).Format("20060102")), data)
}

func (h *Handler) handleStocktakeEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	evs, err := h.svc.StocktakeEvents(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"events": evs})
	return nil
}

var stocktakeBody = flow.BodyType(stocktake.Fields(), reflect.TypeFor[*Time]())

func (h *Handler) handleStocktakeAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body := reflect.New(stocktakeBody)
	if r.ContentLength != 0 {
		if err := httpx.Decode(w, r, body.Interface()); err != nil {
			return err
		}
	}
	v, err := h.svc.StocktakeAct(r.Context(), actor(r), id, r.PathValue("action"), flow.ValuesOf(body.Interface()))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, v)
	return nil
}
