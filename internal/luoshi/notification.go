package luoshi

import (
	"strconv"
	"strings"
	"time"
)

// Channel is a way a notice reaches people. The inbox is written in the transaction of the
// change that causes the notice; the others go through the outbox and a delivery worker.
type Channel string

// The channels. Email, SMS and the generic webhook are per person, by the person's
// preferences; DingTalk and WeCom robots post once per notice to the office's group.
const (
	ChannelInbox    Channel = "inbox"
	ChannelEmail    Channel = "email"
	ChannelSMS      Channel = "sms"
	ChannelWebhook  Channel = "webhook"
	ChannelDingTalk Channel = "dingtalk"
	ChannelWeCom    Channel = "wecom"
)

// Group reports whether the channel posts to a group rather than to a person.
func (c Channel) Group() bool { return c == ChannelDingTalk || c == ChannelWeCom }

// Delivery statuses.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
)

// Notice is one thing to tell: an item event or a reminder, or a unit's digest. Alert
// notices (reminders, urgings, accountability) go to the push channels (SMS, group robots)
// too; so does every notice of an urgent item.
type Notice struct {
	ID        int64     `json:"id"`
	RegionID  int64     `json:"region_id"`
	ItemID    int64     `json:"item_id,omitempty"`
	ItemCode  string    `json:"item_code,omitempty"`
	UnitID    int64     `json:"unit_id,omitempty"`
	Kind      string    `json:"kind"`
	Level     UrgeLevel `json:"level,omitempty"`
	Urgent    bool      `json:"urgent"`
	Alert     bool      `json:"alert"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Push reports whether the notice goes to SMS and the group robots.
func (n *Notice) Push() bool { return n.Alert || n.Urgent }

// Audience says who a notice is for; the service resolves it to people.
type Audience struct {
	RegionID int64
	// Units: the liaisons and staff of these units.
	Units []int64
	// Supervisors: the region's supervision office.
	Supervisors bool
	// LeaderID: the accounts of this leader (the responsible leader); 0 for none.
	LeaderID int64
	// Exclude: the actor, who is not told of what they did.
	Exclude int64
}

// QuietHours is a daily window, in minutes after local midnight, in which notices of
// items that are not urgent are held back from the outward channels; Start == End means
// none. The window may wrap past midnight (22:00–07:00).
type QuietHours struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// ParseQuietHours reads "22:00-07:00"; "" or "off" means none.
func ParseQuietHours(s string) (QuietHours, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "off" {
		return QuietHours{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	start, err1 := ParseClock(a)
	end, err2 := ParseClock(b)
	if !ok || err1 != nil || err2 != nil {
		return QuietHours{}, Errorf(EINVALID, "notify.quiet_hours.invalid", s)
	}
	return QuietHours{Start: start, End: end}, nil
}

// String writes the window as "22:00-07:00", or "" for none.
func (q QuietHours) String() string {
	if q.Start == q.End {
		return ""
	}
	return FormatClock(q.Start) + "-" + FormatClock(q.End)
}

// Release returns when a notice made at t may go out: t itself outside the window, the end
// of the window inside it.
func (q QuietHours) Release(t time.Time, loc *time.Location) time.Time {
	if q.Start == q.End {
		return t
	}
	local := t.In(loc)
	m := local.Hour()*60 + local.Minute()
	in := m >= q.Start && m < q.End
	if q.Start > q.End {
		in = m >= q.Start || m < q.End
	}
	if !in {
		return t
	}
	y, mo, d := local.Date()
	end := time.Date(y, mo, d, q.End/60, q.End%60, 0, 0, loc)
	if !end.After(t) {
		end = time.Date(y, mo, d+1, q.End/60, q.End%60, 0, 0, loc)
	}
	return end.UTC()
}

// NotifyPrefs are a person's e-mail address and channel preferences. The inbox is always
// on. Quiet nil means the deployment's default quiet hours. SMS goes to the account's
// phone number, which is kept sealed with the account (users.phone_sealed), not here.
type NotifyPrefs struct {
	UserID    int64       `json:"user_id"`
	Email     string      `json:"email"`
	ByEmail   bool        `json:"by_email"`
	BySMS     bool        `json:"by_sms"`
	ByWebhook bool        `json:"by_webhook"`
	Digest    bool        `json:"digest"`
	Quiet     *QuietHours `json:"quiet_hours,omitempty"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// DefaultNotifyPrefs are the preferences of a person who set none: every channel and the
// daily digest on.
func DefaultNotifyPrefs(userID int64) NotifyPrefs {
	return NotifyPrefs{UserID: userID, ByEmail: true, BySMS: true, ByWebhook: true, Digest: true}
}

// Recipient is a person a notice reaches, with the preferences in force.
type Recipient struct {
	UserID   int64
	Username string
	Name     string
	HasPhone bool
	Prefs    NotifyPrefs
}

// Delivery is one notice on its way through one outward channel (the outbox). For sending,
// the store fills in the notice, the recipient and the address in force.
type Delivery struct {
	ID        int64      `json:"id"`
	NoticeID  int64      `json:"notice_id"`
	RegionID  int64      `json:"region_id"`
	UserID    int64      `json:"user_id,omitempty"`
	Channel   Channel    `json:"channel"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	NextAt    time.Time  `json:"next_at"`
	LastError string     `json:"last_error,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`

	Username string  `json:"username,omitempty"`
	Name     string  `json:"-"`
	Address  string  `json:"-"`
	Notice   *Notice `json:"-"`
}

// PlanDeliveries decides the outbox rows of a notice: per recipient, e-mail, SMS (push
// notices only) and the generic webhook as their preferences and contact details allow;
// once per notice, the group robots (push notices only). Only enabled channels count. A
// notice of an item that is not urgent waits for the end of the recipient's quiet hours
// (the default ones for the groups).
func PlanDeliveries(n *Notice, rs []Recipient, enabled map[Channel]bool, quiet QuietHours, loc *time.Location, now time.Time) []Delivery {
	var out []Delivery
	at := func(q QuietHours) time.Time {
		if n.Urgent {
			return now
		}
		return q.Release(now, loc)
	}
	for _, r := range rs {
		q := quiet
		if r.Prefs.Quiet != nil {
			q = *r.Prefs.Quiet
		}
		want := map[Channel]bool{
			ChannelEmail:   r.Prefs.ByEmail && r.Prefs.Email != "",
			ChannelSMS:     r.Prefs.BySMS && r.HasPhone && n.Push(),
			ChannelWebhook: r.Prefs.ByWebhook,
		}
		for _, c := range []Channel{ChannelEmail, ChannelSMS, ChannelWebhook} {
			if enabled[c] && want[c] {
				out = append(out, Delivery{NoticeID: n.ID, RegionID: n.RegionID, UserID: r.UserID, Channel: c,
					Status: DeliveryPending, NextAt: at(q), CreatedAt: now})
			}
		}
	}
	for _, c := range []Channel{ChannelDingTalk, ChannelWeCom} {
		if enabled[c] && n.Push() {
			out = append(out, Delivery{NoticeID: n.ID, RegionID: n.RegionID, Channel: c, Status: DeliveryPending,
				NextAt: at(quiet), CreatedAt: now})
		}
	}
	return out
}

// RetryRules say how often and how soon a failed delivery is tried again.
type RetryRules struct {
	MaxAttempts int
	Base        time.Duration // the wait after the first failure; doubled each time
	Cap         time.Duration // the longest wait
}

// DefaultRetryRules: 6 tries, waiting 1, 2, 4, 8, 16 minutes in between (at most an hour).
func DefaultRetryRules() RetryRules {
	return RetryRules{MaxAttempts: 6, Base: time.Minute, Cap: time.Hour}
}

// After returns how long to wait after the attempts-th failed try, and false when that
// was the last try.
func (r RetryRules) After(attempts int) (time.Duration, bool) {
	if attempts >= r.MaxAttempts {
		return 0, false
	}
	d := r.Base
	for i := 1; i < attempts && d < r.Cap; i++ {
		d *= 2
	}
	return min(d, r.Cap), true
}

// leadLabel writes a reminder's lead in Chinese: "2 小时", "3 个工作日".
func leadLabel(lead string) string {
	switch {
	case strings.HasSuffix(lead, "wd"):
		return strings.TrimSuffix(lead, "wd") + " 个工作日"
	case strings.HasSuffix(lead, "h"):
		return strings.TrimSuffix(lead, "h") + " 小时"
	case strings.HasSuffix(lead, "m"):
		return strings.TrimSuffix(lead, "m") + " 分钟"
	}
	return lead
}

func fmtLocal(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04") }

// itemRef names an item in a notice: 「title」（code）.
func itemRef(it *Item) string { return "「" + it.Title + "」（" + it.Code + "）" }

func milestoneTitle(it *Item, id int) string {
	for _, m := range it.Milestones {
		if m.ID == id {
			return m.Title
		}
	}
	return "节点 " + strconv.Itoa(id)
}
