package service

import (
	"sync"
	"time"
)

// statsTTL is how long a cockpit is served from memory.
const statsTTL = time.Second

// cockpitCache keeps each cockpit (a region's, or a portfolio's) for statsTTL: the cockpit is read on phones and a wall screen far more often than items
// change, and any item event or proposal action in this process drops every cockpit at once
// (the stats cache's generation). Targets' actuals and key figures change rarely; they show
// within statsTTL. While one request computes a cockpit whose figures only aged (no event
// since), the others are answered with the figures of the second before rather than wait.
type cockpitCache struct {
	mu sync.Mutex
	m  map[cockpitKey]*cockpitEntry
}

type cockpitKey struct{ region, leader int64 }

type cockpitEntry struct {
	mu      sync.Mutex
	done    *sync.Cond // signalled when a computation ends
	loading bool
	gen     uint64
	second  time.Time // the service clock, to the second, the figures were taken at
	loaded  time.Time // wall clock
	c       *Cockpit
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
		e.done = sync.NewCond(&e.mu)
		cc.m[k] = e
	}
	cc.mu.Unlock()
	second := now.Truncate(time.Second)
	e.mu.Lock()
	for {
		fresh := e.c != nil && e.gen == gen && e.second.Equal(second) && time.Since(e.loaded) < statsTTL
		if fresh || (e.loading && e.c != nil && e.gen == gen && !e.second.After(second)) {
			c := *e.c
			e.mu.Unlock()
			return &c, nil
		}
		if !e.loading {
			break
		}
		e.done.Wait()
	}
	e.loading = true
	e.mu.Unlock()
	var c *Cockpit
	var err error
	func() {
		// Even when load panics, the waiters are woken and the next request computes.
		defer func() {
			e.mu.Lock()
			e.loading = false
			if err == nil && c != nil {
				e.gen, e.second, e.loaded, e.c = gen, second, time.Now(), c
			}
			e.done.Broadcast()
			e.mu.Unlock()
		}()
		c, err = load()
	}()
	if err != nil {
		return nil, err
	}
	out := *c
	return &out, nil
}
