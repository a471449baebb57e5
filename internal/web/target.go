package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/target"
)

// targetIndexPage lists the year's letters the user may see, with the downloads and the
// import of a workbook.
type targetIndexPage struct {
	Base
	Year    int
	Years   []int
	Letters []service.LetterSummary
	Counts  map[luoshi.LetterState]int
	States  []luoshi.LetterState
	Form    *Form
	// Problems are the cells a refused import named.
	Problems []luoshi.FieldError
}

var letterStates = []luoshi.LetterState{luoshi.LetterDraft, luoshi.LetterSubmitted, luoshi.LetterReviewed, luoshi.LetterSigned}

// pageYear reads ?year=, defaulting to this year in the region's zone.
func (h *Handler) pageYear(r *http.Request) int {
	y, err := strconv.Atoi(r.URL.Query().Get("year"))
	if err != nil || y < service.MinTargetYear || y > service.MaxTargetYear {
		return h.svc.Now().In(h.svc.Location()).Year()
	}
	return y
}

func (h *Handler) yearsAround(y int) []int {
	now := h.svc.Now().In(h.svc.Location()).Year()
	return []int{now + 1, now, now - 1, now - 2}[:min(4, max(1, now-y+3))]
}

func (h *Handler) handleTargetIndex(w http.ResponseWriter, r *http.Request) error {
	return h.targetIndex(w, r, newForm(), nil, http.StatusOK)
}

func (h *Handler) targetIndex(w http.ResponseWriter, r *http.Request, f *Form, problems []luoshi.FieldError, status int) error {
	year := h.pageYear(r)
	list, err := h.svc.ListLetters(r.Context(), actorOf(r), year, nil, "")
	if err != nil {
		return err
	}
	p := &targetIndexPage{Base: h.base(r, "nav.targets"), Year: year, Years: h.yearsAround(year), Letters: list,
		Counts: map[luoshi.LetterState]int{}, States: letterStates, Form: f, Problems: problems}
	for _, l := range list {
		p.Counts[l.State]++
	}
	h.render(w, r, status, "targets", p)
	return nil
}

// handleTargetImport imports a letters workbook uploaded from the page; a refused workbook
// comes back with every cell it names.
func (h *Handler) handleTargetImport(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if !a.Has(luoshi.RoleSupervisor) && !a.Has(luoshi.RoleLiaison) {
		return luoshi.Errorf(luoshi.EFORBIDDEN, "target.import.forbidden")
	}
	if err := r.ParseMultipartForm(maxUpload); err != nil {
		return luoshi.Errorf(luoshi.EMALFORMED, "upload.workbook.unreadable")
	}
	f := newForm()
	file, _, err := r.FormFile("file")
	if err != nil {
		f.set("file", "upload.workbook.required")
		return h.targetIndex(w, r, f, nil, http.StatusUnprocessableEntity)
	}
	defer file.Close()
	rows, err := h.svc.Workbooks.ReadLetters(file)
	if err == nil {
		var res *service.LetterImport
		if res, err = h.svc.ImportLetters(r.Context(), a, rows); err == nil {
			setFlash(w, "flash.targets_imported")
			http.Redirect(w, r, fmt.Sprintf("/targets?year=%d", yearOf(res)), http.StatusSeeOther)
			return nil
		}
	}
	e, ok := luoshi.AsError(err)
	if !ok || e.Code != luoshi.EINVALID {
		return err
	}
	msg, problems := httpx.Localize(e, langOf(r).Code())
	f.Message = msg
	return h.targetIndex(w, r, f, problems, http.StatusUnprocessableEntity)
}

func yearOf(res *service.LetterImport) int {
	if len(res.Letters) > 0 {
		return res.Letters[0].Year
	}
	return 0
}

// letterPage is one letter: the unit's indicator board (each indicator's status with its
// trajectory chart), the flags of the ambition check with their justifications, and the
// forms of the actions the user may take.
type letterPage struct {
	Base
	Letter  *service.LetterView
	Events  []luoshi.LetterEvent
	Can     map[string]bool
	Form    *Form
	Charts  map[int64]string
	Periods map[int64][]string
}

func (h *Handler) handleLetterPage(w http.ResponseWriter, r *http.Request) error {
	return h.letterPage(w, r, newForm(), http.StatusOK)
}

func (h *Handler) letterPage(w http.ResponseWriter, r *http.Request, f *Form, status int) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	v, err := h.svc.GetLetter(r.Context(), a, id, time.Time{})
	if err != nil {
		return err
	}
	evs, err := h.svc.LetterEvents(r.Context(), a, id)
	if err != nil {
		return err
	}
	p := &letterPage{Base: h.base(r, "target.letter"), Letter: v, Events: evs, Can: map[string]bool{},
		Form: f, Charts: map[int64]string{}}
	for _, act := range v.Actions {
		p.Can[string(act)] = true
	}
	for _, ind := range v.Indicators {
		p.Charts[ind.ID] = trackChart(&ind, p.Lang)
	}
	h.render(w, r, status, "target_letter", p)
	return nil
}

// trackChart is the data of an indicator's chart: the trajectory and the actuals by period.
func trackChart(ind *service.IndicatorView, lang Lang) string {
	n := ind.Period.Count()
	c := struct {
		Kind       string     `json:"kind"`
		Labels     []string   `json:"labels"`
		Trajectory []float64  `json:"trajectory"`
		Actual     []*float64 `json:"actual"`
		Names      [2]string  `json:"names"`
	}{Kind: "track", Names: [2]string{lang.T("target.trajectory"), lang.T("target.actual")}}
	for k := 1; k <= n; k++ {
		c.Labels = append(c.Labels, ind.Period.PeriodLabel(k))
		c.Trajectory = append(c.Trajectory, ind.TrajectoryAt(k))
		var v *float64
		for _, a := range ind.Actuals {
			if a.Period == k {
				x := a.Value
				v = &x
			}
		}
		c.Actual = append(c.Actual, v)
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// letterForms are the fields a letter action's errors may name: those of the specs.
var letterForms = func() []string {
	var names []string
	for _, f := range target.Fields() {
		names = append(names, f.Name)
	}
	return names
}()

// handleLetterPageAction carries out a letter action from its form, read by its spec's fields.
func (h *Handler) handleLetterPageAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act := luoshi.LetterAction(r.PathValue("action"))
	var fields []flow.Field // an unknown action: the service says so
	if spec, ok := target.SpecOf(act); ok {
		fields = spec.Fields
	}
	return h.pageAction(w, r, fields, letterForms, fmt.Sprintf("/targets/letters/%d", id),
		func(v flow.Values) error {
			_, err := h.svc.LetterAct(r.Context(), actorOf(r), id, act, v)
			return err
		},
		func(f *Form) error { return h.letterPage(w, r, f, http.StatusUnprocessableEntity) })
}

// pageAction carries out an action posted from a page, its values read by its spec's
// fields: done, back to the page with the flash; refused for what the input or the record's
// state says, the page again with the messages beside the fields they name (known).
func (h *Handler) pageAction(w http.ResponseWriter, r *http.Request, fields []flow.Field, known []string, back string,
	act func(flow.Values) error, again func(*Form) error) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	values := valuesOf(fields, f, h.svc.Location())
	if !f.Failed() {
		err := act(values)
		if err == nil {
			return redirect(w, r, back, "flash.saved")
		}
		e, ok := luoshi.AsError(err)
		if !ok || e.Code != luoshi.EINVALID && e.Code != luoshi.ECONFLICT {
			return err
		}
		f.fail(e, known...)
	}
	return again(f)
}

// handleTargetBoard sends a unit's user to the own unit's letter of the year (the indicator
// board), and everyone else to the list.
func (h *Handler) handleTargetBoard(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	year := h.pageYear(r)
	unit := a.UnitID
	if s := r.URL.Query().Get("unit_id"); s != "" {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			unit = id
		}
	}
	list, err := h.svc.ListLetters(r.Context(), a, year, &unit, "")
	if err != nil {
		return err
	}
	if len(list) == 0 {
		http.Redirect(w, r, fmt.Sprintf("/targets?year=%d", year), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/targets/letters/%d", list[0].ID), http.StatusSeeOther)
	return nil
}

// rankingPage is the year's ranking by group, with a chart of each group's totals.
type rankingPage struct {
	Base
	countyChoice
	Year   int
	Years  []int
	Board  *service.ScoreBoard
	Charts []string
	// Rules are the region's scoring rules, whose formula the page states.
	Rules *luoshi.TargetRules
}

func (h *Handler) handleTargetRanking(w http.ResponseWriter, r *http.Request) error {
	year := h.pageYear(r)
	counties, region, err := h.countyOf(r, r.URL.Query())
	if err != nil {
		return err
	}
	b, err := h.svc.ScoresIn(r.Context(), actorOf(r), region.ID, year, time.Time{})
	if err != nil {
		return err
	}
	rules, err := h.svc.TargetRulesIn(r.Context(), actorOf(r), region.ID)
	if err != nil {
		return err
	}
	p := &rankingPage{Base: h.base(r, "target.ranking"), countyChoice: countyChoice{counties, region},
		Year: year, Years: h.yearsAround(year), Board: b, Rules: rules}
	for _, g := range b.Groups {
		c := struct {
			Kind   string    `json:"kind"`
			Names  []string  `json:"names"`
			Totals []float64 `json:"totals"`
			Grades []string  `json:"grades"`
		}{Kind: "ranking"}
		for _, s := range g.Scores {
			c.Names, c.Totals, c.Grades = append(c.Names, s.UnitName), append(c.Totals, s.Total), append(c.Grades, s.Grade)
		}
		j, _ := json.Marshal(c)
		p.Charts = append(p.Charts, string(j))
	}
	h.render(w, r, http.StatusOK, "target_ranking", p)
	return nil
}

// indicatorsPage compares the county with its peers: every key indicator's latest standing,
// and for the chosen one each quarter's ranking, its 标兵 and 追兵, and the trend.
type indicatorsPage struct {
	Base
	countyChoice
	List    []service.KeyIndicatorView
	Current *service.PeerComparison
	Latest  *luoshi.Standing
	Chart   string
	Trend   string
}

func (h *Handler) handleIndicatorPage(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	counties, region, err := h.countyOf(r, r.URL.Query())
	if err != nil {
		return err
	}
	list, err := h.svc.KeyIndicatorsIn(r.Context(), a, region.ID, 0)
	if err != nil {
		return err
	}
	p := &indicatorsPage{Base: h.base(r, "nav.indicators"), countyChoice: countyChoice{counties, region}, List: list}
	id := int64(0)
	if len(list) > 0 {
		id = list[0].ID
	}
	if s := r.URL.Query().Get("id"); s != "" {
		if id, err = strconv.ParseInt(s, 10, 64); err != nil {
			return luoshi.Errorf(luoshi.ENOTFOUND, "page.not_found")
		}
	}
	if id != 0 {
		if p.Current, err = h.svc.CompareKeyIndicator(r.Context(), a, id, 0); err != nil {
			return err
		}
		p.Chart, p.Trend = peerCharts(p.Current, p.Lang)
		if n := len(p.Current.Quarters); n > 0 {
			p.Latest = &p.Current.Quarters[n-1]
		}
	}
	h.render(w, r, http.StatusOK, "indicators", p)
	return nil
}

// peerCharts are the data of the comparison charts: the latest quarter's counties (this
// county marked) and this county's rank over the quarters.
func peerCharts(pc *service.PeerComparison, lang Lang) (bars, trend string) {
	type barData struct {
		Kind     string    `json:"kind"`
		Counties []string  `json:"counties"`
		Values   []float64 `json:"values"`
		Self     int       `json:"self"`
		Unit     string    `json:"unit"`
		Lower    bool      `json:"lower"`
	}
	type trendData struct {
		Kind     string   `json:"kind"`
		Labels   []string `json:"labels"`
		Ranks    []int    `json:"ranks"`
		Counties int      `json:"counties"`
		Name     string   `json:"name"`
	}
	b := barData{Kind: "peers", Self: -1, Unit: pc.MeasureUnit, Lower: pc.Direction == luoshi.LowerBetter}
	t := trendData{Kind: "trend", Name: lang.T("target.rank")}
	if n := len(pc.Quarters); n > 0 {
		for i, f := range pc.Quarters[n-1].Figures {
			b.Counties, b.Values = append(b.Counties, f.County), append(b.Values, f.Value)
			if f.Self {
				b.Self = i
			}
		}
	}
	for _, q := range pc.Quarters {
		if q.Rank > 0 {
			t.Labels = append(t.Labels, lang.T("period.year_quarter", q.Year, q.Quarter))
			t.Ranks = append(t.Ranks, q.Rank)
			t.Counties = max(t.Counties, q.Counties)
		}
	}
	bj, _ := json.Marshal(b)
	tj, _ := json.Marshal(t)
	return string(bj), string(tj)
}

// Pct shows a ratio as a percentage.
func (b Base) Pct(x float64) string { return strconv.FormatFloat(x*100, 'f', 1, 64) + "%" }

// Num shows a figure with at most four decimals; a missing one as a dash.
func (b Base) Num(x any) string {
	switch v := x.(type) {
	case float64:
		return strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64)
	case *float64:
		if v != nil {
			return b.Num(*v)
		}
	}
	return "—"
}
