package api

import (
	"net/http"

	"luoshi/internal/httpx"
)

type codeRequest struct {
	Code string `json:"code"`
}

func (h *Handler) handleLogin2FA(w http.ResponseWriter, r *http.Request) error {
	var req codeRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	pending, err := h.svc.LoginSecondFactor(r.Context(), actor(r), req.Code)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]string{"pending": pending})
	return nil
}

type passwordRequest struct {
	OldPassword string `json:"old_password"`
	NewPassword string `json:"new_password"`
}

func (h *Handler) handlePasswordChange(w http.ResponseWriter, r *http.Request) error {
	var req passwordRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	if err := h.svc.ChangePassword(r.Context(), actor(r), req.OldPassword, req.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) handleTOTPStart(w http.ResponseWriter, r *http.Request) error {
	e, err := h.svc.StartTOTP(r.Context(), actor(r))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, e)
	return nil
}

func (h *Handler) handleTOTPConfirm(w http.ResponseWriter, r *http.Request) error {
	var req codeRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	codes, err := h.svc.ConfirmTOTP(r.Context(), actor(r), req.Code)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"recovery_codes": codes})
	return nil
}

func (h *Handler) handleTOTPDisable(w http.ResponseWriter, r *http.Request) error {
	var req codeRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	if err := h.svc.DisableTOTP(r.Context(), actor(r), req.Code); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) handleSessionIndex(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Sessions(r.Context(), actor(r))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"sessions": list})
	return nil
}

func (h *Handler) handleSessionRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.svc.RevokeSession(r.Context(), actor(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type tokenRequest struct {
	Name string `json:"name"`
	Days int    `json:"days"`
}

func (h *Handler) handleTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var req tokenRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	t, err := h.svc.CreateAPIToken(r.Context(), actor(r), req.Name, req.Days)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, t)
	return nil
}
