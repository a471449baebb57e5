package api

import (
	"net/http"
	"time"

	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The routes of the experience library (外地经验) and of the region's meeting kinds.
func init() {
	editors := []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLiaison}
	Routes = append(Routes,
		Route{Pattern: "GET /api/v1/practices", Allow: business, handler: (*Handler).handlePracticeIndex},
		Route{Pattern: "POST /api/v1/practices", Allow: editors, handler: (*Handler).handlePracticeCreate},
		Route{Pattern: "GET /api/v1/practices/{id}", Allow: business, handler: (*Handler).handlePracticeView},
		Route{Pattern: "PUT /api/v1/practices/{id}", Allow: editors, handler: (*Handler).handlePracticeUpdate},
		Route{Pattern: "GET /api/v1/meeting-kinds", Allow: append([]luoshi.Role{luoshi.RoleSysadmin}, business...), handler: (*Handler).handleMeetingKinds},
		Route{Pattern: "POST /api/v1/meeting-kinds", Allow: sysadmin, handler: (*Handler).handleMeetingKindSave},
	)
}

// practiceAnswer is a practice in the v1 API.
type practiceAnswer struct {
	ID        int64            `json:"id"`
	Place     string           `json:"place"`
	Title     string           `json:"title"`
	What      string           `json:"what"`
	Result    string           `json:"result"`
	Source    string           `json:"source"`
	Tags      []string         `json:"tags"`
	TopicIDs  []int64          `json:"topic_ids"`
	ItemIDs   []int64          `json:"item_ids"`
	Version   int              `json:"version"`
	UpdatedAt time.Time        `json:"updated_at"`
	Topics    map[int64]string `json:"topics,omitempty"`
	Items     map[int64]string `json:"items,omitempty"`
}

func practiceAnswerOf(p *luoshi.Practice) practiceAnswer {
	return practiceAnswer{ID: p.ID, Place: p.Place, Title: p.Title, What: p.What, Result: p.Result, Source: p.Source,
		Tags: p.Tags, TopicIDs: p.TopicIDs, ItemIDs: p.ItemIDs, Version: p.Version, UpdatedAt: p.UpdatedAt}
}

func practiceViewAnswer(v *service.PracticeView) practiceAnswer {
	a := practiceAnswerOf(v.Practice)
	a.Topics, a.Items = v.Topics, v.Items
	return a
}

func (h *Handler) handlePracticeIndex(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v luoshi.Validation
	f := luoshi.PracticeFilter{Query: q.Get("q"), Tag: q.Get("tag"), TopicID: int64(queryInt(&v, q.Get("topic_id"), "topic_id")),
		ItemID: int64(queryInt(&v, q.Get("item_id"), "item_id"))}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := h.svc.ListPractices(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	out := make([]practiceAnswer, len(list))
	for i, p := range list {
		out[i] = practiceAnswerOf(p)
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"practices": out})
	return nil
}

func (h *Handler) handlePracticeCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.PracticeInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	p, err := h.svc.CreatePractice(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, practiceViewAnswer(p))
	return nil
}

func (h *Handler) handlePracticeView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := h.svc.GetPractice(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, practiceViewAnswer(p))
	return nil
}

// practiceUpdate is the body of a practice's change: the practice as it should be, and the
// version it was read at.
type practiceUpdate struct {
	service.PracticeInput
	Version *int `json:"version"`
}

func (h *Handler) handlePracticeUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in practiceUpdate
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	if in.Version == nil {
		var v luoshi.Validation
		v.Add("version", "practice.version.stale")
		return v.Err()
	}
	p, err := h.svc.UpdatePractice(r.Context(), actor(r), id, *in.Version, in.PracticeInput)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, practiceViewAnswer(p))
	return nil
}

// meetingKindAnswer is a meeting kind in the v1 API, with its name in the reader's language.
type meetingKindAnswer struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Label    string `json:"label"`
	Retired  bool   `json:"retired"`
	Position int    `json:"position"`
}

func (h *Handler) meetingKindsAnswer(w http.ResponseWriter, r *http.Request, kinds []luoshi.MeetingKind, status int) {
	lang := i18n.FromTag(httpx.RequestLang(r))
	out := make([]meetingKindAnswer, len(kinds))
	for i, k := range kinds {
		out[i] = meetingKindAnswer{Code: k.Code, Name: k.Name, Label: lang.Msg(k.Label()), Retired: k.Retired, Position: k.Position}
	}
	httpx.JSON(w, status, map[string]any{"kinds": out})
}

func (h *Handler) handleMeetingKinds(w http.ResponseWriter, r *http.Request) error {
	kinds, err := h.svc.MeetingKinds(r.Context(), actor(r))
	if err != nil {
		return err
	}
	h.meetingKindsAnswer(w, r, kinds, http.StatusOK)
	return nil
}

func (h *Handler) handleMeetingKindSave(w http.ResponseWriter, r *http.Request) error {
	var in service.MeetingKindInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	kinds, err := h.svc.SaveMeetingKind(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	h.meetingKindsAnswer(w, r, kinds, http.StatusOK)
	return nil
}
