package api_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// collabUnit is a row of GET /api/v1/stats/collaboration, as the tests read it.
type collabUnit struct {
	UnitID             int64    `json:"unit_id"`
	UnitName           string   `json:"unit_name"`
	Assigned           int      `json:"assigned"`
	Declined           int      `json:"declined"`
	DeclineRate        float64  `json:"decline_rate"`
	ReassignedAway     int      `json:"reassigned_away"`
	Insisted           int      `json:"insisted"`
	TransferredTwice   int      `json:"transferred_twice"`
	Accepted           int      `json:"accepted"`
	AcceptedLate       int      `json:"accepted_late"`
	MedianAcceptHours  *float64 `json:"median_accept_hours"`
	LongestAcceptHours *float64 `json:"longest_accept_hours"`
	UnacceptedOverdue  int      `json:"unaccepted_overdue"`
}

type collabAnswer struct {
	RegionID int64        `json:"region_id"`
	Year     int          `json:"year"`
	Units    []collabUnit `json:"units"`
	Declines []struct {
		UnitID  int64     `json:"unit_id"`
		ItemID  int64     `json:"item_id"`
		Code    string    `json:"code"`
		Title   string    `json:"title"`
		At      time.Time `json:"at"`
		Reason  string    `json:"reason"`
		Outcome string    `json:"outcome"`
	} `json:"declines"`
}

func (e *env) collab(t *testing.T, user, query string, want int) collabAnswer {
	t.Helper()
	var out collabAnswer
	if st := e.call(user, "GET", "/api/v1/stats/collaboration"+query, nil, &out); st != want {
		t.Fatalf("%s GET collaboration%s: status %d, want %d", user, query, st, want)
	}
	return out
}

func (e *env) collabDeclines(t *testing.T, user, query string, want int) collabAnswer {
	t.Helper()
	var out collabAnswer
	if st := e.call(user, "GET", "/api/v1/stats/collaboration/declines"+query, nil, &out); st != want {
		t.Fatalf("%s GET collaboration/declines%s: status %d, want %d", user, query, st, want)
	}
	return out
}

func fptr(f float64) *float64 { return &f }

// collabScenario drives six items of county 439001 and one of 439002 through assignment,
// declines, reassignments, an insisting, and acceptances on time and late, from Monday
// 2 November 2026 09:00 to Tuesday 12:00.
func collabScenario(t *testing.T, e *env) (items [6]item) {
	t.Helper()
	routine := e.newItem("routine", start.AddDate(0, 1, 0))
	for i := range items {
		body := routine
		if i == 3 {
			body = e.newItem("urgent", start.Add(48*time.Hour))
		}
		body["title"] = fmt.Sprintf("协作事项%d", i+1)
		items[i] = e.mustCreate(body)
	}
	var other item
	if st := e.call("d_sup", "POST", "/api/v1/items", map[string]any{"title": "外县退办事项", "source": "other",
		"priority": "routine", "lead_unit_id": e.units["D"], "deadline": start.AddDate(0, 1, 0).Format(time.RFC3339),
		"assign": true, "unclassified": true}, &other); st != 201 {
		t.Fatalf("county two's item: %d", st)
	}
	at := func(d time.Duration) { e.clock.Set(start.Add(d)) }
	at(time.Hour) // Monday 10:00
	e.act("a_ll", items[0].ID, "accept", nil, 200)
	e.act("a_ll", items[1].ID, "decline", map[string]any{"reason": "不属于本单位职能"}, 200)
	e.act("a_ll", items[2].ID, "decline", map[string]any{"reason": "人手不足"}, 200)
	e.act("a_ll", items[5].ID, "decline", map[string]any{"reason": "应由 B 牵头"}, 200)
	e.act("d_ll", other.ID, "decline", map[string]any{"reason": "外县理由"}, 200)
	at(90 * time.Minute) // 10:30, the urgent item was due at 10:00
	e.act("a_ll", items[3].ID, "accept", nil, 200)
	at(2 * time.Hour) // 11:00
	e.act("sup", items[1].ID, "reassign", map[string]any{"lead_unit_id": e.units["C"]}, 200)
	e.act("sup", items[2].ID, "insist", map[string]any{"reason": "职责明确，请牵头办理"}, 200)
	e.act("sup", items[5].ID, "reassign", map[string]any{"lead_unit_id": e.units["B"]}, 200)
	at(3 * time.Hour) // 12:00
	e.act("a_ll", items[2].ID, "accept", nil, 200)
	e.act("b_ll", items[5].ID, "decline", map[string]any{"reason": "应由 C 牵头"}, 200)
	at(4 * time.Hour) // 13:00
	e.act("sup", items[5].ID, "reassign", map[string]any{"lead_unit_id": e.units["C"]}, 200)
	at(5 * time.Hour) // 14:00
	e.act("c_ll", items[5].ID, "accept", nil, 200)
	at(27 * time.Hour) // Tuesday 12:00: C's acceptance of the second item was due at 11:00
	e.act("c_ll", items[1].ID, "accept", nil, 200)
	return items
}

func TestCollaborationMetrics(t *testing.T) {
	e := newEnv(t)
	items := collabScenario(t, e)
	a := collabUnit{UnitID: e.units["A"], UnitName: "单位A", Assigned: 6, Declined: 3, DeclineRate: 0.5,
		ReassignedAway: 2, Insisted: 1, TransferredTwice: 1, Accepted: 3, AcceptedLate: 1,
		MedianAcceptHours: fptr(1), LongestAcceptHours: fptr(1.5), UnacceptedOverdue: 1}
	b := collabUnit{UnitID: e.units["B"], UnitName: "单位B", Assigned: 1, Declined: 1, DeclineRate: 1,
		ReassignedAway: 1, TransferredTwice: 1}
	c := collabUnit{UnitID: e.units["C"], UnitName: "单位C", Assigned: 2, TransferredTwice: 1, Accepted: 2,
		AcceptedLate: 1, MedianAcceptHours: fptr(13), LongestAcceptHours: fptr(25)}
	check := func(t *testing.T, user, query string, want ...collabUnit) {
		t.Helper()
		got := e.collab(t, user, query, 200)
		wantYear := 2026 // the current year by the test clock, unless asked for another
		if strings.Contains(query, "year=2025") {
			wantYear = 2025
		}
		if got.Year != wantYear {
			t.Errorf("%s GET collaboration%s: year %d, want %d", user, query, got.Year, wantYear)
		}
		if want == nil {
			want = []collabUnit{}
		}
		if !reflect.DeepEqual(got.Units, want) {
			t.Errorf("%s GET collaboration%s:\n got %+v\nwant %+v", user, query, got.Units, want)
		}
	}

	t.Run("the office sees every unit, most declines first", func(t *testing.T) {
		check(t, "sup", "", a, b, c)
		check(t, "sup", "?year=2026", a, b, c)
		check(t, "head", "", a, b, c)
	})
	t.Run("a leader sees the portfolio, a unit its own row", func(t *testing.T) {
		check(t, "deputy", "", a)
		check(t, "a_ll", "", a)
		check(t, "a_jb", "", a)
		check(t, "b_ll", "", b)
	})
	t.Run("another year has none", func(t *testing.T) {
		check(t, "sup", "?year=2025")
	})
	t.Run("another county's data never appears", func(t *testing.T) {
		d := e.collab(t, "d_sup", "", 200)
		if len(d.Units) != 1 || d.Units[0].UnitID != e.units["D"] || d.Units[0].Declined != 1 {
			t.Errorf("county two: %+v, want its unit D with one decline", d.Units)
		}
		e.collab(t, "sup", fmt.Sprintf("?region_id=%d", e.regions["439002"]), 404)
		e.collabDeclines(t, "sup", fmt.Sprintf("?unit_id=%d", e.units["D"]), 404)
		e.collabDeclines(t, "d_sup", fmt.Sprintf("?unit_id=%d", e.units["A"]), 404)
	})
	t.Run("the declines of a unit, with the reasons", func(t *testing.T) {
		got := e.collabDeclines(t, "sup", fmt.Sprintf("?unit_id=%d", e.units["A"]), 200)
		if !reflect.DeepEqual(got.Units, []collabUnit{a}) {
			t.Errorf("the unit's row: %+v", got.Units)
		}
		type row struct {
			item                  int64
			code, reason, outcome string
		}
		var rows []row
		for _, d := range got.Declines {
			rows = append(rows, row{d.ItemID, d.Code, d.Reason, d.Outcome})
			if !d.At.Equal(start.Add(time.Hour)) || d.Title == "" || d.UnitID != e.units["A"] {
				t.Errorf("decline %+v: want A's, at Monday 10:00, with the title", d)
			}
		}
		want := []row{{items[1].ID, items[1].Code, "不属于本单位职能", "reassigned"},
			{items[2].ID, items[2].Code, "人手不足", "insisted"}, {items[5].ID, items[5].Code, "应由 B 牵头", "reassigned"}}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("A's declines:\n got %+v\nwant %+v", rows, want)
		}
		bd := e.collabDeclines(t, "b_ll", fmt.Sprintf("?unit_id=%d&year=2026", e.units["B"]), 200)
		if len(bd.Declines) != 1 || bd.Declines[0].Reason != "应由 C 牵头" {
			t.Errorf("B's declines as its liaison: %+v", bd.Declines)
		}
		if c := e.collabDeclines(t, "sup", fmt.Sprintf("?unit_id=%d", e.units["C"]), 200); len(c.Declines) != 0 {
			t.Errorf("C declined nothing: %+v", c.Declines)
		}
	})
	t.Run("a unit may not read another unit's declines", func(t *testing.T) {
		e.collabDeclines(t, "a_ll", fmt.Sprintf("?unit_id=%d", e.units["B"]), 403)
		e.collabDeclines(t, "deputy", fmt.Sprintf("?unit_id=%d", e.units["B"]), 403)
	})
	t.Run("bad parameters", func(t *testing.T) {
		e.collab(t, "sup", "?year=abc", 422)
		e.collab(t, "sup", "?year=1999", 422)
		e.collab(t, "sup", "?region_id=x", 422)
		e.collabDeclines(t, "sup", "", 422)
		e.collabDeclines(t, "sup", "?unit_id=0", 422)
		e.collab(t, "admin", "", 403)
	})
	t.Run("the city reads a county below", func(t *testing.T) {
		e.cityAbove()
		check(t, "city", fmt.Sprintf("?region_id=%d", e.regions["439001"]), a, b, c)
		check(t, "city", "")
		got := e.collabDeclines(t, "city", fmt.Sprintf("?region_id=%d&unit_id=%d", e.regions["439001"], e.units["B"]), 200)
		if len(got.Declines) != 1 {
			t.Errorf("the city's drill-down into B: %+v", got.Declines)
		}
		e.collabDeclines(t, "city", fmt.Sprintf("?unit_id=%d", e.units["B"]), 404)
	})
}
