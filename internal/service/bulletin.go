package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
)

// BulletinInput is what the office gives to generate a bulletin: its kind, a day of the
// period (a month's, quarter's or year's period is the whole one holding it; a special
// bulletin's starts there) and (for a special bulletin, or to override the kind's length)
// its end, and a title (required for a special bulletin; otherwise the kind's title is
// written).
type BulletinInput struct {
	Kind  string    `json:"kind"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Title string    `json:"title"`
}

// BulletinView is a bulletin with the actions the reader may take on it now.
type BulletinView struct {
	*luoshi.Bulletin
	Actions []string `json:"actions"`
}

// periodStart is the first moment of the month, quarter or year that holds t, in loc (a
// special bulletin's period starts where it is told).
func periodStart(k luoshi.BulletinKind, t time.Time, loc *time.Location) time.Time {
	d := t.In(loc)
	switch k {
	case luoshi.BulletinMonth:
		return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, loc).UTC()
	case luoshi.BulletinQuarter:
		return time.Date(d.Year(), (d.Month()-1)/3*3+1, 1, 0, 0, 0, 0, loc).UTC()
	case luoshi.BulletinYear:
		return time.Date(d.Year(), 1, 1, 0, 0, 0, 0, loc).UTC()
	}
	return t.UTC()
}

// periodEnd is the end of a month's, quarter's or year's period from its first day.
func periodEnd(k luoshi.BulletinKind, from time.Time, loc *time.Location) time.Time {
	f := from.In(loc)
	switch k {
	case luoshi.BulletinMonth:
		return f.AddDate(0, 1, 0).UTC()
	case luoshi.BulletinQuarter:
		return f.AddDate(0, 3, 0).UTC()
	case luoshi.BulletinYear:
		return f.AddDate(1, 0, 0).UTC()
	}
	return time.Time{}
}

// checkBulletin validates the input and returns the bulletin it asks for; it changes nothing.
func (s *Service) checkBulletin(in BulletinInput, now time.Time) (*luoshi.Bulletin, error) {
	var v luoshi.Validation
	k := luoshi.BulletinKind(in.Kind)
	known := false
	for _, x := range luoshi.BulletinKinds {
		known = known || x == k
	}
	b := &luoshi.Bulletin{Kind: k, From: in.From.UTC(), To: in.To.UTC(), Title: strings.TrimSpace(in.Title), State: luoshi.BulletinDraft}
	if !known {
		v.Add("kind", "bulletin.kind.bad")
	}
	if b.To.IsZero() && known && !in.From.IsZero() {
		b.From = periodStart(k, in.From, s.loc)
		b.To = periodEnd(k, b.From, s.loc)
	}
	switch {
	case in.From.IsZero():
		v.Add("from", "bulletin.from.missing")
	case b.To.IsZero():
		v.Add("to", "bulletin.to.missing")
	case !b.From.Before(b.To):
		v.Add("to", "bulletin.to.before_from")
	case b.To.Sub(b.From) > maxRecordSpan:
		v.Add("to", "bulletin.span")
	case !b.From.Before(now):
		v.Add("from", "bulletin.period.future")
	}
	if b.Title == "" && k == luoshi.BulletinSpecial {
		v.Add("title", "text.required", luoshi.M("bulletin.field.title"))
	}
	if utf8.RuneCountInString(b.Title) > bulletin.MaxTitle {
		v.Add("title", "bulletin.title.long", bulletin.MaxTitle)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if b.Title == "" {
		f := b.From.In(s.loc)
		switch k {
		case luoshi.BulletinMonth:
			b.Title = s.text("bulletin.doc.title.month", f.Year(), int(f.Month()))
		case luoshi.BulletinQuarter:
			b.Title = s.text("bulletin.doc.title.quarter", f.Year(), (int(f.Month())-1)/3+1)
		case luoshi.BulletinYear:
			b.Title = s.text("bulletin.doc.title.year", f.Year())
		}
	}
	b.Year = b.From.In(s.loc).Year()
	return b, nil
}

// GenerateBulletin makes a draft bulletin of a period from the data (the supervision office
// only): its figures are taken now and kept with it.
func (s *Service) GenerateBulletin(ctx context.Context, a *luoshi.Actor, in BulletinInput) (*BulletinView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if !bulletin.Office(a) {
		return nil, forbidden("bulletin.forbidden", luoshi.M("bulletin.who.office"))
	}
	now := s.now()
	b, err := s.checkBulletin(in, now)
	if err != nil {
		return nil, err
	}
	b.RegionID, b.CreatedBy = a.RegionID, a.UserID
	ctx = withActorName(ctx, a)
	err = s.Store.Update(ctx, func(tx luoshi.Tx) error {
		f, err := s.bulletinFigures(ctx, tx, b.RegionID, b.From, b.To, now)
		if err != nil {
			return err
		}
		b.Figures = f
		ev := luoshi.BulletinEvent{Kind: bulletin.Generated, ActorID: a.UserID, At: now, Seq: 1, Data: luoshi.BulletinEventData{Bulletin: b}}
		if err := bulletin.Apply(b, ev); err != nil {
			return err
		}
		if err := tx.CreateBulletin(ctx, b); err != nil {
			return err
		}
		ev.Data.Bulletin = nil // the document is in the store; the event names the period
		return s.bulletinEvent(ctx, tx, a, b, &ev)
	})
	if err != nil {
		return nil, fmt.Errorf("generate bulletin: %w", err)
	}
	return s.GetBulletin(ctx, a, b.ID)
}

// bulletinFigures takes the figures of the region's period now: the items due in it, the
// open items, the records made in it, with the names of units and leaders as they are.
func (s *Service) bulletinFigures(ctx context.Context, tx luoshi.Tx, regionID int64, from, to, now time.Time) (luoshi.BulletinFigures, error) {
	in := bulletin.Input{From: from, To: to, At: now, Policy: s.Policy(), Units: map[int64]string{}, Leaders: map[int64]string{}}
	units, err := tx.FindUnits(ctx, regionID)
	if err != nil {
		return luoshi.BulletinFigures{}, err
	}
	for _, u := range units {
		in.Units[u.ID] = u.Name
	}
	leaders, err := tx.FindLeaders(ctx, regionID)
	if err != nil {
		return luoshi.BulletinFigures{}, err
	}
	for _, l := range leaders {
		in.Leaders[l.ID] = l.Name
	}
	if in.Due, err = tx.FindItemsDue(ctx, regionID, from, to); err != nil {
		return luoshi.BulletinFigures{}, err
	}
	// The open items: those red or overdue now are named.
	if in.Open, err = tx.FindOpenItems(ctx, regionID); err != nil {
		return luoshi.BulletinFigures{}, err
	}
	if in.Records, err = tx.FindRecords(ctx, luoshi.RecordFilter{RegionID: regionID, From: from, To: to}); err != nil {
		return luoshi.BulletinFigures{}, err
	}
	return bulletin.Compute(in), nil
}

// bulletinEvent stores a bulletin's event and audits it.
func (s *Service) bulletinEvent(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, b *luoshi.Bulletin, ev *luoshi.BulletinEvent) error {
	ev.BulletinID = b.ID
	if err := tx.AppendBulletinEvent(ctx, ev, b.RegionID); err != nil {
		return err
	}
	d := ev.Data
	d.Figures = nil // kept in the bulletin's document
	detail, _ := json.Marshal(d)
	return s.audit(ctx, tx, a, "bulletin."+ev.Kind, fmt.Sprintf("bulletin:%d %s", b.ID, b.From.Format("2006-01-02")),
		luoshi.OutcomeSuccess, string(detail))
}

// findBulletin finds a bulletin the actor sees, else ENOTFOUND.
func findBulletin(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Bulletin, error) {
	b, err := tx.FindBulletinByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !bulletin.Sees(a, b) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "bulletin.not_found")
	}
	return b, nil
}

// GetBulletin returns a bulletin the actor sees: the office any of its region, the others
// the published ones.
func (s *Service) GetBulletin(ctx context.Context, a *luoshi.Actor, id int64) (*BulletinView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	var b *luoshi.Bulletin
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		b, err = findBulletin(ctx, tx, a, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &BulletinView{Bulletin: b, Actions: nonNilStrings(bulletin.Allowed(bulletin.Subject{Bulletin: b}, a, s.now()))}, nil
}

func nonNilStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// Bulletins lists the bulletins of the actor's region it sees, newest period first.
func (s *Service) Bulletins(ctx context.Context, a *luoshi.Actor) ([]*luoshi.Bulletin, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	out := []*luoshi.Bulletin{}
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		list, err := tx.FindBulletins(ctx, a.RegionID)
		for _, b := range list {
			if bulletin.Sees(a, b) {
				out = append(out, b)
			}
		}
		return err
	})
	return out, err
}

// BulletinAct carries out one of the office's steps on a draft bulletin (internal/bulletin)
// in one transaction: the spec decides the event, which is stored, folded in and audited. A
// refresh takes the figures again; publishing puts the bulletin in every unit's inbox.
func (s *Service) BulletinAct(ctx context.Context, a *luoshi.Actor, id int64, act string, v flow.Values) (*BulletinView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	now := s.now()
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		b, err := findBulletin(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj := bulletin.Subject{Bulletin: b}
		if act == bulletin.ActRefresh && b.State == luoshi.BulletinDraft && bulletin.Office(a) {
			f, err := s.bulletinFigures(ctx, tx, b.RegionID, b.From, b.To, now)
			if err != nil {
				return err
			}
			subj.Fresh = &f
		}
		ev, err := bulletin.Decide(subj, a, act, v, now)
		if err != nil {
			return err
		}
		prev := b.Version
		next := b.Clone()
		ev.Seq = prev + 1
		if err := bulletin.Apply(next, ev); err != nil {
			return err
		}
		if err := tx.UpdateBulletin(ctx, next, prev); err != nil {
			return err
		}
		if err := s.bulletinEvent(ctx, tx, a, next, &ev); err != nil {
			return err
		}
		if ev.Kind == bulletin.Published {
			return s.publishBulletin(ctx, tx, a, next, now)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s bulletin %d: %w", act, id, err)
	}
	return s.GetBulletin(ctx, a, id)
}
