package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"luoshi/internal/docx/officetest"
)

// readDocx returns the text of a .docx's word/document.xml.
func readDocx(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			return string(b)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// onAgenda drafts a topic of unit A with a solution, the recommendation and B's sign-off,
// submits it and has the office accept it onto the meeting.
func (e *env) onAgenda(title string, meetingID int64) topicView {
	e.t.Helper()
	tp := e.newTopic("a_ll", title, false)
	e.topicAct("a_ll", tp.ID, "add-solution", solution, 200)
	e.topicAct("a_ll", tp.ID, "recommend", map[string]any{"option": 1}, 200)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": e.clock.Now().Add(24 * time.Hour)}, 200)
	e.topicAct("b_ll", tp.ID, "sign-off", map[string]any{"text": "同意牵头单位意见"}, 200)
	e.topicAct("a_ll", tp.ID, "submit", nil, 200)
	tv, _ := e.topicAct("sup", tp.ID, "accept", map[string]any{"meeting_id": meetingID}, 200)
	return tv
}

// TestMeetingPapers is the fifth acceptance: a meeting's agenda and its minutes
// download as .docx in the official-document layout — the agenda with the accepted topics,
// their units, recommended options and sign-offs; the minutes with the 纪要 number and the
// numbered decisions with their units, leaders and deadlines — and each opens in
// LibreOffice, converting to a PDF on A4. Minutes not yet recorded have no document (409);
// another county's reader gets 404.
func TestMeetingPapers(t *testing.T) {
	e := newEnv(t)
	m := e.newMeeting("executive")
	e.onAgenda("关于城区供水管网改造的议题", m.ID)
	path := fmt.Sprintf("/api/v1/meetings/%d/", m.ID)
	if st := e.call("a_ll", "GET", path+"minutes.docx", nil, nil); st != 409 {
		t.Errorf("minutes before they are recorded: %d, want 409", st)
	}
	e.post("sup", path+"record-minutes", map[string]any{"minutes_no": "〔2026〕12号", "minutes": "会议听取了县水务局关于城区供水管网改造的汇报。"}, nil, 200)
	e.post("sup", path+"add-decision", map[string]any{"decision": "同意实施城区供水管网改造一期工程", "lead_unit_id": e.units["A"],
		"co_unit_ids": []int64{e.units["B"]}, "deadline": time.Date(2027, 6, 30, 17, 0, 0, 0, shanghai)}, nil, 200)
	e.post("sup", path+"publish", nil, nil, 200)
	if st := e.call("d_sup", "GET", path+"agenda.docx", nil, nil); st != 404 {
		t.Errorf("another county's agenda: %d, want 404", st)
	}
	docs := map[string][]string{
		"agenda.docx":  {"县人民政府办公室", "县政府第12次常务会议议程", "县政府常务会议", "关于城区供水管网改造的议题", "提出单位：单位A", "分两期建设", "单位B会签意见：同意牵头单位意见"},
		"minutes.docx": {"县政府常务会议纪要", "纪要〔2026〕12号", "县政府第12次常务会议纪要", "会议听取了县水务局", "一、同意实施城区供水管网改造一期工程", "牵头单位：单位A", "配合单位：单位B", "2027年6月30日"},
	}
	for name, wants := range docs {
		a := e.send(e.liveToken("a_ll"), "", "GET", path+name, nil)
		if a.status != 200 || !strings.HasPrefix(a.ctype, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
			t.Fatalf("%s: %d %s", name, a.status, a.ctype)
		}
		doc := readDocx(t, a.body)
		for _, want := range wants {
			if !strings.Contains(doc, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
		_, pages := officetest.ToPDF(t, a.body)
		if len(pages) == 0 {
			t.Fatalf("%s: no pages", name)
		}
		for i, pg := range pages {
			if math.Round(pg[0]) != 595 || math.Round(pg[1]) != 842 {
				t.Errorf("%s page %d: %.1f × %.1f pt, want A4", name, i+1, pg[0], pg[1])
			}
		}
	}
}
