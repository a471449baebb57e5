// Package soak runs a luoshi server for a long time under a moderate, fixed load and
// samples what should stay flat: the server's resident memory, goroutines, open files, the
// SQLite write-ahead log and the latency of each interval. It writes the samples as CSV and
// draws memory and p99 over time as a PNG.
package soak

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sample is one interval's measurements.
type Sample struct {
	Minute     float64 // since the load started
	RSSKB      int64   // VmRSS of the server
	Goroutines int
	FDs        int   // open files of the server
	WALBytes   int64 // size of the database's -wal file
	DBBytes    int64
	Requests   int     // completed in the interval
	Errors     int     // of which failed
	P50, P99   float64 // milliseconds, of the interval's requests
	Mails      int64   // received by the SMTP sink so far
	Hooks      int64   // received by the webhook sink so far
	Load1      float64 // the machine's one-minute load average: other work on a shared machine
	// OpP99 is the interval's p99 (ms) of each operation of the mixed workload (Ops), so that
	// a rise of the whole p99 can be traced to the operation that rose.
	OpP99 map[string]float64
	// OpP50 is each operation's median (ms) and OpN its count in the interval: a rise of the
	// whole p50 is either one operation slowing or the mix shifting toward a slower one.
	OpP50 map[string]float64
	OpN   map[string]int
}

// Ops are the mixed workload's operations, in the order of their CSV columns.
var Ops = []string{"list", "detail", "report", "stats", "create"}

// Header is the CSV's first row.
var Header = append([]string{"minute", "rss_kb", "goroutines", "open_files", "wal_bytes", "db_bytes",
	"requests", "errors", "p50_ms", "p99_ms", "mails", "webhooks", "load1"}, opColumns()...)

func opColumns() []string {
	var c []string
	for _, suffix := range []string{"_p99_ms", "_p50_ms", "_n"} {
		for _, op := range Ops {
			c = append(c, op+suffix)
		}
	}
	return c
}

// Row is the sample as a CSV row.
func (s Sample) Row() []string {
	row := []string{strconv.FormatFloat(s.Minute, 'f', 2, 64), strconv.FormatInt(s.RSSKB, 10),
		strconv.Itoa(s.Goroutines), strconv.Itoa(s.FDs), strconv.FormatInt(s.WALBytes, 10),
		strconv.FormatInt(s.DBBytes, 10), strconv.Itoa(s.Requests), strconv.Itoa(s.Errors),
		strconv.FormatFloat(s.P50, 'f', 2, 64), strconv.FormatFloat(s.P99, 'f', 2, 64),
		strconv.FormatInt(s.Mails, 10), strconv.FormatInt(s.Hooks, 10), strconv.FormatFloat(s.Load1, 'f', 2, 64)}
	for _, op := range Ops {
		row = append(row, strconv.FormatFloat(s.OpP99[op], 'f', 2, 64))
	}
	for _, op := range Ops {
		row = append(row, strconv.FormatFloat(s.OpP50[op], 'f', 2, 64))
	}
	for _, op := range Ops {
		row = append(row, strconv.Itoa(s.OpN[op]))
	}
	return row
}

// WriteCSV writes the header and the samples.
func WriteCSV(w io.Writer, samples []Sample) error {
	cw := csv.NewWriter(w)
	cw.Write(Header)
	for _, s := range samples {
		cw.Write(s.Row())
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads DIR/soak.csv back, header first.
func ReadCSV(dir string) ([][]string, error) {
	f, err := os.Open(filepath.Join(dir, "soak.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}

// ParseVmRSS reads the resident set size (kB) from the text of /proc/PID/status.
func ParseVmRSS(status string) (int64, error) {
	sc := bufio.NewScanner(strings.NewReader(status))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) != 2 || f[1] != "kB" {
				return 0, fmt.Errorf("VmRSS line %q: want N kB", sc.Text())
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, errors.New("no VmRSS line (is the process alive?)")
}

// ParseGoroutines reads the total from a goroutine profile in text form
// (/debug/pprof/goroutine?debug=1): "goroutine profile: total N".
func ParseGoroutines(profile string) (int, error) {
	line, _, _ := strings.Cut(profile, "\n")
	rest, ok := strings.CutPrefix(line, "goroutine profile: total ")
	if !ok {
		return 0, fmt.Errorf("goroutine profile starts %q", line)
	}
	return strconv.Atoi(strings.TrimSpace(rest))
}

// Proc reads a process's memory and open files from /proc.
func Proc(pid int) (rssKB int64, fds int, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	if rssKB, err = ParseVmRSS(string(b)); err != nil {
		return 0, 0, err
	}
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	return rssKB, len(ents), err
}

// Goroutines asks a server's loopback profiler how many goroutines it runs.
func Goroutines(ctx context.Context, pprofBase string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", pprofBase+"/debug/pprof/goroutine?debug=1", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return 0, err
	}
	return ParseGoroutines(string(b))
}

// LoadAverage is the machine's one-minute load average (0 where there is no /proc).
func LoadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// FileSize is the size of a file, 0 if there is none.
func FileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// Window gathers request latencies between two samples; it is safe for concurrent use.
type Window struct {
	mu     sync.Mutex
	lat    []time.Duration
	byOp   map[string][]time.Duration
	errors int
}

// Observe records one request.
func (w *Window) Observe(op string, d time.Duration, failed bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lat = append(w.lat, d)
	if w.byOp == nil {
		w.byOp = map[string][]time.Duration{}
	}
	w.byOp[op] = append(w.byOp[op], d)
	if failed {
		w.errors++
	}
}

// Take returns the interval's count, errors, p50 and p99 (ms) and starts a new interval.
func (w *Window) Take() (n, errs int, p50, p99 float64) {
	t := w.TakeOps()
	return t.N, t.Errors, t.P50, t.P99
}

// Taken is one interval's latencies, in all and by operation (ms).
type Taken struct {
	N, Errors    int
	P50, P99     float64
	OpP50, OpP99 map[string]float64
	OpN          map[string]int
}

// TakeOps is Take with each operation's count, p50 and p99 besides.
func (w *Window) TakeOps() Taken {
	w.mu.Lock()
	lat, byOp, errs := w.lat, w.byOp, w.errors
	w.lat, w.byOp, w.errors = nil, nil, 0
	w.mu.Unlock()
	slices.Sort(lat)
	t := Taken{N: len(lat), Errors: errs, P50: Quantile(lat, 0.50), P99: Quantile(lat, 0.99),
		OpP50: make(map[string]float64, len(byOp)), OpP99: make(map[string]float64, len(byOp)),
		OpN: make(map[string]int, len(byOp))}
	for op, l := range byOp {
		slices.Sort(l)
		t.OpP50[op], t.OpP99[op], t.OpN[op] = Quantile(l, 0.50), Quantile(l, 0.99), len(l)
	}
	return t
}

// Quantile is the q-quantile (nearest rank) of sorted latencies, in milliseconds; 0 if none.
func Quantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(len(sorted)-1, int(q*float64(len(sorted))))
	return float64(sorted[i].Microseconds()) / 1000
}

// Save writes the samples to DIR/soak.csv and DIR/soak.png (through temporary files, so a
// reader never sees half of one).
func Save(dir string, samples []Sample) error {
	var csvBuf strings.Builder
	if err := WriteCSV(&csvBuf, samples); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "soak.csv"), []byte(csvBuf.String())); err != nil {
		return err
	}
	png, err := Plot(samples)
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "soak.png"), png)
}

func writeAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
