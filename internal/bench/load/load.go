// Package load drives a running luoshi server over HTTP with one of a few workloads, as
// generated accounts, and measures throughput and latency. It only ever talks to a loopback
// address, and every run is bounded in time (and optionally in requests).
package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"luoshi/internal/bench/gen"
)

// Workloads are the workloads Run knows.
var Workloads = []string{"create", "report", "list", "detail", "stats", "cockpit", "mixed", "healthz", "login"}

// MaxDuration bounds every run; MaxSoakDuration bounds a paced one (Config.Rate).
const (
	MaxDuration     = 10 * time.Minute
	MaxSoakDuration = 24 * time.Hour
)

// Config says what to drive and how hard.
type Config struct {
	URL         string
	Workload    string
	Concurrency int
	Duration    time.Duration
	MaxRequests int // 0: bounded by Duration only
	Region      int // whose generated accounts to use (default 1)
	Supervisor  string
	Password    string
	// Progress, if set, receives a progress line every second.
	Progress io.Writer
	// Acked, if set, is called for every progress report the server acknowledged with 200.
	Acked func(Ack)
	// Seed makes the choice of operations repeatable.
	Seed uint64
	// Rate, if more than 0, paces the workers to this many operations a second in all (an
	// open, fixed rate for a soak rather than saturation); such a run may last MaxSoakDuration.
	Rate float64
	// Observe, if set, is called (from any worker) with every counted request's operation
	// (list, detail, report, stats, create, healthz, cockpit), latency and whether it failed.
	Observe func(op string, d time.Duration, failed bool)
}

// Ack is an acknowledged progress report: the item, the version the answer gave it (the seq
// of the report's event) and the text sent.
type Ack struct {
	ItemID  int64
	Version int
	Text    string
}

// Result is what a run measured; latencies are in milliseconds.
type Result struct {
	Workload    string `json:"workload"`
	Concurrency int    `json:"concurrency"`
	Requests    int64  `json:"requests"`
	Errors      int64  `json:"errors"`
	// Busy counts the answers 503 with Retry-After: the server asking the client to come
	// back (a login beyond the hashing slots), which is neither a success nor an error.
	Busy              int64   `json:"busy"`
	RequestsPerSecond float64 `json:"requests_per_second"`
	P50               float64 `json:"p50_ms"`
	P95               float64 `json:"p95_ms"`
	P99               float64 `json:"p99_ms"`
	Max               float64 `json:"max_ms"`

	Elapsed      time.Duration `json:"-"`
	ErrorSamples []string      `json:"-"`
}

// Print writes the result for a person.
func (r *Result) Print(w io.Writer) {
	fmt.Fprintf(w, "workload %s · concurrency %d · %.1f s\n", r.Workload, r.Concurrency, r.Elapsed.Seconds())
	fmt.Fprintf(w, "requests %d · errors %d · busy (503 + Retry-After) %d · %.1f requests/s\n", r.Requests, r.Errors, r.Busy,
		r.RequestsPerSecond)
	fmt.Fprintf(w, "latency  p50 %.2f ms · p95 %.2f ms · p99 %.2f ms · max %.2f ms\n", r.P50, r.P95, r.P99, r.Max)
	for _, s := range r.ErrorSamples {
		fmt.Fprintf(w, "error    %s\n", s)
	}
}

func (c *Config) check() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url %q: want http://127.0.0.1:PORT", c.URL)
	}
	if host := u.Hostname(); host != "localhost" {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("--url %q: load goes to loopback addresses only (127.0.0.0/8, ::1, localhost)", c.URL)
		}
	}
	if !slices.Contains(Workloads, c.Workload) {
		return fmt.Errorf("--workload %q: want one of %v", c.Workload, Workloads)
	}
	if c.Concurrency < 1 || c.Concurrency > 1024 {
		return fmt.Errorf("--concurrency %d: want 1 to 1024", c.Concurrency)
	}
	limit := MaxDuration
	if c.Rate > 0 {
		limit = MaxSoakDuration
	}
	if c.Duration <= 0 || c.Duration > limit {
		return fmt.Errorf("--duration %s: want more than 0 and at most %s", c.Duration, limit)
	}
	if c.Rate < 0 || c.Rate > 10000 {
		return fmt.Errorf("--rate %g: want 0 (as fast as the clients go) to 10000 a second", c.Rate)
	}
	if c.MaxRequests < 0 {
		return fmt.Errorf("--requests %d: want 0 or more", c.MaxRequests)
	}
	if c.Region < 1 {
		c.Region = 1
	}
	if c.Supervisor == "" {
		c.Supervisor = gen.SupervisorUsername(c.Region)
	}
	if c.Password == "" {
		c.Password = gen.DefaultPassword
	}
	return nil
}

// Run logs in, prepares the workload and drives it until the duration (or request count)
// is reached or ctx ends.
func Run(ctx context.Context, c Config) (*Result, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	cl := newClient(c.URL, c.Concurrency)
	defer cl.hc.CloseIdleConnections()
	ws, err := setup(ctx, cl, &c)
	if err != nil {
		return nil, fmt.Errorf("load setup: %w", err)
	}
	return drive(ctx, &c, ws)
}

// counters are shared by the workers and read by the progress line.
type counters struct {
	issued, done, errors, busy atomic.Int64
	mu                         sync.Mutex
	samples                    []string
}

func (c *counters) fail(msg string) {
	c.errors.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.samples) < 5 && !slices.Contains(c.samples, msg) {
		c.samples = append(c.samples, msg)
	}
}

func drive(ctx context.Context, c *Config, ws []*worker) (*Result, error) {
	ctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	cnt := &counters{}
	start := time.Now()
	var pace chan struct{}
	if c.Rate > 0 {
		pace = make(chan struct{}, 1)
		go pacer(ctx, c.Rate, pace)
	}
	var wg sync.WaitGroup
	for i, w := range ws {
		w.cnt, w.max, w.pace, w.observe = cnt, int64(c.MaxRequests), pace, c.Observe
		w.rng = rand.New(rand.NewPCG(c.Seed, uint64(i)))
		wg.Add(1)
		go func() { defer wg.Done(); w.run(ctx) }()
	}
	stop := make(chan struct{})
	if c.Progress != nil {
		go progress(c.Progress, cnt, start, stop)
	}
	wg.Wait()
	close(stop)
	elapsed := time.Since(start)
	var lat []int32
	for _, w := range ws {
		lat = append(lat, w.lat...)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	res := &Result{Workload: c.Workload, Concurrency: c.Concurrency, Requests: int64(len(lat)),
		Errors: cnt.errors.Load(), Busy: cnt.busy.Load(), Elapsed: elapsed, ErrorSamples: cnt.samples}
	if len(lat) == 0 {
		return res, errors.New("no request completed")
	}
	res.RequestsPerSecond = float64(len(lat)) / elapsed.Seconds()
	q := func(p float64) float64 {
		i := min(len(lat)-1, int(p*float64(len(lat))))
		return float64(lat[i]) / 1000
	}
	res.P50, res.P95, res.P99, res.Max = q(0.50), q(0.95), q(0.99), float64(lat[len(lat)-1])/1000
	return res, nil
}

func progress(w io.Writer, cnt *counters, start time.Time, stop chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	last, lastAt := int64(0), start
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			n := cnt.done.Load()
			fmt.Fprintf(w, "load: %5.1fs  %9d requests  %8.0f/s  %d errors\n", now.Sub(start).Seconds(), n,
				float64(n-last)/now.Sub(lastAt).Seconds(), cnt.errors.Load())
			last, lastAt = n, now
		}
	}
}

// pacer offers one operation every 1/rate seconds. A token not taken because every worker is
// still busy is dropped, not saved up: a slow server is not then hit with a burst.
func pacer(ctx context.Context, rate float64, pace chan<- struct{}) {
	t := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			select {
			case pace <- struct{}{}:
			default:
			}
		}
	}
}
