package i18n

// calendar holds the messages of the working-day calendar.
var calendar = map[string][2]string{
	"calendar.csv.columns":      {"第 %d 行：应有 3 列（date,kind,name），实际为 %d 列", "Line %d: there must be 3 columns (date,kind,name), not %d"},
	"calendar.csv.duplicate":    {"第 %d 行：日期 %s 重复（第 %d 行已有）", "Line %d: date %s is repeated (already on line %d)"},
	"calendar.csv.empty":        {"日历文件为空，缺少表头 date,kind,name", "The calendar file is empty; it needs the header date,kind,name"},
	"calendar.csv.line":         {"第 %d 行：%s", "Line %d: %s"},
	"calendar.csv.no_header":    {"第 %d 行：缺少表头，应为 date,kind,name", "Line %d: the header is missing; it must be date,kind,name"},
	"calendar.csv.unreadable":   {"第 %d 行：无法按 CSV 读取（%v）", "Line %d: cannot be read as CSV (%v)"},
	"calendar.edit.forbidden":   {"只有系统管理员可以维护工作日历", "Only the system administrator can maintain the working-day calendar"},
	"calendar.entry":            {"工作日历第 %d 条：%s", "Working-day calendar entry %d: %s"},
	"calendar.entry.duplicate":  {"工作日历第 %d 条：日期 %s 重复（第 %d 条已有）", "Working-day calendar entry %d: date %s is repeated (already in entry %d)"},
	"calendar.import.empty":     {"文件中没有任何日期", "The file has no dates"},
	"calendar.import.forbidden": {"只有系统管理员可以导入工作日历", "Only the system administrator can import the working-day calendar"},
	"calendar.kind.invalid":     {"kind 须为 holiday（放假）、workday（调休上班）或 normal（恢复为平常）", "kind must be holiday, workday (a weekend day made a working day) or normal (back to usual)"},
	"calendar.name.too_long":    {"名称不能超过 50 个字", "The name cannot be longer than 50 characters"},
	"calendar.no_zone":          {"工作日历缺少时区", "The working-day calendar has no time zone"},
	"calendar.upload.type":      {"请以 text/csv 上传工作日历文件（表头 date,kind,name）", "Upload the working-day calendar as text/csv (header date,kind,name)"},
	"calendar.year.invalid":     {"年份 %q 无效", "Year %q is not valid"},
	"calendar.year.range":       {"年份须在 2000 到 2100 之间", "The year must be between 2000 and 2100"},
	"calendar.date.invalid":     {"日期 %q 无效，应为 YYYY-MM-DD", "Date %q is not valid; use YYYY-MM-DD"},
	"calendar.day_kind.invalid": {"类型 %q 无效，应为 holiday（放假）或 workday（调休上班）", "Kind %q is not valid; use holiday, or workday for a weekend day made a working day"},
	"calendar.workday.weekday":  {"%s 是%s，调休上班日（workday）只能是星期六或星期日", "%s is a %s; a make-up working day (workday) can only be a Saturday or a Sunday"},
}
