package item

import (
	"fmt"
	"slices"

	"luoshi/internal/luoshi"
)

// appliers fold each event kind into the item; Apply is the only place where an item's facts
// change, so that Rebuild over the stored events always gives the stored item.
var appliers = map[luoshi.EventKind]func(it *luoshi.Item, e luoshi.Event){
	luoshi.EventCreated:  nil, // handled by Apply: it replaces the item
	luoshi.EventAssigned: func(it *luoshi.Item, e luoshi.Event) { it.State, it.AssignedAt = luoshi.StateAssigned, &e.At },
	luoshi.EventAccepted: func(it *luoshi.Item, e luoshi.Event) { it.State, it.AcceptedAt = luoshi.StateInProgress, &e.At },
	luoshi.EventDeclined: func(it *luoshi.Item, e luoshi.Event) {
		it.State = luoshi.StateDeclined
		it.Declines++
	},
	luoshi.EventReassigned: func(it *luoshi.Item, e luoshi.Event) {
		it.LeadUnitID = e.Data.LeadUnitID
		co := it.CoUnitIDs[:0:0]
		for _, u := range it.CoUnitIDs {
			if u != e.Data.LeadUnitID {
				co = append(co, u)
			}
		}
		it.CoUnitIDs = co
		it.Reassignments++
		it.State, it.AssignedAt, it.DeclineClosed, it.PendingExtension = luoshi.StateAssigned, &e.At, false, nil
	},
	luoshi.EventInsisted: func(it *luoshi.Item, e luoshi.Event) {
		it.State, it.AssignedAt, it.DeclineClosed = luoshi.StateAssigned, &e.At, true
	},
	luoshi.EventReported: applyReport,
	luoshi.EventExtensionRequested: func(it *luoshi.Item, e luoshi.Event) {
		d := e.Data
		it.PendingExtension = &luoshi.ExtensionRequest{Deadline: *d.Deadline, Reason: d.Reason,
			Percent: *d.Percent, RequestedAt: e.At, RequestedBy: e.ActorID}
		it.Percent = *d.Percent
	},
	luoshi.EventExtensionApproved: func(it *luoshi.Item, e luoshi.Event) {
		it.Deadline = *e.Data.Deadline
		it.PendingExtension = nil
	},
	luoshi.EventExtensionDenied: func(it *luoshi.Item, _ luoshi.Event) { it.PendingExtension = nil },
	luoshi.EventMilestoneAdded: func(it *luoshi.Item, e luoshi.Event) {
		it.Milestones = append(slices.Clone(it.Milestones), *e.Data.Milestone)
	},
	luoshi.EventCompletionRequested: func(it *luoshi.Item, e luoshi.Event) {
		it.State, it.CompletionRequestedAt, it.PendingExtension = luoshi.StateCompletionRequested, &e.At, nil
	},
	luoshi.EventCompletionApproved: func(it *luoshi.Item, e luoshi.Event) {
		onTime := it.CompletionRequestedAt != nil && !it.CompletionRequestedAt.After(it.Deadline)
		it.State, it.CompletedAt, it.OnTime, it.Percent = luoshi.StateCompleted, &e.At, &onTime, 100
	},
	luoshi.EventReturned: func(it *luoshi.Item, _ luoshi.Event) {
		it.State, it.CompletionRequestedAt = luoshi.StateInProgress, nil
	},
	luoshi.EventEvaluated: func(it *luoshi.Item, e luoshi.Event) { it.Rating = e.Data.Rating },
	luoshi.EventSuspended: func(it *luoshi.Item, _ luoshi.Event) { it.ResumeState, it.State = it.State, luoshi.StateSuspended },
	luoshi.EventResumed:   func(it *luoshi.Item, _ luoshi.Event) { it.State, it.ResumeState = it.ResumeState, "" },
	luoshi.EventCancelled: func(it *luoshi.Item, _ luoshi.Event) { it.State, it.ResumeState = luoshi.StateCancelled, "" },
	luoshi.EventUrged: func(it *luoshi.Item, e luoshi.Event) {
		if e.Data.Level.Rank() > it.UrgeLevel.Rank() {
			it.UrgeLevel = e.Data.Level
		}
		if it.LastUrgedAt == nil || e.At.After(*it.LastUrgedAt) {
			at := e.At
			it.LastUrgedAt = &at
		}
	},
	luoshi.EventAccountabilityRecorded: func(it *luoshi.Item, e luoshi.Event) {
		it.Accountabilities++
		units := e.Data.UnitIDs
		if len(units) == 0 {
			units = []int64{it.LeadUnitID}
		}
		it.Records = append(it.Records, luoshi.AccountabilityRecord{Record: recordOf(e, units)})
	},
	luoshi.EventAccountabilityWaived: func(it *luoshi.Item, e luoshi.Event) {
		if r := it.Record(e.Data.RecordID); r != nil {
			r.Waiver = &luoshi.Waiver{Grounds: e.Data.Grounds, Reason: e.Data.Reason, At: e.At, By: e.ActorID}
		}
	},
	luoshi.EventCommended: func(it *luoshi.Item, e luoshi.Event) {
		it.Commendations = append(it.Commendations, recordOf(e, e.Data.UnitIDs))
	},
	luoshi.EventConfidenceRated: func(it *luoshi.Item, e luoshi.Event) {
		r := &luoshi.ConfidenceRating{Level: e.Data.Confidence, At: e.At, Reason: e.Data.Reason}
		if e.Data.Side == luoshi.SideOffice {
			it.OfficeConfidence = r
		} else {
			it.UnitConfidence = r
		}
	},
	luoshi.EventOpinionRequested: func(it *luoshi.Item, e luoshi.Event) {
		it.Opinions = append(it.Opinions, luoshi.OpinionRequest{ID: e.Data.RequestID, UnitID: e.Data.UnitID,
			Question: e.Data.Text, Due: *e.Data.Due, RequestedAt: e.At, RequestedBy: e.ActorID})
	},
	luoshi.EventOpinionGiven: func(it *luoshi.Item, e luoshi.Event) {
		if o := it.Opinion(e.Data.RequestID); o != nil {
			at := e.At
			o.AnsweredAt, o.AnsweredBy, o.Answer = &at, e.ActorID, e.Data.Text
		}
	},
	// On record only; the item's facts do not change.
	luoshi.EventCommented:       func(*luoshi.Item, luoshi.Event) {},
	luoshi.EventInstructed:      func(*luoshi.Item, luoshi.Event) {},
	luoshi.EventReportDrafted:   func(*luoshi.Item, luoshi.Event) {},
	luoshi.EventAttachmentAdded: func(*luoshi.Item, luoshi.Event) {},
}

// Apply folds one event into the item.
func Apply(it *luoshi.Item, e luoshi.Event) error {
	apply, ok := appliers[e.Kind]
	switch {
	case !ok:
		return fmt.Errorf("unknown event kind %q", e.Kind)
	case e.Kind == luoshi.EventCreated:
		if e.Data.Item == nil {
			return fmt.Errorf("created event %d without item", e.Seq)
		}
		*it = *e.Data.Item.Clone()
		it.ID = e.ItemID
		it.State = luoshi.StateDraft
		it.CreatedAt = e.At
		it.CreatedBy = e.ActorID
	default:
		apply(it, e)
	}
	it.Version = e.Seq
	it.UpdatedAt = e.At
	return nil
}

func applyReport(it *luoshi.Item, e luoshi.Event) {
	at := e.At
	if e.Data.Percent != nil {
		it.Percent = *e.Data.Percent
	}
	it.LastReportAt = &at
	for _, id := range e.Data.MilestonesDone {
		for i := range it.Milestones {
			if it.Milestones[i].ID == id && it.Milestones[i].DoneAt == nil {
				it.Milestones[i].DoneAt = &at
			}
		}
	}
}

// recordOf is the record an event makes, naming units.
func recordOf(e luoshi.Event, units []int64) luoshi.Record {
	return luoshi.Record{ID: e.Seq, Kind: e.Data.Kind, Reason: e.Data.Reason, UnitIDs: slices.Clone(units), At: e.At, By: e.ActorID}
}
