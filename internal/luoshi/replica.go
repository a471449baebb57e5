package luoshi

import "context"

type staleKey struct{}

// MayReadStale marks ctx for reads that may be answered a moment behind the latest write —
// lists and dashboards — so that a store with a read replica may serve them from it. Reads
// that must see the caller's own writes (an item after acting on it, a session after login)
// are never marked. A View under it may run its function twice — on the replica, then on
// the primary when the replica is lost part-way (a restart) or cancels the read (a recovery
// conflict) — so the function must start afresh each time: assign what it reads, never add
// to what an earlier run left.
func MayReadStale(ctx context.Context) context.Context {
	return context.WithValue(ctx, staleKey{}, true)
}

// ReadsStale reports whether ctx was marked by MayReadStale.
func ReadsStale(ctx context.Context) bool {
	v, _ := ctx.Value(staleKey{}).(bool)
	return v
}
