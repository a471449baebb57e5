package service

import (
	"container/list"
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"luoshi/internal/luoshi"
)

// The answer cache keeps the encoded answers of the item list and the item detail
// (GET /api/v1/items, /items/{id}, /items/{id}/events), which are read far more often than
// items change. Nothing kept can go stale:
//
//   - Data: a list is kept under the store's data version (luoshi.DataVersioner), read as
//     the first statement of the transaction the answer is read in, and served only while the
//     version is the same — any committed write that could change an answer changes it, on
//     SQLite and on PostgreSQL whichever process wrote (store/version.go). An item's detail
//     and timeline are kept under the item's stamp where the store has one
//     (luoshi.ItemStamper; PostgreSQL: of the rows they are read from, so that a write to
//     another item leaves them kept), else under the data version; either is read before
//     the answer's own read (versionBefore).
//   - Time: an answer is computed at a moment and served only from that moment until the
//     earliest moment at which anything it computes from the clock could differ — the
//     moments of the items it shows (luoshi.Policy.ViewMoments) and, for a list whose filter
//     compares stored moments with now (overdue, light, schedule, due year), the region's next
//     such moment (Tx.NextItemMoment). There is no fixed lifetime.
//   - Policy: an answer is served only under the policy (and calendar) it was computed with.
//   - Reader: the key holds the whole actor but the session (user, roles, unit, region,
//     leader, portfolio, regions read) and the whole filter, so one user's answer is never
//     another's; the role checks run on every request before the cache is asked, and what
//     the answer itself decides of the reader (whether the item is visible) stands on the
//     same actor and data. Only successful answers are kept.
//
// Memory is bounded by a byte budget, least recently used first out.

// DefaultAnswerBudget is the answer cache's size when Service.AnswerBudget is 0.
const DefaultAnswerBudget = 16 << 20

// mark is what the data an answer was read from is known by: the data version, and for an
// item's answers on a store with item stamps (luoshi.ItemStamper) also the item's stamp,
// read with the version before the answer's read.
type mark struct {
	version int64
	stamp   string
}

// validity says when an answer read from the store stays the answer: while the data
// version is the same (or, byStamp, the item's stamp), the policy is policy (nil: it
// depends on none), and the service clock is in [from, until) (zero until: any moment from
// on; zero from: any moment).
type validity struct {
	mark
	policy      *luoshi.Policy
	from, until time.Time
}

func (v *validity) holds(m mark, byStamp bool, p *luoshi.Policy, now time.Time) bool {
	same := v.version == m.version
	if byStamp {
		same = v.stamp != "" && v.stamp == m.stamp
	}
	return same && v.live(p, now)
}

// live: the answer's policy and time still hold, whatever its data.
func (v *validity) live(p *luoshi.Policy, now time.Time) bool {
	return (v.policy == nil || v.policy == p) && !now.Before(v.from) &&
		(v.until.IsZero() || now.Before(v.until))
}

// answerCache is the cache: one entry per key, the newest computed.
type answerCache struct {
	mu      sync.Mutex
	budget  int
	used    int
	entries map[string]*list.Element
	lru     list.List
	hits    atomic.Int64
	misses  atomic.Int64
	// regions keeps each region's next stored moment of the kinds a list asked for.
	regions map[regionMomentKey]regionMoment
}

type answerEntry struct {
	key  string
	body []byte
	val  validity
}

func (e *answerEntry) size() int { return len(e.key) + len(e.body) + 128 }

type regionMomentKey struct {
	region int64
	kinds  luoshi.MomentKinds
}

// regionMoment: with the data at version, the region's next moment at or after from is next
// (nil: none); so it is for any moment from from up to next.
type regionMoment struct {
	version int64
	from    time.Time
	next    *time.Time
}

// AnswerStats counts the answer cache's hits and misses since the service started.
func (s *Service) AnswerStats() (hits, misses int64) {
	return s.answers.hits.Load(), s.answers.misses.Load()
}

// AnswerSize is how many answers the cache keeps, and their bytes as the budget counts them.
func (s *Service) AnswerSize() (entries, bytes int) {
	s.answers.mu.Lock()
	defer s.answers.mu.Unlock()
	return len(s.answers.entries), s.answers.used
}

// answerBudget is the cache's byte budget; 0 or less: no cache.
func (s *Service) answerBudget() int {
	switch {
	case s.AnswerBudget < 0:
		return 0
	case s.AnswerBudget == 0:
		return DefaultAnswerBudget
	}
	return s.AnswerBudget
}

// get is the answer kept under key while m holds it: by the data version, or byStamp by
// the item's stamp — then the entry is known to hold at m's version too (the stamp was
// read with it, and a stamp once left never comes back), and keeps it, so that the next
// read finds it by the version alone.
func (c *answerCache) get(key string, m mark, byStamp bool, p *luoshi.Policy, now time.Time) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.entries[key]
	if el == nil {
		return nil
	}
	e := el.Value.(*answerEntry)
	if !e.val.holds(m, byStamp, p, now) {
		return nil
	}
	if byStamp && m.version > e.val.version {
		e.val.version = m.version
	}
	c.lru.MoveToFront(el)
	return e.body
}

// kept reports whether key has an entry whose policy and time hold (its data unchecked).
func (c *answerCache) kept(key string, p *luoshi.Policy, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.entries[key]
	return el != nil && el.Value.(*answerEntry).val.live(p, now)
}

func (c *answerCache) put(budget int, key string, body []byte, val validity) {
	e := &answerEntry{key: key, body: body, val: val}
	if e.size() > budget/16 {
		return // one answer may not take more than a sixteenth of the budget
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*list.Element{}
	}
	c.budget = budget
	if el := c.entries[key]; el != nil {
		old := el.Value.(*answerEntry)
		if old.val.version > val.version {
			return // a newer answer is there already
		}
		c.used -= old.size()
		c.lru.Remove(el)
	}
	c.entries[key] = c.lru.PushFront(e)
	c.used += e.size()
	for c.used > c.budget {
		el := c.lru.Back()
		old := el.Value.(*answerEntry)
		c.lru.Remove(el)
		delete(c.entries, old.key)
		c.used -= old.size()
	}
}

// answer serves key from the cache when an entry holds, else computes it with load and
// keeps it. load is given the mark answer read before it (see versionBefore).
// ctx may allow the version to come from a read replica, as the read would.
//
// An item's answers (item not 0) on a store with item stamps (PostgreSQL) are kept under
// the data version and the item's stamp: a read with no write since the answer was kept is
// a hit on the version alone (one row, one round trip); after writes — to other items, by
// the scheduler — the stamp, read with the version in one statement, finds the answer still
// good, and the entry takes the new version. A key with no live entry reads the stamp and
// the version at once.
func (s *Service) answer(ctx context.Context, key string, item int64, now time.Time, load func(before mark) ([]byte, validity, error)) ([]byte, error) {
	budget := s.answerBudget()
	vs, ok := s.Store.(luoshi.DataVersioner)
	if budget <= 0 || !ok {
		body, _, err := load(mark{})
		return body, err
	}
	p := s.Policy()
	st, stamps := s.Store.(luoshi.ItemStamper)
	stamps = stamps && item != 0
	var m mark
	var err error
	if !stamps || s.answers.kept(key, p, now) {
		if m.version, err = vs.DataVersion(ctx); err != nil {
			return nil, err
		}
		if body := s.answers.get(key, m, false, p, now); body != nil {
			s.answers.hits.Add(1)
			return body, nil
		}
	}
	if stamps {
		if m.version, m.stamp, err = st.ItemStamp(ctx, item); err != nil {
			return nil, err
		}
		if body := s.answers.get(key, m, true, p, now); body != nil {
			s.answers.hits.Add(1)
			return body, nil
		}
	}
	s.answers.misses.Add(1)
	body, val, err := load(m)
	if err != nil {
		return nil, err
	}
	s.answers.put(budget, key, body, val)
	return body, nil
}

// versionBefore: a read that does not read stale (from a replica) may keep its answer
// under the data version answer read just before the read began, instead of reading it
// again as the transaction's first statement (a round trip on PostgreSQL). The version only
// grows, and a write's data are visible once its version is, so the data read are of that
// version or newer: an answer computed from newer data is kept under a number already
// gone, and never served — the same harmless order as SQLite's (store/version.go). An
// item's stamp is kept so too: a write that changes what it stamps makes a stamp never seen
// before (store/version.go), so an answer read after such a write is kept under a stamp
// that is gone. A list, which may read a replica, reads its version in its own transaction
// (txVersion).

// viewOne runs fn, a read of one statement, in the store's cheapest way
// (luoshi.OneStatementViewer: on PostgreSQL no transaction), else in a read transaction.
// What fn reads is of one moment after the call, so an answer read so may be kept under the
// version read before it (versionBefore).
func (s *Service) viewOne(ctx context.Context, fn func(luoshi.Tx) error) error {
	if v, ok := s.Store.(luoshi.OneStatementViewer); ok {
		return v.ViewOne(ctx, fn)
	}
	return s.Store.View(ctx, fn)
}

// txVersion is the data version of a read transaction's snapshot; call it first.
func txVersion(ctx context.Context, tx luoshi.Tx) (int64, error) {
	if vs, ok := tx.(luoshi.DataVersioner); ok {
		return vs.DataVersion(ctx)
	}
	return 0, nil
}

// regionMoment is the region's next stored moment of the kinds at or after now, with the
// data at version: kept per region and kinds while the version holds and now has not
// reached it.
func (s *Service) regionMoment(ctx context.Context, tx luoshi.Tx, region int64, kinds luoshi.MomentKinds, version int64, now time.Time) (*time.Time, error) {
	c := &s.answers
	k := regionMomentKey{region, kinds}
	c.mu.Lock()
	m, ok := c.regions[k]
	c.mu.Unlock()
	if ok && m.version == version && !now.Before(m.from) && (m.next == nil || now.Before(*m.next)) {
		return m.next, nil
	}
	next, err := tx.NextItemMoment(ctx, region, now, kinds)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.regions == nil || len(c.regions) > 4096 {
		c.regions = map[regionMomentKey]regionMoment{}
	}
	c.regions[k] = regionMoment{version: version, from: now, next: next}
	c.mu.Unlock()
	return next, nil
}

// answerKey is what an answer depends on besides the data, the policy and the clock: its
// kind, the reader (without the session) and the request.
func answerKey(kind string, a *luoshi.Actor, request any) (string, error) {
	reader := *a
	reader.SessionID, reader.CSRF = 0, ""
	ab, err := json.Marshal(reader)
	if err != nil {
		return "", err
	}
	rb, err := json.Marshal(request)
	if err != nil {
		return "", err
	}
	return kind + "\x00" + string(ab) + "\x00" + string(rb), nil
}

// ItemListAnswer is the encoded answer to a list of items (ListItems), from the answer
// cache when it holds one; encode makes the answer of a page computed at now.
func (s *Service) ItemListAnswer(ctx context.Context, a *luoshi.Actor, f luoshi.ItemFilter, encode func(*ItemPage, time.Time) ([]byte, error)) ([]byte, error) {
	if err := s.listFilter(a, &f); err != nil {
		return nil, err
	}
	key, err := answerKey("list", a, f)
	if err != nil {
		return nil, err
	}
	ctx = luoshi.MayReadStale(ctx)
	now := s.now()
	return s.answer(ctx, key, 0, now, func(mark) ([]byte, validity, error) {
		page, val, err := s.listItems(ctx, a, f, now, true)
		if err != nil {
			return nil, val, err
		}
		body, err := encode(page, now)
		return body, val, err
	})
}

// ItemAnswer is the encoded answer to one item (GetItem), from the answer cache when it
// holds one; encode makes the answer of a view computed at now.
func (s *Service) ItemAnswer(ctx context.Context, a *luoshi.Actor, id int64, encode func(*ItemView, time.Time) ([]byte, error)) ([]byte, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	key, err := answerKey("item", a, id)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return s.answer(ctx, key, id, now, func(before mark) ([]byte, validity, error) {
		v, val, err := s.getItem(ctx, a, id, now, &before)
		if err != nil {
			return nil, val, err
		}
		body, err := encode(v, now)
		return body, val, err
	})
}

// ItemEventsAnswer is the encoded answer to a page of an item's timeline (EventsPage), from
// the answer cache when it holds one.
func (s *Service) ItemEventsAnswer(ctx context.Context, a *luoshi.Actor, id int64, limit int, cursor string, encode func(*EventPage) ([]byte, error)) ([]byte, error) {
	if err := requireReader(a); err != nil {
		return nil, err
	}
	limit, err := eventLimit(limit)
	if err != nil {
		return nil, err
	}
	key, err := answerKey("events", a, struct {
		ID     int64
		Limit  int
		Cursor string
	}{id, limit, cursor})
	if err != nil {
		return nil, err
	}
	return s.answer(ctx, key, id, s.now(), func(before mark) ([]byte, validity, error) {
		p, val, err := s.events(ctx, a, id, limit, cursor, &before)
		if err != nil {
			return nil, val, err
		}
		body, err := encode(p)
		return body, val, err
	})
}
