package service

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"luoshi/internal/luoshi"
)

// LeaderInput is what adding a leader takes: the person, the post and the portfolio (分管);
// AllUnits for the county head, who sees every unit.
type LeaderInput struct {
	Name      string
	Post      string
	AllUnits  bool
	Portfolio []int64
}

// CreateLeader adds a leader to the actor's region (system administrator).
func (s *Service) CreateLeader(ctx context.Context, a *luoshi.Actor, in LeaderInput) (*luoshi.Leader, error) {
	if err := s.requireSysadmin(ctx, a, "leader.create"); err != nil {
		return nil, err
	}
	var v luoshi.Validation
	l := &luoshi.Leader{RegionID: a.RegionID, Name: strings.TrimSpace(in.Name), Post: strings.TrimSpace(in.Post),
		AllUnits: in.AllUnits, Portfolio: []int64{}}
	textField(&v, "name", l.Name, "姓名", 50, true)
	textField(&v, "post", l.Post, "职务", 50, true)
	if in.AllUnits && len(in.Portfolio) > 0 {
		v.Add("portfolio", "分管全部单位时不必再逐个勾选")
	}
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		for _, u := range in.Portfolio {
			if _, err := findUnitIn(ctx, tx, a.RegionID, u); err != nil {
				v.Add("portfolio", "单位 %d 不存在", u)
			} else if !slices.Contains(l.Portfolio, u) {
				l.Portfolio = append(l.Portfolio, u)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		existing, err := tx.FindLeaders(ctx, a.RegionID)
		if err != nil {
			return err
		}
		l.Rank = len(existing)
		if err := tx.CreateLeader(ctx, l); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "leader.create", "leader:"+strconv.FormatInt(l.ID, 10), luoshi.OutcomeSuccess,
			l.Post+" "+l.Name)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// SecondFactorEnabled reports whether the actor's account has a confirmed second factor.
func (s *Service) SecondFactorEnabled(ctx context.Context, a *luoshi.Actor) (bool, error) {
	var on bool
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		c, err := tx.FindCredentials(ctx, a.UserID)
		if err != nil {
			return err
		}
		on = c.TOTPEnabled
		return nil
	})
	return on, err
}
