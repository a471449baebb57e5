package httpx

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the reverse proxies whose X-Forwarded-For luoshi believes: addresses
// and CIDR prefixes. Empty believes none, and the client is the peer of the connection.
type TrustedProxies []netip.Prefix

// LoopbackProxies trusts a proxy on the same host only.
var LoopbackProxies = TrustedProxies{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// ParseTrustedProxies reads a comma-separated list of IP addresses and CIDR prefixes
// ("127.0.0.1, 10.0.0.0/8, fd00::/8"); an empty list trusts no proxy.
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
			}
			if p.Addr().Is4In6() {
				if p.Bits() < 96 {
					return nil, fmt.Errorf("trusted proxy %q: an IPv4-mapped prefix needs at least 96 bits", f)
				}
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil || a.Zone() != "" {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// String lists the proxies as ParseTrustedProxies reads them.
func (tp TrustedProxies) String() string {
	s := make([]string, len(tp))
	for i, p := range tp {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (tp TrustedProxies) trusts(a netip.Addr) bool {
	for _, p := range tp {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr returns the address of the client a request came from. The peer of the
// connection is the client unless it is a trusted proxy; then X-Forwarded-For (every such
// header, in order) is read from the right, past the trusted proxies, and the first address
// that is not one is the client: the entries to its left were written by the client or by
// proxies nobody vouches for, and may be forged. An entry that is not an address stops the
// walk at the trusted hop that passed it on. The answer is always a valid address in
// canonical form, or "" when the peer's is not one.
func ClientAddr(r *http.Request, tp TrustedProxies) string {
	peer, ok := parseHop(r.RemoteAddr)
	if !ok {
		return ""
	}
	if len(tp) == 0 || !tp.trusts(peer) {
		return peer.String()
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0 && tp.trusts(client); i-- {
		a, ok := parseHop(strings.TrimSpace(hops[i]))
		if !ok {
			break
		}
		client = a
	}
	return client.String()
}

// parseHop reads an address as a peer or a forwarding entry gives it: bare, or with a port
// ("192.0.2.1:443", "[2001:db8::1]:443").
func parseHop(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), a.IsValid()
}
