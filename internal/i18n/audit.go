package i18n

// audit holds the messages of the audit trail and the security policy.
var audit = map[string][2]string{
	"audit.limit.max":           {"每页最多 1000 条", "At most 1000 per page"},
	"audit.purge.too_recent":    {"审计记录至少保存 %d 天，不能删除更近的记录", "Audit records are kept for at least %d days; more recent ones cannot be deleted"},
	"audit.query.actor_id":      {"actor_id 须为整数", "actor_id must be a whole number"},
	"audit.query.limit":         {"limit 须为 1 到 1000 之间的整数", "limit must be a whole number from 1 to 1000"},
	"audit.query.outcome":       {"outcome 须为 success、failure 或 denied", "outcome must be success, failure or denied"},
	"audit.query.time":          {"时间格式须为 RFC 3339 或 YYYY-MM-DD", "Times must be RFC 3339 or YYYY-MM-DD"},
	"audit.read.forbidden":      {"只有审计管理员可以查看审计记录", "Only the auditor can read the audit trail"},
	"security.audit_retention":  {"审计记录至少保存 %d 天（不超过 3650 天）", "Audit records must be kept for at least %d days (and at most 3650)"},
	"security.policy.forbidden": {"只有安全管理员可以设置安全策略", "Only the security administrator can set the security policy"},
	"security.range":            {"须在 %d 到 %d 之间", "Must be between %d and %d"},
}
