// Package notify delivers luoshi's notices through outward channels behind one interface
// (e-mail by SMTP, a generic signed webhook, DingTalk and WeCom group robots, an SMS
// gateway), and runs the worker that empties the outbox with retries and back-off. The
// in-app inbox needs no channel: it is written with the change that makes the notice.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// Channel sends one delivery. An error means the delivery should be tried again later,
// unless it is Permanent.
type Channel interface {
	Name() luoshi.Channel
	Send(ctx context.Context, d *luoshi.Delivery) error
}

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks an error that trying again will not cure (no address, a rejected
// recipient, a channel not configured): the delivery fails at once.
func Permanent(err error) error { return permanentError{err} }

// IsPermanent reports whether err was marked Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// Outbox is what the worker needs of the notifier.
type Outbox interface {
	ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]luoshi.Delivery, error)
	FinishDelivery(ctx context.Context, d luoshi.Delivery, sendErr error, permanent bool) (string, error)
}

var _ Outbox = (*service.Notifier)(nil)

// Worker empties the outbox: it claims due deliveries, sends each through its channel and
// records the outcome. Deliveries are claimed with a lease, so several workers (in several
// processes) never send the same one at once, and one that dies mid-send leaves it to be
// tried again when the lease runs out.
type Worker struct {
	Outbox   Outbox
	Channels map[luoshi.Channel]Channel
	// Every is how often the worker looks for due deliveries.
	Every time.Duration
	// Batch is how many deliveries one claim takes.
	Batch int
	// Lease is how long a claimed delivery is the worker's; longer than any send takes.
	Lease time.Duration
	// Timeout bounds one send.
	Timeout time.Duration
	Log     *slog.Logger
}

// NewWorker returns a worker over the outbox and channels with default timings: every 5
// seconds, 32 at a time, 2-minute leases, 30-second sends.
func NewWorker(ob Outbox, channels ...Channel) *Worker {
	w := &Worker{Outbox: ob, Channels: map[luoshi.Channel]Channel{}, Every: 5 * time.Second, Batch: 32,
		Lease: 2 * time.Minute, Timeout: 30 * time.Second, Log: slog.Default()}
	for _, c := range channels {
		w.Channels[c.Name()] = c
	}
	return w
}

// Run drains the outbox every w.Every until ctx is cancelled.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.Every)
	defer t.Stop()
	for {
		if _, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("notify: delivery worker", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Result counts what a drain did.
type Result struct {
	Sent, Retried, Failed int
}

// Drain sends every delivery due now, batch by batch. A send cut short by ctx is not
// recorded: its lease runs out and it is tried again.
func (w *Worker) Drain(ctx context.Context) (Result, error) {
	var res Result
	for ctx.Err() == nil {
		ds, err := w.Outbox.ClaimDeliveries(ctx, w.Batch, w.Lease)
		if err != nil {
			return res, err
		}
		for i := range ds {
			if err := w.send(ctx, &ds[i], &res); err != nil {
				return res, err
			}
		}
		if len(ds) < w.Batch {
			break
		}
	}
	return res, ctx.Err()
}

func (w *Worker) send(ctx context.Context, d *luoshi.Delivery, res *Result) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var err error
	if c, ok := w.Channels[d.Channel]; ok {
		sctx, cancel := context.WithTimeout(ctx, w.Timeout)
		err = c.Send(sctx, d)
		cancel()
	} else {
		err = Permanent(fmt.Errorf("渠道 %s 未配置", d.Channel))
	}
	if ctx.Err() != nil {
		return ctx.Err() // shutting down: leave it to the lease
	}
	status, ferr := w.Outbox.FinishDelivery(context.WithoutCancel(ctx), *d, err, IsPermanent(err))
	if ferr != nil {
		return ferr
	}
	switch status {
	case luoshi.DeliverySent:
		res.Sent++
	case luoshi.DeliveryFailed:
		res.Failed++
		w.Log.Warn("notify: delivery failed", "delivery", d.ID, "channel", d.Channel, "attempt", d.Attempts, "err", err)
	default:
		res.Retried++
		w.Log.Info("notify: delivery will be retried", "delivery", d.ID, "channel", d.Channel, "attempt", d.Attempts, "err", err)
	}
	return nil
}
