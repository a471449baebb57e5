package i18n

// notify holds the messages of notifications: the inbox, the settings, deliveries and reminders.
var notify = map[string][2]string{
	"notify.deliveries.forbidden":  {"只有系统管理员可以查看和重发通知发送记录", "Only the system administrator can see and resend notification deliveries"},
	"notify.deliveries.ids":        {"请给出 1 至 %d 条发送记录的编号，或用 all 重发全部失败记录", "Give the IDs of 1 to %d deliveries, or use all to resend every failed one"},
	"notify.deliveries.status":     {"状态须为 pending、sent 或 failed", "The status must be pending, sent or failed"},
	"notify.email.invalid":         {"电子邮箱 %q 格式不正确", "Email address %q is not valid"},
	"notify.ids.both":              {"ids 与 all 只能给出一个", "Give either ids or all, not both"},
	"notify.ids.none":              {"请给出编号（ids），或用 all: true 表示全部", "Give the IDs (ids), or all: true for all of them"},
	"notify.limit.invalid":         {"每页条数 %q 无效", "Page size %q is not valid"},
	"notify.limit.max":             {"每页最多 200 条", "At most 200 per page"},
	"notify.quiet_hours.invalid":   {"免打扰时段 %q 无效，应为 HH:MM-HH:MM（如 22:00-07:00）", "Quiet hours %q are not valid; use HH:MM-HH:MM (e.g. 22:00-07:00)"},
	"notify.read.ids":              {"请给出 1 至 %d 条通知的编号，或用 all 标记全部已读", "Give the IDs of 1 to %d notifications, or use all to mark them all read"},
	"notify.settings.forbidden":    {"只能查看和修改自己的通知设置", "You can only see and change your own notification settings"},
	"reminder.digest_at":           {"每日摘要时间须在 00:00 到 23:59 之间", "The time of the daily digest must be between 00:00 and 23:59"},
	"reminder.escalation_workdays": {"升级催办的间隔须至少 1 个工作日", "The interval between escalating urges must be at least 1 working day"},
	"reminder.final_workdays":      {"最后提醒须至少提前 1 个工作日", "The final reminder must come at least 1 working day before"},
	"reminder.time.invalid":        {"时间 %q 无效，应为 HH:MM（如 08:30）", "Time %q is not valid; use HH:MM (e.g. 08:30)"},
	"reminder.urgent_escalation":   {"特急事项升级催办的间隔须大于 0", "The interval between escalating urges on urgent items must be more than 0"},
	"reminder.urgent_final":        {"特急事项最后提醒时间须大于 0", "The final reminder for urgent items must be more than 0"},
}
