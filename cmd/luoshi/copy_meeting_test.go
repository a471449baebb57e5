package main

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"luoshi/internal/bench/gen"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/service"
	"luoshi/internal/store/pgtest"
)

// TestCopyMergeMeetings merges the demo county, with its meetings, topics and practices,
// into a PostgreSQL database that already holds another county, so that every id moves:
// each meeting keeps its state, its agenda's topics and its decisions, each decision's item
// pointing back to the meeting and the decision, and rebuilds from its renumbered events;
// each practice keeps the topics that adopt it.
func TestCopyMergeMeetings(t *testing.T) {
	ctx := context.Background()
	pg := pgtest.DSN(t)
	c := newCopyEnv(t)
	c.signed = true
	other := "sqlite:" + filepath.Join(t.TempDir(), "other.db")
	if _, err := gen.Generate(ctx, other, gen.Options{Scale: gen.Scale{Regions: 1, UnitsPerRegion: 8, Items: 50, Events: 300},
		Seed: 5, Now: copyClock}); err != nil {
		t.Fatal(err)
	}
	if out, err := runCopy(t, "--from", other, "--to", pg, "--key-file", c.keyFile); err != nil {
		t.Fatalf("copy the other county: %v\n%s", err, out)
	}
	lite := c.demoCounty(t)
	if out, err := runCopy(t, "--from", lite, "--to", pg, "--merge", "--key-file", c.keyFile); err != nil {
		t.Fatalf("merge the demo county: %v\n%s", err, out)
	}
	_, before := c.open(t, lite)
	_, after := c.open(t, pg)
	b, a := meetingsByTitle(t, before), meetingsByTitle(t, after)
	if len(b) == 0 || len(a) != len(b) {
		t.Fatalf("%d meetings before the merge, %d after", len(b), len(a))
	}
	sup, _ := after.ActorByUsername(ctx, "duchashi")
	for title, x := range b {
		y := a[title]
		if y == nil {
			t.Errorf("%s is missing after the merge", title)
			continue
		}
		if x.State != y.State || len(x.Decisions) != len(y.Decisions) || !slices.Equal(topicTitles(x.Agenda), topicTitles(y.Agenda)) {
			t.Errorf("%s differs:\n before %+v\n after  %+v", title, x.Meeting, y.Meeting)
			continue
		}
		for i, d := range y.Decisions {
			if y.UnitNames[d.LeadUnitID] != x.UnitNames[x.Decisions[i].LeadUnitID] || (d.ItemID == 0) != (x.Decisions[i].ItemID == 0) {
				t.Errorf("%s decision %d: %+v, before %+v", title, d.No, d, x.Decisions[i])
			}
			if d.ItemID != 0 {
				it, err := after.GetItem(ctx, sup, d.ItemID)
				if err != nil || it.MeetingID != y.ID || it.DecisionNo != d.No {
					t.Errorf("%s decision %d: its item does not point back (%v)", title, d.No, err)
				}
			}
		}
		var evs []luoshi.MeetingEvent
		err := after.Store.View(ctx, func(tx luoshi.Tx) error {
			var err error
			evs, err = tx.FindMeetingEvents(ctx, luoshi.RecordMeeting, y.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if re, err := meeting.RebuildMeeting(evs); err != nil || re.ID != y.ID || re.Version != y.Version || re.State != y.State {
			t.Errorf("%s does not rebuild from its renumbered events: %+v %v", title, re, err)
		}
	}
	pb, pa := practicesByTitle(t, before), practicesByTitle(t, after)
	if len(pb) != 10 || len(pa) != len(pb) {
		t.Fatalf("%d practices before the merge, %d after", len(pb), len(pa))
	}
	for title, x := range pb {
		if y := pa[title]; y == nil || !slices.Equal(sortedValues(x.Topics), sortedValues(y.Topics)) || len(x.TopicIDs) != len(y.TopicIDs) {
			t.Errorf("practice %s: before %+v, after %+v", title, x, y)
		}
	}
}

func meetingsByTitle(t *testing.T, svc *service.Service) map[string]*service.MeetingView {
	t.Helper()
	ctx := context.Background()
	sup, err := svc.ActorByUsername(ctx, "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	list, err := svc.ListMeetings(ctx, sup)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*service.MeetingView{}
	for _, m := range list {
		if out[m.Title], err = svc.GetMeeting(ctx, sup, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func practicesByTitle(t *testing.T, svc *service.Service) map[string]*service.PracticeView {
	t.Helper()
	ctx := context.Background()
	sup, err := svc.ActorByUsername(ctx, "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	list, err := svc.ListPractices(ctx, sup, luoshi.PracticeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*service.PracticeView{}
	for _, p := range list {
		if out[p.Title], err = svc.GetPractice(ctx, sup, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func topicTitles(ts []*luoshi.Topic) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Title)
	}
	return out
}

func sortedValues(m map[int64]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}
