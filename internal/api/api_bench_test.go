package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/bench/gen"
	"luoshi/internal/fieldcrypt"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

// BenchmarkAPI is the server's own cost of each request of the load tool's workloads —
// middleware, authentication, service, store and JSON — without a network or a client, over
// a generated county on SQLite. Against "luoshi bench load" it shows what the loopback HTTP
// round trip and the load tool itself add:
//
//	go test -run '^$' -bench BenchmarkAPI ./internal/api/
func BenchmarkAPI(b *testing.B) {
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	// The reference time is fixed (as "luoshi bench gen --now" fixes it) and so is the
	// service's clock, so that every run lists the same items.
	now := time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)
	if _, err := gen.Generate(ctx, dsn, gen.Options{Scale: gen.Scales["county"], Seed: 1, Now: now}); err != nil {
		b.Fatal(err)
	}
	db, svc, err := gen.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc.Now = func() time.Time { return now }
	// Writes do what they do in "luoshi serve": the notifier's hook keeps reminders and writes
	// notices in each event's transaction, the audit trail is signed and its head file
	// rewritten after each commit.
	keyFile := filepath.Join(b.TempDir(), "bench.key")
	if err := fieldcrypt.CreateKeyFile(keyFile); err != nil {
		b.Fatal(err)
	}
	keys, err := fieldcrypt.LoadKeyring(keyFile)
	if err != nil {
		b.Fatal(err)
	}
	svc.Keys, svc.AuditKeys, svc.Texts = keys, keys, i18n.ZH
	svc.AuditHead = service.NewAuditHeadFile(filepath.Join(b.TempDir(), "bench.audit-head"), keys)
	db.OnAuditCommit(svc.AuditHead.Record)
	if _, err := service.NewNotifier(svc, service.DefaultNotifyConfig()); err != nil {
		b.Fatal(err)
	}
	h := httpx.Stack(api.New(svc), nil)
	token := func(user string) string {
		res, err := svc.Login(ctx, user, gen.DefaultPassword)
		if err != nil {
			b.Fatal(err)
		}
		return res.Token
	}
	sup, liaison := token(gen.SupervisorUsername(1)), token(gen.LiaisonUsername(1, 2))
	items := findOpenItems(b, h, liaison, 2)
	item := items[0]
	deadline := now.Add(60 * 24 * time.Hour).Format(time.RFC3339)
	createBody := `{"title":"新增城区公共停车泊位1500个","source":"other","priority":"routine",` +
		`"lead_unit_id":2,"co_unit_ids":[3],"deadline":"` + deadline + `","report_every":"1w","assign":true,"unclassified":true}`
	create := func() request { return request{"POST", "/api/v1/items", sup, createBody} }
	fixed := func(method, path, token string) func() request {
		return func() request { return request{method, path, token, ""} }
	}
	cases := []struct {
		name string
		next func() request
	}{
		{"healthz", fixed("GET", "/healthz", "")},
		{"item", fixed("GET", fmt.Sprintf("/api/v1/items/%d", item), liaison)},
		{"events", fixed("GET", fmt.Sprintf("/api/v1/items/%d/events", item), liaison)},
		{"list", fixed("GET", "/api/v1/items?overdue=true&limit=50", liaison)},
		{"stats", fixed("GET", "/api/v1/stats/units", sup)},
		{"report", reports(liaison, items)},
		{"create", create},
	}
	run := func(name string, next func() request) {
		b.Run(name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				r := next()
				if st := serve(h, r); st >= 300 {
					b.Fatalf("%s %s: status %d", r.method, r.path, st)
				}
			}
			// The process's CPU time (user and system, garbage collection included) per
			// request: steadier than ns/op on a machine shared with other work.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
	// The kept answers' reads (item, events, list below: answered from the answer cache
	// after the first) against the same reads with nothing kept (-uncached) and with every
	// read a miss that computes what it would keep (-miss: a budget too small to keep it);
	// these run first, while nothing is kept.
	for _, c := range cases[1:4] {
		for _, v := range []struct {
			suffix string
			budget int
		}{{"-uncached", -1}, {"-miss", 1}} {
			svc.AnswerBudget = v.budget
			run(c.name+v.suffix, c.next)
		}
		svc.AnswerBudget = 0
	}
	// list16 is the load tool's list at concurrency 16: sixteen liaisons of sixteen units,
	// each listing its unit's overdue items, in parallel over the read pool.
	var liaisons []string
	for u := 2; u <= 17; u++ {
		liaisons = append(liaisons, token(gen.LiaisonUsername(1, u)))
	}
	parallel16(b, h, db, "list16", func(n int64) func() request {
		return fixed("GET", "/api/v1/items?overdue=true&limit=50", liaisons[int(n)%len(liaisons)])
	})
	// report16 and create16 are the load tool's writes at concurrency 16: each client
	// reports on its own unit's items (so that reports do not conflict) or creates items,
	// and the store's writer commits what arrives together in groups.
	var unitItems [][]int64
	for k, tok := range liaisons {
		unitItems = append(unitItems, findOpenItems(b, h, tok, int64(k+2)))
	}
	parallel16(b, h, db, "report16", func(n int64) func() request {
		k := int(n) % len(liaisons)
		return reports(liaisons[k], unitItems[k])
	})
	parallel16(b, h, db, "create16", func(int64) func() request { return create })
	for _, c := range cases {
		run(c.name, c.next)
	}
}

// request is one request of a benchmark.
type request struct{ method, path, token, body string }

// reports are a liaison's progress reports on the unit's items in turn, as the load tool
// spreads them: an item reported on thousands of times would measure its long history.
func reports(token string, items []int64) func() request {
	i := 0
	return func() request {
		i++
		return request{"POST", fmt.Sprintf("/api/v1/items/%d/report", items[i%len(items)]), token,
			`{"text":"已完成现场踏勘和问题摸排。","percent":40}`}
	}
}

// parallel16 runs requests from 16 goroutines (on 2 cores), the n-th taking its requests
// from reqs(n), and reports the CPU time per request and the writes a commit held.
func parallel16(b *testing.B, h http.Handler, db *store.DB, name string, reqs func(n int64) func() request) {
	b.Run(name, func(b *testing.B) {
		var next atomic.Int64
		b.SetParallelism(8)
		commits0, writes0 := db.WriteStats()
		cpu0 := cpuTime()
		b.RunParallel(func(pb *testing.PB) {
			req := reqs(next.Add(1))
			for pb.Next() {
				r := req()
				if st := serve(h, r); st >= 300 {
					b.Errorf("%s %s: status %d", r.method, r.path, st)
					return
				}
			}
		})
		b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		if commits, writes := db.WriteStats(); commits > commits0 {
			b.ReportMetric(float64(writes-writes0)/float64(commits-commits0), "writes/commit")
		}
	})
}

// cpuTime is the CPU time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func serve(h http.Handler, r request) int {
	req := httptest.NewRequest(r.method, r.path, bytes.NewReader([]byte(r.body)))
	req.RemoteAddr = "127.0.0.1:40000"
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code
}

// findOpenItems are the items in progress that the liaison's unit leads (among the
// newest 200 the liaison sees).
func findOpenItems(b *testing.B, h http.Handler, token string, unit int64) []int64 {
	req := httptest.NewRequest("GET", "/api/v1/items?state=in_progress&limit=200", nil)
	req.RemoteAddr = "127.0.0.1:40000"
	req.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var page struct {
		Items []struct {
			ID         int64 `json:"id"`
			LeadUnitID int64 `json:"lead_unit_id"`
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
		b.Fatalf("items in progress: %v %s", err, w.Body.Bytes()[:min(200, w.Body.Len())])
	}
	var ids []int64
	for _, it := range page.Items {
		if it.LeadUnitID == unit {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		b.Fatalf("unit %d leads no item in progress", unit)
	}
	return ids
}
