package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

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
var LedgerHeaders = []string{"编号", "事项名称", "来源", "来源文件", "紧急程度", "牵头单位", "配合单位", "责任领导",
	"办结时限", "状态", "预警灯", "序时进度", "完成进度(%)", "是否逾期", "最近反馈"}

// WriteLedger writes the ledger of supervision items (督办事项台账), one row per item, times in
// loc; more says that more items matched than the rows hold, which a last row tells the reader.
func WriteLedger(out io.Writer, rows []luoshi.LedgerRow, loc *time.Location, more bool) error {
	w, err := newWorkbook("督办事项台账")
	if err != nil {
		return err
	}
	if err := w.widths(16, 40, 14, 24, 8, 20, 28, 14, 17, 12, 8, 10, 10, 8, 17); err != nil {
		return err
	}
	if err := w.header(LedgerHeaders...); err != nil {
		return err
	}
	stamp := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	for _, r := range rows {
		overdue, last := "否", ""
		if r.Overdue {
			overdue = "是"
		}
		if r.LastReportAt != nil {
			last = stamp(*r.LastReportAt)
		}
		if err := w.put(r.Code, r.Title, sourceNames[r.Source], r.SourceRef, priorityNames[r.Priority], r.LeadUnit,
			strings.Join(r.CoUnits, "、"), r.Leader, stamp(r.Deadline), itemStateNames[r.State], lightNames[r.Light],
			scheduleNames[r.Schedule], r.Percent, overdue, last); err != nil {
			return err
		}
	}
	if more {
		if err := w.put(fmt.Sprintf("（台账只含最新的 %d 项，请缩小筛选范围后分批导出）", len(rows))); err != nil {
			return err
		}
	}
	return w.finish(out)
}
