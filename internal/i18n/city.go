package i18n

// city holds the texts of what a city account (市级督查) sees of the counties below its own.
var city = map[string][2]string{
	"city.title":  {"下辖县（市、区）督办情况", "The counties below"},
	"city.county": {"县（市、区）", "County"},
	"city.none":   {"本级之下暂无县（市、区）。", "No county is below this region yet."},
	"city.note": {"只读：可查看各县（市、区）的事项、进展和统计，不能办理、催办或修改。数字为各县督查室所见的全部事项。",
		"Read-only: you see each county's items, progress and counts, and cannot act on them. The figures are all the items each county's supervision office sees."},
	"city.region":      {"县（市、区）", "County"},
	"city.region_hint": {"选择要查看的县（市、区）", "Choose the county to show"},
	"city.readonly":    {"上级只读查看：%s 的事项", "Read-only view of %s"},
}
