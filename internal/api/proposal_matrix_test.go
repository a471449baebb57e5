package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// proposalFixtures are the proposals the route matrix (TestAuthorizationMatrix) requests:
// one each actor of the route test sees — led by A with B helping and dep proposing, led by
// C, and one of the second county — and the sessions of both counties.
type proposalFixtures struct {
	sessions  map[int]int64
	proposals map[string]int64 // by the unit whose users ask for it
	deputy2   int64            // the second county's deputy
}

var proposalMatrixState sync.Map

func (e *env) proposalFixtures() *proposalFixtures {
	if f, ok := proposalMatrixState.Load(e); ok {
		return f.(*proposalFixtures)
	}
	f := &proposalFixtures{sessions: map[int]int64{}, proposals: map[string]int64{}}
	f.sessions[1] = e.proposalSession("矩阵届次", "npc_suggestion")
	var s struct{ ID int64 }
	if st := e.call("d_sup", "POST", "/api/v1/sessions", map[string]any{"name": "外县届次", "kind": "npc_suggestion", "year": 2026}, &s); st != 201 {
		e.t.Fatalf("region 2 session: %d", st)
	}
	f.sessions[2] = s.ID
	hash, _ := e.svc.Hasher.Hash(testPassword)
	d2 := &luoshi.User{RegionID: e.regions["439002"], UnitID: e.units["D"], Username: "d_dep", Name: "外县代表",
		PasswordHash: hash, Roles: []luoshi.Role{luoshi.RoleDeputy}, CreatedAt: start}
	if err := e.db.Update(context.Background(), func(tx luoshi.Tx) error { return tx.CreateUser(context.Background(), d2) }); err != nil {
		e.t.Fatal(err)
	}
	f.deputy2 = d2.ID
	for i, c := range []struct{ key, sup, co string }{{"A", "sup", "B"}, {"C", "sup", ""}, {"D", "d_sup", ""}} {
		region, deputy := 1, e.ids["dep"]
		if c.key == "D" {
			region, deputy = 2, f.deputy2
		}
		var p proposalView
		body := map[string]any{"session_id": f.sessions[region], "number": i + 1, "title": "矩阵建议" + c.key,
			"proposers": []any{map[string]any{"user_id": deputy}}}
		if st := e.call(c.sup, "POST", "/api/v1/proposals", body, &p); st != 201 {
			e.t.Fatalf("matrix proposal %s: %d", c.key, st)
		}
		assign := map[string]any{"lead_unit_id": e.units[c.key]}
		if c.co != "" {
			assign["co_unit_ids"] = []int64{e.units[c.co]}
		}
		e.proposalAct(c.sup, p.ID, "assign", assign, 200)
		f.proposals[c.key] = p.ID
	}
	proposalMatrixState.Store(e, f)
	return f
}

// matrixProposal gives the route matrix a proposal route's id and body for an actor: a
// proposal the actor sees, a session of its county, a new proposal of its county.
func matrixProposal(e *env, method, path, user, unit string, n int) (id string, body any, ok bool) {
	if !strings.HasPrefix(path, "/api/v1/proposals") && !strings.HasPrefix(path, "/api/v1/sessions") {
		return "", nil, false
	}
	f := e.proposalFixtures()
	region, key := 1, "A"
	switch {
	case unit == "D":
		region, key = 2, "D"
	case unit == "C":
		key = "C"
	}
	switch {
	case strings.HasPrefix(path, "/api/v1/proposals/{id}"):
		id = fmt.Sprint(f.proposals[key])
	case path == "/api/v1/sessions/{id}":
		id = fmt.Sprint(f.sessions[1]) // the first county's: the second's users get 404
	}
	deputy := e.ids["dep"]
	if region == 2 {
		deputy = f.deputy2
	}
	switch method + " " + path {
	case "POST /api/v1/sessions":
		body = map[string]any{"name": fmt.Sprintf("矩阵届次%d", n), "kind": "npc_suggestion", "year": 2026}
	case "PUT /api/v1/sessions/{id}":
		body = map[string]any{"name": "矩阵届次", "year": 2026}
	case "POST /api/v1/proposals":
		body = map[string]any{"session_id": f.sessions[region], "number": 100 + n, "title": "矩阵建议",
			"proposers": []any{map[string]any{"user_id": deputy}}}
	case "POST /api/v1/proposals/{id}/{action}":
		body = map[string]any{"text": "矩阵测试意见"}
	}
	return id, body, true
}

// TestProposalActionMatrix walks the proposal authorisation matrix (proposal.Matrix, from
// the specs) for every action × the accounts of the test counties (and the two offices), on
// a proposal in a state the action starts from, and checks through the API that exactly the
// accounts one of the spec's Who relations allows (on a proposal they see) get past 403 and
// 404.
func TestProposalActionMatrix(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.addAccount("npc", "人大选联工委", luoshi.RoleNPCOffice)
	e.addAccount("cppcc", "政协提案委", luoshi.RoleCPPCCOffice)
	e.addAccount("dep2", "代表乙", luoshi.RoleDeputy)
	users := []string{"sup", "head", "deputy", "a_ll", "a_jb", "b_ll", "c_ll", "admin", "sec", "aud", "dep", "dep2",
		"npc", "cppcc", "d_sup", "d_ll", "city"}
	actors := map[string]*luoshi.Actor{}
	for _, u := range users {
		a, err := e.svc.ActorByUsername(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		actors[u] = a
	}
	sid := e.proposalSession("矩阵届次", "npc_suggestion")
	number := 0
	for _, row := range proposal.Matrix() {
		t.Run(row.Action, func(t *testing.T) {
			if len(row.From) == 0 || len(row.Who) == 0 {
				t.Fatalf("row %+v: no states or no relations", row)
			}
			var p *luoshi.Proposal
			var body map[string]any
			fresh := func() {
				number++
				p, body = e.matrixProposalIn(t, sid, number, luoshi.ProposalState(row.From[0]))
			}
			fresh()
			allowed := 0
			for _, u := range users {
				may := proposal.Sees(actors[u], p) && slices.ContainsFunc(row.Who, func(w string) bool {
					return proposal.Holds(w, actors[u], p)
				})
				if may {
					allowed++
				}
				var pb problem
				st := e.call(u, "POST", proposalPath(p.ID)+"/"+row.Action, body, &pb)
				switch past := st != 403 && st != 404; {
				case st == 401 || st >= 500:
					t.Errorf("%s as %s: %d %+v", row.Action, u, st, pb)
				case may && !past:
					t.Errorf("%s as %s (%v allow): %d %s, want past 403/404", row.Action, u, row.Who, st, pb.Detail)
				case !may && past:
					t.Errorf("%s as %s (%v do not allow): %d, want 403 or 404", row.Action, u, row.Who, st)
				}
				if st == 200 {
					fresh()
				}
			}
			if allowed == 0 || allowed == len(users) {
				t.Errorf("%s: %d of %d accounts allowed; the matrix shows nothing", row.Action, allowed, len(users))
			}
		})
	}
}

// matrixProposalIn creates a proposal of the session (dep leading, dep2 joining) and moves
// it to the state: assigned to A with B helping, contacted, replied (class B with a promise)
// and evaluated as needed. The body carries every field a proposal action may read.
func (e *env) matrixProposalIn(t *testing.T, sid int64, number int, to luoshi.ProposalState) (*luoshi.Proposal, map[string]any) {
	t.Helper()
	var pv proposalView
	create := map[string]any{"session_id": sid, "number": number, "title": "矩阵建议",
		"proposers": []any{map[string]any{"user_id": e.ids["dep"], "leading": true}, map[string]any{"user_id": e.ids["dep2"]}}}
	if st := e.call("sup", "POST", "/api/v1/proposals", create, &pv); st != 201 {
		t.Fatalf("matrix proposal: %d", st)
	}
	id := pv.ID
	now := e.clock.Now()
	contact := map[string]any{"contacted_on": now.Format(time.RFC3339), "way": "phone", "summary": "矩阵"}
	replyB := map[string]any{"text": "矩阵", "class": "B", "signer": "局长", "promise": "矩阵承诺",
		"promise_due": now.AddDate(0, 3, 0).Format(time.RFC3339)}
	type step struct {
		user, action string
		body         map[string]any
	}
	assign := step{"sup", "assign", map[string]any{"lead_unit_id": e.units["A"], "co_unit_ids": []int64{e.units["B"]}}}
	paths := map[luoshi.ProposalState][]step{
		luoshi.ProposalAssigned:    {assign, {"a_ll", "record-contact", contact}},
		luoshi.ProposalDeclined:    {assign, {"a_ll", "decline", map[string]any{"reason": "矩阵"}}},
		luoshi.ProposalReplied:     {assign, {"a_ll", "record-contact", contact}, {"a_ll", "reply", replyB}},
		luoshi.ProposalUnsatisfied: {assign, {"a_ll", "record-contact", contact}, {"a_ll", "reply", replyB}, {"dep", "evaluate", map[string]any{"verdict": "unsatisfied"}}},
	}
	for _, s := range paths[to] {
		e.proposalAct(s.user, id, s.action, s.body, 200)
	}
	body := map[string]any{"lead_unit_id": e.units["C"], "co_unit_ids": []int64{e.units["B"]}, "unit_ids": []int64{e.units["B"], e.units["C"]},
		"reason": "矩阵", "contacted_on": now.Format(time.RFC3339), "way": "phone", "summary": "矩阵", "text": "矩阵", "class": "A",
		"signer": "局长", "verdict": "satisfied", "promise": "矩阵承诺", "promise_due": now.AddDate(0, 3, 0).Format(time.RFC3339)}
	var out *luoshi.Proposal
	err := e.db.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		out, err = tx.FindProposalByID(context.Background(), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if out.State != to {
		t.Fatalf("matrix proposal in %s, want %s", out.State, to)
	}
	return out, body
}
