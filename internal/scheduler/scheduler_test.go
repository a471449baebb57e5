package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify/notifytest"
	"luoshi/internal/scheduler"
	"luoshi/internal/service"
)

// pass runs one scheduler pass at the clock's time and fails the test on error.
func pass(t *testing.T, s *scheduler.Scheduler) service.PassStats {
	t.Helper()
	st, ran, err := s.Pass(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Fatal("the only scheduler did not get the lease")
	}
	return st
}

// urgings returns the levels of the item's urged events and who made them.
func urgings(e *notifytest.Env, id int64) (levels []luoshi.UrgeLevel, actors []string) {
	for _, ev := range e.Events(id) {
		if ev.Kind == luoshi.EventUrged {
			levels = append(levels, ev.Data.Level)
			actors = append(actors, ev.ActorName)
		}
	}
	return levels, actors
}

func count(titles []string, tag string) int {
	n := 0
	for _, t := range titles {
		if strings.HasPrefix(t, tag) {
			n++
		}
	}
	return n
}

// TestUrgentItemTimeline moves the clock over an urgent item's life: reminders 2 hours and
// 1 hour before the deadline, blue urging at the deadline, orange after the configured
// delay (2h), each exactly once however many passes run, and the orange one reaching the
// responsible leader.
func TestUrgentItemTimeline(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) { urgentItemTimeline(t, notifytest.NewOn(t, db, service.DefaultNotifyConfig())) })
	}
}

func urgentItemTimeline(t *testing.T, e *notifytest.Env) {
	s := scheduler.New(e.N, time.Minute)
	deadline := notifytest.Start.Add(5 * time.Hour)
	it := e.MustCreateItem(luoshi.PriorityUrgent, deadline)
	e.MustAct("a_ll", it.ID, luoshi.Command{Action: luoshi.ActAccept})

	steps := []struct {
		at           time.Time
		fired, urged int
	}{
		{deadline.Add(-3 * time.Hour), 0, 0},
		{deadline.Add(-2*time.Hour - time.Second), 0, 0},
		{deadline.Add(-2 * time.Hour), 1, 0},
		{deadline.Add(-90 * time.Minute), 0, 0},
		{deadline.Add(-time.Hour), 1, 0},
		{deadline.Add(-time.Second), 0, 0},
		{deadline, 1, 1},
		{deadline.Add(2*time.Hour - time.Second), 0, 0},
		{deadline.Add(2 * time.Hour), 1, 1},
		{deadline.Add(3 * time.Hour), 0, 0},
	}
	for _, step := range steps {
		e.Clock.Set(step.at)
		for i := range 3 { // passes after the first find nothing more
			st := pass(t, s)
			want := service.PassStats{}
			if i == 0 {
				want = service.PassStats{Fired: step.fired, Urged: step.urged}
			}
			if st != want {
				t.Fatalf("at %s pass %d: %+v, want %+v", step.at.In(notifytest.Shanghai).Format("15:04:05"), i, st, want)
			}
		}
	}

	levels, actors := urgings(e, it.ID)
	if !slices.Equal(levels, []luoshi.UrgeLevel{luoshi.UrgeBlue, luoshi.UrgeOrange}) {
		t.Fatalf("urgings %v, want blue then orange", levels)
	}
	for _, a := range actors {
		if a != "系统自动催办" {
			t.Errorf("urged by %q, want the system account", a)
		}
	}
	liaison := e.Inbox("a_ll")
	for tag, want := range map[string]int{"【即将到期】": 2, "【蓝色催办】": 1, "【橙色催办】": 1, "【新交办】": 1} {
		if got := count(liaison, tag); got != want {
			t.Errorf("liaison inbox has %d %s, want %d: %q", got, tag, want, liaison)
		}
	}
	if !strings.Contains(strings.Join(liaison, ""), "【特急】") {
		t.Errorf("urgent notices are not marked 特急: %q", liaison)
	}
	leader := e.Inbox("lead")
	if count(leader, "【橙色催办】") != 1 || count(leader, "【蓝色催办】") != 0 {
		t.Errorf("the responsible leader gets orange, not blue: %q", leader)
	}
	if n := e.Count(`SELECT COUNT(*) FROM reminders WHERE item_id = $1 AND outcome <> ''`, it.ID); n != 4 {
		t.Errorf("%d reminders fired, want 4", n)
	}
	// The red urging is owed 4 hours after the orange one.
	e.Clock.Set(deadline.Add(6 * time.Hour))
	if st := pass(t, s); st.Urged != 1 {
		t.Fatalf("red urging: %+v", st)
	}
	if levels, _ := urgings(e, it.ID); levels[len(levels)-1] != luoshi.UrgeRed {
		t.Fatalf("urgings %v, want red last", levels)
	}
	if count(e.Inbox("sup"), "【红色催办】") != 1 {
		t.Errorf("the supervision office is told of a red urging: %q", e.Inbox("sup"))
	}
}

// TestTwoSchedulersRace runs two schedulers, as two processes on one database, at the same
// moments and concurrently: each reminder fires exactly once. The race is run without the
// lease too (RunDue straight), so that the per-reminder claim alone is tested.
func TestTwoSchedulersRace(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) { twoSchedulersRace(t, notifytest.NewOn(t, db, service.DefaultNotifyConfig())) })
	}
}

func twoSchedulersRace(t *testing.T, e1 *notifytest.Env) {
	e2 := e1.Open()
	deadline := notifytest.Start.Add(5 * time.Hour)
	var ids []int64
	for range 5 {
		it := e1.MustCreateItem(luoshi.PriorityUrgent, deadline)
		e1.MustAct("a_ll", it.ID, luoshi.Command{Action: luoshi.ActAccept})
		ids = append(ids, it.ID)
	}
	s1, s2 := scheduler.New(e1.N, time.Minute), scheduler.New(e2.N, time.Minute)
	var mu sync.Mutex
	for _, at := range []time.Duration{-2 * time.Hour, -time.Hour, 0, 2 * time.Hour, 6 * time.Hour} {
		e1.Clock.Set(deadline.Add(at)) // an hour or more later: the lease has run out
		ran := map[string]int{}
		var wg sync.WaitGroup
		for _, job := range []func() error{
			func() error { _, r, err := s1.Pass(context.Background()); record(&mu, ran, "s1", r); return err },
			func() error { _, r, err := s2.Pass(context.Background()); record(&mu, ran, "s2", r); return err },
			func() error { _, err := e1.N.RunDue(context.Background()); return err },
			func() error { _, err := e2.N.RunDue(context.Background()); return err },
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := job(); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ran["s1"]+ran["s2"] != 1 {
			t.Errorf("at %s: schedulers ran %v, want exactly one", at, ran)
		}
	}
	for _, id := range ids {
		levels, _ := urgings(e1, id)
		if !slices.Equal(levels, []luoshi.UrgeLevel{luoshi.UrgeBlue, luoshi.UrgeOrange, luoshi.UrgeRed}) {
			t.Errorf("item %d urgings %v, want blue, orange, red once each", id, levels)
		}
	}
	liaison := e1.Inbox("a_ll")
	if got := count(liaison, "【即将到期】"); got != 2*len(ids) {
		t.Errorf("%d approaching reminders, want %d", got, 2*len(ids))
	}
	if n := e1.Count(`SELECT COUNT(*) FROM reminders WHERE item_id IS NOT NULL AND fired_at IS NOT NULL`); n != 5*len(ids) {
		t.Errorf("%d reminders fired, want %d", n, 5*len(ids))
	}
}

func record(mu *sync.Mutex, m map[string]int, who string, ran bool) {
	mu.Lock()
	defer mu.Unlock()
	if ran {
		m[who]++
	}
}

// TestDailyDigest: at 08:30 on the next working day each unit with open work gets its
// digest, once; a person who turned it off does not; the next one is for the next working day.
func TestDailyDigest(t *testing.T) {
	e := notifytest.New(t, service.DefaultNotifyConfig())
	s := scheduler.New(e.N, time.Minute)
	e.MustCreateItem(luoshi.PriorityRoutine, notifytest.Start.Add(30*24*time.Hour))
	off := false
	e.SetPrefs("a_jb", service.NotifyPrefsInput{Digest: &off})
	pass(t, s) // Monday 09:00: records Tuesday's digest
	e.Clock.Set(time.Date(2026, 11, 3, 8, 29, 0, 0, notifytest.Shanghai))
	if st := pass(t, s); st.Digests != 0 {
		t.Fatalf("digest before 08:30: %+v", st)
	}
	e.Clock.Set(time.Date(2026, 11, 3, 8, 30, 0, 0, notifytest.Shanghai))
	if st := pass(t, s); st.Digests != 1 { // unit A leads the one item; B, a co-unit, leads nothing
		t.Fatalf("digests %+v, want 1", st)
	}
	pass(t, s)
	if got := count(e.Inbox("a_ll"), "【每日督办摘要】单位A 2026-11-03"); got != 1 {
		t.Errorf("liaison got %d digests: %q", got, e.Inbox("a_ll"))
	}
	if got := count(e.Inbox("a_jb"), "【每日督办摘要】"); got != 0 {
		t.Errorf("staff who turned the digest off got %d", got)
	}
	if n := e.Count(`SELECT COUNT(*) FROM reminders WHERE kind = 'digest' AND fired_at IS NULL AND key LIKE '%@2026-11-04'`); n != 1 {
		t.Errorf("Wednesday's digest is not recorded (%d)", n)
	}
}

// TestOpinionReminder: a co-unit asked for its opinion is reminded once, two hours before
// the due time, in its own inbox (not the lead unit's); an opinion given before then is not
// reminded of.
func TestOpinionReminder(t *testing.T) {
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) {
			e := notifytest.NewOn(t, db, service.DefaultNotifyConfig())
			s := scheduler.New(e.N, time.Minute)
			it := e.MustCreateItem(luoshi.PriorityImportant, notifytest.Start.Add(20*24*time.Hour))
			e.MustAct("a_ll", it.ID, luoshi.Command{Action: luoshi.ActAccept})
			due := notifytest.Start.Add(6 * time.Hour)
			e.MustAct("a_ll", it.ID, luoshi.Command{Action: luoshi.ActRequestOpinion, UnitID: e.Units["B"],
				Question: "管线迁改费用能否纳入年度预算？", Due: &due})
			for _, step := range []struct {
				at   time.Time
				have int // reminders in the co-unit's inbox after the pass
			}{{due.Add(-2*time.Hour - time.Second), 0}, {due.Add(-2 * time.Hour), 1}, {due.Add(-time.Hour), 1}} {
				e.Clock.Set(step.at)
				pass(t, s)
				if got := count(e.Inbox("b_ll"), "【征求意见待答复】"); got != step.have {
					t.Fatalf("at %s: the co-unit has %d opinion reminders, want %d", step.at.Format(time.TimeOnly), got, step.have)
				}
			}
			if got := count(e.Inbox("b_ll"), "【征求意见待答复】"); got != 1 {
				t.Errorf("the co-unit has %d opinion reminders, want exactly 1: %q", got, e.Inbox("b_ll"))
			}
			if got := count(e.Inbox("a_ll"), "【征求意见待答复】"); got != 0 {
				t.Errorf("the lead unit got %d of the co-unit's reminders", got)
			}

			// Answered before its reminder: none.
			e.MustAct("b_ll", it.ID, luoshi.Command{Action: luoshi.ActGiveOpinion, RequestID: 1, Text: "可以纳入。"})
			e.MustAct("sup", it.ID, luoshi.Command{Action: luoshi.ActRequestOpinion, UnitID: e.Units["B"],
				Question: "施工期间交通疏导方案？", Due: ptr(e.Clock.Now().Add(5 * time.Hour))})
			e.MustAct("b_ll", it.ID, luoshi.Command{Action: luoshi.ActGiveOpinion, RequestID: 2, Text: "已制定，附后。"})
			e.Clock.Set(e.Clock.Now().Add(4 * time.Hour))
			pass(t, s)
			if got := count(e.Inbox("b_ll"), "【征求意见待答复】"); got != 1 {
				t.Errorf("an opinion already given was reminded of: %q", e.Inbox("b_ll"))
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
