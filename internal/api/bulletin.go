package api

import (
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// bulletinOffice is who writes bulletins: the supervision office.
var bulletinOffice = []luoshi.Role{luoshi.RoleSupervisor}

// bulletinRoutes are the routes of the bulletins' module (督查通报). Everyone in the
// region's business reads the published bulletins; the office generates, edits, numbers
// and publishes them (the specs say so, and the service checks too).
var bulletinRoutes = []Route{
	{Pattern: "GET /api/v1/bulletins", Allow: business, handler: (*Handler).handleBulletinIndex},
	{Pattern: "POST /api/v1/bulletins", Allow: bulletinOffice, handler: (*Handler).handleBulletinCreate},
	{Pattern: "GET /api/v1/bulletins/{id}", Allow: business, handler: (*Handler).handleBulletinView},
	{Pattern: "POST /api/v1/bulletins/{id}/{action}", Allow: bulletinOffice, handler: (*Handler).handleBulletinAction},
}

func init() { Routes = append(Routes, bulletinRoutes...) }

// bulletinListAnswer is a bulletin in a list: without its figures.
type bulletinListAnswer struct {
	ID          int64                `json:"id"`
	Kind        luoshi.BulletinKind  `json:"kind"`
	Title       string               `json:"title"`
	From        time.Time            `json:"from"`
	To          time.Time            `json:"to"`
	State       luoshi.BulletinState `json:"state"`
	Year        int                  `json:"year"`
	Number      int                  `json:"number"`
	PublishedAt *time.Time           `json:"published_at"`
}

func (h *Handler) handleBulletinIndex(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Bulletins(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]bulletinListAnswer, len(list))
	for i, b := range list {
		out[i] = bulletinListAnswer{ID: b.ID, Kind: b.Kind, Title: b.Title, From: b.From, To: b.To,
			State: b.State, Year: b.Year, Number: b.Number, PublishedAt: b.PublishedAt}
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"bulletins": out})
	return nil
}

func (h *Handler) handleBulletinCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.BulletinInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	b, err := h.svc.GenerateBulletin(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, b)
	return nil
}

// handleBulletinView answers a bulletin as JSON, or as the official document when the id
// ends in .docx (/api/v1/bulletins/12.docx).
func (h *Handler) handleBulletinView(w http.ResponseWriter, r *http.Request) error {
	raw, asDocx := strings.CutSuffix(r.PathValue("id"), ".docx")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return luoshi.Errorf(luoshi.ENOTFOUND, "api.id.invalid", r.PathValue("id"))
	}
	b, err := h.svc.GetBulletin(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if !asDocx {
		httpx.JSON(w, http.StatusOK, b)
		return nil
	}
	data, err := BulletinDoc(b.Bulletin, h.svc.Location()).Bytes()
	if err != nil {
		return err
	}
	return sendDocx(w, fmt.Sprintf("%s-%d-%d.docx", i18n.ZH.T("bulletin.doc.file"), b.Year, b.Number), data)
}

var bulletinBody = flow.BodyType(bulletin.Fields(), reflect.TypeFor[*Time]())

func (h *Handler) handleBulletinAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body := reflect.New(bulletinBody)
	if r.ContentLength != 0 {
		if err := httpx.Decode(w, r, body.Interface()); err != nil {
			return err
		}
	}
	b, err := h.svc.BulletinAct(r.Context(), actor(r), id, r.PathValue("action"), flow.ValuesOf(body.Interface()))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, b)
	return nil
}
