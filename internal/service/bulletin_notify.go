package service

import (
	"context"
	"fmt"
	"time"

	"luoshi/internal/luoshi"
)

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
