package api

import (
	"strconv"
	"strings"
	"time"

	"luoshi/internal/docx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// rate writes a percentage as the bulletin prints it: 87.5, 100.
func rate(r float64) string { return strconv.FormatFloat(r, 'f', -1, 64) }

// BulletinDoc is the bulletin as an official document in the layout of GB/T 9704, in
// Chinese whatever the reader's language: the red mark and the number line, the title, the
// office's foreword, the figures in four parts (overall, by unit ranked by outcome, the red
// and overdue items by name, the commendations and accountability records), the next steps,
// the signature and the 版记. The figures are the bulletin's stored ones; dates are
// written in the zone loc.
func BulletinDoc(b *luoshi.Bulletin, loc *time.Location) *docx.Document {
	zh := i18n.ZH
	f := b.Figures
	date := func(t time.Time) string { return t.Format("2006年1月2日") }
	issued := b.UpdatedAt
	if b.PublishedAt != nil {
		issued = *b.PublishedAt
	}
	issued = issued.In(loc)
	d := &docx.Document{Issuer: zh.T("bulletin.doc.issuer"), Title: b.Title, Recipient: zh.T("bulletin.doc.recipient"),
		Signature: zh.T("bulletin.doc.signature"), Date: date(issued), Headings: map[int]bool{}, Tables: map[int]*docx.Table{},
		CC: zh.T("bulletin.doc.cc"), Printed: zh.T("bulletin.doc.printed", date(issued)), Created: issued}
	if b.Number > 0 {
		d.Number = zh.T("bulletin.doc.number", b.Year, b.Number)
	}
	add := func(s string) int { d.Body = append(d.Body, s); return len(d.Body) - 1 }
	heading := func(key string) { d.Headings[add(zh.T(key))] = true }
	for _, p := range paragraphs(b.Foreword) {
		add(p)
	}
	heading("bulletin.doc.h.overall")
	if f.Due == 0 {
		add(zh.T("bulletin.doc.none_due"))
	} else {
		add(zh.T("bulletin.doc.overall", f.Due, f.Completed, f.OnTime, f.Late, rate(f.CompletionRate), rate(f.OnTimeRate)))
	}
	heading("bulletin.doc.h.units")
	if len(f.Units) > 0 {
		t := &docx.Table{Header: strings.Split(zh.T("bulletin.doc.units_col"), "|"), Widths: []int{2, 6, 3, 3, 3, 3, 3}}
		for _, u := range f.Units {
			t.Rows = append(t.Rows, []string{strconv.Itoa(u.Rank), u.UnitName, strconv.Itoa(u.Due), strconv.Itoa(u.Completed),
				strconv.Itoa(u.OnTime), rate(u.CompletionRate) + "%", rate(u.OnTimeRate) + "%"})
		}
		d.Tables[len(d.Body)-1] = t
	}
	heading("bulletin.doc.h.named")
	named := func(key string, items []luoshi.BulletinItem) {
		if len(items) == 0 {
			return
		}
		i := add(zh.T(key, len(items)))
		t := &docx.Table{Header: strings.Split(zh.T("bulletin.doc.named_col"), "|"), Widths: []int{3, 7, 4, 3, 4}}
		for _, it := range items {
			t.Rows = append(t.Rows, []string{it.Code, it.Title, it.UnitName, it.LeaderName, date(it.Deadline.In(loc))})
		}
		d.Tables[i] = t
	}
	named("bulletin.doc.red", f.Red)
	named("bulletin.doc.overdue", f.Overdue)
	if len(f.Red) == 0 && len(f.Overdue) == 0 {
		add(zh.T("bulletin.doc.no_named"))
	}
	heading("bulletin.doc.h.records")
	for _, r := range f.Commendations {
		add(zh.T("bulletin.doc.commended", strings.Join(r.Units, "、"), r.Code+" "+r.Title, r.Reason))
	}
	for _, r := range f.Accountability {
		s := zh.T("bulletin.doc.accounted", strings.Join(r.Units, "、"), r.Code+" "+r.Title, r.Reason)
		if r.Waived {
			s += zh.T("bulletin.doc.waived")
		}
		add(s)
	}
	if len(f.Commendations) == 0 && len(f.Accountability) == 0 {
		add(zh.T("bulletin.doc.no_record"))
	}
	if req := paragraphs(b.Requirements); len(req) > 0 {
		heading("bulletin.doc.h.next")
		for _, p := range req {
			add(p)
		}
	}
	return d
}

// paragraphs splits a text into its non-empty paragraphs.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
