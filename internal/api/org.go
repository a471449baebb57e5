package api

import (
	"net/http"
	"strconv"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

func (h *Handler) handleUnitIndex(w http.ResponseWriter, r *http.Request) error {
	region, err := regionParam(r) // a city account names a county below
	if err != nil {
		return err
	}
	units, err := h.svc.ListUnitsIn(r.Context(), actor(r), region)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"units": orEmpty(units)})
	return nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (h *Handler) handleUnitView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := h.svc.GetUnit(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, u)
	return nil
}

func (h *Handler) handleUnitCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.UnitInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	u, err := h.svc.CreateUnit(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, u)
	return nil
}

func (h *Handler) handleUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in service.UnitInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	u, err := h.svc.UpdateUnit(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, u)
	return nil
}

func (h *Handler) handleUserIndex(w http.ResponseWriter, r *http.Request) error {
	var unit *int64
	if s := r.URL.Query().Get("unit_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return luoshi.Invalid("unit_id", "org.unit_id.invalid", s)
		}
		unit = &id
	}
	users, err := h.svc.ListUsers(r.Context(), actor(r), unit)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"users": orEmpty(users)})
	return nil
}

func (h *Handler) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.UserInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	u, err := h.svc.CreateUser(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, u)
	return nil
}

func (h *Handler) handleLeaderIndex(w http.ResponseWriter, r *http.Request) error {
	region, err := regionParam(r)
	if err != nil {
		return err
	}
	ls, err := h.svc.ListLeadersIn(r.Context(), actor(r), region)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"leaders": orEmpty(ls)})
	return nil
}

func (h *Handler) handleLeaderCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.LeaderInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	l, err := h.svc.CreateLeader(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, l)
	return nil
}

func (h *Handler) handleLeaderUpdate(w http.ResponseWriter, r *http.Request) error {
	return withID(w, r, func(id int64, in service.LeaderInput) (any, error) {
		return h.svc.UpdateLeader(r.Context(), actor(r), id, in)
	})
}

func (h *Handler) handleStatsUnits(w http.ResponseWriter, r *http.Request) error {
	region, err := regionParam(r) // a city account reading a region below its own
	if err != nil {
		return err
	}
	st, err := h.svc.UnitStatsIn(r.Context(), actor(r), region)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"units": orEmpty(st)})
	return nil
}
