package service

import (
	"context"
	"runtime"
	"time"

	"luoshi/internal/luoshi"
)

// Password hashing is bounded: each argon2id computation holds 19 MiB for ~50 ms, so 150
// logins at once would take the server past 2 GiB. A login (or a password change) takes
// one of a few slots before it hashes; beyond them it waits HashWait at most, then is
// answered 503 ("auth.busy", with a short Retry-After) — before its attempt is counted
// towards the lockout, so that a refused login costs the account nothing.

// defaultHashWait is how long a login waits for a hashing slot.
const defaultHashWait = 2 * time.Second

// KeyHashBusy is the key of the 503 that a login meets when every hashing slot stayed
// taken for HashWait.
const KeyHashBusy = "auth.busy"

// hashSlots returns the semaphore of hashing slots, made at its first use.
func (s *Service) hashSlots() chan struct{} {
	s.hashOnce.Do(func() {
		n := s.HashSlots
		if n <= 0 {
			n = defaultHashSlots(runtime.GOMAXPROCS(0))
		}
		s.hashGate = make(chan struct{}, n)
	})
	return s.hashGate
}

// defaultHashSlots is one slot for every two cores, at least one and at most four. A hash
// keeps a core busy for its ~50 ms (one thread), so more slots than cores buy no throughput,
// only memory; and with one a core a burst of logins took every core from the requests
// being served and 19 MiB of heap a slot — on two cores, a fifth of the server's memory
// budget (docs/performance.md, "Memory"). Half the cores hash; the others serve.
func defaultHashSlots(cores int) int {
	return min(max(cores/2, 1), 4)
}

// hashSlot takes a hashing slot, waiting HashWait at most; release gives it back.
func (s *Service) hashSlot(ctx context.Context) (release func(), err error) {
	g := s.hashSlots()
	release = func() { <-g }
	select {
	case g <- struct{}{}:
		return release, nil
	default:
	}
	wait := s.HashWait
	if wait <= 0 {
		wait = defaultHashWait
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, luoshi.Errorf(luoshi.EUNAVAILABLE, KeyHashBusy)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
