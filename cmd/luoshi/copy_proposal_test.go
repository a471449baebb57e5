package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"luoshi/internal/bench/gen"
	"luoshi/internal/proposal"
	"luoshi/internal/service"
	"luoshi/internal/store/pgtest"
)

// TestCopyMergeProposals merges the demo county, with its proposals, into a PostgreSQL
// database that already holds another county, so that every id moves: each proposal keeps
// its session, number, title, state, units and proposers by name, its promises' items
// pointing back to it, and rebuilds from its renumbered events.
func TestCopyMergeProposals(t *testing.T) {
	ctx := context.Background()
	pg := pgtest.DSN(t)
	c := newCopyEnv(t)
	c.signed = true
	other := "sqlite:" + filepath.Join(t.TempDir(), "other.db")
	if _, err := gen.Generate(ctx, other, gen.Options{Scale: gen.Scale{Regions: 1, UnitsPerRegion: 8, Items: 50, Events: 300},
		Seed: 3, Now: copyClock}); err != nil {
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
	b, a := proposalsByNumber(t, before), proposalsByNumber(t, after)
	if len(b) == 0 || len(a) != len(b) {
		t.Fatalf("%d proposals before the merge, %d after", len(b), len(a))
	}
	sup, _ := after.ActorByUsername(ctx, "duchashi")
	for k, x := range b {
		y := a[k]
		if y == nil {
			t.Errorf("%s is missing after the merge", k)
			continue
		}
		if x.Title != y.Title || x.State != y.State || x.UnitName(x.LeadUnitID) != y.UnitName(y.LeadUnitID) ||
			len(x.Proposers) != len(y.Proposers) || x.Proposers[0].Name != y.Proposers[0].Name || len(x.Items) != len(y.Items) {
			t.Errorf("%s differs:\n before %+v\n after  %+v", k, x.Proposal, y.Proposal)
			continue
		}
		for _, it := range y.Items {
			v, err := after.GetItem(ctx, sup, it.ItemID)
			if err != nil || v.ProposalID != y.ID {
				t.Errorf("%s: its item %d does not point back (%v)", k, it.ItemID, err)
			}
		}
		evs, err := after.ProposalEvents(ctx, sup, y.ID)
		if err != nil {
			t.Fatal(err)
		}
		re, err := proposal.Rebuild(evs)
		if err != nil || re.ID != y.ID || re.LeadUnitID != y.LeadUnitID || re.State != y.State || re.Version != y.Version {
			t.Errorf("%s does not rebuild from its renumbered events: %+v %v", k, re, err)
		}
	}
}

// proposalsByNumber lists a county's proposals by session and number, as the office sees them.
func proposalsByNumber(t *testing.T, svc *service.Service) map[string]*service.ProposalView {
	t.Helper()
	ctx := context.Background()
	sup, err := svc.ActorByUsername(ctx, "duchashi")
	if err != nil {
		t.Fatal(err)
	}
	list, err := svc.ListProposals(ctx, sup, service.ProposalFilterInput{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*service.ProposalView{}
	for _, p := range list {
		v, err := svc.GetProposal(ctx, sup, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("%s %d %d", v.Session.Name, v.Number, v.ParentID)] = v
	}
	return out
}
