package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// TestBrowserActionsFirst: on a phone (375 × 812) the first action the user may take on an
// item is within the first screen, above the item's facts and record — for the office on a
// completion waiting for approval and for the lead unit's liaison on work under way.
func TestBrowserActionsFirst(t *testing.T) {
	needBrowser(t)
	e := sharedDemo(t)
	state := luoshi.StateCompletionRequested
	waiting, err := e.svc.ListItems(context.Background(), e.actor(t, "duchashi"), luoshi.ItemFilter{State: &state, Limit: 1})
	if err != nil || len(waiting.Items) == 0 {
		t.Fatalf("no completion waiting for approval in the demo: %v", err)
	}
	for _, c := range []struct {
		user  string
		it    *service.ItemView
		first string
	}{
		{"duchashi", waiting.Items[0], "#act-approve-completion"},
		{"jtj_ll", e.itemOf(t, "jtj", luoshi.StateInProgress), "#act-report"},
	} {
		it := c.it
		phone := newTab(t, e, 375, 812, true)
		phone.login(c.user)
		phone.open(fmt.Sprintf("/items/%d", it.ID))
		phone.do(chromedp.WaitVisible(chromedp.CSS("#timeline")))
		type place struct {
			First  string  `json:"first"`
			Top    float64 `json:"top"`
			Facts  float64 `json:"facts"`
			Screen float64 `json:"screen"`
			Height float64 `json:"height"`
		}
		js := `(() => { const s = document.querySelector('details.action summary');
			const top = el => el.getBoundingClientRect().top + window.scrollY;
			return {first: s.parentElement.id, top: top(s), facts: top(document.querySelector('#h-facts')),
				screen: window.innerHeight, height: document.documentElement.scrollHeight}; })()`
		got, err := chromedp.Run(phone.ctx, chromedp.Evaluate[place](js))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s on item %d (%s): the first action %s at %.0f px of a %.0f px screen; the page is %.0f px tall",
			c.user, it.ID, it.State, got.First, got.Top, got.Screen, got.Height)
		if "#"+got.First != c.first {
			t.Errorf("%s: the first action is %s, want %s", c.user, got.First, c.first)
		}
		if got.Top+40 > got.Screen {
			t.Errorf("%s: the first action starts at %.0f px, not within the first screen of %.0f px", c.user, got.Top, got.Screen)
		}
		if got.Top > got.Facts {
			t.Errorf("%s: the actions (%.0f px) come after the facts (%.0f px)", c.user, got.Top, got.Facts)
		}
	}
}
