package luoshi

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ReminderKind names what a reminder is about.
type ReminderKind string

// The kinds of reminder an item owes, and the daily digest a region owes its units.
const (
	ReminderAcceptance ReminderKind = "acceptance_due" // an assignment not yet accepted in time (签收超时)
	ReminderReport     ReminderKind = "report_due"     // a progress report due by the item's cadence
	ReminderApproach   ReminderKind = "approaching"    // a deadline or milestone coming near
	ReminderMilestone  ReminderKind = "milestone_due"  // a milestone reached without being done
	ReminderUrge       ReminderKind = "urge"           // an automatic urging (催办) of an overdue item
	ReminderDigest     ReminderKind = "digest"         // the daily digest of a region's units
	ReminderOpinion    ReminderKind = "opinion_due"    // a co-unit opinion coming due unanswered

	// The reminders a proposal owes (建议提案): its reply coming due (30, 7 and 1 days
	// before), its reply overdue, a co-unit's opinion to the lead unit coming due.
	ReminderProposalReply   ReminderKind = "proposal_reply_due"
	ReminderProposalOverdue ReminderKind = "proposal_overdue"
	ReminderProposalOpinion ReminderKind = "proposal_opinion_due"
	// ReminderProposalDecline: the lead unit's window to decline (退办) closes in a day.
	ReminderProposalDecline ReminderKind = "proposal_decline_closing"
	// ReminderProposalAssigned: a proposal was assigned (or reassigned) to the unit to lead,
	// due at the assignment, sent on the scheduler's next pass.
	ReminderProposalAssigned ReminderKind = "proposal_assigned"
	// ReminderSignOff: a sign-off (会签意见) asked of a unit on a meeting topic is coming
	// due unanswered, OpinionLead before its due time as a co-unit opinion is.
	ReminderSignOff ReminderKind = "signoff_due"
)

// ProposalReminder reports whether a reminder is a proposal's.
func (k ReminderKind) ProposalReminder() bool {
	return k == ReminderProposalReply || k == ReminderProposalOverdue || k == ReminderProposalOpinion ||
		k == ReminderProposalDecline || k == ReminderProposalAssigned
}

// OpinionLead is how long before its due time a co-unit opinion not yet given is reminded
// of; a request asked with less time than twice that is reminded at half its time.
const OpinionLead = 2 * time.Hour

// Reminder is one timed notice the scheduler owes. Key is unique across the database and
// names the reminder completely (item, kind, target, lead, the target's time), so that the
// same reminder is recorded once however often it is computed, and a changed deadline
// makes new reminders rather than moving old ones. Only Key, Kind and DueAt are stored;
// the rest is computed from the item again when the reminder fires.
type Reminder struct {
	ID       int64
	Key      string
	RegionID int64
	ItemID   int64 // 0 for a digest
	Kind     ReminderKind
	DueAt    time.Time

	Target    time.Time // the deadline, milestone due time, report or acceptance due time
	Milestone int       // the milestone's ID; 0 means the deadline
	Opinion   int       // the co-unit opinion request's ID (ReminderOpinion)
	Lead      string    // how long before the target: "2h", "1h", "3wd", "1wd"
	Level     UrgeLevel // the urging level, for ReminderUrge

	FiredAt *time.Time
	Outcome string
}

// ReminderRules are the configurable times of reminders and escalation (defaults of the
// issue "reminders, escalation and notifications").
type ReminderRules struct {
	// UrgentFinal: an urgent item's last reminder comes this long before a deadline or
	// milestone; the first comes when it turns yellow (Policy.UrgentWarn, 2h).
	UrgentFinal time.Duration
	// FinalWorkdays: other items' last reminder comes this many working days before; the
	// first when they turn yellow (Policy.WarnWorkdays, 3).
	FinalWorkdays int
	// UrgentOrangeAfter and UrgentRedAfter: an urgent overdue item urged blue is urged
	// orange this long after, and red this long after the orange.
	UrgentOrangeAfter time.Duration
	UrgentRedAfter    time.Duration
	// OrangeAfterWorkdays and RedAfterWorkdays: the same for other items, in working days.
	OrangeAfterWorkdays int
	RedAfterWorkdays    int
	// DigestAt is the local time of day of the daily digest, in minutes after midnight; it
	// goes out on working days only.
	DigestAt int
}

// DefaultReminderRules returns the defaults: last reminder 1 hour (urgent) or 1 working
// day before; orange 2 hours (urgent) or 2 working days after blue, red 4 hours or 3
// working days after orange; the digest at 08:30.
func DefaultReminderRules() ReminderRules {
	return ReminderRules{UrgentFinal: time.Hour, FinalWorkdays: 1,
		UrgentOrangeAfter: 2 * time.Hour, UrgentRedAfter: 4 * time.Hour,
		OrangeAfterWorkdays: 2, RedAfterWorkdays: 3, DigestAt: 8*60 + 30}
}

// Validate checks that the rules make sense.
func (r ReminderRules) Validate() error {
	var v Validation
	if r.UrgentFinal <= 0 {
		v.Add("urgent_final", "reminder.urgent_final")
	}
	if r.FinalWorkdays < 1 {
		v.Add("final_workdays", "reminder.final_workdays")
	}
	if r.UrgentOrangeAfter <= 0 || r.UrgentRedAfter <= 0 {
		v.Add("urgent_escalation", "reminder.urgent_escalation")
	}
	if r.OrangeAfterWorkdays < 1 || r.RedAfterWorkdays < 1 {
		v.Add("escalation_workdays", "reminder.escalation_workdays")
	}
	if r.DigestAt < 0 || r.DigestAt >= 24*60 {
		v.Add("digest_at", "reminder.digest_at")
	}
	return v.Err()
}

// remindable are the states in which the unit is expected to work on an item, so that
// reminders and urgings are owed.
func remindable(s State) bool { return s == StateAssigned || s == StateInProgress }

// Reminders returns the reminders the item owes as it stands at now: acceptance or report
// due, deadline and milestones approaching (the first when the light turns yellow, the last
// UrgentFinal or FinalWorkdays before), milestones reached undone, and the next level of
// automatic urging once the deadline has passed. lastUrge is the time of the item's last
// urging, nil if never urged. An approaching reminder already overtaken by a later one
// at now is left out, so that a scheduler that was down sends the nearer one only.
func (p *Policy) Reminders(rr ReminderRules, it *Item, lastUrge *time.Time, now time.Time) []Reminder {
	if !remindable(it.State) {
		return nil
	}
	var out []Reminder
	add := func(r Reminder) {
		r.ItemID, r.RegionID = it.ID, it.RegionID
		r.Key = reminderKey(r)
		out = append(out, r)
	}
	if due := p.AcceptanceDue(it); due != nil {
		add(Reminder{Kind: ReminderAcceptance, DueAt: *due, Target: *due})
	}
	if due := p.NextReportDue(it); due != nil {
		add(Reminder{Kind: ReminderReport, DueAt: *due, Target: *due})
	}
	for _, r := range p.approaching(rr, it.Priority, it.Deadline, 0, now) {
		add(r)
	}
	for _, m := range it.Milestones {
		if m.DoneAt != nil || m.Due.Equal(it.Deadline) {
			continue
		}
		for _, r := range p.approaching(rr, it.Priority, m.Due, m.ID, now) {
			add(r)
		}
		add(Reminder{Kind: ReminderMilestone, DueAt: m.Due, Target: m.Due, Milestone: m.ID})
	}
	if r, ok := p.nextUrge(rr, it, lastUrge); ok {
		add(r)
	}
	for _, o := range it.Opinions {
		if o.AnsweredAt == nil && now.Before(o.Due) {
			lead := min(OpinionLead, o.Due.Sub(o.RequestedAt)/2)
			add(Reminder{Kind: ReminderOpinion, DueAt: o.Due.Add(-lead), Target: o.Due, Opinion: o.ID,
				Lead: durationLabel(lead.Round(time.Minute))})
		}
	}
	return out
}

// approaching returns the reminders before target that are still worth sending at now:
// the future ones, and of those already due only the last (nearest the target).
func (p *Policy) approaching(rr ReminderRules, pr Priority, target time.Time, milestone int, now time.Time) []Reminder {
	if !now.Before(target) {
		return nil
	}
	first := p.warnStart(pr, target)
	var last time.Time
	leads := [2]string{strconv.Itoa(p.WarnWorkdays) + "wd", strconv.Itoa(rr.FinalWorkdays) + "wd"}
	if pr == PriorityUrgent {
		last = target.Add(-rr.UrgentFinal)
		leads = [2]string{durationLabel(p.UrgentWarn), durationLabel(rr.UrgentFinal)}
	} else {
		last = p.Cal.AddWorkdays(target, -rr.FinalWorkdays)
	}
	var out []Reminder
	if !last.After(first) {
		// Both would come at once (a short warning window): the last one is enough.
		first = time.Time{}
	}
	if !first.IsZero() && (first.After(now) || last.After(now)) {
		out = append(out, Reminder{Kind: ReminderApproach, DueAt: first, Target: target, Milestone: milestone, Lead: leads[0]})
	}
	out = append(out, Reminder{Kind: ReminderApproach, DueAt: last, Target: target, Milestone: milestone, Lead: leads[1]})
	return out
}

// nextUrge is the next automatic urging an overdue item owes: blue at the deadline, then
// orange and red each a delay after the previous urging (or after the deadline, if the
// item was urged before it).
func (p *Policy) nextUrge(rr ReminderRules, it *Item, lastUrge *time.Time) (Reminder, bool) {
	base := it.Deadline
	if lastUrge != nil && lastUrge.After(base) {
		base = *lastUrge
	}
	r := Reminder{Kind: ReminderUrge, Target: it.Deadline}
	switch it.UrgeLevel {
	case "":
		r.Level, r.DueAt = UrgeBlue, it.Deadline
	case UrgeBlue:
		r.Level, r.DueAt = UrgeOrange, p.escalate(it.Priority, base, rr.UrgentOrangeAfter, rr.OrangeAfterWorkdays)
	case UrgeOrange:
		r.Level, r.DueAt = UrgeRed, p.escalate(it.Priority, base, rr.UrgentRedAfter, rr.RedAfterWorkdays)
	default:
		return r, false
	}
	return r, true
}

func (p *Policy) escalate(pr Priority, base time.Time, hours time.Duration, workdays int) time.Time {
	if pr == PriorityUrgent {
		return base.Add(hours)
	}
	return p.Cal.AddWorkdays(base, workdays)
}

// reminderKey names a reminder uniquely: item, kind, target, lead or level, and the
// target's time in unix milliseconds.
func reminderKey(r Reminder) string {
	target := "d"
	switch {
	case r.Milestone != 0:
		target = "m" + strconv.Itoa(r.Milestone)
	case r.Opinion != 0:
		target = "o" + strconv.Itoa(r.Opinion)
	}
	what := r.Lead
	if r.Kind == ReminderUrge {
		what = string(r.Level)
	}
	return fmt.Sprintf("i%d/%s/%s/%s@%d", r.ItemID, r.Kind, target, what, r.Target.UnixMilli())
}

// durationLabel writes a whole number of hours as "2h", anything else in minutes as "90m".
func durationLabel(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// FindReminder returns the reminder with the key among rs.
func FindReminder(rs []Reminder, key string) (Reminder, bool) {
	for _, r := range rs {
		if r.Key == key {
			return r, true
		}
	}
	return Reminder{}, false
}

// DigestReminder is the digest a region owes on the first working day at or after from's
// date whose digest time is after from.
func (p *Policy) DigestReminder(rr ReminderRules, regionID int64, from time.Time) Reminder {
	loc := p.Cal.Location()
	local := from.In(loc)
	y, m, d := local.Date()
	at := time.Date(y, m, d, rr.DigestAt/60, rr.DigestAt%60, 0, 0, loc)
	for !at.After(from) || !p.Cal.IsWorkday(at) {
		y, m, d = at.Date()
		at = time.Date(y, m, d+1, rr.DigestAt/60, rr.DigestAt%60, 0, 0, loc)
	}
	return Reminder{Kind: ReminderDigest, RegionID: regionID, DueAt: at.UTC(), Target: at.UTC(),
		Key: fmt.Sprintf("r%d/digest@%s", regionID, at.Format("2006-01-02"))}
}

// ParseClock reads a time of day "HH:MM" as minutes after midnight.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, Errorf(EINVALID, "reminder.time.invalid", s)
	}
	return hh*60 + mm, nil
}

// FormatClock writes minutes after midnight as "HH:MM".
func FormatClock(min int) string { return fmt.Sprintf("%02d:%02d", min/60, min%60) }
