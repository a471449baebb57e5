package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// TestDraggingPage: the office and the leaders find 久拖不决 in their navigation, a liaison does
// not; the page lists what the service lists for the reader, with its counts, and a refused
// number of months says why and shows the default.
func TestDraggingPage(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	for user, want := range map[string]bool{"duchashi": true, "fxz_wang": true, "xianzhang": true, "jtj_ll": false} {
		_, body := e.login(t, user).get("/")
		if got := strings.Contains(body, `href="/items/dragging"`); got != want {
			t.Errorf("%s's navigation has 久拖不决: %v, want %v", user, got, want)
		}
	}
	for _, user := range []string{"duchashi", "jtj_ll"} {
		list, err := e.svc.Dragging(ctx, e.actor(t, user), 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if user == "duchashi" && len(list.Items) == 0 {
			t.Fatal("the demo county has no work that drags on")
		}
		st, body := e.login(t, user).get("/items/dragging")
		if st != 200 || !strings.Contains(body, fmt.Sprintf("共 %d 件", len(list.Items))) {
			t.Errorf("%s's page: %d, want %d items", user, st, len(list.Items))
		}
		for _, d := range list.Items {
			row := fmt.Sprintf(`<a href="/items/%d">%s %s</a>`, d.Item.ID, d.Item.Code, html.EscapeString(d.Item.Title))
			if !strings.Contains(body, row) || !strings.Contains(body, fmt.Sprintf(`class="num">%d</td>`, d.Urgings)) {
				t.Errorf("%s's page lacks item %d with %d urgings", user, d.Item.ID, d.Urgings)
			}
		}
	}
	def, err := e.svc.Dragging(ctx, e.actor(t, "duchashi"), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, body := e.login(t, "duchashi").get("/items/dragging?months=99")
	if st != 200 || !strings.Contains(body, "月数须在 1 到 36 之间") || !strings.Contains(body, `value="99"`) ||
		!strings.Contains(body, fmt.Sprintf("共 %d 件", len(def.Items))) {
		t.Errorf("99 months: %d, want the refusal, the value typed and the default list", st)
	}
}

// TestRecordsOnPages: the demo's waived accountability record shows on its item as 容错免责 with
// its grounds, a commendation as 通报表扬; the collaboration page counts them per unit; the
// ranking shows the commendation points and states the formula with the on-time rule.
func TestRecordsOnPages(t *testing.T) {
	e := sharedDemo(t)
	ctx := context.Background()
	sup := e.actor(t, "duchashi")
	loc := e.svc.Location()
	year := time.Now().In(loc).Year()
	recs, err := e.svc.Records(ctx, sup, 0, time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc), 0)
	if err != nil || recs.Waived != 1 || recs.Commendations == 0 {
		t.Fatalf("the demo's records: %v %+v", err, recs)
	}
	c := e.login(t, "duchashi")
	for _, r := range recs.Records {
		_, body := c.get(fmt.Sprintf("/items/%d", r.ItemID))
		want := []string{"表彰与问责", "通报表扬", "提前办结"}
		if r.Kind == luoshi.RecordAccountability {
			want = []string{"表彰与问责", "容错免责", "容错情形：解决历史遗留问题中出现失误", html.EscapeString(r.Waiver.Reason)}
		}
		if r.Kind == luoshi.RecordCommendation && r.Sub == "outstanding_delivery" {
			want[2] = "成效突出"
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("item %d (%s) lacks %q", r.ItemID, r.Kind, w)
			}
		}
	}
	_, body := c.get(fmt.Sprintf("/collaboration?year=%d", year))
	for _, u := range recs.Units {
		row := fmt.Sprintf(`<td data-label="单位">%s</td><td data-label="表彰" class="num">%d</td><td data-label="问责" class="num">%d</td><td data-label="其中容错免责" class="num">%d</td>`,
			u.UnitName, u.Commendations, u.Accountability, u.Waived)
		if !strings.Contains(body, row) {
			t.Errorf("the collaboration page lacks %s's records row", u.UnitName)
		}
	}
	_, body = c.get("/ranking")
	body = html.UnescapeString(body)
	for _, w := range []string{"表彰加分", "计分规则", "总分 = 基本分 + 超额加分（合计不超过 5 分）+ 表彰加分（合计不超过 3 分）− 扣分（合计不超过 20 分）",
		"按时办结：本年度已到期、未在办结时限前申请办结的牵头事项", "每件扣 1 分", "容错免责的问责记录不扣分", "只按结果排名：目标完成、按时办结",
		"建议提案按时答复：本年度已到答复期限、未在期限前答复的建议提案（逾期答复或逾期未答复），每件扣 1 分"} {
		if !strings.Contains(body, w) {
			t.Errorf("the ranking lacks %q", w)
		}
	}
}

// TestRecognitionForms: on the item page the office commends the lead unit and, after
// recording accountability, waives the record on grounds chosen from the list — each form
// drawn from its spec, each refusal beside its field; the unit's liaison has neither form.
func TestRecognitionForms(t *testing.T) {
	e, err := newDemo(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	path := fmt.Sprintf("/items/%d", it.ID)
	sup := e.login(t, "duchashi")
	_, page := sup.get(path)
	for _, want := range []string{`id="act-commend"`, `<option value="outstanding_delivery">成效突出</option>`, `<option value="early_delivery">提前办结</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the office's item page lacks %s", want)
		}
	}
	if strings.Contains(page, `id="act-waive-accountability"`) {
		t.Error("the waiver's form is offered on an item without an accountability record")
	}
	if _, page := e.login(t, "jtj_ll").get(path); strings.Contains(page, `id="act-commend"`) {
		t.Error("the liaison is offered the commendation")
	}
	st, body := sup.postBody(path+"/commend", url.Values{"kind": {"early_delivery"}, "reason": {"提前完成"}})
	if st != 422 || !strings.Contains(body, "才能以“提前办结”表彰") {
		t.Errorf("early delivery of work under way: %d, want 422 saying why", st)
	}
	if st, body := sup.postBody(path+"/commend", url.Values{"kind": {"outstanding_delivery"}, "reason": {"主动靠前服务，成效突出"}}); st != 200 || !strings.Contains(body, "表彰已记录") {
		t.Fatalf("commending: %d", st)
	}
	if st, _ := sup.postBody(path+"/hold-accountable", url.Values{"kind": {"interview"}, "reason": {"征收进度滞后"}}); st != 200 {
		t.Fatalf("holding accountable: %d", st)
	}
	_, page = sup.get(path)
	v, err := e.svc.GetItem(context.Background(), e.actor(t, "duchashi"), it.ID)
	if err != nil || len(v.Records) != 1 {
		t.Fatalf("the item's records: %v %+v", err, v)
	}
	rec := v.Records[0].ID
	if !strings.Contains(page, `id="act-waive-accountability"`) || !strings.Contains(page, fmt.Sprintf(`<option value="%d">第 %d 号：约谈`, rec, rec)) ||
		!strings.Contains(page, `<option value="legacy_problem">解决历史遗留问题中出现失误</option>`) {
		t.Error("the office's item page lacks the waiver's form with the record and the grounds")
	}
	st, body = sup.postBody(path+"/waive-accountability", url.Values{"record_id": {fmt.Sprint(rec)}, "reason": {"先行先试，未谋私利"}})
	if st != 422 || !strings.Contains(body, "容错情形须为") {
		t.Errorf("no grounds: %d, want 422 asking for them", st)
	}
	st, body = sup.postBody(path+"/waive-accountability", url.Values{"record_id": {fmt.Sprint(rec)}, "grounds": {"reform_trial"}, "reason": {"首次试行片区统一征收，缺乏经验，未谋取私利"}})
	if st != 200 || !strings.Contains(body, "已容错免责") || !strings.Contains(body, "容错情形：推进改革中因缺乏经验、先行先试出现失误") {
		t.Errorf("waiving: %d, want the flash and the record shown waived", st)
	}
}
