package demo_test

import (
	"testing"
	"time"

	"luoshi/internal/demo"
	"luoshi/internal/luoshi"
)

// TestDemoTargets loads the demo county and checks that every target page has something
// real to show: letters in every state (some flagged and justified), actuals of the quarters
// ended, a ranking per group, and peer-county standings — at two moments of the year.
func TestDemoTargets(t *testing.T) {
	for _, now := range []time.Time{time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)} {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			ctx := t.Context()
			svc := MustLoadDemo(t, now)
			sup, err := svc.ActorByUsername(ctx, "duchashi")
			if err != nil {
				t.Fatal(err)
			}
			year := 2026
			if now.Month() < 4 {
				year = 2025
			}
			letters, err := svc.ListLetters(ctx, sup, year, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			states := map[luoshi.LetterState]int{}
			flagged := 0
			for _, l := range letters {
				states[l.State]++
				if l.Flags > 0 {
					flagged++
				}
			}
			if len(letters) != len(demo.Units) || states[luoshi.LetterSigned] != len(demo.Units)-2 ||
				states[luoshi.LetterDraft] != 1 || states[luoshi.LetterReviewed] != 1 || flagged < 4 {
				t.Errorf("%d letters, states %v, %d flagged", len(letters), states, flagged)
			}
			board, err := svc.Scores(ctx, sup, year, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if len(board.Groups) != 2 || len(board.Unscored) != 3 || board.Groups[0].Scores[0].Total <= 0 {
				t.Errorf("scores: %d groups, %d unscored", len(board.Groups), len(board.Unscored))
			}
			for _, g := range board.Groups {
				for _, sc := range g.Scores[:3] {
					t.Logf("%s #%d %s %.2f %s", g.Name, sc.Rank, sc.UnitName, sc.Total, sc.GradeName)
				}
			}
			t.Logf("letters %v, %d flagged", states, flagged)
			v, err := svc.GetLetter(ctx, sup, letters[len(letters)-1].ID, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if v.State == luoshi.LetterSigned && (v.Indicators[0].Status.Period == 0 || v.Indicators[0].Status.Light == luoshi.LightGrey) {
				t.Errorf("no actuals on %s: %+v", v.UnitName, v.Indicators[0].Status)
			}
			kis, err := svc.KeyIndicators(ctx, sup, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(kis) != 5 || kis[0].Latest == nil || kis[0].Latest.Counties != 12 || kis[0].Latest.Rank == 0 {
				t.Errorf("key indicators: %d", len(kis))
			}
		})
	}
}
