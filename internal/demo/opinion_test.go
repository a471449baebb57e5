package demo_test

import (
	"testing"
	"time"
)

// TestDemoOpinions: the demo county's collaboration figures show co-unit opinions answered on
// time, late and not at all, so that the page has something real to show.
func TestDemoOpinions(t *testing.T) {
	ctx := t.Context()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	svc := MustLoadDemo(t, now)
	sup, err := svc.ActorByUsername(ctx, "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.CollaborationMetrics(ctx, sup, 0, 2026)
	if err != nil {
		t.Fatal(err)
	}
	var asked, onTime, late, missing int
	for _, u := range c.Units {
		asked, onTime, late, missing = asked+u.OpinionsRequested, onTime+u.OpinionsOnTime, late+u.OpinionsLate, missing+u.OpinionsMissing
	}
	if onTime == 0 || late == 0 || missing == 0 || asked != onTime+late+missing {
		t.Errorf("demo opinions: %d asked, %d on time, %d late, %d missing", asked, onTime, late, missing)
	}
	t.Logf("demo opinions: %d asked, %d on time, %d late, %d missing", asked, onTime, late, missing)
}
