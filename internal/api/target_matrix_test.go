package api_test

import (
	"context"
	"slices"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/target"
)

// TestLetterActionMatrix walks the letter authorisation matrix (target.Matrix, from the
// specs) for every letter action × the actors of the target tests, on unit A's letter in a
// state the action starts from, and checks through the API that exactly the actors one of
// the spec's Who relations allows (on a letter they see) get past 403 and 404.
func TestLetterActionMatrix(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	users := []string{"sup", "head", "deputy", "a_ll", "a_jb", "b_ll", "c_ll", "admin", "sec", "aud", "dep",
		"d_sup", "d_ll", "city"}
	actors := map[string]*luoshi.Actor{}
	for _, u := range users {
		a, err := e.svc.ActorByUsername(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		actors[u] = a
	}
	year := 2030
	rows := target.Matrix()
	if len(rows) != len(target.Actions()) {
		t.Fatalf("%d matrix rows for %d actions", len(rows), len(target.Actions()))
	}
	for _, row := range rows {
		t.Run(row.Action, func(t *testing.T) {
			if len(row.From) == 0 || len(row.Who) == 0 {
				t.Fatalf("row %+v: no states or no relations", row)
			}
			var l *luoshi.Letter
			var body map[string]any
			fresh := func() {
				year++
				l, body = e.matrixLetter(t, year, luoshi.LetterState(row.From[0]))
			}
			fresh()
			allowed := 0
			for _, u := range users {
				may := target.Sees(actors[u], l) && slices.ContainsFunc(row.Who, func(w string) bool {
					return target.Holds(w, actors[u], l)
				})
				if may {
					allowed++
				}
				var p problem
				st := e.call(u, "POST", letterPath(l.ID)+"/"+row.Action, body, &p)
				switch past := st != 403 && st != 404; {
				case st == 401 || st >= 500:
					t.Errorf("%s as %s: %d %+v", row.Action, u, st, p)
				case may && !past:
					t.Errorf("%s as %s (%v allow): %d %s, want past 403/404", row.Action, u, row.Who, st, p.Detail)
				case !may && past:
					t.Errorf("%s as %s (%v do not allow): %d, want 403 or 404", row.Action, u, row.Who, st)
				}
				if st == 200 { // the letter moved on: the next actor gets one where it was
					fresh()
				}
			}
			if allowed == 0 || allowed == len(users) {
				t.Errorf("%s: %d of %d actors allowed; the matrix shows nothing", row.Action, allowed, len(users))
			}
		})
	}
}

// matrixLetter creates unit A's letter of a year and moves it to the state; a signed one has
// a pending adjustment request. The body carries every field a letter action may read.
func (e *env) matrixLetter(t *testing.T, year int, to luoshi.LetterState) (*luoshi.Letter, map[string]any) {
	t.Helper()
	var l letterView
	create := map[string]any{"unit_id": e.units["A"], "year": year, "indicators": []any{matrixIndicator()}}
	if st := e.call("sup", "POST", "/api/v1/targets/letters", create, &l); st != 201 {
		t.Fatalf("matrix letter %d: %d", year, st)
	}
	steps := []struct {
		state      luoshi.LetterState
		user, step string
	}{{luoshi.LetterSubmitted, "a_ll", "submit"}, {luoshi.LetterReviewed, "sup", "review"}, {luoshi.LetterSigned, "sup", "sign"}}
	for _, s := range steps {
		if l.State == string(to) {
			break
		}
		l = e.letterAct(s.user, l.ID, s.step, nil, 200)
	}
	ind := l.Indicators[0].ID
	body := map[string]any{"text": "矩阵测试", "reason": "矩阵测试", "indicator_id": ind, "flag": "below_baseline",
		"target": 12, "stretch": 13}
	if to == luoshi.LetterSigned {
		e.letterAct("a_ll", l.ID, "request-adjustment", body, 200)
		var v struct{ Adjustments []struct{ ID int64 } }
		e.call("sup", "GET", letterPath(l.ID), nil, &v)
		body["adjustment_id"] = v.Adjustments[0].ID
	}
	var out *luoshi.Letter
	err := e.db.View(context.Background(), func(tx luoshi.Tx) error {
		var err error
		out, err = tx.FindLetterByID(context.Background(), l.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, body
}
