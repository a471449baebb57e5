package service

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"luoshi/internal/luoshi"
)

// NotifyConfig configures reminders, escalation and the outbox.
type NotifyConfig struct {
	Rules luoshi.ReminderRules
	Retry luoshi.RetryRules
	// Quiet are the default quiet hours, for people who set none and for the group robots.
	Quiet luoshi.QuietHours
	// Channels are the outward channels configured in this deployment; the inbox is always on.
	Channels map[luoshi.Channel]bool
	// Batch is how many due reminders one transaction fires.
	Batch int
}

// DefaultNotifyConfig returns the defaults: the default rules and retries, quiet hours
// 22:00–07:00, no outward channel.
func DefaultNotifyConfig() NotifyConfig {
	return NotifyConfig{Rules: luoshi.DefaultReminderRules(), Retry: luoshi.DefaultRetryRules(),
		Quiet: luoshi.QuietHours{Start: 22 * 60, End: 7 * 60}, Channels: map[luoshi.Channel]bool{}, Batch: 128}
}

// Notifier keeps the reminders of every item in step with its events, fires them when
// they are due, and writes notices into the inbox and the outbox. Everything it writes for
// an event is written in the event's transaction, by a hook on the service.
type Notifier struct {
	svc *Service
	cfg NotifyConfig

	mu            sync.Mutex
	digestChecked time.Time
	system        map[int64]*luoshi.Actor // the system account of each region, once it exists
}

// NewNotifier returns a notifier over the service and adds its hook to the service's
// events; call it while wiring, before serving.
func NewNotifier(s *Service, cfg NotifyConfig) (*Notifier, error) {
	if err := cfg.Rules.Validate(); err != nil {
		return nil, fmt.Errorf("notify rules: %w", err)
	}
	if cfg.Retry.MaxAttempts < 1 || cfg.Retry.Base <= 0 || cfg.Retry.Cap < cfg.Retry.Base {
		return nil, fmt.Errorf("notify retry rules %+v: want at least one attempt and 0 < base <= cap", cfg.Retry)
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 128
	}
	if cfg.Channels == nil {
		cfg.Channels = map[luoshi.Channel]bool{}
	}
	n := &Notifier{svc: s, cfg: cfg}
	s.OnEvent(n.onEvent)
	s.notifies = true
	s.onPublish = n.bulletinPublished
	return n, nil
}

// Config returns the notifier's configuration.
func (n *Notifier) Config() NotifyConfig { return n.cfg }

// onEvent runs in the transaction of every item event: it brings the item's reminders up
// to date and writes the notice the event makes, if any, with its outbox rows.
func (n *Notifier) onEvent(ctx context.Context, tx luoshi.Tx, it *luoshi.Item, ev *luoshi.Event) error {
	p := n.svc.Policy()
	var urged *time.Time
	if ev.Kind == luoshi.EventUrged {
		urged = &ev.At
	}
	want, err := n.owed(ctx, tx, p, it, urged, ev.At)
	if err != nil {
		return err
	}
	// A new item has no reminders yet: when it owes none, there is nothing to compare or drop;
	// its first ones are added as they are.
	if f, ok := ctx.Value(freshKey{}).(*freshItem); ok && f.id == it.ID && !f.synced {
		if len(want) > 0 {
			f.synced = true
			if err := tx.AddReminders(ctx, want); err != nil {
				return err
			}
		}
	} else if ev.Kind != luoshi.EventCreated || len(want) > 0 {
		if err := tx.SyncReminders(ctx, it.ID, want); err != nil {
			return err
		}
	}
	notice, aud, ok := p.EventNotice(it, ev)
	if !ok {
		return nil
	}
	return n.publish(ctx, tx, &notice, aud, ev.At)
}

// owed returns the reminders the item owes at now; lastUrge, when known, saves looking it up.
func (n *Notifier) owed(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, it *luoshi.Item, lastUrge *time.Time, now time.Time) ([]luoshi.Reminder, error) {
	last := lastUrge
	if last == nil {
		last = it.LastUrgedAt
	}
	if it.UrgeLevel != "" && last == nil {
		var err error
		if last, err = tx.LastUrgeAt(ctx, it.ID); err != nil {
			return nil, fmt.Errorf("last urging of item %d: %w", it.ID, err)
		}
	}
	return p.Reminders(n.cfg.Rules, it, last, now), nil
}

// publish resolves the audience and delivers the notice to it.
func (n *Notifier) publish(ctx context.Context, tx luoshi.Tx, notice *luoshi.Notice, aud luoshi.Audience, now time.Time) error {
	var rs []luoshi.Recipient
	var err error
	if d, ok := ctx.Value(drawnKey{}).(*drawnRecipients); ok && sameAudience(d.aud, aud) {
		rs, err = d.get()
	} else {
		rs, err = tx.FindRecipients(ctx, aud)
	}
	if err != nil {
		return err
	}
	return n.deliver(ctx, tx, notice, rs, now)
}

// freshItem is the item a create has just stored, in the context of its events' hooks:
// until reminders are recorded for it (synced), it has none.
type freshItem struct {
	id     int64
	synced bool
}

type freshKey struct{}

// withFreshItem returns a context in which the item of id, just created in the transaction,
// is known to have no reminders yet.
func withFreshItem(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, freshKey{}, &freshItem{id: id})
}

// drawnRecipients are the recipients of an audience drawn early in a write
// (Tx.DrawRecipients), for the notice that the write's event will make.
type drawnRecipients struct {
	aud luoshi.Audience
	get func() ([]luoshi.Recipient, error)
}

type drawnKey struct{}

// drawAssignRecipients draws, at the start of a create that assigns its item, the
// recipients of the assignment's notice — the audience the policy gives an item led and
// co-led by the units asked for — and returns a context in which publish uses them for that
// audience. They are read in the create's own transaction, under the write lock (on
// PostgreSQL with its first read, a round trip saved): the same accounts a read at the
// notice would find, as no statement of the create changes an account, a role, a unit or a
// preference. A create whose units differ from those asked for (refused, or checked into
// another audience) finds its recipients as before; without a notifier nothing is drawn.
func (s *Service) drawAssignRecipients(ctx context.Context, tx luoshi.Tx, p *luoshi.Policy, a *luoshi.Actor, in ItemInput) context.Context {
	if !s.notifies || in.LeadUnitID == 0 || len(in.CoUnitIDs) > MaxCoUnits {
		return ctx // nothing to draw for a create refused anyway
	}
	it := &luoshi.Item{RegionID: a.RegionID, LeadUnitID: in.LeadUnitID, CoUnitIDs: in.CoUnitIDs}
	_, aud, ok := p.EventNotice(it, &luoshi.Event{Kind: luoshi.EventAssigned, ActorID: a.UserID})
	if !ok {
		return ctx
	}
	return context.WithValue(ctx, drawnKey{}, &drawnRecipients{aud: aud, get: tx.DrawRecipients(ctx, aud)})
}

func sameAudience(a, b luoshi.Audience) bool {
	return a.RegionID == b.RegionID && a.Supervisors == b.Supervisors && a.LeaderID == b.LeaderID &&
		a.Exclude == b.Exclude && slices.Equal(a.Units, b.Units)
}

// rows are inbox and outbox rows waiting to be written together, later in the same
// transaction: a scheduler batch writes all of its notices' rows at once.
type rows struct {
	inbox      []luoshi.InboxRow
	deliveries []luoshi.Delivery
}

type rowsKey struct{}

// withRows returns a context in which deliver collects rows instead of writing them; the
// caller writes them with flush before its transaction ends.
func withRows(ctx context.Context) (context.Context, *rows) {
	r := &rows{}
	return context.WithValue(ctx, rowsKey{}, r), r
}

func (r *rows) flush(ctx context.Context, tx luoshi.Tx) error {
	if err := tx.AddToInbox(ctx, r.inbox); err != nil {
		return err
	}
	err := tx.AddDeliveries(ctx, r.deliveries)
	r.inbox, r.deliveries = nil, nil
	return err
}

// deliver records the notice, puts it into the recipients' inboxes and queues its outbox
// rows; a notice that reaches nobody is not recorded.
func (n *Notifier) deliver(ctx context.Context, tx luoshi.Tx, notice *luoshi.Notice, rs []luoshi.Recipient, now time.Time) error {
	ds := luoshi.PlanDeliveries(notice, rs, n.cfg.Channels, n.cfg.Quiet, n.svc.loc, now)
	if len(rs) == 0 && len(ds) == 0 {
		return nil
	}
	if err := tx.CreateNotice(ctx, notice); err != nil {
		return err
	}
	out, batched := ctx.Value(rowsKey{}).(*rows)
	if !batched {
		out = &rows{}
	}
	for _, r := range rs {
		out.inbox = append(out.inbox, luoshi.InboxRow{NoticeID: notice.ID, UserID: r.UserID})
	}
	for i := range ds {
		ds[i].NoticeID = notice.ID
	}
	out.deliveries = append(out.deliveries, ds...)
	if batched {
		return nil
	}
	return out.flush(ctx, tx)
}

// ClaimLease takes or renews the scheduler's lease for holder for ttl; it reports whether
// holder has it. Of several luoshi processes on one database, the holder runs the scheduler.
func (n *Notifier) ClaimLease(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	now := n.svc.now()
	var ok bool
	// Leases and deliveries are in no kept answer (answer_cache.go): the data version stays.
	err := n.svc.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		var err error
		ok, err = tx.ClaimLease(ctx, "scheduler", holder, now, now.Add(ttl))
		return err
	})
	return ok, err
}

// ClaimDeliveries takes up to limit due outbox rows for one worker, leased for lease.
func (n *Notifier) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]luoshi.Delivery, error) {
	now := n.svc.now()
	var ds []luoshi.Delivery
	err := n.svc.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		var err error
		ds, err = tx.ClaimDeliveries(ctx, now, now.Add(lease), limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := range ds {
		if ds[i].Channel == luoshi.ChannelSMS {
			ds[i].Address = n.openPhone(ds[i].UserID, ds[i].Address)
		}
	}
	return ds, nil
}

// openPhone opens a sealed phone number; without keys, or if it cannot be opened, there is
// none, and the SMS channel fails the delivery for want of a number.
func (n *Notifier) openPhone(userID int64, sealed string) string {
	if sealed == "" || n.svc.Keys == nil {
		return ""
	}
	phone, err := n.svc.Keys.OpenString(sealed, phoneAAD(userID))
	if err != nil {
		return ""
	}
	return phone
}

// MaxErrorLen bounds the error kept with a delivery, in bytes.
const MaxErrorLen = 500

// FinishDelivery records the outcome of one try: sent; or, on an error, another try after
// the back-off; or failed with the error after the last try, or at once when permanent.
// It returns the status the delivery is left in.
func (n *Notifier) FinishDelivery(ctx context.Context, d luoshi.Delivery, sendErr error, permanent bool) (string, error) {
	now := n.svc.now()
	status, msg, next := luoshi.DeliverySent, "", now
	if sendErr != nil {
		msg = sendErr.Error()
		if len(msg) > MaxErrorLen {
			msg = msg[:MaxErrorLen]
		}
		status = luoshi.DeliveryFailed
		if wait, ok := n.cfg.Retry.After(d.Attempts); ok && !permanent {
			status, next = luoshi.DeliveryPending, now.Add(wait)
		}
	}
	err := n.svc.Store.Update(luoshi.ChangesNoAnswers(ctx), func(tx luoshi.Tx) error {
		return tx.FinishDelivery(ctx, d.ID, status, msg, next, now)
	})
	return status, err
}
