package luoshi

import "time"

// EventKind names what happened to an item.
type EventKind string

// The event kinds; each action of the workflow produces one.
const (
	EventCreated                EventKind = "created"
	EventAssigned               EventKind = "assigned"
	EventAccepted               EventKind = "accepted"
	EventDeclined               EventKind = "declined"
	EventReassigned             EventKind = "reassigned"
	EventInsisted               EventKind = "insisted"
	EventReported               EventKind = "reported"
	EventReportDrafted          EventKind = "report_drafted"
	EventUrged                  EventKind = "urged"
	EventCommented              EventKind = "commented"
	EventInstructed             EventKind = "instructed"
	EventExtensionRequested     EventKind = "extension_requested"
	EventExtensionApproved      EventKind = "extension_approved"
	EventExtensionDenied        EventKind = "extension_denied"
	EventCompletionRequested    EventKind = "completion_requested"
	EventCompletionApproved     EventKind = "completion_approved"
	EventReturned               EventKind = "returned"
	EventEvaluated              EventKind = "evaluated"
	EventSuspended              EventKind = "suspended"
	EventResumed                EventKind = "resumed"
	EventCancelled              EventKind = "cancelled"
	EventAccountabilityRecorded EventKind = "accountability_recorded"
	EventAttachmentAdded        EventKind = "attachment_added"
	EventConfidenceRated        EventKind = "confidence_rated"
	EventOpinionRequested       EventKind = "opinion_requested"
	EventOpinionGiven           EventKind = "opinion_given"
	EventCommended              EventKind = "commended"
	EventAccountabilityWaived   EventKind = "accountability_waived"
	EventMilestoneAdded         EventKind = "milestone_added"
)

// Event is one immutable change of an item: who, when, what. Seq numbers an item's events
// from 1; the item's Version is the Seq of its last event.
type Event struct {
	ID        int64     `json:"id"`
	ItemID    int64     `json:"item_id"`
	Seq       int       `json:"seq"`
	Kind      EventKind `json:"kind"`
	ActorID   int64     `json:"actor_id"`
	ActorName string    `json:"actor_name,omitempty"`
	At        time.Time `json:"at"`
	Data      EventData `json:"payload"`
}

// EventData is the payload of an event; each kind uses the fields it needs.
type EventData struct {
	Item           *Item  `json:"item,omitempty"`
	Reason         string `json:"reason,omitempty"`
	Text           string `json:"text,omitempty"`
	Percent        *int   `json:"percent,omitempty"`
	Problems       string `json:"problems,omitempty"`
	NextSteps      string `json:"next_steps,omitempty"`
	MilestonesDone []int  `json:"milestones_done,omitempty"`
	// Milestone is the step a milestone_added event adds.
	Milestone    *Milestone `json:"milestone,omitempty"`
	LeadUnitID   int64      `json:"lead_unit_id,omitempty"`
	FromUnitID   int64      `json:"from_unit_id,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
	OldDeadline  *time.Time `json:"old_deadline,omitempty"`
	Level        UrgeLevel  `json:"level,omitempty"`
	Summary      string     `json:"summary,omitempty"`
	Rating       string     `json:"rating,omitempty"`
	Kind         string     `json:"kind,omitempty"`
	UnitIDs      []int64    `json:"unit_ids,omitempty"`
	AttachmentID int64      `json:"attachment_id,omitempty"`
	Confidence   Confidence `json:"confidence,omitempty"`
	Side         string     `json:"side,omitempty"`
	// RequestID numbers a co-unit opinion request within its item (opinion_requested,
	// opinion_given); UnitID is the co-unit asked, Due when its opinion is due.
	RequestID int        `json:"request_id,omitempty"`
	UnitID    int64      `json:"unit_id,omitempty"`
	Due       *time.Time `json:"due,omitempty"`
	// RecordID is the accountability record a waiver names (the seq of its event), Grounds
	// the waiver's grounds (accountability_waived).
	RecordID int    `json:"record_id,omitempty"`
	Grounds  string `json:"grounds,omitempty"`
	// ConfirmedPercent is, on completion_approved, the reported percent the office confirmed
	// it approves at, when it was below CompletionConfirmBelow.
	ConfirmedPercent *int `json:"confirmed_percent,omitempty"`
}
