package api_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
)

// rebuilt checks that folding a topic's and a meeting's stored events gives the stored record.
func (e *env) rebuilt(topicID, meetingID int64) {
	e.t.Helper()
	ctx := e.t.Context()
	err := e.db.View(ctx, func(tx luoshi.Tx) error {
		stored, err := tx.FindTopicByID(ctx, topicID)
		if err != nil {
			return err
		}
		evs, err := tx.FindMeetingEvents(ctx, luoshi.RecordTopic, topicID)
		if err != nil {
			return err
		}
		got, err := meeting.RebuildTopic(evs)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, stored) {
			e.t.Errorf("topic rebuilt from %d events:\n%+v\nstored:\n%+v", len(evs), got, stored)
		}
		if meetingID == 0 {
			return nil
		}
		storedM, err := tx.FindMeetingByID(ctx, meetingID)
		if err != nil {
			return err
		}
		if evs, err = tx.FindMeetingEvents(ctx, luoshi.RecordMeeting, meetingID); err != nil {
			return err
		}
		gotM, err := meeting.RebuildMeeting(evs)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(gotM, storedM) {
			e.t.Errorf("meeting rebuilt from %d events:\n%+v\nstored:\n%+v", len(evs), gotM, storedM)
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// topicView is the part of a topic's answer the tests read.
type topicView struct {
	ID          int64
	State       string
	Version     int
	Recommended int
	MeetingID   int64 `json:"meeting_id"`
	Solutions   []struct{ No int }
	SignOffs    []struct {
		UnitID int64 `json:"unit_id"`
		Late   bool
		Missed bool
		Text   string
	} `json:"signoffs"`
	ReturnReason string `json:"return_reason"`
	Actions      []string
}

type meetingView struct {
	ID        int64
	State     string
	Version   int
	Decisions []struct {
		No         int
		LeadUnitID int64 `json:"lead_unit_id"`
		ItemID     int64 `json:"item_id"`
	}
	Agenda []struct{ ID int64 }
}

// post sends a POST and checks the status, decoding the answer into out and the problem.
func (e *env) post(user, path string, body any, out any, want int) problem {
	e.t.Helper()
	a := e.send(e.liveToken(user), "", "POST", path, body)
	var p problem
	json.Unmarshal(a.body, &p)
	if out != nil {
		json.Unmarshal(a.body, out)
	}
	if a.status != want {
		e.t.Fatalf("POST %s as %s: %d %s %+v, want %d", path, user, a.status, p.Detail, p.Errors, want)
	}
	return p
}

func (e *env) topicAct(user string, id int64, action string, body any, want int) (topicView, problem) {
	e.t.Helper()
	var tv topicView
	p := e.post(user, fmt.Sprintf("/api/v1/topics/%d/%s", id, action), body, &tv, want)
	return tv, p
}

func (e *env) newTopic(user, title string, legal bool) topicView {
	e.t.Helper()
	var tv topicView
	e.post(user, "/api/v1/topics", map[string]any{"title": title, "background": "背景", "analysis": "分析",
		"needs_legal_review": legal, "non_secret": true}, &tv, 201)
	return tv
}

func (e *env) newMeeting(kind string) meetingView {
	e.t.Helper()
	var mv meetingView
	e.post("sup", "/api/v1/meetings", map[string]any{"kind": kind, "title": "县政府第12次常务会议",
		"held_at": start.AddDate(0, 0, 3), "chair": "县长", "attendees": "县政府领导班子成员"}, &mv, 201)
	return mv
}

func (e *env) topic(user string, id int64) topicView {
	e.t.Helper()
	var tv topicView
	if st := e.call(user, "GET", fmt.Sprintf("/api/v1/topics/%d", id), nil, &tv); st != 200 {
		e.t.Fatalf("topic %d as %s: %d", id, user, st)
	}
	return tv
}

var solution = map[string]any{"solution": "分两期建设", "cost": "1200万元", "effect": "解决3000户用水", "risk": "征地进度"}

// TestTopicSubmission is the first acceptance: a topic without a solution is refused
// on submit naming the missing parts; with a co-unit's sign-off still due it is refused
// naming the unit; after all parts it submits. Bad input changes nothing; the office returns
// it with reasons and accepts it onto a meeting's agenda.
func TestTopicSubmission(t *testing.T) {
	e := newEnv(t)

	// The 非涉密 attestation is required; the refused draft leaves nothing.
	p := e.post("a_ll", "/api/v1/topics", map[string]any{"title": "议题", "background": "背景", "analysis": "分析"}, nil, 422)
	if !strings.Contains(p.field("non_secret"), "非涉密") {
		t.Errorf("attestation: %+v", p.Errors)
	}
	var list struct{ Topics []topicView }
	e.call("sup", "GET", "/api/v1/topics", nil, &list)
	if len(list.Topics) != 0 {
		t.Fatalf("a refused draft left %d topics", len(list.Topics))
	}
	e.post("b_ll", "/api/v1/topics", map[string]any{"unit_id": e.units["A"], "title": "议题", "background": "背景",
		"analysis": "分析", "non_secret": true}, nil, 422)

	tp := e.newTopic("a_ll", "关于城区供水管网改造的议题", true)
	if tp.State != "draft" {
		t.Fatalf("new topic: %+v", tp)
	}
	_, p = e.topicAct("a_ll", tp.ID, "submit", nil, 422)
	for field, want := range map[string]string{"solutions": "缺少解决方案", "recommended": "缺少推荐方案", "legal_review": "合法性审查"} {
		if !strings.Contains(p.field(field), want) {
			t.Errorf("submit without parts: %s lacks %q: %+v", field, want, p.Errors)
		}
	}
	if got := e.topic("a_ll", tp.ID); got.State != "draft" || got.Version != tp.Version {
		t.Fatalf("a refused submission changed the topic: %+v", got)
	}

	// Only the drafting unit adds solutions; a recommended option must exist.
	e.topicAct("b_ll", tp.ID, "add-solution", solution, 404)
	e.topicAct("a_ll", tp.ID, "add-solution", map[string]any{"solution": "只有方案"}, 422)
	e.topicAct("a_ll", tp.ID, "add-solution", solution, 200)
	_, p = e.topicAct("a_ll", tp.ID, "recommend", map[string]any{"option": 2}, 422)
	if !strings.Contains(p.field("option"), "没有第 2 个方案") {
		t.Errorf("unknown option: %+v", p.Errors)
	}
	e.topicAct("a_ll", tp.ID, "recommend", map[string]any{"option": 1}, 200)
	e.topicAct("a_ll", tp.ID, "legal-review", map[string]any{"text": "经司法局审查，合法"}, 200)

	// A sign-off asked of unit B, still due: the refusal names the unit.
	due := start.Add(48 * time.Hour)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["A"], "due": due}, 422)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": due}, 200)
	_, p = e.topicAct("a_ll", tp.ID, "submit", nil, 422)
	if !strings.Contains(p.field("signoffs"), "单位B的会签意见尚未提交") || p.field("solutions") != "" {
		t.Errorf("submit with a sign-off due: %+v", p.Errors)
	}
	e.topicAct("c_ll", tp.ID, "sign-off", map[string]any{"text": "同意"}, 404) // C is not involved
	tv, _ := e.topicAct("b_ll", tp.ID, "sign-off", map[string]any{"text": "同意"}, 200)
	if len(tv.SignOffs) != 1 || tv.SignOffs[0].Text != "同意" || tv.SignOffs[0].Late {
		t.Fatalf("sign-off: %+v", tv.SignOffs)
	}
	e.topicAct("b_ll", tp.ID, "sign-off", map[string]any{"text": "再次同意"}, 409)

	// All parts: it submits. The office returns it with reasons, and it is submitted again.
	tv, _ = e.topicAct("a_ll", tp.ID, "submit", nil, 200)
	if tv.State != "submitted" {
		t.Fatalf("submitted: %+v", tv)
	}
	e.topicAct("a_ll", tp.ID, "return", map[string]any{"reason": "x"}, 403)
	tv, _ = e.topicAct("sup", tp.ID, "return", map[string]any{"reason": "请补充资金来源"}, 200)
	if tv.State != "returned" || tv.ReturnReason != "请补充资金来源" {
		t.Fatalf("returned: %+v", tv)
	}
	e.topicAct("a_ll", tp.ID, "submit", nil, 200)

	// Accepted onto a meeting's agenda (not onto a meeting that does not exist).
	m := e.newMeeting("executive")
	e.topicAct("sup", tp.ID, "accept", map[string]any{"meeting_id": m.ID + 100}, 422)
	tv, _ = e.topicAct("sup", tp.ID, "accept", map[string]any{"meeting_id": m.ID}, 200)
	if tv.State != "accepted" || tv.MeetingID != m.ID {
		t.Fatalf("accepted: %+v", tv)
	}
	var mv meetingView
	e.call("sup", "GET", fmt.Sprintf("/api/v1/meetings/%d", m.ID), nil, &mv)
	if len(mv.Agenda) != 1 || mv.Agenda[0].ID != tp.ID {
		t.Fatalf("agenda: %+v", mv.Agenda)
	}
	e.rebuilt(tp.ID, m.ID)
	// Another county's office does not see it.
	if st := e.call("d_sup", "GET", fmt.Sprintf("/api/v1/topics/%d", tp.ID), nil, nil); st != 404 {
		t.Errorf("another county read the topic: %d", st)
	}
}

// TestTopicSignOffMissed: a sign-off whose due time passed unanswered does not hold the topic
// back; it is recorded as missed, and an answer after the due time is marked late.
func TestTopicSignOffMissed(t *testing.T) {
	e := newEnv(t)
	tp := e.newTopic("a_ll", "关于老旧小区改造的议题", false)
	e.topicAct("a_ll", tp.ID, "add-solution", solution, 200)
	e.topicAct("a_ll", tp.ID, "recommend", map[string]any{"option": 1}, 200)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": start.Add(24 * time.Hour)}, 200)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["C"], "due": start.Add(24 * time.Hour)}, 200)
	e.clock.Add(30 * time.Hour)
	tv, _ := e.topicAct("c_ll", tp.ID, "sign-off", map[string]any{"text": "同意"}, 200)
	if !tv.SignOffs[1].Late {
		t.Errorf("a sign-off after its due time is not late: %+v", tv.SignOffs)
	}
	tv, _ = e.topicAct("a_ll", tp.ID, "submit", nil, 200)
	if !tv.SignOffs[0].Missed || tv.SignOffs[1].Missed {
		t.Errorf("missed sign-offs: %+v", tv.SignOffs)
	}
	e.rebuilt(tp.ID, 0)
}

// TestMeetingDecisionsBecomeItems is the second acceptance: minutes with three
// decisions, published, create exactly three items with the right lead units, leaders and
// deadlines, each linked to its decision, each owing its first report within 5 working days;
// publishing again creates nothing more.
func TestMeetingDecisionsBecomeItems(t *testing.T) {
	e := newEnv(t)
	p := e.post("sup", "/api/v1/meetings", map[string]any{"kind": "party", "title": "会", "held_at": start, "chair": "县长"}, nil, 422)
	if p.field("kind") == "" {
		t.Errorf("unknown kind: %+v", p.Errors)
	}
	e.post("a_ll", "/api/v1/meetings", map[string]any{"kind": "executive", "title": "会", "held_at": start, "chair": "县长"}, nil, 403)
	m := e.newMeeting("executive")
	path := fmt.Sprintf("/api/v1/meetings/%d/", m.ID)
	e.post("sup", path+"publish", nil, nil, 409)
	e.post("sup", path+"record-minutes", map[string]any{"minutes_no": "〔2026〕12号", "minutes": "会议研究了以下事项"}, nil, 200)
	e.post("sup", path+"publish", nil, nil, 409) // no decisions yet

	var leaders []luoshi.Leader
	e.db.View(t.Context(), func(tx luoshi.Tx) error {
		ls, err := tx.FindLeaders(t.Context(), e.regions["439001"])
		for _, l := range ls {
			leaders = append(leaders, *l)
		}
		return err
	})
	deputy := leaders[1].ID
	type want struct {
		lead     string
		leader   *int64
		deadline time.Time
	}
	wants := []want{
		{"A", &deputy, time.Date(2027, 3, 31, 17, 0, 0, 0, shanghai)},
		{"B", nil, time.Date(2027, 6, 30, 17, 0, 0, 0, shanghai)},
		{"C", &leaders[0].ID, time.Date(2026, 12, 31, 17, 0, 0, 0, shanghai)},
	}
	// A decision naming another county's unit is refused and changes nothing.
	e.post("sup", path+"add-decision", map[string]any{"decision": "x", "lead_unit_id": e.units["D"], "deadline": wants[0].deadline}, nil, 422)
	e.post("sup", path+"add-decision", map[string]any{"decision": "x", "lead_unit_id": e.units["A"], "deadline": start.Add(-time.Hour)}, nil, 422)
	for i, w := range wants {
		body := map[string]any{"decision": fmt.Sprintf("议定事项%d：推进项目建设", i+1), "lead_unit_id": e.units[w.lead],
			"co_unit_ids": []int64{e.units["O"]}, "deadline": w.deadline}
		if w.leader != nil {
			body["leader_id"] = *w.leader
		}
		e.post("sup", path+"add-decision", body, nil, 200)
	}
	var mv meetingView
	e.post("a_ll", path+"publish", nil, nil, 403)
	e.post("sup", path+"publish", nil, &mv, 200)
	if mv.State != "published" || len(mv.Decisions) != 3 {
		t.Fatalf("published: %+v", mv)
	}
	for i, d := range mv.Decisions {
		w := wants[i]
		if d.ItemID == 0 || d.No != i+1 {
			t.Fatalf("decision %d: %+v", i+1, d)
		}
		var it struct {
			item
			Source     string
			LeaderID   *int64 `json:"leader_id"`
			MeetingID  int64  `json:"meeting_id"`
			DecisionNo int    `json:"decision_no"`
		}
		if st := e.call("sup", "GET", fmt.Sprintf("/api/v1/items/%d", d.ItemID), nil, &it); st != 200 {
			t.Fatalf("item: %d", st)
		}
		if it.Source != "meeting_decision" || it.LeadUnitID != e.units[w.lead] || !it.Deadline.Equal(w.deadline) ||
			it.MeetingID != m.ID || it.DecisionNo != i+1 || (w.leader == nil) != (it.LeaderID == nil) ||
			(w.leader != nil && *it.LeaderID != *w.leader) {
			t.Errorf("decision %d's item: %+v", i+1, it)
		}
	}
	countItems := func() int {
		var n int
		e.raw().QueryRow(`SELECT COUNT(*) FROM items`).Scan(&n)
		return n
	}
	if n := countItems(); n != 3 {
		t.Fatalf("%d items, want 3", n)
	}
	e.post("sup", path+"publish", nil, nil, 409)
	e.post("sup", path+"add-decision", map[string]any{"decision": "x", "lead_unit_id": e.units["A"], "deadline": wants[0].deadline}, nil, 409)
	e.rebuilt(e.newTopic("a_ll", "议题", false).ID, m.ID)
	if n := countItems(); n != 3 {
		t.Fatalf("publishing again: %d items, want 3", n)
	}

	// Accepted on Monday 09:00, the first decision's item owes its first report by the
	// following Monday 09:00: 5 working days.
	var it item
	e.post("a_ll", fmt.Sprintf("/api/v1/items/%d/accept", mv.Decisions[0].ItemID), nil, &it, 200)
	if wantDue := start.AddDate(0, 0, 7); it.NextReportDue == nil || !it.NextReportDue.Equal(wantDue) {
		t.Errorf("first report due %v, want %v", it.NextReportDue, wantDue)
	}
}

// TestMajorDecisionNeedsMeeting is the third acceptance: an item marked as a major
// decision without a meeting decision is refused, as is one naming a decision that does not
// exist; naming a published decision it is created and assigned.
func TestMajorDecisionNeedsMeeting(t *testing.T) {
	e := newEnv(t)
	body := func(extra map[string]any) map[string]any {
		b := e.newItem("important", start.AddDate(0, 3, 0))
		b["assign"] = true
		for k, v := range extra {
			b[k] = v
		}
		return b
	}
	countItems := func() int {
		var n int
		e.raw().QueryRow(`SELECT COUNT(*) FROM items`).Scan(&n)
		return n
	}
	p := e.post("sup", "/api/v1/items", body(map[string]any{"major_decision": true}), nil, 422)
	if !strings.Contains(p.field("meeting_id"), "重大决策事项须关联") {
		t.Errorf("major decision without a meeting: %+v", p.Errors)
	}
	m := e.newMeeting("executive")
	path := fmt.Sprintf("/api/v1/meetings/%d/", m.ID)
	e.post("sup", path+"record-minutes", map[string]any{"minutes_no": "〔2026〕13号", "minutes": "纪要"}, nil, 200)
	e.post("sup", path+"add-decision", map[string]any{"decision": "建设污水处理厂", "lead_unit_id": e.units["A"],
		"deadline": start.AddDate(0, 6, 0)}, nil, 200)
	p = e.post("sup", "/api/v1/items", body(map[string]any{"major_decision": true, "meeting_id": m.ID, "decision_no": 2}), nil, 422)
	if !strings.Contains(p.field("decision_no"), "没有第 2 项议定事项") {
		t.Errorf("unknown decision: %+v", p.Errors)
	}
	if n := countItems(); n != 0 {
		t.Fatalf("refused items left %d items", n)
	}
	var it struct {
		item
		MajorDecision bool  `json:"major_decision"`
		MeetingID     int64 `json:"meeting_id"`
		DecisionNo    int   `json:"decision_no"`
	}
	e.post("sup", "/api/v1/items", body(map[string]any{"major_decision": true, "meeting_id": m.ID, "decision_no": 1}), &it, 201)
	if !it.MajorDecision || it.MeetingID != m.ID || it.DecisionNo != 1 || it.State != "assigned" {
		t.Errorf("major decision item: %+v", it)
	}
}
