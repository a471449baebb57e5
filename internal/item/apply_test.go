package item

import (
	"encoding/json"
	"luoshi/internal/luoshi"
	"reflect"
	"strings"
	"testing"
	"time"
)

// etFlow drives one item through its workflow with Decide and Apply, as the service does,
// and checks after every step that Rebuild over the events so far gives the same item and
// that no event recorded earlier has changed.
type etFlow struct {
	t      *testing.T
	p      *luoshi.Policy
	it     *luoshi.Item
	events []luoshi.Event
	snaps  []string // each event as JSON when it was recorded
}

// etJSON encodes v or fails.
func etJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// etCreate starts a flow with the created event of item, by the supervisor, at at.
func etCreate(t *testing.T, item *luoshi.Item, at string) *etFlow {
	t.Helper()
	f := &etFlow{t: t, p: dtPolicy(t)}
	ev := luoshi.Event{ItemID: 42, Seq: 1, Kind: luoshi.EventCreated, ActorID: dtActor(dtSupervisor).UserID, At: dtAt(t, at),
		Data: luoshi.EventData{Item: item}}
	f.record(ev)
	if f.it.State != luoshi.StateDraft || f.it.ID != 42 || f.it.Version != 1 {
		t.Fatalf("created: state %s id %d version %d", f.it.State, f.it.ID, f.it.Version)
	}
	return f
}

// record applies ev to a copy of the item, keeps it, and checks Rebuild and the record.
func (f *etFlow) record(ev luoshi.Event) {
	t := f.t
	t.Helper()
	next := &luoshi.Item{}
	if f.it != nil {
		next = f.it.Clone()
	}
	if err := Apply(next, ev); err != nil {
		t.Fatalf("apply %s: %v", ev.Kind, err)
	}
	f.it = next
	f.events = append(f.events, ev)
	f.snaps = append(f.snaps, etJSON(t, ev))
	rebuilt, err := Rebuild(f.events)
	if err != nil {
		t.Fatalf("rebuild after %s: %v", ev.Kind, err)
	}
	// Clone on both sides, so that a nil and an empty slice compare equal.
	if !reflect.DeepEqual(rebuilt.Clone(), f.it.Clone()) {
		t.Errorf("after %s Rebuild differs from the item:\nrebuilt %+v\n   item %+v", ev.Kind, rebuilt, f.it)
	}
	if got, want := etJSON(t, rebuilt), etJSON(t, f.it); got != want {
		t.Errorf("after %s Rebuild JSON differs:\nrebuilt %s\n   item %s", ev.Kind, got, want)
	}
	if f.it.Version != ev.Seq || !f.it.UpdatedAt.Equal(ev.At) {
		t.Errorf("after %s: version %d updated %v, want %d %v", ev.Kind, f.it.Version, f.it.UpdatedAt, ev.Seq, ev.At)
	}
	for i, e := range f.events {
		if got := etJSON(t, e); got != f.snaps[i] {
			t.Errorf("event %d (%s) changed after it was recorded:\n was %s\n now %s", e.Seq, e.Kind, f.snaps[i], got)
		}
	}
}

// do takes cmd as a at the time given, expecting the event kind and then the state; check
// looks at anything else.
func (f *etFlow) do(a *luoshi.Actor, cmd luoshi.Command, at string, kind luoshi.EventKind, state luoshi.State, check func(tb testing.TB, it *luoshi.Item)) {
	t := f.t
	t.Helper()
	now := dtAt(t, at)
	ev, err := DecideCommand(f.p, f.it, a, cmd, now)
	if err != nil {
		t.Fatalf("%s by user %d at %s: %v", cmd.Action, a.UserID, at, err)
	}
	if ev.Kind != kind {
		t.Errorf("%s: event %s, want %s", cmd.Action, ev.Kind, kind)
	}
	f.record(ev)
	if f.it.State != state {
		t.Errorf("after %s: state %s, want %s", cmd.Action, f.it.State, state)
	}
	if check != nil {
		check(t, f.it)
	}
}

// refuse checks that cmd is refused with code and leaves the item as it was.
func (f *etFlow) refuse(a *luoshi.Actor, cmd luoshi.Command, at, code string) {
	t := f.t
	t.Helper()
	before := etJSON(t, f.it)
	_, err := DecideCommand(f.p, f.it, a, cmd, dtAt(t, at))
	if luoshi.ErrorCode(err) != code {
		t.Errorf("%s by user %d at %s: got %v (%s), want %s", cmd.Action, a.UserID, at, err, luoshi.ErrorCode(err), code)
	}
	if etJSON(t, f.it) != before {
		t.Errorf("refused %s changed the item", cmd.Action)
	}
}

func etCmd(act luoshi.Action, edit func(c *luoshi.Command)) luoshi.Command {
	c := dtValid(act, &luoshi.Item{})
	c.Action = act
	if edit != nil {
		edit(&c)
	}
	return c
}

func etReport(pct int, milestones ...int) luoshi.Command {
	return etCmd(luoshi.ActReport, func(c *luoshi.Command) { c.Percent, c.MilestonesDone = dtPtr(pct), milestones })
}

func etExtend(tb testing.TB, to string, pct int) luoshi.Command {
	return etCmd(luoshi.ActRequestExtension, func(c *luoshi.Command) { c.Deadline, c.Percent = dtPtr(dtAt(tb, to)), dtPtr(pct) })
}

func etUrge(l luoshi.UrgeLevel) luoshi.Command {
	return etCmd(luoshi.ActUrge, func(c *luoshi.Command) { c.Level = l })
}

// etUnitActor is the liaison or staff member of unit u.
func etUnitActor(id, u int64, r luoshi.Role) *luoshi.Actor {
	return &luoshi.Actor{UserID: id, RegionID: dtRegion, UnitID: u, Roles: []luoshi.Role{r}}
}

// etNewItem is the payload of a created event.
func etNewItem(tb testing.TB, src luoshi.Source, pr luoshi.Priority, deadline, cadence string, co ...int64) *luoshi.Item {
	tb.Helper()
	var c luoshi.Cadence
	if cadence != "" {
		c = ptCadence(tb, cadence)
	}
	return &luoshi.Item{RegionID: dtRegion, Code: "DB-2026-042", Title: "城区污水管网改造", Source: src, SourceRef: "2026 年政府工作报告第 12 项",
		Priority: pr, LeadUnitID: dtLeadUnit, CoUnitIDs: co, LeaderID: dtPtr(dtRespLeader), Deadline: dtAt(tb, deadline),
		ReportEvery: c, Unclassified: true}
}

func TestRebuildFlowReassignExtendReturnEvaluate(t *testing.T) {
	sup, head, liaison10, co11 := dtActor(dtSupervisor), dtActor(dtCountyHead), dtActor(dtLeadLiaison), dtActor(dtCoLiaison)
	liaison13, staff13 := etUnitActor(20, dtNewLeadUnit, luoshi.RoleLiaison), etUnitActor(21, dtNewLeadUnit, luoshi.RoleStaff)
	it := etNewItem(t, luoshi.SourceWorkReportTask, luoshi.PriorityImportant, "2026-10-30 17:00", "1mo", dtCoUnit, dtNewLeadUnit)
	it.Milestones = []luoshi.Milestone{{ID: 1, Title: "完成设计", Due: dtAt(t, "2026-07-15 17:00")},
		{ID: 2, Title: "主体施工", Due: dtAt(t, "2026-09-15 17:00"), Percent: 70}}
	f := etCreate(t, it, "2026-06-01 09:00")

	f.do(sup, etCmd(luoshi.ActAssign, nil), "2026-06-01 10:00", luoshi.EventAssigned, luoshi.StateAssigned, func(tb testing.TB, it *luoshi.Item) {
		if it.AssignedAt == nil || !it.AssignedAt.Equal(dtAt(tb, "2026-06-01 10:00")) {
			tb.Errorf("assigned at %v", it.AssignedAt)
		}
	})
	f.do(liaison10, etCmd(luoshi.ActDecline, nil), "2026-06-02 10:00", luoshi.EventDeclined, luoshi.StateDeclined, func(tb testing.TB, it *luoshi.Item) {
		if it.Declines != 1 {
			tb.Errorf("declines %d, want 1", it.Declines)
		}
	})
	f.do(sup, etCmd(luoshi.ActReassign, nil), "2026-06-02 15:00", luoshi.EventReassigned, luoshi.StateAssigned, func(tb testing.TB, it *luoshi.Item) {
		if it.LeadUnitID != dtNewLeadUnit || !reflect.DeepEqual(it.CoUnitIDs, []int64{dtCoUnit}) || it.Reassignments != 1 {
			tb.Errorf("lead %d co %v reassignments %d, want %d [%d] 1", it.LeadUnitID, it.CoUnitIDs, it.Reassignments, dtNewLeadUnit, dtCoUnit)
		}
		if !it.AssignedAt.Equal(dtAt(tb, "2026-06-02 15:00")) || it.DeclineClosed {
			tb.Errorf("assigned at %v, decline closed %v: the new lead gets a fresh window", it.AssignedAt, it.DeclineClosed)
		}
	})
	f.refuse(liaison10, etCmd(luoshi.ActAccept, nil), "2026-06-03 09:00", luoshi.ENOTFOUND) // no longer involved
	f.do(liaison13, etCmd(luoshi.ActAccept, nil), "2026-06-03 09:00", luoshi.EventAccepted, luoshi.StateInProgress, nil)
	f.do(liaison13, etReport(20, 1), "2026-06-20 10:00", luoshi.EventReported, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.Percent != 20 || it.Milestones[0].DoneAt == nil || it.Milestones[1].DoneAt != nil || it.LastReportAt == nil {
			tb.Errorf("percent %d milestones %+v last report %v", it.Percent, it.Milestones, it.LastReportAt)
		}
	})
	f.do(staff13, etReport(30), "2026-06-25 10:00", luoshi.EventReportDrafted, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.Percent != 20 || !it.LastReportAt.Equal(dtAt(tb, "2026-06-20 10:00")) {
			tb.Errorf("a draft moved the item: percent %d last report %v", it.Percent, it.LastReportAt)
		}
	})
	f.do(sup, etUrge(luoshi.UrgeBlue), "2026-07-20 10:00", luoshi.EventUrged, luoshi.StateInProgress, nil)
	f.do(sup, etUrge(luoshi.UrgeOrange), "2026-07-27 10:00", luoshi.EventUrged, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.UrgeLevel != luoshi.UrgeOrange {
			tb.Errorf("urge level %s", it.UrgeLevel)
		}
	})
	f.refuse(sup, etUrge(luoshi.UrgeBlue), "2026-07-28 09:00", luoshi.EINVALID)
	f.do(co11, etCmd(luoshi.ActComment, nil), "2026-07-28 10:00", luoshi.EventCommented, luoshi.StateInProgress, nil)
	f.do(head, etCmd(luoshi.ActInstruct, nil), "2026-07-28 11:00", luoshi.EventInstructed, luoshi.StateInProgress, nil)
	f.do(liaison13, etExtend(t, "2026-11-30 17:00", 35), "2026-08-03 10:00", luoshi.EventExtensionRequested, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		p := it.PendingExtension
		if p == nil || !p.Deadline.Equal(dtAt(tb, "2026-11-30 17:00")) || p.Percent != 35 || p.RequestedBy != liaison13.UserID || it.Percent != 35 {
			tb.Errorf("pending %+v percent %d", p, it.Percent)
		}
	})
	f.refuse(liaison13, etExtend(t, "2026-12-15 17:00", 36), "2026-08-04 10:00", luoshi.ECONFLICT)
	f.do(sup, etCmd(luoshi.ActApproveExtension, nil), "2026-08-05 10:00", luoshi.EventExtensionApproved, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.PendingExtension != nil || !it.Deadline.Equal(dtAt(tb, "2026-11-30 17:00")) {
			tb.Errorf("pending %+v deadline %v, want none and 2026-11-30 17:00", it.PendingExtension, it.Deadline)
		}
	})
	f.do(liaison13, etExtend(t, "2026-12-31 17:00", 40), "2026-08-10 10:00", luoshi.EventExtensionRequested, luoshi.StateInProgress, nil)
	f.do(sup, etCmd(luoshi.ActDenyExtension, nil), "2026-08-12 10:00", luoshi.EventExtensionDenied, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.PendingExtension != nil || !it.Deadline.Equal(dtAt(tb, "2026-11-30 17:00")) {
			tb.Errorf("pending %+v deadline %v, want none and 2026-11-30 17:00 kept", it.PendingExtension, it.Deadline)
		}
	})
	f.do(liaison13, etCmd(luoshi.ActRequestCompletion, nil), "2026-10-20 10:00", luoshi.EventCompletionRequested, luoshi.StateCompletionRequested, nil)
	f.do(sup, etCmd(luoshi.ActReturn, nil), "2026-10-22 10:00", luoshi.EventReturned, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.CompletionRequestedAt != nil {
			tb.Errorf("completion requested at %v after return", it.CompletionRequestedAt)
		}
	})
	f.do(liaison13, etReport(90, 2), "2026-10-26 10:00", luoshi.EventReported, luoshi.StateInProgress, nil)
	f.do(liaison13, etCmd(luoshi.ActRequestCompletion, nil), "2026-11-02 10:00", luoshi.EventCompletionRequested, luoshi.StateCompletionRequested, nil)
	f.do(sup, etCmd(luoshi.ActApproveCompletion, nil), "2026-11-04 10:00", luoshi.EventCompletionApproved, luoshi.StateCompleted, func(tb testing.TB, it *luoshi.Item) {
		if it.OnTime == nil || !*it.OnTime || it.Percent != 100 || it.CompletedAt == nil {
			tb.Errorf("on time %v percent %d completed %v", it.OnTime, it.Percent, it.CompletedAt)
		}
		if got := f.events[len(f.events)-1].Data.ConfirmedPercent; got != nil {
			tb.Errorf("an approval at 90 %% records a confirmation of %d %%", *got)
		}
	})
	f.do(sup, etCmd(luoshi.ActEvaluate, func(c *luoshi.Command) { c.Rating = "excellent" }), "2026-11-05 10:00", luoshi.EventEvaluated, luoshi.StateCompleted, func(tb testing.TB, it *luoshi.Item) {
		if it.Rating != "excellent" {
			tb.Errorf("rating %q", it.Rating)
		}
	})
	f.refuse(sup, etCmd(luoshi.ActEvaluate, nil), "2026-11-06 09:00", luoshi.ECONFLICT)
	f.do(sup, etCmd(luoshi.ActHoldAccountable, func(c *luoshi.Command) { c.Kind = "notice_criticism" }), "2026-11-06 10:00", luoshi.EventAccountabilityRecorded, luoshi.StateCompleted, func(tb testing.TB, it *luoshi.Item) {
		if it.Accountabilities != 1 {
			tb.Errorf("accountabilities %d", it.Accountabilities)
		}
	})
	if len(f.events) != 22 {
		t.Errorf("%d events, want 22", len(f.events))
	}
}

func TestRebuildFlowInsistSuspendResumeCancel(t *testing.T) {
	sup, head, leader, liaison := dtActor(dtSupervisor), dtActor(dtCountyHead), dtActor(dtLeadLeader), dtActor(dtLeadLiaison)
	f := etCreate(t, etNewItem(t, luoshi.SourceLeaderInstruction, luoshi.PriorityUrgent, "2026-07-08 18:00", "4h", dtCoUnit), "2026-07-06 08:00")

	f.do(sup, etCmd(luoshi.ActAssign, nil), "2026-07-06 08:10", luoshi.EventAssigned, luoshi.StateAssigned, nil)
	f.do(liaison, etCmd(luoshi.ActDecline, nil), "2026-07-06 08:30", luoshi.EventDeclined, luoshi.StateDeclined, nil)
	f.do(sup, etCmd(luoshi.ActInsist, nil), "2026-07-06 09:00", luoshi.EventInsisted, luoshi.StateAssigned, func(tb testing.TB, it *luoshi.Item) {
		if !it.DeclineClosed || it.LeadUnitID != dtLeadUnit || it.Reassignments != 0 || it.Declines != 1 {
			tb.Errorf("decline closed %v lead %d reassignments %d declines %d", it.DeclineClosed, it.LeadUnitID, it.Reassignments, it.Declines)
		}
	})
	f.refuse(liaison, etCmd(luoshi.ActDecline, nil), "2026-07-06 09:10", luoshi.ECONFLICT)
	f.do(liaison, etCmd(luoshi.ActAccept, nil), "2026-07-06 09:20", luoshi.EventAccepted, luoshi.StateInProgress, nil)
	f.do(sup, etUrge(luoshi.UrgeOrange), "2026-07-06 14:00", luoshi.EventUrged, luoshi.StateInProgress, nil) // a leader's instruction may start at orange
	f.do(sup, etUrge(luoshi.UrgeRed), "2026-07-07 09:00", luoshi.EventUrged, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.UrgeLevel != luoshi.UrgeRed {
			tb.Errorf("urge level %s", it.UrgeLevel)
		}
	})
	f.do(leader, etCmd(luoshi.ActSuspend, nil), "2026-07-07 10:00", luoshi.EventSuspended, luoshi.StateSuspended, func(tb testing.TB, it *luoshi.Item) {
		if it.ResumeState != luoshi.StateInProgress {
			tb.Errorf("resume state %q", it.ResumeState)
		}
	})
	f.refuse(liaison, etReport(60), "2026-07-07 11:00", luoshi.ECONFLICT)
	f.refuse(sup, etUrge(luoshi.UrgeRed), "2026-07-07 11:00", luoshi.ECONFLICT)
	f.do(head, etCmd(luoshi.ActResume, nil), "2026-07-07 14:00", luoshi.EventResumed, luoshi.StateInProgress, func(tb testing.TB, it *luoshi.Item) {
		if it.ResumeState != "" || it.AcceptedAt == nil {
			tb.Errorf("resume state %q accepted %v", it.ResumeState, it.AcceptedAt)
		}
	})
	f.do(liaison, etReport(60), "2026-07-07 14:30", luoshi.EventReported, luoshi.StateInProgress, nil)
	f.do(sup, etCmd(luoshi.ActSuspend, nil), "2026-07-07 15:00", luoshi.EventSuspended, luoshi.StateSuspended, nil)
	f.do(sup, etCmd(luoshi.ActCancel, nil), "2026-07-07 16:00", luoshi.EventCancelled, luoshi.StateCancelled, func(tb testing.TB, it *luoshi.Item) {
		if it.ResumeState != "" {
			tb.Errorf("resume state %q after cancel", it.ResumeState)
		}
	})
	f.refuse(head, etCmd(luoshi.ActResume, nil), "2026-07-08 09:00", luoshi.ECONFLICT)
	f.do(sup, etCmd(luoshi.ActHoldAccountable, func(c *luoshi.Command) { c.Kind, c.UnitIDs = "rectification", []int64{dtLeadUnit, dtCoUnit} }),
		"2026-07-08 10:00", luoshi.EventAccountabilityRecorded, luoshi.StateCancelled, func(tb testing.TB, it *luoshi.Item) {
			if it.Accountabilities != 1 || it.UrgeLevel != luoshi.UrgeRed || it.Percent != 60 {
				tb.Errorf("accountabilities %d urge %s percent %d", it.Accountabilities, it.UrgeLevel, it.Percent)
			}
		})
}

func TestRebuildFlowSuspendEarlyCompleteLate(t *testing.T) {
	sup, head, leader, liaison := dtActor(dtSupervisor), dtActor(dtCountyHead), dtActor(dtLeadLeader), dtActor(dtLeadLiaison)
	f := etCreate(t, etNewItem(t, luoshi.SourceOther, luoshi.PriorityRoutine, "2026-06-30 17:00", ""), "2026-06-01 09:00")

	f.do(leader, etCmd(luoshi.ActSuspend, nil), "2026-06-01 10:00", luoshi.EventSuspended, luoshi.StateSuspended, func(tb testing.TB, it *luoshi.Item) {
		if it.ResumeState != luoshi.StateDraft {
			tb.Errorf("resume state %q", it.ResumeState)
		}
	})
	f.do(sup, etCmd(luoshi.ActResume, nil), "2026-06-02 10:00", luoshi.EventResumed, luoshi.StateDraft, nil)
	f.do(sup, etCmd(luoshi.ActAssign, nil), "2026-06-02 11:00", luoshi.EventAssigned, luoshi.StateAssigned, nil)
	f.do(head, etCmd(luoshi.ActSuspend, nil), "2026-06-02 12:00", luoshi.EventSuspended, luoshi.StateSuspended, nil)
	f.do(leader, etCmd(luoshi.ActResume, nil), "2026-06-02 13:00", luoshi.EventResumed, luoshi.StateAssigned, nil)
	f.do(liaison, etCmd(luoshi.ActAccept, nil), "2026-06-02 14:00", luoshi.EventAccepted, luoshi.StateInProgress, nil)
	f.do(liaison, etReport(50), "2026-06-15 14:00", luoshi.EventReported, luoshi.StateInProgress, nil)
	f.refuse(liaison, etExtend(t, "2026-07-31 17:00", 80), "2026-07-01 09:00", luoshi.EINVALID) // too late to ask
	f.do(liaison, etCmd(luoshi.ActRequestCompletion, nil), "2026-07-03 10:00", luoshi.EventCompletionRequested, luoshi.StateCompletionRequested, nil)
	// Reported at 50 %, below luoshi.CompletionConfirmBelow: approved only once confirmed.
	f.refuse(sup, etCmd(luoshi.ActApproveCompletion, nil), "2026-07-06 09:00", luoshi.EINVALID)
	f.refuse(sup, etCmd(luoshi.ActApproveCompletion, func(c *luoshi.Command) { c.ConfirmPercent = "true" }), "2026-07-06 09:30", luoshi.EINVALID)
	f.do(sup, etCmd(luoshi.ActApproveCompletion, func(c *luoshi.Command) { c.ConfirmPercent = "yes" }), "2026-07-06 10:00", luoshi.EventCompletionApproved, luoshi.StateCompleted, func(tb testing.TB, it *luoshi.Item) {
		if got := f.events[len(f.events)-1].Data.ConfirmedPercent; got == nil || *got != 50 {
			tb.Errorf("the approval records the confirmed percent %v, want 50", got)
		}
		if it.OnTime == nil || *it.OnTime {
			tb.Errorf("on time %v for a request after the deadline", it.OnTime)
		}
	})
	f.refuse(sup, etCmd(luoshi.ActCancel, nil), "2026-07-07 10:00", luoshi.ECONFLICT)
}

func TestRebuildFlowCancelDeclined(t *testing.T) {
	sup, head, liaison := dtActor(dtSupervisor), dtActor(dtCountyHead), dtActor(dtLeadLiaison)
	f := etCreate(t, etNewItem(t, luoshi.SourceMeetingDecision, luoshi.PriorityImportant, "2026-08-31 17:00", "", dtCoUnit), "2026-06-01 09:00")
	f.do(sup, etCmd(luoshi.ActAssign, nil), "2026-06-01 10:00", luoshi.EventAssigned, luoshi.StateAssigned, nil)
	f.do(liaison, etCmd(luoshi.ActDecline, nil), "2026-06-03 10:00", luoshi.EventDeclined, luoshi.StateDeclined, nil)
	f.do(head, etCmd(luoshi.ActCancel, nil), "2026-06-04 10:00", luoshi.EventCancelled, luoshi.StateCancelled, nil)
}

// TestEventPayloadNotAliased applies each decided event to the very item it was decided
// on: an event is immutable (DOMAIN.md, "Events"), so applying it must not change it.
func TestEventPayloadNotAliased(t *testing.T) {
	p := dtPolicy(t)
	it := dtItem(t, dtSitInProgress)
	var events []luoshi.Event
	var snaps []string
	changed := map[int]bool{}
	for _, step := range []struct {
		who dtWho
		cmd luoshi.Command
		at  string
	}{
		{dtLeadLiaison, etExtend(t, "2026-08-31 17:00", 40), "2026-06-02 10:00"},
		{dtSupervisor, etCmd(luoshi.ActApproveExtension, nil), "2026-06-03 10:00"},
		{dtLeadLiaison, etReport(50), "2026-06-04 10:00"},
	} {
		ev, err := DecideCommand(p, it, dtActor(step.who), step.cmd, dtAt(t, step.at))
		if err != nil {
			t.Fatalf("%s: %v", step.cmd.Action, err)
		}
		events, snaps = append(events, ev), append(snaps, etJSON(t, ev))
		if err := Apply(it, ev); err != nil {
			t.Fatal(err)
		}
		for i, e := range events {
			if got := etJSON(t, e); got != snaps[i] && !changed[i] {
				changed[i] = true
				t.Errorf("after applying %s, event %d (%s) changed:\n was %s\n now %s", ev.Kind, e.Seq, e.Kind, snaps[i], got)
			}
		}
	}
	if len(changed) > 0 {
		t.Errorf("DISCREPANCY with DOMAIN.md (\"every change is an immutable event\"): the payload points into the item " +
			"it was decided on (old_deadline of request-extension and approve-extension is &it.Deadline), so it changes when the item does")
	}
}

func TestRebuildCreated(t *testing.T) {
	at := dtAt(t, "2026-06-01 09:00")
	payload := &luoshi.Item{ID: 5, RegionID: dtRegion, Title: "x", LeadUnitID: dtLeadUnit, CoUnitIDs: []int64{dtCoUnit},
		State: luoshi.StateCompleted, Version: 99, Percent: 70, CreatedAt: at.AddDate(-1, 0, 0), CreatedBy: 77}
	it, err := Rebuild([]luoshi.Event{{ItemID: 42, Seq: 1, Kind: luoshi.EventCreated, ActorID: 3, At: at, Data: luoshi.EventData{Item: payload}}})
	if err != nil {
		t.Fatal(err)
	}
	if it.ID != 42 || it.State != luoshi.StateDraft || it.Version != 1 || it.CreatedBy != 3 || !it.CreatedAt.Equal(at) || !it.UpdatedAt.Equal(at) {
		t.Errorf("created item: id %d state %s version %d by %d at %v/%v", it.ID, it.State, it.Version, it.CreatedBy, it.CreatedAt, it.UpdatedAt)
	}
	it.CoUnitIDs[0] = 999
	if payload.CoUnitIDs[0] != dtCoUnit {
		t.Errorf("the rebuilt item shares its co-units with the event payload")
	}
}

func TestRebuildRefuses(t *testing.T) {
	at := dtAt(t, "2026-06-01 09:00")
	created := luoshi.Event{ItemID: 42, Seq: 1, Kind: luoshi.EventCreated, At: at, Data: luoshi.EventData{Item: &luoshi.Item{RegionID: dtRegion, LeadUnitID: dtLeadUnit}}}
	ev := func(seq int, kind luoshi.EventKind) luoshi.Event {
		return luoshi.Event{ItemID: 42, Seq: seq, Kind: kind, At: at.Add(time.Duration(seq) * time.Hour)}
	}
	for _, tc := range []struct {
		name   string
		events []luoshi.Event
		want   string
	}{
		{"no events", nil, "first event"},
		{"starts with assigned", []luoshi.Event{ev(1, luoshi.EventAssigned), ev(2, luoshi.EventAccepted)}, "first event"},
		{"created second", []luoshi.Event{ev(1, luoshi.EventAssigned), created}, "first event"},
		{"created without item", []luoshi.Event{{ItemID: 42, Seq: 1, Kind: luoshi.EventCreated, At: at}}, "without item"},
		{"seq from 0", []luoshi.Event{{ItemID: 42, Seq: 0, Kind: luoshi.EventCreated, At: at, Data: created.Data}}, "seq"},
		{"seq gap", []luoshi.Event{created, ev(2, luoshi.EventAssigned), ev(4, luoshi.EventAccepted)}, "seq"},
		{"seq repeated", []luoshi.Event{created, ev(2, luoshi.EventAssigned), ev(2, luoshi.EventAccepted)}, "seq"},
		{"seq backwards", []luoshi.Event{created, ev(3, luoshi.EventAssigned), ev(2, luoshi.EventAccepted)}, "seq"},
		{"unknown kind", []luoshi.Event{created, ev(2, luoshi.EventAssigned), ev(3, "teleported")}, "unknown event kind"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it, err := Rebuild(tc.events)
			if err == nil {
				t.Fatalf("Rebuild = %+v, want an error", it)
			}
			if it != nil {
				t.Errorf("Rebuild returned an item with its error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

func TestApplyRefusesUnknownKind(t *testing.T) {
	for _, kind := range []luoshi.EventKind{"", "teleported", "Assigned", "approve-extension"} {
		it := dtItem(t, dtSitInProgress)
		before := etJSON(t, it)
		if err := Apply(it, luoshi.Event{Seq: it.Version + 1, Kind: kind, At: dtNow(t)}); err == nil {
			t.Errorf("Apply(%q) = nil, want an error", kind)
		}
		if etJSON(t, it) != before {
			t.Errorf("Apply(%q) changed the item", kind)
		}
	}
}

func ptCadence(tb testing.TB, s string) luoshi.Cadence {
	tb.Helper()
	c, err := luoshi.ParseCadence(s)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestRebuildLastUrged: the item keeps the time of its latest urging and its highest level,
// whatever order the urgings' times come in — what the reminders read instead of the events.
func TestRebuildLastUrged(t *testing.T) {
	at := dtAt(t, "2026-06-01 09:00")
	evs := []luoshi.Event{{ItemID: 42, Seq: 1, Kind: luoshi.EventCreated, ActorID: 3, At: at,
		Data: luoshi.EventData{Item: &luoshi.Item{RegionID: dtRegion, Title: "x", LeadUnitID: dtLeadUnit}}}}
	it, err := Rebuild(evs)
	if err != nil || it.LastUrgedAt != nil || it.UrgeLevel != "" {
		t.Fatalf("never urged: %v, %v %q", err, it.LastUrgedAt, it.UrgeLevel)
	}
	for i, u := range []struct {
		level luoshi.UrgeLevel
		days  int
	}{{luoshi.UrgeBlue, 3}, {luoshi.UrgeOrange, 7}, {luoshi.UrgeBlue, 5}} {
		evs = append(evs, luoshi.Event{ItemID: 42, Seq: i + 2, Kind: luoshi.EventUrged, ActorID: 3, At: at.AddDate(0, 0, u.days),
			Data: luoshi.EventData{Level: u.level}})
	}
	if it, err = Rebuild(evs); err != nil {
		t.Fatal(err)
	}
	if want := at.AddDate(0, 0, 7); it.LastUrgedAt == nil || !it.LastUrgedAt.Equal(want) || it.UrgeLevel != luoshi.UrgeOrange {
		t.Errorf("after urgings on days 3, 7 and 5: last %v level %q, want %v orange", it.LastUrgedAt, it.UrgeLevel, want)
	}
}
