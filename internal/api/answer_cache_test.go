package api_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// The item list and detail answers are kept in memory (service/answer_cache.go). These
// tests read each answer through the server (cached) and through a second server over the
// same database whose service keeps nothing (uncached), and require the same bytes after
// writes by other users, across the moments at which lights and deadlines turn, for every
// reader, and — on PostgreSQL — after a write by a second store on the same database.

// uncached is a server over the env's database and clock that keeps no answer.
func (e *env) uncached() *httptest.Server {
	e.t.Helper()
	svc, err := service.New(context.Background(), e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	svc.Now, svc.AnswerBudget, svc.Texts = e.clock.Now, -1, e.svc.Texts
	svc.SetPolicy(e.svc.Policy())
	srv := httptest.NewServer(httpx.Stack(api.New(svc), nil))
	e.t.Cleanup(srv.Close)
	return srv
}

// same reads path as user through the cached server and the uncached one, requires the same
// status and bytes, and returns the body.
func (e *env) same(plain *httptest.Server, user, path string) string {
	body, _ := e.sameStatus(plain, user, path)
	return body
}

// sameStatus is same, with the status.
func (e *env) sameStatus(plain *httptest.Server, user, path string) (string, int) {
	e.t.Helper()
	tok := e.liveToken(user)
	got := e.send(tok, "", "GET", path, nil)
	saved := e.srv
	e.srv = plain
	want := e.send(tok, "", "GET", path, nil)
	e.srv = saved
	if got.status != want.status || string(got.body) != string(want.body) {
		e.t.Fatalf("%s GET %s at %v: cached %d %s\nuncached %d %s", user, path, e.clock.Now(), got.status, got.body,
			want.status, want.body)
	}
	return string(got.body), got.status
}

// readAll reads every path as every reader, each twice (the second from the cache when the
// first succeeded), and returns the answers by reader and path.
func (e *env) readAll(plain *httptest.Server, readers, paths []string) map[string]string {
	out, _ := e.readCount(plain, readers, paths)
	return out
}

// readCount is readAll, counting the successful answers.
func (e *env) readCount(plain *httptest.Server, readers, paths []string) (map[string]string, int64) {
	e.t.Helper()
	out := map[string]string{}
	var ok int64
	for _, u := range readers {
		for _, p := range paths {
			var st int
			out[u+" "+p], st = e.sameStatus(plain, u, p)
			if st == 200 {
				ok++
			}
			if again := e.same(plain, u, p); again != out[u+" "+p] {
				e.t.Fatalf("%s GET %s twice at the same moment: %s, then %s", u, p, out[u+" "+p], again)
			}
		}
	}
	return out, ok
}

func cachePaths(ids ...int64) []string {
	paths := []string{"/api/v1/items", "/api/v1/items?overdue=true", "/api/v1/items?light=yellow",
		"/api/v1/items?schedule=behind"}
	for _, id := range ids {
		paths = append(paths, itemPath(id), itemPath(id)+"/events")
	}
	return paths
}

// changed fails unless some answer differs between before and after: the step must have
// changed what the test reads, or it proves nothing.
func changed(t *testing.T, step string, before, after map[string]string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if before[k] != after[k] {
			return
		}
	}
	t.Fatalf("%s changed none of %v", step, keys)
}

// TestAnswerCacheWrites (acceptance 1, reads): after each write by another user — an
// acceptance, a report, a new item, a reassignment, a role change, a comment — every
// reader's list and detail answers are the uncached ones, and the write changed them.
func TestAnswerCacheWrites(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	it1 := e.mustCreate(e.newItem("important", start.Add(10*24*time.Hour)))
	it2 := e.mustCreate(e.newItem("routine", start.Add(20*24*time.Hour)))
	readers := []string{"a_ll", "a_jb", "b_ll", "c_ll", "sup", "head", "deputy"}
	paths := cachePaths(it1.ID, it2.ID)
	hits, _ := e.svc.AnswerStats()
	_, ok := e.readCount(plain, readers, paths)
	if h, _ := e.svc.AnswerStats(); h-hits < ok || ok < 40 {
		t.Fatalf("%d hits over %d repeated successful reads: the answers are not kept", h-hits, ok)
	}
	steps := []struct {
		name  string
		write func()
		keys  []string
	}{
		{"a_ll accepts item 1", func() { e.act("a_ll", it1.ID, "accept", nil, 200) },
			[]string{"sup " + itemPath(it1.ID), "b_ll /api/v1/items"}},
		{"a_ll reports on item 1", func() {
			e.act("a_ll", it1.ID, "report", map[string]any{"text": "已完成勘查", "percent": 40}, 200)
		}, []string{"b_ll " + itemPath(it1.ID), "sup " + itemPath(it1.ID) + "/events"}},
		{"sup creates an item for C", func() {
			b := e.newItem("urgent", start.Add(5*24*time.Hour))
			b["lead_unit_id"], b["co_unit_ids"] = e.units["C"], []int64{}
			e.mustCreate(b)
		}, []string{"c_ll /api/v1/items", "sup /api/v1/items"}},
		{"sup reassigns item 2 to C", func() {
			e.act("sup", it2.ID, "reassign", map[string]any{"lead_unit_id": e.units["C"], "reason": "改由 C 牵头"}, 200)
		}, []string{"a_ll /api/v1/items", "a_ll " + itemPath(it2.ID), "c_ll " + itemPath(it2.ID)}},
		{"sec makes a_jb a liaison", func() {
			if st := e.call("sec", "PUT", fmt.Sprintf("/api/v1/users/%d/roles", e.ids["a_jb"]),
				map[string]any{"roles": []string{"liaison"}}, nil); st != 200 {
				t.Fatalf("set roles: %d", st)
			}
		}, []string{"a_jb " + itemPath(it1.ID)}},
		{"head comments on item 1", func() {
			e.act("head", it1.ID, "comment", map[string]any{"text": "抓紧推进"}, 200)
		}, []string{"a_ll " + itemPath(it1.ID) + "/events"}},
	}
	for _, s := range steps {
		e.clock.Add(time.Minute)
		// Read at the new moment first, so that what is kept is the answer before the write.
		e.across(&plain, readers, paths, s.name, s.write, s.keys...)
	}
}

// across reads every answer (kept), makes the change, reads them all again, and requires
// one of keys to have changed.
func (e *env) across(plain **httptest.Server, readers, paths []string, name string, change func(), keys ...string) {
	e.t.Helper()
	before := e.readAll(*plain, readers, paths)
	change()
	if name == "sec makes a_jb a liaison" {
		// The uncached server keeps sessions for a few seconds, as every process does
		// (another process's role change reaches it within security.go's cacheTTL): a fresh
		// one sees the new role at once, as the process that made the change does.
		*plain = e.uncached()
	}
	changed(e.t, name, before, e.readAll(*plain, readers, paths), keys...)
}

// TestAnswerCacheClock: an answer read just before a light's or a deadline's moment and
// read again just after it changes exactly as the uncached answer does, with no write in
// between.
func TestAnswerCacheClock(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	b := e.newItem("important", start.Add(30*24*time.Hour))
	b["report_every"] = "2d"
	it := e.mustCreate(b)
	e.act("a_ll", it.ID, "accept", nil, 200)
	var cur item
	e.call("a_ll", "GET", itemPath(it.ID), nil, &cur)
	paths := cachePaths(it.ID)
	readers := []string{"a_ll", "sup"}
	moments := []struct {
		name string
		at   time.Time
		keys []string
	}{
		{"the report due (yellow)", *cur.NextReportDue, []string{"a_ll " + itemPath(it.ID), "sup /api/v1/items?light=yellow"}},
		{"the deadline (overdue)", cur.Deadline.Add(time.Millisecond), []string{"a_ll /api/v1/items?overdue=true", "sup " + itemPath(it.ID)}},
	}
	for _, m := range moments {
		e.clock.Set(m.at.Add(-time.Millisecond))
		e.across(&plain, readers, paths, m.name, func() { e.clock.Set(m.at) }, m.keys...)
	}
}

// TestAnswerCacheReaders: one reader's answer is never served to another: an item one
// unit may not see stays not found for it after another unit's reader has it kept, and each
// reader's list is its own.
func TestAnswerCacheReaders(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	b := e.newItem("routine", start.Add(9*24*time.Hour))
	b["lead_unit_id"], b["co_unit_ids"] = e.units["C"], []int64{}
	onlyC := e.mustCreate(b)
	shared := e.mustCreate(e.newItem("routine", start.Add(9*24*time.Hour)))
	readers := []string{"c_ll", "a_ll", "b_ll", "d_ll"}
	for _, u := range readers {
		e.liveToken(u) // a login writes: all in before anything is kept
	}
	got := e.readAll(plain, readers, cachePaths(shared.ID))
	// C's answers are kept, then asked for by the others at once.
	for _, p := range []string{itemPath(onlyC.ID), itemPath(onlyC.ID) + "/events"} {
		for _, u := range readers {
			if _, st := e.sameStatus(plain, u, p); (st == 200) != (u == "c_ll") {
				t.Errorf("%s GET %s after c_ll's was kept: %d", u, p, st)
			}
		}
	}
	if got["a_ll /api/v1/items"] == got["c_ll /api/v1/items"] || got["a_ll "+itemPath(shared.ID)] == got["b_ll "+itemPath(shared.ID)] {
		t.Error("two readers got the same list, or the same detail with their own actions")
	}
}

// TestAnswerCacheRandom: over a random sequence of writes and clock moves — some landing
// on the items' moments, a millisecond either side — every kept answer is the uncached one.
func TestAnswerCacheRandom(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	r := rand.New(rand.NewPCG(15, 17))
	var ids []int64
	for i := range 3 {
		ids = append(ids, e.mustCreate(e.newItem([]string{"urgent", "important", "routine"}[i], start.Add(time.Duration(2+3*i)*24*time.Hour))).ID)
	}
	readers := []string{"a_ll", "b_ll", "sup", "head"}
	for step := range 60 {
		id := ids[r.IntN(len(ids))]
		switch op := r.IntN(6); op {
		case 0, 1: // a random stretch of time
			e.clock.Add(time.Duration(r.Int64N(int64(36 * time.Hour))))
		case 2: // onto one of an item's moments, or a millisecond either side
			var cur item
			e.call("sup", "GET", itemPath(id), nil, &cur)
			ms := []time.Time{cur.Deadline}
			if cur.NextReportDue != nil {
				ms = append(ms, *cur.NextReportDue)
			}
			if cur.DeclineDeadline != nil {
				ms = append(ms, *cur.DeclineDeadline)
			}
			if at := ms[r.IntN(len(ms))].Add(time.Duration(r.IntN(3)-1) * time.Millisecond); at.After(e.clock.Now()) {
				e.clock.Set(at)
			}
		case 3:
			e.call("a_ll", "POST", itemPath(id)+"/accept", nil, nil)
		case 4:
			e.call("a_ll", "POST", itemPath(id)+"/report", map[string]any{"text": "进展", "percent": r.IntN(101)}, nil)
		case 5:
			ids = append(ids, e.mustCreate(e.newItem("routine", e.clock.Now().Add(time.Duration(1+r.IntN(240))*time.Hour))).ID)
		}
		paths := cachePaths(id)
		u, p := readers[r.IntN(len(readers))], paths[r.IntN(len(paths))]
		e.same(plain, u, p)
		if step%10 == 0 {
			e.readAll(plain, readers, slices.Concat(cachePaths(), cachePaths(ids[len(ids)-1])[4:]))
		}
	}
	if h, m := e.svc.AnswerStats(); h == 0 || m == 0 {
		t.Errorf("hits %d, misses %d: the sequence did not exercise the cache", h, m)
	}
}

// TestAnswerCacheSecondStore: on PostgreSQL a second process on the same database — a
// second store and service — writes, and the first server's kept answers give way.
func TestAnswerCacheSecondStore(t *testing.T) {
	if !onPostgres() {
		t.Skip("SQLite: one process owns the database file")
	}
	e := newEnv(t)
	plain := e.uncached()
	it := e.mustCreate(e.newItem("important", start.Add(10*24*time.Hour)))
	readers, paths := []string{"a_ll", "sup"}, cachePaths(it.ID)
	db2, err := store.Open(t.Context(), e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	svc2, err := service.New(t.Context(), db2)
	if err != nil {
		t.Fatal(err)
	}
	svc2.Now = e.clock.Now
	srv2 := httptest.NewServer(httpx.Stack(api.New(svc2), nil))
	defer srv2.Close()
	e.liveToken("a_ll")
	e.across(&plain, readers, paths, "a_ll accepts through the second process", func() {
		saved := e.srv
		e.srv = srv2
		e.act("a_ll", it.ID, "accept", nil, 200)
		e.srv = saved
	}, "sup "+itemPath(it.ID), "a_ll "+itemPath(it.ID)+"/events")
}

// TestAnswerCacheOtherItems: an item's detail and timeline are kept under the item's own
// stamp on PostgreSQL (luoshi.ItemStamper): writes to another item leave them kept (read
// again, they are hits), while a new sub-item, a sub-item's report and a comment on the
// item itself each change them, as the uncached server answers. On SQLite the stamp is
// the data version, and the same reads must give the same bytes.
func TestAnswerCacheOtherItems(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	body := e.newItem("routine", start.Add(60*24*time.Hour))
	body["report_every"] = ""
	parent := e.mustCreate(body)
	e.act("a_ll", parent.ID, "accept", nil, 200)
	other := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", other.ID, "accept", nil, 200)
	readers, paths := []string{"a_ll", "sup"}, []string{itemPath(parent.ID), itemPath(parent.ID) + "/events"}
	for _, u := range readers {
		e.liveToken(u) // a login writes: all in before anything is kept
	}
	e.liveToken("a_jb")
	e.readAll(plain, readers, paths)
	// Writes to the other item only: a report, a comment, a reassignment.
	e.act("a_ll", other.ID, "report", map[string]any{"text": "已完成勘查", "percent": 40}, 200)
	e.act("sup", other.ID, "comment", map[string]any{"text": "抓紧推进"}, 200)
	hits, misses := e.svc.AnswerStats()
	e.readAll(plain, readers, paths)
	h, m := e.svc.AnswerStats()
	if onPostgres() && (m != misses || h-hits != int64(2*len(readers)*len(paths))) {
		t.Fatalf("after writes to another item: %d hits, %d misses; want every read a hit", h-hits, m-misses)
	}
	// Each of these changes the parent's answers.
	e.clock.Add(time.Minute)
	var child item
	e.across(&plain, readers, paths, "a sub-item is created", func() {
		sub := e.newItem("urgent", start.Add(10*24*time.Hour))
		sub["report_every"], sub["parent_id"] = "", parent.ID
		child = e.mustCreate(sub)
	}, "sup "+itemPath(parent.ID))
	e.act("a_ll", child.ID, "accept", nil, 200)
	e.clock.Add(time.Minute)
	e.across(&plain, readers, paths, "the sub-item is reported on", func() {
		e.act("a_ll", child.ID, "report", map[string]any{"text": "已完成一半", "percent": 50}, 200)
	}, "sup "+itemPath(parent.ID))
	e.clock.Add(time.Minute)
	e.across(&plain, readers, paths, "sup comments on the item", func() {
		e.act("sup", parent.ID, "comment", map[string]any{"text": "请加快进度"}, 200)
	}, "a_ll "+itemPath(parent.ID)+"/events")
}

// raceStore runs between once before the next read: after the answer cache has read the
// item's stamp (the data version on SQLite) for a detail, before the detail's own read.
type raceStore struct {
	luoshi.Store
	luoshi.DataVersioner
	luoshi.ItemStamper
	between func()
}

func (s *raceStore) View(ctx context.Context, fn func(luoshi.Tx) error) error {
	if f := s.between; f != nil {
		s.between = nil
		f()
	}
	return s.Store.View(ctx, fn)
}

// ViewOne is the store's read of one statement (no transaction on PostgreSQL), after between.
func (s *raceStore) ViewOne(ctx context.Context, fn func(luoshi.Tx) error) error {
	if f := s.between; f != nil {
		s.between = nil
		f()
	}
	return s.Store.(luoshi.OneStatementViewer).ViewOne(ctx, fn)
}

// TestAnswerCacheWriteDuringRead: an item's detail and timeline are read in one statement
// (on PostgreSQL in no transaction: Store.ViewOne) made after the item's stamp (SQLite: the
// data version) was read (service.versionBefore). A write that commits in between is in
// what the read sees; the answer is kept under the stamp before it and never served again:
// the next read is the uncached answer after the write.
func TestAnswerCacheWriteDuringRead(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	it := e.mustCreate(e.newItem("important", start.Add(10*24*time.Hour)))
	real := e.svc.Store
	rs := &raceStore{Store: real, DataVersioner: real.(luoshi.DataVersioner), ItemStamper: real.(luoshi.ItemStamper)}
	e.svc.Store = rs
	defer func() { e.svc.Store = real }()
	for _, step := range []struct {
		path, act string
	}{{itemPath(it.ID), "accept"}, {itemPath(it.ID) + "/events", "report"}} {
		tok := e.liveToken("sup")
		saved := e.srv
		e.srv = plain // the answer before, without keeping it: the raced read must be a miss
		before := string(e.send(tok, "", "GET", step.path, nil).body)
		e.srv = saved
		e.liveToken("a_ll")
		body := map[string]any(nil)
		if step.act == "report" {
			body = map[string]any{"text": "已完成第一阶段", "percent": 30}
		}
		rs.between = func() { e.act("a_ll", it.ID, step.act, body, 200) }
		raced := e.send(tok, "", "GET", step.path, nil)
		if rs.between != nil {
			t.Fatalf("%s: the read ran no transaction", step.path)
		}
		after := e.same(plain, "sup", step.path)
		if after == before {
			t.Fatalf("%s: %s changed nothing the test reads", step.path, step.act)
		}
		if string(raced.body) != after {
			t.Fatalf("%s: the read that the %s raced saw %s, want the data after it %s", step.path, step.act, raced.body, after)
		}
		if again := e.same(plain, "sup", step.path); again != after {
			t.Fatalf("%s read again: %s, want %s", step.path, again, after)
		}
	}
}

// countStore counts the answer cache's reads of the data version and of item stamps.
type countStore struct {
	luoshi.Store
	vs              luoshi.DataVersioner
	st              luoshi.ItemStamper
	versions, stamp int
}

func (s *countStore) DataVersion(ctx context.Context) (int64, error) {
	s.versions++
	return s.vs.DataVersion(ctx)
}

func (s *countStore) ItemStamp(ctx context.Context, id int64) (int64, string, error) {
	s.stamp++
	return s.st.ItemStamp(ctx, id)
}

func (s *countStore) ViewOne(ctx context.Context, fn func(luoshi.Tx) error) error {
	return s.Store.(luoshi.OneStatementViewer).ViewOne(ctx, fn)
}

// TestAnswerCacheStampOnlyAfterWrites: an item's detail kept and read again with no write
// in between is a hit on the data version alone (one row on PostgreSQL), not the stamp's
// heavier read; after a write to another item, the stamp is read with the version (one
// statement), finds the answer still good on PostgreSQL (on SQLite the stamp is the
// version: a miss), and the read after that is a hit on the version alone again. A key
// with nothing kept reads the stamp only.
func TestAnswerCacheStampOnlyAfterWrites(t *testing.T) {
	e := newEnv(t)
	plain := e.uncached()
	it := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", it.ID, "accept", nil, 200)
	other := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", other.ID, "accept", nil, 200)
	e.liveToken("sup") // a login writes
	real := e.svc.Store
	cs := &countStore{Store: real, vs: real.(luoshi.DataVersioner), st: real.(luoshi.ItemStamper)}
	e.svc.Store = cs
	defer func() { e.svc.Store = real }()
	read := func(step string, versions, stamps int, hit bool) {
		t.Helper()
		cs.versions, cs.stamp = 0, 0
		h0, _ := e.svc.AnswerStats()
		e.sameStatus(plain, "sup", itemPath(it.ID))
		h1, _ := e.svc.AnswerStats()
		if cs.versions != versions || cs.stamp != stamps || (h1 > h0) != hit {
			t.Fatalf("%s: %d version reads, %d stamp reads, hit %v; want %d, %d, %v", step,
				cs.versions, cs.stamp, h1 > h0, versions, stamps, hit)
		}
	}
	read("nothing kept", 0, 1, false)
	read("no write since", 1, 0, true)
	e.act("a_ll", other.ID, "report", map[string]any{"text": "已完成勘查", "percent": 40}, 200)
	read("after a write to another item", 1, 1, onPostgres())
	read("no write since", 1, 0, true)
	e.act("a_ll", it.ID, "report", map[string]any{"text": "已完成一半", "percent": 50}, 200)
	read("after a write to the item", 1, 1, false)
	read("no write since", 1, 0, true)
}
