package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// cockpitAns is what the tests read of GET /api/v1/cockpit.
type cockpitAns struct {
	Scope struct {
		CountyWide bool    `json:"county_wide"`
		LeaderID   *int64  `json:"leader_id"`
		UnitIDs    []int64 `json:"unit_ids"`
	} `json:"scope"`
	Lights   map[string]fig `json:"lights"`
	Schedule map[string]fig `json:"schedule"`
	OnTime   struct {
		Due         int     `json:"due"`
		OnTime      int     `json:"on_time"`
		Rate        float64 `json:"rate"`
		DueItems    string  `json:"due_items"`
		OnTimeItems string  `json:"on_time_items"`
		LateItems   string  `json:"late_items"`
	} `json:"on_time"`
	Weeks []struct {
		Week   int `json:"week"`
		Due    int `json:"due"`
		OnTime int `json:"on_time"`
	} `json:"weeks"`
	Overdue []struct {
		UnitID  int64  `json:"unit_id"`
		Overdue int    `json:"overdue"`
		Red     int    `json:"red"`
		Items   string `json:"items"`
	} `json:"overdue_units"`
	Decisions struct {
		Count     int    `json:"count"`
		Done      int    `json:"done"`
		Items     string `json:"items"`
		DoneItems string `json:"done_items"`
	} `json:"decisions"`
}

type fig struct {
	Count int    `json:"count"`
	Items string `json:"items"`
}

// cockpitItems builds the county of the cockpit's tests: items of units A, B and C moved
// through their states over three weeks, then the clock 20 days on. It returns the items'
// ids, oldest first.
func cockpitItems(t *testing.T, e *env) []int64 {
	t.Helper()
	day := 24 * time.Hour
	mk := func(lead string, deadline time.Duration, source string, assign bool) int64 {
		body := e.newItem("important", start.Add(deadline))
		body["lead_unit_id"], body["co_unit_ids"], body["source"], body["assign"] = e.units[lead], []int64{}, source, assign
		return e.mustCreate(body).ID
	}
	ll := map[string]string{"A": "a_ll", "B": "b_ll", "C": "c_ll"}
	done := map[string]any{"confirm_percent": "yes"}
	ids := []int64{
		mk("A", 3*day, "meeting_decision", true),     // 0: completed on time
		mk("A", 3*day, "meeting_decision", true),     // 1: accepted, left overdue
		mk("B", 10*day, "leader_instruction", true),  // 2: completion asked late, approved
		mk("B", 40*day, "leader_instruction", true),  // 3: 90 %: ahead
		mk("C", 40*day, "meeting_decision", true),    // 4: 0 %: behind
		mk("A", 5*day, "leader_instruction", true),   // 5: never accepted, overdue
		mk("C", 60*day, "leader_instruction", false), // 6: a draft
		mk("B", 8*day, "meeting_decision", true),     // 7: completion asked in time, pending
		mk("C", 30*day, "work_report_task", true),    // 8: 50 %
		mk("C", 10*day, "leader_instruction", true),  // 9: accepted, left overdue
		mk("B", 50*day, "leader_instruction", true),  // 10: completed long before its deadline
	}
	for _, k := range []int{0, 1, 2, 3, 4, 7, 8, 9, 10} {
		lead := map[int]string{0: "A", 1: "A", 2: "B", 3: "B", 4: "C", 7: "B", 8: "C", 9: "C", 10: "B"}[k]
		e.act(ll[lead], ids[k], "accept", nil, 200)
	}
	e.act("a_ll", ids[0], "report", map[string]any{"text": "已完成一半", "percent": 50}, 200)
	e.act("b_ll", ids[3], "report", map[string]any{"text": "基本完成", "percent": 90}, 200)
	e.act("c_ll", ids[8], "report", map[string]any{"text": "过半", "percent": 50}, 200)
	e.clock.Add(day)
	e.act("a_ll", ids[0], "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.act("sup", ids[0], "approve-completion", done, 200)
	e.clock.Add(6 * day)
	e.act("b_ll", ids[10], "request-completion", map[string]any{"summary": "提前完成"}, 200)
	e.act("sup", ids[10], "approve-completion", done, 200)
	e.act("b_ll", ids[7], "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.clock.Add(5 * day)
	e.act("b_ll", ids[2], "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.act("sup", ids[2], "approve-completion", done, 200)
	e.clock.Add(8 * day)
	return ids
}

// expected computes the cockpit's item figures from the items and their events as the API
// answers them (the Policy's lights and schedule of each item, the events' times), with none
// of the cockpit's SQL. units nil: every unit.
func cockpitExpected(t *testing.T, e *env, ids []int64, units []int64) cockpitAns {
	t.Helper()
	var want cockpitAns
	want.Lights, want.Schedule = map[string]fig{}, map[string]fig{}
	now := e.clock.Now()
	yearStart := time.Date(now.In(shanghai).Year(), 1, 1, 0, 0, 0, 0, shanghai)
	open := []string{"draft", "assigned", "declined", "in_progress", "completion_requested"}
	measured := []string{"assigned", "declined", "in_progress", "completion_requested", "completed"}
	weeks := map[int][2]int{}
	overdue := map[int64][2]int{}
	for _, id := range ids {
		var it struct {
			item
			Source string `json:"source"`
		}
		if st := e.call("sup", "GET", itemPath(id), nil, &it); st != 200 {
			t.Fatalf("item %d: %d", id, st)
		}
		if units != nil && !slices.Contains(units, it.LeadUnitID) {
			continue
		}
		var evs struct {
			Events []struct {
				Kind string    `json:"kind"`
				At   time.Time `json:"at"`
			} `json:"events"`
		}
		if st := e.call("sup", "GET", itemPath(id)+"/events", nil, &evs); st != 200 {
			t.Fatalf("events %d: %d", id, st)
		}
		var asked *time.Time
		approved := false
		for _, ev := range evs.Events {
			switch ev.Kind {
			case "completion_requested":
				at := ev.At
				asked = &at
			case "completion_approved":
				approved = true
			case "returned":
				asked = nil
			}
		}
		if slices.Contains(open, it.State) {
			f := want.Lights[it.Light]
			f.Count++
			want.Lights[it.Light] = f
			late := now.After(it.Deadline) && (it.State != "completion_requested" || asked.After(it.Deadline))
			o := overdue[it.LeadUnitID]
			if late {
				o[0]++
			}
			if it.Light == "red" {
				o[1]++
			}
			overdue[it.LeadUnitID] = o
		}
		if slices.Contains(measured, it.State) {
			f := want.Schedule[it.ScheduleStatus]
			f.Count++
			want.Schedule[it.ScheduleStatus] = f
			if !it.Deadline.Before(yearStart) && it.Deadline.Before(yearStart.AddDate(1, 0, 0)) &&
				(it.Deadline.Before(now) || it.State == "completed") {
				at := it.Deadline
				if now.Before(at) {
					at = now // completed before its deadline: counts at once
				}
				w := int(at.Sub(yearStart)/(7*24*time.Hour)) + 1
				c := weeks[w]
				c[0]++
				want.OnTime.Due++
				if approved && asked != nil && !asked.After(it.Deadline) {
					c[1]++
					want.OnTime.OnTime++
				}
				weeks[w] = c
			}
		}
		if it.Source == "meeting_decision" {
			want.Decisions.Count++
			if it.State == "completed" {
				want.Decisions.Done++
			}
		}
	}
	for _, w := range slices.Sorted(maps.Keys(weeks)) {
		want.Weeks = append(want.Weeks, struct {
			Week   int `json:"week"`
			Due    int `json:"due"`
			OnTime int `json:"on_time"`
		}{w, weeks[w][0], weeks[w][1]})
	}
	for _, u := range slices.Sorted(maps.Keys(overdue)) {
		if overdue[u][0] == 0 {
			continue // red but not overdue: not among the late units
		}
		want.Overdue = append(want.Overdue, struct {
			UnitID  int64  `json:"unit_id"`
			Overdue int    `json:"overdue"`
			Red     int    `json:"red"`
			Items   string `json:"items"`
		}{UnitID: u, Overdue: overdue[u][0], Red: overdue[u][1]})
	}
	return want
}

// counts strips the links and the weeks without items due, to compare with expected.
func (c cockpitAns) counts() cockpitAns {
	out := cockpitAns{Lights: map[string]fig{}, Schedule: map[string]fig{}}
	for k, f := range c.Lights {
		if f.Count > 0 {
			out.Lights[k] = fig{Count: f.Count}
		}
	}
	for k, f := range c.Schedule {
		if f.Count > 0 {
			out.Schedule[k] = fig{Count: f.Count}
		}
	}
	out.OnTime.Due, out.OnTime.OnTime = c.OnTime.Due, c.OnTime.OnTime
	for _, w := range c.Weeks {
		if w.Due > 0 {
			out.Weeks = append(out.Weeks, w)
		}
	}
	for _, u := range c.Overdue {
		u.Items = ""
		out.Overdue = append(out.Overdue, u)
	}
	slices.SortFunc(out.Overdue, func(x, y struct {
		UnitID  int64  `json:"unit_id"`
		Overdue int    `json:"overdue"`
		Red     int    `json:"red"`
		Items   string `json:"items"`
	}) int {
		return int(x.UnitID - y.UnitID)
	})
	out.Decisions.Count, out.Decisions.Done = c.Decisions.Count, c.Decisions.Done
	return out
}

func (e *env) cockpit(t *testing.T, user, query string) cockpitAns {
	t.Helper()
	var c cockpitAns
	if st := e.call(user, "GET", "/api/v1/cockpit"+query, nil, &c); st != 200 {
		t.Fatalf("cockpit%s as %s: status %d", query, user, st)
	}
	return c
}

// cockpitLeaders are the test county's head and deputy head.
func (e *env) cockpitLeaders(t *testing.T) (head, deputy int64) {
	t.Helper()
	var ans struct {
		Leaders []struct {
			ID       int64 `json:"id"`
			AllUnits bool  `json:"all_units"`
		} `json:"leaders"`
	}
	if st := e.call("sup", "GET", "/api/v1/leaders", nil, &ans); st != 200 || len(ans.Leaders) != 2 {
		t.Fatalf("leaders: %d %+v", st, ans)
	}
	for _, l := range ans.Leaders {
		if l.AllUnits {
			head = l.ID
		} else {
			deputy = l.ID
		}
	}
	return head, deputy
}

// listCount counts the items the API's list gives for a cockpit link's filters.
func (e *env) listCount(t *testing.T, user, link string) int {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || u.Path != "/items" {
		t.Fatalf("link %q is not the item list", link)
	}
	q := u.Query()
	if q.Get("state") == "all" {
		q.Del("state") // the API's list has every state unless asked
	}
	q.Set("limit", "200")
	var page struct {
		Items []item `json:"items"`
	}
	if st := e.call(user, "GET", "/api/v1/items?"+q.Encode(), nil, &page); st != 200 {
		t.Fatalf("list %s: status %d", q.Encode(), st)
	}
	return len(page.Items)
}

// TestCockpitFigures: the cockpit's figures equal those computed in the test from the items
// and their events, county-wide and for a deputy head's portfolio, on SQLite and PostgreSQL;
// and every figure's link lists exactly the items it counts.
func TestCockpitFigures(t *testing.T) {
	e := newEnv(t)
	ids := cockpitItems(t, e)
	got := e.cockpit(t, "sup", "")
	want := cockpitExpected(t, e, ids, nil)
	if !got.Scope.CountyWide {
		t.Errorf("the office's cockpit is not county-wide: %+v", got.Scope)
	}
	if g, w := got.counts(), want.counts(); !reflect.DeepEqual(g, w) {
		t.Fatalf("county figures:\n got %+v\nwant %+v", g, w)
	}
	// Figures that must not be empty, or the comparison above proves little.
	if got.Lights["red"].Count == 0 || got.Schedule["behind"].Count == 0 || got.Schedule["ahead"].Count == 0 ||
		got.OnTime.OnTime == 0 || got.OnTime.Due == got.OnTime.OnTime || len(got.Overdue) < 2 || got.Decisions.Done == 0 {
		t.Fatalf("the test county lacks a kind of figure: %+v", got)
	}
	if got.Overdue[0].UnitID != e.units["A"] {
		t.Errorf("worst unit %d, want A (%d): %+v", got.Overdue[0].UnitID, e.units["A"], got.Overdue)
	}
	// The head sees the same county.
	if head := e.cockpit(t, "head", ""); !reflect.DeepEqual(head.counts(), got.counts()) {
		t.Errorf("the county head's cockpit differs from the office's")
	}
	t.Run("links", func(t *testing.T) {
		links := map[string]int{got.OnTime.DueItems: got.OnTime.Due, got.OnTime.OnTimeItems: got.OnTime.OnTime,
			got.OnTime.LateItems: got.OnTime.Due - got.OnTime.OnTime, got.Decisions.Items: got.Decisions.Count,
			got.Decisions.DoneItems: got.Decisions.Done}
		for _, f := range got.Lights {
			links[f.Items] = f.Count
		}
		for _, f := range got.Schedule {
			links[f.Items] = f.Count
		}
		for _, u := range got.Overdue {
			links[u.Items] = u.Overdue
		}
		for link, n := range links {
			if c := e.listCount(t, "sup", link); c != n {
				t.Errorf("%s lists %d items, the figure is %d", link, c, n)
			}
		}
	})
	t.Run("portfolio", func(t *testing.T) {
		_, deputy := e.cockpitLeaders(t)
		mine := e.cockpit(t, "deputy", "")
		if mine.Scope.CountyWide || mine.Scope.LeaderID == nil || *mine.Scope.LeaderID != deputy {
			t.Fatalf("the deputy's own cockpit has scope %+v", mine.Scope)
		}
		want := cockpitExpected(t, e, ids, []int64{e.units["A"]})
		if g, w := mine.counts(), want.counts(); !reflect.DeepEqual(g, w) {
			t.Fatalf("portfolio figures:\n got %+v\nwant %+v", g, w)
		}
		byOffice := e.cockpit(t, "sup", fmt.Sprintf("?leader_id=%d", deputy))
		if !reflect.DeepEqual(byOffice.counts(), mine.counts()) {
			t.Errorf("the office's view of the portfolio differs from the deputy's")
		}
		for _, f := range mine.Lights {
			if !strings.Contains(f.Items, fmt.Sprintf("portfolio=%d", deputy)) {
				t.Errorf("portfolio link %q does not keep the portfolio", f.Items)
			}
			if c := e.listCount(t, "deputy", f.Items); c != f.Count {
				t.Errorf("%s lists %d items for the deputy, the figure is %d", f.Items, c, f.Count)
			}
		}
	})
	t.Run("access", func(t *testing.T) {
		head, _ := e.cockpitLeaders(t)
		for _, c := range []struct {
			user, query string
			want        int
		}{
			{"deputy", fmt.Sprintf("?leader_id=%d", head), 403}, // another portfolio
			{"a_ll", "", 403}, {"a_jb", "", 403}, {"admin", "", 403}, {"aud", "", 403}, {"dep", "", 403},
			{"sup", "?leader_id=999999", 404}, {"sup", "?leader_id=x", 422}, {"d_sup", fmt.Sprintf("?leader_id=%d", head), 404},
			{"", "", 401},
		} {
			var raw json.RawMessage
			if st := e.call(c.user, "GET", "/api/v1/cockpit"+c.query, nil, &raw); st != c.want {
				t.Errorf("%s GET cockpit%s: %d, want %d: %s", c.user, c.query, st, c.want, raw)
			}
		}
	})
}

// TestCockpitCountsNoActivity (acceptance 4): logging in, reading items and filing a report
// change no cockpit figure; completing an item does.
func TestCockpitCountsNoActivity(t *testing.T) {
	e := newEnv(t)
	ids := cockpitItems(t, e)
	// The reports owed are filed first: a report more than a cadence late is a red light
	// (an obligation missed), which the report ends. What follows is reporting on time.
	e.act("b_ll", ids[3], "report", map[string]any{"text": "按计划推进", "percent": 90}, 200)
	e.act("c_ll", ids[8], "report", map[string]any{"text": "按计划推进", "percent": 50}, 200)
	e.clock.Add(time.Hour)
	before := e.cockpit(t, "sup", "")
	for _, u := range []string{"a_ll", "b_ll", "c_ll", "head", "deputy", "a_jb"} {
		var res struct{ Token string }
		if st := e.do("", "POST", "/api/v1/login", map[string]string{"username": u, "password": testPassword}, &res); st != 200 {
			t.Fatalf("login %s: %d", u, st)
		}
	}
	for _, id := range ids {
		e.call("sup", "GET", itemPath(id), nil, nil)
		e.call("head", "GET", itemPath(id)+"/events", nil, nil)
	}
	e.call("head", "GET", "/api/v1/items?limit=50", nil, nil)
	// Reports filed on work in hand, at the percent it stands at: activity, not an outcome.
	e.act("b_ll", ids[3], "report", map[string]any{"text": "继续推进", "percent": 90}, 200)
	e.act("b_ll", ids[3], "report", map[string]any{"text": "再次推进", "percent": 90}, 200)
	e.act("c_ll", ids[8], "report", map[string]any{"text": "继续推进", "percent": 50}, 200)
	e.clock.Add(time.Second) // past the cached figures' second: computed again
	after := e.cockpit(t, "sup", "")
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("activity changed the cockpit:\nbefore %+v\n after %+v", before, after)
	}
	// An outcome: item 3 (ahead, 90 %) completed.
	e.act("b_ll", ids[3], "request-completion", map[string]any{"summary": "已完成"}, 200)
	e.act("sup", ids[3], "approve-completion", map[string]any{"confirm_percent": "yes"}, 200)
	done := e.cockpit(t, "sup", "")
	if done.Schedule["completed"].Count != before.Schedule["completed"].Count+1 ||
		done.Schedule["ahead"].Count != before.Schedule["ahead"].Count-1 {
		t.Errorf("completing an ahead item: schedule %+v, before %+v", done.Schedule, before.Schedule)
	}
	if reflect.DeepEqual(before.counts(), done.counts()) {
		t.Error("completing an item changed no figure")
	}
}

// TestCockpitScheduleBackfill: items stored before schema 17 (marked ahead_until = -1, no
// moments) get their schedule moments at start, and the cockpit's schedule counts are then
// those of items that had them all along.
func TestCockpitScheduleBackfill(t *testing.T) {
	e := newEnv(t)
	ids := cockpitItems(t, e)
	want := e.cockpit(t, "sup", "")
	db := e.raw()
	defer db.Close()
	if _, err := db.Exec(`UPDATE items SET behind_at = NULL, ahead_until = -1`); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(time.Second)
	if stale := e.cockpit(t, "sup", ""); stale.Schedule["behind"].Count != 0 {
		t.Fatalf("items without moments count as behind: %+v", stale.Schedule)
	}
	n, err := e.svc.BackfillSchedule(t.Context())
	if err != nil || n != len(ids) {
		t.Fatalf("backfill: %d items (%v), want %d", n, err, len(ids))
	}
	if n, err := e.svc.BackfillSchedule(t.Context()); err != nil || n != 0 {
		t.Fatalf("a second backfill computed %d items (%v)", n, err)
	}
	e.clock.Add(time.Second)
	if got := e.cockpit(t, "sup", ""); !reflect.DeepEqual(got.Schedule, want.Schedule) {
		t.Errorf("after the backfill: %+v, want %+v", got.Schedule, want.Schedule)
	}
}

// TestCockpitConcurrent: cockpits asked for at once, while the clock moves and an item
// changes, all answer, and once the writes stop every answer has the same figures (run with
// -race for the cache).
func TestCockpitConcurrent(t *testing.T) {
	e := newEnv(t)
	ids := cockpitItems(t, e)
	done := make(chan cockpitAns, 64)
	for g := range 8 {
		go func() {
			var last cockpitAns
			for i := range 8 {
				if g == 0 && i == 4 {
					body := map[string]any{"text": "继续推进", "percent": 90}
					if st := e.call("b_ll", "POST", itemPath(ids[3])+"/report", body, nil); st != 200 {
						t.Errorf("report: status %d", st)
					}
				}
				if g == 1 {
					e.clock.Add(time.Second)
				}
				var c cockpitAns
				if st := e.call([]string{"sup", "head", "deputy"}[g%3], "GET", "/api/v1/cockpit", nil, &c); st != 200 {
					t.Errorf("cockpit: status %d", st)
				}
				last = c
			}
			done <- last
		}()
	}
	for range 8 {
		<-done
	}
	e.clock.Add(time.Second)
	want := e.cockpit(t, "sup", "").counts()
	for _, u := range []string{"head", "sup"} {
		if got := e.cockpit(t, u, "").counts(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s after the writes: %+v, want %+v", u, got, want)
		}
	}
}
