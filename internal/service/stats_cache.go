package service

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"luoshi/internal/luoshi"
)

// The per-unit counts of a region (the stats dashboard) are counted in memory from a
// snapshot of the region's item rows: what counting needs of each item (state, lead unit,
// the moments its light and deadline turn), so that any clock time counts exactly without a
// query. Counting every item in SQL on each request costs in proportion to the region's
// items, and with writes arriving several times a second a cache dropped by every write
// recomputes on nearly every request: the dashboard slowed as the county grew.
//
//   - An item event in this process marks its item changed (touch); every count re-reads the
//     rows of the marked items over the snapshot, so a process's own writes count at once
//     whether or not they had committed when marked. A mark is forgotten once a read that
//     began statsCommitSlack after it holds its row (the snapshot's or a count's own), so
//     a count reads again only the items written in the last moments, however long ago the
//     snapshot was read.
//   - The snapshot is read again in the background once it is statsRefresh old, and
//     synchronously when it is statsMaxAge old (after a quiet spell): writes that passed no
//     touch — another process sharing a PostgreSQL database, derived moments recomputed
//     without an event, the units' names — count within about statsRefresh. Reading the
//     snapshot costs about a millisecond of a core per 600 items and allocates a few hundred
//     bytes an item (30 ms at 18,000 items in the soak's fourth hour): read every five
//     seconds, as until then, its cost grew with the county into a large share of the
//     server's allocation (docs/performance.md, "Soak, the fifth hour"); every thirty
//     seconds it is a sixth of that.
const (
	statsRefresh       = 30 * time.Second
	statsMaxAge        = 90 * time.Second
	statsChangedWindow = 120 * time.Second // > statsMaxAge: a served snapshot's later changes are all still marked
	// statsCommitSlack: a mark older than a read by this much is dropped — its write is taken
	// to have committed within it, so the read holds it (a write slower to commit counts at
	// the next snapshot, as another process's would).
	statsCommitSlack = 2 * time.Second
	// statsOverlayMax bounds the items read again per count: past it (a burst of writes) the
	// snapshot is read again at once instead.
	statsOverlayMax = 256
)

// statsCache holds each region's snapshot. gen counts item events, for the caches that are
// dropped by any (cockpit, collaboration figures).
type statsCache struct {
	gen     atomic.Uint64
	mu      sync.Mutex
	regions map[int64]*regionStats
	wall    func() time.Time // the wall clock; tests move it
	// reread counts the rows read again over a snapshot. A background read calls loaded
	// between reading and installing, and installed after (tests act in between).
	reread            atomic.Uint64
	loaded, installed func()
}

type regionStats struct {
	mu      sync.Mutex // held while counting and while a synchronous read runs
	rows    []luoshi.StatRow
	at      map[int64]int // row index by item id
	units   []*luoshi.Unit
	read    time.Time // wall clock when the snapshot's read began
	loading bool      // a background read is running
	// newer: item id → when the read began that put the item's row over the snapshot (a
	// snapshot read earlier does not hold it; its marks may be gone).
	newer map[int64]time.Time
	// The last counts, at counted (Unix ms, service clock), hold until until unless the rows
	// change (version).
	version        uint64
	counts         []luoshi.UnitStats
	countsVersion  uint64
	counted, until int64

	chMu    sync.Mutex
	changed map[int64]time.Time // item id → when an event last touched it (wall clock)
}

// statsLoader reads a region's rows: all of them (ids nil, with the units) or those of ids.
type statsLoader func(ctx context.Context, ids []int64) ([]luoshi.StatRow, []*luoshi.Unit, error)

// invalidate is called for every item event and every other change the gen-keyed caches
// count (sign-offs, replies).
func (c *statsCache) invalidate() { c.gen.Add(1) }

// touch marks an item changed by an event (called inside the event's transaction).
func (c *statsCache) touch(region, item int64) {
	r := c.region(region)
	now := c.now()
	r.chMu.Lock()
	if r.changed == nil {
		r.changed = map[int64]time.Time{}
	}
	r.changed[item] = now
	r.chMu.Unlock()
}

func (c *statsCache) now() time.Time {
	if c.wall != nil {
		return c.wall()
	}
	return time.Now()
}

func (c *statsCache) region(id int64) *regionStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.regions == nil {
		c.regions = map[int64]*regionStats{}
	}
	r := c.regions[id]
	if r == nil {
		r = &regionStats{}
		c.regions[id] = r
	}
	return r
}

// count returns the region's per-unit counts at now (the service clock).
func (c *statsCache) count(ctx context.Context, region int64, now time.Time, load statsLoader) ([]luoshi.UnitStats, error) {
	r := c.region(region)
	r.mu.Lock()
	defer r.mu.Unlock()
	wall := c.now()
	if r.rows == nil || wall.Sub(r.read) >= statsMaxAge {
		rows, units, err := load(ctx, nil)
		if err != nil {
			return nil, err
		}
		r.install(rows, units, wall)
	} else if wall.Sub(r.read) >= statsRefresh && !r.loading {
		r.loading = true
		go c.refresh(r, load)
	}
	ids := r.recent(wall)
	if len(ids) > statsOverlayMax {
		rows, units, err := load(ctx, nil)
		if err != nil {
			return nil, err
		}
		r.install(rows, units, wall)
		if ids = r.recent(wall); len(ids) > statsOverlayMax {
			ids = nil // the writes of the last moments, if not in the read, count at the next
		}
	}
	if len(ids) > 0 {
		rows, _, err := load(ctx, ids)
		if err != nil {
			return nil, err
		}
		c.reread.Add(uint64(len(ids)))
		r.overlay(rows, wall)
		r.settle(ids, wall)
	}
	t := now.UnixMilli()
	if r.counts == nil || r.countsVersion != r.version || t < r.counted || t >= r.until {
		r.counts, r.until = luoshi.CountStatsUntil(r.rows, r.units, now)
		r.countsVersion, r.counted = r.version, t
	}
	return append([]luoshi.UnitStats(nil), r.counts...), nil
}

// refresh reads the snapshot again in the background and installs it.
func (c *statsCache) refresh(r *regionStats, load statsLoader) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	began := c.now()
	rows, units, err := load(ctx, nil)
	if c.loaded != nil {
		c.loaded()
	}
	r.mu.Lock()
	r.loading = false
	if err == nil && began.After(r.read) {
		r.install(rows, units, began)
	}
	r.mu.Unlock()
	if c.installed != nil {
		c.installed()
	}
}

func (r *regionStats) install(rows []luoshi.StatRow, units []*luoshi.Unit, read time.Time) {
	// Rows a count read after this snapshot's read began stay over it.
	var keep []luoshi.StatRow
	for id, at := range r.newer {
		if i, ok := r.at[id]; ok && at.After(read) {
			keep = append(keep, r.rows[i])
		} else {
			delete(r.newer, id)
		}
	}
	r.rows, r.units, r.read = rows, units, read
	r.version++
	r.at = make(map[int64]int, len(rows))
	for i, row := range rows {
		r.at[row.ID] = i
	}
	r.put(keep)
}

// overlay puts rows of a read begun at read over the snapshot.
func (r *regionStats) overlay(rows []luoshi.StatRow, read time.Time) {
	if r.newer == nil {
		r.newer = map[int64]time.Time{}
	}
	for _, row := range rows {
		r.newer[row.ID] = read
	}
	r.put(rows)
}

func (r *regionStats) put(rows []luoshi.StatRow) {
	for _, row := range rows {
		if i, ok := r.at[row.ID]; ok {
			if r.rows[i] != row {
				r.rows[i] = row
				r.version++
			}
		} else {
			r.version++
			r.at[row.ID] = len(r.rows)
			r.rows = append(r.rows, row)
		}
	}
}

// settle forgets the marks of ids that a read begun at read holds: those older than it by
// statsCommitSlack (a mark touched again since stays).
func (r *regionStats) settle(ids []int64, read time.Time) {
	r.chMu.Lock()
	defer r.chMu.Unlock()
	for _, id := range ids {
		if at, ok := r.changed[id]; ok && at.Before(read.Add(-statsCommitSlack)) {
			delete(r.changed, id)
		}
	}
}

// recent lists the items touched within statsChangedWindow of wall and since the snapshot's
// read (less statsCommitSlack), and forgets the other marks.
func (r *regionStats) recent(wall time.Time) []int64 {
	r.chMu.Lock()
	defer r.chMu.Unlock()
	var ids []int64
	for id, at := range r.changed {
		if wall.Sub(at) >= statsChangedWindow || at.Before(r.read.Add(-statsCommitSlack)) {
			delete(r.changed, id)
		} else {
			ids = append(ids, id)
		}
	}
	return ids
}
