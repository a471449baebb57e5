package i18n

// sheet holds the messages of reading workbooks (.xlsx) to import.
var sheet = map[string][2]string{
	"import.no_indicators":          {"工作簿中没有指标数据", "The workbook has no indicator figures"},
	"import.too_many_rows":          {"一次最多导入 %d 行", "At most %d rows can be imported at a time"},
	"import.unit.unknown":           {"本县没有名为“%s”的单位", "The county has no unit named “%s”"},
	"sheet.cell":                    {"%s：%s", "%s: %s"},
	"sheet.cell.empty":              {"不能为空", "Cannot be empty"},
	"sheet.cell.too_long":           {"内容超过 %d 个字", "Longer than %d characters"},
	"sheet.choice.invalid":          {"“%s”无效，须为%s", "“%s” is not valid; it must be %s"},
	"sheet.date.invalid":            {"“%s”不是有效的日期，请填写如 2026-04-20", "“%s” is not a valid date; write it as 2026-04-20"},
	"sheet.header.not_found":        {"工作表“%s”中没有找到表头（须包含 %s）", "Sheet “%s” has no header (it must include %s)"},
	"sheet.header.not_found_top":    {"工作表“%s”前 10 行中没有找到表头（须包含 %s）", "Sheet “%s” has no header in its first 10 rows (it must include %s)"},
	"sheet.integer.range":           {"“%s”须为 %d 到 %d 之间的整数", "“%s” must be a whole number from %d to %d"},
	"sheet.number.invalid":          {"“%s”不是有效的数字", "“%s” is not a valid number"},
	"sheet.number.percent":          {"“%s”带有百分号，请填写数字本身（如 6.5）并在“计量单位”中注明 %%", "“%s” has a percent sign; enter the number alone (e.g. 6.5) and put %% in the “计量单位” (measure unit) column"},
	"sheet.period.invalid":          {"“%s”无效，须为期次如 3、第3季度、Q3 或 3月", "“%s” is not valid; give the period, e.g. 3, “第3季度”, Q3 or “3月”"},
	"sheet.profile.invalid":         {"“%s”无效，须为用逗号分隔的每期占比，如 15,25,30,30", "“%s” is not valid; give each period's share, separated by commas, e.g. 15,25,30,30"},
	"sheet.row.unreadable":          {"工作表“%s”第 %d 行无法读取（%s）", "Sheet “%s”, row %d cannot be read (%s)"},
	"sheet.sheet.unreadable":        {"无法读取工作表“%s”（%s）", "Cannot read sheet “%s” (%s)"},
	"sheet.sheet.unreadable_stream": {"工作表“%s”无法读取（%s）", "Sheet “%s” cannot be read (%s)"},
	"sheet.too_many_rows":           {"工作表“%s”超过 %d 行数据，请分批导入", "Sheet “%s” has more than %d rows of data; please import it in parts"},
	"sheet.workbook.damaged":        {"无法读取工作簿：文件已损坏", "Cannot read the workbook: the file is damaged"},
	"sheet.workbook.no_sheets":      {"工作簿中没有工作表", "The workbook has no sheets"},
	"sheet.workbook.unreadable":     {"无法读取工作簿，请上传 Excel 2007 及以上版本的 .xlsx 文件（%s）", "Cannot read the workbook; please upload an .xlsx file from Excel 2007 or later (%s)"},
	"sheet.at.cell":                 {"工作表“%s”第 %d 行 %s 列（%s）", "Sheet “%s”, row %d, column %s (%s)"},
	"sheet.at.row":                  {"工作表“%s”第 %d 行", "Sheet “%s”, row %d"},
}
