package i18n

// workbench are the words of the workbench that puts lateness first and of the item list's
// default view (issue 14).
var workbench = map[string][2]string{
	"wb.late":              {"逾期单位", "Units with overdue items"},
	"wb.late_note":         {"按逾期事项数排序，其次红灯事项数。", "Most overdue items first, then most red items."},
	"wb.late_line":         {"逾期 %d 项 · 红灯 %d 项 · 最久逾期 %d 天", "%d overdue · %d red · longest %d days past the deadline"},
	"wb.late_more":         {"其余 %d 个单位", "%d more units"},
	"wb.late_none":         {"没有逾期事项。", "No item is overdue."},
	"wb.late_chart":        {"各单位逾期与红灯事项数", "Overdue and red items by unit"},
	"wb.overdue_items":     {"逾期事项", "Overdue items"},
	"wb.kind_extension":    {"延期申请", "Extension request"},
	"wb.kind_completion":   {"办结申请", "Completion request"},
	"wb.units_note":        {"只列出有在办或已办结事项的单位。", "Only units with open or completed items are listed."},
	"light.red.deadline":   {"红灯·逾期", "Red · past the deadline"},
	"light.red.milestone":  {"红灯·节点逾期", "Red · milestone late"},
	"light.red.report":     {"红灯·反馈超期", "Red · report overdue"},
	"light.grey.cancelled": {"灰灯·已撤销", "Grey · cancelled"},
	"item.co_led":          {"配合", "Co-unit"},
	"items.in_hand":        {"在办（默认）", "In hand (default)"},
	"items.all_states":     {"全部状态（含草稿、暂停、已结束）", "Every state (drafts, suspended and closed too)"},
	"items.hidden":         {"另有 %d 项草稿、暂停或已结束的事项，点此一并显示", "%d more drafts, suspended or closed items: show them too"},
}
