package service

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/proposal"
)

// Cockpit is the leaders' cockpit (领导驾驶舱): how the county — or a deputy head's portfolio —
// stands, in figures taken from summary queries. Every figure is an outcome (items done on
// time, lights, schedule, targets, ranks, replies and verdicts), never an activity count.
type Cockpit struct {
	// Leader is the leader whose portfolio the figures cover; nil for the county as a whole.
	Leader *luoshi.Leader
	// Units are the lead units in scope; nil for the whole county.
	Units []int64
	Now   time.Time
	Year  int
	// YearStart is the first moment of the year in the region's zone: week 1 starts there.
	YearStart time.Time
	// Counts are the item figures (lights, schedule, weeks, overdue by unit, decisions).
	Counts *luoshi.CockpitCounts
	// Due and OnTime: the items of the year's on-time rate (due and passed, or completed) and
	// those completed on time.
	Due, OnTime int
	// Overdue: the units with overdue items, worst first, named.
	Overdue []CockpitUnit
	Targets CockpitTargets
	// Indicators: the county's standing on each key indicator in its latest quarter.
	Indicators []KeyIndicatorView
	// Proposals: this year's sessions' figures over the proposals led by units in scope; nil
	// when the year has no session.
	Proposals *proposal.Figures
}

// CockpitUnit is one unit's overdue items.
type CockpitUnit struct {
	UnitLate
	UnitName string
}

// CockpitTargets counts the indicators of the signed target letters of the year in scope:
// on track (green), off track (yellow or red) and not yet reported (no actual so far).
type CockpitTargets struct {
	Indicators, OnTrack, OffTrack, Unreported int
}

// Rate is n of of in percent with one decimal; 0 of nothing.
func Rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(int(float64(n)*1000/float64(of)+0.5)) / 10
}

// OnTimeRate is the year's on-time completion rate so far, in percent.
func (c *Cockpit) OnTimeRate() float64 { return Rate(c.OnTime, c.Due) }

// CockpitFor names whose cockpit an actor opens: the county head and the supervision office
// any leader's (0: the county), another leader their own portfolio only. Units and
// administrators have none: the workbench is theirs.
func cockpitAllowed(a *luoshi.Actor, leaderID int64) error {
	if err := requireBusiness(a); err != nil {
		return err
	}
	switch {
	case a.Has(luoshi.RoleSupervisor), a.Has(luoshi.RoleLeader) && a.AllUnits:
		return nil
	case a.Has(luoshi.RoleLeader) && (leaderID == 0 || leaderID == a.LeaderID):
		return nil
	case a.Has(luoshi.RoleLeader):
		return forbidden("cockpit.other_portfolio")
	}
	return forbidden("cockpit.leaders_only")
}

// Cockpit computes the cockpit of leaderID's portfolio (0: the actor's own as a deputy head,
// else the county).
func (s *Service) Cockpit(ctx context.Context, a *luoshi.Actor, leaderID int64) (*Cockpit, error) {
	if err := cockpitAllowed(a, leaderID); err != nil {
		return nil, err
	}
	if leaderID == 0 && a.Has(luoshi.RoleLeader) && !a.AllUnits && !a.Has(luoshi.RoleSupervisor) {
		leaderID = a.LeaderID
	}
	now := s.now()
	gen := s.stats.gen.Load() // before reading: an event after this drops what is read
	return s.cockpits.get(cockpitKey{a.RegionID, leaderID}, gen, now, func() (*Cockpit, error) {
		return s.cockpit(ctx, a, leaderID, now)
	})
}

// cockpit computes the figures at now.
func (s *Service) cockpit(ctx context.Context, a *luoshi.Actor, leaderID int64, now time.Time) (*Cockpit, error) {
	year := now.In(s.loc).Year()
	c := &Cockpit{Now: now, Year: year, YearStart: time.Date(year, 1, 1, 0, 0, 0, 0, s.loc)}
	err := s.Store.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		if leaderID != 0 {
			l, err := tx.FindLeaderByID(ctx, leaderID)
			if err != nil || l.RegionID != a.RegionID {
				return luoshi.Errorf(luoshi.ENOTFOUND, "cockpit.leader.not_found")
			}
			if !l.AllUnits {
				c.Leader, c.Units = l, append([]int64{}, l.Portfolio...)
			}
		}
		scope := luoshi.CockpitScope{RegionID: a.RegionID, LeadUnits: c.Units, Now: now, YearStart: c.YearStart,
			YearEnd: time.Date(year+1, 1, 1, 0, 0, 0, 0, s.loc)}
		var err error
		if c.Counts, err = tx.CockpitCounts(ctx, scope); err != nil {
			return err
		}
		units, err := unitMap(ctx, tx, a.RegionID)
		if err != nil {
			return err
		}
		c.overdue(units, now)
		if err := s.cockpitTargets(ctx, tx, a.RegionID, c); err != nil {
			return err
		}
		return s.cockpitProposals(ctx, tx, a.RegionID, c)
	})
	if err != nil {
		return nil, err
	}
	for _, w := range c.Counts.Weeks {
		c.Due += w.Due
		c.OnTime += w.OnTime
	}
	// Key indicators are the county's: the same for every portfolio.
	if c.Indicators, err = s.KeyIndicatorsIn(ctx, a, 0, 0); err != nil {
		return nil, err
	}
	return c, nil
}

// overdue names and orders the units with overdue items, worst first (as the workbench).
func (c *Cockpit) overdue(units map[int64]*luoshi.Unit, now time.Time) {
	for _, u := range c.Counts.Overdue {
		days := int((now.Sub(u.Earliest) + 24*time.Hour - 1) / (24 * time.Hour))
		cu := CockpitUnit{UnitLate: UnitLate{UnitID: u.UnitID, Overdue: u.Overdue, Red: u.Red, MaxDays: days}}
		if n := units[u.UnitID]; n != nil {
			cu.UnitName = n.Name
		}
		c.Overdue = append(c.Overdue, cu)
	}
	slices.SortFunc(c.Overdue, func(x, y CockpitUnit) int { return worse(x.UnitLate, y.UnitLate) })
}

// cockpitTargets tracks the indicators of the year's signed letters of the units in scope.
func (s *Service) cockpitTargets(ctx context.Context, tx luoshi.Tx, region int64, c *Cockpit) error {
	letters, err := tx.FindLetters(ctx, luoshi.LetterFilter{RegionID: region, Year: c.Year, UnitIDs: c.Units,
		State: luoshi.LetterSigned})
	if err != nil || len(letters) == 0 {
		return err
	}
	rules, err := s.targetRules(ctx, tx, region)
	if err != nil {
		return err
	}
	ids := make([]int64, len(letters))
	for i, l := range letters {
		ids[i] = l.ID
	}
	actuals, err := tx.FindActuals(ctx, ids)
	if err != nil {
		return err
	}
	for _, l := range letters {
		for i := range l.Indicators {
			ind := &l.Indicators[i]
			st := luoshi.Track(ind, actuals, ind.Period.DuePeriod(c.Year, c.Now, s.loc), rules)
			c.Targets.Indicators++
			switch st.Light {
			case luoshi.LightGreen:
				c.Targets.OnTrack++
			case luoshi.LightYellow, luoshi.LightRed:
				c.Targets.OffTrack++
			default:
				c.Targets.Unreported++
			}
		}
	}
	return nil
}

// cockpitProposals sums this year's sessions' figures over the proposals led by units in
// scope. Promises kept are not counted here (they would read the promises' items).
func (s *Service) cockpitProposals(ctx context.Context, tx luoshi.Tx, region int64, c *Cockpit) error {
	sessions, err := tx.FindProposalSessions(ctx, region)
	if err != nil {
		return err
	}
	never := func(int64) bool { return false }
	for _, ses := range sessions {
		if ses.Year != c.Year {
			continue
		}
		ps, err := tx.FindProposals(ctx, luoshi.ProposalFilter{RegionID: region, SessionID: ses.ID})
		if err != nil {
			return err
		}
		if c.Proposals == nil {
			c.Proposals = &proposal.Figures{}
		}
		for _, p := range ps {
			if c.Units == nil || slices.Contains(c.Units, p.LeadUnitID) {
				c.Proposals.Count(p, never)
			}
		}
	}
	if c.Proposals != nil {
		c.Proposals.Rates()
	}
	return nil
}

// portfolioUnits turns a list's portfolio filter (a leader of the region) into the lead units
// it allows, as the cockpit scopes a deputy head's figures: the county head's is every unit;
// and its year due into the span the cockpit's on-time rate counts.
func (s *Service) portfolioUnits(ctx context.Context, tx luoshi.Tx, f *luoshi.ItemFilter) error {
	if f.DueYear != 0 {
		from := time.Date(f.DueYear, 1, 1, 0, 0, 0, 0, s.loc)
		before := time.Date(f.DueYear+1, 1, 1, 0, 0, 0, 0, s.loc)
		f.DueFrom, f.DueBefore = &from, &before
	}
	if f.Portfolio == nil {
		return nil
	}
	l, err := tx.FindLeaderByID(ctx, *f.Portfolio)
	if err != nil || l.RegionID != f.RegionID {
		return luoshi.Invalid("portfolio", "cockpit.leader.not_found")
	}
	if !l.AllUnits {
		f.LeadUnits = append([]int64{}, l.Portfolio...)
	}
	return nil
}

// BackfillSchedule computes the schedule moments of the items stored before they were kept
// (schema 17), in batches; it returns how many it computed. Run at start.
func (s *Service) BackfillSchedule(ctx context.Context) (int, error) {
	done := 0
	for {
		n := 0
		err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
			items, err := tx.FindScheduleUnset(ctx, 200)
			if err != nil {
				return err
			}
			p := s.Policy()
			for _, it := range items {
				children, err := tx.FindChildren(ctx, it.ID)
				if err != nil {
					return err
				}
				if err := tx.UpdateItemDerived(ctx, it.ID, s.derive(p, it, children)); err != nil {
					return err
				}
			}
			n = len(items)
			return nil
		})
		done += n
		if err != nil || n == 0 {
			return done, err
		}
	}
}

// Link is the address of the item list that shows the items behind a figure: the list's
// filters kv (name, value …), within the portfolio when the cockpit is a deputy head's.
func (c *Cockpit) Link(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	if c.Leader != nil {
		q.Set("portfolio", strconv.FormatInt(c.Leader.ID, 10))
	}
	return "/items?" + q.Encode()
}

// DueLink lists the items due in the year so far; onTime "true" or "false" narrows it.
func (c *Cockpit) DueLink(onTime string) string {
	kv := []string{"due_year", strconv.Itoa(c.Year)}
	if onTime != "" {
		kv = append(kv, "on_time", onTime)
	}
	return c.Link(kv...)
}

// WeekPoint is one week of the on-time trend: the items due that week and completed on time,
// the week's rate and the year's rate up to the week's end.
type WeekPoint struct {
	luoshi.WeekOnTime
	Rate, Cumulative float64
	SoFar            int // the items counted from week 1 to this one
}

// Trend is the on-time rate week by week, from week 1 to the current week (weeks without
// items due carry the year's rate on).
func (c *Cockpit) Trend() []WeekPoint {
	weeks := int(c.Now.Sub(c.YearStart)/(7*24*time.Hour)) + 1
	out := make([]WeekPoint, weeks)
	for _, w := range c.Counts.Weeks {
		if w.Week >= 1 && w.Week <= weeks {
			out[w.Week-1].WeekOnTime = w
		}
	}
	due, onTime := 0, 0
	for i := range out {
		out[i].Week = i + 1
		due, onTime = due+out[i].Due, onTime+out[i].OnTime
		out[i].Rate, out[i].Cumulative, out[i].SoFar = Rate(out[i].OnTime, out[i].Due), Rate(onTime, due), due
	}
	return out
}
