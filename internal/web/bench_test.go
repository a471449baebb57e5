package web_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"luoshi/internal/httpx"
)

// cpuTime is the CPU time the process has used (user and system): unlike the wall clock it
// does not grow when other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPages renders every page of the demo county at the server (the whole handler
// stack, no network) as its account, and reports besides the mean the 99th percentile of the
// wall time and the CPU time per page (which includes the garbage collector's share):
//
//	go test ./internal/web -run X -bench Pages -benchtime 200x
func BenchmarkPages(b *testing.B) {
	e := sharedDemo(b)
	sessions := map[string]string{}
	for _, pc := range allPages(b, e) {
		if _, ok := sessions[pc.user]; !ok && pc.user != "" {
			sessions[pc.user] = e.login(b, pc.user).cookie(httpx.SessionCookie)
		}
		b.Run(pc.name, func(b *testing.B) {
			h := e.srv.Config.Handler
			took := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodGet, pc.path, nil)
				if tok := sessions[pc.user]; tok != "" {
					r.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: tok})
				}
				w := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(w, r)
				took = append(took, time.Since(start))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", pc.path, w.Code)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(max(1, len(took))), "cpu-ms/op")
			slices.Sort(took)
			if len(took) > 0 {
				p99 := took[min(len(took)-1, len(took)*99/100)]
				b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			}
		})
	}
}
