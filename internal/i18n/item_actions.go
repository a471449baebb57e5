package i18n

// flowMessages are the workflow kernel's messages: refusals and field problems common to
// every module's actions.
var flowMessages = map[string][2]string{
	"sep.or":              {"或", " or "},
	"flow.unknown_action": {"没有名为 %q 的操作", "There is no action named %q"},
	"flow.forbidden":      {"只有%s可以执行此操作", "Only %s can take this action"},
	"flow.wrong_state":    {"事项当前状态为「%s」，不能执行此操作", "The item is now “%s”; this action is not allowed"},
	"flow.required":       {"请填写%s", "Please enter the %s"},
	"flow.too_long":       {"不能超过 %d 个字", "Cannot be longer than %d characters"},
	"flow.too_long_named": {"%s不能超过 %d 个字", "The %s cannot be longer than %d characters"},
	"flow.out_of_range":   {"%s须在 %d 到 %d 之间", "The %s must be between %d and %d"},
	"flow.not_a_choice":   {"%s的取值无效", "The %s is not one of the choices"},
}

// itemActionMessages are the supervision item's actions: who may take them, their fields,
// and the rules their decisions check.
var itemActionMessages = map[string][2]string{
	// add-milestone: a dated step added to an item in progress (a stocktake's commitment).
	"action.add-milestone":     {"增加节点", "Add a milestone"},
	"flash.done.add-milestone": {"节点已增加", "Milestone added"},
	"event.milestone_added":    {"增加节点", "Milestone added"},
	"item.field.milestone_due": {"节点时限", "milestone date"},
	"item.milestone.past":      {"节点时限应晚于现在", "The milestone's date must be in the future"},
	"item.who.supervisor":      {"督查室", "the supervision office"},
	"item.who.lead_liaison":    {"牵头单位联络员", "the lead unit's liaison"},
	"item.who.lead_staff":      {"经办人", "staff"},
	"item.who.reader":          {"能查看该事项的人员", "those who can see the item"},
	"item.who.leader":          {"分管该事项的领导", "the leader in charge of the item"},
	"item.who.asked_liaison":   {"被征求意见的配合单位联络员", "the liaison of the co-unit asked for its opinion"},

	"item.state.draft":                {"草稿", "draft"},
	"item.state.assigned":             {"已交办待签收", "assigned, awaiting acceptance"},
	"item.state.declined":             {"已退办", "declined"},
	"item.state.in_progress":          {"办理中", "in progress"},
	"item.state.completion_requested": {"申请办结", "completion requested"},
	"item.state.completed":            {"已办结", "completed"},
	"item.state.suspended":            {"已暂停", "suspended"},
	"item.state.cancelled":            {"已撤销", "cancelled"},

	"item.field.decline_reason":        {"退办理由", "reason for declining"},
	"item.field.reason":                {"理由", "reason"},
	"item.field.content":               {"内容", "content"},
	"item.field.extension_reason":      {"延期理由", "reason for the extension"},
	"item.field.summary":               {"办结情况说明", "completion summary"},
	"item.field.accountability_reason": {"问责事由", "grounds for accountability"},
	"item.field.progress":              {"进展情况", "progress update"},
	"item.field.percent":               {"完成进度", "percent complete"},
	"item.field.new_deadline":          {"申请延至", "new deadline"},

	"item.percent.missing": {"请填写完成进度（0–100）", "Please enter the percent complete (0–100)"},
	"item.percent.range":   {"完成进度须在 0 到 100 之间", "The percent complete must be between 0 and 100"},

	"item.decline.insisted": {"督查室已坚持交办，不能再退办；如有困难请申请延期或联系督查室",
		"The supervision office has insisted on the assignment, so it can no longer be declined; if there are difficulties, request an extension or contact the supervision office"},
	"item.decline.window_closed": {"退办期限已于 %s 截止（%s），交办关系已锁定，如需调整请联系督查室",
		"The time to decline ended at %s (%s); the assignment is now locked, so contact the supervision office to change it"},
	"item.extension.none_pending":    {"该事项没有待审批的延期申请", "This item has no extension request awaiting approval"},
	"item.extension.already_pending": {"已有一份延期申请待审批，请等待督查室答复", "An extension request is already awaiting approval; please wait for the supervision office's answer"},
	"item.extension.too_late": {"办结时限已过，不能再申请延期；延期申请须在时限之前提出",
		"The deadline has passed, so an extension can no longer be requested; a request must come before the deadline"},
	"item.extension.date_missing": {"请填写申请延至的日期", "Please enter the date the extension should run to"},
	"item.extension.not_later":    {"申请的新时限须晚于现时限 %s", "The new deadline must be later than the current one, %s"},
	"item.evaluate.already":       {"该事项已评价，不能重复评价", "This item has already been evaluated"},
	"item.evaluate.rating": {"评价须为 excellent（优秀）、good（良好）、fair（一般）或 poor（较差）",
		"The rating must be excellent, good, fair or poor"},
	"item.accountability.kind": {"问责方式须为 notice_criticism（通报批评）、interview（约谈）、rectification（责令整改）或 admonition（诫勉）",
		"The kind of accountability must be notice_criticism (public criticism), interview, rectification (order to correct) or admonition"},
	"item.confidence.level": {"落实把握须为 green（很有把握）、amber_green（较有把握）、amber（有一定难度）、amber_red（难度较大）或 red（难以按期完成）",
		"Delivery confidence must be green, amber_green, amber, amber_red or red"},
	"item.reassign.lead_missing":    {"请选择新的牵头单位", "Please choose the new lead unit"},
	"item.reassign.same_lead":       {"新的牵头单位与原牵头单位相同", "The new lead unit is the same as the current one"},
	"item.report.needs_next_steps":  {"反映了存在问题，请同时提出解决措施（下步打算）", "A problem was reported: please also give the steps to solve it (next steps)"},
	"item.report.complete_instead":  {"进度 %d%% 请申请办结，而不是报送进展", "At %d%% progress, request completion instead of reporting progress"},
	"item.report.milestone_unknown": {"节点 %d 不属于该事项", "Milestone %d does not belong to this item"},
	"item.urge.level":               {"催办等级须为 blue（蓝色）、orange（橙色）或 red（红色）", "The urge level must be blue, orange or red"},
	"item.urge.no_lower":            {"该事项已被%s催办，催办只能保持或升级", "This item has already been urged at level %s; an urge can only stay at that level or go up"},
	"item.urge.blue_first":          {"首次催办应为蓝色；特急事项和领导批示事项方可直接橙色催办", "The first urge must be blue; only urgent items and leaders' instructions may start at orange"},
	"item.urge.orange_first":        {"红色催办须在橙色催办之后", "A red urge must come after an orange one"},
	"item.urge.blue":                {"蓝色", "blue"},
	"item.urge.orange":              {"橙色", "orange"},
	"item.urge.red":                 {"红色", "red"},
}

// opinionMessages are the co-unit opinion's (配合意见).
var opinionMessages = map[string][2]string{
	"opinion.field.unit":         {"配合单位", "co-unit"},
	"opinion.field.question":     {"征求意见的事项", "question"},
	"opinion.field.due":          {"答复时限", "time the answer is due"},
	"opinion.field.request":      {"征求意见", "request"},
	"opinion.field.answer":       {"意见", "opinion"},
	"opinion.unit.missing":       {"请选择要征求意见的配合单位", "Please choose the co-unit to ask"},
	"opinion.unit.not_co_unit":   {"单位 %d 不是该事项的配合单位", "Unit %d is not a co-unit of this item"},
	"opinion.unit.already_asked": {"已向该配合单位征求意见，尚未答复；请等待答复后再提出", "This co-unit has already been asked and has not answered yet; wait for its answer before asking again"},
	"opinion.due.past":           {"答复时限须晚于现在", "The time the answer is due must be in the future"},
	"opinion.due.after_deadline": {"答复时限不能晚于事项的办结时限 %s", "The answer cannot be due after the item's deadline, %s"},
	"opinion.request.missing":    {"请选择要答复的征求意见", "Please choose the request to answer"},
	"opinion.request.unknown":    {"该事项没有编号为 %d 的征求意见", "This item has no opinion request number %d"},
	"opinion.request.not_yours":  {"第 %s 号征求意见不是向本单位提出的，只有被征求意见的单位可以答复", "Request %s was not addressed to your unit; only the unit asked can answer it"},
	"opinion.request.answered":   {"该征求意见已于 %s 答复，不能重复答复", "This request was answered at %s and cannot be answered again"},
	"opinion.none_open":          {"本单位在该事项上没有待答复的征求意见", "Your unit has no request for its opinion on this item waiting for an answer"},
}

// opinionPageMessages are the co-unit opinion's words on the pages.
var opinionPageMessages = map[string][2]string{
	"action.request-opinion":     {"征求配合单位意见", "Ask a co-unit for its opinion"},
	"action.give-opinion":        {"答复征求意见", "Give the co-unit's opinion"},
	"flash.done.request-opinion": {"已向配合单位征求意见", "The co-unit has been asked for its opinion"},
	"flash.done.give-opinion":    {"已答复征求意见", "The opinion has been given"},
	"event.opinion_requested":    {"征求配合单位意见", "Co-unit's opinion requested"},
	"event.opinion_given":        {"配合单位答复意见", "Co-unit's opinion given"},
	"ev.opinion_unit":            {"配合单位：", "Co-unit: "},
	"ev.opinion_due":             {"答复时限：", "Answer due: "},
	"opinion.title":              {"配合意见", "Co-unit opinions"},
	"opinion.no":                 {"编号", "No."},
	"opinion.status":             {"答复情况", "Status"},
	"opinion.status.pending":     {"待答复", "Awaiting answer"},
	"opinion.status.on_time":     {"按时答复", "Answered on time"},
	"opinion.status.late":        {"逾期答复", "Answered late"},
	"opinion.status.missing":     {"逾期未答复", "Missing (past due)"},
	"opinion.option":             {"第 %d 号：%s（%s 前答复）", "No. %d: %s (answer by %s)"},
	"form.moment_bad":            {"时间格式须为 年-月-日 时:分，如 2026-12-31 18:00", "Use a date and time such as 2026-12-31 18:00"},
}

// collabOpinionMessages are the co-unit opinion's columns on the collaboration page.
var collabOpinionMessages = map[string][2]string{
	"collab.opinions":         {"征求意见", "Opinions asked"},
	"collab.opinions_on_time": {"按时答复", "On time"},
	"collab.opinions_late":    {"逾期答复", "Late"},
	"collab.opinions_missing": {"未答复", "Missing"},
	"collab.opinion_median":   {"答复用时中位数（小时）", "Median hours to answer"},
}

// moduleMessages name the modules and the permission tables of luoshi permissions.
var moduleMessages = map[string][2]string{
	"module.item":           {"督办事项", "Supervision items"},
	"module.target":         {"目标责任书", "Target letters"},
	"permissions.action":    {"操作", "Action"},
	"permissions.from":      {"可发起的状态", "From states"},
	"permissions.who":       {"可执行人员", "Who may"},
	"permissions.any_state": {"任何状态", "any state"},
	"permissions.list":      {"%s", "%s"},
}
