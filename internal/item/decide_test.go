package item

import (
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Asia/Shanghai even where the system has no zoneinfo
)

// The organisation every dt… test works in: region 1, a lead unit with one co-unit, an
// unrelated unit, and a unit the item can be reassigned to.
const (
	dtRegion      int64 = 1
	dtOtherRegion int64 = 2
	dtLeadUnit    int64 = 10
	dtCoUnit      int64 = 11
	dtOtherUnit   int64 = 12
	dtNewLeadUnit int64 = 13
	dtOfficeUnit  int64 = 1   // 督查室
	dtRespLeader  int64 = 150 // the item's responsible leader, none of the actors below
)

// dtLoc returns Asia/Shanghai.
func dtLoc(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// dtPolicy returns the default policy over the embedded 2026 calendar in Asia/Shanghai.
func dtPolicy(tb testing.TB) *luoshi.Policy {
	tb.Helper()
	cal, err := luoshi.NewCalendar(dtLoc(tb), luoshi.DefaultCalendarDays())
	if err != nil {
		tb.Fatal(err)
	}
	return luoshi.DefaultPolicy(cal)
}

// dtAt parses "2006-01-02 15:04" (or with seconds and fraction) in Asia/Shanghai.
func dtAt(tb testing.TB, s string) time.Time {
	tb.Helper()
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout = "2006-01-02 15:04:05.999999999"
	}
	t, err := time.ParseInLocation(layout, s, dtLoc(tb))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func dtPtr[T any](v T) *T { return &v }

// dtWho names one of the test actors.
type dtWho string

const (
	dtSupervisor        dtWho = "supervisor"
	dtCountyHead        dtWho = "county_head"
	dtLeadLeader        dtWho = "leader_of_lead_unit"
	dtUnrelatedLeader   dtWho = "unrelated_leader"
	dtLeadLiaison       dtWho = "lead_liaison"
	dtLeadStaff         dtWho = "lead_staff"
	dtCoLiaison         dtWho = "co_liaison"
	dtOtherLiaison      dtWho = "unrelated_liaison"
	dtSysadmin          dtWho = "sysadmin"
	dtSecadmin          dtWho = "secadmin"
	dtAuditor           dtWho = "auditor"
	dtForeignSupervisor dtWho = "supervisor_other_region"
	dtDeputy            dtWho = "deputy"
)

// dtWhos lists every test actor.
var dtWhos = []dtWho{dtSupervisor, dtCountyHead, dtLeadLeader, dtUnrelatedLeader, dtLeadLiaison,
	dtLeadStaff, dtCoLiaison, dtOtherLiaison, dtSysadmin, dtSecadmin, dtAuditor, dtForeignSupervisor,
	dtDeputy}

// dtActor returns a fresh test actor. The administrators sit in the lead unit on purpose:
// belonging to the unit must not let them see its business.
func dtActor(w dtWho) *luoshi.Actor {
	a := map[dtWho]luoshi.Actor{
		dtSupervisor:        {UserID: 1, RegionID: dtRegion, UnitID: dtOfficeUnit, Roles: []luoshi.Role{luoshi.RoleSupervisor}},
		dtCountyHead:        {UserID: 2, RegionID: dtRegion, UnitID: dtOfficeUnit, Roles: []luoshi.Role{luoshi.RoleLeader}, LeaderID: 101, AllUnits: true},
		dtLeadLeader:        {UserID: 3, RegionID: dtRegion, UnitID: dtOfficeUnit, Roles: []luoshi.Role{luoshi.RoleLeader}, LeaderID: 102, Portfolio: []int64{dtLeadUnit, 20}},
		dtUnrelatedLeader:   {UserID: 4, RegionID: dtRegion, UnitID: dtOfficeUnit, Roles: []luoshi.Role{luoshi.RoleLeader}, LeaderID: 103, Portfolio: []int64{dtOtherUnit, 21}},
		dtLeadLiaison:       {UserID: 5, RegionID: dtRegion, UnitID: dtLeadUnit, Roles: []luoshi.Role{luoshi.RoleLiaison}},
		dtLeadStaff:         {UserID: 6, RegionID: dtRegion, UnitID: dtLeadUnit, Roles: []luoshi.Role{luoshi.RoleStaff}},
		dtCoLiaison:         {UserID: 7, RegionID: dtRegion, UnitID: dtCoUnit, Roles: []luoshi.Role{luoshi.RoleLiaison}},
		dtOtherLiaison:      {UserID: 8, RegionID: dtRegion, UnitID: dtOtherUnit, Roles: []luoshi.Role{luoshi.RoleLiaison}},
		dtSysadmin:          {UserID: 9, RegionID: dtRegion, UnitID: dtLeadUnit, Roles: []luoshi.Role{luoshi.RoleSysadmin}},
		dtSecadmin:          {UserID: 10, RegionID: dtRegion, UnitID: dtLeadUnit, Roles: []luoshi.Role{luoshi.RoleSecadmin}},
		dtAuditor:           {UserID: 11, RegionID: dtRegion, UnitID: dtLeadUnit, Roles: []luoshi.Role{luoshi.RoleAuditor}},
		dtForeignSupervisor: {UserID: 12, RegionID: dtOtherRegion, UnitID: dtOfficeUnit, Roles: []luoshi.Role{luoshi.RoleSupervisor}},
		dtDeputy:            {UserID: 13, RegionID: dtRegion, UnitID: dtOtherUnit, Roles: []luoshi.Role{luoshi.RoleDeputy}},
	}[w]
	return &a
}

// dtSit is a situation an item can be in: a state, plus the in_progress item that has a
// pending extension request (approve/deny need one, a second request is refused).
type dtSit string

const (
	dtSitDraft      dtSit = "draft"
	dtSitAssigned   dtSit = "assigned"
	dtSitDeclined   dtSit = "declined"
	dtSitInProgress dtSit = "in_progress"
	dtSitPending    dtSit = "in_progress+pending_extension"
	dtSitCompReq    dtSit = "completion_requested"
	dtSitCompleted  dtSit = "completed"
	dtSitSuspended  dtSit = "suspended"
	dtSitCancelled  dtSit = "cancelled"
)

var dtSits = []dtSit{dtSitDraft, dtSitAssigned, dtSitDeclined, dtSitInProgress, dtSitPending,
	dtSitCompReq, dtSitCompleted, dtSitSuspended, dtSitCancelled}

// dtNow is the clock of the matrix: Monday 1 June 2026, 10:00 in Shanghai.
func dtNow(tb testing.TB) time.Time { return dtAt(tb, "2026-06-01 10:00") }

// dtItem returns an important, unurged item of source "other", due two months after now,
// in the situation s as though it had got there by its events.
func dtItem(tb testing.TB, s dtSit) *luoshi.Item {
	tb.Helper()
	now := dtNow(tb)
	it := &luoshi.Item{ID: 7, RegionID: dtRegion, Code: "DB-2026-007", Title: "老旧小区改造", Content: "完成 12 个小区改造",
		Source: luoshi.SourceOther, Priority: luoshi.PriorityImportant, LeadUnitID: dtLeadUnit, CoUnitIDs: []int64{dtCoUnit},
		LeaderID: dtPtr(dtRespLeader), Deadline: dtAt(tb, "2026-07-31 17:00"), Unclassified: true,
		State: luoshi.StateDraft, Version: 1, CreatedBy: 1, CreatedAt: now.AddDate(0, 0, -10), UpdatedAt: now.AddDate(0, 0, -10)}
	// Assigned an hour ago (inside the decline window), or a week ago and accepted since.
	recent, assigned, accepted := now.Add(-time.Hour), now.AddDate(0, 0, -7), now.AddDate(0, 0, -6)
	switch s {
	case dtSitDraft:
	case dtSitAssigned:
		it.State, it.AssignedAt, it.Version = luoshi.StateAssigned, &recent, 2
	case dtSitDeclined:
		it.State, it.AssignedAt, it.Declines, it.Version = luoshi.StateDeclined, &recent, 1, 3
	case dtSitInProgress, dtSitPending:
		it.State, it.AssignedAt, it.AcceptedAt, it.Percent, it.Version = luoshi.StateInProgress, &assigned, &accepted, 30, 3
		if s == dtSitPending {
			it.PendingExtension = &luoshi.ExtensionRequest{Deadline: dtAt(tb, "2026-08-31 17:00"), Reason: "拆迁未完成",
				Percent: 30, RequestedAt: now.Add(-time.Hour), RequestedBy: 5}
			it.Version = 4
		}
	case dtSitCompReq:
		req := now.Add(-time.Hour)
		it.State, it.AssignedAt, it.AcceptedAt, it.CompletionRequestedAt, it.Percent, it.Version =
			luoshi.StateCompletionRequested, &assigned, &accepted, &req, 90, 5
	case dtSitCompleted:
		req, done := now.AddDate(0, 0, -2), now.AddDate(0, 0, -1)
		it.State, it.AssignedAt, it.AcceptedAt, it.CompletionRequestedAt, it.CompletedAt = luoshi.StateCompleted, &assigned, &accepted, &req, &done
		it.OnTime, it.Percent, it.Version = dtPtr(true), 100, 6
	case dtSitSuspended:
		it.State, it.ResumeState, it.AssignedAt, it.AcceptedAt, it.Version = luoshi.StateSuspended, luoshi.StateInProgress, &assigned, &accepted, 5
	case dtSitCancelled:
		it.State, it.AssignedAt, it.Version = luoshi.StateCancelled, &assigned, 3
	default:
		tb.Fatalf("unknown situation %q", s)
	}
	return it
}

// dtValid returns a command for act whose parameters are valid for the item.
func dtValid(act luoshi.Action, it *luoshi.Item) luoshi.Command {
	c := luoshi.Command{Action: act}
	switch act {
	case luoshi.ActDecline:
		c.Reason = "该事项不属于本单位职能"
	case luoshi.ActInsist, luoshi.ActDenyExtension, luoshi.ActReturn, luoshi.ActSuspend, luoshi.ActCancel:
		c.Reason = "按县政府常务会议定执行"
	case luoshi.ActReassign:
		c.LeadUnitID, c.Reason = dtNewLeadUnit, "改由住建局牵头"
	case luoshi.ActReport:
		c.Text, c.Percent = "已完成 5 个小区的外墙改造", dtPtr(50)
	case luoshi.ActUrge:
		c.Level, c.Text = luoshi.UrgeBlue, "请加快进度"
	case luoshi.ActComment, luoshi.ActInstruct:
		c.Text = "请抓紧推进，确保按期完成"
	case luoshi.ActRequestExtension:
		c.Reason, c.Percent, c.Deadline = "拆迁补偿未谈妥", dtPtr(40), dtPtr(it.Deadline.AddDate(0, 1, 0))
	case luoshi.ActRequestCompletion:
		c.Summary = "12 个小区全部完工并通过验收"
	case luoshi.ActEvaluate:
		c.Rating, c.Text = "good", "按期完成"
	case luoshi.ActHoldAccountable:
		c.Reason, c.Kind = "多次催办仍未推进", "interview"
	case luoshi.ActRateConfidence:
		c.Confidence, c.Reason = luoshi.ConfidenceAmber, "征地尚有两户未签约"
	}
	return c
}

// dtSpec is one row of the expected permission table, written from DOMAIN.md ("Roles" and
// "States and transitions") and NOT read back from the rules map: who may take the action
// (among the actors who can see the item) and in which situations.
type dtSpec struct {
	act  luoshi.Action
	kind luoshi.EventKind
	who  []dtWho
	in   []dtSit
}

var (
	// Who sees an item of the lead unit with one co-unit: the supervision office of the
	// region, the county head, the leader overseeing the lead unit, the lead unit's
	// liaison and staff, and the co-unit's liaison.
	dtSeers = []dtWho{dtSupervisor, dtCountyHead, dtLeadLeader, dtLeadLiaison, dtLeadStaff, dtCoLiaison}
	// "suspend | cancel(reason)[supervisor or leader]"; a leader acts on the work of the
	// portfolio, the county head on all.
	dtSupOrLeader = []dtWho{dtSupervisor, dtCountyHead, dtLeadLeader}
	// "any open state": not completed, not cancelled; suspending a suspended item is a
	// conflict, cancelling it is not.
	dtOpen = []dtSit{dtSitDraft, dtSitAssigned, dtSitDeclined, dtSitInProgress, dtSitPending, dtSitCompReq}
	// Urging presses a unit that owes the next step: to accept, or to get on with the work.
	dtOwedByUnit = []dtSit{dtSitAssigned, dtSitInProgress, dtSitPending}
	// Accountability is recorded on an item once it has been handed to a unit.
	dtStarted = []dtSit{dtSitAssigned, dtSitDeclined, dtSitInProgress, dtSitPending, dtSitCompReq,
		dtSitCompleted, dtSitSuspended, dtSitCancelled}
)

var dtSpecs = []dtSpec{
	{luoshi.ActAssign, luoshi.EventAssigned, []dtWho{dtSupervisor}, []dtSit{dtSitDraft}},
	{luoshi.ActAccept, luoshi.EventAccepted, []dtWho{dtLeadLiaison}, []dtSit{dtSitAssigned}},
	{luoshi.ActDecline, luoshi.EventDeclined, []dtWho{dtLeadLiaison}, []dtSit{dtSitAssigned}},
	// After a decline, and — the assignment being frozen once the decline window closes — whenever
	// the supervision office alone decides to move work still owed.
	{luoshi.ActReassign, luoshi.EventReassigned, []dtWho{dtSupervisor}, []dtSit{dtSitAssigned, dtSitDeclined, dtSitInProgress, dtSitPending}},
	{luoshi.ActInsist, luoshi.EventInsisted, []dtWho{dtSupervisor}, []dtSit{dtSitDeclined}},
	{luoshi.ActReport, luoshi.EventReported, []dtWho{dtLeadLiaison, dtLeadStaff}, []dtSit{dtSitInProgress, dtSitPending}},
	{luoshi.ActUrge, luoshi.EventUrged, []dtWho{dtSupervisor}, dtOwedByUnit},
	{luoshi.ActComment, luoshi.EventCommented, dtSeers, dtSits},
	{luoshi.ActInstruct, luoshi.EventInstructed, []dtWho{dtCountyHead, dtLeadLeader}, dtSits},
	{luoshi.ActRequestExtension, luoshi.EventExtensionRequested, []dtWho{dtLeadLiaison}, []dtSit{dtSitInProgress}},
	{luoshi.ActApproveExtension, luoshi.EventExtensionApproved, []dtWho{dtSupervisor}, []dtSit{dtSitPending}},
	{luoshi.ActDenyExtension, luoshi.EventExtensionDenied, []dtWho{dtSupervisor}, []dtSit{dtSitPending}},
	{luoshi.ActRequestCompletion, luoshi.EventCompletionRequested, []dtWho{dtLeadLiaison}, []dtSit{dtSitInProgress, dtSitPending}},
	{luoshi.ActApproveCompletion, luoshi.EventCompletionApproved, []dtWho{dtSupervisor}, []dtSit{dtSitCompReq}},
	{luoshi.ActReturn, luoshi.EventReturned, []dtWho{dtSupervisor}, []dtSit{dtSitCompReq}},
	// evaluate[supervisor|deputy]: the deputy evaluates their own proposal; this item is
	// not one, so the deputy does not see it.
	{luoshi.ActEvaluate, luoshi.EventEvaluated, []dtWho{dtSupervisor}, []dtSit{dtSitCompleted}},
	{luoshi.ActSuspend, luoshi.EventSuspended, dtSupOrLeader, dtOpen},
	{luoshi.ActResume, luoshi.EventResumed, dtSupOrLeader, []dtSit{dtSitSuspended}},
	{luoshi.ActCancel, luoshi.EventCancelled, dtSupOrLeader, append(slices.Clone(dtOpen), dtSitSuspended)},
	{luoshi.ActHoldAccountable, luoshi.EventAccountabilityRecorded, []dtWho{dtSupervisor}, dtStarted},
	// 落实把握: the lead unit judges its own work, the office its view of it, while the work
	// is under way.
	{luoshi.ActRateConfidence, luoshi.EventConfidenceRated, []dtWho{dtSupervisor, dtLeadLiaison}, []dtSit{dtSitInProgress, dtSitPending, dtSitCompReq}},
}

// dtSitState is the item state of a situation.
func dtSitState(tb testing.TB, s dtSit) luoshi.State { return dtItem(tb, s).State }

// dtExpect is what DOMAIN.md says should come of w taking act in situation s: an error
// code, or "" and the event kind.
func dtExpect(sp dtSpec, w dtWho, s dtSit) (code string, kind luoshi.EventKind) {
	switch {
	case !slices.Contains(dtSeers, w):
		return luoshi.ENOTFOUND, ""
	case !slices.Contains(sp.who, w):
		return luoshi.EFORBIDDEN, ""
	case !slices.Contains(sp.in, s):
		return luoshi.ECONFLICT, ""
	case sp.act == luoshi.ActReport && w == dtLeadStaff:
		return "", luoshi.EventReportDrafted // staff draft; the liaison submits
	}
	return "", sp.kind
}

func TestDecideSpecCoversEverything(t *testing.T) {
	var acts []luoshi.Action
	for _, sp := range dtSpecs {
		acts = append(acts, sp.act)
	}
	// The table is DOMAIN's permission list for the actions it names, an oracle apart from
	// the specs; the actions added since (the co-unit opinion) are checked against their specs
	// by the API's generated matrix (TestActionMatrix).
	for _, a := range acts {
		if !slices.Contains(Actions(), a) {
			t.Errorf("the expected table names %q, which is not an action", a)
		}
	}
	if len(acts) < 21 {
		t.Errorf("the expected table covers only %d actions", len(acts))
	}
	var states []luoshi.State
	for _, s := range dtSits {
		if st := dtSitState(t, s); !slices.Contains(states, st) {
			states = append(states, st)
		}
	}
	if !slices.Equal(states, luoshi.States) {
		t.Errorf("the situations cover %v, States is %v", states, luoshi.States)
	}
}

func TestDecideMatrix(t *testing.T) {
	p := dtPolicy(t)
	now := dtNow(t)
	for _, sp := range dtSpecs {
		for _, s := range dtSits {
			for _, w := range dtWhos {
				wantCode, wantKind := dtExpect(sp, w, s)
				t.Run(string(sp.act)+"/"+string(s)+"/"+string(w), func(t *testing.T) {
					it := dtItem(t, s)
					before := it.Clone()
					a := dtActor(w)
					ev, err := DecideCommand(p, it, a, dtValid(sp.act, it), now)
					dtWantErr(t, err, wantCode, "", it.State)
					if wantCode == "" {
						dtWantEvent(t, ev, it, a, now, wantKind)
					}
					if got := May(p, it, a, sp.act, now); got != (wantCode == "") {
						t.Errorf("Allowed = %v, want %v", got, wantCode == "")
					}
					if !reflect.DeepEqual(it.Clone(), before) { // Clone: nil and empty slices alike
						t.Errorf("Decide changed the item:\n got %+v\nwant %+v", it, before)
					}
				})
			}
		}
	}
}

// dtWantErr fails unless err has the code (nil for ""), names field on EINVALID when field
// is set, and carries the current state on ECONFLICT.
func dtWantErr(tb testing.TB, err error, code, field string, state luoshi.State) {
	tb.Helper()
	if code == "" {
		if err != nil {
			tb.Fatalf("want success, got %s: %v", luoshi.ErrorCode(err), err)
		}
		return
	}
	if err == nil {
		tb.Fatalf("want %s, got success", code)
	}
	e, ok := luoshi.AsError(err)
	if !ok {
		tb.Fatalf("want *Error %s, got %T %v", code, err, err)
	}
	if e.Code != code {
		tb.Fatalf("code = %s, want %s (%v)", e.Code, code, err)
	}
	if e.Message == "" {
		tb.Errorf("%s without a message", code)
	}
	if code == luoshi.ECONFLICT && e.State != string(state) {
		tb.Errorf("Error.State = %q, want %q", e.State, state)
	}
	if field != "" && !slices.ContainsFunc(e.Fields, func(f luoshi.FieldError) bool { return f.Field == field }) {
		tb.Errorf("fields %+v do not name %q", e.Fields, field)
	}
}

// dtWantEvent checks the envelope of a decided event.
func dtWantEvent(tb testing.TB, ev luoshi.Event, it *luoshi.Item, a *luoshi.Actor, now time.Time, kind luoshi.EventKind) {
	tb.Helper()
	if ev.Kind != kind {
		tb.Errorf("kind = %q, want %q", ev.Kind, kind)
	}
	if ev.ItemID != it.ID || ev.Seq != it.Version+1 || ev.ActorID != a.UserID || !ev.At.Equal(now) {
		tb.Errorf("event envelope = item %d seq %d actor %d at %v, want item %d seq %d actor %d at %v",
			ev.ItemID, ev.Seq, ev.ActorID, ev.At, it.ID, it.Version+1, a.UserID, now)
	}
}

// dtRuleCase is one specific rule: an item in a situation (optionally edited), an actor,
// a command and a time, and the outcome.
type dtRuleCase struct {
	name  string
	sit   dtSit
	edit  func(it *luoshi.Item)
	who   dtWho
	cmd   func(it *luoshi.Item) luoshi.Command // nil: dtValid for act
	act   luoshi.Action
	at    string // "" for dtNow
	code  string // "" for success
	field string // EINVALID: the field named
	msg   string // substring of the message
	kind  luoshi.EventKind
	// domain, when set, is the DOMAIN.md rule the code is believed to break; it is printed
	// when the case fails so that the failure explains itself.
	domain string
}

func dtWith(act luoshi.Action, edit func(c *luoshi.Command)) func(it *luoshi.Item) luoshi.Command {
	return func(it *luoshi.Item) luoshi.Command {
		c := dtValid(act, it)
		edit(&c)
		return c
	}
}

// dtExtendBy asks for the item's deadline moved by d.
func dtExtendBy(d time.Duration) func(it *luoshi.Item) luoshi.Command {
	return func(it *luoshi.Item) luoshi.Command {
		c := dtValid(luoshi.ActRequestExtension, it)
		c.Deadline = dtPtr(it.Deadline.Add(d))
		return c
	}
}

func dtUrge(l luoshi.UrgeLevel) func(it *luoshi.Item) luoshi.Command {
	return dtWith(luoshi.ActUrge, func(c *luoshi.Command) { c.Level = l })
}

var (
	dtLong = strings.Repeat("督", luoshi.MaxTextLen+1) // one rune too many, 3 bytes each
	dtMax  = strings.Repeat("督", luoshi.MaxTextLen)
)

// The item of dtSitAssigned is assigned on Tuesday 29 September 2026 at 10:00: three
// working days later, across the National Day holiday (1–7 October) and with 30 September
// a working day, is Friday 9 October 10:00.
func dtAssignedBeforeHoliday(it *luoshi.Item) {
	at := time.Date(2026, 9, 29, 10, 0, 0, 0, it.Deadline.Location())
	it.AssignedAt, it.Deadline = &at, time.Date(2026, 12, 31, 17, 0, 0, 0, it.Deadline.Location())
}

var dtRuleCases = []dtRuleCase{
	// The decline window (退办): 3 working days after assignment; after it the assignment is frozen.
	{name: "decline on the last day of the window", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtLeadLiaison, act: luoshi.ActDecline, at: "2026-10-09 09:59", kind: luoshi.EventDeclined},
	{name: "decline at the very end of the window", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtLeadLiaison, act: luoshi.ActDecline, at: "2026-10-09 10:00", kind: luoshi.EventDeclined},
	{name: "decline during the holiday", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtLeadLiaison, act: luoshi.ActDecline, at: "2026-10-05 12:00", kind: luoshi.EventDeclined},
	{name: "decline after the window", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtLeadLiaison, act: luoshi.ActDecline, at: "2026-10-09 10:00:00.001", code: luoshi.ECONFLICT, msg: "退办期限已于 2026-10-09 10:00 截止"},
	{name: "decline a week later", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtLeadLiaison, act: luoshi.ActDecline, at: "2026-10-12 09:00", code: luoshi.ECONFLICT, msg: "截止"},
	{name: "decline after insist", sit: dtSitAssigned, edit: func(it *luoshi.Item) { it.DeclineClosed = true }, who: dtLeadLiaison, act: luoshi.ActDecline, code: luoshi.ECONFLICT, msg: "不能再退办"},
	{name: "accept after insist", sit: dtSitAssigned, edit: func(it *luoshi.Item) { it.DeclineClosed = true }, who: dtLeadLiaison, act: luoshi.ActAccept, kind: luoshi.EventAccepted},
	{name: "accept after the decline window", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtLeadLiaison, act: luoshi.ActAccept, at: "2026-10-20 09:00", kind: luoshi.EventAccepted},
	{name: "supervisor moves a frozen assignment", sit: dtSitAssigned, edit: dtAssignedBeforeHoliday, who: dtSupervisor, act: luoshi.ActReassign, at: "2026-10-12 09:00", kind: luoshi.EventReassigned,
		domain: "\"the decline window is 3 working days, after which the assignment is frozen and only the supervision office can move it\": " +
			"once the window has closed on an item the unit neither accepted nor declined, the supervisor must be able to reassign it, " +
			"but reassign is only allowed from declined, so nobody can move a frozen assignment"},
	{name: "decline without reason", sit: dtSitAssigned, who: dtLeadLiaison, act: luoshi.ActDecline, cmd: dtWith(luoshi.ActDecline, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "decline with blank reason", sit: dtSitAssigned, who: dtLeadLiaison, act: luoshi.ActDecline, cmd: dtWith(luoshi.ActDecline, func(c *luoshi.Command) { c.Reason = " \t\n　" }), code: luoshi.EINVALID, field: "reason"},
	{name: "decline reason too long", sit: dtSitAssigned, who: dtLeadLiaison, act: luoshi.ActDecline, cmd: dtWith(luoshi.ActDecline, func(c *luoshi.Command) { c.Reason = dtLong }), code: luoshi.EINVALID, field: "reason"},
	{name: "decline reason at the limit", sit: dtSitAssigned, who: dtLeadLiaison, act: luoshi.ActDecline, cmd: dtWith(luoshi.ActDecline, func(c *luoshi.Command) { c.Reason = dtMax }), kind: luoshi.EventDeclined},

	// Reassign and insist.
	{name: "reassign to no unit", sit: dtSitDeclined, who: dtSupervisor, act: luoshi.ActReassign, cmd: dtWith(luoshi.ActReassign, func(c *luoshi.Command) { c.LeadUnitID = 0 }), code: luoshi.EINVALID, field: "lead_unit_id"},
	{name: "reassign to the same lead", sit: dtSitDeclined, who: dtSupervisor, act: luoshi.ActReassign, cmd: dtWith(luoshi.ActReassign, func(c *luoshi.Command) { c.LeadUnitID = dtLeadUnit }), code: luoshi.EINVALID, field: "lead_unit_id"},
	{name: "reassign to the co-unit", sit: dtSitDeclined, who: dtSupervisor, act: luoshi.ActReassign, cmd: dtWith(luoshi.ActReassign, func(c *luoshi.Command) { c.LeadUnitID = dtCoUnit }), kind: luoshi.EventReassigned},
	{name: "insist without reason", sit: dtSitDeclined, who: dtSupervisor, act: luoshi.ActInsist, cmd: dtWith(luoshi.ActInsist, func(c *luoshi.Command) { c.Reason = "  " }), code: luoshi.EINVALID, field: "reason"},
	{name: "insist reason too long", sit: dtSitDeclined, who: dtSupervisor, act: luoshi.ActInsist, cmd: dtWith(luoshi.ActInsist, func(c *luoshi.Command) { c.Reason = dtLong }), code: luoshi.EINVALID, field: "reason"},

	// Extension: before the deadline, to a later date, with reason and progress, one at a time.
	{name: "extension the minute before the deadline", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, at: "2026-07-31 16:59", kind: luoshi.EventExtensionRequested},
	{name: "extension at the deadline", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, at: "2026-07-31 17:00", code: luoshi.EINVALID, field: "deadline"},
	{name: "extension after the deadline", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, at: "2026-08-03 09:00", code: luoshi.EINVALID, field: "deadline"},
	{name: "extension to the same deadline", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtExtendBy(0), code: luoshi.EINVALID, field: "deadline"},
	{name: "extension to an earlier date", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtExtendBy(-16 * 24 * time.Hour), code: luoshi.EINVALID, field: "deadline"},
	{name: "extension one second later", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtExtendBy(time.Second), kind: luoshi.EventExtensionRequested},
	{name: "extension without date", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtWith(luoshi.ActRequestExtension, func(c *luoshi.Command) { c.Deadline = nil }), code: luoshi.EINVALID, field: "deadline"},
	{name: "extension without reason", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtWith(luoshi.ActRequestExtension, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "extension without progress", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtWith(luoshi.ActRequestExtension, func(c *luoshi.Command) { c.Percent = nil }), code: luoshi.EINVALID, field: "percent"},
	{name: "extension with progress 101", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestExtension, cmd: dtWith(luoshi.ActRequestExtension, func(c *luoshi.Command) { c.Percent = dtPtr(101) }), code: luoshi.EINVALID, field: "percent"},
	{name: "second extension while one is pending", sit: dtSitPending, who: dtLeadLiaison, act: luoshi.ActRequestExtension, code: luoshi.ECONFLICT, msg: "待审批"},
	{name: "approve extension without request", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActApproveExtension, code: luoshi.ECONFLICT, msg: "没有待审批的延期申请"},
	{name: "deny extension without request", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActDenyExtension, code: luoshi.ECONFLICT, msg: "没有待审批的延期申请"},
	{name: "deny extension without reason", sit: dtSitPending, who: dtSupervisor, act: luoshi.ActDenyExtension, cmd: dtWith(luoshi.ActDenyExtension, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "approve extension after the old deadline", sit: dtSitPending, who: dtSupervisor, act: luoshi.ActApproveExtension, at: "2026-08-03 09:00", kind: luoshi.EventExtensionApproved},

	// Progress reports.
	{name: "report with problems and next steps", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Problems, c.NextSteps = "资金未到位", "申请县财政调度" }), kind: luoshi.EventReported},
	{name: "report with problems but no next steps", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Problems = "资金未到位" }), code: luoshi.EINVALID, field: "next_steps"},
	{name: "report with problems and blank next steps", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Problems, c.NextSteps = "资金未到位", "   " }), code: luoshi.EINVALID, field: "next_steps"},
	{name: "staff draft with problems but no next steps", sit: dtSitInProgress, who: dtLeadStaff, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Problems = "资金未到位" }), code: luoshi.EINVALID, field: "next_steps"},
	{name: "report without text", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Text = "" }), code: luoshi.EINVALID, field: "text"},
	{name: "report text too long", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Text = dtLong }), code: luoshi.EINVALID, field: "text"},
	{name: "report without percent", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Percent = nil }), code: luoshi.EINVALID, field: "percent"},
	{name: "report percent -1", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Percent = dtPtr(-1) }), code: luoshi.EINVALID, field: "percent"},
	{name: "report percent 0", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Percent = dtPtr(0) }), kind: luoshi.EventReported},
	{name: "report percent 99", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Percent = dtPtr(99) }), kind: luoshi.EventReported},
	{name: "report percent 100", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Percent = dtPtr(100) }), code: luoshi.EINVALID, field: "percent"},
	{name: "report percent 101", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.Percent = dtPtr(101) }), code: luoshi.EINVALID, field: "percent"},
	{name: "report an unknown milestone done", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.MilestonesDone = []int{99} }), code: luoshi.EINVALID, field: "milestones_done"},
	{name: "report a milestone done", sit: dtSitInProgress, edit: func(it *luoshi.Item) {
		it.Milestones = []luoshi.Milestone{{ID: 3, Title: "完成设计", Due: it.Deadline.AddDate(0, 0, -20)}}
	}, who: dtLeadLiaison, act: luoshi.ActReport, cmd: dtWith(luoshi.ActReport, func(c *luoshi.Command) { c.MilestonesDone = []int{3} }), kind: luoshi.EventReported},

	// Urging: blue, then orange, then red; urgent items and leader instructions may start at
	// orange; never downwards.
	{name: "first urge blue", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeBlue), kind: luoshi.EventUrged},
	{name: "first urge orange on a routine item", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.Priority = luoshi.PriorityRoutine }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeOrange), code: luoshi.EINVALID, field: "level"},
	{name: "first urge orange on an important item", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeOrange), code: luoshi.EINVALID, field: "level"},
	{name: "first urge orange on an urgent item", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.Priority = luoshi.PriorityUrgent }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeOrange), kind: luoshi.EventUrged},
	{name: "first urge orange on a leader instruction", sit: dtSitAssigned, edit: func(it *luoshi.Item) { it.Source = luoshi.SourceLeaderInstruction }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeOrange), kind: luoshi.EventUrged},
	{name: "first urge red on an urgent item", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.Priority = luoshi.PriorityUrgent }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeRed), code: luoshi.EINVALID, field: "level"},
	{name: "first urge red on a leader instruction", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.Source = luoshi.SourceLeaderInstruction }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeRed), code: luoshi.EINVALID, field: "level"},
	{name: "red after blue", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeBlue }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeRed), code: luoshi.EINVALID, field: "level"},
	{name: "orange after blue", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeBlue }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeOrange), kind: luoshi.EventUrged},
	{name: "blue again after blue", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeBlue }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeBlue), kind: luoshi.EventUrged},
	{name: "red after orange", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeOrange }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeRed), kind: luoshi.EventUrged},
	{name: "blue after orange", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeOrange }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeBlue), code: luoshi.EINVALID, field: "level"},
	{name: "orange after red", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeRed }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeOrange), code: luoshi.EINVALID, field: "level"},
	{name: "blue after red", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeRed }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeBlue), code: luoshi.EINVALID, field: "level"},
	{name: "red again after red", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.UrgeLevel = luoshi.UrgeRed }, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(luoshi.UrgeRed), kind: luoshi.EventUrged},
	{name: "urge without level", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge(""), code: luoshi.EINVALID, field: "level"},
	{name: "urge purple", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtUrge("purple"), code: luoshi.EINVALID, field: "level"},
	{name: "urge text too long", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActUrge, cmd: dtWith(luoshi.ActUrge, func(c *luoshi.Command) { c.Text = dtLong }), code: luoshi.EINVALID, field: "text"},

	// Completion and evaluation.
	{name: "request completion without summary", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestCompletion, cmd: dtWith(luoshi.ActRequestCompletion, func(c *luoshi.Command) { c.Summary = "" }), code: luoshi.EINVALID, field: "summary"},
	{name: "request completion after the deadline", sit: dtSitInProgress, who: dtLeadLiaison, act: luoshi.ActRequestCompletion, at: "2026-08-10 09:00", kind: luoshi.EventCompletionRequested},
	{name: "return without reason", sit: dtSitCompReq, who: dtSupervisor, act: luoshi.ActReturn, cmd: dtWith(luoshi.ActReturn, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "evaluate twice", sit: dtSitCompleted, edit: func(it *luoshi.Item) { it.Rating = "good" }, who: dtSupervisor, act: luoshi.ActEvaluate, code: luoshi.ECONFLICT, msg: "重复评价"},
	{name: "evaluate with an unknown rating", sit: dtSitCompleted, who: dtSupervisor, act: luoshi.ActEvaluate, cmd: dtWith(luoshi.ActEvaluate, func(c *luoshi.Command) { c.Rating = "perfect" }), code: luoshi.EINVALID, field: "rating"},
	{name: "evaluate without rating", sit: dtSitCompleted, who: dtSupervisor, act: luoshi.ActEvaluate, cmd: dtWith(luoshi.ActEvaluate, func(c *luoshi.Command) { c.Rating = "" }), code: luoshi.EINVALID, field: "rating"},

	// Suspend, cancel, accountability, comments.
	{name: "suspend without reason", sit: dtSitInProgress, who: dtLeadLeader, act: luoshi.ActSuspend, cmd: dtWith(luoshi.ActSuspend, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "cancel reason too long", sit: dtSitInProgress, who: dtCountyHead, act: luoshi.ActCancel, cmd: dtWith(luoshi.ActCancel, func(c *luoshi.Command) { c.Reason = dtLong }), code: luoshi.EINVALID, field: "reason"},
	{name: "cancel without reason", sit: dtSitSuspended, who: dtSupervisor, act: luoshi.ActCancel, cmd: dtWith(luoshi.ActCancel, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "accountability of an unknown kind", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActHoldAccountable, cmd: dtWith(luoshi.ActHoldAccountable, func(c *luoshi.Command) { c.Kind = "fine" }), code: luoshi.EINVALID, field: "kind"},
	{name: "accountability without reason", sit: dtSitInProgress, who: dtSupervisor, act: luoshi.ActHoldAccountable, cmd: dtWith(luoshi.ActHoldAccountable, func(c *luoshi.Command) { c.Reason = "" }), code: luoshi.EINVALID, field: "reason"},
	{name: "comment without text", sit: dtSitInProgress, who: dtCoLiaison, act: luoshi.ActComment, cmd: dtWith(luoshi.ActComment, func(c *luoshi.Command) { c.Text = "" }), code: luoshi.EINVALID, field: "text"},
	{name: "comment too long", sit: dtSitInProgress, who: dtCoLiaison, act: luoshi.ActComment, cmd: dtWith(luoshi.ActComment, func(c *luoshi.Command) { c.Text = dtLong }), code: luoshi.EINVALID, field: "text"},
	{name: "instruct without text", sit: dtSitInProgress, who: dtCountyHead, act: luoshi.ActInstruct, cmd: dtWith(luoshi.ActInstruct, func(c *luoshi.Command) { c.Text = " " }), code: luoshi.EINVALID, field: "text"},
	{name: "unknown action", sit: dtSitInProgress, who: dtSupervisor, act: "approve-everything", code: luoshi.ENOTFOUND},

	// Visibility follows the item, not the actor's unit: a leader sees an item through a co-unit
	// or as its responsible leader; a liaison whose unit was replaced as lead no longer acts.
	{name: "responsible leader instructs", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.LeaderID = dtPtr(int64(103)) }, who: dtUnrelatedLeader, act: luoshi.ActInstruct, kind: luoshi.EventInstructed},
	{name: "leader of a co-unit instructs", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.CoUnitIDs = append(it.CoUnitIDs, dtOtherUnit) }, who: dtUnrelatedLeader, act: luoshi.ActInstruct, kind: luoshi.EventInstructed},
	{name: "co-unit liaison promoted to lead reports", sit: dtSitInProgress, edit: func(it *luoshi.Item) { it.LeadUnitID, it.CoUnitIDs = dtCoUnit, nil }, who: dtCoLiaison, act: luoshi.ActReport, kind: luoshi.EventReported},
	{name: "former lead liaison after reassignment", sit: dtSitAssigned, edit: func(it *luoshi.Item) { it.LeadUnitID, it.CoUnitIDs = dtNewLeadUnit, nil }, who: dtLeadLiaison, act: luoshi.ActAccept, code: luoshi.ENOTFOUND},
}

func TestDecideRules(t *testing.T) {
	p := dtPolicy(t)
	for _, tc := range dtRuleCases {
		t.Run(tc.name, func(t *testing.T) {
			it := dtItem(t, tc.sit)
			if tc.edit != nil {
				tc.edit(it)
			}
			cmd := dtValid(tc.act, it)
			if tc.cmd != nil {
				cmd = tc.cmd(it)
			}
			cmd.Action = tc.act
			now := dtNow(t)
			if tc.at != "" {
				now = dtAt(t, tc.at)
			}
			a := dtActor(tc.who)
			if tc.domain != "" {
				defer func() {
					if t.Failed() {
						t.Errorf("DISCREPANCY with DOMAIN.md: %s", tc.domain)
					}
				}()
			}
			ev, err := DecideCommand(p, it, a, cmd, now)
			dtWantErr(t, err, tc.code, tc.field, it.State)
			if tc.code == "" {
				dtWantEvent(t, ev, it, a, now, tc.kind)
			}
			if tc.msg != "" && (err == nil || !strings.Contains(zh(err), tc.msg)) {
				t.Errorf("error %v does not say %q", err, tc.msg)
			}
			// Allowed ignores parameters only: state and permission refusals show in it.
			if tc.code == luoshi.ECONFLICT || tc.code == luoshi.EFORBIDDEN || tc.code == luoshi.ENOTFOUND {
				if May(p, it, a, tc.act, now) {
					t.Errorf("Allowed = true for a refused %s", tc.code)
				}
			}
		})
	}
}

// TestDecideReportDrafted: staff draft the unit's report; the event records it without
// moving the item's progress, and the liaison submits.
func TestDecideReportDrafted(t *testing.T) {
	p := dtPolicy(t)
	it := dtItem(t, dtSitInProgress)
	now := dtNow(t)
	for _, tc := range []struct {
		who  dtWho
		kind luoshi.EventKind
	}{{dtLeadStaff, luoshi.EventReportDrafted}, {dtLeadLiaison, luoshi.EventReported}} {
		ev, err := DecideCommand(p, it, dtActor(tc.who), dtValid(luoshi.ActReport, it), now)
		if err != nil {
			t.Fatalf("%s: %v", tc.who, err)
		}
		if ev.Kind != tc.kind || ev.Data.Percent == nil || *ev.Data.Percent != 50 {
			t.Errorf("%s: kind %q percent %v, want %q 50", tc.who, ev.Kind, ev.Data.Percent, tc.kind)
		}
		next := it.Clone()
		if err := Apply(next, ev); err != nil {
			t.Fatal(err)
		}
		moved := next.Percent == 50 && next.LastReportAt != nil
		if moved != (tc.kind == luoshi.EventReported) {
			t.Errorf("%s: after apply percent %d last report %v", tc.who, next.Percent, next.LastReportAt)
		}
	}
}

// zh is an error's message as a Chinese reader sees it.
func zh(err error) string {
	e, ok := luoshi.AsError(err)
	if !ok {
		return err.Error()
	}
	msg, fields := i18n.ZH.Error(e)
	for _, f := range fields {
		msg += " " + f.Field + ": " + f.Message
	}
	return msg
}
