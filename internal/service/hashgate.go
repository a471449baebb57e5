package service

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	release = func() { s.releaseHashSlot(g) }
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

// releaseHashSlot gives a hashing slot back. A hash leaves its block (19 MiB) behind as
// garbage. When the next hash's block would take the Go runtime's memory past its soft
// limit, the runtime allocates it at once — in fresh pages beside the old block, which is
// freed only when a collection has run — and only then collects and returns pages to the
// system: a burst of logins (200 at once, or the 17 that a load run begins with) took the
// resident set 20–35 MB past what the limit allows (docs/performance.md, "Login memory").
// So when it would, the slot is given back only after a collection has freed the block,
// and the next hash takes its pages. The collection runs after the answer: it delays the
// next hash, not this login.
func (s *Service) releaseHashSlot(g chan struct{}) {
	if !nextBlockPassesLimit(s.hashMemory()) {
		<-g
		return
	}
	go func() {
		runtime.GC()
		<-g
	}()
}

// hashMemory is what one password hash allocates: the hasher's memory when it is a
// PasswordHasher, else nothing (a test's hasher that holds or counts the checks).
func (s *Service) hashMemory() uint64 {
	if h, ok := s.Hasher.(PasswordHasher); ok {
		return uint64(h.Memory) << 10
	}
	return 0
}

// nextBlockPassesLimit reports whether a block of size would take the memory the Go
// runtime holds (what its soft limit counts: all it has mapped but what it returned to the
// system) past the limit.
func nextBlockPassesLimit(block uint64) bool {
	if block == 0 {
		return false
	}
	m := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(m)
	return passesLimit(m[0].Value.Uint64()-m[1].Value.Uint64(), block, debug.SetMemoryLimit(-1))
}

// passesLimit reports whether held and block bytes are more than limit.
func passesLimit(held, block uint64, limit int64) bool {
	return limit >= 0 && held+block > uint64(limit)
}
