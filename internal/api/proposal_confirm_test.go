package api_test

import (
	"testing"
	"time"
)

// TestProposalConfirmContact: the proposer — and only a proposer — confirms the contact the
// lead unit recorded; the confirmation is an event with its actor and stays on the contact;
// with nothing left to confirm, a second confirmation is refused and changes nothing.
func TestProposalConfirmContact(t *testing.T) {
	e := newEnv(t)
	sid := e.proposalSession("县政协十届三次会议", "cppcc_proposal")
	id := e.createProposal(sid, 8, "关于加强养老服务的提案")
	e.proposalAct("sup", id, "assign", map[string]any{"lead_unit_id": e.units["A"]}, 200)
	type contact struct {
		Summary     string     `json:"summary"`
		ConfirmedBy int64      `json:"confirmed_by"`
		ConfirmedAt *time.Time `json:"confirmed_at"`
	}
	var pv struct {
		Version  int
		Actions  []string
		Contacts []contact
	}
	read := func(user string) {
		t.Helper()
		if st := e.call(user, "GET", proposalPath(id), nil, &pv); st != 200 {
			t.Fatalf("%s reads the proposal: %d", user, st)
		}
	}
	// Nothing to confirm before a contact is recorded.
	_, p := e.proposalAct("dep", id, "confirm-contact", nil, 409)
	if p.Detail != "本轮没有待确认的沟通记录" {
		t.Errorf("confirmation without a contact: %q", p.Detail)
	}
	e.proposalAct("a_ll", id, "record-contact", map[string]any{"contacted_on": e.clock.Now().Format(time.RFC3339), "way": "meeting",
		"summary": "座谈"}, 200)
	read("dep")
	if !contains(pv.Actions, "confirm-contact") {
		t.Errorf("the proposer is not offered the confirmation: %v", pv.Actions)
	}
	before, n := pv.Version, len(e.proposalEvents(id))
	for _, user := range []string{"a_ll", "sup", "admin"} {
		if st := e.send(e.liveToken(user), "", "POST", proposalPath(id)+"/confirm-contact", nil).status; st != 403 {
			t.Errorf("confirmation by %s: %d, want 403", user, st)
		}
	}
	read("sup")
	if pv.Version != before || len(e.proposalEvents(id)) != n || pv.Contacts[0].ConfirmedAt != nil {
		t.Fatalf("refused confirmations changed the proposal: %+v", pv)
	}
	e.clock.Add(time.Hour)
	e.proposalAct("dep", id, "confirm-contact", nil, 200)
	read("a_ll")
	if c := pv.Contacts[0]; c.ConfirmedBy != e.ids["dep"] || c.ConfirmedAt == nil || !c.ConfirmedAt.Equal(e.clock.Now()) {
		t.Errorf("the confirmed contact: %+v", c)
	}
	evs := e.proposalEvents(id)
	if last := evs[len(evs)-1]; last.Kind != "contact_confirmed" || last.ActorID != e.ids["dep"] {
		t.Errorf("the confirmation's event: %+v", last)
	}
	_, p = e.proposalAct("dep", id, "confirm-contact", nil, 409)
	if p.Detail != "本轮没有待确认的沟通记录" {
		t.Errorf("a second confirmation: %q", p.Detail)
	}
	if got := len(e.proposalEvents(id)); got != len(evs) {
		t.Errorf("the second confirmation added %d events", got-len(evs))
	}
}
