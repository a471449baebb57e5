package i18n

// itemsTime holds the words of time left and lateness, and the limits on how far ahead a
// deadline may be set.
var itemsTime = map[string][2]string{
	"time.left_workdays":           {"剩余 %d 个工作日", "%d working days left"},
	"time.left_hours":              {"剩余 %d 小时", "%d hours left"},
	"time.left_under_hour":         {"剩余不足 1 小时", "less than an hour left"},
	"time.overdue_days":            {"逾期 %d 天", "%d days overdue"},
	"time.overdue_hours":           {"逾期 %d 小时", "%d hours overdue"},
	"item.decline.window_workdays": {"交办后 %d 个工作日内可退办", "an assignment can be declined within %d working days"},
	"item.decline.window_hours":    {"紧急事项交办后 %d 小时内可退办", "an urgent assignment can be declined within %d hours"},
	"item.decline.window_deadline": {"退办不能晚于办结时限", "an assignment cannot be declined after its deadline"},
	"item.deadline.too_far":        {"截止时间不能晚于 %d 年后", "The deadline cannot be more than %d years ahead"},
	"item.milestone.too_far":       {"节点时间不能晚于 %d 年后", "A milestone cannot be more than %d years ahead"},
}
