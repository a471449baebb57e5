package service

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
)

// publishBulletin tells every unit of a bulletin published: through the notifier's hook
// when one is wired (inbox and outbox), else into the inbox alone — a bulletin published
// before the server wires its notifier (the demo county's) still reaches every unit.
func (s *Service) publishBulletin(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, b *luoshi.Bulletin, now time.Time) error {
	if s.onPublish != nil {
		return s.onPublish(ctx, tx, a, b, now)
	}
	return (&Notifier{svc: s}).bulletinPublished(ctx, tx, a, b, now)
}

// bulletinPublished puts a published bulletin in the inbox of every unit of its region (its
// liaisons and staff) and of the office, the publisher apart, inside the transaction of the
// publication.
func (n *Notifier) bulletinPublished(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, b *luoshi.Bulletin, now time.Time) error {
	s := n.svc
	units, err := tx.FindUnits(ctx, b.RegionID)
	if err != nil {
		return err
	}
	aud := luoshi.Audience{RegionID: b.RegionID, Supervisors: true, Exclude: a.UserID}
	for _, u := range units {
		aud.Units = append(aud.Units, u.ID)
	}
	number := s.text("bulletin.doc.number", b.Year, b.Number)
	notice := luoshi.Notice{RegionID: b.RegionID, Kind: "bulletin", CreatedAt: now,
		Title: s.text("bulletin.notice.title", b.Title), Body: s.text("bulletin.notice.body", number+" "+b.Title)}
	if err := n.publish(ctx, tx, &notice, aud, now); err != nil {
		return fmt.Errorf("bulletin %d notice: %w", b.ID, err)
	}
	return nil
}
