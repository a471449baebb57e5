package web

import "maps"

// collabCatalogue holds the texts of the collaboration metrics page (协作指标) and of delivery
// confidence (落实把握), merged into the one catalogue at start-up.
var collabCatalogue = map[string][2]string{
	"nav.collaboration": {"协作指标", "Collaboration"},
	"collab.title":      {"%d 年协作指标", "Collaboration %d"},
	"collab.units":      {"各单位接办情况", "How each unit took what it was given"},
	"collab.assigned":   {"交办", "Assigned"},
	"collab.declined":   {"退办", "Declined"},
	"collab.reassigned": {"被改派", "Moved away"},
	"collab.insisted":   {"坚持交办", "Kept with it"},
	"collab.twice":      {"多次转办", "Moved twice+"},
	"collab.accepted":   {"已接收", "Accepted"},
	"collab.late":       {"超时接收", "Accepted late"},
	"collab.median":     {"接收用时中位（小时）", "Median hours to accept"},
	"collab.longest":    {"最长用时（小时）", "Longest hours"},
	"collab.overdue":    {"逾期未接收", "Unaccepted, overdue"},
	"collab.none":       {"本年度没有交办记录。", "Nothing was assigned this year."},
	"collab.note": {"按当年的交办统计：退办、被督查室改派或坚持交办、转办两次以上的事项，以及从交办到接收的时间（按自然小时）；是否超时按接收时限（特急 1 小时，其他 1 个工作日）。只计结果，不计登录或操作次数。配合意见按向配合单位征求的次数统计：在答复时限前答复为按时，时限后答复为逾期答复，时限已过仍未答复为未答复。",
		"Counted by the assignments made in the year: declines, moves by the supervision office or its insisting, items moved twice or more, and the time from assignment to acceptance (clock hours); late means after the acceptance was due (1 hour for urgent items, 1 working day for others). Outcomes only, never logins or clicks. Co-unit opinions are counted by the requests made of the co-unit: answered by the time due is on time, after it late, and unanswered once it has passed missing."},
	"collab.declines_of":        {"%s 的退办", "Declines by %s"},
	"collab.reason":             {"理由", "Reason"},
	"collab.no_declines":        {"本年度没有退办。", "No declines this year."},
	"collab.outcome.reassigned": {"已改派", "Moved"},
	"collab.outcome.insisted":   {"坚持交办", "Kept"},
	"collab.outcome.pending":    {"待督查室处理", "Awaiting the office"},

	// Delivery confidence (落实把握) on the item page.
	"action.rate-confidence":     {"判断落实把握", "Judge delivery confidence"},
	"flash.done.rate-confidence": {"已记录落实把握判断", "Delivery confidence recorded"},
	"event.confidence_rated":     {"判断落实把握", "Judged delivery confidence"},
	"confidence.title":           {"落实把握", "Delivery confidence"},
	"confidence.level":           {"把握程度", "Confidence"},
	"confidence.reason":          {"依据（选填）", "Why (optional)"},
	"confidence.unit":            {"牵头单位", "Lead unit"},
	"confidence.office":          {"督查室", "Supervision office"},
	"confidence.gap":             {"判断相差 %d 级", "%d levels apart"},
	"confidence.green":           {"很有把握", "Confident"},
	"confidence.amber_green":     {"较有把握", "Fairly confident"},
	"confidence.amber":           {"有一定难度", "Some difficulty"},
	"confidence.amber_red":       {"难度较大", "Serious difficulty"},
	"confidence.red":             {"难以按期完成", "Unlikely on time"},
	"wb.diverging":               {"落实把握判断分歧", "Confidence judged apart"},
}

func init() { maps.Copy(catalogue, collabCatalogue) }
