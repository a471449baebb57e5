package httpx

// messagesEN is the English of the messages still written in Chinese rather than by key
// (internal/i18n): those of the files being moved onto the workflow kernel (luoshi/decide.go,
// target_rules.go, service/item.go, target_flow.go, api/item.go, web/item_view.go) and the
// cadence messages service/item.go reads as text. Each Chinese format has its English one,
// the same verbs in the same order. Below the messages are the words and parts they are made of (labels,
// states, names of things), in lower case, for the messages that take them as arguments.
// TestMessagesEN keeps it complete and free of entries no longer used. Domain terms follow
// DOMAIN.md: supervision item, lead unit, co-unit, liaison, urge, decline, target letter …
var messagesEN = map[string]string{
	// internal/luoshi
	"请填写%s":          "Please enter the %s",
	"%s不能超过 %d 个字":   "The %s cannot be longer than %d characters",
	"提交的内容有误，请按提示修改": "Some of the entries need correcting; please see the notes",
	"类别“%s”的要求增幅须在 -100%% 到 1000%% 之间": "The growth required for category “%s” must be between -100%% and 1000%%",
	"对标所需的最少单位数须在 1 到 100 之间":          "The least number of peer units to compare with must be between 1 and 100",
	"须满足 0 < 黄灯线 ≤ 绿灯线 ≤ 2":            "Must satisfy 0 < yellow line ≤ green line ≤ 2",
	"完成率上限须在 1 到 10 之间":                "The cap on the completion rate must be between 1 and 10",
	"计分下限须在 0 到 1 之间（不含 1）":            "The scoring floor must be at least 0 and below 1",
	"须在 0 到 1000 之间":                   "Must be between 0 and 1000",
	"默认超额幅度须大于 0":                      "The default margin for exceeding a target must be more than 0",
	"问责“%s”的扣分须在 0 到 100 之间":           "The deduction for accountability “%s” must be between 0 and 100",
	"催办等级“%s”无效或扣分不在 0 到 100 之间":       "Urge level “%s” is not valid, or its deduction is not between 0 and 100",
	"调整截止日期须为“月-日”，如 10-31":            "The cut-off date for adjustments must be month-day, e.g. 10-31",
	"须有 1 到 10 个等次":                    "There must be 1 to 10 grades",
	"等次须有不重复的代码和名称":                    "Each grade needs a code and a name of its own",
	"等次须按最低分从高到低排列":                    "Grades must be in order of their minimum score, highest first",
	"比例须在 0 到 1 之间（0 为不限）":             "The share must be between 0 and 1 (0 for no limit)",
	"最后一个等次的最低分须为 0，使每个单位都有等次":         "The last grade's minimum score must be 0, so that every unit gets a grade",

	// internal/service
	"指标 %d 不在这份目标责任书中":                   "Indicator %d is not in this target letter",
	"目标责任书有 %d 处目标定位问题尚未说明或未经督查室同意，不能签订": "The target letter cannot be signed: %d ambition flags are not yet explained or approved by the supervision office",
	"指标“%s”没有“%s”这项目标定位问题":               "Indicator “%s” has no ambition flag “%s”",
	"单位尚未对指标“%s”作出说明，不能审核同意":             "The unit has not yet explained indicator “%s”, so it cannot be approved",
	"没有待审核的说明":                           "There is no explanation awaiting review",
	"目标调整须在 %s 之前提出并经督查室批准，现已截止":         "Target adjustments had to be requested and approved by the supervision office before %s; that time has passed",
	"请填写调整后的目标值":                         "Please enter the adjusted target",
	"指标“%s”已有待审批的调整申请":                   "Indicator “%s” already has an adjustment request awaiting approval",
	"调整申请 %d 不在这份目标责任书中":                 "Adjustment request %d is not in this target letter",
	"该调整申请已经处理":                          "This adjustment request has already been handled",
	"指标不存在":                              "The indicator does not exist",

	// internal/api

	// internal/web

	// Words and parts of messages, lower case: labels of fields ("请填写%s"), who may act
	// ("只有%s可以执行此操作"), what was not found ("%s不存在"), states, urge levels, JSON types. "内容": "content",
	"草稿": "draft", "已交办待签收": "assigned, awaiting acceptance", "已退办": "declined", "办理中": "in progress",
	"申请办结": "completion requested", "已办结": "completed", "已暂停": "suspended", "已撤销": "cancelled",
}
