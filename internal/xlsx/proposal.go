package xlsx

import (
	"io"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// ProposalSheet is the sheet of an imported list of proposals: one row per proposal.
const ProposalSheet = "建议提案"

var proposalCols = []column{
	{field: "number", headers: []string{"编号", "序号", "案号"}, required: true},
	{field: "title", headers: []string{"标题", "案由", "题目"}, required: true},
	{field: "proposers", headers: []string{"提出人", "领衔人", "代表", "提案人"}, required: true},
	{field: "delegation", headers: []string{"代表团", "界别", "代表团（界别）"}},
	{field: "content", headers: []string{"内容", "正文", "建议内容", "提案内容"}},
	{field: "category", headers: []string{"类别", "分类"}},
	{field: "suggested_unit", headers: []string{"建议主办单位", "拟主办单位", "主办单位"}},
	{field: "received_on", headers: []string{"收到日期", "提出日期", "日期"}},
}

// ReadProposals reads a list of proposals: number, title, proposers (the first leads; names
// separated by 、，, or spaces), delegation, content, category, suggested lead unit and the
// date received. Every bad cell is reported by sheet, row and column, and no rows are
// returned while any remains.
func ReadProposals(r io.Reader) ([]luoshi.ProposalRow, error) {
	rows, err := readSheet(r, ProposalSheet, proposalCols)
	if err != nil {
		return nil, err
	}
	var v luoshi.Validation
	out := make([]luoshi.ProposalRow, 0, len(rows))
	for _, row := range rows {
		p := luoshi.ProposalRow{Ref: row.ref, Title: row.get("title"), Delegation: row.get("delegation"),
			Content: row.get("content"), Category: row.get("category"), SuggestedUnit: row.get("suggested_unit")}
		p.Number = integer(&v, row, "number", 1, 1_000_000)
		p.Proposers = strings.FieldsFunc(row.get("proposers"), func(c rune) bool { return strings.ContainsRune("、,，;； \u3000", c) })
		if len(p.Proposers) == 0 { // separators only: no name
			v.AddCell(row.ref, "proposers", "proposal.import.proposers_missing")
		}
		if row.get("received_on") != "" {
			p.ReceivedOn = date(&v, row, "received_on")
		}
		out = append(out, p)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

var (
	proposalKindNames  = map[luoshi.ProposalKind]string{luoshi.KindNPCSuggestion: "人大代表建议", luoshi.KindCPPCCProposal: "政协提案", luoshi.KindNPCReviewOpinion: "人大常委会审议意见"}
	proposalStateNames = map[luoshi.ProposalState]string{luoshi.ProposalReceived: "待交办", luoshi.ProposalAssigned: "办理中",
		luoshi.ProposalDeclined: "申请退办", luoshi.ProposalReplied: "已答复待评价", luoshi.ProposalUnsatisfied: "不满意待重办",
		luoshi.ProposalClosed: "已办结", luoshi.ProposalSplit: "已分办"}
	verdictNames = map[luoshi.Verdict]string{luoshi.Satisfied: "满意", luoshi.BasicallySatisfied: "基本满意", luoshi.Unsatisfied: "不满意"}
)

// WriteProposals writes the ledger of proposals (办理台账): one row per proposal with its
// handling, class and the proposer's verdict.
func WriteProposals(out io.Writer, lines []luoshi.ProposalLine, loc *time.Location) error {
	w, err := newWorkbook(ProposalSheet)
	if err != nil {
		return err
	}
	if err := w.widths(26, 16, 8, 40, 18, 10, 14, 20, 24, 12, 12, 8, 8, 10, 8); err != nil {
		return err
	}
	if err := w.header("届次", "类别", "编号", "标题", "提出人", "分类", "办理状态", "主办单位", "协办单位", "答复期限",
		"答复日期", "逾期答复", "答复类别", "评价", "转督办事项"); err != nil {
		return err
	}
	day := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(loc).Format("2006-01-02")
	}
	for _, l := range lines {
		late := ""
		if l.Late {
			late = "是"
		}
		if err := w.put(l.Session, proposalKindNames[l.Kind], l.Number, l.Title, l.Proposers, l.Category,
			proposalStateNames[l.State], l.LeadUnit, l.CoUnits, day(l.Deadline), day(l.RepliedAt), late, string(l.Class),
			verdictNames[l.Verdict], l.Items); err != nil {
			return err
		}
	}
	return w.finish(out)
}
