package api

import (
	"net/http"
	"reflect"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/service"
)

// meetingReaders are the roles that read topics and meetings (each sees what the module's
// SeesTopic and SeesMeeting allow).
var meetingReaders = []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLeader, luoshi.RoleLiaison, luoshi.RoleStaff}

// meetingRoutes are the routes of the meetings' module (会议议题).
var meetingRoutes = []Route{
	{Pattern: "GET /api/v1/topics", Allow: meetingReaders, handler: (*Handler).handleTopicIndex},
	{Pattern: "POST /api/v1/topics", Allow: []luoshi.Role{luoshi.RoleSupervisor, luoshi.RoleLiaison}, handler: (*Handler).handleTopicCreate},
	{Pattern: "GET /api/v1/topics/{id}", Allow: meetingReaders, handler: (*Handler).handleTopicView},
	{Pattern: "POST /api/v1/topics/{id}/{action}", Allow: meetingReaders, handler: (*Handler).handleTopicAction},
	{Pattern: "GET /api/v1/meetings", Allow: meetingReaders, handler: (*Handler).handleMeetingIndex},
	{Pattern: "POST /api/v1/meetings", Allow: []luoshi.Role{luoshi.RoleSupervisor}, handler: (*Handler).handleMeetingCreate},
	{Pattern: "GET /api/v1/meetings/{id}", Allow: meetingReaders, handler: (*Handler).handleMeetingView},
	{Pattern: "POST /api/v1/meetings/{id}/{action}", Allow: meetingReaders, handler: (*Handler).handleMeetingAction},
}

func init() { Routes = append(Routes, meetingRoutes...) }

func (h *Handler) handleTopicIndex(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.ListTopics(r.Context(), actor(r), r.URL.Query().Get("state"))
	if err != nil {
		return err
	}
	out := make([]topicAnswer, len(list))
	for i, t := range list {
		out[i] = topicAnswerOf(t, nil)
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"topics": out})
	return nil
}

func (h *Handler) handleTopicCreate(w http.ResponseWriter, r *http.Request) error {
	var in service.TopicInput
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	t, err := h.svc.CreateTopic(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, topicViewAnswer(t))
	return nil
}

func (h *Handler) handleTopicView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := h.svc.GetTopic(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, topicViewAnswer(t))
	return nil
}

// topicBody and meetingBody are the bodies of the two records' actions: one field per
// distinct field name of their specs (internal/meeting), decoded with the API's checks.
var (
	topicBody   = flow.BodyType(meeting.TopicFields(), reflect.TypeFor[*Time]())
	meetingBody = flow.BodyType(meeting.MeetingFields(), reflect.TypeFor[*Time]())
)

// actionValues decodes an action's body of the given type.
func actionValues(w http.ResponseWriter, r *http.Request, typ reflect.Type) (flow.Values, error) {
	body := reflect.New(typ)
	if r.ContentLength != 0 {
		if err := httpx.Decode(w, r, body.Interface()); err != nil {
			return nil, err
		}
	}
	return flow.ValuesOf(body.Interface()), nil
}

func (h *Handler) handleTopicAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := actionValues(w, r, topicBody)
	if err != nil {
		return err
	}
	t, err := h.svc.TopicAct(r.Context(), actor(r), id, r.PathValue("action"), v)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, topicViewAnswer(t))
	return nil
}

// meetingRequest is the body of a new meeting.
type meetingRequest struct {
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	HeldAt    *Time  `json:"held_at"`
	Chair     string `json:"chair"`
	Attendees string `json:"attendees"`
}

func (h *Handler) handleMeetingCreate(w http.ResponseWriter, r *http.Request) error {
	var in meetingRequest
	if err := httpx.Decode(w, r, &in); err != nil {
		return err
	}
	min := service.MeetingInput{Kind: in.Kind, Title: in.Title, Chair: in.Chair, Attendees: in.Attendees}
	if in.HeldAt != nil {
		min.HeldAt = in.HeldAt.Time
	}
	m, err := h.svc.CreateMeeting(r.Context(), actor(r), min)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, meetingViewAnswer(m))
	return nil
}

func (h *Handler) handleMeetingIndex(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.ListMeetings(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := make([]meetingAnswer, len(list))
	for i, m := range list {
		out[i] = meetingAnswerOf(m)
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"meetings": out})
	return nil
}

func (h *Handler) handleMeetingView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.GetMeeting(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, meetingViewAnswer(m))
	return nil
}

func (h *Handler) handleMeetingAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := actionValues(w, r, meetingBody)
	if err != nil {
		return err
	}
	m, err := h.svc.MeetingAct(r.Context(), actor(r), id, r.PathValue("action"), v)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, meetingViewAnswer(m))
	return nil
}
