package i18n

// labels holds the words that messages take as arguments (labels of fields, states, roles, weekdays, periods), in lower case in English as they stand inside a sentence.
var labels = map[string][2]string{
	"weekday.sunday":         {"星期日", "Sunday"},
	"weekday.monday":         {"星期一", "Monday"},
	"weekday.tuesday":        {"星期二", "Tuesday"},
	"weekday.wednesday":      {"星期三", "Wednesday"},
	"weekday.thursday":       {"星期四", "Thursday"},
	"weekday.friday":         {"星期五", "Friday"},
	"weekday.saturday":       {"星期六", "Saturday"},
	"period.month":           {"%d月", "month %d"},
	"period.quarter":         {"第%d季度", "Q%d"},
	"label.letter.draft":     {"草稿", "draft"},
	"label.letter.submitted": {"已提交", "submitted"},
	"label.letter.reviewed":  {"已审核", "reviewed"},
	"label.letter.signed":    {"已签订", "signed"},
	"label.name":             {"姓名", "name"},
	"label.post":             {"职务", "post"},
}
