package httpx

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// FuzzClientAddr reads an arbitrary peer address and X-Forwarded-For header behind trusted
// proxies: the client is "" (no peer address), the peer itself when it is not trusted, or an
// address, without zone, written in the peer or the header — never one made up.
func FuzzClientAddr(f *testing.F) {
	for _, s := range [][2]string{{"10.0.0.2:443", "203.0.113.7"}, {"10.0.0.2:443", "203.0.113.7, 10.0.0.9"},
		{"192.0.2.1:80", "10.0.0.1"}, {"[::1]:443", "[2001:db8::1]:443,garbage"}, {"[fe80::1%eth0]:1", "fe80::2%lo"},
		{"@", ""}, {"10.1.1.1:1", "::ffff:10.0.0.1"}} {
		f.Add(s[0], s[1])
	}
	tp, err := ParseTrustedProxies("10.0.0.0/8,::1")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := ClientAddr(r, tp)
		peer, ok := parseHop(remote)
		switch {
		case !ok:
			if got != "" {
				t.Fatalf("no peer in %q, yet client %q", remote, got)
			}
			return
		case !tp.trusts(peer) && got != peer.String():
			t.Fatalf("untrusted peer %q, yet client %q", remote, got)
		}
		a, err := netip.ParseAddr(got)
		if err != nil || a.Zone() != "" || a.Is4In6() {
			t.Fatalf("client %q from %q, %q", got, remote, xff)
		}
		if got != peer.String() {
			hop := false
			for _, h := range strings.Split(xff, ",") {
				if b, ok := parseHop(strings.TrimSpace(h)); ok && b == a {
					hop = true
				}
			}
			if !hop {
				t.Fatalf("client %q is neither the peer %q nor a hop of %q", got, remote, xff)
			}
		}
	})
}

// FuzzDecode decodes an arbitrary body into a map of strings, as every handler's Decode
// does: refused with a catalogue error of the request (malformed, invalid or too
// large), or read with no string holding a control character other than tab and line breaks.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, `{"a":"\u0000"}`, `{"a":"b"}{}`, `{"a":1}`, `[`, ``, `{"a":"\\u0000"}`, "{\"a\":\"\t\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v map[string]string
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		if err := Decode(httptest.NewRecorder(), r, &v); err != nil {
			e, ok := luoshi.AsError(err)
			if !ok || !i18n.Has(e.Key) || e.Code != luoshi.EMALFORMED && e.Code != luoshi.EINVALID && e.Code != luoshi.ETOOLARGE {
				t.Fatalf("%q refused with %#v", body, err)
			}
			return
		}
		for k, s := range v {
			for _, c := range k + s {
				if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
					t.Fatalf("%q read with control %U in %q: %q", body, c, k, s)
				}
			}
		}
	})
}
