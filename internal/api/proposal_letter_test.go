package api_test

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"luoshi/internal/docx/officetest"
)

// TestProposalReplyLetter is the fourth acceptance test: the reply letter of a reply
// (答复函) downloads as a .docx for the proposer, names the unit, the proposer and the reply,
// and opens in LibreOffice, converting to a PDF on A4. Who does not see the proposal gets
// 404; before a reply there is no letter (409).
func TestProposalReplyLetter(t *testing.T) {
	e := newEnv(t)
	sid := e.proposalSession("县十八届人大三次会议", "npc_suggestion")
	var pv proposalView
	if st := e.call("sup", "POST", "/api/v1/proposals", map[string]any{"session_id": sid, "number": 18, "title": "关于修缮乡村道路的建议",
		"proposers": []any{map[string]any{"user_id": e.ids["dep"]}}}, &pv); st != 201 {
		t.Fatalf("create: %d", st)
	}
	path := proposalPath(pv.ID) + "/reply.docx"
	e.proposalAct("sup", pv.ID, "assign", map[string]any{"lead_unit_id": e.units["A"]}, 200)
	var p problem
	if st := e.call("dep", "GET", path, nil, &p); st != 409 || !strings.Contains(p.Detail, "尚未答复") {
		t.Fatalf("letter before a reply: %d %q", st, p.Detail)
	}
	e.proposalAct("a_ll", pv.ID, "record-contact", map[string]any{"contacted_on": e.clock.Now().Format(time.RFC3339), "way": "phone", "summary": "电话沟通"}, 200)
	e.proposalAct("a_ll", pv.ID, "reply", map[string]any{"text": "我局高度重视。\n已将该路段列入明年计划。", "class": "B", "signer": "王局长",
		"promise": "完成道路硬化", "promise_due": e.clock.Now().AddDate(0, 6, 0).Format(time.RFC3339)}, 200)

	if st := e.call("c_ll", "GET", path, nil, nil); st != 404 {
		t.Errorf("a unit not involved: %d, want 404", st)
	}
	a := e.send(e.liveToken("dep"), "", "GET", path, nil)
	if a.status != 200 || !strings.HasPrefix(a.ctype, "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
		t.Fatalf("letter: %d %s", a.status, a.ctype)
	}
	z, err := zip.NewReader(bytes.NewReader(a.body), int64(len(a.body)))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			doc = string(b)
		}
	}
	for _, want := range []string{"单位A", "用户dep代表：", "对县十八届人大三次会议第18号建议的答复", "签发人：王局长", "已将该路段列入明年计划",
		"完成道路硬化", "B类", "答复〔2026〕18号"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	_, pages := officetest.ToPDF(t, a.body)
	if len(pages) == 0 {
		t.Fatal("no pages")
	}
	for i, pg := range pages {
		if math.Round(pg[0]) != 595 || math.Round(pg[1]) != 842 {
			t.Errorf("page %d: %.1f × %.1f pt, want A4", i+1, pg[0], pg[1])
		}
	}
}
