package httpx

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"luoshi/internal/luoshi"
)

// TestRetryAfter checks the Retry-After of each 503 as the store and the login gate make
// them (wrapped, as the store wraps the driver's error): seconds where the server is back as
// soon as PostgreSQL is, a minute where an operator must act, none but on a 503.
func TestRetryAfter(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{luoshi.Errorf(luoshi.EUNAVAILABLE, "store.unreachable"), "5"},
		{fmt.Errorf("%w (dial tcp: connection refused)", luoshi.Errorf(luoshi.EUNAVAILABLE, "store.unreachable")), "5"},
		{fmt.Errorf("%w (unexpected EOF)", luoshi.Errorf(luoshi.EUNAVAILABLE, "store.commit_unknown")), "5"},
		{luoshi.Errorf(luoshi.EUNAVAILABLE, "auth.busy"), "1"},
		{luoshi.Errorf(luoshi.EUNAVAILABLE, "store.full"), "60"},
		{luoshi.Errorf(luoshi.EUNAVAILABLE, "store.readonly"), "60"},
		{luoshi.Errorf(luoshi.EUNAVAILABLE, "store.removed"), "60"},
		{luoshi.Errorf(luoshi.ECONFLICT, "item.version"), ""},
		{fmt.Errorf("disk on fire"), ""},
	} {
		w := httptest.NewRecorder()
		Error(w, httptest.NewRequest(http.MethodPost, "/api/v1/items", nil), c.err)
		if got := w.Header().Get("Retry-After"); got != c.want {
			t.Errorf("%v: %d, Retry-After %q, want %q", c.err, w.Code, got, c.want)
		}
	}
}
