package item

import (
	"testing"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// TestAddMilestone: the office adds a dated step to an item in progress, numbered after
// the item's last; it must fall after now and not after the deadline; nobody else adds one;
// once its date passes undone, the item is red.
func TestAddMilestone(t *testing.T) {
	p := dtPolicy(t)
	now := dtNow(t)
	it := dtItem(t, dtSitInProgress)
	due := now.Add(72 * time.Hour)
	if !due.Before(it.Deadline) {
		t.Fatalf("the fixture's deadline %v is too close", it.Deadline)
	}
	add := func(w dtWho, title string, due time.Time) (luoshi.Event, error) {
		return Decide(p, it, dtActor(w), luoshi.ActAddMilestone, flow.Values{"title": title, "due": due}, now)
	}
	before := len(it.Milestones)
	ev, err := add(dtSupervisor, "完成施工图审查", due)
	if err != nil {
		t.Fatal(err)
	}
	if err := Apply(it, ev); err != nil {
		t.Fatal(err)
	}
	m := it.Milestones[len(it.Milestones)-1]
	if len(it.Milestones) != before+1 || m.ID != before+1 || m.Title != "完成施工图审查" || !m.Due.Equal(due) || m.DoneAt != nil {
		t.Errorf("milestones %+v", it.Milestones)
	}
	_, err = add(dtSupervisor, "过去", now.Add(-time.Hour))
	dtWantErr(t, err, luoshi.EINVALID, "due", it.State)
	_, err = add(dtSupervisor, "太晚", it.Deadline.Add(time.Hour))
	dtWantErr(t, err, luoshi.EINVALID, "due", it.State)
	_, err = add(dtSupervisor, "", due)
	dtWantErr(t, err, luoshi.EINVALID, "title", it.State)
	for _, w := range []dtWho{dtLeadLiaison, dtCountyHead, dtLeadLeader} {
		if _, err := add(w, "节点", due); luoshi.ErrorCode(err) != luoshi.EFORBIDDEN {
			t.Errorf("%s adds a milestone: %v, want forbidden", w, err)
		}
	}
	if l := p.Light(it, due.Add(time.Hour)); l != luoshi.LightRed {
		t.Errorf("past its undone milestone the item is %s, want red", l)
	}
}
