package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/stocktake"
)

// stocktakeFixtures are the stocktakes the route matrix (TestAuthorizationMatrix) requests:
// one of each county that every business account of it sees — the deputy's in the first,
// with commitments naming A, B and C; the county head's in the second, naming D.
type stocktakeFixtures struct {
	byRegion map[int]int64
	leaders  map[string]int64 // the leader a user generates a stocktake of
}

var stocktakeMatrixState sync.Map

func (e *env) stocktakeFixtures() *stocktakeFixtures {
	if f, ok := stocktakeMatrixState.Load(e); ok {
		return f.(*stocktakeFixtures)
	}
	f := &stocktakeFixtures{byRegion: map[int]int64{}, leaders: map[string]int64{}}
	for _, u := range []string{"head", "deputy"} {
		a, err := e.svc.ActorByUsername(context.Background(), u)
		if err != nil {
			e.t.Fatal(err)
		}
		f.leaders[u] = a.LeaderID
	}
	f.leaders["sup"], f.leaders["d_sup"] = f.leaders["deputy"], e.leaderID("439002")
	f.byRegion[1] = e.stocktakeNaming("sup", f.leaders["deputy"], "2026-11-02", "A", "B", "C")
	f.byRegion[2] = e.stocktakeNaming("d_sup", f.leaders["d_sup"], "2026-11-02", "D")
	stocktakeMatrixState.Store(e, f)
	e.t.Cleanup(func() { stocktakeMatrixState.Delete(e) })
	return f
}

// stocktakeNaming generates a stocktake as the office user and records a new-item
// commitment for each unit.
func (e *env) stocktakeNaming(office string, leader int64, day string, units ...string) int64 {
	e.t.Helper()
	s := e.generate(office, leader, day)
	for _, u := range units {
		e.stPost(office, fmt.Sprintf("/api/v1/stocktakes/%d/add-commitment", s.ID), map[string]any{"kind": "new_item",
			"text": "矩阵承诺" + u, "unit_id": e.units[u], "due": start.AddDate(0, 0, 20)}, nil, 200)
	}
	return s.ID
}

// matrixStocktake gives the route matrix a stocktake route's id and body for an account: the
// stocktake of its county, and for a generation the leader it may hold one of, on a day of
// its own.
func matrixStocktake(e *env, method, path, user, unit string, n int) (id string, body any, ok bool) {
	if !strings.HasPrefix(path, "/api/v1/stocktakes") {
		return "", nil, false
	}
	f := e.stocktakeFixtures()
	region := 1
	if unit == "D" {
		region = 2
	}
	if strings.HasPrefix(path, "/api/v1/stocktakes/{id}") {
		id = fmt.Sprint(f.byRegion[region])
	}
	switch method + " " + path {
	case "POST /api/v1/stocktakes":
		body = map[string]any{"leader_id": f.leaders[user], "date": start.AddDate(0, 0, 1+n%300).Format("2006-01-02")}
	case "POST /api/v1/stocktakes/{id}/{action}":
		body = map[string]any{"text": "矩阵测试意见"}
	}
	return id, body, true
}

// TestStocktakeActionMatrix walks the authorisation matrix of the stocktake actions
// (stocktake.Matrix, from the specs) for every action × the accounts of the test counties, each
// on a fresh open stocktake of the deputy naming unit A, and checks through the API that
// exactly the accounts one of the spec's Who relations allows (on a stocktake they see) get
// past 403 and 404.
func TestStocktakeActionMatrix(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	users := []string{"sup", "head", "deputy", "a_ll", "a_jb", "b_ll", "c_ll", "admin", "sec", "aud", "dep", "d_sup", "d_ll", "city"}
	actors := map[string]*luoshi.Actor{}
	for _, u := range users {
		a, err := e.svc.ActorByUsername(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		actors[u] = a
	}
	deputy := actors["deputy"].LeaderID
	body := map[string]any{"kind": "new_item", "text": "矩阵承诺", "unit_id": e.units["A"], "due": start.AddDate(0, 0, 10),
		"summary": "矩阵要点"}
	day := 0
	for _, row := range stocktake.Matrix() {
		t.Run(row.Action, func(t *testing.T) {
			if len(row.From) == 0 || len(row.Who) == 0 {
				t.Fatalf("row %+v: no states or no relations", row)
			}
			allowed := 0
			for _, u := range users {
				day++
				id := e.stocktakeNaming("sup", deputy, start.AddDate(0, 0, day).Format("2006-01-02"), "A")
				var st *luoshi.Stocktake
				if err := e.db.View(ctx, func(tx luoshi.Tx) error {
					var err error
					st, err = tx.FindStocktakeByID(ctx, id)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				a := actors[u]
				may := stocktake.Sees(a, st) && slices.ContainsFunc(row.Who, func(w string) bool { return stocktake.Holds(w, a, st) })
				if may {
					allowed++
				}
				var pb problem
				code := e.call(u, "POST", fmt.Sprintf("/api/v1/stocktakes/%d/%s", id, row.Action), body, &pb)
				switch past := code != 403 && code != 404; {
				case code == 401 || code >= 500:
					t.Errorf("%s as %s: %d %+v", row.Action, u, code, pb)
				case may && code != 200:
					t.Errorf("%s as %s (%v allow): %d %s %+v, want 200", row.Action, u, row.Who, code, pb.Detail, pb.Errors)
				case !may && past:
					t.Errorf("%s as %s (%v do not allow): %d, want 403 or 404", row.Action, u, row.Who, code)
				}
			}
			if allowed == 0 || allowed == len(users) {
				t.Errorf("%s: %d of %d accounts allowed; the matrix shows nothing", row.Action, allowed, len(users))
			}
		})
	}
}
