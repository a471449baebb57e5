package demo

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// StocktakeCommitment is a commitment the county head's first stocktake records, each a new
// item: what is promised, by which unit and leader, how many days after the stocktake it is
// due, and what the unit then does — delivers it on the given day after the stocktake (0:
// not delivered).
type StocktakeCommitment struct {
	Text      string
	Unit      string
	Leader    string
	DueDays   int
	Delivered int
}

// StocktakeCommitments are the first stocktake's commitments: two delivered in time, one
// left late, one not yet due. (Milestones and new deadlines, the other kinds, change items
// with histories of their own; the API tests carry them.)
var StocktakeCommitments = []StocktakeCommitment{
	{Text: "两周内完成城区主干道积水点排查并建立整治台账", Unit: "zjj", Leader: "fxz_wang", DueDays: 14, Delivered: 7},
	{Text: "十日内完成国道沿线违规广告牌清理", Unit: "jtj", Leader: "fxz_wang", DueDays: 10, Delivered: 8},
	{Text: "两周内完成城区餐饮油烟直排点位排查并建立整改清单", Unit: "sthj", Leader: "fxz_wang", DueDays: 14},
	{Text: "制定重点项目要素保障清单并按月调度", Unit: "fgj", Leader: "changwu", DueDays: 45},
}

// StocktakeMilestone is the step the second stocktake asks of an item behind schedule.
const StocktakeMilestone = "两周内制定倒排工期计划并完成当前阶段工程量"

// The summaries the office writes when it closes the two stocktakes' records.
const (
	stocktakeSummary1 = "会议逐项调度了红灯、黄灯和欠进度事项。县长要求各牵头单位对照承诺事项倒排工期，督查室下次调度会逐项通报落实情况。"
	stocktakeSummary2 = "会议通报了上次调度会承诺事项落实情况：两项按期兑现，一项逾期未兑现，一项正在推进。逾期事项由牵头单位说明原因并限期完成。"
)

// stocktakes holds the county head's two stocktakes (调度会): the first four weeks before
// now with four commitments, carried out (or not) by their units in the weeks after; the
// second shortly before now, whose agenda follows the first's commitments up.
func (l *loader) stocktakes(ctx context.Context) error {
	sup, err := l.actor(ctx, "duchashi")
	if err != nil {
		return err
	}
	head := l.leader[CountyHeadKey]
	l.urgent = false
	l.at(l.now.AddDate(0, 0, -28))
	first := l.clock
	st, err := l.svc.GenerateStocktake(ctx, sup, service.StocktakeInput{LeaderID: head, Date: l.day(first)})
	if err != nil {
		return fmt.Errorf("demo stocktake: %w", err)
	}
	made := make([]int64, len(StocktakeCommitments))
	for i, c := range StocktakeCommitments {
		l.at(first.Add(time.Duration(10*(i+1)) * time.Minute))
		v := map[string]any{"kind": string(luoshi.CommitNewItem), "text": c.Text, "due": first.AddDate(0, 0, c.DueDays),
			"unit_id": l.units[c.Unit], "leader_id": l.leader[c.Leader]}
		view, err := l.svc.StocktakeAct(ctx, sup, st.ID, "add-commitment", v)
		if err != nil {
			return fmt.Errorf("demo commitment %d: %w", i+1, err)
		}
		made[i] = view.Commitments[i].MadeItemID
	}
	l.at(first.Add(2 * time.Hour))
	if _, err := l.svc.StocktakeAct(ctx, sup, st.ID, "close", map[string]any{"summary": stocktakeSummary1}); err != nil {
		return err
	}
	if err := l.carryCommitments(ctx, sup, first, made); err != nil {
		return err
	}
	l.at(l.now.Add(-2 * time.Hour))
	second, err := l.svc.GenerateStocktake(ctx, sup, service.StocktakeInput{LeaderID: head, Date: l.day(l.clock)})
	if err != nil {
		return fmt.Errorf("demo stocktake: %w", err)
	}
	l.at(l.clock.Add(time.Hour))
	if _, err = l.svc.StocktakeAct(ctx, sup, second.ID, "comment", map[string]any{"text": stocktakeSummary2}); err != nil {
		return err
	}
	return l.milestoneCommitment(ctx, sup, second)
}

// milestoneCommitment records at the second stocktake a milestone on the first item behind
// schedule that is in progress, quiet since before now and due more than two weeks on: the
// unit commits to a step within two weeks.
func (l *loader) milestoneCommitment(ctx context.Context, sup *luoshi.Actor, st *service.StocktakeView) error {
	l.at(l.clock.Add(10 * time.Minute))
	for _, line := range st.Agenda.Behind {
		v, err := l.svc.GetItem(ctx, sup, line.ItemID)
		if err != nil {
			return err
		}
		it := v.Item
		if it.State != luoshi.StateInProgress || !it.Deadline.After(l.clock.AddDate(0, 0, 15)) || !it.UpdatedAt.Before(l.clock) {
			continue
		}
		_, err = l.svc.StocktakeAct(ctx, sup, st.ID, "add-commitment", map[string]any{"kind": string(luoshi.CommitMilestone),
			"text": StocktakeMilestone, "unit_id": it.LeadUnitID, "due": l.clock.AddDate(0, 0, 14), "item_id": it.ID})
		return err
	}
	return nil // late in the year no such item is left: the stocktake records no milestone
}

// day is the date of t in the region's zone.
func (l *loader) day(t time.Time) string { return t.In(l.svc.Location()).Format("2006-01-02") }

// commitStep is a unit's or the office's action on a commitment's item, so many days after
// the stocktake.
type commitStep struct {
	day int
	who *luoshi.Actor
	cmd luoshi.Command
}

// carryCommitments has the units act on the items the commitments became: each accepts
// it the next working day; a delivered one is reported, asked complete and approved by its
// day; one due before now is reported on and left open.
func (l *loader) carryCommitments(ctx context.Context, sup *luoshi.Actor, first time.Time, made []int64) error {
	for i, c := range StocktakeCommitments {
		view, err := l.svc.GetItem(ctx, sup, made[i])
		if err != nil {
			return err
		}
		lead, err := l.actor(ctx, LiaisonUsername(l.unitKey(view.Item.LeadUnitID)))
		if err != nil {
			return err
		}
		steps := []commitStep{{1, lead, luoshi.Command{Action: luoshi.ActAccept}}}
		if c.Delivered > 0 {
			steps = append(steps,
				commitStep{c.Delivered - 3, lead, luoshi.Command{Action: luoshi.ActReport, Text: "已按调度会要求完成主要工作。", Percent: pct(90)}},
				commitStep{c.Delivered - 1, lead, luoshi.Command{Action: luoshi.ActRequestCompletion, Summary: "调度会承诺事项已全部完成。"}},
				commitStep{c.Delivered, sup, luoshi.Command{Action: luoshi.ActApproveCompletion, Text: "经核实已完成。"}})
		} else if l.now.After(first.AddDate(0, 0, c.DueDays)) {
			steps = append(steps, commitStep{5, lead, luoshi.Command{Action: luoshi.ActReport, Text: "已排查主城区点位，乡镇点位尚未开始。", Percent: pct(40)}})
		}
		for _, s := range steps {
			l.at(first.AddDate(0, 0, s.day))
			if _, err := l.svc.Act(ctx, s.who, made[i], s.cmd); err != nil {
				return fmt.Errorf("demo commitment %d, %s: %w", i+1, s.cmd.Action, err)
			}
		}
	}
	return nil
}

// unitKey is the demo key of a unit id.
func (l *loader) unitKey(id int64) string {
	for k, v := range l.units {
		if v == id {
			return k
		}
	}
	return ""
}
