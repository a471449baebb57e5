package i18n

// targetRulesMessages are the checks of the target rules a supervisor sets.
var targetRulesMessages = map[string][2]string{
	"target.rules.growth":         {"类别“%s”的要求增幅须在 -100%% 到 1000%% 之间", "The growth required for category “%s” must be between -100%% and 1000%%"},
	"target.rules.min_peers":      {"对标所需的最少单位数须在 1 到 100 之间", "The least number of peer units to compare with must be between 1 and 100"},
	"target.rules.lines":          {"须满足 0 < 黄灯线 ≤ 绿灯线 ≤ 2", "Must satisfy 0 < yellow line ≤ green line ≤ 2"},
	"target.rules.cap":            {"完成率上限须在 1 到 10 之间", "The cap on the completion rate must be between 1 and 10"},
	"target.rules.floor":          {"计分下限须在 0 到 1 之间（不含 1）", "The scoring floor must be at least 0 and below 1"},
	"target.rules.points_range":   {"须在 0 到 1000 之间", "Must be between 0 and 1000"},
	"target.rules.stretch":        {"默认超额幅度须大于 0", "The default margin for exceeding a target must be more than 0"},
	"target.rules.accountability": {"问责“%s”的扣分须在 0 到 100 之间", "The deduction for accountability “%s” must be between 0 and 100"},
	"target.rules.urge":           {"催办等级“%s”无效或扣分不在 0 到 100 之间", "Urge level “%s” is not valid, or its deduction is not between 0 and 100"},
	"target.rules.cutoff":         {"调整截止日期须为“月-日”，如 10-31", "The cut-off date for adjustments must be month-day, e.g. 10-31"},
	"target.rules.grades_count":   {"须有 1 到 10 个等次", "There must be 1 to 10 grades"},
	"target.rules.grade_names":    {"等次须有不重复的代码和名称", "Each grade needs a code and a name of its own"},
	"target.rules.grade_order":    {"等次须按最低分从高到低排列", "Grades must be in order of their minimum score, highest first"},
	"target.rules.grade_quota":    {"比例须在 0 到 1 之间（0 为不限）", "The share must be between 0 and 1 (0 for no limit)"},
	"target.rules.grade_last":     {"最后一个等次的最低分须为 0，使每个单位都有等次", "The last grade's minimum score must be 0, so that every unit gets a grade"},
}
