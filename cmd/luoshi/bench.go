package main

import (
	"context"
	"encoding/json"
	"errors"
	"expvar"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" // served only by "bench serve --pprof", on its own loopback listener
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/bench/load"
	"luoshi/internal/bench/soak"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
)

const benchUsage = `usage:
  luoshi bench gen  --scale county|city|province [--seed N] [--db sqlite:FILE] [--password P] [--now RFC3339]
  luoshi bench load --url http://127.0.0.1:8080 [--workload create|report|list|detail|stats|cockpit|mixed|healthz|login]
                    [--concurrency 16] [--duration 10s] [--requests N] [--json FILE]
                    [--region 1] [--supervisor USER] [--password P]
  luoshi bench serve --pprof 127.0.0.1:6060 [serve flags]   serve, with net/http/pprof on a second address
  luoshi bench soak --out DIR [--duration 1h] [--interval 1m] [--rate 20] [--concurrency 4]
                    [--scale county] [--seed N] [--tick 10s]
                    generate a county into DIR, serve it with reminders and notifications on
                    (to SMTP and webhook sinks on loopback), drive the mixed workload at a fixed
                    rate and sample memory, goroutines, files, WAL and latency: DIR/soak.csv, soak.png
`

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, benchUsage)
		return errors.New("bench: no subcommand")
	}
	switch args[0] {
	case "gen":
		return cmdBenchGen(ctx, args[1:], stdout, stderr)
	case "load":
		return cmdBenchLoad(ctx, args[1:], stdout, stderr)
	case "serve":
		return cmdBenchServe(ctx, args[1:], stdout, stderr)
	case "soak":
		return cmdBenchSoak(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprint(stderr, benchUsage)
	return fmt.Errorf("bench: unknown subcommand %q", args[0])
}

func cmdBenchGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.String("scale", "county", "county, city or province")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and --now give the same data")
	dsn := fs.String("db", env("DB", "sqlite:bench.db"), "database to fill: sqlite:FILE (a new file)")
	pw := fs.String("password", gen.DefaultPassword, "password of every generated account")
	nowFlag := fs.String("now", "", "reference time (RFC 3339); default: now, to the minute")
	regions := fs.Int("regions", 0, "override the scale's number of regions")
	units := fs.Int("units", 0, "override the units per region")
	items := fs.Int("items", 0, "override the number of items")
	events := fs.Int("events", 0, "override the number of events")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sc, ok := gen.Scales[*scale]
	if !ok {
		return fmt.Errorf("--scale %q: want county, city or province", *scale)
	}
	for _, o := range []struct {
		v   int
		dst *int
	}{{*regions, &sc.Regions}, {*units, &sc.UnitsPerRegion}, {*items, &sc.Items}, {*events, &sc.Events}} {
		if o.v > 0 {
			*o.dst = o.v
		}
	}
	now := time.Now().Truncate(time.Minute)
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return fmt.Errorf("--now: %w", err)
		}
		now = t
	}
	if !strings.HasPrefix(*dsn, "sqlite:") {
		return fmt.Errorf("--db %q: want sqlite:FILE", *dsn)
	}
	fmt.Fprintf(stdout, "gen: %s scale (%d regions × %d units, %d items, %d events), seed %d, now %s, into %s\n",
		*scale, sc.Regions, sc.UnitsPerRegion, sc.Items, sc.Events, *seed, now.UTC().Format(time.RFC3339), *dsn)
	sum, err := gen.Generate(ctx, *dsn, gen.Options{Scale: sc, Seed: *seed, Password: *pw, Now: now, Progress: stdout})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gen: %d regions, %d units, %d leaders, %d accounts, %d items, %d events in %s (%.0f events/s)\n",
		sum.Regions, sum.Units, sum.Leaders, sum.Users, sum.Items, sum.Events, sum.Elapsed.Round(time.Millisecond),
		float64(sum.Events)/sum.Elapsed.Seconds())
	fmt.Fprintf(stdout, "gen: states %s\ngen: lights %s\n", counts(sum.States), counts(sum.Lights))
	fmt.Fprintf(stdout, "gen: accounts %s (supervisor), %s (liaison of unit 2) …; password %q\n",
		gen.SupervisorUsername(1), gen.LiaisonUsername(1, 2), *pw)
	return nil
}

func counts[K ~string](m map[K]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[K(k)])
	}
	return strings.Join(parts, ", ")
}

func cmdBenchLoad(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c load.Config
	fs.StringVar(&c.URL, "url", "http://127.0.0.1:8080", "server to drive (loopback only)")
	fs.StringVar(&c.Workload, "workload", "mixed", strings.Join(load.Workloads, ", "))
	fs.IntVar(&c.Concurrency, "concurrency", 16, "concurrent clients")
	fs.DurationVar(&c.Duration, "duration", 10*time.Second, "how long to drive (at most 10m)")
	fs.IntVar(&c.MaxRequests, "requests", 0, "stop after this many requests (0: only the duration)")
	fs.IntVar(&c.Region, "region", 1, "region whose accounts to use")
	fs.StringVar(&c.Supervisor, "supervisor", "", "supervisor account (default: the region's generated one)")
	fs.StringVar(&c.Password, "password", gen.DefaultPassword, "password of the accounts")
	jsonFile := fs.String("json", "", "also write the result as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.Progress = stderr
	res, err := load.Run(ctx, c)
	if err != nil {
		return err
	}
	res.Print(stdout)
	if *jsonFile != "" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonFile, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// servedService is the service "serve" runs, for the profiler's /debug/vars: the answer
// cache's hits and misses ("answers").
var (
	servedService  atomic.Pointer[service.Service]
	publishAnswers sync.Once
)

// cmdBenchServe runs the server exactly as "serve" does, with the Go profiler on a second,
// loopback-only address, so that a load run can be profiled.
func cmdBenchServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) < 2 || args[0] != "--pprof" {
		return errors.New("usage: luoshi bench serve --pprof 127.0.0.1:6060 [serve flags]")
	}
	host, _, err := net.SplitHostPort(args[1])
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--pprof %q: want a loopback address such as 127.0.0.1:6060", args[1])
	}
	ln, err := net.Listen("tcp", args[1])
	if err != nil {
		return err
	}
	publishAnswers.Do(func() {
		expvar.Publish("answers", expvar.Func(func() any {
			var hits, misses, version int64
			var entries, bytes int
			if svc := servedService.Load(); svc != nil {
				hits, misses = svc.AnswerStats()
				entries, bytes = svc.AnswerSize()
				if vs, ok := svc.Store.(luoshi.DataVersioner); ok {
					version, _ = vs.DataVersion(context.Background())
				}
			}
			return map[string]int64{"hits": hits, "misses": misses, "data_version": version,
				"entries": int64(entries), "bytes": int64(bytes)}
		}))
		// The write groups committed and the writes they held: their ratio is the writes
		// one commit (one sync of the log) made durable.
		expvar.Publish("writes", expvar.Func(func() any {
			var commits, writes int64
			if svc := servedService.Load(); svc != nil {
				if ws, ok := svc.Store.(interface{ WriteStats() (int64, int64) }); ok {
					commits, writes = ws.WriteStats()
				}
			}
			return map[string]int64{"commits": commits, "writes": writes}
		}))
		// The write groups' sizes (how many held 1, 2–4, 5–8, 9–16 and more writes), the
		// writer's time in their members, in their commits and in the log's restarts, in
		// milliseconds, and how many writes waited at most 1, 2, 5, 10, 20, 50 ms or more for
		// the writer to take them (queued) and for their answer (waited).
		expvar.Publish("groups", expvar.Func(func() any {
			var g store.GroupStats
			if svc := servedService.Load(); svc != nil {
				if gs, ok := svc.Store.(interface{ GroupStats() store.GroupStats }); ok {
					g = gs.GroupStats()
				}
			}
			classes := func(c [len(store.WaitBounds) + 1]int64) map[string]int64 {
				m := map[string]int64{"more": c[len(store.WaitBounds)]}
				for i, b := range store.WaitBounds {
					m[b.String()] = c[i] // "1ms", "2ms", …
				}
				return m
			}
			return map[string]any{"1": g.Sizes[0], "2-4": g.Sizes[1], "5-8": g.Sizes[2], "9-16": g.Sizes[3],
				"17+": g.Sizes[4], "members_ms": g.Members.Milliseconds(), "commits_ms": g.Commits.Milliseconds(),
				"queued": classes(g.Queued), "waited": classes(g.Waited), "handovers_ms": g.HandOvers.Milliseconds()}
		}))
		// SQLite's checkpointer: its passes, its hand-overs to the writer (each a restart
		// of the log) and the log's length in frames at its last pass.
		expvar.Publish("checkpoints", expvar.Func(func() any {
			var passes, hands, frames int64
			if svc := servedService.Load(); svc != nil {
				if cs, ok := svc.Store.(interface{ CheckpointStats() (int64, int64, int64) }); ok {
					passes, hands, frames = cs.CheckpointStats()
				}
			}
			return map[string]int64{"passes": passes, "handovers": hands, "frames": frames}
		}))
	})
	go http.Serve(ln, http.DefaultServeMux)
	defer ln.Close()
	fmt.Fprintf(stdout, "pprof on http://%s/debug/pprof/\n", ln.Addr())
	return cmdServe(ctx, args[2:], stdout, stderr)
}

// cmdBenchSoak runs a soak: a long, moderate, fixed-rate load on a server it starts itself
// (this binary, unless --bin says another), sampled every interval.
func cmdBenchSoak(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench soak", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c soak.Config
	fs.StringVar(&c.Dir, "out", "", "directory for the database, server.log, soak.csv and soak.png (new or empty)")
	fs.DurationVar(&c.Duration, "duration", time.Hour, "how long to drive the load (at most 24h)")
	fs.DurationVar(&c.Interval, "interval", time.Minute, "time between samples")
	fs.Float64Var(&c.Rate, "rate", 20, "operations a second, in all: moderate, not saturation")
	fs.IntVar(&c.Concurrency, "concurrency", 4, "clients sharing the rate")
	scale := fs.String("scale", "county", "county, city or province")
	items := fs.Int("items", 0, "override the number of items")
	events := fs.Int("events", 0, "override the number of events")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed of the data and the load")
	fs.DurationVar(&c.Tick, "tick", 10*time.Second, "the server's reminder scheduler interval")
	fs.StringVar(&c.Bin, "bin", "", "luoshi binary to serve with (default: this one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.Dir == "" {
		return errors.New("bench soak: --out DIR is required")
	}
	sc, ok := gen.Scales[*scale]
	if !ok {
		return fmt.Errorf("--scale %q: want county, city or province", *scale)
	}
	if *items > 0 {
		sc.Items = *items
	}
	if *events > 0 {
		sc.Events = *events
	}
	c.Scale = sc
	if c.Bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		c.Bin = exe
	}
	c.Progress = stdout
	res, err := soak.Run(ctx, c)
	if res != nil && res.Load != nil {
		res.Load.Print(stdout)
	}
	if err != nil {
		return err
	}
	_, summary := soak.Check(res.Samples, min(9, len(res.Samples)-1), 0.10)
	fmt.Fprintf(stdout, "soak: last sample against sample %d: %s\n", min(10, len(res.Samples)), summary)
	if spans := soak.Spans(res.Samples, 10); spans != "" {
		fmt.Fprintf(stdout, "soak: %s\n", spans)
	}
	return nil
}
