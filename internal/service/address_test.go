package service

import "testing"

// TestExportAddress: an address is exported as it is; anything else stored in the address
// column (records written before addresses were checked) cannot pass for one or start a
// spreadsheet formula.
func TestExportAddress(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"203.0.113.9":            "203.0.113.9",
		"2001:db8::1":            "2001:db8::1",
		`=HYPERLINK("http://x")`: `?"=HYPERLINK(\"http://x\")"`,
		"+1.2.3.4":               `?"+1.2.3.4"`,
		"10.0.0.1, 203.0.113.9":  `?"10.0.0.1, 203.0.113.9"`,
		"::ffff:203.0.113.9":     `?"::ffff:203.0.113.9"`,
		"@SUM(1)\u202e":          `?"@SUM(1)\u202e"`,
	} {
		if got := exportAddress(in); got != want {
			t.Errorf("exportAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
