// Package scheduler runs luoshi's timed jobs inside `luoshi serve`: every tick, the process
// that holds the scheduler's lease in the database fires the reminders that have come due
// (deadlines approaching, acceptance and reports due, automatic urging and its escalation,
// the daily digests). Each reminder is recorded once and claimed once, so restarts, crashes
// and a second process on the same database never fire one twice. It stops when its
// context is cancelled.
package scheduler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"luoshi/internal/service"
)

// Jobs is what the scheduler drives; *service.Notifier implements it.
type Jobs interface {
	ClaimLease(ctx context.Context, holder string, ttl time.Duration) (bool, error)
	Backfill(ctx context.Context) (int, error)
	RunDue(ctx context.Context) (service.PassStats, error)
}

var _ Jobs = (*service.Notifier)(nil)

// Scheduler runs a pass every Tick while it holds the lease.
type Scheduler struct {
	Jobs Jobs
	Tick time.Duration
	// Holder names this process in the lease.
	Holder string
	Log    *slog.Logger

	backfilled bool
}

// New returns a scheduler with a holder name unique to this process.
func New(jobs Jobs, tick time.Duration) *Scheduler {
	return &Scheduler{Jobs: jobs, Tick: tick, Holder: holderName(), Log: slog.Default()}
}

func holderName() string {
	host, _ := os.Hostname()
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// leaseTTL outlives a few missed ticks, so that a slow pass keeps the lease, but not so
// many that a dead holder blocks the others for long.
func (s *Scheduler) leaseTTL() time.Duration { return max(3*s.Tick, 30*time.Second) }

// Pass runs one pass if this process holds (or can take) the lease; ran says whether it
// did. The first pass that runs also computes the reminders of items made before the
// notifier was wired.
func (s *Scheduler) Pass(ctx context.Context) (st service.PassStats, ran bool, err error) {
	ok, err := s.Jobs.ClaimLease(ctx, s.Holder, s.leaseTTL())
	if err != nil || !ok {
		return st, false, err
	}
	if !s.backfilled {
		n, err := s.Jobs.Backfill(ctx)
		if err != nil {
			return st, true, err
		}
		if n > 0 {
			s.Log.Info("scheduler: reminders computed for existing items", "items", n)
		}
		s.backfilled = true
	}
	st, err = s.Jobs.RunDue(ctx)
	return st, true, err
}

// Run passes every Tick until ctx is cancelled.
func (s *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(s.Tick)
	defer t.Stop()
	for {
		st, ran, err := s.Pass(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.Log.Error("scheduler: pass failed", "err", err)
		case ran && (st.Fired > 0 || st.Skipped > 0 || st.Digests > 0):
			s.Log.Info("scheduler: pass", "fired", st.Fired, "urged", st.Urged, "skipped", st.Skipped, "digests", st.Digests)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
