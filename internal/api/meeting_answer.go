package api

import (
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The v1 answers of the meetings' module: their own types, so that the stored documents
// (luoshi.Topic's and luoshi.Meeting's JSON) can change without changing the API.

type solutionAnswer struct {
	No     int    `json:"no"`
	Text   string `json:"text"`
	Cost   string `json:"cost"`
	Effect string `json:"effect"`
	Risk   string `json:"risk"`
}

type signOffAnswer struct {
	UnitID   int64      `json:"unit_id"`
	Due      time.Time  `json:"due"`
	Text     string     `json:"text,omitempty"`
	SignedAt *time.Time `json:"signed_at,omitempty"`
	Late     bool       `json:"late"`
	Missed   bool       `json:"missed"`
}

type topicAnswer struct {
	ID               int64             `json:"id"`
	UnitID           int64             `json:"unit_id"`
	Title            string            `json:"title"`
	Background       string            `json:"background"`
	Analysis         string            `json:"analysis"`
	Solutions        []solutionAnswer  `json:"solutions"`
	Recommended      int               `json:"recommended,omitempty"`
	NeedsLegalReview bool              `json:"needs_legal_review"`
	LegalReview      string            `json:"legal_review,omitempty"`
	SignOffs         []signOffAnswer   `json:"signoffs"`
	NonSecret        bool              `json:"non_secret"`
	State            luoshi.TopicState `json:"state"`
	MeetingID        int64             `json:"meeting_id,omitempty"`
	ReturnReason     string            `json:"return_reason,omitempty"`
	SubmittedAt      *time.Time        `json:"submitted_at,omitempty"`
	Version          int               `json:"version"`
	Actions          []string          `json:"actions,omitempty"`
}

func topicAnswerOf(t *luoshi.Topic, actions []string) topicAnswer {
	out := topicAnswer{ID: t.ID, UnitID: t.UnitID, Title: t.Title, Background: t.Background, Analysis: t.Analysis,
		Solutions: []solutionAnswer{}, Recommended: t.Recommended, NeedsLegalReview: t.NeedsLegalReview,
		LegalReview: t.LegalReview, SignOffs: []signOffAnswer{}, NonSecret: t.NonSecret, State: t.State,
		MeetingID: t.MeetingID, ReturnReason: t.ReturnReason, SubmittedAt: t.SubmittedAt, Version: t.Version, Actions: actions}
	for _, s := range t.Solutions {
		out.Solutions = append(out.Solutions, solutionAnswer(s))
	}
	for _, s := range t.SignOffs {
		out.SignOffs = append(out.SignOffs, signOffAnswer{UnitID: s.UnitID, Due: s.Due, Text: s.Text, SignedAt: s.SignedAt,
			Late: s.Late, Missed: s.Missed})
	}
	return out
}

func topicViewAnswer(v *service.TopicView) topicAnswer {
	a := topicAnswerOf(v.Topic, v.Actions)
	if a.Actions == nil {
		a.Actions = []string{}
	}
	return a
}

type decisionAnswer struct {
	No         int       `json:"no"`
	Text       string    `json:"text"`
	TopicID    int64     `json:"topic_id,omitempty"`
	LeadUnitID int64     `json:"lead_unit_id"`
	CoUnitIDs  []int64   `json:"co_unit_ids"`
	LeaderID   *int64    `json:"leader_id,omitempty"`
	Deadline   time.Time `json:"deadline"`
	ItemID     int64     `json:"item_id,omitempty"`
}

type meetingAnswer struct {
	ID          int64               `json:"id"`
	Kind        string              `json:"kind"`
	Title       string              `json:"title"`
	HeldAt      time.Time           `json:"held_at"`
	Chair       string              `json:"chair"`
	Attendees   string              `json:"attendees"`
	MinutesNo   string              `json:"minutes_no,omitempty"`
	Minutes     string              `json:"minutes,omitempty"`
	Decisions   []decisionAnswer    `json:"decisions"`
	State       luoshi.MeetingState `json:"state"`
	PublishedAt *time.Time          `json:"published_at,omitempty"`
	Version     int                 `json:"version"`
	Agenda      []topicAnswer       `json:"agenda,omitempty"`
	Actions     []string            `json:"actions,omitempty"`
}

func meetingAnswerOf(m *luoshi.Meeting) meetingAnswer {
	out := meetingAnswer{ID: m.ID, Kind: m.Kind, Title: m.Title, HeldAt: m.HeldAt, Chair: m.Chair, Attendees: m.Attendees,
		MinutesNo: m.MinutesNo, Minutes: m.Minutes, Decisions: []decisionAnswer{}, State: m.State, PublishedAt: m.PublishedAt,
		Version: m.Version}
	for _, d := range m.Decisions {
		out.Decisions = append(out.Decisions, decisionAnswer(d))
	}
	return out
}

func meetingViewAnswer(v *service.MeetingView) meetingAnswer {
	a := meetingAnswerOf(v.Meeting)
	a.Agenda, a.Actions = []topicAnswer{}, v.Actions
	for _, t := range v.Agenda {
		a.Agenda = append(a.Agenda, topicAnswerOf(t, nil))
	}
	if a.Actions == nil {
		a.Actions = []string{}
	}
	return a
}
