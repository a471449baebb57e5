package api

import (
	"io"
	"net/http"

	"luoshi/internal/service"
)

// handleItemExport answers with the ledger of the items the list would show for the same
// filters (and sort), all of them rather than a page, as an Excel workbook.
func (h *Handler) handleItemExport(w http.ResponseWriter, r *http.Request) error {
	f, err := parseItemFilter(r)
	if err != nil {
		return err
	}
	f.Cursor = ""
	l, err := h.svc.Ledger(r.Context(), actor(r), f, service.ItemSort(r.URL.Query().Get("sort")))
	if err != nil {
		return err
	}
	return sendWorkbook(w, "督办事项台账.xlsx", func(out io.Writer) error {
		return h.svc.Workbooks.WriteLedger(out, l)
	})
}
