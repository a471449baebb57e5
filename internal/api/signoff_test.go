package api_test

import (
	"strings"
	"testing"
	"time"

	"luoshi/internal/service"
)

// TestSignOffFigures: a sign-off given after its due time counts late, one never given
// counts missing once its due time has passed, one given in time counts on time, in the
// asked unit's collaboration figures, as a co-unit opinion does.
func TestSignOffFigures(t *testing.T) {
	e := newEnv(t)
	tp := e.newTopic("a_ll", "关于老旧小区改造的议题", false)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": start.Add(24 * time.Hour)}, 200)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["C"], "due": start.Add(24 * time.Hour)}, 200)
	other := e.newTopic("a_ll", "关于背街小巷整治的议题", false)
	e.topicAct("a_ll", other.ID, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": start.Add(48 * time.Hour)}, 200)
	e.topicAct("b_ll", other.ID, "sign-off", map[string]any{"text": "同意"}, 200)
	e.clock.Add(30 * time.Hour)
	e.topicAct("b_ll", tp.ID, "sign-off", map[string]any{"text": "同意，但时间偏紧"}, 200)

	var out struct {
		Units []struct {
			UnitID            int64 `json:"unit_id"`
			SignOffsRequested int   `json:"signoffs_requested"`
			SignOffsOnTime    int   `json:"signoffs_on_time"`
			SignOffsLate      int   `json:"signoffs_late"`
			SignOffsMissing   int   `json:"signoffs_missing"`
		}
	}
	if st := e.call("sup", "GET", "/api/v1/stats/collaboration?year=2026", nil, &out); st != 200 {
		t.Fatalf("collaboration: %d", st)
	}
	got := map[int64][4]int{}
	for _, u := range out.Units {
		got[u.UnitID] = [4]int{u.SignOffsRequested, u.SignOffsOnTime, u.SignOffsLate, u.SignOffsMissing}
	}
	for unit, want := range map[string][4]int{"B": {2, 1, 1, 0}, "C": {1, 0, 0, 1}, "A": {}} {
		if got[e.units[unit]] != want {
			t.Errorf("unit %s: asked, on time, late, missing %v, want %v", unit, got[e.units[unit]], want)
		}
	}
}

// TestSignOffReminder: a sign-off asked and not given is reminded to the unit asked two
// hours before its due time, through the scheduler, once; a sign-off given before then is
// not reminded, nor is one of a topic submitted meanwhile.
func TestSignOffReminder(t *testing.T) {
	e := newEnv(t)
	n, err := service.NewNotifier(e.svc, service.DefaultNotifyConfig())
	if err != nil {
		t.Fatal(err)
	}
	tp := e.newTopic("a_ll", "关于城区停车难问题的议题", false)
	due := start.Add(24 * time.Hour)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["B"], "due": due}, 200)
	e.topicAct("a_ll", tp.ID, "request-signoff", map[string]any{"unit_id": e.units["C"], "due": due}, 200)
	e.topicAct("c_ll", tp.ID, "sign-off", map[string]any{"text": "同意"}, 200)
	reminders := func(user string) []string {
		var page inboxPage
		if st := e.call(user, "GET", "/api/v1/notifications", nil, &page); st != 200 {
			t.Fatalf("inbox of %s: %d", user, st)
		}
		var out []string
		for _, x := range page.Notifications {
			if x.Notice.Kind == "signoff_due" {
				out = append(out, x.Notice.Title+" "+x.Notice.Body)
			}
		}
		return out
	}
	e.clock.Set(due.Add(-2*time.Hour - time.Minute))
	if _, err := n.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := reminders("b_ll"); len(got) != 0 {
		t.Fatalf("reminded before its time: %q", got)
	}
	e.clock.Set(due.Add(-2 * time.Hour))
	for range 2 {
		if _, err := n.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	got := reminders("b_ll")
	if len(got) != 1 || !strings.Contains(got[0], "会签意见将到期") || !strings.Contains(got[0], "关于城区停车难问题的议题") ||
		!strings.Contains(got[0], due.In(shanghai).Format("2006-01-02 15:04")) {
		t.Errorf("the reminder to B: %q", got)
	}
	if got := reminders("c_ll"); len(got) != 0 {
		t.Errorf("a sign-off given was reminded: %q", got)
	}

	// A topic submitted before the reminder's time owes none.
	other := e.newTopic("a_ll", "关于农贸市场改造的议题", false)
	e.topicAct("a_ll", other.ID, "add-solution", solution, 200)
	e.topicAct("a_ll", other.ID, "recommend", map[string]any{"option": 1}, 200)
	due2 := e.clock.Now().Add(10 * time.Hour)
	e.topicAct("a_ll", other.ID, "request-signoff", map[string]any{"unit_id": e.units["C"], "due": due2}, 200)
	e.clock.Set(due2.Add(time.Minute))
	e.topicAct("a_ll", other.ID, "submit", nil, 200)
	if _, err := n.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := reminders("c_ll"); len(got) != 0 {
		t.Errorf("a submitted topic's sign-off was reminded: %q", got)
	}
}
