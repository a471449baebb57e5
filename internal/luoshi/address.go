package luoshi

import "net/netip"

// CleanAddress returns a client address in its canonical form (an IPv4 address mapped into
// IPv6 as IPv4, no zone), or "" when s is not an IP address. Only what it returns is stored
// or exported as an address: a header's text never is.
func CleanAddress(s string) string {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return ""
	}
	return a.Unmap().WithZone("").String()
}
