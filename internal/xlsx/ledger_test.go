package xlsx

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
)

func TestWriteLedger(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)
	rows := []luoshi.LedgerRow{
		{Code: "督办〔2026〕1号", Title: "老旧小区改造", Source: luoshi.SourceMeetingDecision, SourceRef: "常务会议纪要",
			Priority: luoshi.PriorityImportant, LeadUnit: "住建局", CoUnits: []string{"财政局", "城关镇"}, Leader: "副县长 王",
			Deadline: at, State: luoshi.StateInProgress, Light: luoshi.LightRed, Schedule: luoshi.ScheduleBehind, Percent: 40,
			Overdue: true, LastReportAt: &at},
		{Code: "督办〔2026〕2号", Title: "停车泊位", Source: luoshi.SourceOther, Priority: luoshi.PriorityRoutine,
			LeadUnit: "交通局", CoUnits: []string{}, Deadline: at, State: luoshi.StateCompleted, Light: luoshi.LightBlue,
			Schedule: luoshi.ScheduleCompleted, Percent: 100},
	}
	var buf bytes.Buffer
	if err := WriteLedger(&buf, rows, loc, true); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := f.GetRows("督办事项台账")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{LedgerHeaders,
		{"督办〔2026〕1号", "老旧小区改造", "会议议定事项", "常务会议纪要", "重要", "住建局", "财政局、城关镇", "副县长 王",
			"2026-12-01 00:00", "办理中", "红灯", "欠进度", "40", "是", "2026-12-01 00:00"},
		{"督办〔2026〕2号", "停车泊位", "其他", "", "一般", "交通局", "", "", "2026-12-01 00:00", "已办结", "蓝灯", "已完成", "100", "否"},
		{"（台账只含最新的 2 项，请缩小筛选范围后分批导出）"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}
