package notify_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify"
	"luoshi/internal/notify/notifytest"
	"luoshi/internal/service"
)

// robot is a DingTalk robot that records the item codes of the messages it gets.
type robot struct {
	mu    sync.Mutex
	codes map[string]int
}

var codeRE = regexp.MustCompile(`督办〔\d+〕\d+号`)

func (r *robot) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.codes[codeRE.FindString(string(body))]++
	r.mu.Unlock()
	io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
}

// failing is a webhook receiver that always answers 500; it holds its hold-th request
// until released, so that a worker can be killed in the middle of that delivery.
type failing struct {
	mu      sync.Mutex
	n, hold int
	arrived chan struct{}
	release chan struct{}
}

func (f *failing) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	f.mu.Lock()
	f.n++
	n := f.n
	f.mu.Unlock()
	if n == f.hold {
		close(f.arrived)
		<-f.release
	}
	http.Error(w, "receiver down", http.StatusInternalServerError)
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newWorker(e *notifytest.Env, hook, ding string) *notify.Worker {
	w := notify.NewWorker(e.N, &notify.Webhook{URL: hook, Secret: "s"}, &notify.DingTalk{URL: ding})
	w.Log, w.Timeout = quiet(), time.Minute
	return w
}

// TestKillMidDelivery kills a worker (its process: the store is closed under it) while a
// failing channel holds a delivery, starts again and drains with the clock moved on:
// every delivery ends sent or failed, the good channel got each notice exactly once, and
// the failing one ends "failed" with its error, visible to the system administrator.
func TestKillMidDelivery(t *testing.T) {
	cfg := service.DefaultNotifyConfig()
	cfg.Channels = map[luoshi.Channel]bool{luoshi.ChannelWebhook: true, luoshi.ChannelDingTalk: true}
	cfg.Retry = luoshi.RetryRules{MaxAttempts: 3, Base: time.Minute, Cap: time.Hour}
	for _, db := range notifytest.Databases(t) {
		t.Run(db, func(t *testing.T) { killMidDelivery(t, notifytest.NewOn(t, db, cfg)) })
	}
}

func killMidDelivery(t *testing.T, e *notifytest.Env) {

	bot := &robot{codes: map[string]int{}}
	good := httptest.NewServer(bot)
	t.Cleanup(good.Close)
	bad := &failing{hold: 5, arrived: make(chan struct{}), release: make(chan struct{})}
	badSrv := httptest.NewServer(bad)
	t.Cleanup(badSrv.Close)
	var codes []string
	for range 3 {
		it := e.MustCreateItem(luoshi.PriorityUrgent, notifytest.Start.Add(48*time.Hour))
		codes = append(codes, it.Code)
	}
	total := e.Count(`SELECT COUNT(*) FROM deliveries`)
	if total != 12 { // per item: webhook to the lead's liaison and staff and the co-unit's liaison; one robot post
		t.Fatalf("%d deliveries queued, want 12", total)
	}

	// The first process: its worker is in the middle of the 5th delivery when it dies.
	old := newWorker(e, badSrv.URL, good.URL)
	done := make(chan error, 1)
	go func() { _, err := old.Drain(context.Background()); done <- err }()
	<-bad.arrived
	e.Restart() // the old store is gone; whatever the old worker does next cannot be written
	t.Cleanup(func() { close(bad.release); <-done })

	w := newWorker(e, badSrv.URL, good.URL)
	for range 12 { // an hour and more of ten-minute steps: leases and back-offs run out
		if _, err := w.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.Clock.Add(10 * time.Minute)
	}

	if n := e.Count(`SELECT COUNT(*) FROM deliveries WHERE status NOT IN ('sent', 'failed')`); n != 0 {
		t.Errorf("%d deliveries neither sent nor failed", n)
	}
	for _, c := range codes {
		if bot.codes[c] != 1 {
			t.Errorf("robot got %s %d times, want once: %v", c, bot.codes[c], bot.codes)
		}
	}
	if n := e.Count(`SELECT COUNT(*) FROM deliveries WHERE channel = 'dingtalk' AND status = 'sent'`); n != 3 {
		t.Errorf("%d robot deliveries sent, want 3", n)
	}
	page, err := e.Svc.Deliveries(context.Background(), e.Actor("admin"), luoshi.DeliveryFailed, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Deliveries) != 9 {
		t.Fatalf("%d failed deliveries shown, want the 9 webhook ones", len(page.Deliveries))
	}
	for _, d := range page.Deliveries {
		if d.Channel != luoshi.ChannelWebhook || d.Attempts != 3 || !strings.Contains(d.LastError, "HTTP 500") || d.Username == "" {
			t.Errorf("failed delivery %+v", d)
		}
	}
	if _, err := e.Svc.Deliveries(context.Background(), e.Actor("sup"), "", 50, ""); luoshi.ErrorCode(err) != luoshi.EFORBIDDEN {
		t.Errorf("the supervisor sees the outbox: %v", err)
	}
	// The administrator sends one again: it gets a fresh set of tries.
	if n, err := e.Svc.RetryDeliveries(context.Background(), e.Actor("admin"), []int64{page.Deliveries[0].ID, 9999}); err != nil || n != 1 {
		t.Fatalf("retried %d: %v", n, err)
	}
	if n := e.Count(`SELECT COUNT(*) FROM deliveries WHERE status = 'pending' AND attempts = 0`); n != 1 {
		t.Errorf("%d requeued, want 1", n)
	}
}

// TestQuietHours: a routine item's notice made at night waits for the morning on the
// outward channels; an urgent one goes at once; the inbox has both at once.
func TestQuietHours(t *testing.T) {
	cfg := service.DefaultNotifyConfig()
	cfg.Channels = map[luoshi.Channel]bool{luoshi.ChannelWebhook: true}
	e := notifytest.New(t, cfg)
	night := time.Date(2026, 11, 2, 23, 30, 0, 0, notifytest.Shanghai)
	e.Clock.Set(night)
	e.MustCreateItem(luoshi.PriorityRoutine, night.Add(30*24*time.Hour))
	e.MustCreateItem(luoshi.PriorityUrgent, night.Add(24*time.Hour))
	morning := time.Date(2026, 11, 3, 7, 0, 0, 0, notifytest.Shanghai).UnixMilli()
	if n := e.Count(`SELECT COUNT(*) FROM deliveries d JOIN notices n ON n.id = d.notice_id
		WHERE n.urgent = FALSE AND d.next_at = $1`, morning); n != 3 {
		t.Errorf("%d routine deliveries held until 07:00, want 3", n)
	}
	if n := e.Count(`SELECT COUNT(*) FROM deliveries d JOIN notices n ON n.id = d.notice_id
		WHERE n.urgent = TRUE AND d.next_at = $1`, night.UnixMilli()); n != 3 {
		t.Errorf("%d urgent deliveries due at once, want 3", n)
	}
	if got := len(e.Inbox("a_ll")); got != 2 {
		t.Errorf("inbox has %d notices at night, want 2", got)
	}
}
