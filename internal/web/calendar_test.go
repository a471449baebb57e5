package web_test

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCalendarPage: with next year's arrangement missing (as in December 2026), the system
// administrator's workbench says so and leads to the calendar page, which shows the year
// missing; a file with a bad line
// is refused naming the line and loads nothing; a good one is previewed (nothing loaded
// yet), then applied as a whole; the warning goes; no one else has the page.
func TestCalendarPage(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.close)
	admin := e.login(t, "admin")
	// Next year's arrangement is due from November and the demo loads this year's only:
	// today (2026-12-05) the warning stands; on another day the page must agree with it.
	next := time.Now().In(e.svc.Location()).Year() + 1
	warned := e.svc.CalendarWarning() != nil
	y := strconv.Itoa(next)
	if _, body := admin.get("/"); strings.Contains(body, `id="wb-calendar"`) != warned || warned && !strings.Contains(body, `href="/calendar"`) {
		t.Errorf("the administrator's workbench warns %v, the calendar %v:\n%s", strings.Contains(body, `id="wb-calendar"`), warned, body)
	}
	if _, body := admin.get("/calendar"); !strings.Contains(body, `data-year="`+y+`" data-missing`) {
		t.Errorf("the calendar page does not show %s missing:\n%s", y, body)
	}
	upload := func(csv string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf_token", admin.csrf)
		fw, _ := mw.CreateFormFile("file", "2027.csv")
		fw.Write([]byte(csv))
		mw.Close()
		res, err := admin.http.Post(e.srv.URL+"/calendar/preview", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	var saturday, monday time.Time
	for d := time.Date(next, 1, 3, 0, 0, 0, 0, time.UTC); saturday.IsZero() || monday.IsZero(); d = d.AddDate(0, 0, 1) {
		switch d.Weekday() {
		case time.Saturday:
			saturday = d
		case time.Monday:
			monday = d
		}
	}
	bad := "date,kind,name\n" + y + "-01-01,holiday,测试假日\n" + monday.Format("2006-01-02") + ",workday,测试调休\n"
	if st, body := upload(bad); st != http.StatusUnprocessableEntity || !strings.Contains(body, "第 3 行") || strings.Contains(body, `id="calendar-preview"`) {
		t.Errorf("a file with a weekday made a workday: %d\n%s", st, body)
	}
	good := "date,kind,name\n" + y + "-01-01,holiday,测试假日\n" + y + "-01-02,holiday,测试假日\n" + saturday.Format("2006-01-02") + ",workday,测试调休\n"
	st, body := upload(good)
	if st != http.StatusOK || !strings.Contains(body, y+" 年：放假 2 天，调休上班 1 天") || !strings.Contains(body, `id="calendar-apply"`) {
		t.Fatalf("the preview of a good file: %d\n%s", st, body)
	}
	if e.svc.Policy().Cal.Covers(next) {
		t.Fatal("the preview loaded the file")
	}
	csv := regexp.MustCompile(`(?s)<textarea name="csv" hidden>(.*?)</textarea>`).FindStringSubmatch(body)
	if csv == nil {
		t.Fatal("the preview does not carry the file to apply")
	}
	if st, body := admin.postBody("/calendar/apply", url.Values{"csv": {html.UnescapeString(csv[1])}}); st != http.StatusOK || !strings.Contains(body, "工作日历已导入") {
		t.Fatalf("applying the file: %d\n%s", st, body)
	}
	cal := e.svc.Policy().Cal
	if !cal.Covers(next) || cal.IsWorkdayDate(y+"-01-01") || !cal.IsWorkday(saturday) || !cal.Covers(2026) {
		t.Errorf("after loading: %d covered %v, 01-01 a workday %v, %s a workday %v, 2026 kept %v", next,
			cal.Covers(next), cal.IsWorkdayDate(y+"-01-01"), saturday.Format("01-02"), cal.IsWorkday(saturday), cal.Covers(2026))
	}
	if _, body := admin.get("/"); strings.Contains(body, `id="wb-calendar"`) && e.svc.CalendarWarning() == nil {
		t.Error("the workbench still warns once next year is loaded")
	}
	if _, body := admin.get("/calendar"); strings.Contains(body, `data-year="`+y+`" data-missing`) {
		t.Errorf("the calendar page still shows %s missing", y)
	}
	if st, _ := e.login(t, "jtj_ll").get("/calendar"); st != http.StatusForbidden {
		t.Errorf("a liaison opens the calendar page: %d", st)
	}
}
