package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// loginAnswer is what one concurrent login got.
type loginAnswer struct {
	status     int
	retryAfter string
	reason     string
}

// loginBurst sends n right-password logins of a_ll at once and returns their answers;
// answered (if not nil) counts them as they come.
func (e *env) loginBurst(n int, answered *atomic.Int32) []loginAnswer {
	out := make([]loginAnswer, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			body := `{"username":"a_ll","password":"` + testPassword + `"}`
			resp, err := http.Post(e.srv.URL+"/api/v1/login", "application/json", strings.NewReader(body))
			if err != nil {
				out[i].status = -1
				return
			}
			defer resp.Body.Close()
			out[i] = loginAnswer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
			var p struct{ Reason string }
			json.NewDecoder(resp.Body).Decode(&p)
			out[i].reason = p.Reason
			if answered != nil {
				answered.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	return out
}

// TestLoginHashGate: password hashing is bounded by a few slots (argon2id holds 19 MiB a
// check). With two slots held by checks that do not end, every other login of a burst of
// 200 waits its while and is answered 503 with a Retry-After, naming the cause — and its
// attempt is not counted, so the two held logins still succeed and the account is not
// locked. Then 200 concurrent logins with the production hasher and the default slots
// and wait: no 5xx but 503 with a Retry-After, and at least the slots' worth succeed.
func TestLoginHashGate(t *testing.T) {
	t.Run("held", func(t *testing.T) {
		e, h := burstEnv(t, true)
		e.svc.HashSlots, e.svc.HashWait = 2, 50*time.Millisecond
		release := sync.OnceFunc(func() { close(h.hold) })
		t.Cleanup(release)
		var answers []loginAnswer
		var answered atomic.Int32
		done := make(chan struct{})
		go func() { answers = e.loginBurst(200, &answered); close(done) }()
		// Two checks take the slots and are held; the other 198 logins are answered
		// while they are. A slot is taken before the login's attempt is recorded (a
		// durable write), so on a slow machine the 198 can all have waited their 50 ms and
		// been answered before either holder reaches its check: wait for both.
		deadline := time.Now().Add(60 * time.Second)
		for (answered.Load() < 198 || h.checked.Load() < 2) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if n := h.checked.Load(); n != 2 {
			t.Errorf("%d checks under way with two slots", n)
		}
		release()
		<-done
		counts := map[int]int{}
		for i, a := range answers {
			counts[a.status]++
			if a.status == 503 && (a.retryAfter != "1" || a.reason != "auth.busy") {
				t.Errorf("login %d: 503 with Retry-After %q, reason %q", i, a.retryAfter, a.reason)
			}
		}
		if counts[200] != 2 || counts[503] != 198 {
			t.Errorf("answers %v, want 2 × 200 and 198 × 503", counts)
		}
		if n := h.all.Load(); n != 2 {
			t.Errorf("%d password checks, want the 2 that held the slots", n)
		}
		if st := e.loginStatus("a_ll", testPassword); st != 200 {
			t.Errorf("login after the burst: %d, want 200 (503s count no attempt)", st)
		}
	})
	t.Run("production hasher", func(t *testing.T) {
		e, _ := burstEnv(t, false)
		e.svc.HashSlots, e.svc.HashWait = 0, 0 // the defaults
		// a_ll's password hashed as in production: 19 MiB a check.
		e.svc.Hasher = service.DefaultHasher()
		err := e.db.Update(t.Context(), func(tx luoshi.Tx) error {
			c, err := tx.FindCredentials(t.Context(), e.ids["a_ll"])
			if err != nil {
				return err
			}
			if c.PasswordHash, err = e.svc.Hasher.Hash(testPassword); err != nil {
				return err
			}
			return tx.UpdateCredentials(t.Context(), c)
		})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[int]int{}
		for i, a := range e.loginBurst(200, nil) {
			counts[a.status]++
			switch {
			case a.status == 200:
			case a.status == 503 && a.retryAfter != "" && a.reason == "auth.busy":
			default:
				t.Errorf("login %d: %+v, want 200 or 503 with a Retry-After", i, a)
			}
		}
		if counts[200] < 2 {
			t.Errorf("answers %v: fewer successes than slots", counts)
		}
		t.Logf("200 concurrent logins: %v", counts)
	})
}
