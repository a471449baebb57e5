package demo

import (
	"context"
	"slices"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// Commendations are the demo's commendations (通报表扬): the first items delivered in time
// are commended, in this order, for these reasons.
var Commendations = []struct{ Kind, Reason string }{
	{"early_delivery", "在办结时限前提前完成，经验收质量合格，服务对象反映良好，予以通报表扬。"},
	{"outstanding_delivery", "办理中主动对接、靠前服务，成效突出，形成的工作做法已在全县推广，予以通报表扬。"},
	{"early_delivery", "牵头单位倒排工期、挂图作战，提前完成全部任务，予以通报表扬。"},
}

// The demo's one accountability record on work delivered late, and its waiver (容错免责).
const (
	lateReason   = "未在办结时限内办结，经督查室核实，牵头单位前期推进力度不够。"
	waiverReason = "逾期系处理历史遗留问题、需多个部门协调所致；牵头单位已主动纠错并完成整改，经核查未谋取私利，符合容错免责情形。"
)

// recognition records, after the items' histories, the demo's commendations of work
// delivered in time and one accountability record on work delivered late, waived on the
// grounds of a problem left from the past — each at a working moment between the item's last
// event and now.
func (l *loader) recognition(ctx context.Context) error {
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	state := luoshi.StateCompleted
	page, err := l.svc.ListItems(ctx, sup, luoshi.ItemFilter{State: &state, Limit: 200})
	if err != nil {
		return err
	}
	done := page.Items
	slices.SortFunc(done, func(a, b *service.ItemView) int { return int(a.ID - b.ID) })
	commended, waived := 0, false
	for _, v := range done {
		it := v.Item
		switch {
		case it.OnTime != nil && *it.OnTime && commended < len(Commendations):
			c := Commendations[commended]
			if err := l.later(ctx, sup, it, luoshi.Command{Action: luoshi.ActCommend, Kind: c.Kind, Reason: c.Reason}); err != nil {
				return err
			}
			commended++
		case it.OnTime != nil && !*it.OnTime && !waived:
			if err := l.later(ctx, sup, it, luoshi.Command{Action: luoshi.ActHoldAccountable, Kind: "notice_criticism", Reason: lateReason},
				luoshi.Command{Action: luoshi.ActWaive, Grounds: "legacy_problem", Reason: waiverReason}); err != nil {
				return err
			}
			waived = true
		}
	}
	return nil
}

// later carries out the commands on an item one after another, spread over the time between
// its last event and now, each moved back into working hours and never before the one before.
func (l *loader) later(ctx context.Context, a *luoshi.Actor, it *luoshi.Item, cmds ...luoshi.Command) error {
	events, err := l.svc.Events(ctx, a, it.ID)
	if err != nil {
		return err
	}
	last := events[len(events)-1].At
	l.urgent = it.Priority == luoshi.PriorityUrgent
	for k, cmd := range cmds {
		l.at(last.Add(l.now.Sub(last) * time.Duration(k+1) / time.Duration(len(cmds)+1)))
		if l.clock.Before(last) {
			l.clock = last
		}
		if cmd.Action == luoshi.ActWaive {
			cmd.RecordID = len(events) + k // the record the command before made: its event's seq
		}
		if _, err := l.svc.Act(ctx, a, it.ID, cmd); err != nil {
			return err
		}
		last = l.clock
	}
	return nil
}
