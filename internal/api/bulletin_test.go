package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"luoshi/internal/docx/officetest"
	"luoshi/internal/service"
)

// bulletinView is the part of a bulletin's answer the tests read.
type bulletinView struct {
	ID      int64
	State   string
	Title   string
	Year    int
	Number  int
	Actions []string
	Figures struct {
		Due, Completed, Late int
		OnTime               int     `json:"on_time"`
		CompletionRate       float64 `json:"completion_rate"`
		OnTimeRate           float64 `json:"on_time_rate"`
		Units                []struct {
			Rank           int
			UnitName       string `json:"unit_name"`
			Due            int
			Completed      int
			OnTime         int `json:"on_time"`
			Late           int
			CompletionRate float64 `json:"completion_rate"`
			OnTimeRate     float64 `json:"on_time_rate"`
		}
		Red, Overdue []struct {
			Code       string
			UnitName   string `json:"unit_name"`
			LeaderName string `json:"leader_name"`
		}
		Commendations, Accountability []struct{ Code string }
	}
}

func bulletinPath(id int64) string { return fmt.Sprintf("/api/v1/bulletins/%d", id) }

// bulletinMonth makes a county's November 2026: A delivers two items, one on time and one
// late; B one on time; C's stays open past its deadline; A's on-time item is commended;
// a fifth item of A's, due in December, is not counted. The clock is left at 1 December.
func bulletinMonth(t *testing.T, e *env) (late int64) {
	t.Helper()
	led := func(lead string, due time.Time) int64 {
		b := e.newItem("important", due)
		b["lead_unit_id"], b["co_unit_ids"] = e.units[lead], []int64{}
		if lead == "A" {
			b["leader_id"] = e.leaderNamed("副县长")
		}
		id := e.mustCreate(b).ID
		e.act(lead_ll(lead), id, "accept", nil, 200)
		return id
	}
	done := func(lead string, id int64) {
		e.act(lead_ll(lead), id, "request-completion", map[string]any{"summary": "已完成"}, 200)
		e.act("sup", id, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	}
	e.clock.Set(start) // 2 November
	aOnTime := led("A", start.AddDate(0, 0, 10))
	aLate := led("A", start.AddDate(0, 0, 12))
	bOnTime := led("B", start.AddDate(0, 0, 14))
	late = led("C", start.AddDate(0, 0, 16))
	led("A", start.AddDate(0, 1, 5)) // due in December
	e.clock.Set(start.AddDate(0, 0, 5))
	done("A", aOnTime)
	done("B", bOnTime)
	e.act("sup", aOnTime, "commend", map[string]any{"kind": "early_delivery", "reason": "提前完成"}, 200)
	e.clock.Set(start.AddDate(0, 0, 20))
	done("A", aLate)
	e.clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai))
	return late
}

// leaderNamed finds a leader of the first county by name.
func (e *env) leaderNamed(name string) int64 {
	e.t.Helper()
	var out struct {
		Leaders []struct {
			ID   int64
			Name string
		}
	}
	e.call("sup", "GET", "/api/v1/leaders", nil, &out)
	for _, l := range out.Leaders {
		if l.Name == name {
			return l.ID
		}
	}
	e.t.Fatalf("no leader %s in %+v", name, out)
	return 0
}

// TestBulletin is the bulletin's acceptance through the API: the office generates the
// month's bulletin, whose figures equal those counted here from what the items went
// through; edits, numbers and publishes it; every unit finds it in the inbox; the figures
// and the document stay as they were when the items change afterwards.
func TestBulletin(t *testing.T) {
	e := newEnv(t)
	if _, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig()); err != nil {
		t.Fatal(err)
	}
	late := bulletinMonth(t, e)
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai)

	// Only the office generates; bad input is refused with a precise message.
	var p problem
	if st := e.call("a_ll", "POST", "/api/v1/bulletins", map[string]any{"kind": "month", "from": nov}, &p); st != 403 {
		t.Errorf("a liaison generated a bulletin: %d", st)
	}
	if st := e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "weekly", "from": nov}, &p); st != 422 || p.field("kind") == "" {
		t.Errorf("unknown kind: %d %+v", st, p)
	}
	if st := e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "special", "from": nov, "to": nov.AddDate(0, 1, 0)}, &p); st != 422 || p.field("title") == "" {
		t.Errorf("special without title: %d %+v", st, p)
	}
	var b bulletinView
	if st := e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "month", "from": nov}, &b); st != 201 {
		t.Fatalf("generate: %d", st)
	}
	if b.Title != "关于2026年11月重点工作督查情况的通报" || b.State != "draft" {
		t.Errorf("bulletin %q %s", b.Title, b.State)
	}
	// Counted by hand: 4 due in November (A 2, B 1, C 1), 3 completed, 2 on time, C's and
	// A's second late; A's first commended. The unit with every item on time ranks first.
	f := b.Figures
	if f.Due != 4 || f.Completed != 3 || f.OnTime != 2 || f.Late != 2 || f.CompletionRate != 75 || f.OnTimeRate != 50 {
		t.Errorf("totals %+v", f)
	}
	var ranks []string
	for _, u := range f.Units {
		ranks = append(ranks, fmt.Sprintf("%d %s %d/%d/%d %v", u.Rank, u.UnitName, u.Due, u.Completed, u.OnTime, u.OnTimeRate))
	}
	if want := "1 单位B 1/1/1 100|2 单位A 2/2/1 50|3 单位C 1/0/0 0"; strings.Join(ranks, "|") != want {
		t.Errorf("units %q, want %q", strings.Join(ranks, "|"), want)
	}
	if len(f.Overdue) != 1 || f.Overdue[0].UnitName != "单位C" || len(f.Commendations) != 1 || len(f.Accountability) != 0 {
		t.Errorf("named %+v, records %+v %+v", f.Overdue, f.Commendations, f.Accountability)
	}
	// Drafts are the office's: a unit does not see one.
	if st := e.call("a_ll", "GET", bulletinPath(b.ID), nil, nil); st != 404 {
		t.Errorf("a liaison read a draft: %d", st)
	}
	// Publishing needs a number; the number is unique in the year.
	if st := e.call("sup", "POST", bulletinPath(b.ID)+"/publish", nil, &p); st != 409 {
		t.Errorf("published without a number: %d", st)
	}
	e.call("sup", "POST", bulletinPath(b.ID)+"/edit", map[string]any{"foreword": "11月份各单位总体推进有力。", "requirements": "各单位要对照问题抓好整改。"}, &b)
	if st := e.call("sup", "POST", bulletinPath(b.ID)+"/number", map[string]any{"year": 2026, "number": 0}, &p); st != 422 || p.field("number") == "" {
		t.Errorf("number 0: %d %+v", st, p)
	}
	if st := e.call("sup", "POST", bulletinPath(b.ID)+"/number", map[string]any{"year": 2026, "number": 11}, &b); st != 200 || b.Number != 11 {
		t.Fatalf("number: %d %+v", st, b)
	}
	var other bulletinView
	e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "quarter", "from": time.Date(2026, 7, 1, 0, 0, 0, 0, shanghai)}, &other)
	if st := e.call("sup", "POST", bulletinPath(other.ID)+"/number", map[string]any{"year": 2026, "number": 11}, &p); st != 409 {
		t.Errorf("the same number twice: %d", st)
	}
	if st := e.call("sup", "POST", bulletinPath(b.ID)+"/publish", nil, &b); st != 200 || b.State != "published" {
		t.Fatalf("publish: %d %+v", st, b)
	}
	before := e.docx(b.ID)

	// Every unit finds it in its inbox.
	for _, user := range []string{"a_ll", "b_ll", "c_ll"} {
		var inbox struct {
			Notifications []struct{ Notice struct{ Kind, Title string } }
		}
		e.call(user, "GET", "/api/v1/notifications", nil, &inbox)
		found := false
		for _, n := range inbox.Notifications {
			found = found || (n.Notice.Kind == "bulletin" && strings.Contains(n.Notice.Title, b.Title))
		}
		if !found {
			t.Errorf("%s has no notice of the bulletin: %+v", user, inbox.Notifications)
		}
	}
	// Published, it is unchangeable: no action, and the figures stay when the data moves.
	if st := e.call("sup", "POST", bulletinPath(b.ID)+"/edit", map[string]any{"foreword": "改"}, &p); st != 409 {
		t.Errorf("edited after publication: %d", st)
	}
	e.act("c_ll", late, "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.act("sup", late, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	var after bulletinView
	if st := e.call("a_ll", "GET", bulletinPath(b.ID), nil, &after); st != 200 {
		t.Fatalf("a unit reads the published bulletin: %d", st)
	}
	if fmt.Sprint(after.Figures) != fmt.Sprint(b.Figures) || len(after.Actions) != 0 {
		t.Errorf("figures moved after publication:\n%+v\nwas\n%+v", after.Figures, b.Figures)
	}
	if !bytes.Equal(before, e.docx(b.ID)) {
		t.Error("the document changed after publication")
	}
	// A bulletin generated now sees the item completed.
	var fresh bulletinView
	e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "month", "from": nov}, &fresh)
	if fresh.Figures.Completed != 4 || len(fresh.Figures.Overdue) != 0 {
		t.Errorf("a new bulletin's figures %+v", fresh.Figures)
	}
}

// docx downloads a bulletin's document as the office.
func (e *env) docx(id int64) []byte {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+bulletinPath(id)+".docx", nil)
	req.Header.Set("Authorization", "Bearer "+e.liveToken("sup"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		e.t.Fatalf("docx: %d %s", res.StatusCode, data)
	}
	return data
}

// TestBulletinDocx: the bulletin's document opens in LibreOffice and becomes a PDF of A4
// pages.
func TestBulletinDocx(t *testing.T) {
	e := newEnv(t)
	bulletinMonth(t, e)
	var b bulletinView
	e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "month", "from": time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai)}, &b)
	e.call("sup", "POST", bulletinPath(b.ID)+"/number", map[string]any{"year": 2026, "number": 11}, &b)
	data := e.docx(b.ID)
	for _, want := range []string{"督查通报〔2026〕11号", "单位B", "w:tbl", "抄送"} {
		if doc := unzipDocument(t, data); !bytes.Contains(doc, []byte(want)) {
			t.Errorf("the document lacks %s: %s", want, doc)
		}
	}
	pdf, pages := officetest.ToPDF(t, data)
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pages) == 0 {
		t.Fatalf("%d pages in a %d-byte PDF", len(pages), len(pdf))
	}
	for i, p := range pages {
		if math.Round(p[0]) != 595 || math.Round(p[1]) != 842 {
			t.Errorf("page %d is %.1f × %.1f pt, want A4", i+1, p[0], p[1])
		}
	}
	// The text block begins 37 mm from the top and 28 mm from the left: a glyph sits within
	// its grid cell up to 2.5 mm in from the block's edge.
	starts := officetest.TextStarts(t, pdf, pages[0][1])
	if len(starts) == 0 {
		t.Fatal("no text found in the PDF")
	}
	for i, s := range starts {
		if s.Left < 28 || s.Left > 30.5 || s.Top < 37 || s.Top > 43 {
			t.Errorf("page %d: text begins %.1f mm from the left and %.1f mm from the top, want 28 and 37", i+1, s.Left, s.Top)
		}
	}
}

// unzipDocument returns word/document.xml of a .docx.
func unzipDocument(t *testing.T, data []byte) []byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			defer r.Close()
			b, _ := io.ReadAll(r)
			return b
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}
