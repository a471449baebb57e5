package i18n

// meetingPageMessages are the meetings' pages and papers: the topics and meetings lists, a
// topic's and a meeting's page, the printable agenda and minutes and their .docx.
var meetingPageMessages = map[string][2]string{
	"nav.topics":   {"会议议题", "Meeting topics"},
	"nav.meetings": {"会议", "Meetings"},

	"meeting.doc.issuer":            {"县人民政府办公室", "County government office"},
	"meeting.doc.signature":         {"县人民政府办公室", "County government office"},
	"meeting.doc.agenda_title":      {"%s议程", "Agenda of %s"},
	"meeting.doc.agenda_file":       {"会议议程", "agenda"},
	"meeting.doc.minutes_file":      {"会议纪要", "minutes"},
	"meeting.doc.held":              {"会议时间：%s（%s）", "Held: %s (%s)"},
	"meeting.doc.chair":             {"主持人：%s", "Chair: %s"},
	"meeting.doc.attendees":         {"出席人员：%s", "Attending: %s"},
	"meeting.doc.h.topics":          {"会议议题", "Topics"},
	"meeting.doc.no_topics":         {"尚无列入议程的议题。", "No topic is on the agenda yet."},
	"meeting.doc.topic":             {"%s、%s", "%s. %s"},
	"meeting.doc.topic_unit":        {"提出单位：%s", "Brought by: %s"},
	"meeting.doc.recommended":       {"推荐方案：%s（成本：%s；预期效果：%s）", "Recommended: %s (cost: %s; effect: %s)"},
	"meeting.doc.signed":            {"%s会签意见：%s", "Sign-off of %s: %s"},
	"meeting.doc.missed":            {"%s逾期未提出会签意见", "%s did not sign off in time"},
	"meeting.doc.minutes_issuer":    {"%s纪要", "Minutes of the %s"},
	"meeting.doc.minutes_no":        {"纪要%s", "Minutes %s"},
	"meeting.doc.minutes_title":     {"%s纪要", "Minutes of %s"},
	"meeting.doc.minutes_opening":   {"%s，%s主持召开%s。现将会议议定事项纪要如下：", "On %s, %s chaired the %s. Its decisions are recorded as follows:"},
	"meeting.doc.h.decisions":       {"会议议定事项", "Decisions"},
	"meeting.doc.decision":          {"%s、%s", "%s. %s"},
	"meeting.doc.decision_lead":     {"牵头单位：%s", "Lead unit: %s"},
	"meeting.doc.decision_co":       {"；配合单位：%s", "; co-units: %s"},
	"meeting.doc.decision_leader":   {"；责任领导：%s", "; leader: %s"},
	"meeting.doc.decision_deadline": {"；完成时限：%s。", "; deadline: %s."},
	"meeting.doc.cc":                {"县委办公室，县人大常委会办公室，县政协办公室。", "County party committee office, NPC standing committee office, CPPCC office."},
	"meeting.doc.printed":           {"县人民政府办公室　　%s印发", "County government office, issued %s"},
	"meeting.doc.no_minutes":        {"会议纪要尚未登记", "The minutes are not recorded yet"},
}
