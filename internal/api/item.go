package api

import (
	"net/http"
	"reflect"
	"strconv"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/httpx"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

type milestoneRequest struct {
	Title   string `json:"title"`
	Due     *Time  `json:"due"`
	Percent int    `json:"percent"`
}

type itemRequest struct {
	Title        string             `json:"title"`
	Content      string             `json:"content"`
	Source       string             `json:"source"`
	SourceRef    string             `json:"source_ref"`
	Priority     string             `json:"priority"`
	LeadUnitID   int64              `json:"lead_unit_id"`
	CoUnitIDs    []int64            `json:"co_unit_ids"`
	LeaderID     *int64             `json:"leader_id"`
	ParentID     *int64             `json:"parent_id"`
	Deadline     *Time              `json:"deadline"`
	Milestones   []milestoneRequest `json:"milestones"`
	ReportEvery  string             `json:"report_every"`
	Assign       bool               `json:"assign"`
	Unclassified *bool              `json:"unclassified"`
	// MajorDecision, MeetingID and DecisionNo: a major decision names its meeting decision.
	MajorDecision bool  `json:"major_decision"`
	MeetingID     int64 `json:"meeting_id"`
	DecisionNo    int   `json:"decision_no"`
}

func (h *Handler) handleItemCreate(w http.ResponseWriter, r *http.Request) error {
	var req itemRequest
	if err := httpx.Decode(w, r, &req); err != nil {
		return err
	}
	in := service.ItemInput{Title: req.Title, Content: req.Content, Source: req.Source, SourceRef: req.SourceRef,
		Priority: req.Priority, LeadUnitID: req.LeadUnitID, CoUnitIDs: req.CoUnitIDs, LeaderID: req.LeaderID,
		ParentID: req.ParentID, ReportEvery: req.ReportEvery, Assign: req.Assign, Unclassified: req.Unclassified,
		MajorDecision: req.MajorDecision, MeetingID: req.MeetingID, DecisionNo: req.DecisionNo}
	if req.Deadline != nil {
		in.Deadline = req.Deadline.Time
	}
	for _, m := range req.Milestones {
		mi := service.MilestoneInput{Title: m.Title, Percent: m.Percent}
		if m.Due != nil {
			mi.Due = m.Due.Time
		}
		in.Milestones = append(in.Milestones, mi)
	}
	v, err := h.svc.CreateItem(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusCreated, answerItem(v, h.svc.Now()))
	return nil
}

func (h *Handler) handleItemView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	body, err := h.svc.ItemAnswer(r.Context(), actor(r), id, func(v *service.ItemView, now time.Time) ([]byte, error) {
		return httpx.Marshal(answerItem(v, now))
	})
	if err != nil {
		return err
	}
	httpx.JSONBytes(w, http.StatusOK, body)
	return nil
}

func (h *Handler) handleItemEvents(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	limit, err := queryLimit(r)
	if err != nil {
		return err
	}
	body, err := h.svc.ItemEventsAnswer(r.Context(), actor(r), id, limit, r.URL.Query().Get("cursor"), func(p *service.EventPage) ([]byte, error) {
		out := map[string]any{"events": answerEvents(p.Events)}
		if p.NextCursor != "" {
			out["next_cursor"] = p.NextCursor
		}
		return httpx.Marshal(out)
	})
	if err != nil {
		return err
	}
	httpx.JSONBytes(w, http.StatusOK, body)
	return nil
}

// actionBody is the body of an item action: one field per distinct field name of the item
// actions' specs (internal/item), decoded with the API's checks (unknown fields, types) and
// read into the spec's values; each action then checks the fields it declares.
var actionBody = flow.BodyType(item.Fields(), reflect.TypeFor[*Time]())

func (h *Handler) handleItemAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	act := r.PathValue("action")
	if !item.IsAction(act) {
		return luoshi.Errorf(luoshi.ENOTFOUND, "flow.unknown_action", act)
	}
	body := reflect.New(actionBody)
	if r.ContentLength != 0 {
		if err := httpx.Decode(w, r, body.Interface()); err != nil {
			return err
		}
	}
	v, err := h.svc.ActValues(r.Context(), actor(r), id, luoshi.Action(act), flow.ValuesOf(body.Interface()))
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, answerItem(v, h.svc.Now()))
	return nil
}

func (h *Handler) handleItemIndex(w http.ResponseWriter, r *http.Request) error {
	f, err := parseItemFilter(r)
	if err != nil {
		return err
	}
	body, err := h.svc.ItemListAnswer(r.Context(), actor(r), f, func(p *service.ItemPage, now time.Time) ([]byte, error) {
		return httpx.Marshal(answerItemPage(p, now))
	})
	if err != nil {
		return err
	}
	httpx.JSONBytes(w, http.StatusOK, body)
	return nil
}

func parseItemFilter(r *http.Request) (luoshi.ItemFilter, error) {
	q := r.URL.Query()
	var v luoshi.Validation
	f := luoshi.ItemFilter{Query: q.Get("q"), Cursor: q.Get("cursor")}
	if s := q.Get("state"); s != "" {
		st := luoshi.State(s)
		if !st.Valid() {
			v.Add("state", "list.state.invalid", s)
		}
		f.State = &st
	}
	if s := q.Get("light"); s != "" {
		l := luoshi.Light(s)
		if !l.Valid() {
			v.Add("light", "list.light.invalid")
		}
		f.Light = &l
	}
	if s := q.Get("priority"); s != "" {
		p := luoshi.Priority(s)
		if !p.Valid() {
			v.Add("priority", "list.priority.invalid")
		}
		f.Priority = &p
	}
	if s := q.Get("source"); s != "" {
		src := luoshi.Source(s)
		if !src.Valid() {
			v.Add("source", "list.source.invalid", s)
		}
		f.Source = &src
	}
	if id := queryID(&v, q.Get("region_id"), "region_id"); id != nil {
		f.RegionID = *id // a city account reading a region below its own
	}
	f.UnitID = queryID(&v, q.Get("unit_id"), "unit_id")
	f.LeaderID = queryID(&v, q.Get("leader_id"), "leader_id")
	f.ParentID = queryID(&v, q.Get("parent_id"), "parent_id")
	if s := q.Get("overdue"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			v.Add("overdue", "list.overdue.invalid")
		}
		f.Overdue = &b
	}
	cockpitFilters(&v, q, &f)
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			v.Add("limit", "list.limit.invalid")
		}
		f.Limit = n
	}
	if len([]rune(f.Query)) > 100 {
		v.Add("q", "list.search.too_long")
	}
	return f, v.Err()
}

func queryID(v *luoshi.Validation, s, field string) *int64 {
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		v.Add(field, "list.id.invalid", field)
		return nil
	}
	return &id
}
