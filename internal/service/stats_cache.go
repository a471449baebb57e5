package service

import (
	"sync"
	"sync/atomic"
	"time"

	"luoshi/internal/luoshi"
)

// statsTTL is how long a region's per-unit counts are served from memory. Dashboards are read
// far more often than items change, and counting a province's region on every request cannot
// stay within 10 ms under load; any item event in this process drops the counts at once.
const statsTTL = time.Second

// statsCache keeps each region's per-unit counts briefly, computing each region's at most once
// at a time.
type statsCache struct {
	gen     atomic.Uint64
	mu      sync.Mutex
	regions map[int64]*regionStats
}

type regionStats struct {
	mu     sync.Mutex
	gen    uint64
	second time.Time // the service clock, to the second, the counts were taken at
	loaded time.Time // wall clock
	stats  []luoshi.UnitStats
}

// invalidate is called for every item event.
func (c *statsCache) invalidate() { c.gen.Add(1) }

// get returns the region's counts at now, from memory when fresh, else from load.
func (c *statsCache) get(region int64, now time.Time, load func() ([]luoshi.UnitStats, error)) ([]luoshi.UnitStats, error) {
	c.mu.Lock()
	if c.regions == nil {
		c.regions = map[int64]*regionStats{}
	}
	r := c.regions[region]
	if r == nil {
		r = &regionStats{}
		c.regions[region] = r
	}
	c.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	gen, second := c.gen.Load(), now.Truncate(time.Second)
	if r.stats != nil && r.gen == gen && r.second.Equal(second) && time.Since(r.loaded) < statsTTL {
		return append([]luoshi.UnitStats(nil), r.stats...), nil
	}
	stats, err := load()
	if err != nil {
		return nil, err
	}
	r.gen, r.second, r.loaded, r.stats = gen, second, time.Now(), stats
	return append([]luoshi.UnitStats(nil), stats...), nil
}
