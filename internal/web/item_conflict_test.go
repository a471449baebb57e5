package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// TestLostActionShowsItsMessage: an action posted from a page that is out of date — the item
// has moved on, so the page no longer offers that action's form — answers with the refusal
// shown on the page, not hidden in a form that is not there.
func TestLostActionShowsItsMessage(t *testing.T) {
	e := sharedDemo(t)
	it := e.itemOf(t, "jtj", luoshi.StateInProgress)
	_, err := e.svc.Act(context.Background(), e.actor(t, "jtj_ll"), it.ID, luoshi.Command{Action: luoshi.ActAccept})
	want, ok := luoshi.AsError(err)
	if !ok {
		t.Fatalf("accepting an item in progress at the service: %v, want a refusal", err)
	}
	c := e.login(t, "jtj_ll")
	st, body := c.postBody(fmt.Sprintf("/items/%d/accept", it.ID), url.Values{})
	if st != 409 {
		t.Fatalf("accept on an item in progress: %d, want 409", st)
	}
	msg, _ := i18n.ZH.Error(want)
	if !strings.Contains(body, `role="alert">`+html.EscapeString(msg)) {
		t.Errorf("the page does not show the refusal %q", msg)
	}
	after, err := e.svc.GetItem(context.Background(), e.actor(t, "duchashi"), it.ID)
	if err != nil || after.Version != it.Version || after.State != luoshi.StateInProgress {
		t.Errorf("the item changed: %v", err)
	}
}
