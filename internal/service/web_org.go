package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"luoshi/internal/luoshi"
)

// LeaderInput is what adding or changing a leader takes: the person, the post, the place in
// the list of leaders (Rank, lower first) and the portfolio (分管); AllUnits for the county
// head, who sees every unit. Nil fields of a change stay as they are; a new leader without a
// Rank goes last.
type LeaderInput struct {
	Name      *string  `json:"name"`
	Post      *string  `json:"post"`
	Rank      *int     `json:"rank"`
	AllUnits  *bool    `json:"all_units"`
	Portfolio *[]int64 `json:"portfolio"`
}

// maxLeaderRank bounds a leader's rank: the order of a county's few dozen leaders.
const maxLeaderRank = 999

// GetLeader returns one leader of the actor's region with the portfolio.
func (s *Service) GetLeader(ctx context.Context, a *luoshi.Actor, id int64) (*luoshi.Leader, error) {
	var l *luoshi.Leader
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		l, err = findLeaderIn(ctx, tx, a.RegionID, id)
		return err
	})
	return l, err
}

func findLeaderIn(ctx context.Context, tx luoshi.Tx, region, id int64) (*luoshi.Leader, error) {
	l, err := tx.FindLeaderByID(ctx, id)
	if err == nil && l.RegionID != region {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "leader.not_found")
	}
	return l, err
}

// CreateLeader adds a leader to the actor's region (system administrator).
func (s *Service) CreateLeader(ctx context.Context, a *luoshi.Actor, in LeaderInput) (*luoshi.Leader, error) {
	if err := s.requireSysadmin(ctx, a, "leader.create"); err != nil {
		return nil, err
	}
	l := &luoshi.Leader{RegionID: a.RegionID, Portfolio: []int64{}}
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := applyLeaderInput(ctx, tx, l, in, true); err != nil {
			return err
		}
		if in.Rank == nil {
			existing, err := tx.FindLeaders(ctx, a.RegionID)
			if err != nil {
				return err
			}
			for _, e := range existing {
				l.Rank = max(l.Rank, e.Rank+1)
			}
		}
		if err := tx.CreateLeader(ctx, l); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "leader.create", "leader:"+strconv.FormatInt(l.ID, 10), luoshi.OutcomeSuccess,
			describeLeader(l))
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// UpdateLeader changes a leader of the actor's region (system administrator): the name, the
// post, the rank, the portfolio (分工调整). The leader's accounts see the new portfolio at
// their next request: the sessions cached in this process are dropped, those of another
// luoshi process expire within cacheTTL.
func (s *Service) UpdateLeader(ctx context.Context, a *luoshi.Actor, id int64, in LeaderInput) (*luoshi.Leader, error) {
	if err := s.requireSysadmin(ctx, a, "leader.update"); err != nil {
		return nil, err
	}
	var l *luoshi.Leader
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		var err error
		if l, err = findLeaderIn(ctx, tx, a.RegionID, id); err != nil {
			return err
		}
		before := describeLeader(l)
		if err := applyLeaderInput(ctx, tx, l, in, false); err != nil {
			return err
		}
		if err := tx.UpdateLeader(ctx, l); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "leader.update", "leader:"+strconv.FormatInt(l.ID, 10), luoshi.OutcomeSuccess,
			before+" → "+describeLeader(l))
	})
	if err != nil {
		return nil, err
	}
	// The portfolio is part of each cached session's actor: what its items lists show.
	s.invalidate()
	return l, nil
}

// applyLeaderInput validates a leader's input and applies it to l: on creation every field,
// on a change the fields given. The portfolio's units must be units of the leader's region,
// each once, and a leader of all units has no list of them.
func applyLeaderInput(ctx context.Context, tx luoshi.Tx, l *luoshi.Leader, in LeaderInput, create bool) error {
	var v luoshi.Validation
	if in.Name != nil || create {
		l.Name = trimmed(in.Name)
		checkText(&v, "name", l.Name, luoshi.M("label.name"), 50, true)
	}
	if in.Post != nil || create {
		l.Post = trimmed(in.Post)
		checkText(&v, "post", l.Post, luoshi.M("label.post"), 50, true)
	}
	if in.Rank != nil {
		if *in.Rank < 0 || *in.Rank > maxLeaderRank {
			v.Add("rank", "leader.rank.invalid", maxLeaderRank)
		}
		l.Rank = *in.Rank
	}
	if in.AllUnits != nil {
		l.AllUnits = *in.AllUnits
	}
	if in.Portfolio != nil {
		l.Portfolio = []int64{}
		seen := map[int64]bool{}
		for _, u := range *in.Portfolio {
			if seen[u] {
				v.Add("portfolio", "leader.portfolio.repeated", u)
				continue
			}
			seen[u] = true
			_, err := findUnitIn(ctx, tx, l.RegionID, u)
			switch {
			case luoshi.ErrorCode(err) == luoshi.ENOTFOUND:
				v.Add("portfolio", "org.unit.id_not_found", u)
			case err != nil:
				return err
			default:
				l.Portfolio = append(l.Portfolio, u)
			}
		}
	}
	if l.AllUnits && len(l.Portfolio) > 0 {
		v.Add("portfolio", "leader.portfolio.all")
	}
	return v.Err()
}

func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// describeLeader is a leader as the audit trail records it.
func describeLeader(l *luoshi.Leader) string {
	scope := "全部单位"
	if !l.AllUnits {
		ids := make([]string, len(l.Portfolio))
		for i, u := range l.Portfolio {
			ids[i] = "#" + strconv.FormatInt(u, 10)
		}
		scope = strings.Join(ids, "、")
		if scope == "" {
			scope = "无"
		}
	}
	return fmt.Sprintf("%s %s（排序 %d；分管 %s）", l.Post, l.Name, l.Rank, scope)
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
