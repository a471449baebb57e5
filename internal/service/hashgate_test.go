package service

import "testing"

// TestDefaultHashSlots: one hashing slot for every two cores, at least one and at most four.
func TestDefaultHashSlots(t *testing.T) {
	for _, c := range []struct{ cores, want int }{{1, 1}, {2, 1}, {3, 1}, {4, 2}, {8, 4}, {64, 4}} {
		if got := defaultHashSlots(c.cores); got != c.want {
			t.Errorf("defaultHashSlots(%d) = %d, want %d", c.cores, got, c.want)
		}
	}
}
