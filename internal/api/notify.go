package api

import (
	"net/http"
	"strconv"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The inbox, notification preferences and, for the system administrator, the outbox.

func queryLimit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, luoshi.Invalid("limit", "notify.limit.invalid", s)
	}
	return n, nil
}

func (h *Handler) handleInbox(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	unread := q.Get("unread") == "true" || q.Get("unread") == "1"
	page, err := h.svc.Inbox(r.Context(), actor(r), unread, limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, page)
	return nil
}

func (h *Handler) handleUnreadCount(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.UnreadCount(r.Context(), actor(r))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]int{"unread": n})
	return nil
}

// idsRequest names records by id, or all of them.
type idsRequest struct {
	IDs []int64 `json:"ids"`
	All bool    `json:"all"`
}

// decodeIDs reads an idsRequest: the ids, or nil for all.
func decodeIDs(w http.ResponseWriter, r *http.Request) ([]int64, error) {
	var req idsRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return nil, err
	}
	switch {
	case req.All && req.IDs != nil:
		return nil, luoshi.Invalid("ids", "notify.ids.both")
	case req.All:
		return nil, nil
	case req.IDs == nil:
		return nil, luoshi.Invalid("ids", "notify.ids.none")
	}
	return req.IDs, nil
}

func (h *Handler) handleMarkRead(w http.ResponseWriter, r *http.Request) error {
	ids, err := decodeIDs(w, r)
	if err != nil {
		return err
	}
	n, err := h.svc.MarkRead(r.Context(), actor(r), ids)
	if err != nil {
		return err
	}
	unread, err := h.svc.UnreadCount(r.Context(), actor(r))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]int{"marked": n, "unread": unread})
	return nil
}

// prefsResponse shows quiet hours as text: "" for the deployment's default, "off" for none.
type prefsResponse struct {
	UserID     int64     `json:"user_id"`
	Email      string    `json:"email"`
	ByEmail    bool      `json:"by_email"`
	BySMS      bool      `json:"by_sms"`
	ByWebhook  bool      `json:"by_webhook"`
	Digest     bool      `json:"digest"`
	QuietHours string    `json:"quiet_hours"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}

func prefsOut(p *luoshi.NotifyPrefs) prefsResponse {
	out := prefsResponse{UserID: p.UserID, Email: p.Email, ByEmail: p.ByEmail, BySMS: p.BySMS, ByWebhook: p.ByWebhook,
		Digest: p.Digest, UpdatedAt: p.UpdatedAt}
	if p.Quiet != nil {
		out.QuietHours = p.Quiet.String()
		if out.QuietHours == "" {
			out.QuietHours = "off"
		}
	}
	return out
}

// prefsUser is the user whose preferences a route names: {id}, or the caller.
func prefsUser(r *http.Request) (int64, error) {
	if r.PathValue("id") == "" {
		return actor(r).UserID, nil
	}
	return pathID(r)
}

func (h *Handler) handleNotifyPrefs(w http.ResponseWriter, r *http.Request) error {
	id, err := prefsUser(r)
	if err != nil {
		return err
	}
	p, err := h.svc.NotifyPrefs(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, prefsOut(p))
	return nil
}

func (h *Handler) handleNotifyPrefsUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := prefsUser(r)
	if err != nil {
		return err
	}
	var in service.NotifyPrefsInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	p, err := h.svc.SetNotifyPrefs(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, prefsOut(p))
	return nil
}

// deliveryResponse is an outbox row as the system administrator sees it: never the words
// of the notice, which are business data.
type deliveryResponse struct {
	ID        int64      `json:"id"`
	Channel   string     `json:"channel"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error,omitempty"`
	Username  string     `json:"username,omitempty"`
	Kind      string     `json:"kind"`
	ItemID    int64      `json:"item_id,omitempty"`
	NextAt    time.Time  `json:"next_at"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

func (h *Handler) handleDeliveryIndex(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := h.svc.Deliveries(r.Context(), actor(r), q.Get("status"), limit, q.Get("cursor"))
	if err != nil {
		return err
	}
	out := make([]deliveryResponse, len(page.Deliveries))
	for i, d := range page.Deliveries {
		out[i] = deliveryResponse{ID: d.ID, Channel: string(d.Channel), Status: d.Status, Attempts: d.Attempts,
			LastError: d.LastError, Username: d.Username, NextAt: d.NextAt, CreatedAt: d.CreatedAt, SentAt: d.SentAt}
		if d.Notice != nil {
			out[i].Kind, out[i].ItemID = d.Notice.Kind, d.Notice.ItemID
		}
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"deliveries": out, "next_cursor": page.NextCursor})
	return nil
}

func (h *Handler) handleDeliveryRetry(w http.ResponseWriter, r *http.Request) error {
	ids, err := decodeIDs(w, r)
	if err != nil {
		return err
	}
	n, err := h.svc.RetryDeliveries(r.Context(), actor(r), ids)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]int{"requeued": n})
	return nil
}
