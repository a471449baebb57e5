package service

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"luoshi/internal/luoshi"
)

const policyKey = "security_policy"

// SecurityPolicy returns the policy in force: the stored one, or the production default.
func (s *Service) SecurityPolicy(ctx context.Context) (luoshi.SecurityPolicy, error) {
	s.mu.RLock()
	if s.secPolicy != nil && time.Since(s.secLoaded) < cacheTTL {
		p := *s.secPolicy
		s.mu.RUnlock()
		return p, nil
	}
	s.mu.RUnlock()
	var p luoshi.SecurityPolicy
	err := s.Store.View(ctx, func(tx luoshi.Tx) error {
		var err error
		p, err = loadPolicy(ctx, tx)
		return err
	})
	if err != nil {
		return p, err
	}
	s.mu.Lock()
	s.secPolicy, s.secLoaded = &p, time.Now()
	s.mu.Unlock()
	return p, nil
}

func loadPolicy(ctx context.Context, tx luoshi.Tx) (luoshi.SecurityPolicy, error) {
	p := luoshi.DefaultSecurityPolicy()
	raw, ok, err := tx.Setting(ctx, policyKey)
	if err != nil || !ok {
		return p, err
	}
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return p, err
	}
	return p, nil
}

// SetSecurityPolicy replaces the policy; the security administrator's alone. Nil actor
// means the command line or the demo loader.
func (s *Service) SetSecurityPolicy(ctx context.Context, a *luoshi.Actor, p luoshi.SecurityPolicy) (luoshi.SecurityPolicy, error) {
	if a != nil && !a.Has(luoshi.RoleSecadmin) {
		return p, s.deny(ctx, a, "security.policy", "policy", "security.policy.forbidden")
	}
	if p.MFARequiredRoles == nil {
		p.MFARequiredRoles = []luoshi.Role{}
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	raw, _ := json.Marshal(p)
	err := s.Store.Update(ctx, func(tx luoshi.Tx) error {
		if err := requireTopRegion(ctx, tx, a); err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, policyKey, string(raw)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "security.policy", "policy", luoshi.OutcomeSuccess, string(raw))
	})
	s.invalidate()
	return p, err
}

// cacheTTL bounds how long another luoshi process may act on a revoked session or changed
// role; within this process every change invalidates at once.
const cacheTTL = 5 * time.Second

// sessionCache keeps authenticated sessions for a few seconds so that token validation costs
// a map lookup, not four queries.
type sessionCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]cachedSession
}

type cachedSession struct {
	sess   luoshi.Session
	actor  luoshi.Actor
	loaded time.Time
	gen    uint64
}

func (c *sessionCache) get(hash string) (cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || e.gen != c.gen || time.Since(e.loaded) > cacheTTL {
		return e, false
	}
	return e, true
}

func (c *sessionCache) put(hash string, e cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 100000 {
		c.m = map[string]cachedSession{}
	}
	e.gen, e.loaded = c.gen, time.Now()
	c.m[hash] = e
}

func (c *sessionCache) touch(hash string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[hash]; ok {
		e.sess.LastSeenAt = at
		c.m[hash] = e
	}
}

// InvalidateSessions drops the session cache, as any security change does; for benchmarks
// and operators' tools.
func (s *Service) InvalidateSessions() { s.invalidate() }

// invalidate drops every cached session and policy, after any security change.
func (s *Service) invalidate() {
	s.sessions.mu.Lock()
	s.sessions.gen++
	s.sessions.m = nil
	s.sessions.mu.Unlock()
	s.mu.Lock()
	s.secPolicy = nil
	s.mu.Unlock()
}

// rateLimiter counts login attempts per address over a sliding minute: an attempt is
// allowed when fewer than the limit were allowed in the minute before it, whenever that
// minute began (a clock minute would admit twice the limit across its boundary).
type rateLimiter struct {
	mu     sync.Mutex
	recent map[string][]time.Time // per address, the allowed attempts of the last minute, oldest first
	swept  time.Time
}

// allow records an attempt from addr and reports whether it is within limit per minute.
// Refused attempts are not recorded, so that a client that keeps trying is let in again
// once its earlier attempts are a minute old.
func (r *rateLimiter) allow(addr string, limit int, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.recent == nil {
		r.recent = map[string][]time.Time{}
	}
	from := now.Add(-time.Minute)
	if now.Sub(r.swept) > time.Minute {
		r.sweep(from)
		r.swept = now
	}
	times := r.recent[addr]
	k := 0
	for k < len(times) && !times[k].After(from) {
		k++
	}
	times = times[k:]
	if len(times) >= limit {
		r.recent[addr] = times
		return false
	}
	r.recent[addr] = append(times, now)
	return true
}

// sweep forgets the addresses with no attempt after from, so that the map holds only the
// addresses of the last minute or two.
func (r *rateLimiter) sweep(from time.Time) {
	for addr, times := range r.recent {
		if len(times) == 0 || !times[len(times)-1].After(from) {
			delete(r.recent, addr)
		}
	}
}
