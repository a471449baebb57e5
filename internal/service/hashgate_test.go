package service

import (
	"math"
	"testing"
)

// TestDefaultHashSlots: one hashing slot for every two cores, at least one and at most four.
func TestDefaultHashSlots(t *testing.T) {
	for _, c := range []struct{ cores, want int }{{1, 1}, {2, 1}, {3, 1}, {4, 2}, {8, 4}, {64, 4}} {
		if got := defaultHashSlots(c.cores); got != c.want {
			t.Errorf("defaultHashSlots(%d) = %d, want %d", c.cores, got, c.want)
		}
	}
}

// TestPassesLimit: the next hash's block passes the soft limit when what the runtime holds
// and the block are more than the limit; with no limit (math.MaxInt64) it never does.
func TestPassesLimit(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		held, block uint64
		limit       int64
		want        bool
	}{
		{60 * mib, 19 * mib, 80 * mib, false},
		{61 * mib, 19 * mib, 80 * mib, false},
		{62 * mib, 19 * mib, 80 * mib, true},
		{90 * mib, 19 * mib, 80 * mib, true},
		{900 * mib, 19 * mib, math.MaxInt64, false},
	} {
		if got := passesLimit(c.held, c.block, c.limit); got != c.want {
			t.Errorf("passesLimit(%d MiB, %d MiB, %d) = %v, want %v", c.held/mib, c.block/mib, c.limit, got, c.want)
		}
	}
}
