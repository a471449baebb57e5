package luoshi

import (
	"context"
	"time"
)

// InboxEntry is one notice in a person's inbox.
type InboxEntry struct {
	ID     int64      `json:"id"`
	Notice Notice     `json:"notice"`
	ReadAt *time.Time `json:"read_at,omitempty"`
}

// InboxRow puts one notice into one person's inbox.
type InboxRow struct {
	NoticeID int64
	UserID   int64
}

// InboxFilter selects a person's inbox entries, newest first.
type InboxFilter struct {
	UserID     int64
	UnreadOnly bool
	Limit      int
	Cursor     string
}

// DeliveryFilter selects deliveries of a region, newest first; Status "" means any.
type DeliveryFilter struct {
	RegionID int64
	Status   string
	Limit    int
	Cursor   string
}

// NotifyTx is what the reminder scheduler and the notification outbox need of a
// transaction (issue: reminders, escalation and notifications).
type NotifyTx interface {
	// BatchContext returns a context under which the transaction keeps the statements it
	// prepares for the methods below, for a batch that runs them hundreds of times; use it
	// only inside the transaction.
	BatchContext(ctx context.Context) context.Context

	// SyncReminders makes the item's pending reminders the wanted ones: pending reminders
	// not wanted are deleted, wanted ones not yet recorded are added; a reminder already
	// fired is never recorded again (its key stays taken).
	SyncReminders(ctx context.Context, itemID int64, want []Reminder) error
	// AddReminders records the first reminders of an item created in the same transaction,
	// which has none yet: SyncReminders without the comparison (nothing to delete, no key
	// taken).
	AddReminders(ctx context.Context, want []Reminder) error
	// SyncItemsReminders does what SyncReminders does for many items at once (want holds
	// every item's wanted reminders), in a few set-based statements: what a batch of
	// background work uses, so as to hold the writer for milliseconds.
	SyncItemsReminders(ctx context.Context, itemIDs []int64, want []Reminder) error
	// PutReminder records a reminder unless its key is taken.
	PutReminder(ctx context.Context, r *Reminder) error
	// ClaimDueReminders marks up to limit pending reminders due at now fired, oldest first,
	// in one conditional update, and returns them: a reminder another scheduler claimed
	// first is not returned again.
	ClaimDueReminders(ctx context.Context, now time.Time, limit int) ([]Reminder, error)
	// SetReminderOutcomes records what firing reminders did, by reminder id.
	SetReminderOutcomes(ctx context.Context, outcomes map[int64]string) error
	// FindReminders lists an item's reminders, fired or not, by due time.
	FindReminders(ctx context.Context, itemID int64) ([]Reminder, error)
	// LastUrgeAt is the time of the item's last urged event, nil if none.
	LastUrgeAt(ctx context.Context, itemID int64) (*time.Time, error)
	// LastUrgesAt is LastUrgeAt for many items in one query: the items never urged are
	// absent from the map.
	LastUrgesAt(ctx context.Context, itemIDs []int64) (map[int64]time.Time, error)
	// RemindableItems lists, by id after afterID, up to limit items in the states that owe
	// reminders.
	RemindableItems(ctx context.Context, afterID int64, limit int) ([]*Item, error)

	// FindRecipients resolves an audience to the enabled accounts it names, with their
	// preferences (defaults where they set none).
	FindRecipients(ctx context.Context, a Audience) ([]Recipient, error)
	// DrawRecipients is FindRecipients sent with the transaction's next statement
	// (PostgreSQL: in the same round trip as a create's first read) rather than when its
	// answer is needed; the function answers the recipients, sending what waits first if
	// they have not come yet. Read in the write's transaction either way.
	DrawRecipients(ctx context.Context, a Audience) func() ([]Recipient, error)
	// CreateNotice records a notice and sets its ID.
	CreateNotice(ctx context.Context, n *Notice) error
	// AddToInbox puts notices into inboxes.
	AddToInbox(ctx context.Context, rows []InboxRow) error
	// AddDeliveries queues outbox rows.
	AddDeliveries(ctx context.Context, ds []Delivery) error

	FindInbox(ctx context.Context, f InboxFilter) ([]InboxEntry, string, error)
	CountUnread(ctx context.Context, userID int64) (int, error)
	// MarkRead marks the user's entries read (all of them when ids is nil) and says how many.
	MarkRead(ctx context.Context, userID int64, ids []int64, now time.Time) (int, error)

	// FindNotifyPrefs returns the user's preferences, the defaults if none were set.
	FindNotifyPrefs(ctx context.Context, userID int64) (*NotifyPrefs, error)
	PutNotifyPrefs(ctx context.Context, p *NotifyPrefs) error

	// ClaimDeliveries takes up to limit pending deliveries due at now: each one's attempt
	// count goes up and its next try moves to leaseUntil, so that no other worker takes it
	// meanwhile, and a worker that dies leaves it to be tried again then.
	ClaimDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]Delivery, error)
	// FinishDelivery records the outcome of a try: status sent, failed, or pending again
	// with the next try at nextAt.
	FinishDelivery(ctx context.Context, id int64, status, lastError string, nextAt, now time.Time) error
	FindDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, string, error)
	// RequeueDeliveries puts failed deliveries of the region back in the queue at now, with
	// a fresh set of tries: those with the ids, or all when ids is nil. It says how many.
	RequeueDeliveries(ctx context.Context, regionID int64, ids []int64, now time.Time) (int, error)

	// ClaimLease takes or renews the named lease for holder until the given time, if it is
	// free, expired at now, or already the holder's; it reports whether holder has it.
	ClaimLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error)
	// NotifyMeta and PutNotifyMeta keep small facts of the scheduler (e.g. a finished backfill).
	NotifyMeta(ctx context.Context, name string) (string, error)
	PutNotifyMeta(ctx context.Context, name, value string) error
}
