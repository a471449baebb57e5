package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/bench/gen"
	"luoshi/internal/bench/load"
)

// TestKill9Durability generates a small county with "bench gen", drives "report" load at the
// built server, kills it with SIGKILL in the middle, starts it again on the same database and
// checks that every report the server had answered with 200 is there, as the event the answer
// named: an acknowledged write survives the death of the process.
func TestKill9Durability(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "kill.db")
	out, err := exec.Command(bin, "bench", "gen", "--scale", "county", "--seed", "5", "--units", "8",
		"--items", "400", "--events", "4000", "--db", "sqlite:"+db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "400 items, 4000 events") {
		t.Fatalf("bench gen: %v\n%s", err, out)
	}
	s := startServer(t, bin, nil, "--db", "sqlite:"+db)

	var mu sync.Mutex
	var acks []load.Ack
	enough := make(chan struct{})
	type result struct {
		res *load.Result
		err error
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		res, err := load.Run(ctx, load.Config{URL: s.url, Workload: "report", Concurrency: 8,
			Duration: time.Minute, Acked: func(a load.Ack) {
				mu.Lock()
				defer mu.Unlock()
				if acks = append(acks, a); len(acks) == 50 {
					close(enough)
				}
			}})
		done <- result{res, err}
	}()
	select {
	case <-enough:
	case r := <-done:
		t.Fatalf("load ended before 50 reports were acknowledged: %+v %v", r.res, r.err)
	}
	if err := s.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown, no flush
		t.Fatal(err)
	}
	<-s.done
	time.Sleep(300 * time.Millisecond) // the clients meet the dead server
	cancel()
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	mu.Lock()
	acked := append([]load.Ack(nil), acks...)
	mu.Unlock()
	if r.res.Errors == 0 {
		t.Fatalf("no request failed: the server was not killed during the load (%+v)", r.res)
	}
	t.Logf("%d reports acknowledged before and around the kill; %d requests failed after it", len(acked), r.res.Errors)

	s2 := startServer(t, bin, nil, "--db", "sqlite:"+db)
	sup := login(t, s2.url, gen.SupervisorUsername(1), gen.DefaultPassword)
	events := map[int64][]struct {
		Seq     int
		Kind    string
		Payload struct{ Text string }
	}{}
	for _, a := range acked {
		evs, ok := events[a.ItemID]
		if !ok {
			var body struct {
				Events []struct {
					Seq     int
					Kind    string
					Payload struct{ Text string }
				}
			}
			if st := request(t, "GET", fmt.Sprintf("%s/api/v1/items/%d/events", s2.url, a.ItemID), sup, nil, &body); st != 200 {
				t.Fatalf("events of item %d: status %d", a.ItemID, st)
			}
			evs = body.Events
			events[a.ItemID] = evs
		}
		if len(evs) < a.Version || evs[a.Version-1].Seq != a.Version || evs[a.Version-1].Kind != "reported" ||
			evs[a.Version-1].Payload.Text != a.Text {
			t.Errorf("acknowledged report lost: item %d version %d (%d events after restart)", a.ItemID, a.Version, len(evs))
		}
	}
	s2.stop(t)
}

// TestBenchCommands checks the bench subcommands' arguments and the JSON result of a load
// run against the built binary.
func TestBenchCommands(t *testing.T) {
	bin := buildBinary(t)
	for _, args := range [][]string{
		{"bench"}, {"bench", "frob"}, {"bench", "gen", "--scale", "planet"},
		{"bench", "load", "--url", "http://192.168.1.10:8080", "--workload", "healthz"},
		{"bench", "serve", "--pprof", "0.0.0.0:6060"},
	} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err == nil {
			t.Errorf("%v accepted:\n%s", args, out)
		}
	}
	db := filepath.Join(t.TempDir(), "g.db")
	if out, err := exec.Command(bin, "bench", "gen", "--units", "4", "--items", "40", "--events", "400",
		"--db", "sqlite:"+db).CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "bench", "gen", "--units", "4", "--items", "40", "--events", "400",
		"--db", "sqlite:"+db).CombinedOutput(); err == nil || !strings.Contains(string(out), "already has data") {
		t.Errorf("gen into a filled database: %v\n%s", err, out)
	}
	s := startServer(t, bin, nil, "--db", "sqlite:"+db)
	js := filepath.Join(t.TempDir(), "r.json")
	out, err := exec.Command(bin, "bench", "load", "--url", s.url, "--workload", "mixed", "--concurrency", "2",
		"--duration", "1500ms", "--json", js).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "requests/s") || !strings.Contains(string(out), "load:") {
		t.Fatalf("load: %v\n%s", err, out)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var res load.Result
	if err := json.Unmarshal(b, &res); err != nil || res.Workload != "mixed" || res.Requests == 0 || res.Errors != 0 {
		t.Errorf("JSON result %s: %v", b, err)
	}
	s.stop(t)
}
