package api

import (
	"io"
	"net/http"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
)

func (h *Handler) handleKeyIndicatorIndex(w http.ResponseWriter, r *http.Request) error {
	var v luoshi.Validation
	year := queryInt(&v, r.URL.Query().Get("year"), "year")
	region := queryRegion(&v, r)
	if err := v.Err(); err != nil {
		return err
	}
	list, err := h.svc.KeyIndicatorsIn(r.Context(), actor(r), region, year)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"indicators": list})
	return nil
}

func (h *Handler) handleKeyIndicatorView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var v luoshi.Validation
	year := queryInt(&v, r.URL.Query().Get("year"), "year")
	if err := v.Err(); err != nil {
		return err
	}
	pc, err := h.svc.CompareKeyIndicator(r.Context(), actor(r), id, year)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, pc)
	return nil
}

func (h *Handler) handleKeyIndicatorImport(w http.ResponseWriter, r *http.Request) error {
	src, err := workbook(w, r)
	if err != nil {
		return err
	}
	rows, err := h.svc.Workbooks.ReadKeyFigures(src)
	if err != nil {
		return err
	}
	n, err := h.svc.ImportKeyFigures(r.Context(), actor(r), rows)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"imported": n})
	return nil
}

func (h *Handler) handleKeyIndicatorTemplate(w http.ResponseWriter, r *http.Request) error {
	return sendWorkbook(w, "重要发展指标导入模板.xlsx", func(out io.Writer) error { return h.svc.Workbooks.KeyFigureTemplate(out) })
}
