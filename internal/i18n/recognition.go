package i18n

// recognition holds the words of commendation (表彰), fault tolerance (容错纠错) and the
// refusals of their actions.
var recognition = map[string][2]string{
	"item.field.commendation":   {"表彰事由类别", "reason for commendation"},
	"item.field.commend_reason": {"表彰事由", "grounds for commendation"},
	"item.field.record":         {"问责记录", "accountability record"},
	"item.field.grounds":        {"容错情形", "grounds for waiving"},
	"item.field.waive_reason":   {"容错事实与依据（须说明未谋取私利）", "facts and basis (stating that no personal gain was sought)"},

	"item.commend.kind": {"表彰类别须为 early_delivery（提前办结）或 outstanding_delivery（成效突出）",
		"The kind of commendation must be early_delivery or outstanding_delivery"},
	"item.commend.already": {"该事项已有表彰记录，不能重复表彰", "This item has already been commended"},
	"item.commend.not_early": {"只有在办结时限 %s 之前申请办结的事项才能以“提前办结”表彰",
		"Only an item whose completion was requested before its deadline, %s, can be commended for early delivery"},
	"item.waive.record_missing": {"请选择要容错免责的问责记录", "Please choose the accountability record to waive"},
	"item.waive.record_unknown": {"该事项没有编号为 %d 的问责记录", "This item has no accountability record number %d"},
	"item.waive.already":        {"第 %d 号问责记录已于 %s 容错免责，不能重复办理", "Accountability record %d was already waived at %s"},
	"item.waive.none":           {"该事项没有可以容错免责的问责记录", "This item has no accountability record that could be waived"},
	"item.waive.grounds": {"容错情形须为 reform_trial（改革先行先试）、exploration（探索性试验）、unintended（推动发展的无意过失）或 legacy_problem（解决历史遗留问题）",
		"The grounds must be reform_trial, exploration, unintended or legacy_problem"},

	"action.commend":                    {"表彰", "Commend"},
	"action.waive-accountability":       {"容错免责", "Waive accountability"},
	"flash.done.commend":                {"表彰已记录", "Commendation recorded"},
	"flash.done.waive-accountability":   {"已容错免责", "Accountability waived"},
	"event.commended":                   {"通报表扬", "Commended"},
	"event.accountability_waived":       {"容错免责", "Accountability waived"},
	"commendation.early_delivery":       {"提前办结", "Early delivery"},
	"commendation.outstanding_delivery": {"成效突出", "Outstanding results"},
	"grounds.reform_trial":              {"推进改革中因缺乏经验、先行先试出现失误", "A mistake made for lack of experience while trying a reform first"},
	"grounds.exploration":               {"尚无明确限制的探索性试验中出现失误", "A mistake in an exploration no rule yet forbade"},
	"grounds.unintended":                {"为推动发展出现的无意过失", "An unintended mistake made while pushing development"},
	"grounds.legacy_problem":            {"解决历史遗留问题中出现失误", "A mistake made while solving a problem left from the past"},
	"target.rules.commendation":         {"表彰类别“%s”无效或加分不在 0 到 100 之间", "Commendation kind “%s” is not valid, or its points are not between 0 and 100"},
	"records.from_missing":              {"请填写起始日期（from）", "Please give the start of the period (from)"},
	"records.to_missing":                {"请填写截止日期（to）", "Please give the end of the period (to)"},
	"records.to_before_from":            {"截止日期须晚于起始日期", "The end of the period must come after its start"},
	"records.span":                      {"查询期间不能超过两年", "The period cannot be longer than two years"},
	"records.time_bad":                  {"“%s”不是有效的日期或时间，应为 2026-06-30 或 2026-06-30T18:00:00+08:00", "“%s” is not a date or time; use 2026-06-30 or 2026-06-30T18:00:00+08:00"},
	"dragging.months":                   {"月数须在 %d 到 %d 之间", "The number of months must be between %d and %d"},
	"record.option":                     {"第 %d 号：%s（%s）", "No. %d: %s (%s)"},
}
