package api_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

type practiceView struct {
	ID       int64
	Title    string
	Tags     []string
	TopicIDs []int64 `json:"topic_ids"`
	ItemIDs  []int64 `json:"item_ids"`
	Version  int
	Topics   map[string]string
}

// TestPractices: the office and a unit's liaison add practices learned elsewhere (外地经验)
// with where, what was done, the result, the source and tags, linked to the topics and
// items that adopt them; a leader reads and searches them (Chinese words of two characters
// and more, a tag, the adopting topic) but does not add them; bad input is refused naming
// the field and leaves nothing; a change needs the version read; another county sees none.
func TestPractices(t *testing.T) {
	e := newEnv(t)
	tp := e.newTopic("a_ll", "关于推行“一窗通办”的议题", false)
	var it item
	e.post("sup", "/api/v1/items", e.newItem("important", start.AddDate(0, 3, 0)), &it, 201)

	p := e.post("sup", "/api/v1/practices", map[string]any{"place": "", "title": "x", "what": "", "tags": []string{strings.Repeat("长", 21)},
		"topic_ids": []int64{tp.ID + 100}}, nil, 422)
	for _, f := range []string{"place", "what", "tags", "topic_ids"} {
		if p.field(f) == "" {
			t.Errorf("bad practice: no message for %s: %+v", f, p.Errors)
		}
	}
	e.post("head", "/api/v1/practices", map[string]any{"place": "浙江省德清县", "title": "x", "what": "y"}, nil, 403)
	var list struct{ Practices []practiceView }
	e.call("sup", "GET", "/api/v1/practices", nil, &list)
	if len(list.Practices) != 0 {
		t.Fatalf("refused practices left %d", len(list.Practices))
	}

	var pv practiceView
	e.post("sup", "/api/v1/practices", map[string]any{"place": "浙江省德清县", "title": "“一窗受理、集成服务”改革",
		"what": "设立综合受理窗口，前台综合受理、后台分类审批", "result": "群众办事平均跑动次数降至0.3次",
		"source": "浙江省政府办公厅简报第12期", "tags": []string{"政务服务", "营商环境", "政务服务"}, "topic_ids": []int64{tp.ID}}, &pv, 201)
	if pv.ID == 0 || !slices.Equal(pv.Tags, []string{"政务服务", "营商环境"}) || pv.Topics[fmt.Sprint(tp.ID)] == "" {
		t.Fatalf("created: %+v", pv)
	}
	var other practiceView
	e.post("a_ll", "/api/v1/practices", map[string]any{"place": "江苏省昆山市", "title": "重大项目“拿地即开工”",
		"what": "土地出让前完成规划设计方案审查", "tags": []string{"项目建设"}, "item_ids": []int64{it.ID}}, &other, 201)

	search := func(query string) []int64 {
		t.Helper()
		var l struct{ Practices []practiceView }
		if st := e.call("head", "GET", "/api/v1/practices?"+query, nil, &l); st != 200 {
			t.Fatalf("search %s: %d", query, st)
		}
		var ids []int64
		for _, p := range l.Practices {
			ids = append(ids, p.ID)
		}
		return ids
	}
	for q, want := range map[string][]int64{
		"q=一窗":                            {pv.ID},
		"q=拿地即开工":                         {other.ID},
		"q=德清+跑动":                         {pv.ID},
		"q=德清+昆山":                         nil,
		"q=%25":                           nil,
		"tag=项目建设":                        {other.ID},
		fmt.Sprintf("topic_id=%d", tp.ID): {pv.ID},
		fmt.Sprintf("item_id=%d", it.ID):  {other.ID},
		"":                                {other.ID, pv.ID},
	} {
		if got := search(q); !slices.Equal(got, want) {
			t.Errorf("search %q: %v, want %v", q, got, want)
		}
	}

	// A change needs the version read; a stale one is refused.
	path := fmt.Sprintf("/api/v1/practices/%d", pv.ID)
	body := map[string]any{"place": "浙江省德清县", "title": "“一窗受理、集成服务”改革", "what": "综合窗口", "tags": []string{"政务服务"},
		"topic_ids": []int64{tp.ID}, "item_ids": []int64{it.ID}}
	if st := e.call("sup", "PUT", path, body, nil); st != 422 {
		t.Errorf("a change without the version: %d", st)
	}
	body["version"] = pv.Version
	var changed practiceView
	if st := e.call("sup", "PUT", path, body, &changed); st != 200 || changed.Version != pv.Version+1 || !slices.Equal(changed.ItemIDs, []int64{it.ID}) {
		t.Fatalf("change: %d %+v", st, changed)
	}
	if st := e.call("sup", "PUT", path, body, nil); st != 409 {
		t.Errorf("a stale change: %d, want 409", st)
	}
	if got := search("q=跑动"); got != nil {
		t.Errorf("the old words still found: %v", got)
	}
	// Another county sees none of it.
	if st := e.call("d_sup", "GET", path, nil, nil); st != 404 {
		t.Errorf("another county read the practice: %d", st)
	}
	if st := e.call("d_sup", "PUT", path, body, nil); st != 404 {
		t.Errorf("another county changed the practice: %d", st)
	}
}

// TestMeetingKinds: the region's meeting kinds are the three built-in ones until the system
// administrator adds, renames or retires one; a new meeting takes a kind in use (the
// built-in ones still), not a retired or unknown one; a meeting keeps a kind retired after
// it; bad input is refused naming the field; only the administrator changes the kinds, and
// another county keeps its own.
func TestMeetingKinds(t *testing.T) {
	e := newEnv(t)
	type kinds struct {
		Kinds []struct {
			Code, Name, Label string
			Retired           bool
		}
	}
	labels := func(user string) []string {
		var k kinds
		if st := e.call(user, "GET", "/api/v1/meeting-kinds", nil, &k); st != 200 {
			t.Fatalf("kinds as %s: %d", user, st)
		}
		var out []string
		for _, x := range k.Kinds {
			s := x.Code + ":" + x.Label
			if x.Retired {
				s += ":retired"
			}
			out = append(out, s)
		}
		return out
	}
	if got := labels("sup"); !slices.Equal(got, []string{"executive:县政府常务会议", "county_head:县长办公会议", "special:专题会议"}) {
		t.Fatalf("default kinds: %v", got)
	}
	e.post("sup", "/api/v1/meeting-kinds", map[string]any{"code": "safety", "name": "安全生产委员会会议"}, nil, 403)
	for _, bad := range []map[string]any{{"code": "Safety!", "name": "安委会"}, {"code": "safety"}, {"code": "safety", "name": "专题会议x\x01"},
		{"code": "special", "name": "x", "retired": true, "other": 1}} {
		st := e.call("admin", "POST", "/api/v1/meeting-kinds", bad, nil)
		if st != 422 && st != 400 {
			t.Errorf("bad kind %v: %d", bad, st)
		}
	}
	e.post("admin", "/api/v1/meeting-kinds", map[string]any{"code": "safety", "name": "安全生产委员会会议"}, nil, 200)
	e.post("admin", "/api/v1/meeting-kinds", map[string]any{"code": "county_head", "name": "县长专题办公会"}, nil, 200)
	m := e.newMeeting("special")
	e.post("admin", "/api/v1/meeting-kinds", map[string]any{"code": "special", "retired": true}, nil, 200)
	p := e.post("admin", "/api/v1/meeting-kinds", map[string]any{"code": "taken", "name": "安全生产委员会会议"}, nil, 422)
	if !strings.Contains(p.field("name"), "安全生产委员会会议") {
		t.Errorf("a name taken: %+v", p.Errors)
	}
	want := []string{"executive:县政府常务会议", "county_head:县长专题办公会", "special:专题会议:retired", "safety:安全生产委员会会议"}
	if got := labels("a_ll"); !slices.Equal(got, want) {
		t.Errorf("kinds: %v, want %v", got, want)
	}
	if got := labels("d_sup"); len(got) != 3 || got[2] != "special:专题会议" {
		t.Errorf("another county's kinds: %v", got)
	}
	e.newMeeting("safety")
	e.newMeeting("executive")
	p = e.post("sup", "/api/v1/meetings", map[string]any{"kind": "special", "title": "会", "held_at": start.Add(time.Hour), "chair": "县长"}, nil, 422)
	if p.field("kind") == "" {
		t.Errorf("a retired kind: %+v", p.Errors)
	}
	var mv struct{ Kind string }
	if st := e.call("sup", "GET", fmt.Sprintf("/api/v1/meetings/%d", m.ID), nil, &mv); st != 200 || mv.Kind != "special" {
		t.Errorf("a meeting of a kind retired since: %d %+v", st, mv)
	}
	// Retiring every kind in use is refused.
	for _, c := range []string{"executive", "county_head"} {
		e.post("admin", "/api/v1/meeting-kinds", map[string]any{"code": c, "retired": true}, nil, 200)
	}
	p = e.post("admin", "/api/v1/meeting-kinds", map[string]any{"code": "safety", "name": "安全生产委员会会议", "retired": true}, nil, 422)
	if p.field("retired") == "" {
		t.Errorf("retiring the last kind: %+v", p.Errors)
	}
}
