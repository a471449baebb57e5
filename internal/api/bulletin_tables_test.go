package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"luoshi/internal/docx/officetest"
)

// generateNovember runs the November scenario (bulletinMonth) and has the office generate
// the month's bulletin.
func generateNovember(t *testing.T, e *env) (b bulletinView, late int64) {
	t.Helper()
	late = bulletinMonth(t, e)
	if st := e.call("sup", "POST", "/api/v1/bulletins", map[string]any{"kind": "month",
		"from": time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai)}, &b); st != 201 {
		t.Fatalf("generate: %d", st)
	}
	return b, late
}

// TestBulletinClearNarrative: an edit given "" for 按语 or 下步要求 clears it; a key left out
// (or null) leaves the text as it was.
func TestBulletinClearNarrative(t *testing.T) {
	e := newEnv(t)
	b, _ := generateNovember(t, e)
	var got struct{ Title, Foreword, Requirements string }
	edit := func(body string) {
		t.Helper()
		if st := e.call("sup", "POST", bulletinPath(b.ID)+"/edit", body, &got); st != 200 {
			t.Fatalf("edit %s: %d", body, st)
		}
	}
	edit(`{"foreword": "按语", "requirements": "要求"}`)
	edit(`{"title": "十一月通报"}`)
	if got.Foreword != "按语" || got.Requirements != "要求" || got.Title != "十一月通报" {
		t.Errorf("a title alone changed more: %+v", got)
	}
	edit(`{"foreword": "", "requirements": null}`)
	if got.Foreword != "" || got.Requirements != "要求" {
		t.Errorf("clear the foreword: %+v", got)
	}
	edit(`{"requirements": "  "}`)
	if got.Requirements != "" || got.Title != "十一月通报" {
		t.Errorf("clear the requirements: %+v", got)
	}
	var p problem
	if st := e.call("sup", "POST", bulletinPath(b.ID)+"/edit", `{"title": ""}`, &p); st != 422 {
		t.Errorf("an edit that changes nothing: %d", st)
	}
}

// TestBulletinPeriod: a month's, quarter's or year's bulletin counts the whole period that
// holds the day given; a special one starts on it.
func TestBulletinPeriod(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, shanghai))
	day := time.Date(2026, 8, 15, 10, 0, 0, 0, shanghai)
	for kind, want := range map[string]string{
		"month":   "2026-08-01 2026-09-01",
		"quarter": "2026-07-01 2026-10-01",
		"year":    "2026-01-01 2027-01-01",
		"special": "2026-08-15 2026-08-25",
	} {
		var b struct {
			From, To time.Time
			Title    string
		}
		body := map[string]any{"kind": kind, "from": day}
		if kind == "special" {
			body["to"], body["title"] = day.AddDate(0, 0, 10), "专项"
		}
		if st := e.call("sup", "POST", "/api/v1/bulletins", body, &b); st != 201 {
			t.Fatalf("%s: %d", kind, st)
		}
		if got := b.From.In(shanghai).Format("2006-01-02") + " " + b.To.In(shanghai).Format("2006-01-02"); got != want {
			t.Errorf("%s bulletin from 15 August: %s, want %s (%s)", kind, got, want, b.Title)
		}
	}
}

// TestBulletinCountsNoActivity is acceptance 4 for the bulletin: logins, views, progress
// reports change none of its figures when they are taken again; completing an
// item does.
func TestBulletinCountsNoActivity(t *testing.T) {
	e := newEnv(t)
	b, late := generateNovember(t, e)
	refresh := func() bulletinView {
		t.Helper()
		var r bulletinView
		if st := e.call("sup", "POST", bulletinPath(b.ID)+"/refresh", nil, &r); st != 200 {
			t.Fatalf("refresh: %d", st)
		}
		return r
	}
	before := refresh().Figures
	for _, user := range []string{"a_ll", "a_jb", "b_ll", "c_ll", "head", "sup"} {
		e.call(user, "GET", "/api/v1/items", nil, nil)
		e.call(user, "GET", itemPath(late), nil, nil)
	}
	e.act("c_ll", late, "report", map[string]any{"text": "正在加紧推进", "percent": 80}, 200)
	e.act("c_ll", late, "report", map[string]any{"text": "已完成主体工程", "percent": 90}, 200)
	if after := refresh().Figures; !reflect.DeepEqual(after, before) {
		t.Errorf("activity moved the figures:\n%+v\nwas\n%+v", after, before)
	}
	e.act("c_ll", late, "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.act("sup", late, "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	if after := refresh().Figures; after.Completed != before.Completed+1 || len(after.Overdue) != len(before.Overdue)-1 {
		t.Errorf("a completion did not count: %d completed, %d overdue; was %d, %d",
			after.Completed, len(after.Overdue), before.Completed, len(before.Overdue))
	}
}

// bookJSON is what workbook_openpyxl.py prints of a workbook.
type bookJSON struct {
	Sheets []string
	Rows   map[string][][]any
}

// TestBulletinXlsx opens the bulletin's tables with openpyxl (Debian's python3-openpyxl):
// a sheet per table with Chinese headers, and every figure equal to the bulletin's.
// Without openpyxl the test skips, unless LUOSHI_REQUIRE_OPENPYXL=1 (CI) makes that a failure.
func TestBulletinXlsx(t *testing.T) {
	python := officetest.Openpyxl(t)
	e := newEnv(t)
	b, _ := generateNovember(t, e)
	e.call("sup", "POST", bulletinPath(b.ID)+"/number", map[string]any{"year": 2026, "number": 11}, &b)
	if st := e.call("a_ll", "GET", bulletinPath(b.ID)+".xlsx", nil, nil); st != 404 {
		t.Errorf("a unit downloads a draft's tables: %d", st)
	}
	path := filepath.Join(t.TempDir(), "通报.xlsx")
	if err := os.WriteFile(path, e.download("sup", bulletinPath(b.ID)+".xlsx", xlsxCT), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, filepath.Join("testdata", "workbook_openpyxl.py"), path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	var book bookJSON
	if err := json.Unmarshal(out, &book); err != nil {
		t.Fatal(err)
	}
	if want := []string{"总体情况", "单位排名", "红灯事项", "逾期事项", "通报表扬", "问责情况"}; !reflect.DeepEqual(book.Sheets, want) {
		t.Fatalf("sheets %q, want %q", book.Sheets, want)
	}
	f := b.Figures
	row := func(sheet string, i int) string { return fmt.Sprint(book.Rows[sheet][i]) }
	checks := map[string]string{
		row("总体情况", 0): "[通报 统计区间起 统计区间止 统计时点 应办结事项 已办结 按时办结 逾期 办结率(%) 按时办结率(%)]",
		row("总体情况", 1): fmt.Sprint([]any{"督查通报〔2026〕11号 " + b.Title, "date:2026-11-01 00:00", "date:2026-11-30 23:59",
			"date:2026-12-01 09:00", f.Due, f.Completed, f.OnTime, f.Late, f.CompletionRate, f.OnTimeRate}),
		row("单位排名", 0): "[排名 牵头单位 应办结事项 已办结 按时办结 逾期 办结率(%) 按时办结率(%)]",
		row("逾期事项", 0): "[编号 事项名称 牵头单位 责任领导 办结时限 逾期天数]",
		row("通报表扬", 0): "[编号 事项名称 单位 事由 记录时间 容错免责]",
	}
	for i, u := range f.Units {
		checks[row("单位排名", i+1)] = fmt.Sprint([]any{u.Rank, u.UnitName, u.Due, u.Completed, u.OnTime, u.Late,
			u.CompletionRate, u.OnTimeRate})
	}
	for got, want := range checks {
		if got != want {
			t.Errorf("row %s, want %s", got, want)
		}
	}
	for sheet, n := range map[string]int{"单位排名": len(f.Units), "红灯事项": len(f.Red), "逾期事项": len(f.Overdue),
		"通报表扬": len(f.Commendations), "问责情况": len(f.Accountability)} {
		if got := len(book.Rows[sheet]) - 1; got != n {
			t.Errorf("%s has %d rows, the bulletin %d", sheet, got, n)
		}
	}
	if len(f.Overdue) != 1 || fmt.Sprint(book.Rows["逾期事项"][1][2]) != f.Overdue[0].UnitName {
		t.Errorf("overdue %+v, sheet %v", f.Overdue, book.Rows["逾期事项"])
	}
}

// download fetches a file as the user and checks its content type.
func (e *env) download(user, path, ctype string) []byte {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+e.liveToken(user))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != ctype {
		e.t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return data
}
