package luoshi_test

import (
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

var sh, _ = time.LoadLocation("Asia/Shanghai")

func policy(t *testing.T) *luoshi.Policy {
	t.Helper()
	cal, err := luoshi.NewCalendar(sh, luoshi.DefaultCalendarDays())
	if err != nil {
		t.Fatal(err)
	}
	return luoshi.DefaultPolicy(cal)
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// summary writes reminders as "kind/lead-or-level@local time" for comparison.
func summary(rs []luoshi.Reminder) string {
	var s []string
	for _, r := range rs {
		what := r.Lead
		if r.Kind == luoshi.ReminderUrge {
			what = string(r.Level)
		}
		if r.Milestone != 0 {
			what = "m" + what
		}
		s = append(s, string(r.Kind)+"/"+what+"@"+r.DueAt.In(sh).Format("01-02 15:04"))
	}
	return strings.Join(s, " ")
}

func TestReminders(t *testing.T) {
	p := policy(t)
	rr := luoshi.DefaultReminderRules()
	mon := at("2026-11-02 09:00") // a Monday
	base := func(pr luoshi.Priority, st luoshi.State, deadline time.Time) *luoshi.Item {
		it := &luoshi.Item{ID: 7, RegionID: 1, Priority: pr, State: st, Deadline: deadline, AssignedAt: &mon}
		if st == luoshi.StateInProgress {
			it.AcceptedAt = &mon
		}
		return it
	}
	for _, c := range []struct {
		name string
		it   *luoshi.Item
		last *time.Time
		now  time.Time
		want string
	}{
		{"urgent in progress: 2h and 1h before, blue at the deadline",
			base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00")), nil, mon,
			"approaching/2h@11-02 15:00 approaching/1h@11-02 16:00 urge/blue@11-02 17:00"},
		{"urgent assigned: acceptance due within the hour",
			base(luoshi.PriorityUrgent, luoshi.StateAssigned, at("2026-11-02 17:00")), nil, mon,
			"acceptance_due/@11-02 10:00 approaching/2h@11-02 15:00 approaching/1h@11-02 16:00 urge/blue@11-02 17:00"},
		{"routine: 3 and 1 working days before, over the weekend",
			base(luoshi.PriorityRoutine, luoshi.StateInProgress, at("2026-11-10 18:00")), nil, mon,
			"approaching/3wd@11-05 18:00 approaching/1wd@11-09 18:00 urge/blue@11-10 18:00"},
		{"a scheduler that was down sends only the nearest approaching reminder",
			base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00")), nil, at("2026-11-02 16:30"),
			"approaching/1h@11-02 16:00 urge/blue@11-02 17:00"},
		{"between the two, the first is still owed",
			base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00")), nil, at("2026-11-02 15:30"),
			"approaching/2h@11-02 15:00 approaching/1h@11-02 16:00 urge/blue@11-02 17:00"},
		{"past the deadline: only the urging",
			base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00")), nil, at("2026-11-02 18:00"),
			"urge/blue@11-02 17:00"},
		{"urgent urged blue: orange 2 hours after the blue urging",
			func() *luoshi.Item {
				it := base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00"))
				it.UrgeLevel = luoshi.UrgeBlue
				return it
			}(), ptr(at("2026-11-02 17:01")), at("2026-11-02 17:01"), "urge/orange@11-02 19:01"},
		{"urgent urged orange: red 4 hours after",
			func() *luoshi.Item {
				it := base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00"))
				it.UrgeLevel = luoshi.UrgeOrange
				return it
			}(), ptr(at("2026-11-02 19:00")), at("2026-11-02 19:00"), "urge/red@11-02 23:00"},
		{"routine urged blue before the deadline: orange 2 working days after the deadline",
			func() *luoshi.Item {
				it := base(luoshi.PriorityRoutine, luoshi.StateInProgress, at("2026-11-06 18:00"))
				it.UrgeLevel = luoshi.UrgeBlue
				return it
			}(), ptr(at("2026-11-02 10:00")), mon, "approaching/3wd@11-03 18:00 approaching/1wd@11-05 18:00 urge/orange@11-10 18:00"},
		{"red is the last level", func() *luoshi.Item {
			it := base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 17:00"))
			it.UrgeLevel = luoshi.UrgeRed
			return it
		}(), ptr(at("2026-11-03 17:00")), at("2026-11-03 17:00"), ""},
		{"milestones: approaching and due; a done one owes nothing",
			func() *luoshi.Item {
				it := base(luoshi.PriorityUrgent, luoshi.StateInProgress, at("2026-11-02 20:00"))
				it.Milestones = []luoshi.Milestone{{ID: 1, Due: at("2026-11-02 14:00")}, {ID: 2, Due: at("2026-11-02 15:00"), DoneAt: &mon}}
				return it
			}(), nil, mon,
			"approaching/2h@11-02 18:00 approaching/1h@11-02 19:00 approaching/m2h@11-02 12:00 approaching/m1h@11-02 13:00 milestone_due/m@11-02 14:00 urge/blue@11-02 20:00"},
		{"report due by the cadence", func() *luoshi.Item {
			it := base(luoshi.PriorityImportant, luoshi.StateInProgress, at("2026-12-31 18:00"))
			it.ReportEvery = luoshi.Cadence{N: 7, Unit: luoshi.CadenceDays}
			return it
		}(), nil, mon, "report_due/@11-09 09:00 approaching/3wd@12-28 18:00 approaching/1wd@12-30 18:00 urge/blue@12-31 18:00"},
		{"completion requested: nothing", base(luoshi.PriorityUrgent, luoshi.StateCompletionRequested, at("2026-11-02 17:00")), nil, mon, ""},
		{"suspended: nothing", base(luoshi.PriorityUrgent, luoshi.StateSuspended, at("2026-11-02 17:00")), nil, mon, ""},
		{"draft: nothing", base(luoshi.PriorityUrgent, luoshi.StateDraft, at("2026-11-02 17:00")), nil, mon, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := summary(p.Reminders(rr, c.it, c.last, c.now)); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestReminderKeys(t *testing.T) {
	p := policy(t)
	rr := luoshi.DefaultReminderRules()
	mon := at("2026-11-02 09:00")
	it := &luoshi.Item{ID: 7, Priority: luoshi.PriorityUrgent, State: luoshi.StateInProgress, Deadline: at("2026-11-02 17:00"), AcceptedAt: &mon}
	a := p.Reminders(rr, it, nil, mon)
	seen := map[string]bool{}
	for _, r := range a {
		if seen[r.Key] || !strings.HasPrefix(r.Key, "i7/") {
			t.Errorf("key %q repeated or not the item's", r.Key)
		}
		seen[r.Key] = true
	}
	// The same item computed later keeps the same keys; a new deadline makes new ones.
	if b := p.Reminders(rr, it, nil, mon.Add(time.Minute)); summary(a) != summary(b) || a[0].Key != b[0].Key {
		t.Error("keys change with the time of computing")
	}
	it.Deadline = it.Deadline.Add(24 * time.Hour)
	for _, r := range p.Reminders(rr, it, nil, mon) {
		if seen[r.Key] {
			t.Errorf("key %q survives a new deadline", r.Key)
		}
	}
}

func TestDigestReminder(t *testing.T) {
	p := policy(t)
	rr := luoshi.DefaultReminderRules()
	for _, c := range []struct{ from, want string }{
		{"2026-11-02 07:00", "2026-11-02 08:30"}, // Monday, before the digest
		{"2026-11-02 08:30", "2026-11-03 08:30"}, // at it: the next working day
		{"2026-11-06 09:00", "2026-11-09 08:30"}, // Friday: Monday next
		{"2026-09-30 09:00", "2026-10-08 08:30"}, // over the National Day holidays (10-01 to 10-07)
	} {
		r := p.DigestReminder(rr, 3, at(c.from))
		if got := r.DueAt.In(sh).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("from %s: %s, want %s", c.from, got, c.want)
		}
		if !strings.HasPrefix(r.Key, "r3/digest@") {
			t.Errorf("key %q", r.Key)
		}
	}
}

func TestQuietHours(t *testing.T) {
	q, err := luoshi.ParseQuietHours("22:00-07:00")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ t, want string }{
		{"2026-11-02 21:59", "2026-11-02 21:59"},
		{"2026-11-02 22:00", "2026-11-03 07:00"},
		{"2026-11-03 03:00", "2026-11-03 07:00"},
		{"2026-11-03 07:00", "2026-11-03 07:00"},
	} {
		if got := q.Release(at(c.t), sh).In(sh).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("%s: released %s, want %s", c.t, got, c.want)
		}
	}
	day, _ := luoshi.ParseQuietHours("12:00-14:00")
	if got := day.Release(at("2026-11-02 13:00"), sh).In(sh).Format("15:04"); got != "14:00" {
		t.Errorf("noon window: %s", got)
	}
	for _, bad := range []string{"22-07", "25:00-07:00", "22:00", "22:0-07:00"} {
		if _, err := luoshi.ParseQuietHours(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if none, _ := luoshi.ParseQuietHours("off"); !none.Release(at("2026-11-02 23:00"), sh).Equal(at("2026-11-02 23:00")) {
		t.Error("off holds notices back")
	}
}

func TestRetryRules(t *testing.T) {
	r := luoshi.RetryRules{MaxAttempts: 5, Base: time.Minute, Cap: 5 * time.Minute}
	var got []time.Duration
	for a := 1; ; a++ {
		d, ok := r.After(a)
		if !ok {
			if a != 5 {
				t.Errorf("gave up after %d tries, want 5", a)
			}
			break
		}
		got = append(got, d)
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute}
	if len(got) != len(want) {
		t.Fatalf("waits %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("waits %v, want %v", got, want)
		}
	}
}

func TestPlanDeliveries(t *testing.T) {
	now := at("2026-11-02 23:00")
	on := map[luoshi.Channel]bool{luoshi.ChannelEmail: true, luoshi.ChannelSMS: true, luoshi.ChannelWebhook: true,
		luoshi.ChannelDingTalk: true, luoshi.ChannelWeCom: true}
	full := luoshi.DefaultNotifyPrefs(1)
	full.Email = "a@x.gov.cn"
	noMail := luoshi.DefaultNotifyPrefs(2)
	noMail.ByWebhook = false
	own := luoshi.DefaultNotifyPrefs(3)
	own.Email, own.Quiet = "c@x.gov.cn", &luoshi.QuietHours{}
	rs := []luoshi.Recipient{{UserID: 1, HasPhone: true, Prefs: full}, {UserID: 2, Prefs: noMail}, {UserID: 3, Prefs: own}}
	q := luoshi.QuietHours{Start: 22 * 60, End: 7 * 60}
	plan := func(n luoshi.Notice, enabled map[luoshi.Channel]bool) string {
		var s []string
		for _, d := range luoshi.PlanDeliveries(&n, rs, enabled, q, sh, now) {
			s = append(s, string(d.Channel)+":"+string(rune('0'+d.UserID))+"@"+d.NextAt.In(sh).Format("15:04"))
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		name    string
		n       luoshi.Notice
		enabled map[luoshi.Channel]bool
		want    string
	}{
		{"info at night: mail and webhook, held to 07:00 unless the person has no quiet hours",
			luoshi.Notice{Kind: "assigned"}, on, "email:1@07:00 webhook:1@07:00 email:3@23:00 webhook:3@23:00"},
		{"alert: SMS and the robots too", luoshi.Notice{Kind: "urged", Alert: true}, on,
			"email:1@07:00 sms:1@07:00 webhook:1@07:00 email:3@23:00 webhook:3@23:00 dingtalk:0@07:00 wecom:0@07:00"},
		{"urgent: everything at once", luoshi.Notice{Kind: "assigned", Urgent: true}, on,
			"email:1@23:00 sms:1@23:00 webhook:1@23:00 email:3@23:00 webhook:3@23:00 dingtalk:0@23:00 wecom:0@23:00"},
		{"only configured channels", luoshi.Notice{Kind: "urged", Alert: true}, map[luoshi.Channel]bool{luoshi.ChannelWeCom: true},
			"wecom:0@07:00"},
	} {
		if got := plan(c.n, c.enabled); got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.name, got, c.want)
		}
	}
}
