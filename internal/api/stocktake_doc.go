package api

import (
	"strconv"
	"strings"
	"time"

	"luoshi/internal/docx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// stocktakeDoc is the frame both documents of a stocktake share: the office's mark, the
// title naming the leader and the date, the signature.
func stocktakeDoc(s *luoshi.Stocktake, loc *time.Location, titleKey string, dated time.Time) (*docx.Document, func(string) int, func(string, ...any)) {
	zh := i18n.ZH
	day := s.Date.In(loc).Format("2006年1月2日")
	d := &docx.Document{Issuer: zh.T("stocktake.doc.issuer"), Title: zh.T(titleKey, s.LeaderPost+s.LeaderName, day),
		Signature: zh.T("stocktake.doc.signature"), Date: dated.In(loc).Format("2006年1月2日"), Headings: map[int]bool{},
		Tables: map[int]*docx.Table{}, Created: dated}
	add := func(p string) int { d.Body = append(d.Body, p); return len(d.Body) - 1 }
	heading := func(key string, args ...any) { d.Headings[add(zh.T(key, args...))] = true }
	return d, add, heading
}

// agendaTable is one section of the agenda as a table: code, item, lead unit, deadline and
// where it stands (light, schedule, percent; the two judgements for the gaps).
func agendaTable(items []luoshi.StocktakeItem, loc *time.Location, gaps bool) *docx.Table {
	zh := i18n.ZH
	t := &docx.Table{Header: strings.Split(zh.T("stocktake.doc.items_col"), "|"), Widths: []int{3, 7, 4, 3, 4}}
	if gaps {
		t.Header = strings.Split(zh.T("stocktake.doc.gaps_col"), "|")
	}
	for _, it := range items {
		stand := zh.T("light."+string(it.Light)) + "，" + zh.T("schedule."+string(it.Schedule)) + "，" + strconv.Itoa(it.Percent) + "%"
		if gaps {
			stand = zh.T("confidence."+string(it.UnitConfidence)) + " / " + zh.T("confidence."+string(it.OfficeConfidence))
		}
		t.Rows = append(t.Rows, []string{it.Code, it.Title, it.UnitName, it.Deadline.In(loc).Format("2006-01-02"), stand})
	}
	return t
}

// StocktakeAgendaDoc is a stocktake's agenda (议程) as an official document in the layout of
// GB/T 9704, in Chinese: its five sections in order, each a table, as generated.
func StocktakeAgendaDoc(s *luoshi.Stocktake, loc *time.Location) *docx.Document {
	zh := i18n.ZH
	d, add, heading := stocktakeDoc(s, loc, "stocktake.doc.title.agenda", s.Agenda.At)
	a := s.Agenda
	scope := zh.T("stocktake.doc.scope.portfolio")
	if s.Whole {
		scope = zh.T("stocktake.doc.scope.whole")
	}
	add(zh.T("stocktake.doc.intro", scope, a.At.In(loc).Format("2006年1月2日15:04")))
	for i, sec := range []struct {
		key   string
		items []luoshi.StocktakeItem
	}{{"stocktake.doc.h.red", a.Red}, {"stocktake.doc.h.yellow", a.Yellow}, {"stocktake.doc.h.behind", a.Behind}, {"stocktake.doc.h.gaps", a.Gaps}} {
		heading(sec.key, len(sec.items))
		if len(sec.items) == 0 {
			add(zh.T("stocktake.doc.none"))
			continue
		}
		d.Tables[len(d.Body)-1] = agendaTable(sec.items, loc, i == 3)
	}
	heading("stocktake.doc.h.previous", len(a.Previous))
	switch {
	case a.PreviousID == 0:
		add(zh.T("stocktake.doc.no_previous"))
	case len(a.Previous) == 0:
		add(zh.T("stocktake.doc.none"))
	default:
		t := &docx.Table{Header: strings.Split(zh.T("stocktake.doc.previous_col"), "|"), Widths: []int{2, 8, 4, 4, 3}}
		for _, f := range a.Previous {
			c := f.Commitment
			t.Rows = append(t.Rows, []string{strconv.Itoa(c.No), c.Text, c.UnitName, c.Due.In(loc).Format("2006-01-02"),
				zh.T("stocktake.outcome." + f.Outcome)})
		}
		d.Tables[len(d.Body)-1] = t
	}
	return d
}

// StocktakeRecordDoc is a stocktake's record (纪要) as an official document in the layout of
// GB/T 9704, in Chinese: what was reviewed, the summary given on closing, and the
// commitments with their owners, dates and items.
func StocktakeRecordDoc(s *luoshi.Stocktake, loc *time.Location) *docx.Document {
	zh := i18n.ZH
	dated := s.UpdatedAt
	if s.ClosedAt != nil {
		dated = *s.ClosedAt
	}
	d, add, heading := stocktakeDoc(s, loc, "stocktake.doc.title.record", dated)
	a := s.Agenda
	heading("stocktake.doc.h.reviewed")
	add(zh.T("stocktake.doc.reviewed", len(a.Red), len(a.Yellow), len(a.Behind), len(a.Gaps), len(a.Previous)))
	heading("stocktake.doc.h.summary")
	for _, p := range paragraphs(s.Summary) {
		add(p)
	}
	if strings.TrimSpace(s.Summary) == "" {
		add(zh.T("stocktake.doc.no_summary"))
	}
	heading("stocktake.doc.h.commitments", len(s.Commitments))
	if len(s.Commitments) == 0 {
		add(zh.T("stocktake.doc.none"))
		return d
	}
	t := &docx.Table{Header: strings.Split(zh.T("stocktake.doc.commitments_col"), "|"), Widths: []int{2, 7, 4, 3, 4}}
	for _, c := range s.Commitments {
		owner := c.UnitName
		if c.LeaderName != "" {
			owner += "（" + c.LeaderName + "）"
		}
		t.Rows = append(t.Rows, []string{strconv.Itoa(c.No), zh.T("stocktake.kind."+string(c.Kind)) + "：" + c.Text, owner,
			c.Due.In(loc).Format("2006-01-02"), c.ItemCode})
	}
	d.Tables[len(d.Body)-1] = t
	if s.State != luoshi.StocktakeClosed {
		d.Note = zh.T("stocktake.doc.draft")
	}
	return d
}
