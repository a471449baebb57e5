package i18n

// itemsWords holds the words that make the item's pages read right: the priority's options
// as a select offers them, the confirmation of a completion approved at a low percent.
var itemsWords = map[string][2]string{
	"priority.option.urgent":    {"特急（按小时计时）", "Urgent (timed in hours)"},
	"priority.option.important": {"重要（按工作日计时，优先办理）", "Important (timed in working days, handled first)"},
	"priority.option.routine":   {"一般（按工作日计时）", "Routine (timed in working days)"},

	"item.field.confirm_percent":   {"确认按当前进度办结", "Confirm completion at the reported progress"},
	"item.approve.confirm_percent": {"事项记录的完成进度为 %d%%，低于 %d%%：请勾选确认后再批准办结", "The item's recorded progress is %d%%, below %d%%: tick the confirmation to approve the completion"},
	"item.approve.confirm_bad":     {"确认项只能为 yes", "The confirmation can only be yes"},
	"item.approve.confirm_ask":     {"事项记录的完成进度只有 %d%%。确认事项确已办结、批准办结吗？", "The item's recorded progress is only %d%%. Confirm that the item is really done and approve its completion?"},
	"item.approve.confirm_check":   {"我已核实，确认在完成进度 %d%% 时批准办结", "I have checked and approve the completion at %d%% progress"},
	"ev.confirmed_percent":         {"督查室已确认：在完成进度 %d%% 时批准办结", "The office confirmed approving the completion at %d%% progress"},
	"audit.by_system":              {"系统", "the system"},
	"period.year_quarter":          {"%d年第%d季度", "%d Q%d"},
	"actual.source.unit":           {"单位填报", "entered by the unit"},
	"actual.source.office":         {"督查室填报", "entered by the office"},
	"actual.source.import":         {"批量导入", "imported"},
}
