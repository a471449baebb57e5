package service

import (
	"context"
	"net/mail"
	"strings"

	"luoshi/internal/luoshi"
)

// InboxPage is one page of a person's inbox, with the unread count.
type InboxPage struct {
	Notifications []luoshi.InboxEntry `json:"notifications"`
	Unread        int                 `json:"unread"`
	NextCursor    string              `json:"next_cursor,omitempty"`
}

func checkLimit(limit int) (int, error) {
	switch {
	case limit <= 0:
		return 50, nil
	case limit > 200:
		return 0, luoshi.Invalid("limit", "notify.limit.max")
	}
	return limit, nil
}

// Inbox lists the actor's notifications, newest first.
func (s *Service) Inbox(ctx context.Context, a *luoshi.Actor, unreadOnly bool, limit int, cursor string) (*InboxPage, error) {
	limit, err := checkLimit(limit)
	if err != nil {
		return nil, err
	}
	page := &InboxPage{}
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		f := luoshi.InboxFilter{UserID: a.UserID, UnreadOnly: unreadOnly, Limit: limit, Cursor: cursor}
		if page.Notifications, page.NextCursor, err = tx.FindInbox(ctx, f); err != nil {
			return err
		}
		page.Unread, err = tx.CountUnread(ctx, a.UserID)
		return err
	})
	if page.Notifications == nil {
		page.Notifications = []luoshi.InboxEntry{}
	}
	return page, err
}

// UnreadCount is the number of the actor's unread notifications.
func (s *Service) UnreadCount(ctx context.Context, a *luoshi.Actor) (int, error) {
	var n int
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		n, err = tx.CountUnread(ctx, a.UserID)
		return err
	})
	return n, err
}

// MaxMarkRead bounds how many notifications one call marks by id.
const MaxMarkRead = 500

// MarkRead marks the actor's notifications read: those with the ids, or all when ids is
// nil. Ids that are not the actor's are ignored. It returns how many were marked.
func (s *Service) MarkRead(ctx context.Context, a *luoshi.Actor, ids []int64) (int, error) {
	if ids != nil && (len(ids) == 0 || len(ids) > MaxMarkRead) {
		return 0, luoshi.Invalid("ids", "notify.read.ids", MaxMarkRead)
	}
	now := s.now()
	var n int
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		n, err = tx.MarkRead(ctx, a.UserID, ids, now)
		return err
	})
	return n, err
}

// NotifyPrefsInput changes preferences; nil fields stay as they are.
type NotifyPrefsInput struct {
	Email      *string `json:"email"`
	ByEmail    *bool   `json:"by_email"`
	BySMS      *bool   `json:"by_sms"`
	ByWebhook  *bool   `json:"by_webhook"`
	Digest     *bool   `json:"digest"`
	QuietHours *string `json:"quiet_hours"` // "22:00-07:00"; "" for the default; "off" for none
}

// checkPrefsAccess: people manage their own preferences; the system administrator manages
// the contact details of the accounts of the region.
func (s *Service) checkPrefsAccess(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, userID int64) error {
	if userID == a.UserID {
		return nil
	}
	if !a.Has(luoshi.RoleSysadmin) {
		return forbidden("notify.settings.forbidden")
	}
	u, err := tx.FindUserByID(ctx, userID)
	if err != nil || u.RegionID != a.RegionID {
		return luoshi.Errorf(luoshi.ENOTFOUND, "user.not_found")
	}
	return nil
}

// NotifyPrefs returns a person's contact details and channel preferences.
func (s *Service) NotifyPrefs(ctx context.Context, a *luoshi.Actor, userID int64) (*luoshi.NotifyPrefs, error) {
	var p *luoshi.NotifyPrefs
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		if err := s.checkPrefsAccess(ctx, tx, a, userID); err != nil {
			return err
		}
		var err error
		p, err = tx.FindNotifyPrefs(ctx, userID)
		return err
	})
	return p, err
}

// SetNotifyPrefs changes a person's contact details and channel preferences.
func (s *Service) SetNotifyPrefs(ctx context.Context, a *luoshi.Actor, userID int64, in NotifyPrefsInput) (*luoshi.NotifyPrefs, error) {
	var p *luoshi.NotifyPrefs
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := s.checkPrefsAccess(ctx, tx, a, userID); err != nil {
			return err
		}
		var err error
		if p, err = tx.FindNotifyPrefs(ctx, userID); err != nil {
			return err
		}
		if err := applyPrefs(p, in); err != nil {
			return err
		}
		p.UpdatedAt = s.now()
		return tx.PutNotifyPrefs(ctx, p)
	})
	return p, err
}

func applyPrefs(p *luoshi.NotifyPrefs, in NotifyPrefsInput) error {
	var v luoshi.Validation
	if in.Email != nil {
		e := strings.TrimSpace(*in.Email)
		if addr, err := mail.ParseAddress(e); e != "" && (err != nil || addr.Address != e || len(e) > 254) {
			v.Add("email", "notify.email.invalid", e)
		}
		p.Email = e
	}
	for _, f := range []struct {
		in  *bool
		out *bool
	}{{in.ByEmail, &p.ByEmail}, {in.BySMS, &p.BySMS}, {in.ByWebhook, &p.ByWebhook}, {in.Digest, &p.Digest}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if in.QuietHours != nil {
		switch q := strings.TrimSpace(*in.QuietHours); q {
		case "":
			p.Quiet = nil
		case "off":
			p.Quiet = &luoshi.QuietHours{}
		default:
			qh, err := luoshi.ParseQuietHours(q)
			if err != nil {
				m := luoshi.MsgOf(err)
				v.Add("quiet_hours", m.Key, m.Args...)
			}
			p.Quiet = &qh
		}
	}
	return v.Err()
}

// DeliveryPage is one page of outbox rows.
type DeliveryPage struct {
	Deliveries []luoshi.Delivery `json:"deliveries"`
	NextCursor string            `json:"next_cursor,omitempty"`
}

func requireDeliveryAdmin(a *luoshi.Actor) error {
	if !a.Has(luoshi.RoleSysadmin) {
		return forbidden("notify.deliveries.forbidden")
	}
	return nil
}

// Deliveries lists the region's outbox rows for the system administrator (status "failed"
// for the failures): channel, recipient, attempts and the error, but never the notice's
// words, which are business data (三员分立).
func (s *Service) Deliveries(ctx context.Context, a *luoshi.Actor, status string, limit int, cursor string) (*DeliveryPage, error) {
	if err := requireDeliveryAdmin(a); err != nil {
		return nil, err
	}
	switch status {
	case "", luoshi.DeliveryPending, luoshi.DeliverySent, luoshi.DeliveryFailed:
	default:
		return nil, luoshi.Invalid("status", "notify.deliveries.status")
	}
	limit, err := checkLimit(limit)
	if err != nil {
		return nil, err
	}
	page := &DeliveryPage{}
	err = s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		f := luoshi.DeliveryFilter{RegionID: a.RegionID, Status: status, Limit: limit, Cursor: cursor}
		page.Deliveries, page.NextCursor, err = tx.FindDeliveries(ctx, f)
		return err
	})
	if page.Deliveries == nil {
		page.Deliveries = []luoshi.Delivery{}
	}
	return page, err
}

// RetryDeliveries sends failed deliveries of the region again, each with a fresh set of
// tries: those with the ids, or all of them when ids is nil (after a channel is mended).
// Ids that are not failed deliveries of the region are passed over; it says how many.
func (s *Service) RetryDeliveries(ctx context.Context, a *luoshi.Actor, ids []int64) (int, error) {
	if err := requireDeliveryAdmin(a); err != nil {
		return 0, err
	}
	if ids != nil && (len(ids) == 0 || len(ids) > MaxMarkRead) {
		return 0, luoshi.Invalid("ids", "notify.deliveries.ids", MaxMarkRead)
	}
	now := s.now()
	var n int
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		n, err = tx.RequeueDeliveries(ctx, a.RegionID, ids, now)
		return err
	})
	return n, err
}
