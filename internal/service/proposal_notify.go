package service

import (
	"context"
	"strings"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// fireProposal sends a proposal's reminder if the proposal still owes it: to the lead unit
// (the proposal assigned to it, its decline window closing, the reply coming due or overdue, the office told too of an
// overdue one), or to a co-unit (its opinion coming due).
func (n *Notifier) fireProposal(ctx context.Context, tx luoshi.Tx, r *luoshi.Reminder, now time.Time, st *PassStats) (string, error) {
	s := n.svc
	p, err := tx.FindProposalByID(ctx, proposal.ReminderProposal(r.Key))
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND {
		st.Skipped++
		return "skipped: no such proposal", nil
	} else if err != nil {
		return "", err
	}
	cur, ok := luoshi.FindReminder(proposal.Reminders(p, s.loc, s.declineBy(p)), r.Key)
	if !ok {
		st.Skipped++
		return "skipped: no longer owed", nil
	}
	ses, err := tx.FindProposalSession(ctx, p.SessionID)
	if err != nil {
		return "", err
	}
	kind := string(cur.Kind)
	date := cur.Target
	if cur.Kind == luoshi.ReminderProposalAssigned {
		date = *p.Deadline // the assignment is told with the reply's deadline
	}
	args := []any{ses.Name, p.Number, p.Title, date.In(s.loc).Format("2006-01-02")}
	switch cur.Kind {
	case luoshi.ReminderProposalOverdue, luoshi.ReminderProposalDecline, luoshi.ReminderProposalAssigned:
	default:
		args = append(args, strings.TrimSuffix(cur.Lead, "d"))
	}
	notice := luoshi.Notice{RegionID: p.RegionID, UnitID: int64(cur.Opinion), Kind: kind, Alert: true, CreatedAt: now,
		Title: s.text("proposal.notice.title."+kind, p.Title), Body: s.text("proposal.notice.body."+kind, args...)}
	aud := luoshi.Audience{RegionID: p.RegionID, Units: []int64{int64(cur.Opinion)},
		Supervisors: cur.Kind == luoshi.ReminderProposalOverdue}
	if err := n.publish(ctx, tx, &notice, aud, now); err != nil {
		return "", err
	}
	st.Fired++
	return "sent", nil
}
