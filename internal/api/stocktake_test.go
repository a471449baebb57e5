package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/demo"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/stocktake"
)

// newDemoEnv loads the demo county into the run's database (SQLite, or PostgreSQL on the
// PostgreSQL run) with the clock at start, every account's password testPassword, and serves
// the API over it. e.units holds the demo's units by key.
func newDemoEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db, dsn, path := openTestDB(t)
	svc, err := service.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: start}
	svc.Now = c.Now
	svc.Hasher = service.PasswordHasher{Memory: 64, Time: 1, Threads: 1}
	svc.Promises, svc.Decisions = service.PromiseItems{S: svc}, service.DecisionItems{S: svc}
	svc.Commitments, svc.Texts = service.StocktakeItems{S: svc}, i18n.ZH
	if _, err := demo.Load(ctx, svc, testPassword); err != nil {
		t.Fatal(err)
	}
	pol, err := svc.SecurityPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pol.LoginRatePerMinute = 600
	if _, err := svc.SetSecurityPolicy(ctx, nil, pol); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, svc: svc, db: db, path: path, dsn: dsn, clock: c, units: map[string]int64{}, ids: map[string]int64{}, tok: map[string]string{}}
	e.srv = httptest.NewServer(httpx.Stack(api.New(svc), nil))
	t.Cleanup(e.srv.Close)
	byName := map[string]int64{}
	raw := e.raw()
	defer raw.Close()
	rows, err := raw.Query(`SELECT id, name FROM units`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			t.Fatal(err)
		}
		byName[name] = id
	}
	rows.Close()
	for _, u := range demo.Units {
		e.units[u.Key] = byName[u.Name]
	}
	return e
}

// stocktakeAnswer is the API's view of a stocktake.
type stocktakeAnswer struct {
	luoshi.Stocktake
	Partial bool     `json:"partial"`
	Actions []string `json:"actions"`
}

// stItem is an item as the item list answers it, as much as the stocktake's checks read.
type stItem struct {
	ID             int64  `json:"id"`
	Code           string `json:"code"`
	State          string `json:"state"`
	Light          string `json:"light"`
	ScheduleStatus string `json:"schedule_status"`
	LeadUnitID     int64  `json:"lead_unit_id"`
	LeaderID       *int64 `json:"leader_id"`
	ParentID       *int64 `json:"parent_id"`
	Milestones     []struct {
		ID     int        `json:"id"`
		Title  string     `json:"title"`
		Due    time.Time  `json:"due"`
		DoneAt *time.Time `json:"done_at"`
	} `json:"milestones"`
	Deadline              time.Time  `json:"deadline"`
	CompletionRequestedAt *time.Time `json:"completion_requested_at"`
	UnitConfidence        *struct {
		Level string `json:"level"`
	} `json:"unit_confidence"`
	OfficeConfidence *struct {
		Level string `json:"level"`
	} `json:"office_confidence"`
	PendingExtension *struct {
		Deadline time.Time `json:"deadline"`
	} `json:"pending_extension"`
}

// allItems pages through every item the user sees.
func (e *env) allItems(user string) map[int64]stItem {
	e.t.Helper()
	out := map[int64]stItem{}
	cursor := ""
	for {
		var page struct {
			Items      []stItem `json:"items"`
			NextCursor string   `json:"next_cursor"`
		}
		if st := e.call(user, "GET", "/api/v1/items?limit=200&cursor="+cursor, nil, &page); st != 200 {
			e.t.Fatalf("items: %d", st)
		}
		for _, it := range page.Items {
			out[it.ID] = it
		}
		if page.NextCursor == "" {
			return out
		}
		cursor = page.NextCursor
	}
}

// portfolioOf reads a leader's portfolio straight from the database: whether it is the
// whole county, and its units.
func (e *env) portfolioOf(leaderID int64) (all bool, units []int64) {
	e.t.Helper()
	raw := e.raw()
	defer raw.Close()
	if err := raw.QueryRow(`SELECT all_units FROM leaders WHERE id = $1`, leaderID).Scan(&all); err != nil {
		e.t.Fatal(err)
	}
	rows, err := raw.Query(`SELECT unit_id FROM portfolios WHERE leader_id = $1`, leaderID)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u int64
		rows.Scan(&u)
		units = append(units, u)
	}
	return all, units
}

// confidenceRank is a judgement's place among the five levels, written out apart from the
// domain's list.
var confidenceRank = map[string]int{"green": 0, "amber_green": 1, "amber": 2, "amber_red": 3, "red": 4}

// wantAgenda is the agenda computed here, apart from the module: the leader's items (the
// whole county, or led by a unit of the portfolio, or naming the leader) that are assigned
// and still owed, by the lights, schedule status and judgements the item list answers.
func (e *env) wantAgenda(leaderID int64) (red, yellow, behind, gaps []int64) {
	all, units := e.portfolioOf(leaderID)
	for _, it := range e.allItems("duchashi") {
		switch it.State {
		case "assigned", "declined", "in_progress", "completion_requested":
		default:
			continue
		}
		if !all && !slices.Contains(units, it.LeadUnitID) && (it.LeaderID == nil || *it.LeaderID != leaderID) {
			continue
		}
		switch it.Light {
		case "red":
			red = append(red, it.ID)
		case "yellow":
			yellow = append(yellow, it.ID)
		}
		if it.ScheduleStatus == "behind" {
			behind = append(behind, it.ID)
		}
		if it.UnitConfidence != nil && it.OfficeConfidence != nil {
			d := confidenceRank[it.UnitConfidence.Level] - confidenceRank[it.OfficeConfidence.Level]
			if d >= 2 || d <= -2 {
				gaps = append(gaps, it.ID)
			}
		}
	}
	for _, l := range [][]int64{red, yellow, behind, gaps} {
		slices.Sort(l)
	}
	return red, yellow, behind, gaps
}

// sectionIDs are a section's item ids, sorted, after checking that it is in deadline order.
func sectionIDs(t *testing.T, name string, list []luoshi.StocktakeItem) []int64 {
	t.Helper()
	var ids []int64
	for i, it := range list {
		if i > 0 && it.Deadline.Before(list[i-1].Deadline) {
			t.Errorf("%s: %s before %s is not in deadline order", name, list[i-1].Code, it.Code)
		}
		ids = append(ids, it.ItemID)
	}
	slices.Sort(ids)
	return ids
}

func (e *env) checkAgenda(t *testing.T, s stocktakeAnswer) {
	t.Helper()
	red, yellow, behind, gaps := e.wantAgenda(s.LeaderID)
	for _, c := range []struct {
		name string
		got  []luoshi.StocktakeItem
		want []int64
	}{{"red", s.Agenda.Red, red}, {"yellow", s.Agenda.Yellow, yellow}, {"behind", s.Agenda.Behind, behind}, {"gaps", s.Agenda.Gaps, gaps}} {
		if got := sectionIDs(t, c.name, c.got); !slices.Equal(got, c.want) {
			t.Errorf("leader %d, %s: agenda %v, want %v", s.LeaderID, c.name, got, c.want)
		}
	}
}

// stPost posts as user and wants the status; it answers the problem document.
func (e *env) stPost(user, path string, body, out any, want int) problem {
	e.t.Helper()
	a := e.send(e.liveToken(user), "", "POST", path, body)
	var p problem
	json.Unmarshal(a.body, &p)
	if out != nil && a.status < 300 {
		json.Unmarshal(a.body, out)
	}
	if a.status != want {
		e.t.Fatalf("POST %s as %s: %d %s %+v, want %d", path, user, a.status, p.Detail, p.Errors, want)
	}
	return p
}

func (e *env) generate(user string, leaderID int64, day string) stocktakeAnswer {
	e.t.Helper()
	var s stocktakeAnswer
	e.stPost(user, "/api/v1/stocktakes", map[string]any{"leader_id": leaderID, "date": day}, &s, 201)
	return s
}

func (e *env) getStocktake(user string, id int64) stocktakeAnswer {
	e.t.Helper()
	var s stocktakeAnswer
	if st := e.call(user, "GET", fmt.Sprintf("/api/v1/stocktakes/%d", id), nil, &s); st != 200 {
		e.t.Fatalf("stocktake %d as %s: %d", id, user, st)
	}
	return s
}

func (e *env) stLeader(username string) int64 {
	e.t.Helper()
	a, err := e.svc.ActorByUsername(context.Background(), username)
	if err != nil {
		e.t.Fatal(err)
	}
	return a.LeaderID
}

// unitKey is the demo key of a unit id.
func (e *env) unitKey(id int64) string {
	for k, v := range e.units {
		if v == id {
			return k
		}
	}
	e.t.Fatalf("unit %d is not a demo unit", id)
	return ""
}

// inProgressOf picks the portfolio's items in progress (no pending extension, no
// sub-items), by id, whose deadline is at least min away.
func (e *env) inProgressOf(leaderID int64, min time.Duration) []stItem {
	all, units := e.portfolioOf(leaderID)
	var out []stItem
	for _, it := range e.allItems("duchashi") {
		if it.State == "in_progress" && it.PendingExtension == nil && it.ParentID == nil && it.Deadline.Sub(e.clock.Now()) > min &&
			(all || slices.Contains(units, it.LeadUnitID)) {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b stItem) int { return int(a.ID - b.ID) })
	return out
}

// TestStocktakeAgenda is acceptance 4: the stocktake of a demo deputy and of the county head
// lists exactly the portfolio's red, yellow and behind items and its confidence gaps, as the
// test computes them apart from the module from the item list and the portfolio's rows; the
// next stocktake lists the commitments made at the first with what became of each (done,
// late, open), judged here from the items as they stand.
func TestStocktakeAgenda(t *testing.T) {
	e := newDemoEnv(t)
	wang, head := e.stLeader("fxz_wang"), e.stLeader(demo.CountyHeadKey)
	work := e.inProgressOf(wang, 40*24*time.Hour)
	if len(work) < 3 {
		t.Fatalf("the demo gives fxz_wang %d items in progress; the test needs 3", len(work))
	}
	// A gap of four levels on one item, of one level on another: only the first is on the agenda.
	rate := func(it stItem, unit, office string) {
		e.stPost(demo.LiaisonUsername(e.unitKey(it.LeadUnitID)), itemPath(it.ID)+"/rate-confidence", map[string]any{"confidence": unit}, nil, 200)
		e.stPost("duchashi", itemPath(it.ID)+"/rate-confidence", map[string]any{"confidence": office}, nil, 200)
	}
	rate(work[0], "green", "red")
	rate(work[1], "amber", "amber_red")

	first := e.generate("duchashi", wang, "2026-11-02")
	e.checkAgenda(t, first)
	if len(first.Agenda.Gaps) != 1 || first.Agenda.Gaps[0].ItemID != work[0].ID || first.Agenda.Gaps[0].Gap != 4 {
		t.Errorf("gaps = %+v, want only item %d, four levels apart", first.Agenda.Gaps, work[0].ID)
	}
	if len(first.Agenda.Red)+len(first.Agenda.Yellow)+len(first.Agenda.Behind) == 0 {
		t.Error("the deputy's agenda is empty: the demo shows nothing")
	}
	if first.Agenda.PreviousID != 0 || len(first.Agenda.Previous) != 0 || first.Whole {
		t.Errorf("first stocktake: previous %d %v, whole %v", first.Agenda.PreviousID, first.Agenda.Previous, first.Whole)
	}
	whole := e.generate("xianzhang", head, "2026-11-02")
	e.checkAgenda(t, whole)
	t.Logf("the deputy's agenda: %d red, %d yellow, %d behind, %d gaps; the county's: %d, %d, %d, %d", len(first.Agenda.Red),
		len(first.Agenda.Yellow), len(first.Agenda.Behind), len(first.Agenda.Gaps), len(whole.Agenda.Red), len(whole.Agenda.Yellow),
		len(whole.Agenda.Behind), len(whole.Agenda.Gaps))
	if len(whole.Agenda.Yellow) == 0 || len(whole.Agenda.Behind) == 0 {
		t.Error("the county's agenda has no yellow or no behind item: the demo shows nothing")
	}
	if !whole.Whole || len(whole.Agenda.Red) <= len(first.Agenda.Red) {
		t.Errorf("the county head's stocktake: whole %v, %d red against the deputy's %d", whole.Whole, len(whole.Agenda.Red), len(first.Agenda.Red))
	}

	// Commitments: a new item, a milestone of one item, the new deadline the lead unit asked for.
	path := fmt.Sprintf("/api/v1/stocktakes/%d/add-commitment", first.ID)
	zjj := e.units["zjj"]
	e.stPost("duchashi", path, map[string]any{"kind": "new_item", "text": "两周内完成城区积水点排查", "unit_id": zjj,
		"leader_id": wang, "due": start.AddDate(0, 0, 14)}, nil, 200)
	e.stPost("duchashi", path, map[string]any{"kind": "milestone", "text": "十日内完成施工图审查", "unit_id": work[1].LeadUnitID,
		"due": start.AddDate(0, 0, 10), "item_id": work[1].ID}, nil, 200)
	newDeadline := work[2].Deadline.AddDate(0, 1, 0)
	e.stPost(demo.LiaisonUsername(e.unitKey(work[2].LeadUnitID)), itemPath(work[2].ID)+"/request-extension",
		map[string]any{"reason": "设备到货推迟", "percent": 50, "deadline": newDeadline}, nil, 200)
	var after stocktakeAnswer
	e.stPost("duchashi", path, map[string]any{"kind": "deadline", "text": "同意延期一个月", "unit_id": work[2].LeadUnitID,
		"due": newDeadline, "item_id": work[2].ID}, &after, 200)
	if len(after.Commitments) != 3 {
		t.Fatalf("commitments = %+v", after.Commitments)
	}
	items := e.allItems("duchashi")
	made, ms := items[after.Commitments[0].MadeItemID], items[work[1].ID].Milestones
	if made.State != "assigned" || made.LeadUnitID != zjj || made.LeaderID == nil || *made.LeaderID != wang ||
		!made.Deadline.Equal(start.AddDate(0, 0, 14)) {
		t.Errorf("the new item: %+v", made)
	}
	if m := ms[len(ms)-1]; after.Commitments[1].MilestoneID != m.ID || m.Title != "十日内完成施工图审查" || !m.Due.Equal(start.AddDate(0, 0, 10)) ||
		after.Commitments[1].MadeItemID != 0 {
		t.Errorf("the milestone: %+v, commitment %+v", m, after.Commitments[1])
	}
	if ext := items[work[2].ID]; ext.PendingExtension != nil || !ext.Deadline.Equal(newDeadline) || after.Commitments[2].MadeItemID != 0 {
		t.Errorf("the deadline commitment left %+v", ext)
	}

	// A week on, the new item is delivered; three weeks on, the milestone is late and the
	// deadline still ahead.
	e.clock.Add(7 * 24 * time.Hour)
	ll := demo.LiaisonUsername("zjj")
	e.stPost(ll, itemPath(made.ID)+"/accept", map[string]any{}, nil, 200)
	e.stPost(ll, itemPath(made.ID)+"/report", map[string]any{"text": "排查完毕", "percent": 95}, nil, 200)
	e.stPost(ll, itemPath(made.ID)+"/request-completion", map[string]any{"summary": "已排查积水点23处"}, nil, 200)
	e.stPost("duchashi", itemPath(made.ID)+"/approve-completion", map[string]any{}, nil, 200)
	e.clock.Add(14 * 24 * time.Hour)
	second := e.generate("duchashi", wang, "2026-11-23")
	e.checkAgenda(t, second)
	if second.Agenda.PreviousID != first.ID || len(second.Agenda.Previous) != 3 {
		t.Fatalf("second stocktake: previous %d with %d commitments, want %d with 3", second.Agenda.PreviousID, len(second.Agenda.Previous), first.ID)
	}
	now := e.clock.Now()
	items = e.allItems("duchashi")
	for i, f := range second.Agenda.Previous {
		c := after.Commitments[i]
		tracked := c.MadeItemID
		if tracked == 0 {
			tracked = c.ItemID
		}
		it := items[tracked]
		want := "open"
		var milestoneDone *time.Time
		for _, m := range it.Milestones {
			if c.MilestoneID != 0 && m.ID == c.MilestoneID {
				milestoneDone = m.DoneAt
			}
		}
		switch {
		case milestoneDone != nil && !milestoneDone.After(c.Due):
			want = "done"
		case milestoneDone != nil:
			want = "late"
		case it.State == "completed" && !it.CompletionRequestedAt.After(c.Due):
			want = "done"
		case now.After(c.Due):
			want = "late"
		}
		if f.Commitment.No != c.No || f.Outcome != want || string(f.State) != it.State || string(f.Light) != it.Light {
			t.Errorf("commitment %d followed up as %s (%s, %s), want %s (%s, %s)", c.No, f.Outcome, f.State, f.Light, want, it.State, it.Light)
		}
	}
	if got := []string{second.Agenda.Previous[0].Outcome, second.Agenda.Previous[1].Outcome, second.Agenda.Previous[2].Outcome}; !slices.Equal(got, []string{"done", "late", "open"}) {
		t.Errorf("outcomes %v, want done, late, open", got)
	}
	// Generated, the agenda is kept as it was: the data moving on changes nothing stored.
	e.stPost("duchashi", itemPath(work[0].ID)+"/rate-confidence", map[string]any{"confidence": "green"}, nil, 200)
	if again := e.getStocktake("duchashi", second.ID); !reflect.DeepEqual(again.Agenda, second.Agenda) {
		t.Error("the stored agenda changed with the data")
	}
}

// TestStocktakeRules: bad input is refused with a message on the field and nothing half
// applied; who generates and who sees what; a closed stocktake is unchangeable; rebuilding
// from the events gives the stored stocktake; the record and agenda export as documents.
func TestStocktakeRules(t *testing.T) {
	e := newDemoEnv(t)
	wang, zhao, head := e.stLeader("fxz_wang"), e.stLeader("fxz_zhao"), e.stLeader(demo.CountyHeadKey)
	s := e.generate("fxz_wang", wang, "2026-11-04")
	path := fmt.Sprintf("/api/v1/stocktakes/%d", s.ID)
	work := e.inProgressOf(wang, 40*24*time.Hour)
	zjj := e.units["zjj"]

	t.Run("bad input", func(t *testing.T) {
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"date": "2026-11-05"}, "leader_id"},
			{map[string]any{"leader_id": 999999, "date": "2026-11-05"}, "leader_id"},
			{map[string]any{"leader_id": wang}, "date"},
			{map[string]any{"leader_id": wang, "date": "2026-13-45"}, "date"},
			{map[string]any{"leader_id": wang, "date": "2029-01-01"}, "date"},
		} {
			if p := e.stPost("duchashi", "/api/v1/stocktakes", c.body, nil, 422); p.field(c.field) == "" {
				t.Errorf("%v: no message on %s: %+v", c.body, c.field, p)
			}
		}
		if p := e.stPost("duchashi", "/api/v1/stocktakes", map[string]any{"leader_id": wang, "date": "2026-11-04"}, nil, 409); p.Detail == "" {
			t.Error("a second stocktake of the leader on the day: no message")
		}
		before := len(e.allItems("duchashi"))
		add := path + "/add-commitment"
		ok := map[string]any{"kind": "new_item", "text": "完成排查", "unit_id": zjj, "due": start.AddDate(0, 0, 7)}
		with := func(k string, v any) map[string]any {
			b := map[string]any{}
			for key, val := range ok {
				b[key] = val
			}
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
			return b
		}
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{with("kind", nil), "kind"}, {with("kind", "promise"), "kind"}, {with("text", nil), "text"},
			{with("text", strings.Repeat("长", stocktake.MaxCommitment+1)), "text"},
			{with("unit_id", nil), "unit_id"}, {with("unit_id", 999999), "unit_id"}, {with("leader_id", 999999), "leader_id"},
			{with("due", nil), "due"}, {with("due", start.AddDate(0, 0, -1)), "due"},
			{with("item_id", work[0].ID), "item_id"},
			{with("kind", "milestone"), "item_id"}, {with("kind", "deadline"), "item_id"},
			{map[string]any{"kind": "milestone", "text": "节点", "unit_id": zjj, "due": start.AddDate(0, 0, 7), "item_id": 999999}, "item_id"},
			{map[string]any{"kind": "milestone", "text": "节点", "unit_id": zjj, "due": work[0].Deadline.AddDate(0, 0, 1), "item_id": work[0].ID}, "due"},
			{map[string]any{"kind": "deadline", "text": "延期", "unit_id": zjj, "due": start.AddDate(0, 2, 0), "item_id": work[0].ID}, "item_id"},
		} {
			if p := e.stPost("duchashi", add, c.body, nil, 422); p.field(c.field) == "" {
				t.Errorf("%v: no message on %s: %s %+v", c.body, c.field, p.Detail, p.Errors)
			}
		}
		if got := e.getStocktake("duchashi", s.ID); len(got.Commitments) != 0 || got.Version != 1 {
			t.Errorf("refused commitments left %d commitments, version %d", len(got.Commitments), got.Version)
		}
		if after := len(e.allItems("duchashi")); after != before {
			t.Errorf("refused commitments made items: %d before, %d after", before, after)
		}
	})

	e.stPost("duchashi", path+"/add-commitment", map[string]any{"kind": "new_item", "text": "完成城区积水点排查", "unit_id": zjj,
		"leader_id": wang, "due": start.AddDate(0, 0, 14)}, nil, 200)

	t.Run("authorisation", func(t *testing.T) {
		// A deputy holds only their own stocktake; the county head anyone's; units none.
		e.stPost("fxz_wang", "/api/v1/stocktakes", map[string]any{"leader_id": zhao, "date": "2026-11-04"}, nil, 403)
		e.generate("xianzhang", zhao, "2026-11-04")
		e.generate("xianzhang", head, "2026-11-04")
		e.stPost("zjj_ll", "/api/v1/stocktakes", map[string]any{"leader_id": wang, "date": "2026-11-06"}, nil, 403)
		// The office, the leader and the county head see it whole; another deputy and a unit not
		// named do not see it; the unit named sees its commitment only.
		for _, u := range []string{"duchashi", "fxz_wang", "xianzhang"} {
			if got := e.getStocktake(u, s.ID); got.Partial || len(got.Agenda.Behind) != len(s.Agenda.Behind) || len(got.Commitments) != 1 {
				t.Errorf("%s sees partial %v, %d behind, %d commitments", u, got.Partial, len(got.Agenda.Behind), len(got.Commitments))
			}
		}
		for _, u := range []string{"fxz_zhao", "jyj_ll"} {
			if st := e.call(u, "GET", path, nil, nil); st != 404 {
				t.Errorf("%s reads the stocktake: %d, want 404", u, st)
			}
		}
		named := e.getStocktake("zjj_ll", s.ID)
		if !named.Partial || len(named.Commitments) != 1 || len(named.Agenda.Behind)+len(named.Agenda.Red)+len(named.Agenda.Yellow) != 0 {
			t.Errorf("the named unit sees %+v", named)
		}
		type listed struct {
			ID      int64
			Partial bool
			Red     int
		}
		var list struct{ Stocktakes []listed }
		e.call("zjj_ll", "GET", "/api/v1/stocktakes", nil, &list)
		if !slices.ContainsFunc(list.Stocktakes, func(x listed) bool { return x.ID == s.ID }) ||
			slices.ContainsFunc(list.Stocktakes, func(x listed) bool { return !x.Partial || x.Red != 0 }) {
			t.Errorf("the named unit's list: %+v", list)
		}
		e.call("jyj_ll", "GET", "/api/v1/stocktakes", nil, &list)
		if len(list.Stocktakes) != 0 {
			t.Errorf("a unit named nowhere lists %+v", list)
		}
		e.call("fxz_zhao", "GET", "/api/v1/stocktakes", nil, &list)
		if slices.ContainsFunc(list.Stocktakes, func(x listed) bool { return x.ID == s.ID }) {
			t.Error("another deputy lists the stocktake")
		}
		// Only the office records commitments; a named unit may comment; events are for those
		// who see it whole.
		body := map[string]any{"kind": "new_item", "text": "再排查", "unit_id": zjj, "due": start.AddDate(0, 0, 7)}
		for _, u := range []string{"fxz_wang", "xianzhang", "zjj_ll"} {
			e.stPost(u, path+"/add-commitment", body, nil, 403)
		}
		e.stPost("zjj_ll", path+"/comment", map[string]any{"text": "我局将按期完成"}, nil, 200)
		if st := e.call("zjj_ll", "GET", path+"/events", nil, nil); st != 403 {
			t.Errorf("a unit reads the events: %d, want 403", st)
		}
		if st := e.call("fxz_zhao", "GET", path+"/events", nil, nil); st != 404 {
			t.Errorf("another deputy reads the events: %d, want 404", st)
		}
	})

	t.Run("documents", func(t *testing.T) {
		for _, q := range []string{"", "?part=agenda"} {
			a := e.send(e.liveToken("duchashi"), "", "GET", path+".docx"+q, nil)
			if a.status != 200 || a.ctype != api.DocxType || len(a.body) < 1000 {
				t.Errorf("%s.docx%s: %d %s %d bytes", path, q, a.status, a.ctype, len(a.body))
			}
		}
		if a := e.send(e.liveToken("jyj_ll"), "", "GET", path+".docx", nil); a.status != 404 {
			t.Errorf("a unit not named downloads the record: %d", a.status)
		}
	})

	t.Run("close", func(t *testing.T) {
		e.stPost("fxz_wang", path+"/close", map[string]any{"summary": "要点"}, nil, 403)
		var closed stocktakeAnswer
		e.stPost("duchashi", path+"/close", map[string]any{"summary": "会议要求各单位对照承诺抓好落实。"}, &closed, 200)
		if closed.State != luoshi.StocktakeClosed || closed.ClosedAt == nil || closed.Summary == "" || len(closed.Actions) != 0 {
			t.Errorf("closed: %+v", closed)
		}
		for act, body := range map[string]any{"add-commitment": map[string]any{"kind": "new_item", "text": "再排查", "unit_id": zjj,
			"due": start.AddDate(0, 0, 7)}, "comment": map[string]any{"text": "补充"}, "close": map[string]any{}} {
			if p := e.stPost("duchashi", path+"/"+act, body, nil, 409); p.State != string(luoshi.StocktakeClosed) {
				t.Errorf("%s after closing: %+v", act, p)
			}
		}
		if got := e.getStocktake("duchashi", s.ID); !reflect.DeepEqual(got.Stocktake, closed.Stocktake) {
			t.Error("the closed stocktake changed")
		}
	})

	t.Run("rebuild", func(t *testing.T) {
		var evs struct{ Events []luoshi.StocktakeEvent }
		if st := e.call("duchashi", "GET", path+"/events", nil, &evs); st != 200 || len(evs.Events) != 4 {
			t.Fatalf("events: %d %d", st, len(evs.Events))
		}
		kinds := []string{}
		for _, ev := range evs.Events {
			kinds = append(kinds, ev.Kind)
		}
		if !slices.Equal(kinds, []string{"generated", "commitment_added", "commented", "closed"}) {
			t.Errorf("event kinds %v", kinds)
		}
		rebuilt, err := stocktake.Rebuild(evs.Events)
		if err != nil {
			t.Fatal(err)
		}
		if stored := e.getStocktake("duchashi", s.ID); !reflect.DeepEqual(*rebuilt, stored.Stocktake) {
			a, _ := json.Marshal(rebuilt)
			b, _ := json.Marshal(stored.Stocktake)
			t.Errorf("rebuilt\n%s\nstored\n%s", a, b)
		}
		var page struct{ Records []luoshi.AuditRecord }
		e.call("audit", "GET", "/api/v1/audit?limit=1000&action=stocktake.closed", nil, &page)
		if !slices.ContainsFunc(page.Records, func(r luoshi.AuditRecord) bool { return strings.Contains(r.Target, fmt.Sprintf("stocktake:%d ", s.ID)) }) {
			t.Errorf("closing is not on the audit trail: %+v", page.Records)
		}
	})
}
