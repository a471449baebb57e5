package luoshi

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Action is one transition or record an actor asks for on an item; its name is the last
// segment of POST /api/v1/items/{id}/{action}.
type Action string

// The actions.
const (
	ActAssign            Action = "assign"
	ActAccept            Action = "accept"
	ActDecline           Action = "decline"
	ActReassign          Action = "reassign"
	ActInsist            Action = "insist"
	ActReport            Action = "report"
	ActUrge              Action = "urge"
	ActComment           Action = "comment"
	ActInstruct          Action = "instruct"
	ActRequestExtension  Action = "request-extension"
	ActApproveExtension  Action = "approve-extension"
	ActDenyExtension     Action = "deny-extension"
	ActRequestCompletion Action = "request-completion"
	ActApproveCompletion Action = "approve-completion"
	ActReturn            Action = "return"
	ActEvaluate          Action = "evaluate"
	ActSuspend           Action = "suspend"
	ActResume            Action = "resume"
	ActCancel            Action = "cancel"
	ActHoldAccountable   Action = "hold-accountable"
	ActRateConfidence    Action = "rate-confidence"
)

// Command carries what an action needs; each action reads the fields it uses.
type Command struct {
	Action         Action
	Reason         string
	Text           string
	Percent        *int
	Problems       string
	NextSteps      string
	MilestonesDone []int
	LeadUnitID     int64
	Deadline       *time.Time
	Level          UrgeLevel
	Summary        string
	Rating         string
	Kind           string
	UnitIDs        []int64
	Confidence     Confidence
}

// MaxTextLen bounds free-text fields (reasons, reports, comments), in characters.
const MaxTextLen = 5000

type rule struct {
	from []State // nil: any state
	who  func(a *Actor, it *Item) bool
	whom string // who may, for the message
	kind EventKind
}

func supervisor(a *Actor, _ *Item) bool   { return a.Has(RoleSupervisor) }
func leadLiaison(a *Actor, it *Item) bool { return a.leadLiaison(it) }
func reporter(a *Actor, it *Item) bool    { return a.leadLiaison(it) || a.leadStaff(it) }
func seer(a *Actor, it *Item) bool        { return a.CanSeeItem(it) }
func leaderOf(a *Actor, it *Item) bool    { return a.Has(RoleLeader) && a.CanSeeItem(it) }
func supervisorOrLeader(a *Actor, it *Item) bool {
	return a.Has(RoleSupervisor) || leaderOf(a, it)
}

var (
	// reassignable: after a decline, and — the assignment being frozen once the decline
	// window closes — whenever the supervision office alone decides to move the work.
	reassignable = []State{StateAssigned, StateDeclined, StateInProgress}
	urgeable     = []State{StateAssigned, StateInProgress}
	suspendable  = OpenStates
	cancellable  = append(append([]State(nil), OpenStates...), StateSuspended)
	started      = []State{StateAssigned, StateDeclined, StateInProgress, StateCompletionRequested,
		StateCompleted, StateSuspended, StateCancelled}
)

var rules = map[Action]rule{
	ActAssign:            {[]State{StateDraft}, supervisor, "督查室", EventAssigned},
	ActAccept:            {[]State{StateAssigned}, leadLiaison, "牵头单位联络员", EventAccepted},
	ActDecline:           {[]State{StateAssigned}, leadLiaison, "牵头单位联络员", EventDeclined},
	ActReassign:          {reassignable, supervisor, "督查室", EventReassigned},
	ActInsist:            {[]State{StateDeclined}, supervisor, "督查室", EventInsisted},
	ActReport:            {[]State{StateInProgress}, reporter, "牵头单位联络员或经办人", EventReported},
	ActUrge:              {urgeable, supervisor, "督查室", EventUrged},
	ActComment:           {nil, seer, "能查看该事项的人员", EventCommented},
	ActInstruct:          {nil, leaderOf, "分管该事项的领导", EventInstructed},
	ActRequestExtension:  {[]State{StateInProgress}, leadLiaison, "牵头单位联络员", EventExtensionRequested},
	ActApproveExtension:  {[]State{StateInProgress}, supervisor, "督查室", EventExtensionApproved},
	ActDenyExtension:     {[]State{StateInProgress}, supervisor, "督查室", EventExtensionDenied},
	ActRequestCompletion: {[]State{StateInProgress}, leadLiaison, "牵头单位联络员", EventCompletionRequested},
	ActApproveCompletion: {[]State{StateCompletionRequested}, supervisor, "督查室", EventCompletionApproved},
	ActReturn:            {[]State{StateCompletionRequested}, supervisor, "督查室", EventReturned},
	ActEvaluate:          {[]State{StateCompleted}, supervisor, "督查室", EventEvaluated},
	ActSuspend:           {suspendable, supervisorOrLeader, "督查室或分管领导", EventSuspended},
	ActResume:            {[]State{StateSuspended}, supervisorOrLeader, "督查室或分管领导", EventResumed},
	ActCancel:            {cancellable, supervisorOrLeader, "督查室或分管领导", EventCancelled},
	ActHoldAccountable:   {started, supervisor, "督查室", EventAccountabilityRecorded},
	ActRateConfidence:    {rated, confidenceRater, "牵头单位联络员或督查室", EventConfidenceRated},
}

// Actions lists every action, in a stable order.
func Actions() []Action {
	out := make([]Action, 0, len(rules))
	for a := range rules {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// StateLabel is the Chinese name of a state, for messages.
func StateLabel(s State) string {
	return map[State]string{StateDraft: "草稿", StateAssigned: "已交办待签收", StateDeclined: "已退办",
		StateInProgress: "办理中", StateCompletionRequested: "申请办结", StateCompleted: "已办结",
		StateSuspended: "已暂停", StateCancelled: "已撤销"}[s]
}

// Allowed reports whether the actor may take the action on the item in its current state,
// without checking the action's parameters; pages use it to show only what a user may do.
func (p *Policy) Allowed(it *Item, a *Actor, act Action, now time.Time) bool {
	_, err := p.check(it, a, act, now)
	return err == nil
}

func (p *Policy) check(it *Item, a *Actor, act Action, now time.Time) (rule, error) {
	r, ok := rules[act]
	if !ok {
		return r, Errorf(ENOTFOUND, "没有名为 %q 的操作", string(act))
	}
	if !a.CanSeeItem(it) {
		return r, Errorf(ENOTFOUND, "事项不存在")
	}
	if !r.who(a, it) {
		return r, Errorf(EFORBIDDEN, "只有%s可以执行此操作", r.whom)
	}
	if r.from != nil && !slices.Contains(r.from, it.State) {
		return r, &Error{Code: ECONFLICT, State: string(it.State),
			Message: "事项当前状态为「" + StateLabel(it.State) + "」，不能执行此操作"}
	}
	if act == ActDecline {
		if it.DeclineClosed {
			return r, &Error{Code: ECONFLICT, State: string(it.State),
				Message: "督查室已坚持交办，不能再退办；如有困难请申请延期或联系督查室"}
		}
		if end := p.DeclineDeadline(it); now.After(end) {
			return r, &Error{Code: ECONFLICT, State: string(it.State),
				Message: "退办期限已于 " + end.In(p.Cal.Location()).Format("2006-01-02 15:04") +
					" 截止（交办后 3 个工作日内可退办），交办关系已锁定，如需调整请联系督查室"}
		}
	}
	if (act == ActApproveExtension || act == ActDenyExtension) && it.PendingExtension == nil {
		return r, &Error{Code: ECONFLICT, State: string(it.State), Message: "该事项没有待审批的延期申请"}
	}
	if act == ActRequestExtension && it.PendingExtension != nil {
		return r, &Error{Code: ECONFLICT, State: string(it.State), Message: "已有一份延期申请待审批，请等待督查室答复"}
	}
	if act == ActEvaluate && it.Rating != "" {
		return r, &Error{Code: ECONFLICT, State: string(it.State), Message: "该事项已评价，不能重复评价"}
	}
	return r, nil
}

// Decide checks that the actor may take the command's action on the item now, validates
// the command, and returns the event to record. It changes nothing; the caller stores the
// event and applies it in one transaction.
func (p *Policy) Decide(it *Item, a *Actor, cmd Command, now time.Time) (Event, error) {
	r, err := p.check(it, a, cmd.Action, now)
	if err != nil {
		return Event{}, err
	}
	ev := Event{ItemID: it.ID, Seq: it.Version + 1, Kind: r.kind, ActorID: a.UserID, At: now}
	d, err := p.eventData(it, a, cmd, now)
	if err != nil {
		return Event{}, err
	}
	if cmd.Action == ActReport && !a.Has(RoleLiaison) {
		ev.Kind = EventReportDrafted // staff draft; the liaison submits
	}
	ev.Data = d
	return ev, nil
}

func (p *Policy) eventData(it *Item, a *Actor, cmd Command, now time.Time) (EventData, error) {
	var v Validation
	d := EventData{}
	needText := func(field, value, what string) string {
		value = strings.TrimSpace(value)
		if value == "" {
			v.Add(field, "请填写%s", what)
		} else if utf8.RuneCountInString(value) > MaxTextLen {
			v.Add(field, "%s不能超过 %d 个字", what, MaxTextLen)
		}
		return value
	}
	switch cmd.Action {
	case ActDecline:
		d.Reason = needText("reason", cmd.Reason, "退办理由")
	case ActInsist, ActDenyExtension, ActReturn, ActSuspend, ActCancel:
		d.Reason = needText("reason", cmd.Reason, "理由")
	case ActReassign:
		d.Reason = optText(&v, "reason", cmd.Reason)
		d.FromUnitID, d.LeadUnitID = it.LeadUnitID, cmd.LeadUnitID
		if cmd.LeadUnitID == 0 {
			v.Add("lead_unit_id", "请选择新的牵头单位")
		} else if cmd.LeadUnitID == it.LeadUnitID {
			v.Add("lead_unit_id", "新的牵头单位与原牵头单位相同")
		}
	case ActReport:
		d = p.reportData(&v, it, cmd, needText)
	case ActUrge:
		d.Level, d.Text = cmd.Level, optText(&v, "text", cmd.Text)
		p.checkUrge(&v, it, cmd.Level)
	case ActComment, ActInstruct:
		d.Text = needText("text", cmd.Text, "内容")
	case ActRequestExtension:
		d.Reason = needText("reason", cmd.Reason, "延期理由")
		d.Percent = checkPercent(&v, cmd.Percent, true)
		old := it.Deadline
		d.OldDeadline = &old
		if !now.Before(it.Deadline) {
			v.Add("deadline", "办结时限已过，不能再申请延期；延期申请须在时限之前提出")
		} else if cmd.Deadline == nil {
			v.Add("deadline", "请填写申请延至的日期")
		} else if !cmd.Deadline.After(it.Deadline) {
			v.Add("deadline", "申请的新时限须晚于现时限 %s", it.Deadline.In(p.Cal.Location()).Format("2006-01-02 15:04"))
		} else {
			nd := *cmd.Deadline
			d.Deadline = &nd
		}
	case ActApproveExtension:
		nd, old := it.PendingExtension.Deadline, it.Deadline
		d.Deadline, d.OldDeadline, d.Text = &nd, &old, optText(&v, "text", cmd.Text)
	case ActRequestCompletion:
		d.Summary = needText("summary", cmd.Summary, "办结情况说明")
	case ActApproveCompletion, ActAssign, ActAccept, ActResume:
		d.Text = optText(&v, "text", cmd.Text)
	case ActEvaluate:
		d.Rating, d.Text = cmd.Rating, optText(&v, "text", cmd.Text)
		if !slices.Contains(Ratings, cmd.Rating) {
			v.Add("rating", "评价须为 excellent（优秀）、good（良好）、fair（一般）或 poor（较差）")
		}
	case ActRateConfidence:
		d.Confidence, d.Reason, d.Side = cmd.Confidence, optText(&v, "reason", cmd.Reason), SideOffice
		if a.leadLiaison(it) {
			d.Side = SideUnit
		}
		if !cmd.Confidence.Valid() {
			v.Add("confidence", "落实把握须为 green（很有把握）、amber_green（较有把握）、amber（有一定难度）、amber_red（难度较大）或 red（难以按期完成）")
		}
	case ActHoldAccountable:
		d.Reason, d.Kind = needText("reason", cmd.Reason, "问责事由"), cmd.Kind
		if !slices.Contains(AccountabilityKinds, cmd.Kind) {
			v.Add("kind", "问责方式须为 notice_criticism（通报批评）、interview（约谈）、rectification（责令整改）或 admonition（诫勉）")
		}
		d.UnitIDs = cmd.UnitIDs
		if len(d.UnitIDs) == 0 {
			d.UnitIDs = []int64{it.LeadUnitID}
		}
	}
	return d, v.Err()
}

func (p *Policy) reportData(v *Validation, it *Item, cmd Command, needText func(string, string, string) string) EventData {
	d := EventData{Text: needText("text", cmd.Text, "进展情况")}
	d.Percent = checkPercent(v, cmd.Percent, true)
	d.Problems = optText(v, "problems", cmd.Problems)
	d.NextSteps = optText(v, "next_steps", cmd.NextSteps)
	if d.Problems != "" && d.NextSteps == "" && !v.Has("next_steps") {
		v.Add("next_steps", "反映了存在问题，请同时提出解决措施（下步打算）")
	}
	if d.Percent != nil && *d.Percent == 100 {
		v.Add("percent", "进度 100%% 请申请办结，而不是报送进展")
	}
	for _, id := range cmd.MilestonesDone {
		found := false
		for _, m := range it.Milestones {
			found = found || m.ID == id
		}
		if !found {
			v.Add("milestones_done", "节点 %d 不属于该事项", id)
		}
	}
	d.MilestonesDone = cmd.MilestonesDone
	return d
}

func (p *Policy) checkUrge(v *Validation, it *Item, level UrgeLevel) {
	cur := it.UrgeLevel.Rank()
	switch {
	case level.Rank() == 0:
		v.Add("level", "催办等级须为 blue（蓝色）、orange（橙色）或 red（红色）")
	case level.Rank() < cur:
		v.Add("level", "该事项已被%s催办，催办只能保持或升级", urgeLabel(it.UrgeLevel))
	case level == UrgeOrange && cur == 0 && it.Priority != PriorityUrgent && it.Source != SourceLeaderInstruction:
		v.Add("level", "首次催办应为蓝色；特急事项和领导批示事项方可直接橙色催办")
	case level == UrgeRed && cur < UrgeOrange.Rank():
		v.Add("level", "红色催办须在橙色催办之后")
	}
}

func urgeLabel(l UrgeLevel) string {
	return map[UrgeLevel]string{UrgeBlue: "蓝色", UrgeOrange: "橙色", UrgeRed: "红色"}[l]
}

func optText(v *Validation, field, value string) string {
	value = strings.TrimSpace(value)
	if utf8.RuneCountInString(value) > MaxTextLen {
		v.Add(field, "不能超过 %d 个字", MaxTextLen)
	}
	return value
}

func checkPercent(v *Validation, p *int, required bool) *int {
	if p == nil {
		if required {
			v.Add("percent", "请填写完成进度（0–100）")
		}
		return nil
	}
	if *p < 0 || *p > 100 {
		v.Add("percent", "完成进度须在 0 到 100 之间")
	}
	q := *p
	return &q
}
