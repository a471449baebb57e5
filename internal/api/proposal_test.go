package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"luoshi/internal/luoshi"
)

// proposalView is the part of a proposal's answer the tests read.
type proposalView struct {
	ID         int64
	Number     int
	State      string
	Version    int
	Round      int
	LeadUnitID int64 `json:"lead_unit_id"`
	CoUnitIDs  []int64
	Deadline   *time.Time
	Actions    []string
	Replies    []struct {
		Class    string
		Promises []struct {
			ItemID int64 `json:"item_id"`
		}
		Evaluation *struct{ Verdict string }
	}
	Items []struct {
		ItemID int64 `json:"item_id"`
		Light  string
	}
}

func proposalPath(id int64) string { return fmt.Sprintf("/api/v1/proposals/%d", id) }

// proposalHeader is the header row of the office's list.
var proposalHeader = []any{"编号", "标题", "提出人", "代表团", "内容", "类别", "建议主办单位", "收到日期"}

// addAccount creates an account of the first region's office unit with one role.
func (e *env) addAccount(username, name string, role luoshi.Role) int64 {
	e.t.Helper()
	hash, err := e.svc.Hasher.Hash(testPassword)
	if err != nil {
		e.t.Fatal(err)
	}
	u := &luoshi.User{RegionID: e.regions["439001"], UnitID: e.units["O"], Username: username, Name: name,
		PasswordHash: hash, Roles: []luoshi.Role{role}, CreatedAt: start}
	err = e.db.Update(context.Background(), func(tx luoshi.Tx) error { return tx.CreateUser(context.Background(), u) })
	if err != nil {
		e.t.Fatal(err)
	}
	e.ids[username] = u.ID
	return u.ID
}

// proposalSession creates a session of the kind as the supervision office.
func (e *env) proposalSession(name, kind string) int64 {
	e.t.Helper()
	var s struct{ ID int64 }
	if st := e.call("sup", "POST", "/api/v1/sessions", map[string]any{"name": name, "kind": kind, "year": 2026}, &s); st != 201 {
		e.t.Fatalf("session: %d", st)
	}
	return s.ID
}

// createProposal creates a proposal of the session by the user dep, as the supervision office.
func (e *env) createProposal(sid int64, number int, title string) int64 {
	e.t.Helper()
	var pv proposalView
	if st := e.call("sup", "POST", "/api/v1/proposals", map[string]any{"session_id": sid, "number": number, "title": title,
		"proposers": []any{map[string]any{"user_id": e.ids["dep"]}}}, &pv); st != 201 {
		e.t.Fatalf("create: %d", st)
	}
	return pv.ID
}

// act takes a proposal action and checks the status.
func (e *env) proposalAct(user string, id int64, action string, body map[string]any, want int) (proposalView, problem) {
	e.t.Helper()
	var pv proposalView
	var p problem
	a := e.send(e.liveToken(user), "", "POST", proposalPath(id)+"/"+action, body)
	json.Unmarshal(a.body, &pv)
	json.Unmarshal(a.body, &p)
	if a.status != want {
		e.t.Fatalf("%s as %s: %d %s %+v, want %d", action, user, a.status, p.Detail, p.Errors, want)
	}
	return pv, p
}

func (e *env) proposal(user string, id int64) proposalView {
	e.t.Helper()
	var p proposalView
	if st := e.call(user, "GET", proposalPath(id), nil, &p); st != 200 {
		e.t.Fatalf("proposal %d as %s: %d", id, user, st)
	}
	return p
}

func (e *env) proposalEvents(id int64) []proposalEventView {
	e.t.Helper()
	var out struct{ Events []proposalEventView }
	if st := e.call("sup", "GET", proposalPath(id)+"/events", nil, &out); st != 200 {
		e.t.Fatalf("events: %d", st)
	}
	return out.Events
}

type proposalEventView struct {
	Seq       int
	Kind      string
	ActorID   int64  `json:"actor_id"`
	ActorName string `json:"actor_name"`
	At        time.Time
}

// TestProposalAcceptance is the first acceptance test, through the API alone: a list
// of 5 imported (after a preview and a refused list) → assigned → the lead declines and the
// office reassigns → a contact recorded → a co-unit's opinion → a B-class reply with one
// promise (the item exists, linked both ways) → the co-proposer answers 不满意 → handled
// again → an A-class reply → 满意; the events list every step with actor and time.
func TestProposalAcceptance(t *testing.T) {
	e := newEnv(t)
	e.addAccount("dep2", "代表乙", luoshi.RoleDeputy)
	e.addAccount("npc", "人大选联工委", luoshi.RoleNPCOffice)
	e.addAccount("cppcc", "政协提案委", luoshi.RoleCPPCCOffice)
	sid := e.proposalSession("县十八届人大三次会议", "npc_suggestion")
	rows := [][]any{proposalHeader}
	for i := 1; i <= 5; i++ {
		rows = append(rows, []any{i, fmt.Sprintf("关于第%d项民生实事的建议", i), "用户dep、代表乙", "城关代表团",
			"建议内容", "民生", "单位B", "2026-10-20"})
	}
	importPath := fmt.Sprintf("/api/v1/proposals/import?session_id=%d", sid)

	// A list with an unknown proposer and a repeated number is refused whole, by its cells.
	bad := append(slices.Clone(rows[:4]), []any{2, "重复编号", "张三", "", "", "", "", ""})
	var p problem
	if st := e.call("sup", "POST", importPath, xlsxBody(sheetBytes(t, "建议提案", bad)), &p); st != 422 {
		t.Fatalf("bad list: %d %+v", st, p)
	}
	msgs := fmt.Sprint(p.Errors)
	for _, want := range []string{"工作表“建议提案”第 5 行 C 列（提出人）", "“张三”不是本县的代表委员账号", "第 5 行 A 列（编号）", "第2号与第 3 行重复"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("bad list: the errors lack %q: %s", want, msgs)
		}
	}
	var list struct{ Proposals []proposalView }
	e.call("sup", "GET", "/api/v1/proposals", nil, &list)
	if len(list.Proposals) != 0 {
		t.Fatalf("a refused list left %d proposals", len(list.Proposals))
	}

	// The preview lists the five and stores nothing; the import stores them.
	var imp struct {
		Preview   bool
		Count     int
		Proposals []struct{ ID, Number int64 }
	}
	if st := e.call("cppcc", "POST", importPath+"&preview=1", xlsxBody(sheetBytes(t, "建议提案", rows)), &p); st != 403 {
		t.Fatalf("the CPPCC's office previewed the congress's list: %d", st)
	}
	if st := e.call("npc", "POST", importPath+"&preview=1", xlsxBody(sheetBytes(t, "建议提案", rows)), &imp); st != 200 || !imp.Preview || imp.Count != 5 {
		t.Fatalf("preview: %d %+v", st, imp)
	}
	e.call("sup", "GET", "/api/v1/proposals", nil, &list)
	if len(list.Proposals) != 0 {
		t.Fatalf("the preview stored %d proposals", len(list.Proposals))
	}
	if st := e.call("sup", "POST", importPath, xlsxBody(sheetBytes(t, "建议提案", rows)), &imp); st != 201 || imp.Count != 5 || imp.Proposals[0].ID == 0 {
		t.Fatalf("import: %d %+v", st, imp)
	}
	for user, n := range map[string]int{"dep": 5, "npc": 5, "cppcc": 0, "a_ll": 0} {
		e.call(user, "GET", "/api/v1/proposals", nil, &list)
		if len(list.Proposals) != n {
			t.Errorf("%s sees %d proposals, want %d", user, len(list.Proposals), n)
		}
	}
	id := int64(imp.Proposals[0].ID)

	// Assigned to B (co-unit C); B declines; the office reassigns to A.
	e.proposalAct("sup", id, "assign", map[string]any{"lead_unit_id": e.units["B"], "co_unit_ids": []int64{e.units["C"]}}, 200)
	e.clock.Add(time.Hour)
	e.proposalAct("b_ll", id, "decline", map[string]any{"reason": "不属于本单位职责"}, 200)
	pv, _ := e.proposalAct("sup", id, "reassign", map[string]any{"lead_unit_id": e.units["A"], "co_unit_ids": []int64{e.units["C"]}}, 200)
	if pv.State != "assigned" || pv.LeadUnitID != e.units["A"] || pv.Deadline == nil {
		t.Fatalf("reassigned: %+v", pv)
	}
	e.clock.Add(24 * time.Hour)
	e.proposalAct("a_ll", id, "record-contact", map[string]any{"contacted_on": e.clock.Now().Format("2006-01-02"), "way": "meeting",
		"summary": "与代表座谈，听取意见"}, 200)
	e.proposalAct("c_ll", id, "give-opinion", map[string]any{"text": "同意主办单位方案，配合做好资金保障"}, 200)
	due := e.clock.Now().AddDate(0, 6, 0).Format(time.RFC3339)
	pv, _ = e.proposalAct("a_ll", id, "reply", map[string]any{"text": "已列入明年计划", "class": "B", "signer": "局长王某",
		"promise": "完成城关镇道路硬化", "promise_due": due, "promise_unit_id": e.units["A"]}, 200)
	if len(pv.Items) != 1 || len(pv.Replies) != 1 || pv.Replies[0].Promises[0].ItemID != pv.Items[0].ItemID || pv.Items[0].Light == "" {
		t.Fatalf("B reply: %+v", pv)
	}
	var it struct {
		Source     string
		ProposalID int64 `json:"proposal_id"`
		LeadUnitID int64 `json:"lead_unit_id"`
		State      string
	}
	if st := e.call("sup", "GET", itemPath(pv.Items[0].ItemID), nil, &it); st != 200 || it.Source != "npc_suggestion" ||
		it.ProposalID != id || it.LeadUnitID != e.units["A"] || it.State != "assigned" {
		t.Fatalf("the promise's item: %d %+v", st, it)
	}

	// The co-proposer is not satisfied; the office opens a second round.
	e.clock.Add(24 * time.Hour)
	e.proposalAct("dep2", id, "evaluate", map[string]any{"verdict": "unsatisfied", "comment": "进度太慢"}, 200)
	pv, _ = e.proposalAct("sup", id, "rehandle", nil, 200)
	if pv.State != "assigned" || pv.Round != 2 || !pv.Deadline.After(e.clock.Now().AddDate(0, 2, 27)) {
		t.Fatalf("rehandled: %+v", pv)
	}
	e.clock.Add(48 * time.Hour)
	e.proposalAct("a_ll", id, "record-contact", map[string]any{"contacted_on": e.clock.Now().Format(time.RFC3339), "way": "visit",
		"summary": "上门走访代表"}, 200)
	e.proposalAct("a_ll", id, "reply", map[string]any{"text": "道路已硬化完成", "class": "A", "signer": "局长王某"}, 200)
	pv, _ = e.proposalAct("dep", id, "evaluate", map[string]any{"verdict": "satisfied"}, 200)
	if pv.State != "closed" || len(pv.Replies) != 2 || pv.Replies[1].Evaluation.Verdict != "satisfied" {
		t.Fatalf("closed: %+v", pv)
	}

	evs := e.proposalEvents(id)
	var kinds []string
	for i, ev := range evs {
		kinds = append(kinds, ev.Kind)
		if ev.Seq != i+1 || ev.ActorID == 0 || ev.ActorName == "" || ev.At.IsZero() {
			t.Errorf("event %d without actor or time: %+v", i, ev)
		}
	}
	want := []string{"created", "assigned", "declined", "reassigned", "contact_recorded", "opinion_given", "replied",
		"promise_item_linked", "evaluated", "rehandled", "contact_recorded", "replied", "evaluated"}
	if !slices.Equal(kinds, want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
	if evs[2].ActorID != e.ids["b_ll"] || evs[8].ActorID != e.ids["dep2"] || evs[12].ActorID != e.ids["dep"] {
		t.Errorf("the events' actors: %+v", evs)
	}
	if !e.auditHas("proposal.replied", "success", fmt.Sprintf("proposal:%d", id)) {
		t.Error("the reply is not on the audit trail")
	}

	// The session's ledger: the five, the closed one with its class, verdict and item.
	a := e.send(e.liveToken("sup"), "", "GET", fmt.Sprintf("/api/v1/proposals/export?session_id=%d", sid), nil)
	if a.status != 200 || !strings.HasPrefix(a.ctype, xlsxCT) {
		t.Fatalf("export: %d %s", a.status, a.ctype)
	}
	f, err := excelize.OpenReader(bytes.NewReader(a.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := f.GetRows("建议提案")
	if err != nil || len(sheet) != 6 {
		t.Fatalf("the ledger has %d rows (%v), want a header and 5", len(sheet), err)
	}
	first := strings.Join(sheet[1], "|")
	for _, want := range []string{"县十八届人大三次会议", "关于第1项民生实事的建议", "用户dep、代表乙", "已办结", "单位A", "单位C", "|A|满意|1"} {
		if !strings.Contains(first, want) {
			t.Errorf("the ledger's first row %q lacks %q", first, want)
		}
	}
}

// TestProposalRefusals is the second acceptance test: a reply without a recorded
// contact, a reply by a co-unit, an evaluation by the lead unit's liaison, the office or the
// system administrator, and a second evaluation of the same reply are each refused with a
// clear message and change nothing.
func TestProposalRefusals(t *testing.T) {
	e := newEnv(t)
	sid := e.proposalSession("县政协十届三次会议", "cppcc_proposal")
	var created proposalView
	if st := e.call("sup", "POST", "/api/v1/proposals", map[string]any{"session_id": sid, "number": 7, "title": "关于加强养老服务的提案",
		"proposers": []any{map[string]any{"user_id": e.ids["dep"]}}}, &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	id := created.ID
	e.proposalAct("sup", id, "assign", map[string]any{"lead_unit_id": e.units["A"], "co_unit_ids": []int64{e.units["B"]}}, 200)
	reply := map[string]any{"text": "已解决", "class": "A", "signer": "局长"}

	unchanged := func(step string, before proposalView, nEvents int) {
		t.Helper()
		after := e.proposal("sup", id)
		if after.Version != before.Version || after.State != before.State || len(e.proposalEvents(id)) != nEvents {
			t.Errorf("%s changed the proposal: %+v → %+v", step, before, after)
		}
	}
	before, n := e.proposal("sup", id), len(e.proposalEvents(id))
	_, p := e.proposalAct("a_ll", id, "reply", reply, 409)
	if p.Detail != "答复前须与提出人沟通并登记沟通情况" {
		t.Errorf("reply without contact: %q", p.Detail)
	}
	unchanged("reply without contact", before, n)
	e.proposalAct("a_ll", id, "record-contact", map[string]any{"contacted_on": e.clock.Now().Format(time.RFC3339), "way": "phone",
		"summary": "电话沟通"}, 200)
	before, n = e.proposal("sup", id), len(e.proposalEvents(id))
	_, p = e.proposalAct("b_ll", id, "reply", reply, 403)
	if p.Detail != "只有主办单位联络员可以进行此操作" {
		t.Errorf("reply by a co-unit: %q", p.Detail)
	}
	unchanged("reply by a co-unit", before, n)
	e.proposalAct("a_ll", id, "reply", reply, 200)

	before, n = e.proposal("sup", id), len(e.proposalEvents(id))
	for _, c := range []struct{ user, detail string }{
		{"a_ll", "只有提出人本人（领衔或联名）可以进行此操作"},
		{"sup", "只有提出人本人（领衔或联名）可以进行此操作"},
		{"admin", "此功能仅限督查室、领导、联络员、经办人、代表委员、人大选联工委、政协提案委使用"},
	} {
		_, p := e.proposalAct(c.user, id, "evaluate", map[string]any{"verdict": "satisfied"}, 403)
		if !strings.Contains(p.Detail, c.detail) && p.Detail != c.detail {
			t.Errorf("evaluation by %s: %q, want %q", c.user, p.Detail, c.detail)
		}
		unchanged("evaluation by "+c.user, before, n)
	}
	e.proposalAct("dep", id, "evaluate", map[string]any{"verdict": "basically_satisfied"}, 200)
	before, n = e.proposal("sup", id), len(e.proposalEvents(id))
	_, p = e.proposalAct("dep", id, "evaluate", map[string]any{"verdict": "satisfied"}, 409)
	if p.Detail != "这次答复已经评价过，每次答复只能评价一次" {
		t.Errorf("second evaluation: %q", p.Detail)
	}
	unchanged("second evaluation", before, n)
	// In English too, as a message rather than a key.
	a := e.send(e.liveToken("dep"), "en", "POST", proposalPath(id)+"/evaluate", map[string]any{"verdict": "satisfied"})
	if !strings.Contains(string(a.body), "This reply has already been evaluated") {
		t.Errorf("second evaluation in English: %s", a.body)
	}
}
