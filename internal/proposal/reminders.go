package proposal

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// ReplyLeads are how many days before a reply's deadline the lead unit is reminded.
var ReplyLeads = []int{30, 7, 1}

// OpinionLeadDays is how many days before a co-unit's opinion is due the co-unit is
// reminded of it.
const OpinionLeadDays = 3

// Reminders are the reminders a proposal owes while it is being handled: the assignment
// (due at it, to the lead unit it names, so that a reassignment owes the new unit its own), the decline window
// closing (a day before declineBy, while the lead unit may still decline), the reply coming
// due (30, 7 and 1 days before the deadline), the reply overdue (at the deadline), and each
// co-unit's opinion of the round not yet given (3 days before it is due). Each is keyed by
// the proposal, kind, target and lead (and unit), so that a new deadline makes new ones and
// a reminder no longer owed is skipped when it comes due. Opinion carries the co-unit's id.
func Reminders(p *luoshi.Proposal, loc *time.Location, declineBy time.Time) []luoshi.Reminder {
	if p.State != luoshi.ProposalAssigned || p.Deadline == nil {
		return nil
	}
	var out []luoshi.Reminder
	add := func(kind luoshi.ReminderKind, target time.Time, days int, unit int64) {
		r := luoshi.Reminder{RegionID: p.RegionID, Kind: kind, Target: target, DueAt: target.AddDate(0, 0, -days),
			Lead: strconv.Itoa(days) + "d", Opinion: int(unit)}
		r.Key = fmt.Sprintf("p%d/%s@%s/%s/u%d", p.ID, kind, target.UTC().Format("20060102T150405"), r.Lead, unit)
		out = append(out, r)
	}
	if p.AssignedAt != nil {
		add(luoshi.ReminderProposalAssigned, *p.AssignedAt, 0, p.LeadUnitID)
	}
	if p.Round == 1 && !p.Insisted && !declineBy.IsZero() {
		add(luoshi.ReminderProposalDecline, declineBy, 1, p.LeadUnitID)
	}
	for _, d := range ReplyLeads {
		add(luoshi.ReminderProposalReply, *p.Deadline, d, p.LeadUnitID)
	}
	add(luoshi.ReminderProposalOverdue, *p.Deadline, 0, p.LeadUnitID)
	if due := OpinionDue(p, loc); due != nil && p.Round == 1 {
		for _, u := range p.CoUnitIDs {
			if p.OpinionOf(u) == nil {
				add(luoshi.ReminderProposalOpinion, *due, OpinionLeadDays, u)
			}
		}
	}
	return out
}

// ReminderProposal is the proposal a proposal reminder's key names; 0 for another key.
func ReminderProposal(key string) int64 {
	s, ok := strings.CutPrefix(key, "p")
	if !ok {
		return 0
	}
	s, _, _ = strings.Cut(s, "/")
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}
