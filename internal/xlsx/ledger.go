package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
)

// The Chinese names of the ledger's codes, as the pages show them.
var (
	itemStateNames = map[luoshi.State]string{luoshi.StateDraft: "草稿", luoshi.StateAssigned: "已交办待签收",
		luoshi.StateDeclined: "已退办", luoshi.StateInProgress: "办理中", luoshi.StateCompletionRequested: "申请办结",
		luoshi.StateCompleted: "已办结", luoshi.StateSuspended: "已暂停", luoshi.StateCancelled: "已撤销"}
	lightNames = map[luoshi.Light]string{luoshi.LightGreen: "绿灯", luoshi.LightYellow: "黄灯", luoshi.LightRed: "红灯",
		luoshi.LightGrey: "灰灯", luoshi.LightBlue: "蓝灯"}
	priorityNames = map[luoshi.Priority]string{luoshi.PriorityUrgent: "特急", luoshi.PriorityImportant: "重要",
		luoshi.PriorityRoutine: "一般"}
	sourceNames = map[luoshi.Source]string{luoshi.SourceMeetingDecision: "会议议定事项", luoshi.SourceLeaderInstruction: "领导批示",
		luoshi.SourceWorkReportTask: "政府工作报告重点任务", luoshi.SourceMajorProject: "重大项目", luoshi.SourceKeyIndicator: "重要发展指标",
		luoshi.SourceNPCSuggestion: "人大代表建议", luoshi.SourceCPPCCProposal: "政协提案", luoshi.SourceNPCReviewOpinion: "人大常委会审议意见",
		luoshi.SourceOther: "其他"}
	scheduleNames = map[luoshi.ScheduleStatus]string{luoshi.ScheduleAhead: "超进度", luoshi.ScheduleOnSchedule: "达进度",
		luoshi.ScheduleBehind: "欠进度", luoshi.ScheduleCompleted: "已完成"}
)

// LedgerHeaders are the columns of the ledger of supervision items.
var LedgerHeaders = []string{"编号", "事项名称", "来源", "来源文件", "办理等级", "牵头单位", "配合单位", "责任领导",
	"办结时限", "时限情况", "状态", "预警灯", "序时进度", "计划进度(%)", "实际进度(%)", "是否逾期", "最近反馈时间", "最近反馈内容"}

// LedgerHeaderRow is the row of the ledger's headers (1-based): a title and the time of the
// export stand above it.
const LedgerHeaderRow = 3

// ledgerDateFormat is the number format of the ledger's dates and times.
const ledgerDateFormat = "yyyy-mm-dd hh:mm"

// WriteLedger writes the ledger of supervision items (督办事项台账): a title row naming the
// region and the time of the export, the header row (frozen, with the autofilter over the
// table), one row per item with its dates as Excel dates in the ledger's zone and its time
// left or lateness in words (say renders them; nil leaves the cells empty), and, when more
// items matched than the rows hold, a last row saying so.
func WriteLedger(out io.Writer, l *luoshi.Ledger, say func(luoshi.Msg) string) error {
	loc := l.Location
	if loc == nil {
		loc = time.UTC
	}
	w, err := newWorkbook(ledgerSheet)
	if err != nil {
		return err
	}
	dateStyle, err := w.f.NewStyle(&excelize.Style{CustomNumFmt: ptr(ledgerDateFormat)})
	if err != nil {
		return err
	}
	data := make([][]any, len(l.Rows))
	for i, r := range l.Rows {
		data[i] = ledgerRow(r, loc, dateStyle, say)
	}
	if err := w.widths(fitWidths(LedgerHeaders, data)...); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(LedgerHeaders))
	if err := ledgerHead(w, l, loc, last); err != nil {
		return err
	}
	for _, row := range data {
		if err := w.put(row...); err != nil {
			return err
		}
	}
	end := w.row
	if l.Truncated {
		if err := w.put(fmt.Sprintf("（台账只含最新的 %d 项，请缩小筛选范围后分批导出）", len(l.Rows))); err != nil {
			return err
		}
	}
	// The stream writer has no autofilter of its own, but it writes out the sheet's settings
	// when flushed: set one there over the header and the items (not the truncation row,
	// which sorting must leave last).
	if err := w.f.AutoFilter(ledgerSheet, fmt.Sprintf("A%d:%s%d", LedgerHeaderRow, last, end), nil); err != nil {
		return err
	}
	return w.finish(out)
}

const ledgerSheet = "督办事项台账"

// ledgerHead writes the rows above the items — the title across the table, the time of the
// export, the headers — and freezes them, so that they stay on screen as the items scroll.
func ledgerHead(w *writer, l *luoshi.Ledger, loc *time.Location, last string) error {
	first := fmt.Sprintf("A%d", LedgerHeaderRow+1)
	if err := w.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: LedgerHeaderRow, TopLeftCell: first, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	title, err := w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	if err != nil {
		return err
	}
	if err := w.put(excelize.Cell{StyleID: title, Value: l.Region + "督办事项台账"}); err != nil {
		return err
	}
	if err := w.put("截至 " + l.At.In(loc).Format("2006-01-02 15:04")); err != nil {
		return err
	}
	if err := w.sw.MergeCell("A1", last+"1"); err != nil {
		return err
	}
	return w.header(LedgerHeaders...)
}

// ledgerRow is one item's cells.
func ledgerRow(r luoshi.LedgerRow, loc *time.Location, dateStyle int, say func(luoshi.Msg) string) []any {
	date := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return excelize.Cell{StyleID: dateStyle, Value: wallClock(*t, loc)}
	}
	var left any
	if r.TimeLeft != nil && say != nil {
		left = say(*r.TimeLeft)
	}
	overdue := "否"
	if r.Overdue {
		overdue = "是"
	}
	return []any{r.Code, r.Title, sourceNames[r.Source], r.SourceRef, priorityNames[r.Priority], r.LeadUnit,
		strings.Join(r.CoUnits, "、"), r.Leader, date(&r.Deadline), left, itemStateNames[r.State], lightNames[r.Light],
		scheduleNames[r.Schedule], r.PlannedPercent, r.Percent, overdue, date(r.LastReportAt), reportCell(r.LastReport)}
}

// reportCell is a report in one cell: its text, then its problems and next steps; nil (no
// cell) for none.
func reportCell(r luoshi.LedgerReport) any {
	parts := []string{strings.TrimSpace(r.Text)}
	if s := strings.TrimSpace(r.Problems); s != "" {
		parts = append(parts, "存在问题："+s)
	}
	if s := strings.TrimSpace(r.NextSteps); s != "" {
		parts = append(parts, "下步打算："+s)
	}
	if text := strings.TrimSpace(strings.Join(parts, "\n")); text != "" {
		return clip(text, maxExcelCell)
	}
	return nil
}

// wallClock is t as read on a clock in loc, labelled UTC: Excel's dates have no zone, and
// excelize counts a date's serial from the instant.
func wallClock(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// maxExcelCell is the most characters Excel keeps in a cell.
const maxExcelCell = 32767

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// fitWidths sizes each column to its longest line — a wide (CJK) character counts twice —
// between a floor that keeps the header's filter button clear and a ceiling that keeps a
// long title or report from pushing the rest off screen.
func fitWidths(headers []string, rows [][]any) []float64 {
	const floor, ceiling = 8, 60
	ws := make([]float64, len(headers))
	fit := func(i int, s string) {
		for _, line := range strings.Split(s, "\n") {
			ws[i] = max(ws[i], displayWidth(line)+2)
		}
	}
	for i, h := range headers {
		fit(i, h+"  ") // room for the filter button
	}
	for _, r := range rows {
		for i, v := range r {
			switch v := v.(type) {
			case string:
				fit(i, v)
			case int:
				fit(i, fmt.Sprint(v))
			case excelize.Cell:
				fit(i, ledgerDateFormat)
			}
		}
	}
	for i := range ws {
		ws[i] = min(max(ws[i], floor), ceiling)
	}
	return ws
}

// displayWidth is how many columns s takes in a fixed-width font: East Asian wide and
// fullwidth characters take two.
func displayWidth(s string) float64 {
	n := 0.0
	for _, r := range s {
		if wide(r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x20000 && r <= 0x3fffd))
}

func ptr[T any](v T) *T { return &v }
