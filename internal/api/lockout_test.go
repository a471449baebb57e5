package api_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/otp"
	"luoshi/internal/service"
)

// countingHasher counts the checks of a password against the account's real hash (not the
// dummy hash a refused attempt is checked against so as to take as long), and holds each
// such check until released when hold is set.
type countingHasher struct {
	service.PasswordHasher
	real    string
	checked atomic.Int32 // checks against the real hash, begun
	all     atomic.Int32 // every check, the dummy ones too
	hold    chan struct{}
}

func (h *countingHasher) Verify(encoded, password string) bool {
	h.all.Add(1)
	if encoded == h.real {
		h.checked.Add(1)
		if h.hold != nil {
			<-h.hold
		}
	}
	return h.PasswordHasher.Verify(encoded, password)
}

// loginStatus posts a password login and returns the status; safe from any goroutine.
func (e *env) loginStatus(user, password string) int {
	body := `{"username":"` + user + `","password":"` + password + `"}`
	resp, err := http.Post(e.srv.URL+"/api/v1/login", "application/json", strings.NewReader(body))
	if err != nil {
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}

// burstEnv is an environment whose per-address limit lets a burst of 101 through (the
// ceiling the policy allows is 600 a minute), so that the account's lockout alone is tested,
// with a hasher counting the checks of a_ll's password.
func burstEnv(t *testing.T, hold bool) (*env, *countingHasher) {
	e := newEnv(t)
	ctx := context.Background()
	p, err := e.svc.SecurityPolicy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.LoginRatePerMinute = 600
	if _, err := e.svc.SetSecurityPolicy(ctx, nil, p); err != nil {
		t.Fatal(err)
	}
	var c *luoshi.Credentials
	e.db.View(ctx, func(tx luoshi.Tx) (err error) { c, err = tx.FindCredentials(ctx, e.ids["a_ll"]); return err })
	// The lockout alone is tested: enough hashing slots that the burst never meets the
	// gate's 503 (login_gate_test.go tests the gate).
	e.svc.HashSlots = 256
	h := &countingHasher{PasswordHasher: e.svc.Hasher.(service.PasswordHasher), real: c.PasswordHash}
	if hold {
		h.hold = make(chan struct{})
	}
	e.svc.Hasher = h
	return e, h
}

// TestLockoutBurst is the acceptance of issue 13, point 1: 100 wrong passwords sent at once
// against one account; at most 5 are checked, the account locks, and the right password sent
// inside the same burst is refused — on SQLite and (in the PostgreSQL run) on PostgreSQL.
func TestLockoutBurst(t *testing.T) {
	t.Run("at once", func(t *testing.T) {
		e, h := burstEnv(t, false)
		// The right password goes once half the wrong ones are answered: the other half
		// are still in flight.
		halfway := make(chan struct{})
		wait := e.wrongBurst(100, func(answered int32) {
			if answered == 50 {
				close(halfway)
			}
		})
		<-halfway
		right := e.loginStatus("a_ll", testPassword)
		codes := append(wait(), right)
		for i, c := range codes {
			if c != 401 {
				t.Errorf("attempt %d: %d, want 401", i, c)
			}
		}
		if n := h.checked.Load(); n > 5 || n < 1 {
			t.Errorf("%d of 101 attempts were checked against the password, want 1 to 5", n)
		} else {
			t.Logf("%d of 101 attempts checked against the password (%d checks in all, the rest against the dummy hash)", n, h.all.Load())
		}
		e.lockedAfterBurst(t, h)
	})
	t.Run("right password while the checks are under way", func(t *testing.T) {
		e, h := burstEnv(t, true)
		release := sync.OnceFunc(func() { close(h.hold) })
		t.Cleanup(release)
		wait := e.wrongBurst(100, nil)
		// Five checks begin and are held: none has failed yet, so nothing but the
		// reservation can refuse what comes next.
		deadline := time.Now().Add(20 * time.Second)
		for h.checked.Load() < 5 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if n := h.checked.Load(); n != 5 {
			t.Fatalf("checks under way: %d, want 5", n)
		}
		if st := e.loginStatus("a_ll", testPassword); st != 401 {
			t.Errorf("right password while five wrong ones are being checked: %d, want 401", st)
		}
		release()
		for i, c := range wait() {
			if c != 401 {
				t.Errorf("attempt %d: %d, want 401", i, c)
			}
		}
		if n := h.checked.Load(); n != 5 {
			t.Errorf("%d of 101 attempts were checked against the password, want 5", n)
		}
		e.lockedAfterBurst(t, h)
	})
}

// wrongBurst sends n logins of a_ll with wrong passwords, released at once; answered is told
// how many have been answered after each answer. wait waits for them all and gives their
// statuses.
func (e *env) wrongBurst(n int, answered func(int32)) (wait func() []int) {
	start := make(chan struct{})
	var count atomic.Int32
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[i] = e.loginStatus("a_ll", "Wrong-pass-"+itoa(int64(rand.IntN(1e6))))
			if k := count.Add(1); answered != nil {
				answered(k)
			}
		}()
	}
	close(start)
	return func() []int {
		wg.Wait()
		return codes
	}
}

// lockedAfterBurst checks that the account is locked (the right password refused without a
// check), that the lock is audited, and that it ends after the lockout's 10 minutes.
func (e *env) lockedAfterBurst(t *testing.T, h *countingHasher) {
	t.Helper()
	before := h.checked.Load()
	if st := e.loginStatus("a_ll", testPassword); st != 401 {
		t.Errorf("right password after the burst: %d, want 401 (locked)", st)
	}
	if n := h.checked.Load(); n != before {
		t.Errorf("the locked account's password was checked")
	}
	if !e.auditHas("account.locked", "success", "a_ll") {
		t.Error("lock not audited")
	}
	e.clock.Add(10*time.Minute + time.Second)
	if st := e.loginStatus("a_ll", testPassword); st != 200 {
		t.Errorf("right password after the lock ran out: %d, want 200", st)
	}
}

// TestLoginRateSlidingWindow: the per-address limit (30 a minute) counts over the minute
// before each attempt, not a clock minute: 30 attempts in the last second of a minute leave
// none for the first seconds of the next.
func TestLoginRateSlidingWindow(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(start.Add(59*time.Second + 500*time.Millisecond))
	for i := 0; i < 30; i++ {
		if st := e.loginStatus("ghost"+itoa(int64(i)), "Wrong-pass-1"); st != 401 {
			t.Fatalf("attempt %d: %d, want 401", i+1, st)
		}
	}
	e.clock.Add(time.Second) // the next clock minute
	for i := 0; i < 5; i++ {
		if st := e.loginStatus("ghost", "Wrong-pass-1"); st != 429 {
			t.Errorf("attempt %d just after the minute turned: %d, want 429", 31+i, st)
		}
	}
	e.clock.Add(58*time.Second + 900*time.Millisecond) // 59.9 s after the 30
	if st := e.loginStatus("ghost", "Wrong-pass-1"); st != 429 {
		t.Errorf("59.9 s after the 30: %d, want 429", st)
	}
	e.clock.Add(200 * time.Millisecond) // 60.1 s after: they have left the window
	for i := 0; i < 30; i++ {
		if st := e.loginStatus("ghost"+itoa(int64(i)), "Wrong-pass-1"); st != 401 {
			t.Fatalf("a minute later, attempt %d: %d, want 401", i+1, st)
		}
	}
	if st := e.loginStatus("ghost", "Wrong-pass-1"); st != 429 {
		t.Errorf("31st of the new minute: %d, want 429", st)
	}
}

// TestSecondFactorLockout: second-factor codes count towards the lockout like passwords, and
// a right password that still owes a code does not clear the count — logging in again
// between guesses buys no more of them.
func TestSecondFactorLockout(t *testing.T) {
	e := newEnv(t)
	tok := e.token("a_ll")
	var enrol struct{ Secret string }
	if st := e.do(tok, "POST", "/api/v1/me/totp", nil, &enrol); st != 200 {
		t.Fatalf("enrol: %d", st)
	}
	code, _ := otp.Code(enrol.Secret, e.clock.Now())
	if st := e.do(tok, "POST", "/api/v1/me/totp/confirm", map[string]any{"code": code}, nil); st != 200 {
		t.Fatalf("confirm: %d", st)
	}
	e.clock.Add(time.Minute)
	guess := func(tok string) int {
		return e.do(tok, "POST", "/api/v1/login/2fa", map[string]any{"code": "000000"}, nil)
	}
	// Password, two wrong codes, password, two wrong codes: four failures so far.
	for round := 0; round < 2; round++ {
		tok, pending, _ := e.login("a_ll", testPassword)
		if pending != luoshi.PendingTOTP {
			t.Fatalf("round %d: pending %q", round, pending)
		}
		for i := 0; i < 2; i++ {
			if st := guess(tok); st != 401 {
				t.Fatalf("round %d, wrong code %d: %d", round, i, st)
			}
		}
	}
	tok, pending, _ := e.login("a_ll", testPassword)
	if pending != luoshi.PendingTOTP {
		t.Fatalf("third password login: pending %q (the password itself is still right)", pending)
	}
	if st := guess(tok); st != 401 {
		t.Fatalf("fifth wrong code: %d", st)
	}
	// Locked: the right code and the right password are refused alike.
	code, _ = otp.Code(enrol.Secret, e.clock.Now())
	if st := e.do(tok, "POST", "/api/v1/login/2fa", map[string]any{"code": code}, nil); st != 401 {
		t.Errorf("right code on a locked account: %d, want 401", st)
	}
	if st := e.loginStatus("a_ll", testPassword); st != 401 {
		t.Errorf("right password on a locked account: %d, want 401", st)
	}
	if !e.auditHas("account.locked", "success", "a_ll") {
		t.Error("lock not audited")
	}
	e.clock.Add(11 * time.Minute)
	tok, _, _ = e.login("a_ll", testPassword)
	code, _ = otp.Code(enrol.Secret, e.clock.Now())
	if st := e.do(tok, "POST", "/api/v1/login/2fa", map[string]any{"code": code}, nil); st != 200 {
		t.Errorf("right code after the lock: %d, want 200", st)
	}
}
