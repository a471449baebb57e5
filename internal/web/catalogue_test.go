package web

import (
	"testing"

	"luoshi/internal/i18n"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// TestCatalogue checks that every text the pages build from a value (a state, a light, an
// action …) is in the catalogue in both languages; the literal keys of the templates are
// checked when they are parsed.
func TestCatalogue(t *testing.T) {
	var keys []string
	add := func(prefix string, vals ...string) {
		for _, v := range vals {
			keys = append(keys, prefix+v)
		}
	}
	for _, s := range luoshi.States {
		add("state.", string(s))
	}
	for _, l := range luoshi.Lights {
		add("light.", string(l))
	}
	for _, p := range luoshi.Priorities {
		add("priority.", string(p))
	}
	for _, s := range luoshi.Sources {
		add("source.", string(s))
	}
	for _, r := range luoshi.Roles {
		add("role.", string(r))
	}
	for _, a := range item.Actions() {
		add("action.", string(a))
		add("flash.done.", string(a))
	}
	for _, a := range item.Actions() {
		spec, _ := item.SpecOf(a)
		switch spec.Form {
		case "reason":
			add("reason.", string(a))
		case "text":
			add("text.", string(a))
		case "fields":
			for _, f := range spec.Fields {
				keys = append(keys, string(f.Label))
			}
		}
	}
	for _, k := range []luoshi.EventKind{luoshi.EventCreated, luoshi.EventAssigned, luoshi.EventAccepted,
		luoshi.EventDeclined, luoshi.EventReassigned, luoshi.EventInsisted, luoshi.EventReported,
		luoshi.EventReportDrafted, luoshi.EventUrged, luoshi.EventCommented, luoshi.EventInstructed,
		luoshi.EventExtensionRequested, luoshi.EventExtensionApproved, luoshi.EventExtensionDenied,
		luoshi.EventCompletionRequested, luoshi.EventCompletionApproved, luoshi.EventReturned,
		luoshi.EventEvaluated, luoshi.EventSuspended, luoshi.EventResumed, luoshi.EventCancelled,
		luoshi.EventAccountabilityRecorded, luoshi.EventAttachmentAdded, luoshi.EventConfidenceRated,
		luoshi.EventOpinionRequested, luoshi.EventOpinionGiven, luoshi.EventCommended, luoshi.EventAccountabilityWaived, luoshi.EventMilestoneAdded} {
		add("event.", string(k))
	}
	add("schedule.", string(luoshi.ScheduleAhead), string(luoshi.ScheduleOnSchedule), string(luoshi.ScheduleBehind),
		string(luoshi.ScheduleCompleted))
	add("urge.", string(luoshi.UrgeBlue), string(luoshi.UrgeOrange), string(luoshi.UrgeRed))
	add("rating.", luoshi.Ratings...)
	add("acc.", luoshi.AccountabilityKinds...)
	add("commendation.", luoshi.CommendationKinds...)
	add("grounds.", luoshi.WaiverGrounds...)
	add("dragging.why.", luoshi.DragLong, luoshi.DragExtended, luoshi.DragUrged)
	for _, c := range luoshi.Confidences {
		add("confidence.", string(c))
	}
	add("unitkind.", luoshi.UnitKinds...)
	add("cadopt.", cadences...)
	add("cadence.", "h", "d", "wd", "w", "mo")
	add("outcome.", luoshi.OutcomeSuccess, luoshi.OutcomeFailure, luoshi.OutcomeDenied)
	add("session.", luoshi.SessionLogin, luoshi.SessionAPI)
	add("error.", "400", "403", "404", "409", "413", "422", "429", "500")
	for _, n := range navFor(&luoshi.Actor{Roles: luoshi.Roles}, "/") {
		keys = append(keys, n.Key)
	}
	add("opinion.status.", string(luoshi.OpinionPending), string(luoshi.OpinionOnTime), string(luoshi.OpinionLate),
		string(luoshi.OpinionMissing))
	// Every entry has both languages with the same verbs: internal/i18n's TestParts.
	for _, k := range keys {
		if !i18n.Has(k) {
			t.Errorf("catalogue lacks %q", k)
		}
	}
}
