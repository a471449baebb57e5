package soak

import (
	"bufio"
	"bytes"
	"fmt"
	"image/png"
	"net"
	"net/http"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseVmRSS(t *testing.T) {
	status := "Name:\tluoshi\nVmPeak:\t  900000 kB\nVmRSS:\t  123456 kB\nThreads:\t9\n"
	if kb, err := ParseVmRSS(status); err != nil || kb != 123456 {
		t.Errorf("ParseVmRSS = %d, %v; want 123456", kb, err)
	}
	if _, err := ParseVmRSS("Name:\tzombie\n"); err == nil {
		t.Error("a status without VmRSS gave no error")
	}
	if _, err := ParseVmRSS("VmRSS:\t12 MB\n"); err == nil {
		t.Error("VmRSS in other units gave no error")
	}
}

func TestParseGoroutines(t *testing.T) {
	if n, err := ParseGoroutines("goroutine profile: total 42\n7 @ 0x1 0x2\n"); err != nil || n != 42 {
		t.Errorf("ParseGoroutines = %d, %v; want 42", n, err)
	}
	if _, err := ParseGoroutines("<html>login</html>"); err == nil {
		t.Error("a page that is no profile gave no error")
	}
}

// TestProcSelf reads this test's own process, which has memory and open files.
func TestProcSelf(t *testing.T) {
	rss, fds, err := Proc(os.Getpid())
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if rss < 1024 || fds < 3 {
		t.Errorf("Proc(self) = %d kB, %d files; want at least 1 MB and stdin/out/err", rss, fds)
	}
}

func TestWindowQuantiles(t *testing.T) {
	w := &Window{}
	for i := 100; i >= 1; i-- { // 1..100 ms, out of order
		w.Observe(Ops[i%2], time.Duration(i)*time.Millisecond, i%25 == 0)
	}
	tk := w.TakeOps()
	n, errs, p50, p99, ops := tk.N, tk.Errors, tk.P50, tk.P99, tk.OpP99
	if n != 100 || errs != 4 || p50 != 51 || p99 != 100 {
		t.Errorf("Take = %d requests, %d errors, p50 %g, p99 %g; want 100, 4, 51, 100", n, errs, p50, p99)
	}
	// list had the even milliseconds 2..100, detail the odd 1..99.
	if len(ops) != 2 || ops["list"] != 100 || ops["detail"] != 99 {
		t.Errorf("p99 by operation = %v; want list 100, detail 99", ops)
	}
	// list's 50 even values have their nearest-rank median at index 25 (52 ms), detail's at 51.
	if tk.OpN["list"] != 50 || tk.OpN["detail"] != 50 || tk.OpP50["list"] != 52 || tk.OpP50["detail"] != 51 {
		t.Errorf("by operation: counts %v, p50 %v; want 50 each, list 52, detail 51", tk.OpN, tk.OpP50)
	}
	if n, errs, p50, p99 := w.Take(); n != 0 || errs != 0 || p50 != 0 || p99 != 0 {
		t.Errorf("second Take = %d, %d, %g, %g; want a fresh, empty interval", n, errs, p50, p99)
	}
}

func TestCheck(t *testing.T) {
	s := make([]Sample, 12)
	for i := range s {
		s[i] = Sample{Minute: float64(i + 1), RSSKB: 100_000, P99: 10}
	}
	if ok, msg := Check(s, 9, 0.10); !ok || !strings.HasPrefix(msg, "held") {
		t.Errorf("flat run: %v %s", ok, msg)
	}
	s[11].RSSKB = 111_000 // 11 % more memory
	if ok, msg := Check(s, 9, 0.10); ok || !strings.Contains(msg, "+11.0 %") {
		t.Errorf("memory grown 11%%: %v %s", ok, msg)
	}
	s[11].RSSKB, s[11].P99 = 100_000, 8.9
	if ok, _ := Check(s, 9, 0.10); ok {
		t.Error("p99 down 11% passed")
	}
	if ok, _ := Check(s[:5], 9, 0.10); ok {
		t.Error("a run shorter than ten samples passed")
	}
}

// TestSpans: the medians of the first and last n samples, so that one loud minute at either
// end does not move them; too short a run says nothing.
func TestSpans(t *testing.T) {
	s := make([]Sample, 25)
	for i := range s {
		s[i] = Sample{Minute: float64(i + 1), RSSKB: 100 * 1024, P50: 2, P99: 10}
	}
	for i := 15; i < 25; i++ {
		s[i].RSSKB, s[i].P99 = 110*1024, 12
	}
	s[9].P99 = 90  // a loud tenth minute
	s[24].P99 = 80 // and a loud last one
	s[0].P50, s[1].P50 = 3, 3
	got := Spans(s, 10)
	want := "medians of samples 1–10 and 16–25: RSS 100.0 → 110.0 MB, p50 2.00 → 2.00 ms, p99 10.00 → 12.00 ms"
	if got != want {
		t.Errorf("Spans:\n got %s\nwant %s", got, want)
	}
	if got := Spans(s[:19], 10); got != "" {
		t.Errorf("19 samples for two spans of 10: %q", got)
	}
}

// TestSaveCSVAndPlot writes a rising-memory run and reads both files back: the CSV has a
// row per sample, and the plot is a PNG of the stated size with both series drawn where
// their values say.
func TestSaveCSVAndPlot(t *testing.T) {
	var samples []Sample
	for i := 1; i <= 60; i++ {
		samples = append(samples, Sample{Minute: float64(i), RSSKB: int64(50_000 + 1000*i), Goroutines: 20, FDs: 15,
			Requests: 1200, P50: 2, P99: 10 + float64(i%7)})
	}
	dir := t.TempDir()
	if err := Save(dir, samples); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadCSV(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 61 || strings.Join(rows[0], ",") != strings.Join(Header, ",") || rows[60][1] != "110000" || rows[60][0] != "60.00" {
		t.Fatalf("CSV has %d rows, header %v, last %v", len(rows), rows[0], rows[len(rows)-1])
	}
	b, err := os.ReadFile(filepath.Join(dir, "soak.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != PlotWidth || r.Dy() != PlotHeight {
		t.Fatalf("plot is %v", r)
	}
	count := func(x0, x1, y0, y1 int, want [3]uint32) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if [3]uint32{r >> 8, g >> 8, b >> 8} == want {
					n++
				}
			}
		}
		return n
	}
	mem := [3]uint32{uint32(MemoryColour.R), uint32(MemoryColour.G), uint32(MemoryColour.B)}
	p99 := [3]uint32{uint32(P99Colour.R), uint32(P99Colour.G), uint32(P99Colour.B)}
	half := PlotHeight / 2
	// Memory is in the top panel only; p99 in the bottom one only.
	if count(margin+20, PlotWidth-margin, 0, half, mem) < 500 || count(0, PlotWidth, half, PlotHeight, mem) != 0 {
		t.Error("memory is not drawn in the top panel alone")
	}
	if count(margin+20, PlotWidth-margin, half, PlotHeight, p99) < 500 || count(0, PlotWidth, 0, half, p99) != 0 {
		t.Error("p99 is not drawn in the bottom panel alone")
	}
	// Memory rises: its line is lower (larger y) on the left than on the right.
	firstY, lastY := -1, -1
	for y := 0; y < half; y++ {
		if firstY < 0 && count(margin+120, margin+130, y, y+1, mem) > 0 {
			firstY = y
		}
		if lastY < 0 && count(PlotWidth-margin-10, PlotWidth-margin, y, y+1, mem) > 0 {
			lastY = y
		}
	}
	if firstY < 0 || lastY < 0 || lastY >= firstY {
		t.Errorf("memory line at y %d on the left, %d on the right: want it rising", firstY, lastY)
	}
	if _, err := Plot(nil); err == nil {
		t.Error("a plot of nothing gave no error")
	}
}

// TestSinks sends a message through the standard library's SMTP client and a POST to the
// webhook sink, and checks both are counted.
func TestSinks(t *testing.T) {
	m, err := NewSMTPSink()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for i := range 2 {
		if err := smtp.SendMail(m.Addr(), nil, "a@soak.invalid", []string{"b@soak.invalid"},
			[]byte(fmt.Sprintf("Subject: %d\r\n\r\nline\r\n.dot-stuffed\r\n", i))); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.Received.Load(); n != 2 {
		t.Errorf("SMTP sink counted %d messages, want 2", n)
	}
	c, err := net.Dial("tcp", m.Addr())
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	r.ReadString('\n')
	fmt.Fprintf(c, "QUIT\r\n")
	if l, _ := r.ReadString('\n'); !strings.HasPrefix(l, "221") {
		t.Errorf("QUIT answered %q", l)
	}
	c.Close()

	h, err := NewHookSink()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	resp, err := http.Post(h.URL(), "application/json", strings.NewReader(`{"x":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || h.Received.Load() != 1 {
		t.Errorf("webhook sink: status %d, %d received", resp.StatusCode, h.Received.Load())
	}
}
