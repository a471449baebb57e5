package luoshi

import (
	"context"
	"time"
)

// LoginTx is what the lockout and session hygiene need of a transaction: decisions taken
// in one statement, so that requests sent at once cannot each see the account as it was
// before the others were counted.
type LoginTx interface {
	// ReserveLoginAttempt counts one password (or second-factor) attempt on an account
	// before it is checked, in one atomic step: while the account is locked it answers 0
	// and counts nothing; otherwise it counts the attempt and returns its number since the
	// last success, lock or unlock. The attempt whose number reaches threshold locks the
	// account until until (the lock is taken before its password is checked, so that no
	// attempt sent at the same time is checked after it). An expired lock starts the count
	// again at 1.
	ReserveLoginAttempt(ctx context.Context, userID int64, threshold int, now, until time.Time) (int, error)
	// ResetLoginAttempts records a successful attempt: the count goes back to zero, and the
	// lock set by the same attempt (lockedBy, zero if it set none) is lifted. A lock set by
	// another attempt stays.
	ResetLoginAttempts(ctx context.Context, userID int64, lockedBy time.Time) error
	// ReleaseLoginAttempt records an attempt that passed but did not finish the login (the
	// password was right, a second factor is owed): it is taken off the count, and the lock
	// it set (lockedBy) is lifted; earlier failures still count.
	ReleaseLoginAttempt(ctx context.Context, userID int64, lockedBy time.Time) error
	// DeleteOtherSessions ends every session and API token of a user but one (keep; zero
	// keeps none), and returns how many ended.
	DeleteOtherSessions(ctx context.Context, userID, keep int64) (int, error)
}
