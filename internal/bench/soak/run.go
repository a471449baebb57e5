package soak

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/bench/load"
	"luoshi/internal/store"
)

// Config says how to soak.
type Config struct {
	Bin         string        // the luoshi binary to start the server with
	Dir         string        // output: database, server log, soak.csv, soak.png
	Duration    time.Duration // of the load
	Interval    time.Duration // between samples
	Rate        float64       // operations a second, in all
	Concurrency int
	Scale       gen.Scale
	Seed        uint64
	Tick        time.Duration // the server's reminder scheduler
	Progress    io.Writer     // a line per sample
}

// Result is what a soak measured.
type Result struct {
	Samples []Sample
	Load    *load.Result
	// Generated is the generator's summary of the dataset.
	Generated *gen.Summary
}

// Run generates the dataset into Dir, starts the SMTP and webhook sinks and the server
// (with its profiler on a second loopback port, read for the goroutine count), drives the
// mixed workload at the fixed rate for Duration and samples every Interval, saving the CSV
// and plot after each sample, so an interrupted run still leaves its figures.
func Run(ctx context.Context, c Config) (*Result, error) {
	if c.Duration <= 0 || c.Interval <= 0 || c.Interval > c.Duration {
		return nil, fmt.Errorf("soak: duration %s and interval %s: want 0 < interval ≤ duration", c.Duration, c.Interval)
	}
	if c.Rate <= 0 {
		return nil, fmt.Errorf("soak: rate %g: want more than 0", c.Rate)
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return nil, err
	}
	db := filepath.Join(c.Dir, "soak.db")
	if _, err := os.Stat(db); err == nil {
		return nil, fmt.Errorf("soak: %s exists: use a new --out directory", db)
	}
	say := func(format string, args ...any) {
		if c.Progress != nil {
			fmt.Fprintf(c.Progress, format+"\n", args...)
		}
	}
	res := &Result{}
	var err error
	say("soak: generating %d items, %d events into %s", c.Scale.Items, c.Scale.Events, db)
	if res.Generated, err = gen.Generate(ctx, "sqlite:"+db, gen.Options{Scale: c.Scale, Seed: c.Seed,
		Now: time.Now().Truncate(time.Minute)}); err != nil {
		return nil, err
	}
	if err := giveMail(ctx, db); err != nil {
		return nil, err
	}
	mail, err := NewSMTPSink()
	if err != nil {
		return nil, err
	}
	defer mail.Close()
	hook, err := NewHookSink()
	if err != nil {
		return nil, err
	}
	defer hook.Close()
	srv, err := startServer(ctx, c, db, mail, hook)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	say("soak: server pid %d on %s (profiler %s); SMTP sink %s, webhook sink %s",
		srv.cmd.Process.Pid, srv.url, srv.pprof, mail.Addr(), hook.URL())

	win := &Window{}
	lctx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	loadDone := make(chan error, 1)
	go func() {
		// The load runs a little past the last sample, which then has a whole interval.
		r, err := load.Run(lctx, load.Config{URL: srv.url, Workload: "mixed", Concurrency: c.Concurrency,
			Duration: c.Duration + c.Interval, Rate: c.Rate, Observe: win.Observe, Seed: c.Seed})
		res.Load = r
		loadDone <- err
	}()
	start := time.Now()
	t := time.NewTicker(c.Interval)
	defer t.Stop()
	n := int(c.Duration / c.Interval)
	for len(res.Samples) < n {
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case err := <-loadDone:
			return res, fmt.Errorf("soak: the load ended early: %v", err)
		case <-srv.done:
			return res, fmt.Errorf("soak: the server exited (see %s)", filepath.Join(c.Dir, "server.log"))
		case now := <-t.C:
			s := Sample{Minute: now.Sub(start).Minutes(), WALBytes: FileSize(db + "-wal"), DBBytes: FileSize(db),
				Mails: mail.Received.Load(), Hooks: hook.Received.Load(), Load1: LoadAverage()}
			t := win.TakeOps()
			s.Requests, s.Errors, s.P50, s.P99, s.OpP50, s.OpP99, s.OpN = t.N, t.Errors, t.P50, t.P99, t.OpP50, t.OpP99, t.OpN
			if s.RSSKB, s.FDs, err = Proc(srv.cmd.Process.Pid); err != nil {
				return res, fmt.Errorf("soak: reading the server's /proc: %w", err)
			}
			gctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			s.Goroutines, err = Goroutines(gctx, srv.pprof)
			cancel()
			if err != nil {
				return res, fmt.Errorf("soak: goroutines: %w", err)
			}
			res.Samples = append(res.Samples, s)
			if err := Save(c.Dir, res.Samples); err != nil {
				return res, err
			}
			say("soak: %6.2f min  rss %6.1f MB  goroutines %4d  files %3d  wal %7.1f kB  %5d requests (%d errors)  p50 %6.2f ms  p99 %7.2f ms  mails %d  webhooks %d  load %.1f",
				s.Minute, float64(s.RSSKB)/1024, s.Goroutines, s.FDs, float64(s.WALBytes)/1024, s.Requests, s.Errors,
				s.P50, s.P99, s.Mails, s.Hooks, s.Load1)
			ops := "soak:             by operation, count p50/p99 (ms):"
			for _, op := range Ops {
				ops += fmt.Sprintf("  %s %d %.2f/%.2f", op, s.OpN[op], s.OpP50[op], s.OpP99[op])
			}
			say("%s", ops)
		}
	}
	stopLoad()
	if err := <-loadDone; err != nil {
		return res, fmt.Errorf("soak: load: %w", err)
	}
	return res, nil
}

// giveMail gives every generated account an address, so that the notifier has e-mail to
// send (the generator leaves addresses empty).
func giveMail(ctx context.Context, db string) error {
	d, err := sql.Open("sqlite", store.SQLiteDSN(db, url.Values{"_pragma": {"busy_timeout(10000)"}}))
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = d.ExecContext(ctx, `INSERT INTO notify_prefs (user_id, email, updated_at)
		SELECT id, username || '@soak.invalid', 0 FROM users WHERE id NOT IN (SELECT user_id FROM notify_prefs)`)
	return err
}

type server struct {
	cmd         *exec.Cmd
	url, pprof  string
	done        chan struct{}
	log         *os.File
	waitErr     error
	stoppedOnce bool
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func startServer(ctx context.Context, c Config, db string, mail *SMTPSink, hook *HookSink) (*server, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	pp, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(c.Dir, "server.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(c.Bin, "bench", "serve", "--pprof", pp, "--addr", addr, "--db", "sqlite:"+db,
		"--key-file", filepath.Join(c.Dir, "luoshi.key"), "--files-dir", filepath.Join(c.Dir, "files"),
		"--tick", c.Tick.String(), "--deliver-every", "1s", "--delivery-retry", "10s")
	cmd.Env = append(os.Environ(), "LUOSHI_SMTP_ADDR="+mail.Addr(), "LUOSHI_SMTP_TLS=none",
		"LUOSHI_SMTP_FROM=soak@soak.invalid", "LUOSHI_WEBHOOK_URL="+hook.URL(), "LUOSHI_WEBHOOK_SECRET=soak",
		"LUOSHI_QUIET_HOURS=off")
	cmd.Dir, cmd.Stdout, cmd.Stderr = c.Dir, logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	s := &server{cmd: cmd, url: "http://" + addr, pprof: "http://" + pp, done: make(chan struct{}), log: logf}
	go func() { s.waitErr = cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.done:
			logf.Close()
			return nil, fmt.Errorf("soak: the server exited at start: %v (see %s)", s.waitErr, logf.Name())
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, errors.New("soak: the server did not answer /healthz within 2 minutes")
		}
	}
}

// stop ends the server gracefully (SIGTERM), or kills it after 30 s.
func (s *server) stop() {
	if s.stoppedOnce {
		return
	}
	s.stoppedOnce = true
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.log.Close()
}

// Check compares the last sample with sample ref (0-based; the tenth minute is 9): resident
// memory and p99 must each be within tol (0.10 for 10 %) of it.
func Check(samples []Sample, ref int, tol float64) (ok bool, summary string) {
	if len(samples) <= ref {
		return false, fmt.Sprintf("only %d samples: no sample %d to compare with", len(samples), ref+1)
	}
	a, b := samples[ref], samples[len(samples)-1]
	rss := float64(b.RSSKB)/float64(a.RSSKB) - 1
	p99 := b.P99/a.P99 - 1
	ok = rss <= tol && rss >= -tol && p99 <= tol && p99 >= -tol
	verdict := "held"
	if !ok {
		verdict = "did not hold"
	}
	return ok, fmt.Sprintf("%s: RSS %.1f MB at minute %.1f, %.1f MB at minute %.1f (%+.1f %%); p99 %.2f ms then %.2f ms (%+.1f %%)",
		verdict, float64(a.RSSKB)/1024, a.Minute, float64(b.RSSKB)/1024, b.Minute, 100*rss, a.P99, b.P99, 100*p99)
}

// Spans compares the first and the last n samples by their medians — of resident memory, of
// the intervals' p50 and of their p99 — since one sample's p99 moves by a fifth between quiet
// minutes on a shared machine, so that a drift can be told from one loud minute. Fewer than
// 2n samples give an empty string.
func Spans(samples []Sample, n int) string {
	if n < 1 || len(samples) < 2*n {
		return ""
	}
	med := func(s []Sample, f func(Sample) float64) float64 {
		v := make([]float64, len(s))
		for i, x := range s {
			v[i] = f(x)
		}
		sort.Float64s(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	a, b := samples[:n], samples[len(samples)-n:]
	rss := func(x Sample) float64 { return float64(x.RSSKB) / 1024 }
	p50 := func(x Sample) float64 { return x.P50 }
	p99 := func(x Sample) float64 { return x.P99 }
	return fmt.Sprintf("medians of samples 1–%d and %d–%d: RSS %.1f → %.1f MB, p50 %.2f → %.2f ms, p99 %.2f → %.2f ms",
		n, len(samples)-n+1, len(samples), med(a, rss), med(b, rss), med(a, p50), med(b, p50), med(a, p99), med(b, p99))
}
