package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"luoshi/internal/flow"
	"luoshi/internal/luoshi"
	"luoshi/internal/stocktake"
)

// StocktakeInput is what generating a stocktake (调度会) takes: the leader whose portfolio
// it reviews and its date (2026-03-02, or a moment of that day).
type StocktakeInput struct {
	LeaderID int64  `json:"leader_id"`
	Date     string `json:"date"`
}

// StocktakeView is a stocktake as the reader may see it, with the actions the reader may
// take on it now. Partial marks the view of a unit: only the commitments naming it, no
// agenda.
type StocktakeView struct {
	*luoshi.Stocktake
	Partial bool     `json:"partial"`
	Actions []string `json:"actions"`
}

// parseDay reads a date (2006-01-02) or an RFC 3339 moment as the start of its day in loc.
func parseDay(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		m, err2 := time.Parse(time.RFC3339, s)
		if err2 != nil {
			return time.Time{}, false
		}
		m = m.In(loc)
		t = time.Date(m.Year(), m.Month(), m.Day(), 0, 0, 0, 0, loc)
	}
	return t.UTC(), true
}

// checkStocktake validates the input: a leader of the actor's region that the actor may
// hold a stocktake of, and a date no more than a year away.
func (s *Service) checkStocktake(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, in StocktakeInput, now time.Time) (*luoshi.Leader, time.Time, error) {
	var v luoshi.Validation
	var l *luoshi.Leader
	if in.LeaderID == 0 {
		v.Add("leader_id", "stocktake.leader.missing")
	} else if found, err := tx.FindLeaderByID(ctx, in.LeaderID); err != nil || found.RegionID != a.RegionID {
		if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
			return nil, time.Time{}, err
		}
		v.Add("leader_id", "stocktake.leader.unknown", in.LeaderID)
	} else {
		l = found
	}
	day, ok := parseDay(in.Date, s.loc)
	switch {
	case strings.TrimSpace(in.Date) == "":
		v.Add("date", "stocktake.date.missing")
	case !ok:
		v.Add("date", "stocktake.date.bad", in.Date)
	case day.After(now.AddDate(1, 0, 0)) || day.Before(now.AddDate(-1, 0, 0)):
		v.Add("date", "stocktake.date.far")
	}
	if err := v.Err(); err != nil {
		return nil, time.Time{}, err
	}
	if !stocktake.Generates(a, l.ID) {
		return nil, time.Time{}, forbidden("stocktake.forbidden.generate")
	}
	return l, day, nil
}

// GenerateStocktake makes a stocktake of a leader's portfolio on a date — the office any
// leader's, a leader their own, the county head anyone's — with its agenda taken from the
// data now and kept as it was.
func (s *Service) GenerateStocktake(ctx context.Context, a *luoshi.Actor, in StocktakeInput) (*StocktakeView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	if !stocktake.Office(a) && !a.Has(luoshi.RoleLeader) {
		return nil, forbidden("stocktake.forbidden.generate")
	}
	now := s.now()
	ctx = withActorName(ctx, a)
	var id int64
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		l, day, err := s.checkStocktake(ctx, tx, a, in, now)
		if err != nil {
			return err
		}
		draft := &luoshi.Stocktake{RegionID: a.RegionID, LeaderID: l.ID, LeaderName: l.Name, LeaderPost: l.Post, Whole: l.AllUnits,
			Date: day, CreatedBy: a.UserID}
		if draft.Agenda, err = s.stocktakeAgenda(ctx, tx, l, day, now); err != nil {
			return err
		}
		ev := luoshi.StocktakeEvent{Seq: 1, Kind: stocktake.Generated, ActorID: a.UserID, At: now, Data: luoshi.StocktakeEventData{Stocktake: draft}}
		st := &luoshi.Stocktake{}
		if err := stocktake.Apply(st, ev); err != nil {
			return err
		}
		if err := tx.CreateStocktake(ctx, st); err != nil {
			return err
		}
		id, ev.Data.Stocktake = st.ID, st.Clone()
		return s.stocktakeEvent(ctx, tx, a, st, &ev)
	})
	if err != nil {
		return nil, fmt.Errorf("generate stocktake: %w", err)
	}
	return s.GetStocktake(ctx, a, id)
}

// stocktakeAgenda takes the agenda of the leader's stocktake on day, now: the region's items
// with the names of units and leaders as they are, and the previous stocktake of the same
// leader (the latest dated before day) with the items its commitments track.
func (s *Service) stocktakeAgenda(ctx context.Context, tx luoshi.Tx, l *luoshi.Leader, day, now time.Time) (luoshi.StocktakeAgenda, error) {
	in := stocktake.Input{Leader: l, Policy: s.Policy(), At: now, Tracked: map[int64]*luoshi.Item{}}
	var err error
	if in.Units, in.Leaders, err = regionNames(ctx, tx, l.RegionID); err != nil {
		return luoshi.StocktakeAgenda{}, err
	}
	// Every item of the region has a deadline: the whole range is every item.
	if in.Items, err = tx.FindItemsDue(ctx, l.RegionID, time.Unix(0, 0), now.AddDate(100, 0, 0)); err != nil {
		return luoshi.StocktakeAgenda{}, err
	}
	list, err := tx.FindStocktakes(ctx, l.RegionID, l.ID)
	if err != nil {
		return luoshi.StocktakeAgenda{}, err
	}
	for _, p := range list {
		if p.Date.Before(day) {
			in.Previous = p
			break
		}
	}
	if in.Previous != nil {
		for _, c := range in.Previous.Commitments {
			it, err := tx.FindItemByID(ctx, c.Tracked())
			if err != nil && luoshi.ErrorCode(err) != luoshi.ENOTFOUND {
				return luoshi.StocktakeAgenda{}, err
			}
			if it != nil {
				in.Tracked[it.ID] = it
			}
		}
	}
	return stocktake.Agenda(in), nil
}

// regionNames are the region's units and leaders by id.
func regionNames(ctx context.Context, tx luoshi.Tx, region int64) (units, leaders map[int64]string, err error) {
	if units, err = unitNames(ctx, tx, region); err != nil {
		return nil, nil, err
	}
	ls, err := tx.FindLeaders(ctx, region)
	if err != nil {
		return nil, nil, err
	}
	leaders = map[int64]string{}
	for _, l := range ls {
		leaders[l.ID] = l.Name
	}
	return units, leaders, nil
}

// stocktakeEvent stores a stocktake's event and audits it.
func (s *Service) stocktakeEvent(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, st *luoshi.Stocktake, ev *luoshi.StocktakeEvent) error {
	ev.StocktakeID = st.ID
	if err := tx.AppendStocktakeEvent(ctx, ev, st.RegionID); err != nil {
		return err
	}
	d := ev.Data
	d.Stocktake = nil // the agenda is in the stocktake's document and its first event
	detail, _ := json.Marshal(d)
	return s.audit(ctx, tx, a, "stocktake."+ev.Kind, fmt.Sprintf("stocktake:%d leader:%d %s", st.ID, st.LeaderID,
		st.Date.In(s.loc).Format("2006-01-02")), luoshi.OutcomeSuccess, string(detail))
}

// findStocktake finds a stocktake the actor sees, else ENOTFOUND.
func findStocktake(ctx context.Context, tx luoshi.Tx, a *luoshi.Actor, id int64) (*luoshi.Stocktake, error) {
	st, err := tx.FindStocktakeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !stocktake.Sees(a, st) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "stocktake.not_found")
	}
	return st, nil
}

// stocktakeView is the stocktake as the actor may see it: whole, or — for a unit — only the
// commitments naming it and none of the agenda.
func (s *Service) stocktakeView(a *luoshi.Actor, st *luoshi.Stocktake, subj stocktake.Subject) *StocktakeView {
	v := &StocktakeView{Stocktake: st, Actions: nonNilStrings(stocktake.Allowed(subj, a, s.now()))}
	if stocktake.Full(a, st) {
		return v
	}
	part := st.Clone()
	part.Agenda = luoshi.StocktakeAgenda{At: st.Agenda.At, Red: []luoshi.StocktakeItem{}, Yellow: []luoshi.StocktakeItem{},
		Behind: []luoshi.StocktakeItem{}, Gaps: []luoshi.StocktakeItem{}, Previous: []luoshi.StocktakeFollowUp{}}
	part.Commitments = []luoshi.Commitment{}
	for _, c := range st.Commitments {
		if c.UnitID == a.UnitID {
			part.Commitments = append(part.Commitments, c)
		}
	}
	v.Stocktake, v.Partial = part, true
	return v
}

// stocktakeSubject is what a stocktake action is decided on.
func stocktakeSubject(ctx context.Context, tx luoshi.Tx, st *luoshi.Stocktake) (stocktake.Subject, error) {
	units, leaders, err := regionNames(ctx, tx, st.RegionID)
	return stocktake.Subject{Stocktake: st, Units: units, Leaders: leaders}, err
}

// GetStocktake returns a stocktake the actor sees.
func (s *Service) GetStocktake(ctx context.Context, a *luoshi.Actor, id int64) (*StocktakeView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	var v *StocktakeView
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		st, err := findStocktake(ctx, tx, a, id)
		if err != nil {
			return err
		}
		v = s.stocktakeView(a, st, stocktake.Subject{Stocktake: st})
		return nil
	})
	return v, err
}

// StocktakeEvents returns a stocktake's events, oldest first, to whoever sees it whole.
func (s *Service) StocktakeEvents(ctx context.Context, a *luoshi.Actor, id int64) ([]luoshi.StocktakeEvent, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	var evs []luoshi.StocktakeEvent
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		st, err := findStocktake(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !stocktake.Full(a, st) {
			return luoshi.Errorf(luoshi.ENOTFOUND, "stocktake.not_found")
		}
		evs, err = tx.FindStocktakeEvents(ctx, id)
		return err
	})
	return evs, err
}

// Stocktakes lists the stocktakes of the actor's region it sees, latest date first, as
// StocktakeView shows them.
func (s *Service) Stocktakes(ctx context.Context, a *luoshi.Actor) ([]*StocktakeView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	out := []*StocktakeView{}
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		list, err := tx.FindStocktakes(ctx, a.RegionID, 0)
		for _, st := range list {
			if stocktake.Sees(a, st) {
				out = append(out, s.stocktakeView(a, st, stocktake.Subject{Stocktake: st}))
			}
		}
		return err
	})
	return out, err
}

// StocktakeAct carries out an action on a stocktake (internal/stocktake) in one transaction:
// the spec decides the event; a commitment first becomes or changes its item through the
// item module (Commitments); the event is stored, folded in and audited.
func (s *Service) StocktakeAct(ctx context.Context, a *luoshi.Actor, id int64, act string, v flow.Values) (*StocktakeView, error) {
	if err := requireBusiness(a); err != nil {
		return nil, err
	}
	now := s.now()
	ctx = withActorName(ctx, a)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		st, err := findStocktake(ctx, tx, a, id)
		if err != nil {
			return err
		}
		subj, err := stocktakeSubject(ctx, tx, st)
		if err != nil {
			return err
		}
		ev, err := stocktake.Decide(subj, a, act, v, now)
		if err != nil {
			return err
		}
		if c := ev.Data.Commitment; c != nil {
			if s.Commitments == nil {
				return luoshi.Errorf(luoshi.EINTERNAL, "stocktake.no_items")
			}
			done, err := s.Commitments.CommitItem(ctx, tx, a, st, *c)
			if err != nil {
				return err
			}
			c.MadeItemID, c.MilestoneID, c.ItemCode = done.MadeItemID, done.MilestoneID, done.ItemCode
		}
		prev := st.Version
		next := st.Clone()
		ev.Seq = prev + 1
		if err := stocktake.Apply(next, ev); err != nil {
			return err
		}
		if err := tx.UpdateStocktake(ctx, next, prev); err != nil {
			return err
		}
		return s.stocktakeEvent(ctx, tx, a, next, &ev)
	})
	if err != nil {
		return nil, fmt.Errorf("%s stocktake %d: %w", act, id, err)
	}
	return s.GetStocktake(ctx, a, id)
}
