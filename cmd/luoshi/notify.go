package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify"
	"luoshi/internal/scheduler"
	"luoshi/internal/service"
)

// NotifyConfig configures reminders, escalation and the outward channels of `luoshi serve`.
// A channel is on when its URL (or SMTP address) is set.
type NotifyConfig struct {
	Tick          time.Duration
	DeliverEvery  time.Duration
	DeliveryLease time.Duration
	Attempts      int
	RetryBase     time.Duration

	SMTPAddr, SMTPUser, SMTPPassword, SMTPFrom, SMTPTLS string
	WebhookURL, WebhookSecret                           string
	DingTalkURL, DingTalkSecret                         string
	WeComURL                                            string
	SMSURL, SMSMethod, SMSBody                          string

	QuietHours       string
	DigestAt         string
	EscalateUrgent   string // "2h,4h": orange after blue, red after orange
	EscalateWorkdays string // "2,3": the same in working days, for work that is not urgent

	serve bool
}

// notifyFlags declares the flags of the notifier, with LUOSHI_<NAME> defaults.
func notifyFlags(fs *flag.FlagSet, c *NotifyConfig) {
	c.serve = true
	dur := func(p *time.Duration, name, envName, def, usage string) {
		d, _ := time.ParseDuration(env(envName, def))
		fs.DurationVar(p, name, d, usage)
	}
	str := func(p *string, name, envName, def, usage string) { fs.StringVar(p, name, env(envName, def), usage) }
	dur(&c.Tick, "tick", "TICK", "1m", "how often the scheduler looks for due reminders")
	dur(&c.DeliverEvery, "deliver-every", "DELIVER_EVERY", "5s", "how often the delivery worker looks for due notifications")
	dur(&c.DeliveryLease, "delivery-lease", "DELIVERY_LEASE", "2m", "how long a claimed delivery is one worker's before it may be tried again")
	attempts, _ := strconv.Atoi(env("DELIVERY_ATTEMPTS", "6"))
	fs.IntVar(&c.Attempts, "delivery-attempts", attempts, "tries of a delivery before it is marked failed")
	dur(&c.RetryBase, "delivery-retry", "DELIVERY_RETRY", "1m", "wait after the first failed try; doubled after each, at most an hour")
	str(&c.SMTPAddr, "smtp-addr", "SMTP_ADDR", "", "SMTP submission server host:port (e-mail is off when empty)")
	str(&c.SMTPUser, "smtp-user", "SMTP_USER", "", "SMTP user (AUTH PLAIN, over TLS only)")
	str(&c.SMTPPassword, "smtp-password", "SMTP_PASSWORD", "", "SMTP password (prefer the environment to the command line)")
	str(&c.SMTPFrom, "smtp-from", "SMTP_FROM", "", "sender, e.g. '落实督查督办 <duban@example.gov.cn>'")
	str(&c.SMTPTLS, "smtp-tls", "SMTP_TLS", "auto", "auto (implicit TLS on 465, else STARTTLS if offered), starttls, implicit or none")
	str(&c.WebhookURL, "webhook-url", "WEBHOOK_URL", "", "generic webhook URL (JSON, signed)")
	str(&c.WebhookSecret, "webhook-secret", "WEBHOOK_SECRET", "", "HMAC-SHA256 key of the webhook's X-Luoshi-Signature")
	str(&c.DingTalkURL, "dingtalk-url", "DINGTALK_URL", "", "DingTalk group robot URL (…/robot/send?access_token=…)")
	str(&c.DingTalkSecret, "dingtalk-secret", "DINGTALK_SECRET", "", "DingTalk robot signing secret (SEC…)")
	str(&c.WeComURL, "wecom-url", "WECOM_URL", "", "WeCom group robot URL (…/webhook/send?key=…)")
	str(&c.SMSURL, "sms-url", "SMS_URL", "", "SMS gateway URL template, e.g. https://sms.example/send?to={{.Phone | urlquery}}&text={{.Text | urlquery}}")
	str(&c.SMSMethod, "sms-method", "SMS_METHOD", "", "SMS gateway method (GET, or POST when --sms-body is set)")
	str(&c.SMSBody, "sms-body", "SMS_BODY", "", `SMS gateway body template, e.g. {"mobile":{{json .Phone}},"content":{{json .Text}}}`)
	str(&c.QuietHours, "quiet-hours", "QUIET_HOURS", "22:00-07:00", "default quiet hours for work that is not urgent ('off' for none)")
	str(&c.DigestAt, "digest-at", "DIGEST_AT", "08:30", "time of the daily digest, on working days")
	str(&c.EscalateUrgent, "escalate-urgent", "ESCALATE_URGENT", "2h,4h", "urgent overdue work: orange this long after blue, red this long after orange")
	str(&c.EscalateWorkdays, "escalate-workdays", "ESCALATE_WORKDAYS", "2,3", "other overdue work: orange and red after these many working days")
}

// build turns the configuration into the notifier's and the channels; it is the one
// validation of the notifier's settings.
func (c *NotifyConfig) build() (service.NotifyConfig, []notify.Channel, error) {
	cfg := service.DefaultNotifyConfig()
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Tick < time.Second || c.DeliverEvery < 10*time.Millisecond || c.DeliveryLease < time.Second {
		bad("--tick (at least 1s), --deliver-every and --delivery-lease (at least 1s) must be positive")
	}
	if c.Attempts < 1 || c.RetryBase <= 0 {
		bad("--delivery-attempts must be at least 1 and --delivery-retry positive")
	}
	cfg.Retry = luoshi.RetryRules{MaxAttempts: c.Attempts, Base: c.RetryBase, Cap: max(time.Hour, c.RetryBase)}
	var err error
	if cfg.Quiet, err = luoshi.ParseQuietHours(c.QuietHours); err != nil {
		bad("--quiet-hours: %v", err)
	}
	if cfg.Rules.DigestAt, err = luoshi.ParseClock(c.DigestAt); err != nil {
		bad("--digest-at: %v", err)
	}
	if o, r, ok := strings.Cut(c.EscalateUrgent, ","); !ok {
		bad("--escalate-urgent %q: want two durations, e.g. 2h,4h", c.EscalateUrgent)
	} else {
		cfg.Rules.UrgentOrangeAfter, _ = time.ParseDuration(o)
		cfg.Rules.UrgentRedAfter, _ = time.ParseDuration(r)
	}
	if o, r, ok := strings.Cut(c.EscalateWorkdays, ","); !ok {
		bad("--escalate-workdays %q: want two numbers, e.g. 2,3", c.EscalateWorkdays)
	} else {
		cfg.Rules.OrangeAfterWorkdays, _ = strconv.Atoi(o)
		cfg.Rules.RedAfterWorkdays, _ = strconv.Atoi(r)
	}
	if err := cfg.Rules.Validate(); err != nil {
		bad("escalation: %v", err)
	}
	channels, err := c.channels()
	for _, ch := range channels {
		cfg.Channels[ch.Name()] = true
	}
	return cfg, channels, errors.Join(append(errs, err)...)
}

func (c *NotifyConfig) channels() ([]notify.Channel, error) {
	var out []notify.Channel
	var errs []error
	if c.SMTPAddr != "" {
		host, _ := os.Hostname()
		m := &notify.SMTP{Addr: c.SMTPAddr, Username: c.SMTPUser, Password: c.SMTPPassword, From: c.SMTPFrom,
			TLS: c.SMTPTLS, Hostname: host}
		if err := m.Check(); err != nil {
			errs = append(errs, fmt.Errorf("--smtp-*: %w", err))
		}
		out = append(out, m)
	}
	if c.WebhookURL != "" {
		out = append(out, &notify.Webhook{URL: c.WebhookURL, Secret: c.WebhookSecret})
	}
	if c.DingTalkURL != "" {
		out = append(out, &notify.DingTalk{URL: c.DingTalkURL, Secret: c.DingTalkSecret})
	}
	if c.WeComURL != "" {
		out = append(out, &notify.WeCom{URL: c.WeComURL})
	}
	if c.SMSURL != "" {
		s, err := notify.NewSMS(c.SMSURL, c.SMSMethod, c.SMSBody, "")
		if err != nil {
			errs = append(errs, fmt.Errorf("--sms-*: %w", err))
		} else {
			out = append(out, s)
		}
	}
	return out, errors.Join(errs...)
}

// validate checks the notifier's settings of `luoshi serve`.
func (c *NotifyConfig) validate() error {
	if !c.serve {
		return nil
	}
	_, _, err := c.build()
	return err
}

// startNotify wires the notifier into the service (before it serves: its hook must see
// every event) and starts the scheduler and the delivery worker; stop ends both and waits.
func startNotify(ctx context.Context, svc *service.Service, c *NotifyConfig, stdout io.Writer) (stop func(), err error) {
	cfg, channels, err := c.build()
	if err != nil {
		return nil, err
	}
	n, err := service.NewNotifier(svc, cfg)
	if err != nil {
		return nil, err
	}
	sched := scheduler.New(n, c.Tick)
	w := notify.NewWorker(n, channels...)
	w.Every, w.Lease, w.Timeout = c.DeliverEvery, c.DeliveryLease, min(30*time.Second, c.DeliveryLease/2)
	names := []string{string(luoshi.ChannelInbox)}
	for _, ch := range channels {
		names = append(names, string(ch.Name()))
	}
	fmt.Fprintf(stdout, "notify: scheduler every %s; channels: %s\n", c.Tick, strings.Join(names, ", "))
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { sched.Run(ctx) })
	wg.Go(func() { w.Run(ctx) })
	return func() { cancel(); wg.Wait() }, nil
}
