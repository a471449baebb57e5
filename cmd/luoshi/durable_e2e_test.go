package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/store/disktest"
)

// The tests of issue 13, point 4: the server never acknowledges a write it cannot keep.

const durablePW = "Demo-pass-2026"

// serveRefused runs serve with the arguments in dir and expects it to refuse to start: a
// non-zero exit, never "listening". It returns what the command printed.
func serveRefused(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", freeAddr(t)}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || strings.Contains(string(out), "listening") {
		t.Fatalf("serve %v started (%v):\n%s", args, err, out)
	}
	return string(out)
}

// problem is a 503's problem document.
type problem struct {
	Status     int
	Code       string
	Reason     string
	Detail     string
	RetryAfter string `json:"-"` // the answer's Retry-After header
}

// send makes one request and returns its status and, on an error, its problem document.
func send(method, url, token string, body any) (int, problem, error) {
	return sendOut(method, url, token, body, nil)
}

// sendOut is send that decodes a successful answer into out (unless nil).
func sendOut(method, url, token string, body, out any) (int, problem, error) {
	var p problem
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, p, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		json.NewDecoder(resp.Body).Decode(&p)
		p.RetryAfter = resp.Header.Get("Retry-After")
	} else if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode, p, nil
}

// health is /healthz's status and reason.
func health(t *testing.T, base string) (int, string) {
	t.Helper()
	st, p, err := send("GET", base+"/healthz", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	return st, p.Reason
}

// prefsWrite is one small real write: a user's notification preferences.
func prefsWrite(base, token string, n int) (int, problem, error) {
	return send("PUT", base+"/api/v1/me/notify-prefs", token, map[string]any{"digest": n%2 == 0})
}

type sent struct {
	at, back time.Time
	status   int
	reason   string
}

// TestRemovedUnderLoad removes the database file while four users write: from the moment
// /healthz says so (within a second of the removal), no write sent is acknowledged, each is
// a 503 naming the removal; the file is not created again; and a restart does not begin a
// new database (with or without --demo) where the lost one was.
func TestRemovedUnderLoad(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db, key := filepath.Join(dir, "luoshi.db"), filepath.Join(dir, "luoshi.key")
	args := []string{"--db", "sqlite:" + db, "--key-file", key, "--files-dir", filepath.Join(dir, "files")}
	s := startServer(t, bin, nil, append(args, "--demo", "--demo-password", durablePW)...)
	var tokens []string
	for _, u := range []string{"duchashi", "fgj_ll", "czj_ll", "zfb_ll"} {
		tokens = append(tokens, login(t, s.url, u, durablePW))
	}

	var mu sync.Mutex
	var log []sent
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				at := time.Now()
				st, p, err := prefsWrite(s.url, tok, n)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				log = append(log, sent{at, time.Now(), st, p.Reason})
				mu.Unlock()
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	removed := time.Now()
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	var noticed time.Time
	for noticed.IsZero() {
		st, reason := health(t, s.url)
		switch {
		case st == http.StatusServiceUnavailable && reason == "store.removed":
			noticed = time.Now()
		case st != http.StatusOK:
			t.Fatalf("/healthz %d %q", st, reason)
		case time.Since(removed) > time.Second:
			t.Fatalf("/healthz still 200 a second after the removal")
		default:
			time.Sleep(5 * time.Millisecond)
		}
	}
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()

	var before, after, raced int
	for _, r := range log {
		switch {
		case r.at.Before(removed) && r.status == http.StatusOK:
			before++
		case r.at.After(noticed) && (r.status != http.StatusServiceUnavailable || r.reason != "store.removed"):
			t.Errorf("a write sent %s after the removal was noticed: %d %q", r.at.Sub(noticed), r.status, r.reason)
		case r.at.After(noticed):
			after++
		case r.status == http.StatusOK:
			raced++ // sent between the removal and /healthz's answer, and checked before the removal
		}
	}
	t.Logf("removal noticed by /healthz after %s; %d writes acknowledged before it, %d acknowledged in flight, %d refused after",
		noticed.Sub(removed).Round(time.Millisecond), before, raced, after)
	if before == 0 || after == 0 {
		t.Fatalf("the load did not straddle the removal: %d before, %d after", before, after)
	}
	if st, reason := health(t, s.url); st != http.StatusServiceUnavailable || reason != "store.removed" {
		t.Errorf("/healthz at the end: %d %q", st, reason)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the database file was created again while serving: %v", err)
	}
	s.stop(t)

	// At restart no new database is begun where the lost one was.
	os.Remove(db + "-wal") // even without the log the removal left behind
	out := serveRefused(t, bin, dir, args...)
	if !strings.Contains(out, db) || !strings.Contains(out, "luoshi init") {
		t.Errorf("serve without the database:\n%s", out)
	}
	out = serveRefused(t, bin, dir, append(args, "--demo", "--demo-password", durablePW)...)
	if !strings.Contains(out, key) || !strings.Contains(out, "--create") {
		t.Errorf("serve --demo where a database was:\n%s", out)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused start created the database: %v", err)
	}
}

// TestServeCreates: serve makes a database only when told to (--create), or with --demo in
// a fresh place; the demo is loaded only into the database --demo made; a file that is not
// a luoshi database is refused.
func TestServeCreates(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	args := []string{"--db", "sqlite:" + db, "--key-file", filepath.Join(dir, "k.key"), "--files-dir", filepath.Join(dir, "files")}
	serveRefused(t, bin, dir, args...)
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("serve without --create created the database: %v", err)
	}
	s := startServer(t, bin, nil, append(args, "--create")...)
	if !strings.Contains(s.out.String(), "created database") {
		t.Errorf("no word of the new database:\n%s", s.out)
	}
	s.stop(t)
	// An empty database that --demo did not make gets no demo county.
	s = startServer(t, bin, nil, append(args, "--demo", "--demo-password", durablePW)...)
	if strings.Contains(s.out.String(), "demo: loaded") {
		t.Errorf("the demo was loaded into a database --demo did not create:\n%s", s.out)
	}
	if st, _, _ := send("POST", s.url+"/api/v1/login", "", map[string]string{"username": "duchashi", "password": durablePW}); st == http.StatusOK {
		t.Error("a demo account exists in a database --demo did not create")
	}
	s.stop(t)

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	out := serveRefused(t, bin, dir, "--db", "sqlite:"+empty, "--key-file", filepath.Join(dir, "k.key"))
	if !strings.Contains(out, "luoshi") || !strings.Contains(out, empty) {
		t.Errorf("serve on an empty file:\n%s", out)
	}
}

// TestDiskFullServe fills the file system of the database under a running server: /healthz
// says so at once, every write that does not fit is a 503 naming the full disk (never a
// bare 500), and once space is freed the server takes writes again.
//
// How many writes still fit depends on what SQLite had allocated when the disk filled (the
// write-ahead log's length, free pages, room in pages), which the demo's loading and the
// server's background work leave different from run to run. So each write is a comment of
// the longest text, kept in an event (events are never deleted): n acknowledged comments
// hold n × 15,000 bytes more, which the file system's size bounds. Past that bound a write
// must have been refused — a test that fails there has found acknowledged writes that were
// not kept, whatever the machine's load.
func TestDiskFullServe(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const fsSize = 48 << 20
	mnt := disktest.Tmpfs(t, strconv.Itoa(fsSize>>20)+"m")
	args := []string{"--db", "sqlite:" + filepath.Join(mnt, "luoshi.db"), "--key-file", filepath.Join(dir, "k.key"),
		"--files-dir", filepath.Join(dir, "files"), "--demo", "--demo-password", durablePW}
	s := startServer(t, bin, nil, args...)
	defer s.stop(t)
	tok := login(t, s.url, "fgj_ll", durablePW)
	var page struct{ Items []struct{ ID int64 } }
	if st := request(t, "GET", s.url+"/api/v1/items?limit=1", tok, nil, &page); st != http.StatusOK || len(page.Items) == 0 {
		t.Fatalf("the liaison's items: %d %+v", st, page)
	}
	text := strings.Repeat("督", luoshi.MaxTextLen) // 15,000 bytes of UTF-8
	comment := func() (int, problem, error) {
		return send("POST", s.url+"/api/v1/items/"+strconv.FormatInt(page.Items[0].ID, 10)+"/comment", tok, map[string]string{"text": text})
	}
	if st, p, err := comment(); st != http.StatusOK {
		t.Fatalf("write before: %d %+v %v", st, p, err)
	}
	filler := filepath.Join(mnt, "filler")
	disktest.Fill(t, filler)
	if st, reason := health(t, s.url); st != http.StatusServiceUnavailable || reason != "store.full" {
		t.Errorf("/healthz on a full disk: %d %q", st, reason)
	}
	bound := fsSize/len(text) + 1
	refused := 0
	for n := 1; n <= bound && refused == 0; n++ {
		// The first writes may still fit in what SQLite had already allocated.
		st, p, err := comment()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case st == http.StatusOK:
		case st == http.StatusServiceUnavailable && p.Reason == "store.full" && strings.Contains(p.Detail, "disk is full") &&
			p.RetryAfter == "60":
			refused = n
		default:
			t.Fatalf("write %d on a full disk: %d %+v", n, st, p)
		}
	}
	if refused == 0 {
		t.Fatalf("%d comments of %d bytes acknowledged on a full %d-byte file system", bound, len(text), fsSize)
	}
	t.Logf("on the full disk, write %d was the first that did not fit: 503 store.full", refused)
	os.Remove(filler)
	freed := time.Now()
	// The disk counts as full for store.fullFor (5 s) after the refused write; the minute is
	// only a guard against hanging.
	for st, reason := health(t, s.url); st != http.StatusOK; st, reason = health(t, s.url) {
		if time.Since(freed) > time.Minute {
			t.Fatalf("/healthz a minute after space was freed: %d %q", st, reason)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("/healthz ok again %s after space was freed", time.Since(freed).Round(time.Millisecond))
	if st, p, _ := prefsWrite(s.url, tok, 1); st != http.StatusOK {
		t.Errorf("write after space was freed: %d %+v", st, p)
	}
	if st, p, _ := comment(); st != http.StatusOK {
		t.Errorf("comment after space was freed: %d %+v", st, p)
	}
}

// TestReadOnlyRefused: a database on a read-only file system is refused at start with the
// cause, where the server used to say "listening" and fail every login with 500.
func TestReadOnlyRefused(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	mnt := disktest.Tmpfs(t, "48m")
	db := filepath.Join(mnt, "luoshi.db")
	args := []string{"--db", "sqlite:" + db, "--key-file", filepath.Join(dir, "k.key"), "--files-dir", filepath.Join(dir, "files")}
	s := startServer(t, bin, nil, append(args, "--create")...)
	s.stop(t)
	disktest.ReadOnly(t, mnt)
	out := serveRefused(t, bin, dir, args...)
	if !strings.Contains(out, db) || !strings.Contains(out, "只读") {
		t.Errorf("serve on a read-only database:\n%s", out)
	}
}
