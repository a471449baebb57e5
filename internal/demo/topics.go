package demo

import (
	"regexp"
	"slices"
	"strconv"
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

// The words by which a report says where it stands against its plan (序时进度).
var (
	claimsAhead  = []string{"超过序时进度", "高于时序进度", "序时进度达到要求"}
	claimsBehind = []string{"滞后约", "低于预期", "较计划滞后"}
	// doneSoFar is a report's own figure of how much is done (累计完成年度目标的71%).
	doneSoFar = regexp.MustCompile(`(累计完成[^，。；]*?的|已完成总工程量的)(\d+)%`)
)

// ReportClaim says whether a report's text claims to be ahead of or on its plan (+1),
// behind it (-1), or neither (0).
func ReportClaim(text string) int {
	has := func(words []string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(text, w) })
	}
	switch {
	case has(claimsAhead):
		return 1
	case has(claimsBehind):
		return -1
	}
	return 0
}

// reportAt is the report of fit, from the from-th on, that can be told at percent done when
// planned is due: none that claims to be ahead of a plan it is behind, or behind one it is
// ahead of; its own figure of what is done is the percent reported.
func reportAt(fit []ReportSpec, from, percent, planned int) ReportSpec {
	r := fit[from%len(fit)]
	for k := range fit {
		c := fit[(from+k)%len(fit)]
		if claim := ReportClaim(c.Text); claim == 0 || (claim > 0) == (percent >= planned) {
			r = c
			break
		}
	}
	r.Text = doneSoFar.ReplaceAllString(r.Text, "${1}"+strconv.Itoa(percent)+"%")
	return r
}
