package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ReserveLoginAttempt counts an attempt in one UPDATE … RETURNING, so that the lock and the
// count are decided together on both databases. In SET every column names the row as it
// was: next is the attempt's number, locked_until > 0 (and, by the WHERE, not after now)
// marks a lock that has run out, whose count starts again.
func (t *tx) ReserveLoginAttempt(ctx context.Context, userID int64, threshold int, now, until time.Time) (int, error) {
	const next = `(CASE WHEN locked_until > 0 THEN 1 ELSE failed_logins + 1 END)`
	var n int
	err := t.tx.QueryRowContext(ctx, `UPDATE users SET failed_logins = `+next+`,
		locked_until = CASE WHEN `+next+` >= $1 THEN CAST($2 AS BIGINT) ELSE 0 END
		WHERE id = $3 AND locked_until <= $4 RETURNING failed_logins`,
		threshold, ms(until), userID, ms(now)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reserve login attempt: %w", err)
	}
	return n, nil
}

// ResetLoginAttempts clears the count, and the lock only where it is the one lockedBy set.
func (t *tx) ResetLoginAttempts(ctx context.Context, userID int64, lockedBy time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET failed_logins = 0,
		locked_until = CASE WHEN locked_until = $1 THEN 0 ELSE locked_until END WHERE id = $2`, lockMark(lockedBy), userID)
	return err
}

// ReleaseLoginAttempt takes one attempt off the count, and lifts the lock lockedBy set.
func (t *tx) ReleaseLoginAttempt(ctx context.Context, userID int64, lockedBy time.Time) error {
	_, err := t.tx.ExecContext(ctx, `UPDATE users SET
		failed_logins = CASE WHEN failed_logins > 0 THEN failed_logins - 1 ELSE 0 END,
		locked_until = CASE WHEN locked_until = $1 THEN 0 ELSE locked_until END WHERE id = $2`, lockMark(lockedBy), userID)
	return err
}

// lockMark is the stored lock an attempt set, or -1, which matches none.
func lockMark(lockedBy time.Time) int64 {
	if lockedBy.IsZero() {
		return -1
	}
	return ms(lockedBy)
}

func (t *tx) DeleteOtherSessions(ctx context.Context, userID, keep int64) (int, error) {
	res, err := t.tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, keep)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
