package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"luoshi/internal/api"
	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
)

// TestTrustedProxies: behind a trusted proxy (here the loopback, as --trusted-proxies
// 127.0.0.1 sets it), a client that writes its own X-Forwarded-For entries is still one
// address to the per-address limit — the right-most one the proxy did not vouch for — and
// the audit trail records that address, never what the client wrote.
func TestTrustedProxies(t *testing.T) {
	e := newEnv(t)
	srv := httptest.NewServer(httpx.Stack(api.New(e.svc), httpx.LoopbackProxies))
	t.Cleanup(srv.Close)
	login := func(xff string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/login",
			strings.NewReader(`{"username":"ghost","password":"Wrong-pass-1"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", xff)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	codes := map[int]int{}
	for i := 0; i < 35; i++ {
		// The client rotates the first entry, and tries a formula; the proxy appends the
		// address it saw.
		forged := fmt.Sprintf("10.%d.%d.%d", i, i, i)
		if i%2 == 1 {
			forged = `=HYPERLINK("http://evil.example")`
		}
		codes[login(forged+", 203.0.113.9")]++
	}
	if codes[401] != 30 || codes[429] != 5 {
		t.Errorf("one client rotating X-Forwarded-For: %v, want 30×401 and 5×429", codes)
	}
	if st := login("203.0.113.10"); st != 401 {
		t.Errorf("another client behind the same proxy: %d, want 401 (its own limit)", st)
	}
	var page struct{ Records []luoshi.AuditRecord }
	e.call("aud", "GET", "/api/v1/audit?limit=1000&action=login", nil, &page)
	seen := map[string]int{}
	for _, r := range page.Records {
		if strings.Contains(r.Target, "ghost") {
			seen[r.Address]++
		}
	}
	if seen["203.0.113.9"] != 35 || seen["203.0.113.10"] != 1 || len(seen) != 2 {
		t.Errorf("addresses audited: %v, want 35 of 203.0.113.9 and 1 of 203.0.113.10", seen)
	}
	// The API's own server trusts no proxy: the header is not read at all.
	if st := e.loginStatus("ghost", "Wrong-pass-1"); st != 401 {
		t.Errorf("direct client: %d", st)
	}
}
