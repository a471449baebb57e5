package main

import (
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestNotifyKillAndRestart runs the real binary on the demo county with a generic webhook
// that keeps failing and a DingTalk robot that works, kills it (SIGKILL) while the webhook
// holds a delivery, and starts it again on the same database: every delivery ends sent or
// failed, the robot got each of its deliveries exactly once, and every webhook delivery
// ends "failed" with the receiver's error.
func TestNotifyKillAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	var mu sync.Mutex
	robot := map[string]int{}
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		robot[r.Header.Get("X-Luoshi-Delivery")]++
		mu.Unlock()
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer good.Close()
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		held := false
		once.Do(func() { held = true; close(arrived) })
		if held {
			<-release
		}
		http.Error(w, "receiver down", http.StatusInternalServerError)
	}))
	defer bad.Close()
	defer close(release)

	bin := buildBinary(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "luoshi.db")
	env := []string{"LUOSHI_WEBHOOK_URL=" + bad.URL + "/hook", "LUOSHI_WEBHOOK_SECRET=s3cret",
		"LUOSHI_DINGTALK_URL=" + good.URL + "/robot/send?access_token=T", "LUOSHI_DINGTALK_SECRET=SECx",
		"LUOSHI_QUIET_HOURS=off"}
	args := []string{"--db", "sqlite:" + dbPath, "--key-file", filepath.Join(dir, "luoshi.key"),
		"--tick", "1s", "--deliver-every", "100ms", "--delivery-lease", "2s", "--delivery-attempts", "3", "--delivery-retry", "100ms"}

	first := startServer(t, bin, env, append(args, "--demo", "--demo-password", "Demo@2026x")...)
	select {
	case <-arrived:
	case <-time.After(60 * time.Second):
		t.Fatalf("no webhook delivery was attempted\n%s", first.out)
	}
	first.cmd.Process.Kill() // mid-delivery: the webhook still holds the request
	<-first.done
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The deliveries queued before the kill are the ones whose fate is checked; the second
	// process may queue more of its own.
	last := count(`SELECT MAX(id) FROM deliveries`)
	pending := fmt.Sprintf(`SELECT COUNT(*) FROM deliveries WHERE status = 'pending' AND id <= %d`, last)
	if count(pending) == 0 {
		t.Fatal("nothing was left to deliver when the server was killed")
	}

	second := startServer(t, bin, env, args...)
	deadline := time.Now().Add(90 * time.Second)
	for count(pending) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still pending\n%s", count(pending), second.out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	second.stop(t)

	before := fmt.Sprintf(" AND id <= %d", last)
	sent := count(`SELECT COUNT(*) FROM deliveries WHERE channel = 'dingtalk' AND status = 'sent'` + before)
	if robots := count(`SELECT COUNT(*) FROM deliveries WHERE channel = 'dingtalk'` + before); sent != robots || sent == 0 {
		t.Errorf("%d of %d robot deliveries sent", sent, robots)
	}
	mu.Lock()
	defer mu.Unlock()
	got := 0
	for id, n := range robot {
		if k, err := strconv.Atoi(id); err != nil || k > last {
			continue
		}
		got++
		if n != 1 {
			t.Errorf("robot got delivery %s %d times", id, n)
		}
	}
	if got != sent {
		t.Errorf("robot got %d distinct deliveries, want %d", got, sent)
	}
	if n := count(`SELECT COUNT(*) FROM deliveries WHERE channel = 'webhook' AND (status <> 'failed' OR attempts <> 3
		OR last_error NOT LIKE '%HTTP 500%')` + before); n != 0 {
		t.Errorf("%d webhook deliveries did not end failed after 3 tries with the receiver's error", n)
	}
	if n := count(`SELECT COUNT(*) FROM reminders WHERE outcome = 'sent'`); n == 0 {
		t.Error("no reminder of the demo county was sent")
	}
	if !strings.Contains(second.out.String(), "notify: scheduler every 1s; channels: inbox, webhook, dingtalk") {
		t.Errorf("start-up does not say what it notifies through:\n%s", second.out)
	}
}
