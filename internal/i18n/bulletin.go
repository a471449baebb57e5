package i18n

// bulletinMessages are the bulletins' module (督查通报): kinds, states, the office's actions
// with their fields and rules, the document's parts and the notice of publication.
var bulletinMessages = map[string][2]string{
	"module.bulletin": {"督查通报", "Bulletins"},

	"bulletin.kind.month":   {"月度通报", "monthly bulletin"},
	"bulletin.kind.quarter": {"季度通报", "quarterly bulletin"},
	"bulletin.kind.year":    {"年度通报", "yearly bulletin"},
	"bulletin.kind.special": {"专项通报", "special bulletin"},

	"bulletin.state.draft":     {"草稿", "draft"},
	"bulletin.state.published": {"已印发", "published"},

	"bulletin.act.edit":    {"编辑按语和要求", "Edit the narrative"},
	"bulletin.act.number":  {"编号", "Number"},
	"bulletin.act.refresh": {"重新取数", "Take the figures again"},
	"bulletin.act.publish": {"印发", "Publish"},

	"bulletin.who.office": {"督查室", "the supervision office"},

	"bulletin.field.kind":         {"通报类型", "kind"},
	"bulletin.field.title":        {"标题", "title"},
	"bulletin.field.from":         {"起始日期", "first day"},
	"bulletin.field.to":           {"截止日期", "end"},
	"bulletin.field.foreword":     {"按语", "foreword"},
	"bulletin.field.requirements": {"下步要求", "next steps"},
	"bulletin.field.year":         {"年份", "year"},
	"bulletin.field.number":       {"序号", "number"},

	"bulletin.not_found":          {"督查通报不存在", "The bulletin does not exist"},
	"bulletin.forbidden":          {"只有%s可以进行此操作", "Only %s can do this"},
	"bulletin.wrong_state":        {"督查通报当前为“%s”，不能进行此操作", "The bulletin is “%s”; this action is not allowed"},
	"bulletin.stale":              {"督查通报已被他人修改，请刷新后重试", "The bulletin was changed by someone else; reload and try again"},
	"bulletin.number.exists":      {"%d年已有第%d号督查通报", "%d already has bulletin number %d"},
	"bulletin.publish.unnumbered": {"督查通报尚未编号，请先编号再印发", "The bulletin has no number yet; number it before publishing"},
	"bulletin.edit.nothing":       {"请填写要修改的标题、按语或下步要求", "Give the title, foreword or next steps to change"},
	"bulletin.kind.bad":           {"通报类型应为月度、季度、年度或专项", "The kind must be month, quarter, year or special"},
	"bulletin.from.missing":       {"请填写起始日期", "Give the first day"},
	"bulletin.to.missing":         {"请填写截止日期", "Give the end"},
	"bulletin.to.before_from":     {"截止日期应晚于起始日期", "The end must come after the first day"},
	"bulletin.span":               {"通报期间不能超过两年", "The period cannot be longer than two years"},
	"bulletin.period.future":      {"通报期间尚未开始", "The period has not begun"},
	"bulletin.title.long":         {"标题不能超过%d个字", "The title cannot be longer than %d characters"},

	// The document and its page.
	"bulletin.doc.issuer":        {"督查通报", "Supervision Bulletin"},
	"bulletin.doc.number":        {"督查通报〔%d〕%d号", "Bulletin [%d] No. %d"},
	"bulletin.doc.title.month":   {"关于%d年%d月重点工作督查情况的通报", "On the supervision of key work in %d, month %d"},
	"bulletin.doc.title.quarter": {"关于%d年第%d季度重点工作督查情况的通报", "On the supervision of key work in %d, quarter %d"},
	"bulletin.doc.title.year":    {"关于%d年度重点工作督查情况的通报", "On the supervision of key work in %d"},
	"bulletin.doc.recipient":     {"各乡镇（街道），县直各单位：", "To all townships and county units:"},
	"bulletin.doc.h.overall":     {"一、总体情况", "1. Overall"},
	"bulletin.doc.h.units":       {"二、各单位办理情况", "2. By unit"},
	"bulletin.doc.h.named":       {"三、红灯和逾期事项", "3. Red and overdue items"},
	"bulletin.doc.h.records":     {"四、表彰和问责情况", "4. Commendations and accountability"},
	"bulletin.doc.h.next":        {"五、下步要求", "5. Next steps"},
	"bulletin.doc.overall": {"本期应办结督办事项%d项，已办结%d项，其中按时办结%d项，未按时办结%d项；办结率%s%%，按时办结率%s%%。",
		"In the period %d items fell due; %d were completed, %d of them on time, and %d were late: completion %s%%, on time %s%%."},
	"bulletin.doc.none_due":  {"本期无应办结的督办事项。", "No item fell due in the period."},
	"bulletin.doc.units_col": {"名次|单位|应办结|已办结|按时办结|办结率|按时办结率", "Rank|Unit|Due|Completed|On time|Completion|On time rate"},
	"bulletin.doc.named_col": {"编号|事项|牵头单位|责任领导|办理时限", "Code|Item|Lead unit|Leader|Deadline"},
	"bulletin.doc.red":       {"红灯事项%d项：", "%d items are red:"},
	"bulletin.doc.overdue":   {"逾期未办结事项%d项：", "%d items are overdue:"},
	"bulletin.doc.no_named":  {"本期无红灯和逾期事项。", "No item is red or overdue."},
	"bulletin.doc.commended": {"表彰%s（%s）：%s", "Commended %s (%s): %s"},
	"bulletin.doc.accounted": {"问责%s（%s）：%s", "Accountability %s (%s): %s"},
	"bulletin.doc.waived":    {"（已容错免责）", "(waived)"},
	"bulletin.doc.no_record": {"本期无表彰和问责。", "No commendation or accountability record in the period."},
	"bulletin.doc.signature": {"县委督查室　县政府督查室", "The supervision office"},
	"bulletin.doc.cc":        {"抄送：县委办公室，县政府办公室。", "Copies: the county party and government offices."},
	"bulletin.doc.printed":   {"县委督查室　%s印发", "The supervision office, issued %s"},
	"bulletin.doc.file":      {"督查通报", "bulletin"},

	"bulletin.notice.title": {"督查通报：%s", "Bulletin: %s"},
	"bulletin.notice.body":  {"%s已印发，请登录查阅并抓好落实。", "%s has been published; read it and act on it."},
}
