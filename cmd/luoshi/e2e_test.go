package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildBinary builds luoshi once for all the end-to-end tests of the package.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "luoshi-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "luoshi")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type server struct {
	cmd  *exec.Cmd
	url  string
	out  *bytes.Buffer
	done chan error
}

// startServer runs the built binary with the arguments and environment and waits until it
// answers /healthz.
func startServer(t *testing.T, bin string, env []string, args ...string) *server {
	t.Helper()
	// The server takes a port of its own (port 0) and prints it. A port chosen here and
	// handed to it would be free for as long as the server loads before listening (seconds
	// with the demo county on a busy machine), and another test's server could take it in
	// between: this test would then talk to that one (a login refused with 401, seen in CI).
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = t.TempDir() // the key file and attachments land here, not in the source tree
	s := &server{cmd: cmd, out: &bytes.Buffer{}, done: make(chan error, 1)}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			s.out.WriteString(line + "\n")
			// "luoshi VERSION listening on http://127.0.0.1:PORT"
			if i := strings.Index(line, " listening on "); i > 0 && strings.HasPrefix(line, "luoshi ") {
				select {
				case listening <- strings.TrimSpace(line[i+len(" listening on "):]):
				default:
				}
			}
		}
	}()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- cmd.Wait(); pw.Close() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.After(60 * time.Second)
	select {
	case s.url = <-listening:
	case err := <-s.done:
		t.Fatalf("server exited: %v\n%s", err, s.out)
	case <-deadline:
		t.Fatalf("server did not listen in time\n%s", s.out)
	}
	for {
		resp, err := http.Get(s.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		select {
		case err := <-s.done:
			t.Fatalf("server exited: %v\n%s", err, s.out)
		case <-deadline:
			t.Fatalf("server did not answer in time\n%s", s.out)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM and expects a clean, graceful exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, s.out)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
}

func request(t *testing.T, method, url, token string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		json.NewDecoder(resp.Body).Decode(out)
	}
	return resp.StatusCode
}

func login(t *testing.T, base, user, pw string) string {
	t.Helper()
	var res struct{ Token string }
	if st := request(t, "POST", base+"/api/v1/login", "", map[string]string{"username": user, "password": pw}, &res); st != 200 {
		t.Fatalf("login %s: %d", user, st)
	}
	return res.Token
}

// TestEndToEnd starts the built binary with the demo county, as the README's first command
// does, and walks an item through its life over HTTP.
func TestEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "e2e.db")
	const pw = "Demo-pass-2026"
	s := startServer(t, bin, []string{"LUOSHI_DB=sqlite:" + db}, "--demo", "--demo-password", pw)
	if !strings.Contains(s.out.String(), "示例县") {
		t.Errorf("no demo summary in output:\n%s", s.out)
	}
	sup := login(t, s.url, "duchashi", pw)
	var page struct {
		Items []struct {
			ID     int64  `json:"id"`
			State  string `json:"state"`
			Light  string `json:"light"`
			Source string `json:"source"`
		} `json:"items"`
		NextCursor string `json:"next_cursor"`
	}
	request(t, "GET", s.url+"/api/v1/items?limit=200", sup, nil, &page)
	if len(page.Items) < 150 {
		t.Fatalf("demo county has %d items", len(page.Items))
	}
	states, lights, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, it := range page.Items {
		states[it.State], lights[it.Light], sources[it.Source] = true, true, true
	}
	if len(states) != 8 || len(lights) != 5 || len(sources) != 9 {
		t.Errorf("demo spread: %d states %v, %d lights %v, %d sources", len(states), states, len(lights), lights, len(sources))
	}
	for _, acct := range []string{"admin", "security", "audit", "xianzhang", "fgj_ll", "fgj_jb"} {
		login(t, s.url, acct, pw)
	}
	var units struct{ Units []struct{ ID int64 } }
	request(t, "GET", s.url+"/api/v1/units", sup, nil, &units)
	var users struct {
		Users []struct {
			Username string   `json:"username"`
			Roles    []string `json:"roles"`
		}
	}
	request(t, "GET", fmt.Sprintf("%s/api/v1/users?unit_id=%d", s.url, units.Units[1].ID), sup, nil, &users)
	roles := map[string]bool{}
	for _, u := range users.Users {
		roles[strings.Join(u.Roles, ",")] = true
	}
	if !roles["liaison"] || !roles["staff"] {
		t.Errorf("unit users: %+v", users.Users)
	}

	var created struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	}
	st := request(t, "POST", s.url+"/api/v1/items", sup, map[string]any{
		"title": "端到端测试事项", "source": "leader_instruction", "priority": "urgent",
		"lead_unit_id": units.Units[1].ID, "co_unit_ids": []int64{units.Units[2].ID},
		"deadline": time.Now().Add(6 * time.Hour).Format(time.RFC3339), "report_every": "2h",
		"assign": true, "unclassified": true}, &created)
	if st != 201 || created.State != "assigned" {
		t.Fatalf("create: %d %+v", st, created)
	}
	liaison := login(t, s.url, "fgj_ll", pw)
	path := fmt.Sprintf("%s/api/v1/items/%d/", s.url, created.ID)
	for _, step := range []struct {
		tok, action string
		body        any
	}{
		{liaison, "accept", nil}, {liaison, "report", map[string]any{"text": "已部署", "percent": 50}},
		{liaison, "request-completion", map[string]any{"summary": "已办结"}},
		{sup, "approve-completion", map[string]any{"confirm_percent": "yes"}}, // reported at 50 %
	} {
		if st := request(t, "POST", path+step.action, step.tok, step.body, nil); st != 200 {
			t.Fatalf("%s: %d", step.action, st)
		}
	}
	s.stop(t)
	if !strings.Contains(s.out.String(), "luoshi stopped") {
		t.Errorf("no graceful stop:\n%s", s.out)
	}

	// A second start on the same database keeps the data and does not load the demo again.
	s2 := startServer(t, bin, nil, "--db", "sqlite:"+db, "--demo", "--demo-password", pw)
	if !strings.Contains(s2.out.String(), "already has data") {
		t.Errorf("second --demo start:\n%s", s2.out)
	}
	var after struct{ State string }
	request(t, "GET", fmt.Sprintf("%s/api/v1/items/%d", s2.url, created.ID), login(t, s2.url, "duchashi", pw), nil, &after)
	if after.State != "completed" {
		t.Errorf("after restart the item is %q", after.State)
	}
	s2.stop(t)
}

// TestCommands checks version, migrate, the generated demo password and bad flags.
func TestCommands(t *testing.T) {
	bin := buildBinary(t)
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "luoshi ") {
		t.Errorf("version: %v %s", err, out)
	}
	db := filepath.Join(t.TempDir(), "m.db")
	cmd := exec.Command(bin, "migrate")
	cmd.Env = append(os.Environ(), "LUOSHI_DB=sqlite:"+db)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("migrate: %v %s", err, out)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("migrate did not use LUOSHI_DB: %v", err)
	}
	if out, err := exec.Command(bin, "serve", "--db", "mysql://x").CombinedOutput(); err == nil || !strings.Contains(string(out), "sqlite:FILE") {
		t.Errorf("bad --db accepted: %v %s", err, out)
	}
	if out, err := exec.Command(bin, "frobnicate").CombinedOutput(); err == nil || !strings.Contains(string(out), "unknown command") {
		t.Errorf("unknown command: %v %s", err, out)
	}
	s := startServer(t, bin, nil, "--db", "sqlite:"+filepath.Join(t.TempDir(), "g.db"), "--demo")
	var pw string
	for _, line := range strings.Split(s.out.String(), "\n") {
		if i := strings.Index(line, "password is "); i >= 0 {
			pw = strings.Fields(line[i+len("password is "):])[0]
		}
	}
	if pw == "" {
		t.Fatalf("no generated password printed:\n%s", s.out)
	}
	login(t, s.url, "xianzhang", pw)
	s.stop(t)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}
