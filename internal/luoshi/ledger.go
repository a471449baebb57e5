package luoshi

import "time"

// LedgerRow is one supervision item as the ledger (督办事项台账) lists it for a clerk's
// spreadsheet: names instead of ids, the computed light and schedule status of the moment.
type LedgerRow struct {
	Code      string
	Title     string
	Source    Source
	SourceRef string
	Priority  Priority
	LeadUnit  string
	CoUnits   []string
	Leader    string
	Deadline  time.Time
	State     State
	Light     Light
	Schedule  ScheduleStatus
	Percent   int
	// PlannedPercent is where the item should stand now (序时进度), beside Percent, where it does.
	PlannedPercent int
	Overdue        bool
	// TimeLeft says, for an open item, the time left or how late it is as the pages say it
	// (剩余 2 个工作日, 剩余 4 小时, 逾期 3 天); nil for a closed one.
	TimeLeft     *Msg
	LastReportAt *time.Time
	// LastReport is the last report's text, problems (存在问题) and next steps (下步打算).
	LastReport LedgerReport
}

// Ledger is the ledger of supervision items of one region as exported at At: its rows, the
// region's name for the title, and whether more items matched than the rows hold.
type Ledger struct {
	Region    string
	At        time.Time
	Location  *time.Location // the region's zone, in which dates are written
	Rows      []LedgerRow
	Truncated bool
}

// LedgerReport is an item's last report as the ledger shows it.
type LedgerReport struct {
	Text, Problems, NextSteps string
}
