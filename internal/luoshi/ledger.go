package luoshi

import "time"

// LedgerRow is one supervision item as the ledger (督办事项台账) lists it for a clerk's
// spreadsheet: names instead of ids, the computed light and schedule status of the moment.
type LedgerRow struct {
	Code         string
	Title        string
	Source       Source
	SourceRef    string
	Priority     Priority
	LeadUnit     string
	CoUnits      []string
	Leader       string
	Deadline     time.Time
	State        State
	Light        Light
	Schedule     ScheduleStatus
	Percent      int
	Overdue      bool
	LastReportAt *time.Time
}
