package api

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
)

// scoreParams reads the parameters of the score routes: year, as_of and region_id.
func (h *Handler) scoreParams(r *http.Request) (region int64, year int, at time.Time, err error) {
	if year, err = h.year(r); err != nil {
		return 0, 0, time.Time{}, err
	}
	if at, err = asOf(r); err != nil {
		return 0, 0, time.Time{}, err
	}
	region, err = regionParam(r)
	return region, year, at, err
}

func (h *Handler) handleScores(w http.ResponseWriter, r *http.Request) error {
	region, year, at, err := h.scoreParams(r)
	if err != nil {
		return err
	}
	b, err := h.svc.ScoresIn(r.Context(), actor(r), region, year, at)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, b)
	return nil
}

func (h *Handler) handleScoresExport(w http.ResponseWriter, r *http.Request) error {
	region, year, at, err := h.scoreParams(r)
	if err != nil {
		return err
	}
	b, err := h.svc.ExportScores(r.Context(), actor(r), region, year, at)
	if err != nil {
		return err
	}
	var all []*luoshi.UnitScore
	for _, g := range b.Groups {
		all = append(all, g.Scores...)
	}
	return sendWorkbook(w, strconv.Itoa(year)+"年考核得分与排名.xlsx", func(out io.Writer) error {
		return h.svc.Workbooks.WriteScores(out, year, all)
	})
}

func (h *Handler) handleTargetRules(w http.ResponseWriter, r *http.Request) error {
	region, err := regionParam(r)
	if err != nil {
		return err
	}
	rules, err := h.svc.TargetRulesIn(r.Context(), actor(r), region)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, rules)
	return nil
}

// handleTargetRulesUpdate changes the rules: fields left out keep their current values.
func (h *Handler) handleTargetRulesUpdate(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.svc.TargetRules(r.Context(), actor(r))
	if err != nil {
		return err
	}
	if err := httpx.Decode(w, r, rules); err != nil {
		return err
	}
	out, err := h.svc.SetTargetRules(r.Context(), actor(r), rules)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, out)
	return nil
}
