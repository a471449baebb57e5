package luoshi

import (
	"fmt"
	"time"
)

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
	Item           *Item      `json:"item,omitempty"`
	Reason         string     `json:"reason,omitempty"`
	Text           string     `json:"text,omitempty"`
	Percent        *int       `json:"percent,omitempty"`
	Problems       string     `json:"problems,omitempty"`
	NextSteps      string     `json:"next_steps,omitempty"`
	MilestonesDone []int      `json:"milestones_done,omitempty"`
	LeadUnitID     int64      `json:"lead_unit_id,omitempty"`
	FromUnitID     int64      `json:"from_unit_id,omitempty"`
	Deadline       *time.Time `json:"deadline,omitempty"`
	OldDeadline    *time.Time `json:"old_deadline,omitempty"`
	Level          UrgeLevel  `json:"level,omitempty"`
	Summary        string     `json:"summary,omitempty"`
	Rating         string     `json:"rating,omitempty"`
	Kind           string     `json:"kind,omitempty"`
	UnitIDs        []int64    `json:"unit_ids,omitempty"`
	AttachmentID   int64      `json:"attachment_id,omitempty"`
	Confidence     Confidence `json:"confidence,omitempty"`
	Side           string     `json:"side,omitempty"`
}

// Apply folds one event into the item. It is the only place where an item's facts change,
// so that Rebuild over the stored events always gives the stored item.
func Apply(it *Item, e Event) error {
	at := e.At
	d := e.Data
	switch e.Kind {
	case EventCreated:
		if d.Item == nil {
			return fmt.Errorf("created event %d without item", e.Seq)
		}
		*it = *d.Item.Clone()
		it.ID = e.ItemID
		it.State = StateDraft
		it.CreatedAt = at
		it.CreatedBy = e.ActorID
	case EventAssigned:
		it.State, it.AssignedAt = StateAssigned, &at
	case EventAccepted:
		it.State, it.AcceptedAt = StateInProgress, &at
	case EventDeclined:
		it.State = StateDeclined
		it.Declines++
	case EventReassigned:
		it.LeadUnitID = d.LeadUnitID
		co := it.CoUnitIDs[:0:0]
		for _, u := range it.CoUnitIDs {
			if u != d.LeadUnitID {
				co = append(co, u)
			}
		}
		it.CoUnitIDs = co
		it.Reassignments++
		it.State, it.AssignedAt, it.DeclineClosed, it.PendingExtension = StateAssigned, &at, false, nil
	case EventInsisted:
		it.State, it.AssignedAt, it.DeclineClosed = StateAssigned, &at, true
	case EventReported:
		applyReport(it, d, at)
	case EventExtensionRequested:
		it.PendingExtension = &ExtensionRequest{Deadline: *d.Deadline, Reason: d.Reason,
			Percent: *d.Percent, RequestedAt: at, RequestedBy: e.ActorID}
		it.Percent = *d.Percent
	case EventExtensionApproved:
		it.Deadline = *d.Deadline
		it.PendingExtension = nil
	case EventExtensionDenied:
		it.PendingExtension = nil
	case EventCompletionRequested:
		it.State, it.CompletionRequestedAt, it.PendingExtension = StateCompletionRequested, &at, nil
	case EventCompletionApproved:
		onTime := it.CompletionRequestedAt != nil && !it.CompletionRequestedAt.After(it.Deadline)
		it.State, it.CompletedAt, it.OnTime, it.Percent = StateCompleted, &at, &onTime, 100
	case EventReturned:
		it.State, it.CompletionRequestedAt = StateInProgress, nil
	case EventEvaluated:
		it.Rating = d.Rating
	case EventSuspended:
		it.ResumeState, it.State = it.State, StateSuspended
	case EventResumed:
		it.State, it.ResumeState = it.ResumeState, ""
	case EventCancelled:
		it.State, it.ResumeState = StateCancelled, ""
	case EventUrged:
		if d.Level.Rank() > it.UrgeLevel.Rank() {
			it.UrgeLevel = d.Level
		}
	case EventAccountabilityRecorded:
		it.Accountabilities++
	case EventConfidenceRated:
		r := &ConfidenceRating{Level: d.Confidence, At: at, Reason: d.Reason}
		if d.Side == SideOffice {
			it.OfficeConfidence = r
		} else {
			it.UnitConfidence = r
		}
	case EventCommented, EventInstructed, EventReportDrafted, EventAttachmentAdded:
		// On record only; the item's facts do not change.
	default:
		return fmt.Errorf("unknown event kind %q", e.Kind)
	}
	it.Version = e.Seq
	it.UpdatedAt = at
	return nil
}

func applyReport(it *Item, d EventData, at time.Time) {
	if d.Percent != nil {
		it.Percent = *d.Percent
	}
	it.LastReportAt = &at
	for _, id := range d.MilestonesDone {
		for i := range it.Milestones {
			if it.Milestones[i].ID == id && it.Milestones[i].DoneAt == nil {
				it.Milestones[i].DoneAt = &at
			}
		}
	}
}

// Rebuild folds an item's events, oldest first, into the item they describe.
func Rebuild(events []Event) (*Item, error) {
	if len(events) == 0 || events[0].Kind != EventCreated {
		return nil, fmt.Errorf("rebuild: the first event must be %q", EventCreated)
	}
	it := &Item{}
	for i, e := range events {
		if e.Seq != i+1 {
			return nil, fmt.Errorf("rebuild: event %d has seq %d", i+1, e.Seq)
		}
		if err := Apply(it, e); err != nil {
			return nil, err
		}
	}
	return it, nil
}
