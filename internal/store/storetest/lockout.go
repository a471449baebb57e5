package storetest

import (
	"sort"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

func testLoginAttempts(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	id := o.User.ID
	until := at(10 * time.Minute)
	reserve := func(now time.Time) (n int) {
		MustUpdate(t, st, func(tx luoshi.Tx) (err error) {
			n, err = tx.ReserveLoginAttempt(bg, id, 5, now, now.Add(10*time.Minute))
			return err
		})
		return n
	}
	creds := func() *luoshi.Credentials {
		return MustRead(t, st, func(tx luoshi.Tx) (*luoshi.Credentials, error) { return tx.FindCredentials(bg, id) })
	}
	for want := 1; want <= 4; want++ {
		assertEqual(t, "attempt number", reserve(at(0)), want)
	}
	assertEqual(t, "unlocked after four", creds().LockedUntil, time.UnixMilli(0).UTC())
	assertEqual(t, "fifth attempt", reserve(at(0)), 5)
	assertEqual(t, "locked by the fifth", creds().LockedUntil, until)
	assertEqual(t, "sixth while locked", reserve(at(time.Minute)), 0)
	assertEqual(t, "not counted while locked", creds().FailedLogins, 5)
	assertEqual(t, "at the last moment of the lock", reserve(until.Add(-time.Millisecond)), 0)
	// The lock runs out: the count starts again.
	assertEqual(t, "first after the lock", reserve(until), 1)
	c := creds()
	assertEqual(t, "after the lock", [2]any{c.FailedLogins, c.LockedUntil}, [2]any{1, time.UnixMilli(0).UTC()})

	// A success clears the count, and lifts only the lock its own attempt took.
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.ResetLoginAttempts(bg, id, time.Time{}) })
	assertEqual(t, "count after success", creds().FailedLogins, 0)
	now := at(time.Hour)
	for i := 0; i < 5; i++ {
		reserve(now)
	}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.ResetLoginAttempts(bg, id, time.Time{}) })
	assertEqual(t, "another attempt's lock stays", creds().LockedUntil, now.Add(10*time.Minute))
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.ResetLoginAttempts(bg, id, now.Add(10*time.Minute)) })
	c = creds()
	assertEqual(t, "own lock lifted", [2]any{c.FailedLogins, c.LockedUntil}, [2]any{0, time.UnixMilli(0).UTC()})
	// An attempt that passed a first step is taken off the count, its own lock lifted.
	for i := 0; i < 5; i++ {
		reserve(now)
	}
	MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.ReleaseLoginAttempt(bg, id, now.Add(10*time.Minute)) })
	c = creds()
	assertEqual(t, "released", [2]any{c.FailedLogins, c.LockedUntil}, [2]any{4, time.UnixMilli(0).UTC()})
	assertEqual(t, "the next attempt locks again", reserve(now), 5)
	missing := -1
	MustUpdate(t, st, func(tx luoshi.Tx) (err error) {
		missing, err = tx.ReserveLoginAttempt(bg, 424242, 5, now, now)
		return err
	})
	assertEqual(t, "unknown account", missing, 0)
}

// testLoginAttemptsAtOnce reserves 60 attempts at once: exactly the threshold's worth are
// granted, numbered 1 to 5, whatever the interleaving.
func testLoginAttemptsAtOnce(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	var mu sync.Mutex
	var got []int
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var n int
			err := st.Update(bg, func(tx luoshi.Tx) (err error) {
				n, err = tx.ReserveLoginAttempt(bg, o.User.ID, 5, at(0), at(time.Minute))
				return err
			})
			if err != nil {
				t.Error(err)
			}
			if n > 0 {
				mu.Lock()
				got = append(got, n)
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	sort.Ints(got)
	assertEqual(t, "attempts granted at once", got, []int{1, 2, 3, 4, 5})
}

func testDeleteOtherSessions(t *testing.T, st luoshi.Store) {
	o := newOrg(t, st)
	other := MustCreateUser(t, st, o.A.ID, o.U2.ID, "other", luoshi.RoleLiaison)
	var ids []int64
	for i, user := range []int64{o.User.ID, o.User.ID, o.User.ID, other.ID} {
		s := &luoshi.Session{Hash: string(rune('a' + i)), UserID: user, Kind: luoshi.SessionLogin, CreatedAt: at(0),
			LastSeenAt: at(0), ExpiresAt: at(time.Hour)}
		if i == 2 {
			s.Kind = luoshi.SessionAPI
		}
		MustUpdate(t, st, func(tx luoshi.Tx) error { return tx.CreateSession(bg, s) })
		ids = append(ids, s.ID)
	}
	n := 0
	MustUpdate(t, st, func(tx luoshi.Tx) (err error) { n, err = tx.DeleteOtherSessions(bg, o.User.ID, ids[0]); return err })
	assertEqual(t, "ended", n, 2)
	left := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Session, error) { return tx.FindSessions(bg, o.User.ID) })
	assertEqual(t, "left", len(left), 1)
	assertEqual(t, "kept", left[0].ID, ids[0])
	others := MustRead(t, st, func(tx luoshi.Tx) ([]*luoshi.Session, error) { return tx.FindSessions(bg, other.ID) })
	assertEqual(t, "another user's", len(others), 1)
}
