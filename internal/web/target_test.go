package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"luoshi/internal/demo"
	"luoshi/internal/service"
)

// demoLetters returns the demo county's letters of the year the demo filled.
func (e *env) demoLetters(tb testing.TB) []service.LetterSummary {
	tb.Helper()
	sup := e.actor(tb, "duchashi")
	year := e.svc.Now().In(e.svc.Location()).Year()
	if e.svc.Now().In(e.svc.Location()).Month() < 4 {
		year--
	}
	list, err := e.svc.ListLetters(context.Background(), sup, year, nil, "")
	if err != nil || len(list) == 0 {
		tb.Fatalf("demo letters: %v", err)
	}
	return list
}

func letterOf(list []service.LetterSummary, unitName string) service.LetterSummary {
	for _, l := range list {
		if l.UnitName == unitName {
			return l
		}
	}
	return service.LetterSummary{}
}

// TestTargetPages: the letters, a letter's board, the ranking and the peer comparison render
// for the office, and a unit sees its own letter only.
func TestTargetPages(t *testing.T) {
	e := sharedDemo(t)
	letters := e.demoLetters(t)
	own := letterOf(letters, "青石镇")
	other := letterOf(letters, "城关镇")
	sup := e.login(t, "duchashi")
	for _, path := range []string{"/targets", "/ranking", "/indicators", fmt.Sprintf("/targets/letters/%d", own.ID)} {
		st, body := sup.get(path)
		if st != http.StatusOK || !strings.Contains(body, `<html lang="zh-CN">`) || !strings.Contains(body, "data-chart") && path != "/targets" {
			t.Errorf("GET %s: %d", path, st)
		}
	}
	if _, body := sup.get("/ranking"); !strings.Contains(body, "只按结果排名") || !strings.Contains(body, "乡镇（街道）") {
		t.Error("the ranking does not say it ranks on outcomes, or lacks the townships")
	}
	if _, body := sup.get("/indicators"); !strings.Contains(body, "地区生产总值增速") || !strings.Contains(body, "标兵") {
		t.Error("the peer comparison lacks its indicator or its 标兵 column")
	}
	ll := e.login(t, demo.LiaisonUsername("qsz"))
	if st, body := ll.get("/targets"); st != 200 || !strings.Contains(body, "青石镇") || strings.Contains(body, "城关镇") {
		t.Errorf("a liaison's list: %d", st)
	}
	if st, _ := ll.get(fmt.Sprintf("/targets/letters/%d", other.ID)); st != http.StatusNotFound {
		t.Errorf("another unit's letter: %d", st)
	}
	res, err := ll.http.Get(e.srv.URL + "/targets/board")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != fmt.Sprintf("/targets/letters/%d", own.ID) {
		t.Errorf("the board sent the liaison to %s", res.Request.URL.Path)
	}
	if st, _ := e.login(t, "admin").get("/targets"); st != http.StatusForbidden {
		t.Errorf("the system administrator saw the letters: %d", st)
	}
}

// TestTargetImportPage: a workbook with a bad cell, uploaded from the page, imports nothing
// and the page names the cell.
func TestTargetImportPage(t *testing.T) {
	e := sharedDemo(t)
	before := len(e.demoLetters(t))
	c := e.login(t, "duchashi")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "目标责任书")
	f.SetSheetRow("目标责任书", "A1", &[]any{"单位名称", "年度", "指标名称", "指标方向", "基数（上年实绩）", "目标值", "分值"})
	f.SetSheetRow("目标责任书", "A2", &[]any{"城关镇", 2031, "规上工业增加值", "正向", 10, 11, 50})
	f.SetSheetRow("目标责任书", "A3", &[]any{"河西街道", 2031, "规上工业增加值", "正向", 10, "十一", 50})
	var wb bytes.Buffer
	f.WriteTo(&wb)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.csrf)
	fw, _ := mw.CreateFormFile("file", "letters.xlsx")
	fw.Write(wb.Bytes())
	mw.Close()
	res, err := c.http.Post(e.srv.URL+"/targets/import", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), "工作表“目标责任书”第 3 行 F 列（目标值）") {
		t.Errorf("import page: %d", res.StatusCode)
	}
	sup := e.actor(t, "duchashi")
	if list, _ := e.svc.ListLetters(context.Background(), sup, 2031, nil, ""); len(list) != 0 || len(e.demoLetters(t)) != before {
		t.Errorf("a refused workbook imported %d letters", len(list))
	}
}

// TestTargetCharts is acceptance 5: in a real browser the ranking, the peer comparison and a
// unit's board draw their ECharts charts, with no console error on any page.
func TestTargetCharts(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	letters := e.demoLetters(t)
	for _, user := range []string{"duchashi", demo.LiaisonUsername("qsz")} {
		t.Run(user, func(t *testing.T) {
			tb := newTab(t, e, 1280, 900, false)
			tb.login(user)
			pages := []struct {
				path   string
				charts int
			}{{"/ranking", 2}, {"/indicators", 2}, {fmt.Sprintf("/targets/letters/%d", letterOf(letters, "青石镇").ID), 5}}
			for _, p := range pages {
				tb.open(p.path)
				tb.waitFor(fmt.Sprintf(`document.querySelectorAll('.chart[data-rendered="true"] canvas').length >= %d`, p.charts))
				tb.checkPage()
				// A chart that drew is not blank: its canvas has pixels of more than one colour.
				ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`(() => {
					const c = document.querySelector('.chart[data-rendered="true"] canvas');
					const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
					const seen = new Set();
					for (let i = 0; i < d.length && seen.size < 3; i += 4 * 97) seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2] + ',' + d[i+3]);
					return seen.size >= 2;
				})()`))
				if err != nil || !ok {
					t.Errorf("%s: the chart is blank (%v)", p.path, err)
				}
				tb.shoot("targets-" + strings.Trim(strings.ReplaceAll(p.path, "/", "-"), "-"))
			}
			time.Sleep(200 * time.Millisecond) // let late console messages arrive before the check
		})
	}
}

// TestLetterPageAction: a letter action's form is read by its spec's fields; a refused one
// comes back with the message beside its field, a taken one is on the letter's record.
func TestLetterPageAction(t *testing.T) {
	e := sharedDemo(t)
	l := letterOf(e.demoLetters(t), "城关镇")
	c := e.login(t, "duchashi")
	path := fmt.Sprintf("/targets/letters/%d", l.ID)
	if st, body := c.postBody(path+"/comment", url.Values{"text": {"  "}}); st != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="c-text-err">请填写意见<`) {
		t.Errorf("an empty comment: %d", st)
	}
	if st, body := c.postBody(path+"/comment", url.Values{"text": {"请对照序时进度抓紧推进"}, "flag": {"ignored"}}); st != http.StatusOK ||
		!strings.Contains(body, "请对照序时进度抓紧推进") {
		t.Errorf("a comment: %d", st)
	}
	if st, _ := c.postBody(path+"/no-such-action", url.Values{}); st != http.StatusNotFound {
		t.Errorf("an unknown action: %d", st)
	}
}
