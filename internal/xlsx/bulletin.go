package xlsx

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
)

// The sheets of a bulletin's workbook, one per table of the bulletin, in its order.
const (
	BulletinOverallSheet        = "总体情况"
	BulletinUnitsSheet          = "单位排名"
	BulletinRedSheet            = "红灯事项"
	BulletinOverdueSheet        = "逾期事项"
	BulletinCommendationsSheet  = "通报表扬"
	BulletinAccountabilitySheet = "问责情况"
)

// The headers of the bulletin's tables.
var (
	BulletinOverallHeaders = []string{"通报", "统计区间起", "统计区间止", "统计时点", "应办结事项", "已办结", "按时办结", "逾期",
		"办结率(%)", "按时办结率(%)"}
	BulletinUnitsHeaders  = []string{"排名", "牵头单位", "应办结事项", "已办结", "按时办结", "逾期", "办结率(%)", "按时办结率(%)"}
	BulletinItemHeaders   = []string{"编号", "事项名称", "牵头单位", "责任领导", "办结时限", "逾期天数"}
	BulletinRecordHeaders = []string{"编号", "事项名称", "单位", "事由", "记录时间", "容错免责"}
)

// WriteBulletin writes a bulletin's tables as a workbook, a sheet each: the overall figures,
// the units ranked by outcome, the red and the overdue items by name, the commendations and
// the accountability records. The figures are the bulletin's stored ones, numbers as
// numbers; dates are Excel dates in the zone loc. name is the bulletin's number line
// (督查通报〔2026〕3号) or its title.
func WriteBulletin(out io.Writer, b *luoshi.Bulletin, name string, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	f := b.Figures
	w, err := newWorkbook(BulletinOverallSheet)
	if err != nil {
		return err
	}
	day, err := w.f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	moment, err := w.f.NewStyle(&excelize.Style{CustomNumFmt: ptr(ledgerDateFormat)})
	if err != nil {
		return err
	}
	date := func(t time.Time, style int) excelize.Cell {
		return excelize.Cell{StyleID: style, Value: wallClock(t, loc)}
	}
	// The period's end is exclusive: its last day is the day before.
	if err := w.table(BulletinOverallHeaders, [][]any{{name, date(b.From, day), date(b.To.Add(-time.Nanosecond), day),
		date(f.At, moment), f.Due, f.Completed, f.OnTime, f.Late, f.CompletionRate, f.OnTimeRate}}); err != nil {
		return err
	}
	units := make([][]any, len(f.Units))
	for i, u := range f.Units {
		units[i] = []any{u.Rank, u.UnitName, u.Due, u.Completed, u.OnTime, u.Late, u.CompletionRate, u.OnTimeRate}
	}
	if err := w.next(BulletinUnitsSheet, BulletinUnitsHeaders, units); err != nil {
		return err
	}
	for _, s := range []struct {
		sheet string
		items []luoshi.BulletinItem
	}{{BulletinRedSheet, f.Red}, {BulletinOverdueSheet, f.Overdue}} {
		rows := make([][]any, len(s.items))
		for i, it := range s.items {
			rows[i] = []any{it.Code, it.Title, it.UnitName, it.LeaderName, date(it.Deadline, day), it.DaysOverdue}
		}
		if err := w.next(s.sheet, BulletinItemHeaders, rows); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		sheet string
		recs  []luoshi.BulletinRecord
	}{{BulletinCommendationsSheet, f.Commendations}, {BulletinAccountabilitySheet, f.Accountability}} {
		rows := make([][]any, len(s.recs))
		for i, r := range s.recs {
			waived := ""
			if r.Waived {
				waived = "是"
			}
			rows[i] = []any{r.Code, r.Title, strings.Join(r.Units, "、"), r.Reason, date(r.At, moment), waived}
		}
		if err := w.next(s.sheet, BulletinRecordHeaders, rows); err != nil {
			return err
		}
	}
	return w.finish(out)
}

// next ends the sheet being written and writes a table on a new one.
func (w *writer) next(sheet string, headers []string, rows [][]any) error {
	if err := w.close(); err != nil {
		return err
	}
	if err := w.stream(sheet); err != nil {
		return err
	}
	return w.table(headers, rows)
}

// table writes the header row, with column widths fitted to it and the rows, then the rows.
func (w *writer) table(headers []string, rows [][]any) error {
	if err := w.widths(fitWidths(headers, rows)...); err != nil {
		return err
	}
	if err := w.header(headers...); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.put(r...); err != nil {
			return err
		}
	}
	return nil
}
