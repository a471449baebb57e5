package demo

import (
	"slices"
	"strings"
)

// ReportTopics are the topics of the demo's progress reports and the words of an item's title
// or content (or its source) that make a report of the topic fit it: a report on a tender fits
// a construction project, not a nursing home's care; one on a petitioner fits a petition case.
var ReportTopics = map[string]struct {
	Words   []string
	Sources []string
}{
	"general":   {},
	"project":   {Words: []string{"工程", "新建", "改扩建", "建设", "施工", "项目"}, Sources: []string{"major_project"}},
	"check":     {Words: []string{"排查", "整治", "整改", "检查", "隐患", "执法"}},
	"reply":     {Sources: []string{"npc_suggestion", "cppcc_proposal"}},
	"fund":      {Words: []string{"资金", "投资", "预算", "债"}},
	"policy":    {Words: []string{"方案", "政策", "办法", "措施", "制度", "机制", "规划"}},
	"complaint": {Words: []string{"反映", "投诉", "12345"}},
	"indicator": {Sources: []string{"key_indicator"}},
	"petition":  {Words: []string{"信访", "上访"}},
	"emergency": {Words: []string{"应急响应", "险情", "立即"}},
	"monitor":   {Words: []string{"监测", "检测"}},
	"digital":   {Words: []string{"系统", "平台", "网办", "一网通办", "线上", "数据"}},
	"invest":    {Words: []string{"招商", "引进", "签约"}},
	"people":    {Words: []string{"户", "老人", "困难", "帮扶", "留守"}},
}

// TopicFits reports whether a report of topic fits an item with this title and content from
// source.
func TopicFits(topic, title, content, source string) bool {
	t, ok := ReportTopics[topic]
	if !ok {
		return false
	}
	if len(t.Words) == 0 && len(t.Sources) == 0 {
		return true
	}
	text := title + content
	return slices.Contains(t.Sources, source) ||
		slices.ContainsFunc(t.Words, func(w string) bool { return strings.Contains(text, w) })
}

// reportsFor are the reports that fit an item, in their order in Reports.
func reportsFor(title, content, source string) []ReportSpec {
	var out []ReportSpec
	for _, r := range Reports {
		if TopicFits(r.Topic, title, content, source) {
			out = append(out, r)
		}
	}
	return out
}
