package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// calendarPage is the administrator's working-day calendar (工作日历): the years loaded, a
// warning when this year or, from November, next year is missing, and the upload of a
// year's arrangement — previewed first, then applied all or nothing.
type calendarPage struct {
	Base
	Years   []service.CalendarYearSummary
	Want    []int // this year and the next: the years that should be loaded
	Warning *luoshi.Msg
	Form    *Form
	Preview *service.CalendarPreview
	CSV     string // the file previewed, sent again to apply it
}

// Loaded reports whether the calendar holds year.
func (p *calendarPage) Loaded(year int) bool {
	for _, y := range p.Years {
		if y.Year == year {
			return true
		}
	}
	return false
}

func (h *Handler) calendarPage(r *http.Request, f *Form) *calendarPage {
	if f == nil {
		f = newForm()
	}
	now := h.svc.Now().In(h.svc.Location())
	return &calendarPage{Base: h.base(r, "calendar.title"), Years: h.svc.CalendarYears(),
		Want: []int{now.Year(), now.Year() + 1}, Warning: h.svc.CalendarWarning(), Form: f}
}

func (h *Handler) handleCalendarPage(w http.ResponseWriter, r *http.Request) error {
	h.render(w, r, http.StatusOK, "calendar", h.calendarPage(r, nil))
	return nil
}

// maxCalendarFile bounds an uploaded arrangement: a year is some forty lines.
const maxCalendarFile = 64 << 10

// handleCalendarPreview reads the uploaded file and shows what loading it would do.
func (h *Handler) handleCalendarPreview(w http.ResponseWriter, r *http.Request) error {
	f := newForm()
	p := h.calendarPage(r, f)
	text, err := uploadedText(w, r, "file")
	if err == nil {
		p.Preview, err = h.svc.PreviewCalendar(r.Context(), actorOf(r), strings.NewReader(text))
	}
	return h.calendarResult(w, r, p, text, err)
}

// handleCalendarApply loads the file previewed, all or nothing.
func (h *Handler) handleCalendarApply(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	text := f.Get("csv")
	if _, err = h.svc.ImportCalendar(r.Context(), actorOf(r), strings.NewReader(text)); err == nil {
		return redirect(w, r, "/calendar", "calendar.loaded")
	}
	return h.calendarResult(w, r, h.calendarPage(r, f), "", err)
}

// calendarResult shows the page with the preview, or with the file's problem beside the
// upload.
func (h *Handler) calendarResult(w http.ResponseWriter, r *http.Request, p *calendarPage, text string, err error) error {
	var le *luoshi.Error
	switch {
	case err == nil:
		p.CSV = text
		h.render(w, r, http.StatusOK, "calendar", p)
		return nil
	case errors.As(err, &le) && (le.Code == luoshi.EINVALID || le.Code == luoshi.EMALFORMED):
		p.Form.fail(le)
		h.render(w, r, http.StatusUnprocessableEntity, "calendar", p)
		return nil
	}
	return err
}

// uploadedText is the text of a file field of a multipart form.
func uploadedText(w http.ResponseWriter, r *http.Request, name string) (string, error) {
	if r.MultipartForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxCalendarFile+4096)
		if err := r.ParseMultipartForm(maxCalendarFile); err != nil {
			return "", luoshi.Errorf(luoshi.EMALFORMED, "calendar.upload.unreadable")
		}
	}
	file, _, err := r.FormFile(name)
	if err != nil {
		return "", luoshi.Errorf(luoshi.EINVALID, "calendar.upload.none")
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxCalendarFile+1))
	if err != nil || len(b) > maxCalendarFile {
		return "", luoshi.Errorf(luoshi.EMALFORMED, "calendar.upload.unreadable")
	}
	return string(b), nil
}
