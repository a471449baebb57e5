package service

import (
	"sync"
	"time"
)

// cockpitCache keeps each cockpit (a region's, or a portfolio's) for statsTTL, as the unit
// counts are kept: the cockpit is read on phones and a wall screen far more often than items
// change, and any item event or proposal action in this process drops every cockpit at once
// (the stats cache's generation). Targets' actuals and key figures change rarely; they show
// within statsTTL.
type cockpitCache struct {
	mu sync.Mutex
	m  map[cockpitKey]*cockpitEntry
}

type cockpitKey struct{ region, leader int64 }

type cockpitEntry struct {
	mu     sync.Mutex
	gen    uint64
	second time.Time // the service clock, to the second, the figures were taken at
	loaded time.Time // wall clock
	c      *Cockpit
}

// get returns the cockpit at now from memory when fresh, else from load; each key's cockpit
// is computed at most once at a time.
func (cc *cockpitCache) get(k cockpitKey, gen uint64, now time.Time, load func() (*Cockpit, error)) (*Cockpit, error) {
	cc.mu.Lock()
	if cc.m == nil {
		cc.m = map[cockpitKey]*cockpitEntry{}
	}
	e := cc.m[k]
	if e == nil {
		e = &cockpitEntry{}
		cc.m[k] = e
	}
	cc.mu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	second := now.Truncate(time.Second)
	if e.c != nil && e.gen == gen && e.second.Equal(second) && time.Since(e.loaded) < statsTTL {
		c := *e.c
		return &c, nil
	}
	c, err := load()
	if err != nil {
		return nil, err
	}
	e.gen, e.second, e.loaded, e.c = gen, second, time.Now(), c
	out := *c
	return &out, nil
}
