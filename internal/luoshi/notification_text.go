package luoshi

import (
	"fmt"
	"strings"
	"time"
)

// The words of notices (zh-CN). Titles start with a bracketed tag so that a list of them,
// an e-mail subject or a robot message says at once what it is.

var urgeTags = map[UrgeLevel]string{UrgeBlue: "【蓝色催办】", UrgeOrange: "【橙色催办】", UrgeRed: "【红色催办】"}

// eventText is the tag, the audience and the sentence of one kind of event.
type eventText struct {
	tag      string
	lead     bool // the lead unit
	co       bool // the co-units
	sup      bool // the supervision office
	leader   bool // the responsible leader
	alert    bool
	sentence func(it *Item, ev *Event, loc *time.Location) string
}

var eventTexts = map[EventKind]eventText{
	EventAssigned: {tag: "【新交办】", lead: true, co: true, sentence: func(it *Item, _ *Event, loc *time.Location) string {
		return "督查室交办了督办事项" + itemRef(it) + "，办结时限 " + fmtLocal(it.Deadline, loc) + "。牵头单位请及时签收，配合单位请主动配合。"
	}},
	EventReassigned: {tag: "【改派交办】", lead: true, sentence: func(it *Item, _ *Event, loc *time.Location) string {
		return "督查室将督办事项" + itemRef(it) + "改由你单位牵头办理，办结时限 " + fmtLocal(it.Deadline, loc) + "，请及时签收。"
	}},
	EventInsisted: {tag: "【坚持交办】", lead: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "督查室对你单位退办的事项" + itemRef(it) + "坚持交办，交办关系已锁定。理由：" + ev.Data.Reason
	}},
	EventDeclined: {tag: "【退办】", sup: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "牵头单位退办了事项" + itemRef(it) + "，理由：" + ev.Data.Reason + "。请改派或坚持交办。"
	}},
	EventExtensionRequested: {tag: "【延期申请】", sup: true, sentence: func(it *Item, ev *Event, loc *time.Location) string {
		return "牵头单位申请将事项" + itemRef(it) + "的办结时限延至 " + fmtLocal(*ev.Data.Deadline, loc) + "，理由：" + ev.Data.Reason
	}},
	EventExtensionApproved: {tag: "【延期已批准】", lead: true, sentence: func(it *Item, ev *Event, loc *time.Location) string {
		return "事项" + itemRef(it) + "的延期申请已批准，新的办结时限为 " + fmtLocal(*ev.Data.Deadline, loc) + "。"
	}},
	EventExtensionDenied: {tag: "【延期未批准】", lead: true, sentence: func(it *Item, ev *Event, loc *time.Location) string {
		return "事项" + itemRef(it) + "的延期申请未获批准，办结时限仍为 " + fmtLocal(it.Deadline, loc) + "。理由：" + ev.Data.Reason
	}},
	EventMilestoneAdded: {tag: "【新增节点】", lead: true, sentence: func(it *Item, ev *Event, loc *time.Location) string {
		return "督查室为事项" + itemRef(it) + "增加了节点「" + ev.Data.Milestone.Title + "」，节点时限 " + fmtLocal(ev.Data.Milestone.Due, loc) + "，请按期完成并在进展反馈中报告。"
	}},
	EventCompletionRequested: {tag: "【申请办结】", sup: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "牵头单位申请办结事项" + itemRef(it) + "：" + ev.Data.Summary
	}},
	EventCompletionApproved: {tag: "【已办结】", lead: true, sentence: func(it *Item, _ *Event, _ *time.Location) string {
		return "督查室已同意事项" + itemRef(it) + "办结。"
	}},
	EventReturned: {tag: "【退回重办】", lead: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "事项" + itemRef(it) + "的办结申请被退回，请继续办理。理由：" + ev.Data.Reason
	}},
	EventInstructed: {tag: "【领导批示】", lead: true, sup: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "领导对事项" + itemRef(it) + "作出批示：" + ev.Data.Text
	}},
	EventSuspended: {tag: "【暂停】", lead: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "事项" + itemRef(it) + "已暂停办理。理由：" + ev.Data.Reason
	}},
	EventCancelled: {tag: "【撤销】", lead: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "事项" + itemRef(it) + "已撤销。理由：" + ev.Data.Reason
	}},
	EventAccountabilityRecorded: {tag: "【问责】", lead: true, leader: true, alert: true, sentence: func(it *Item, ev *Event, _ *time.Location) string {
		return "因事项" + itemRef(it) + "，记录问责一次。事由：" + ev.Data.Reason
	}},
}

// EventNotice is what the event tells, and to whom; false when the event tells nobody
// (reports, comments, drafts and the like stay on the item's record only).
func (p *Policy) EventNotice(it *Item, ev *Event) (Notice, Audience, bool) {
	loc := p.Cal.Location()
	n := Notice{RegionID: it.RegionID, ItemID: it.ID, ItemCode: it.Code, Kind: string(ev.Kind),
		Urgent: it.Priority == PriorityUrgent, CreatedAt: ev.At}
	aud := Audience{RegionID: it.RegionID, Exclude: ev.ActorID}
	if ev.Kind == EventUrged {
		return urgeNotice(n, aud, it, ev, loc)
	}
	t, ok := eventTexts[ev.Kind]
	if !ok {
		return n, aud, false
	}
	n.Alert = t.alert
	n.Title = t.tag + urgentTag(it) + it.Title
	n.Body = t.sentence(it, ev, loc)
	if t.lead {
		aud.Units = append(aud.Units, it.LeadUnitID)
	}
	if t.co {
		aud.Units = append(aud.Units, it.CoUnitIDs...)
	}
	aud.Supervisors = t.sup
	if t.leader && it.LeaderID != nil {
		aud.LeaderID = *it.LeaderID
	}
	return n, aud, true
}

// urgeNotice: blue goes to the lead unit; orange to the unit, copied to the responsible
// leader; red to the responsible leader, the unit and the supervision office.
func urgeNotice(n Notice, aud Audience, it *Item, ev *Event, loc *time.Location) (Notice, Audience, bool) {
	lv := ev.Data.Level
	n.Alert, n.Level = true, lv
	n.Title = urgeTags[lv] + urgentTag(it) + it.Title
	var b strings.Builder
	b.WriteString("督办事项" + itemRef(it) + "，办结时限 " + fmtLocal(it.Deadline, loc))
	if ev.At.After(it.Deadline) {
		b.WriteString("，已逾期")
	}
	b.WriteString("。现予以" + strings.Trim(urgeTags[lv], "【】") + "，请牵头单位抓紧办理并及时反馈进展。")
	if ev.Data.Text != "" {
		b.WriteString(ev.Data.Text)
	}
	n.Body = b.String()
	aud.Units = []int64{it.LeadUnitID}
	if lv.Rank() >= UrgeOrange.Rank() && it.LeaderID != nil {
		aud.LeaderID = *it.LeaderID
	}
	aud.Supervisors = lv == UrgeRed
	return n, aud, true
}

func urgentTag(it *Item) string {
	if it.Priority == PriorityUrgent {
		return "【特急】"
	}
	return ""
}

// ReminderNotice is what a fired reminder tells, and to whom. Urgings are not notices of
// their own: they become urged events, which tell through EventNotice.
func (p *Policy) ReminderNotice(it *Item, r Reminder, now time.Time) (Notice, Audience) {
	loc := p.Cal.Location()
	n := Notice{RegionID: it.RegionID, ItemID: it.ID, ItemCode: it.Code, Kind: string(r.Kind),
		Urgent: it.Priority == PriorityUrgent, Alert: true, CreatedAt: now}
	aud := Audience{RegionID: it.RegionID, Units: []int64{it.LeadUnitID}}
	var tag, body string
	switch r.Kind {
	case ReminderAcceptance:
		tag = "【签收超时】"
		body = "督办事项" + itemRef(it) + "应于 " + fmtLocal(r.Target, loc) + " 前签收，现已超时，请尽快签收；确有困难的，请在退办期限内说明理由退办。"
		aud.Supervisors = true
	case ReminderReport:
		tag = "【进展反馈到期】"
		body = "督办事项" + itemRef(it) + "的进展反馈应于 " + fmtLocal(r.Target, loc) + " 前报送，请及时报送。"
	case ReminderApproach:
		what := "办结时限"
		tag = "【即将到期】"
		if r.Milestone != 0 {
			what, tag = "节点「"+milestoneTitle(it, r.Milestone)+"」", "【节点将到期】"
		}
		body = fmt.Sprintf("督办事项%s的%s为 %s，距到期还有 %s，请抓紧办理。", itemRef(it), what, fmtLocal(r.Target, loc), leadLabel(r.Lead))
	case ReminderOpinion:
		tag = "【征求意见待答复】"
		if o := it.Opinion(r.Opinion); o != nil {
			aud.Units = []int64{o.UnitID}
			body = "督办事项" + itemRef(it) + "的牵头单位向你单位征求意见：" + o.Question + "。请于 " +
				fmtLocal(o.Due, loc) + " 前答复，逾期将计入协作指标。"
		}
	case ReminderMilestone:
		tag = "【节点到期】"
		body = "督办事项" + itemRef(it) + "的节点「" + milestoneTitle(it, r.Milestone) + "」计划于 " + fmtLocal(r.Target, loc) + " 完成，目前尚未完成，请抓紧推进并在反馈中说明。"
	}
	n.Title = tag + urgentTag(it) + it.Title
	n.Body = body
	return n, aud
}

// DigestNotice is a unit's daily digest (每日督办摘要): its open items by light, and the red
// and soon-due ones by name. false when the unit has nothing open.
func (p *Policy) DigestNotice(unit *Unit, st UnitStats, red, yellow []*Item, now time.Time) (Notice, bool) {
	if st.Open == 0 {
		return Notice{}, false
	}
	loc := p.Cal.Location()
	var b strings.Builder
	fmt.Fprintf(&b, "%s牵头在办事项 %d 项：绿灯 %d 项，黄灯 %d 项，红灯 %d 项（其中逾期 %d 项）。",
		unit.Name, st.Open, st.Green, st.Yellow, st.Red, st.Overdue)
	list := func(head string, items []*Item) {
		if len(items) == 0 {
			return
		}
		b.WriteString("\n" + head + "：")
		for _, it := range items {
			b.WriteString("\n- " + itemRef(it) + "，时限 " + fmtLocal(it.Deadline, loc))
		}
	}
	list("红灯事项", red)
	list("黄灯事项", yellow)
	return Notice{RegionID: unit.RegionID, UnitID: unit.ID, Kind: string(ReminderDigest),
		Title: "【每日督办摘要】" + unit.Name + " " + now.In(loc).Format("2006-01-02"), Body: b.String(), CreatedAt: now}, true
}
