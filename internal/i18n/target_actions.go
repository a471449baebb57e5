package i18n

// targetActionMessages are the target letter's actions (目标责任书): who may take them, the
// letter's states, their fields, and the rules their decisions check.
var targetActionMessages = map[string][2]string{
	"letteraction.justify":            {"说明理由", "Explain"},
	"letteraction.request-adjustment": {"申请调整目标", "Request a target adjustment"},
	"letteraction.approve-adjustment": {"批准调整", "Approve the adjustment"},
	"letteraction.deny-adjustment":    {"不予调整", "Deny the adjustment"},
	"flow.not_a_number":               {"%s须为有效的数", "The %s must be a valid number"},
	"form.float_bad":                  {"%s须为数字", "The %s must be a number"},

	"letter.not_found":   {"目标责任书不存在", "The target letter does not exist"},
	"letter.forbidden":   {"只有%s可以进行此操作", "Only %s can do this"},
	"letter.wrong_state": {"目标责任书当前为“%s”状态，不能进行此操作", "The target letter is “%s”; this action is not allowed"},

	"letter.who.liaison":    {"本单位联络员", "the unit's liaison"},
	"letter.who.supervisor": {"督查室", "the supervision office"},
	"letter.who.reader":     {"能查看该目标责任书的人员", "those who can see the target letter"},

	"letter.state.draft":     {"草稿", "draft"},
	"letter.state.submitted": {"已提交", "submitted"},
	"letter.state.reviewed":  {"已审核", "reviewed"},
	"letter.state.signed":    {"已签订", "signed"},

	"letter.field.return_reason":     {"退回理由", "reason for returning"},
	"letter.field.justification":     {"说明", "justification"},
	"letter.field.comment":           {"意见", "comment"},
	"letter.field.adjustment_reason": {"调整理由", "reason for the adjustment"},
	"letter.field.deny_reason":       {"不同意的理由", "reason for denying"},

	"letter.sign.unresolved": {"目标责任书有 %d 处目标定位问题尚未说明或未经督查室同意，不能签订",
		"The target letter cannot be signed: %d ambition flags are not yet explained or approved by the supervision office"},
	"letter.indicator.unknown":    {"指标 %d 不在这份目标责任书中", "Indicator %d is not in this target letter"},
	"letter.indicator.not_found":  {"指标不存在", "The indicator does not exist"},
	"letter.flag.unknown":         {"指标“%s”没有“%s”这项目标定位问题", "Indicator “%s” has no ambition flag “%s”"},
	"letter.approve.unjustified":  {"单位尚未对指标“%s”作出说明，不能审核同意", "The unit has not yet explained indicator “%s”, so it cannot be approved"},
	"letter.approve.none_pending": {"没有待审核的说明", "There is no explanation awaiting review"},
	"letter.adjustment.closed": {"目标调整须在 %s 之前提出并经督查室批准，现已截止",
		"Target adjustments had to be requested and approved by the supervision office before %s; that time has passed"},
	"letter.adjustment.target_missing":  {"请填写调整后的目标值", "Please enter the adjusted target"},
	"letter.adjustment.already_pending": {"指标“%s”已有待审批的调整申请", "Indicator “%s” already has an adjustment request awaiting approval"},
	"letter.adjustment.unknown":         {"调整申请 %d 不在这份目标责任书中", "Adjustment request %d is not in this target letter"},
	"letter.adjustment.decided":         {"该调整申请已经处理", "This adjustment request has already been handled"},
}
