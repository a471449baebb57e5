package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/bench/soak"
)

// TestBenchSoak runs "bench soak" for 15 s on a small generated county with the built binary
// as the server: five samples, each with the server's memory, goroutines, open files, WAL
// and the interval's latencies, no failed request, e-mail and webhook notifications
// delivered to the sinks, and a plot.
func TestBenchSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a server for 15 s")
	}
	bin := buildBinary(t)
	dir := filepath.Join(t.TempDir(), "soak")
	var out bytes.Buffer
	err := cmdBenchSoak(context.Background(), []string{"--out", dir, "--bin", bin, "--duration", "15s", "--interval", "3s",
		"--items", "500", "--events", "5000", "--tick", "2s", "--rate", "20"}, &out, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	rows, err := soak.ReadCSV(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("%d CSV rows, want a header and 5 samples\n%s", len(rows), out.String())
	}
	col := func(row []string, name string) float64 {
		for i, h := range rows[0] {
			if h == name {
				v, err := strconv.ParseFloat(row[i], 64)
				if err != nil {
					t.Fatalf("%s = %q", name, row[i])
				}
				return v
			}
		}
		t.Fatalf("no column %s", name)
		return 0
	}
	for _, r := range rows[1:] {
		if col(r, "rss_kb") < 10_000 || col(r, "goroutines") < 5 || col(r, "open_files") < 5 || col(r, "db_bytes") == 0 ||
			col(r, "requests") < 20 || col(r, "errors") != 0 || col(r, "p99_ms") <= 0 || col(r, "p50_ms") > col(r, "p99_ms") {
			t.Errorf("sample %v", r)
		}
		// 20 operations a second for 3 s (a detail is two requests): paced, not flat out.
		if n := col(r, "requests"); n > 150 {
			t.Errorf("%g requests in 3 s at 20 operations a second", n)
		}
	}
	last := rows[len(rows)-1]
	if col(last, "mails") == 0 || col(last, "webhooks") == 0 {
		t.Errorf("no notification reached the sinks: %v\n%s", last, out.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "soak.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Errorf("soak.png: %v", err)
	}
	if !strings.Contains(out.String(), "soak: last sample against sample 5: ") {
		t.Errorf("no check line:\n%s", out.String())
	}
	if err := cmdBenchSoak(context.Background(), []string{"--out", dir, "--bin", bin}, &out, &out); err == nil ||
		!strings.Contains(err.Error(), "exists") {
		t.Errorf("a second soak into the same directory: %v", err)
	}
}
