package load_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/api"
	"luoshi/internal/bench/gen"
	"luoshi/internal/bench/load"
	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// server runs the real API over a small generated county on a real SQLite database.
func server(t *testing.T) (*httptest.Server, *service.Service) {
	t.Helper()
	ctx := context.Background()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "load.db")
	sc := gen.Scale{Name: "test", Regions: 1, UnitsPerRegion: 8, Items: 300, Events: 3000}
	if _, err := gen.Generate(ctx, dsn, gen.Options{Scale: sc, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	db, svc, err := gen.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := httptest.NewServer(httpx.Stack(api.New(svc), nil)) // as "serve" wires it
	t.Cleanup(srv.Close)
	return srv, svc
}

// TestWorkloads drives every workload briefly and checks that each made requests without
// errors, and that the JSON result has the fields the issue names.
func TestWorkloads(t *testing.T) {
	srv, _ := server(t)
	for _, wl := range load.Workloads {
		t.Run(wl, func(t *testing.T) {
			var progress bytes.Buffer
			res, err := load.Run(context.Background(), load.Config{URL: srv.URL, Workload: wl, Concurrency: 3,
				Duration: 1200 * time.Millisecond, Progress: &progress})
			if err != nil {
				t.Fatal(err)
			}
			if res.Requests == 0 || res.Errors != 0 || res.RequestsPerSecond <= 0 {
				t.Fatalf("%+v", res)
			}
			if !(res.P50 <= res.P95 && res.P95 <= res.P99 && res.P99 <= res.Max) {
				t.Errorf("percentiles out of order: %+v", res)
			}
			if !strings.Contains(progress.String(), "requests") {
				t.Errorf("no progress line: %q", progress.String())
			}
			b, _ := json.Marshal(res)
			var m map[string]any
			json.Unmarshal(b, &m)
			for _, k := range []string{"workload", "concurrency", "requests", "errors", "busy", "requests_per_second",
				"p50_ms", "p95_ms", "p99_ms", "max_ms"} {
				if _, ok := m[k]; !ok {
					t.Errorf("JSON result lacks %q: %s", k, b)
				}
			}
			if len(m) != 10 {
				t.Errorf("JSON result has other fields: %s", b)
			}
		})
	}
}

// TestReportsAcked: every acknowledged report is an event of its item, as answered.
func TestReportsAcked(t *testing.T) {
	srv, svc := server(t)
	var mu sync.Mutex
	var acks []load.Ack
	res, err := load.Run(context.Background(), load.Config{URL: srv.URL, Workload: "report", Concurrency: 4,
		Duration: 5 * time.Second, MaxRequests: 200, Acked: func(a load.Ack) { mu.Lock(); acks = append(acks, a); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || len(acks) != 200 {
		t.Fatalf("%d requests, %d acknowledged; want 200 of each", res.Requests, len(acks))
	}
	sup, err := svc.ActorByUsername(context.Background(), gen.SupervisorUsername(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acks {
		evs, err := svc.Events(context.Background(), sup, a.ItemID)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) < a.Version || evs[a.Version-1].Kind != luoshi.EventReported || evs[a.Version-1].Data.Text != a.Text {
			t.Fatalf("acknowledged report %+v is not event %d of the item", a, a.Version)
		}
	}
}

// TestLoopbackOnly: the tool refuses to send load anywhere but this machine, and bounds
// every run.
func TestLoopbackOnly(t *testing.T) {
	for _, c := range []load.Config{
		{URL: "http://10.0.0.1:8080", Workload: "healthz", Concurrency: 1, Duration: time.Second},
		{URL: "http://example.com", Workload: "healthz", Concurrency: 1, Duration: time.Second},
		{URL: "http://127.0.0.1:1", Workload: "nap", Concurrency: 1, Duration: time.Second},
		{URL: "http://127.0.0.1:1", Workload: "healthz", Concurrency: 1, Duration: time.Hour},
		{URL: "http://127.0.0.1:1", Workload: "healthz", Concurrency: 0, Duration: time.Second},
	} {
		if _, err := load.Run(context.Background(), c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

// TestRate paces the healthz workload at 50 a second for 2 s: about 100 requests however
// fast the server answers, every one observed; an over-long unpaced run is refused.
func TestRate(t *testing.T) {
	srv, _ := server(t)
	var mu sync.Mutex
	observed := 0
	res, err := load.Run(context.Background(), load.Config{URL: srv.URL, Workload: "healthz", Concurrency: 4,
		Duration: 2 * time.Second, Rate: 50, Observe: func(string, time.Duration, bool) { mu.Lock(); observed++; mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests < 60 || res.Requests > 102 || res.Errors != 0 {
		t.Errorf("%d requests (%d errors) in 2 s at 50 a second", res.Requests, res.Errors)
	}
	mu.Lock()
	defer mu.Unlock()
	if int64(observed) != res.Requests {
		t.Errorf("observed %d of %d requests", observed, res.Requests)
	}
	if _, err := load.Run(context.Background(), load.Config{URL: srv.URL, Workload: "healthz", Concurrency: 1,
		Duration: time.Hour}); err == nil || !strings.Contains(err.Error(), "at most 10m0s") {
		t.Errorf("an hour without --rate: %v", err)
	}
}
