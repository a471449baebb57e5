package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/docx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

func init() {
	Routes = append(Routes,
		Route{Pattern: "GET /api/v1/meetings/{id}/agenda.docx", Allow: meetingReaders, handler: (*Handler).handleMeetingAgendaDocx},
		Route{Pattern: "GET /api/v1/meetings/{id}/minutes.docx", Allow: meetingReaders, handler: (*Handler).handleMeetingMinutesDocx})
}

// handleMeetingAgendaDocx answers with a meeting's agenda (会议议程) as a .docx in the
// official-document layout.
func (h *Handler) handleMeetingAgendaDocx(w http.ResponseWriter, r *http.Request) error {
	return h.meetingDocx(w, r, "meeting.doc.agenda_file", AgendaDoc)
}

// handleMeetingMinutesDocx answers with a meeting's minutes (会议纪要) as a .docx; a meeting
// whose minutes are not recorded has none (409).
func (h *Handler) handleMeetingMinutesDocx(w http.ResponseWriter, r *http.Request) error {
	return h.meetingDocx(w, r, "meeting.doc.minutes_file", MinutesDoc)
}

func (h *Handler) meetingDocx(w http.ResponseWriter, r *http.Request, file string,
	doc func(*service.MeetingView, *time.Location) (*docx.Document, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := h.svc.GetMeeting(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	d, err := doc(m, h.svc.Location())
	if err != nil {
		return err
	}
	data, err := d.Bytes()
	if err != nil {
		return err
	}
	return sendDocx(w, fmt.Sprintf("%s-%d.docx", i18n.ZH.T(file), m.ID), data)
}

// docDate writes a date as an official document does: 2026年12月7日.
func docDate(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006年1月2日") }

// AgendaDoc is a meeting's agenda as an official document in the layout of GB/T 9704, in
// Chinese whatever the reader's language: the office's mark, the title, when and where the
// meeting is held and who chairs and attends it, then each accepted topic with its unit, the
// recommended option and the sign-offs, in the order they were accepted.
func AgendaDoc(m *service.MeetingView, loc *time.Location) (*docx.Document, error) {
	zh := i18n.ZH
	at := m.HeldAt.In(loc)
	d := &docx.Document{Issuer: zh.T("meeting.doc.issuer"), Title: zh.T("meeting.doc.agenda_title", m.Title),
		Signature: zh.T("meeting.doc.signature"), Date: docDate(m.UpdatedAt, loc), Headings: map[int]bool{},
		Tables: map[int]*docx.Table{}, Created: m.UpdatedAt}
	add := func(s string) int { d.Body = append(d.Body, s); return len(d.Body) - 1 }
	add(zh.T("meeting.doc.held", at.Format("2006年1月2日15:04"), zh.Msg(m.KindName)))
	add(zh.T("meeting.doc.chair", m.Chair))
	if a := strings.TrimSpace(m.Attendees); a != "" {
		add(zh.T("meeting.doc.attendees", a))
	}
	d.Headings[add(zh.T("meeting.doc.h.topics"))] = true
	if len(m.Agenda) == 0 {
		add(zh.T("meeting.doc.no_topics"))
	}
	for i, t := range m.Agenda {
		d.Headings[add(zh.T("meeting.doc.topic", numeral(i+1), t.Title))] = true
		add(zh.T("meeting.doc.topic_unit", m.UnitNames[t.UnitID]))
		if t.Recommended > 0 && t.Recommended <= len(t.Solutions) {
			s := t.Solutions[t.Recommended-1]
			add(zh.T("meeting.doc.recommended", s.Text, s.Cost, s.Effect))
		}
		for _, so := range t.SignOffs {
			switch {
			case so.SignedAt != nil:
				add(zh.T("meeting.doc.signed", m.UnitNames[so.UnitID], so.Text))
			case so.Missed:
				add(zh.T("meeting.doc.missed", m.UnitNames[so.UnitID]))
			}
		}
	}
	return d, nil
}

// MinutesDoc is a meeting's minutes (会议纪要) as an official document in the layout of
// GB/T 9704: the office's mark, the 纪要 number, the title, the minutes' text, then the
// numbered decisions (议定事项) with their lead units, co-units, leaders and deadlines.
func MinutesDoc(m *service.MeetingView, loc *time.Location) (*docx.Document, error) {
	zh := i18n.ZH
	if m.MinutesNo == "" {
		return nil, luoshi.Errorf(luoshi.ECONFLICT, "meeting.doc.no_minutes")
	}
	issued := m.UpdatedAt
	if m.PublishedAt != nil {
		issued = *m.PublishedAt
	}
	d := &docx.Document{Issuer: zh.T("meeting.doc.minutes_issuer", zh.Msg(m.KindName)), Number: zh.T("meeting.doc.minutes_no", m.MinutesNo),
		Title: zh.T("meeting.doc.minutes_title", m.Title), Headings: map[int]bool{}, Tables: map[int]*docx.Table{},
		Signature: zh.T("meeting.doc.signature"), Date: docDate(issued, loc), Created: issued,
		CC: zh.T("meeting.doc.cc"), Printed: zh.T("meeting.doc.printed", docDate(issued, loc))}
	add := func(s string) int { d.Body = append(d.Body, s); return len(d.Body) - 1 }
	add(zh.T("meeting.doc.minutes_opening", m.HeldAt.In(loc).Format("2006年1月2日"), m.Chair, zh.Msg(m.KindName)))
	for _, p := range paragraphs(m.Minutes) {
		add(p)
	}
	d.Headings[add(zh.T("meeting.doc.h.decisions"))] = true
	for _, dc := range m.Decisions {
		add(zh.T("meeting.doc.decision", numeral(dc.No), dc.Text))
		co := make([]string, len(dc.CoUnitIDs))
		for i, u := range dc.CoUnitIDs {
			co[i] = m.UnitNames[u]
		}
		line := zh.T("meeting.doc.decision_lead", m.UnitNames[dc.LeadUnitID])
		if len(co) > 0 {
			line += zh.T("meeting.doc.decision_co", strings.Join(co, "、"))
		}
		if dc.LeaderID != nil {
			line += zh.T("meeting.doc.decision_leader", m.LeaderNames[*dc.LeaderID])
		}
		add(line + zh.T("meeting.doc.decision_deadline", docDate(dc.Deadline, loc)))
	}
	return d, nil
}

// numeral writes 1…99 as Chinese numerals (一, 十二, 二十), as document headings number.
func numeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}
