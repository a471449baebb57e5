package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestParseTrustedProxies(t *testing.T) {
	tp, err := ParseTrustedProxies(" 127.0.0.1, 10.0.0.0/8,::1 ,fd00::/8, ::ffff:192.0.2.0/120,")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tp.String(), "127.0.0.1/32,10.0.0.0/8,::1/128,fd00::/8,192.0.2.0/24"; got != want {
		t.Errorf("parsed %q, want %q", got, want)
	}
	if tp, err := ParseTrustedProxies(""); err != nil || len(tp) != 0 {
		t.Errorf("empty: %v %v", tp, err)
	}
	for _, bad := range []string{"localhost", "10.0.0.0/33", "1.2.3", "=1+1", "fe80::1%eth0", "::ffff:0.0.0.0/64"} {
		if _, err := ParseTrustedProxies("127.0.0.1," + bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestClientAddr: the client is the right-most hop that is not a trusted proxy; whatever a
// client writes to the left of it is never believed, and only addresses come out.
func TestClientAddr(t *testing.T) {
	proxies, _ := ParseTrustedProxies("127.0.0.1,10.0.0.0/8")
	for _, tc := range []struct {
		name, peer string
		xff        []string
		proxies    TrustedProxies
		want       string
	}{
		{"no proxies trusted", "198.51.100.7:5000", []string{"203.0.113.9"}, nil, "198.51.100.7"},
		{"peer not a trusted proxy", "198.51.100.7:5000", []string{"203.0.113.9"}, proxies, "198.51.100.7"},
		{"one proxy", "127.0.0.1:5000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
		{"forged first entry", "127.0.0.1:5000", []string{"1.1.1.1, 203.0.113.9"}, proxies, "203.0.113.9"},
		{"forged formula", "127.0.0.1:5000", []string{"=HYPERLINK(\"x\"), 203.0.113.9"}, proxies, "203.0.113.9"},
		{"two trusted hops", "127.0.0.1:5000", []string{"6.6.6.6, 203.0.113.9, 10.1.2.3"}, proxies, "203.0.113.9"},
		{"several headers", "127.0.0.1:5000", []string{"6.6.6.6", "203.0.113.9, 10.1.2.3"}, proxies, "203.0.113.9"},
		{"entry with a port", "127.0.0.1:5000", []string{"[2001:db8::1]:443"}, proxies, "2001:db8::1"},
		{"mapped IPv4", "[::ffff:127.0.0.1]:5000", []string{"::ffff:203.0.113.9"}, proxies, "203.0.113.9"},
		{"garbage next to the proxy", "127.0.0.1:5000", []string{"203.0.113.9, not-an-ip"}, proxies, "127.0.0.1"},
		{"no header", "127.0.0.1:5000", nil, proxies, "127.0.0.1"},
		{"all trusted", "127.0.0.1:5000", []string{"10.0.0.1"}, proxies, "10.0.0.1"},
		{"peer not an address", "pipe", []string{"203.0.113.9"}, proxies, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			for _, h := range tc.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := ClientAddr(r, tc.proxies); got != tc.want {
				t.Errorf("client %q, want %q", got, tc.want)
			}
		})
	}
}
