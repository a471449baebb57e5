package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/target"
)

// MaxWorkbook is the largest workbook an import accepts.
const MaxWorkbook = 10 << 20

const xlsxType = httpx.XLSXType

// Roles of the target routes.
var (
	officeOrLiaison = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLiaison}
	supervisorOnly  = []luoshi.Role{luoshi.RoleSupervisor}
)

// queryRegion reads the region_id parameter: 0 (the caller's own region) when it is absent,
// else the region below its own that a city account reads.
func queryRegion(v *luoshi.Validation, r *http.Request) int64 {
	if id := queryID(v, r.URL.Query().Get("region_id"), "region_id"); id != nil {
		return *id
	}
	return 0
}

// regionParam is queryRegion for a handler that takes no other parameter to validate.
func regionParam(r *http.Request) (int64, error) {
	var v luoshi.Validation
	region := queryRegion(&v, r)
	return region, v.Err()
}

func (h *Handler) handleLetterIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v luoshi.Validation
	year := queryInt(&v, q.Get("year"), "year")
	unit := queryID(&v, q.Get("unit_id"), "unit_id")
	region := queryRegion(&v, r)
	if err := v.Err(); err != nil {
		return err
	}
	list, err := h.svc.ListLettersIn(r.Context(), actor(r), region, year, unit, q.Get("state"))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"letters": list})
	return nil
}

func queryInt(v *luoshi.Validation, s, field string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(field, "api.param.integer", field)
	}
	return n
}

func (h *Handler) handleLetterCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.LetterInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	l, err := h.svc.CreateLetter(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, l)
	return nil
}

// asOf reads the as_of parameter: a date means the end of that day (the moment after it).
func asOf(r *http.Request) (time.Time, error) {
	s := r.URL.Query().Get("as_of")
	if s == "" {
		return time.Time{}, nil
	}
	t, err := ParseTime(s)
	if err != nil {
		return time.Time{}, luoshi.Invalid("as_of", "api.as_of.invalid")
	}
	if len(strings.TrimSpace(s)) == len("2006-01-02") {
		t = t.Add(time.Second)
	}
	return t, nil
}

func (h *Handler) handleLetterView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	at, err := asOf(r)
	if err != nil {
		return err
	}
	l, err := h.svc.GetLetter(r.Context(), actor(r), id, at)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, letterAnswer(r, l))
	return nil
}

// letterAnswer is a letter view as the API answers it: its unresolved flags' messages in
// the reader's language.
func letterAnswer(r *http.Request, v any) any {
	l, ok := v.(*service.LetterView)
	if !ok {
		return v
	}
	lang := i18n.FromTag(httpx.RequestLang(r))
	for i, f := range l.Unresolved {
		if f.Key != "" {
			l.Unresolved[i].Message = lang.T(f.Key, f.Args...)
		}
	}
	return l
}

// withID decodes the JSON body of a route on {id} and answers with what call returns.
func withID[T any](w http.ResponseWriter, r *http.Request, call func(id int64, req T) (any, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req T
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	v, err := call(id, req)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, letterAnswer(r, v))
	return nil
}

type indicatorsRequest struct {
	Indicators []service.IndicatorInput `json:"indicators"`
}

func (h *Handler) handleLetterIndicators(w http.ResponseWriter, r *http.Request) error {
	return withID(w, r, func(id int64, req indicatorsRequest) (any, error) {
		return h.svc.ReplaceIndicators(r.Context(), actor(r), id, req.Indicators)
	})
}

type actualsRequest struct {
	Actuals []service.ActualInput `json:"actuals"`
}

func (h *Handler) handleLetterActuals(w http.ResponseWriter, r *http.Request) error {
	return withID(w, r, func(id int64, req actualsRequest) (any, error) {
		return h.svc.EnterActuals(r.Context(), actor(r), id, req.Actuals)
	})
}

func (h *Handler) handleLetterEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	evs, err := h.svc.LetterEvents(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"events": evs})
	return nil
}

// letterBody is the body of a letter action: one field per distinct field name of the letter
// actions' specs (internal/target), decoded with the API's checks (unknown fields, types)
// and read into the spec's values; each action then checks the fields it declares.
var letterBody = flow.BodyType(target.Fields(), reflect.TypeFor[*Time]())

func (h *Handler) handleLetterAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body := reflect.New(letterBody)
	if r.ContentLength != 0 {
		if err := httpx.Decode(w, r, body.Interface()); err != nil {
			return err
		}
	}
	act := luoshi.LetterAction(r.PathValue("action"))
	l, err := h.svc.LetterAct(r.Context(), actor(r), id, act, flow.ValuesOf(body.Interface()))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, letterAnswer(r, l))
	return nil
}

// workbook reads an uploaded workbook: the body itself, or the "file" part of a form.
func workbook(w http.ResponseWriter, r *http.Request) (io.Reader, error) {
	body := http.MaxBytesReader(w, r.Body, MaxWorkbook+1<<20)
	ct, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src io.Reader = body
	if ct == "multipart/form-data" {
		if params["boundary"] == "" {
			return nil, luoshi.Errorf(luoshi.EMALFORMED, "upload.multipart")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				return nil, readErr(err, "upload.no_file")
			}
			if part.FormName() == "file" {
				src = part
				break
			}
		}
	} else if ct != xlsxType && ct != "application/octet-stream" {
		return nil, luoshi.Errorf(luoshi.EMALFORMED, "upload.workbook.type", xlsxType)
	}
	data, err := io.ReadAll(io.LimitReader(src, MaxWorkbook+1))
	if err != nil {
		return nil, readErr(err, "upload.empty")
	}
	if len(data) > MaxWorkbook {
		return nil, luoshi.Errorf(luoshi.ETOOLARGE, "upload.workbook.too_large", MaxWorkbook>>20)
	}
	return bytes.NewReader(data), nil
}

// readErr is the error of reading an upload: too large, ended (the key's message on the
// file), or broken (the key's message and the cause).
func readErr(err error, key string) error {
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		return luoshi.Errorf(luoshi.ETOOLARGE, "upload.workbook.too_large", MaxWorkbook>>20)
	}
	if errors.Is(err, io.EOF) {
		return luoshi.Invalid("file", key)
	}
	return luoshi.Errorf(luoshi.EMALFORMED, "upload.cause", luoshi.M(key), err)
}

func (h *Handler) handleLetterImport(w http.ResponseWriter, r *http.Request) error {
	src, err := workbook(w, r)
	if err != nil {
		return err
	}
	rows, err := h.svc.Workbooks.ReadLetters(src)
	if err != nil {
		return err
	}
	res, err := h.svc.ImportLetters(r.Context(), actor(r), rows)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, res)
	return nil
}

// sendWorkbook answers with a workbook to download.
var sendWorkbook = httpx.Workbook

// year reads the year parameter, defaulting to the current year in the region's zone.
func (h *Handler) year(r *http.Request) (int, error) {
	var v luoshi.Validation
	y := queryInt(&v, r.URL.Query().Get("year"), "year")
	if y == 0 {
		y = h.svc.Now().In(h.svc.Location()).Year()
	}
	if y < service.MinTargetYear || y > service.MaxTargetYear {
		v.Add("year", "target.year.range", service.MinTargetYear, service.MaxTargetYear)
	}
	return y, v.Err()
}

func (h *Handler) handleLetterTemplate(w http.ResponseWriter, r *http.Request) error {
	year, err := h.year(r)
	if err != nil {
		return err
	}
	units, err := h.svc.ListUnits(r.Context(), actor(r))
	if err != nil {
		return err
	}
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return sendWorkbook(w, strconv.Itoa(year)+"年目标责任书模板.xlsx", func(out io.Writer) error {
		return h.svc.Workbooks.LetterTemplate(out, names, year)
	})
}

func (h *Handler) handleLetterExport(w http.ResponseWriter, r *http.Request) error {
	year, err := h.year(r)
	if err != nil {
		return err
	}
	region, err := regionParam(r)
	if err != nil {
		return err
	}
	letters, names, err := h.svc.ExportLetters(r.Context(), actor(r), region, year)
	if err != nil {
		return err
	}
	return sendWorkbook(w, strconv.Itoa(year)+"年目标责任书.xlsx", func(out io.Writer) error {
		return h.svc.Workbooks.WriteLetters(out, letters, names)
	})
}

func (h *Handler) handleActualsTemplate(w http.ResponseWriter, r *http.Request) error {
	year, err := h.year(r)
	if err != nil {
		return err
	}
	rows, err := h.svc.ActualsSheet(r.Context(), actor(r), year)
	if err != nil {
		return err
	}
	return sendWorkbook(w, strconv.Itoa(year)+"年指标实绩.xlsx", func(out io.Writer) error {
		return h.svc.Workbooks.ActualsWorkbook(out, rows)
	})
}

func (h *Handler) handleActualsImport(w http.ResponseWriter, r *http.Request) error {
	src, err := workbook(w, r)
	if err != nil {
		return err
	}
	rows, err := h.svc.Workbooks.ReadActuals(src)
	if err != nil {
		return err
	}
	n, err := h.svc.ImportActuals(r.Context(), actor(r), rows)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"imported": n})
	return nil
}
