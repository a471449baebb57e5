package api

import (
	"net/http"
	"strconv"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

type rolesRequest struct {
	Roles    []luoshi.Role `json:"roles"`
	LeaderID *int64        `json:"leader_id"`
}

func (h *Handler) handleUserRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req rolesRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	u, err := h.svc.SetRoles(r.Context(), actor(r), id, req.Roles, req.LeaderID)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, u)
	return nil
}

func (h *Handler) userAction(w http.ResponseWriter, r *http.Request, fn func(id int64) error) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := fn(id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) handleUserUnlock(w http.ResponseWriter, r *http.Request) error {
	return h.userAction(w, r, func(id int64) error { return h.svc.Unlock(r.Context(), actor(r), id) })
}

func (h *Handler) handleUserDisable(w http.ResponseWriter, r *http.Request) error {
	return h.userAction(w, r, func(id int64) error { return h.svc.SetDisabled(r.Context(), actor(r), id, true) })
}

func (h *Handler) handleUserEnable(w http.ResponseWriter, r *http.Request) error {
	return h.userAction(w, r, func(id int64) error { return h.svc.SetDisabled(r.Context(), actor(r), id, false) })
}

type resetRequest struct {
	Password string `json:"password"`
}

func (h *Handler) handleUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	var req resetRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	return h.userAction(w, r, func(id int64) error { return h.svc.ResetPassword(r.Context(), actor(r), id, req.Password) })
}

type contactRequest struct {
	Phone    string `json:"phone"`
	IDNumber string `json:"id_number"`
}

func (h *Handler) handleUserContact(w http.ResponseWriter, r *http.Request) error {
	var req contactRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	return h.userAction(w, r, func(id int64) error {
		return h.svc.SetUserSecrets(r.Context(), actor(r), id, req.Phone, req.IDNumber)
	})
}

func (h *Handler) handlePolicyView(w http.ResponseWriter, r *http.Request) error {
	p, err := h.svc.SecurityPolicy(r.Context())
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, p)
	return nil
}

func (h *Handler) handlePolicyUpdate(w http.ResponseWriter, r *http.Request) error {
	var p luoshi.SecurityPolicy
	if err := httpx.Decode(w, r, &p); err != nil {
		return err
	}
	out, err := h.svc.SetSecurityPolicy(r.Context(), actor(r), p)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, out)
	return nil
}

func parseAuditFilter(r *http.Request) (luoshi.AuditFilter, error) {
	q := r.URL.Query()
	var v luoshi.Validation
	f := luoshi.AuditFilter{Action: q.Get("action"), Outcome: q.Get("outcome"), Query: q.Get("q"), Cursor: q.Get("cursor")}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if s := q.Get(p.name); s != "" {
			t, err := ParseTime(s)
			if err != nil {
				v.Add(p.name, "audit.query.time")
			}
			*p.dst = t
		}
	}
	if s := q.Get("actor_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			v.Add("actor_id", "audit.query.actor_id")
		}
		f.ActorID = id
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			v.Add("limit", "audit.query.limit")
		}
		f.Limit = n
	}
	if o := f.Outcome; o != "" && o != luoshi.OutcomeSuccess && o != luoshi.OutcomeFailure && o != luoshi.OutcomeDenied {
		v.Add("outcome", "audit.query.outcome")
	}
	return f, v.Err()
}

func (h *Handler) handleAuditIndex(w http.ResponseWriter, r *http.Request) error {
	f, err := parseAuditFilter(r)
	if err != nil {
		return err
	}
	page, err := h.svc.SearchAudit(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, page)
	return nil
}

func (h *Handler) handleAuditExport(w http.ResponseWriter, r *http.Request) error {
	f, err := parseAuditFilter(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit.csv"`)
	return h.svc.ExportAudit(r.Context(), actor(r), f, w)
}

func (h *Handler) handleAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := h.svc.VerifyAudit(r.Context(), actor(r))
	if err != nil {
		return err
	}
	if !res.OK {
		res.Error = i18n.FromTag(httpx.RequestLang(r)).Msg(res.Problem)
	}
	httpx.JSON(w, http.StatusOK, res)
	return nil
}
