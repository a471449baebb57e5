package api_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/flow"
	items "luoshi/internal/item"
	"luoshi/internal/luoshi"
)

// TestActionMatrix walks the item actions' authorisation matrix as their specs declare it
// (item.Matrix: the states each starts from, the relations of which one must hold) — no row
// of it written here — for every account of the test county and the next, and checks through
// the API that exactly those the spec allows get through: on a fresh item in a state the
// action starts from, with a body built from the spec's fields, an allowed account's action
// is carried out (200); a business account that sees the item but holds none of the
// relations gets 403; one that does not see the item gets 404; an account whose role may
// not act on items at all gets 403.
func TestActionMatrix(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var route api.Route
	for _, rt := range api.Routes {
		if rt.Pattern == "POST /api/v1/items/{id}/{action}" {
			route = rt
		}
	}
	users := []string{"sup", "head", "deputy", "a_ll", "a_jb", "b_ll", "c_ll", "admin", "sec", "aud", "dep",
		"d_sup", "d_ll", "city"}
	p := e.svc.Policy()
	n := 0
	for _, row := range items.Matrix() {
		spec, _ := items.SpecOf(luoshi.Action(row.Action))
		state := luoshi.StateInProgress // where most work happens; else the first the action starts from
		if row.From != nil && !slices.Contains(row.From, string(state)) {
			state = luoshi.State(row.From[0])
		}
		for _, user := range users {
			n++
			id := e.itemIn(t, state, row.Action)
			a, err := e.svc.ActorByUsername(ctx, user)
			if err != nil {
				t.Fatal(err)
			}
			sup, _ := e.svc.ActorByUsername(ctx, "sup")
			v, err := e.svc.GetItem(ctx, sup, id)
			if err != nil {
				t.Fatal(err)
			}
			holds := slices.ContainsFunc(row.Who, func(rel string) bool { return items.Holds(p, rel, a, v.Item) })
			want := 200
			switch {
			case !slices.ContainsFunc(a.Roles, func(r luoshi.Role) bool { return slices.Contains(route.Allow, r) }):
				want = 403
			case !a.CanSeeItem(v.Item):
				want = 404
			case !holds:
				want = 403
			}
			var raw map[string]any
			st := e.call(user, "POST", itemPath(id)+"/"+row.Action, e.actionBody(spec.Fields, v.Item), &raw)
			if st != want {
				t.Errorf("%s as %s (who %v, item %s): %d, want %d: %v", row.Action, user, row.Who, state, st, want, raw)
			}
		}
	}
	if len(items.Matrix()) < 23 {
		t.Errorf("the matrix has %d actions", len(items.Matrix()))
	}
	t.Logf("%d requests over %d actions", n, len(items.Matrix()))
}

// itemIn makes a fresh item led by A with co-units B and C, in state s, with what the action
// needs before it (a pending extension request to decide; a question asked of B to answer).
func (e *env) itemIn(t *testing.T, s luoshi.State, action string) int64 {
	t.Helper()
	body := e.newItem("important", start.Add(30*24*time.Hour))
	body["co_unit_ids"] = []int64{e.units["B"], e.units["C"]}
	body["assign"] = s != luoshi.StateDraft
	id := e.mustCreate(body).ID
	steps := map[luoshi.State][][2]string{
		luoshi.StateDeclined:            {{"a_ll", "decline"}},
		luoshi.StateInProgress:          {{"a_ll", "accept"}},
		luoshi.StateCompletionRequested: {{"a_ll", "accept"}, {"a_ll", "request-completion"}},
		luoshi.StateCompleted:           {{"a_ll", "accept"}, {"a_ll", "request-completion"}, {"sup", "approve-completion"}},
		luoshi.StateSuspended:           {{"a_ll", "accept"}, {"sup", "suspend"}},
	}[s]
	switch action {
	case "approve-extension", "deny-extension":
		steps = append(steps, [2]string{"a_ll", "request-extension"})
	case "give-opinion":
		steps = append(steps, [2]string{"a_ll", "request-opinion"})
	case "waive-accountability":
		steps = append(steps, [2]string{"sup", "hold-accountable"})
	}
	for _, st := range steps {
		spec, _ := items.SpecOf(luoshi.Action(st[1]))
		var it item
		if code := e.call(st[0], "POST", itemPath(id)+"/"+st[1], e.actionBody(spec.Fields, nil), &it); code != 200 {
			t.Fatalf("setting up %s: %s %s: %d", s, st[0], st[1], code)
		}
	}
	return id
}

// actionBody is a valid body for an action's fields: a value of each field's kind, the
// choices' first, units and times that fit the item made by itemIn.
func (e *env) actionBody(fields []flow.Field, it *luoshi.Item) map[string]any {
	b := map[string]any{}
	for _, f := range fields {
		switch f.Kind {
		case flow.Text:
			b[f.Name] = "矩阵测试：" + f.Name
		case flow.Int:
			b[f.Name] = 1
			if f.Bounded {
				b[f.Name] = (f.Min + f.Max) / 2
			}
		case flow.Choice:
			b[f.Name] = f.Choices[0]
			if slices.Contains(f.Choices, "outstanding_delivery") {
				b[f.Name] = "outstanding_delivery" // early delivery needs a completion requested in time
			}
		case flow.ID:
			b[f.Name] = map[string]int64{"lead_unit_id": e.units["C"], "unit_id": e.units["B"]}[f.Name]
		case flow.IDs:
			b[f.Name] = []int64{e.units["A"]}
		case flow.Time:
			// An extension runs past the deadline; anything else falls due before it.
			at := e.clock.Now().Add(2 * time.Hour)
			if f.Name == "deadline" {
				at = start.Add(40 * 24 * time.Hour)
			}
			b[f.Name] = at.Format(time.RFC3339)
		}
	}
	if _, asks := b["request_id"]; asks && it != nil && len(it.Opinions) > 0 {
		b["request_id"] = it.Opinions[len(it.Opinions)-1].ID
	}
	if _, waives := b["record_id"]; waives && it != nil && len(it.Records) > 0 {
		b["record_id"] = it.Records[len(it.Records)-1].ID
	}
	return b
}
