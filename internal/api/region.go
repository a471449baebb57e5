package api

import (
	"net/http"

	"luoshi/internal/httpx"
)

// handleRegionIndex lists the caller's region and, for a city account, the regions below it
// that it reads (their ids go in region_id= of the item list and the unit statistics).
func (h *Handler) handleRegionIndex(w http.ResponseWriter, r *http.Request) error {
	rs, err := h.svc.ListRegions(r.Context(), actor(r))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"regions": orEmpty(rs)})
	return nil
}
