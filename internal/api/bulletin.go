package api

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

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

func (h *Handler) handleBulletinIndex(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Bulletins(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]bulletinListAnswer, len(list))
	for i, b := range list {
		out[i] = bulletinListOf(b)
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
	httpx.JSON(w, http.StatusCreated, answerBulletin(b))
	return nil
}

// bulletinRef reads a bulletin's {id} segment: a positive id, with .docx or .xlsx or
// neither (FuzzBulletinRef found 12.xlsx.docx read as the workbook of 12: one suffix only).
func bulletinRef(raw string) (id int64, ext string, err error) {
	s := raw
	for _, x := range []string{".docx", ".xlsx"} {
		if cut, ok := strings.CutSuffix(raw, x); ok {
			s, ext = cut, x
			break
		}
	}
	id, err = strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", luoshi.Errorf(luoshi.ENOTFOUND, "api.id.invalid", raw)
	}
	return id, ext, nil
}

// handleBulletinView answers a bulletin as JSON, as the official document when the id ends
// in .docx (/api/v1/bulletins/12.docx), or as the workbook of its tables when it ends in
// .xlsx.
func (h *Handler) handleBulletinView(w http.ResponseWriter, r *http.Request) error {
	id, ext, err := bulletinRef(r.PathValue("id"))
	if err != nil {
		return err
	}
	if ext == ".xlsx" {
		return sendWorkbook(w, fmt.Sprintf("%s-%d.xlsx", i18n.ZH.T("bulletin.doc.file"), id), func(out io.Writer) error {
			return h.svc.BulletinWorkbook(r.Context(), actor(r), id, out)
		})
	}
	b, err := h.svc.GetBulletin(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if ext == "" {
		httpx.JSON(w, http.StatusOK, answerBulletin(b))
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
	httpx.JSON(w, http.StatusOK, answerBulletin(b))
	return nil
}
