package service

import (
	"context"
	"sync"
	"time"

	"luoshi/internal/luoshi"
)

// Collaboration are a region's collaboration metrics (协作指标) for a year: per unit, the
// assignments made to it that year and what became of them (luoshi.Policy.Collaboration).
type Collaboration struct {
	RegionID int64               `json:"region_id"`
	Year     int                 `json:"year"`
	Units    []luoshi.UnitCollab `json:"units"`
	// Declines are filled by CollaborationDeclines only: one unit's declines, oldest first.
	Declines []luoshi.CollabDecline `json:"declines,omitempty"`
}

// CollaborationMetrics returns the collaboration metrics of a region (0: the actor's own, or
// one below it that a city account reads) for a year (0: the current year in the region's
// zone). The supervision office, the county head and a city account see every unit; another
// leader the units of the portfolio; a unit's liaison or staff the own unit — as UnitStatsIn.
func (s *Service) CollaborationMetrics(ctx context.Context, a *luoshi.Actor, regionID int64, year int) (*Collaboration, error) {
	c, _, err := s.collaboration(ctx, a, regionID, year)
	return c, err
}

// CollaborationDeclines returns one unit's row of the collaboration metrics with its
// declines (退办): which item, when, the reason given, and what the office did next.
// A unit of another region is not found; one the actor may not see is forbidden.
func (s *Service) CollaborationDeclines(ctx context.Context, a *luoshi.Actor, regionID, unitID int64, year int) (*Collaboration, error) {
	c, rep, err := s.collaboration(ctx, a, regionID, year)
	if err != nil {
		return nil, err
	}
	var unit *luoshi.Unit
	err = s.Store.View(ctx, func(tx luoshi.Tx) (err error) {
		unit, err = tx.FindUnitByID(ctx, unitID)
		return err
	})
	if luoshi.ErrorCode(err) == luoshi.ENOTFOUND || (err == nil && unit.RegionID != c.RegionID) {
		return nil, luoshi.Errorf(luoshi.ENOTFOUND, "unit.not_found")
	}
	if err != nil {
		return nil, err
	}
	if !seesUnitRow(a, c.RegionID, unitID) {
		return nil, forbidden("collab.declines.forbidden")
	}
	units := []luoshi.UnitCollab{}
	for _, u := range c.Units {
		if u.UnitID == unitID {
			units = append(units, u)
		}
	}
	declines := []luoshi.CollabDecline{}
	for _, d := range rep.Declines {
		if d.UnitID == unitID {
			declines = append(declines, d)
		}
	}
	c.Units, c.Declines = units, declines
	return c, nil
}

// seesUnitRow reports whether the actor sees a unit's row of the per-unit figures of a
// region: every row of a region below its own (the city), else as UnitStatsIn filters.
func seesUnitRow(a *luoshi.Actor, region, unit int64) bool {
	return region != a.RegionID || a.Has(luoshi.RoleSupervisor) || a.Oversees(unit) || unit == a.UnitID
}

// collaboration computes the metrics: the region's events of the kinds they read, from the
// start of the year to now (an assignment of the year may be declined or accepted after it).
func (s *Service) collaboration(ctx context.Context, a *luoshi.Actor, regionID int64, year int) (*Collaboration, luoshi.CollabReport, error) {
	var rep luoshi.CollabReport
	if err := requireReader(a); err != nil {
		return nil, rep, err
	}
	region, err := readRegion(a, regionID)
	if err != nil {
		return nil, rep, err
	}
	if year != 0 {
		if err := validYear(year); err != nil {
			return nil, rep, err
		}
	}
	now, p := s.now(), s.Policy()
	var units []*luoshi.Unit
	var from, to time.Time
	key := collabKey{region, year, now.Truncate(time.Minute)}
	gen := s.stats.gen.Load()
	if e, ok := s.collab.get(key, gen); ok {
		year, units, rep = e.year, e.units, e.rep
	} else if err = s.Store.View(luoshi.MayReadStale(ctx), func(tx luoshi.Tx) error {
		r, err := tx.FindRegionByID(ctx, region)
		if err != nil {
			return err
		}
		loc := s.loc
		if l, err := time.LoadLocation(r.TZ); err == nil && r.TZ != "" {
			loc = l
		}
		if year == 0 {
			year = now.In(loc).Year()
		}
		from = time.Date(year, 1, 1, 0, 0, 0, 0, loc)
		to = from.AddDate(1, 0, 0)
		end := to
		if !now.Before(end) {
			end = now.Add(time.Millisecond)
		}
		if units, err = tx.FindUnits(ctx, region); err != nil {
			return err
		}
		evs, err := tx.CollabEvents(ctx, region, luoshi.CollabKinds, from, end)
		if err != nil {
			return err
		}
		props, err := tx.FindProposals(ctx, luoshi.ProposalFilter{RegionID: region})
		if err != nil {
			return err
		}
		rep = p.Collaboration(evs, luoshi.OwedReplies(props, from, to), from, to, now)
		topics, err := tx.FindTopics(ctx, luoshi.TopicFilter{RegionID: region})
		if err != nil {
			return err
		}
		rep.CountSignOffs(luoshi.OwedSignOffs(topics, from, to), from, to, now)
		return nil
	}); err != nil {
		return nil, rep, err
	} else {
		s.collab.put(key, collabEntry{gen: gen, year: year, units: units, rep: rep})
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	c := &Collaboration{RegionID: region, Year: year, Units: []luoshi.UnitCollab{}}
	for _, u := range rep.Units {
		if seesUnitRow(a, region, u.UnitID) {
			u.UnitName = names[u.UnitID]
			c.Units = append(c.Units, u)
		}
	}
	return c, rep, nil
}

// collabTTL is how long a region's collaboration figures are served from memory: they are
// the year's history, read on a dashboard, and take a province's region ~200 ms to compute
// (docs/performance.md). Any item event in this process drops them at once (the generation
// the unit statistics' cache counts), and they are recomputed each minute of the clock, for
// the acceptances that have since become overdue.
const collabTTL = 30 * time.Second

type collabKey struct {
	region int64
	year   int // as asked: 0 for the current one
	minute time.Time
}

type collabEntry struct {
	gen    uint64
	loaded time.Time // wall clock
	year   int
	units  []*luoshi.Unit
	rep    luoshi.CollabReport // read-only once stored
}

type collabCache struct {
	mu sync.Mutex
	m  map[collabKey]collabEntry
}

func (c *collabCache) get(k collabKey, gen uint64) (collabEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	return e, ok && e.gen == gen && time.Since(e.loaded) < collabTTL
}

func (c *collabCache) put(k collabKey, e collabEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 1000 {
		c.m = map[collabKey]collabEntry{} // a crude bound: regions × years × minutes
	}
	e.loaded = time.Now()
	c.m[k] = e
}
