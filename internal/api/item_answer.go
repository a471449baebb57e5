package api

import (
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// The API's answers about items are types of their own, apart from the stored item document
// and event payloads (luoshi.Item, luoshi.EventData): renaming a field here changes the wire
// format and nothing stored; renaming one there changes what is stored and nothing on the
// wire. The golden answers (testdata/golden) hold v1 byte for byte.

// itemFacts are an item's facts as v1 shows them, in v1's order.
type itemFacts struct {
	ID            int64             `json:"id"`
	RegionID      int64             `json:"region_id"`
	Code          string            `json:"code"`
	ParentID      *int64            `json:"parent_id,omitempty"`
	Title         string            `json:"title"`
	Content       string            `json:"content"`
	Source        luoshi.Source     `json:"source"`
	SourceRef     string            `json:"source_ref"`
	ProposalID    int64             `json:"proposal_id,omitempty"`
	MeetingID     int64             `json:"meeting_id,omitempty"`
	DecisionNo    int               `json:"decision_no,omitempty"`
	MajorDecision bool              `json:"major_decision,omitempty"`
	Priority      luoshi.Priority   `json:"priority"`
	LeadUnitID    int64             `json:"lead_unit_id"`
	CoUnitIDs     []int64           `json:"co_unit_ids"`
	LeaderID      *int64            `json:"leader_id,omitempty"`
	Deadline      time.Time         `json:"deadline"`
	Milestones    []milestoneAnswer `json:"milestones"`
	ReportEvery   luoshi.Cadence    `json:"report_every"`
	Unclassified  bool              `json:"unclassified"`

	State       luoshi.State `json:"state"`
	ResumeState luoshi.State `json:"resume_state,omitempty"`
	Percent     int          `json:"percent"`
	Version     int          `json:"version"`
	CreatedBy   int64        `json:"created_by"`

	CreatedAt             time.Time         `json:"created_at"`
	UpdatedAt             time.Time         `json:"updated_at"`
	AssignedAt            *time.Time        `json:"assigned_at,omitempty"`
	AcceptedAt            *time.Time        `json:"accepted_at,omitempty"`
	LastReportAt          *time.Time        `json:"last_report_at,omitempty"`
	CompletionRequestedAt *time.Time        `json:"completion_requested_at,omitempty"`
	CompletedAt           *time.Time        `json:"completed_at,omitempty"`
	OnTime                *bool             `json:"on_time,omitempty"`
	PendingExtension      *extensionAnswer  `json:"pending_extension,omitempty"`
	DeclineClosed         bool              `json:"decline_closed,omitempty"`
	Rating                string            `json:"rating,omitempty"`
	UrgeLevel             luoshi.UrgeLevel  `json:"urge_level,omitempty"`
	Declines              int               `json:"declines"`
	Reassignments         int               `json:"reassignments"`
	Accountabilities      int               `json:"accountabilities"`
	UnitConfidence        *confidenceAnswer `json:"unit_confidence,omitempty"`
	OfficeConfidence      *confidenceAnswer `json:"office_confidence,omitempty"`
	Opinions              []opinionAnswer   `json:"opinions,omitempty"`
	// AccountabilityRecords are the item's accountability records (问责), a waived one with its
	// waiver (容错免责); Commendations its commendations (表彰).
	AccountabilityRecords []recordAnswer `json:"accountability_records,omitempty"`
	Commendations         []recordAnswer `json:"commendations,omitempty"`
}

// recordAnswer is an accountability record or a commendation on an item.
type recordAnswer struct {
	ID      int           `json:"id"`
	Kind    string        `json:"kind"`
	Reason  string        `json:"reason"`
	UnitIDs []int64       `json:"unit_ids"`
	At      time.Time     `json:"at"`
	By      int64         `json:"by"`
	Waiver  *waiverAnswer `json:"waiver,omitempty"`
}

type waiverAnswer struct {
	Grounds string    `json:"grounds"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
	By      int64     `json:"by"`
}

type milestoneAnswer struct {
	ID      int        `json:"id"`
	Title   string     `json:"title"`
	Due     time.Time  `json:"due"`
	Percent int        `json:"percent,omitempty"`
	DoneAt  *time.Time `json:"done_at,omitempty"`
}

type extensionAnswer struct {
	Deadline    time.Time `json:"deadline"`
	Reason      string    `json:"reason"`
	Percent     int       `json:"percent"`
	RequestedAt time.Time `json:"requested_at"`
	RequestedBy int64     `json:"requested_by"`
}

type confidenceAnswer struct {
	Level  luoshi.Confidence `json:"level"`
	At     time.Time         `json:"at"`
	Reason string            `json:"reason,omitempty"`
}

// opinionAnswer is a co-unit opinion request, with where it stands now.
type opinionAnswer struct {
	ID          int                  `json:"id"`
	UnitID      int64                `json:"unit_id"`
	Question    string               `json:"question"`
	Due         time.Time            `json:"due"`
	RequestedAt time.Time            `json:"requested_at"`
	RequestedBy int64                `json:"requested_by"`
	AnsweredAt  *time.Time           `json:"answered_at,omitempty"`
	AnsweredBy  int64                `json:"answered_by,omitempty"`
	Answer      string               `json:"answer,omitempty"`
	Status      luoshi.OpinionStatus `json:"status,omitempty"`
}

// itemAnswer is an item as GET /api/v1/items/{id} answers it: its facts, then what the
// policy computes of it and what the reader may do.
type itemAnswer struct {
	*itemFacts
	Light           luoshi.Light          `json:"light"`
	ScheduleStatus  luoshi.ScheduleStatus `json:"schedule_status"`
	PlannedPercent  int                   `json:"planned_percent"`
	NextReportDue   *time.Time            `json:"next_report_due"`
	AcceptanceDue   *time.Time            `json:"acceptance_due,omitempty"`
	DeclineDeadline *time.Time            `json:"decline_deadline,omitempty"`
	Overdue         bool                  `json:"overdue"`
	ConfidenceGap   int                   `json:"confidence_gap"`
	Children        *service.ChildSummary `json:"children,omitempty"`
	Actions         []luoshi.Action       `json:"actions"`
}

// itemPageAnswer is one page of a list of items.
type itemPageAnswer struct {
	Items      []itemAnswer `json:"items"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

func factsOf(it *luoshi.Item, now time.Time) *itemFacts {
	if it == nil {
		return nil
	}
	f := &itemFacts{ID: it.ID, RegionID: it.RegionID, Code: it.Code, ParentID: it.ParentID, Title: it.Title,
		Content: it.Content, Source: it.Source, SourceRef: it.SourceRef, ProposalID: it.ProposalID, MeetingID: it.MeetingID, DecisionNo: it.DecisionNo, MajorDecision: it.MajorDecision, Priority: it.Priority,
		LeadUnitID: it.LeadUnitID, CoUnitIDs: it.CoUnitIDs, LeaderID: it.LeaderID, Deadline: it.Deadline,
		ReportEvery: it.ReportEvery, Unclassified: it.Unclassified, State: it.State, ResumeState: it.ResumeState,
		Percent: it.Percent, Version: it.Version, CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt,
		UpdatedAt: it.UpdatedAt, AssignedAt: it.AssignedAt, AcceptedAt: it.AcceptedAt,
		LastReportAt: it.LastReportAt, CompletionRequestedAt: it.CompletionRequestedAt,
		CompletedAt: it.CompletedAt, OnTime: it.OnTime, DeclineClosed: it.DeclineClosed, Rating: it.Rating,
		UrgeLevel: it.UrgeLevel, Declines: it.Declines, Reassignments: it.Reassignments,
		Accountabilities: it.Accountabilities,
		UnitConfidence:   confidenceOf(it.UnitConfidence), OfficeConfidence: confidenceOf(it.OfficeConfidence)}
	if it.Milestones != nil {
		f.Milestones = make([]milestoneAnswer, len(it.Milestones))
		for i, m := range it.Milestones {
			f.Milestones[i] = milestoneAnswer(m)
		}
	}
	if e := it.PendingExtension; e != nil {
		x := extensionAnswer(*e)
		f.PendingExtension = &x
	}
	for _, o := range it.Opinions {
		a := opinionAnswer{ID: o.ID, UnitID: o.UnitID, Question: o.Question, Due: o.Due, RequestedAt: o.RequestedAt,
			RequestedBy: o.RequestedBy, AnsweredAt: o.AnsweredAt, AnsweredBy: o.AnsweredBy, Answer: o.Answer}
		if !now.IsZero() {
			a.Status = o.StatusAt(now)
		}
		f.Opinions = append(f.Opinions, a)
	}
	for _, r := range it.Records {
		a := answerRecord(r.Record)
		if w := r.Waiver; w != nil {
			a.Waiver = &waiverAnswer{Grounds: w.Grounds, Reason: w.Reason, At: w.At, By: w.By}
		}
		f.AccountabilityRecords = append(f.AccountabilityRecords, a)
	}
	for _, c := range it.Commendations {
		f.Commendations = append(f.Commendations, answerRecord(c))
	}
	return f
}

func answerRecord(r luoshi.Record) recordAnswer {
	return recordAnswer{ID: r.ID, Kind: r.Kind, Reason: r.Reason, UnitIDs: r.UnitIDs, At: r.At, By: r.By}
}

func confidenceOf(c *luoshi.ConfidenceRating) *confidenceAnswer {
	if c == nil {
		return nil
	}
	a := confidenceAnswer(*c)
	return &a
}

// answerItem is the answer of an item view computed at now.
func answerItem(v *service.ItemView, now time.Time) itemAnswer {
	return itemAnswer{itemFacts: factsOf(v.Item, now), Light: v.Light, ScheduleStatus: v.ScheduleStatus,
		PlannedPercent: v.PlannedPercent, NextReportDue: v.NextReportDue, AcceptanceDue: v.AcceptanceDue,
		DeclineDeadline: v.DeclineDeadline, Overdue: v.Overdue, ConfidenceGap: v.ConfidenceGap,
		Children: v.Children, Actions: v.Actions}
}

func answerItemPage(p *service.ItemPage, now time.Time) itemPageAnswer {
	out := itemPageAnswer{Items: make([]itemAnswer, len(p.Items)), NextCursor: p.NextCursor}
	for i, v := range p.Items {
		out.Items[i] = answerItem(v, now)
	}
	return out
}

// eventAnswer is one event of an item's timeline; its payload shows the fields its kind
// uses, the created event's item as the item's facts were at creation.
type eventAnswer struct {
	ID        int64            `json:"id"`
	ItemID    int64            `json:"item_id"`
	Seq       int              `json:"seq"`
	Kind      luoshi.EventKind `json:"kind"`
	ActorID   int64            `json:"actor_id"`
	ActorName string           `json:"actor_name,omitempty"`
	At        time.Time        `json:"at"`
	Payload   payloadAnswer    `json:"payload"`
}

type payloadAnswer struct {
	Item           *itemFacts        `json:"item,omitempty"`
	Reason         string            `json:"reason,omitempty"`
	Text           string            `json:"text,omitempty"`
	Percent        *int              `json:"percent,omitempty"`
	Problems       string            `json:"problems,omitempty"`
	NextSteps      string            `json:"next_steps,omitempty"`
	MilestonesDone []int             `json:"milestones_done,omitempty"`
	Milestone      *milestoneAnswer  `json:"milestone,omitempty"`
	LeadUnitID     int64             `json:"lead_unit_id,omitempty"`
	FromUnitID     int64             `json:"from_unit_id,omitempty"`
	Deadline       *time.Time        `json:"deadline,omitempty"`
	OldDeadline    *time.Time        `json:"old_deadline,omitempty"`
	Level          luoshi.UrgeLevel  `json:"level,omitempty"`
	Summary        string            `json:"summary,omitempty"`
	Rating         string            `json:"rating,omitempty"`
	Kind           string            `json:"kind,omitempty"`
	UnitIDs        []int64           `json:"unit_ids,omitempty"`
	AttachmentID   int64             `json:"attachment_id,omitempty"`
	Confidence     luoshi.Confidence `json:"confidence,omitempty"`
	Side           string            `json:"side,omitempty"`
	RequestID      int               `json:"request_id,omitempty"`
	UnitID         int64             `json:"unit_id,omitempty"`
	Due            *time.Time        `json:"due,omitempty"`
	// ConfirmedPercent: on completion_approved, the low reported percent the office confirmed.
	ConfirmedPercent *int `json:"confirmed_percent,omitempty"`
}

func answerEvents(evs []luoshi.Event) []eventAnswer {
	out := make([]eventAnswer, len(evs))
	for i, e := range evs {
		d := e.Data
		out[i] = eventAnswer{ID: e.ID, ItemID: e.ItemID, Seq: e.Seq, Kind: e.Kind, ActorID: e.ActorID,
			ActorName: e.ActorName, At: e.At, Payload: payloadAnswer{Item: factsOf(d.Item, time.Time{}),
				Reason: d.Reason, Text: d.Text, Percent: d.Percent, Problems: d.Problems, NextSteps: d.NextSteps,
				MilestonesDone: d.MilestonesDone, Milestone: milestoneOf(d.Milestone), LeadUnitID: d.LeadUnitID, FromUnitID: d.FromUnitID,
				Deadline: d.Deadline, OldDeadline: d.OldDeadline, Level: d.Level, Summary: d.Summary,
				Rating: d.Rating, Kind: d.Kind, UnitIDs: d.UnitIDs, AttachmentID: d.AttachmentID,
				Confidence: d.Confidence, Side: d.Side, RequestID: d.RequestID, UnitID: d.UnitID, Due: d.Due,
				ConfirmedPercent: d.ConfirmedPercent}}
	}
	return out
}

// milestoneOf is a milestone_added event's step as answered, nil for other kinds.
func milestoneOf(m *luoshi.Milestone) *milestoneAnswer {
	if m == nil {
		return nil
	}
	return &milestoneAnswer{ID: m.ID, Title: m.Title, Due: m.Due, Percent: m.Percent, DoneAt: m.DoneAt}
}
