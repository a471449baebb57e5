package service_test

import (
	"context"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// forcedCollections is how many collections were asked for (runtime.GC) so far.
func forcedCollections() uint64 {
	m := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(m)
	return m[0].Value.Uint64()
}

// TestHashSlotCollects: with the Go heap at its soft limit, a login gives its hashing slot
// back only after a collection has freed the hash's 19 MiB, so that the next login's hash
// takes the same pages rather than new ones beside them (docs/performance.md, "Login
// memory"); with no limit nothing is collected. Both logins succeed either way.
func TestHashSlotCollects(t *testing.T) {
	svc := benchService(t, service.DefaultHasher())
	ctx := luoshi.WithRequestInfo(context.Background(), luoshi.RequestInfo{Address: "127.0.0.1"})
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	for _, c := range []struct {
		name    string
		limit   int64
		collect bool
	}{{"no limit", math.MaxInt64, false}, {"at the limit", 32 << 20, true}} {
		t.Run(c.name, func(t *testing.T) {
			debug.SetMemoryLimit(c.limit)
			before := forcedCollections()
			// The second login takes the slot only once the first has given it back.
			for range 2 {
				if _, err := svc.Login(ctx, "bench", "Bench-pass-1"); err != nil {
					t.Fatal(err)
				}
			}
			debug.SetMemoryLimit(math.MaxInt64)
			if got := forcedCollections() > before; got != c.collect {
				t.Errorf("collected between the logins: %v, want %v", got, c.collect)
			}
		})
	}
}
