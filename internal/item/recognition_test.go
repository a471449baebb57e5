package item

import (
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

func rcCommend(kind string) luoshi.Command {
	return luoshi.Command{Action: luoshi.ActCommend, Kind: kind, Reason: "提前两周完成全部管网改造"}
}

func rcWaive(id int, grounds string) luoshi.Command {
	return luoshi.Command{Action: luoshi.ActWaive, RecordID: id, Grounds: grounds,
		Reason: "首次试行片区统一征收，经验不足致进度滞后，未谋取私利"}
}

// TestCommendAndWaive drives commendation (表彰) and fault tolerance (容错纠错) through Decide
// and Apply, checking Rebuild after each event: who may, from which states, early delivery
// only when completion was requested by the deadline, once per item; a waiver names one
// record, on grounds from the list, once.
func TestCommendAndWaive(t *testing.T) {
	sup, head, liaison := dtActor(dtSupervisor), dtActor(dtCountyHead), dtActor(dtLeadLiaison)
	f := etCreate(t, etNewItem(t, luoshi.SourceWorkReportTask, luoshi.PriorityImportant, "2026-06-30 17:00", "", dtCoUnit), "2026-06-01 09:00")
	f.refuse(sup, rcCommend("outstanding_delivery"), "2026-06-01 10:00", luoshi.ECONFLICT) // a draft has delivered nothing
	f.refuse(sup, rcWaive(1, "reform_trial"), "2026-06-01 10:00", luoshi.ECONFLICT)
	f.do(sup, etCmd(luoshi.ActAssign, nil), "2026-06-01 11:00", luoshi.EventAssigned, luoshi.StateAssigned, nil)
	f.refuse(sup, rcWaive(1, "reform_trial"), "2026-06-01 12:00", luoshi.ECONFLICT) // no record to waive
	f.do(liaison, etCmd(luoshi.ActAccept, nil), "2026-06-02 09:00", luoshi.EventAccepted, luoshi.StateInProgress, nil)
	f.do(sup, luoshi.Command{Action: luoshi.ActHoldAccountable, Kind: "interview", Reason: "进度滞后"}, "2026-06-10 10:00",
		luoshi.EventAccountabilityRecorded, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
			if len(it.Records) != 1 || it.Records[0].ID != 4 || it.Records[0].UnitIDs[0] != dtLeadUnit || it.Records[0].Waiver != nil {
				tb.Errorf("records %+v", it.Records)
			}
		})
	// Only the office; grounds from the list; the record must exist.
	f.refuse(head, rcWaive(4, "reform_trial"), "2026-06-11 10:00", luoshi.EFORBIDDEN)
	f.refuse(liaison, rcWaive(4, "reform_trial"), "2026-06-11 10:00", luoshi.EFORBIDDEN)
	f.refuse(sup, rcWaive(4, "friendship"), "2026-06-11 10:00", luoshi.EINVALID)
	f.refuse(sup, rcWaive(3, "reform_trial"), "2026-06-11 10:00", luoshi.EINVALID)
	f.refuse(sup, luoshi.Command{Action: luoshi.ActWaive, RecordID: 4, Grounds: "reform_trial"}, "2026-06-11 10:00", luoshi.EINVALID)
	f.do(sup, rcWaive(4, "reform_trial"), "2026-06-11 10:00", luoshi.EventAccountabilityWaived, luoshi.StateInProgress,
		func(tb testing.TB, it *luoshi.Item) {
			w := it.Records[0].Waiver
			if w == nil || w.Grounds != "reform_trial" || !strings.Contains(w.Reason, "未谋取私利") || it.Accountabilities != 1 {
				tb.Errorf("waiver %+v, records %d", w, it.Accountabilities)
			}
		})
	if ev := f.events[len(f.events)-1]; ev.Data.RecordID != 4 || ev.Data.Kind != "interview" || ev.Data.UnitIDs[0] != dtLeadUnit {
		t.Errorf("the waiver's event names record %d of kind %q for %v", ev.Data.RecordID, ev.Data.Kind, ev.Data.UnitIDs)
	}
	f.refuse(sup, rcWaive(4, "exploration"), "2026-06-12 10:00", luoshi.ECONFLICT) // once

	// Early delivery needs a completion requested by the deadline.
	f.refuse(sup, rcCommend("early_delivery"), "2026-06-12 10:00", luoshi.EINVALID)
	f.refuse(sup, rcCommend("speedy"), "2026-06-12 10:00", luoshi.EINVALID)
	f.refuse(head, rcCommend("outstanding_delivery"), "2026-06-12 10:00", luoshi.EFORBIDDEN)
	f.do(liaison, etCmd(luoshi.ActRequestCompletion, nil), "2026-06-20 10:00", luoshi.EventCompletionRequested, luoshi.StateCompletionRequested, nil)
	f.do(sup, etCmd(luoshi.ActApproveCompletion, func(c *luoshi.Command) { c.ConfirmPercent = "yes" }), "2026-06-22 10:00", luoshi.EventCompletionApproved, luoshi.StateCompleted, nil)
	f.do(sup, rcCommend("early_delivery"), "2026-06-23 10:00", luoshi.EventCommended, luoshi.StateCompleted, func(tb testing.TB, it *luoshi.Item) {
		if len(it.Commendations) != 1 || it.Commendations[0].Kind != "early_delivery" || it.Commendations[0].UnitIDs[0] != dtLeadUnit {
			tb.Errorf("commendations %+v", it.Commendations)
		}
	})
	f.refuse(sup, rcCommend("outstanding_delivery"), "2026-06-24 10:00", luoshi.ECONFLICT) // once per item
}

// TestCommendLate: an item delivered after its deadline may be commended for its results,
// not for being early.
func TestCommendLate(t *testing.T) {
	sup, liaison := dtActor(dtSupervisor), dtActor(dtLeadLiaison)
	f := etCreate(t, etNewItem(t, luoshi.SourceOther, luoshi.PriorityRoutine, "2026-06-30 17:00", ""), "2026-06-01 09:00")
	f.do(sup, etCmd(luoshi.ActAssign, nil), "2026-06-01 11:00", luoshi.EventAssigned, luoshi.StateAssigned, nil)
	f.do(liaison, etCmd(luoshi.ActAccept, nil), "2026-06-02 09:00", luoshi.EventAccepted, luoshi.StateInProgress, nil)
	f.do(liaison, etCmd(luoshi.ActRequestCompletion, nil), "2026-07-02 10:00", luoshi.EventCompletionRequested, luoshi.StateCompletionRequested, nil)
	_, err := DecideCommand(f.p, f.it, sup, rcCommend("early_delivery"), dtAt(t, "2026-07-03 10:00"))
	if luoshi.ErrorCode(err) != luoshi.EINVALID || !strings.Contains(zh(err), "提前办结") {
		t.Errorf("early delivery of a late item: %v", err)
	}
	f.do(sup, rcCommend("outstanding_delivery"), "2026-07-03 10:00", luoshi.EventCommended, luoshi.StateCompletionRequested, nil)
}
