package otp

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewRecoveryCodes(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("got %d codes, %d hashes", len(codes), len(hashes))
	}
	form := regexp.MustCompile(`^[` + recoveryAlphabet + `]{4}-[` + recoveryAlphabet + `]{4}-[` + recoveryAlphabet + `]{4}$`)
	seen := map[string]bool{}
	for i, c := range codes {
		if !form.MatchString(c) {
			t.Errorf("code %q: bad form", c)
		}
		if strings.ContainsAny(c, "01ilo") {
			t.Errorf("code %q: ambiguous character", c)
		}
		if seen[c] {
			t.Errorf("code %q repeated", c)
		}
		seen[c] = true
		if hashes[i] != HashRecoveryCode(c) {
			t.Errorf("hash %d does not match code %q", i, c)
		}
		if len(hashes[i]) != 64 || strings.Contains(hashes[i], c) {
			t.Errorf("hash %q: want 64 hex digits", hashes[i])
		}
	}
	for _, n := range []int{0, -1, MaxRecoveryCodes + 1} {
		if _, _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d): no error", n)
		}
	}
}

func TestRecoveryAlphabetUsed(t *testing.T) {
	// Over many codes every symbol appears: the sampling covers the
	// whole alphabet.
	codes, _, err := NewRecoveryCodes(MaxRecoveryCodes)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(codes, "")
	for _, r := range recoveryAlphabet {
		if !strings.ContainsRune(all, r) {
			t.Errorf("symbol %q never drawn in %d codes", r, len(codes))
		}
	}
}

func TestHashRecoveryCode(t *testing.T) {
	want := HashRecoveryCode("abcd-efgh-jkmn")
	for _, in := range []string{
		"abcd-efgh-jkmn",
		"ABCD-EFGH-JKMN",
		"abcdefghjkmn",
		"  abcd efgh jkmn\n",
		"Abcd - Efgh - Jkmn",
		"ａｂｃｄ－ｅｆｇｈ－ｊｋｍｎ",           // full-width, as from a Chinese input method
		"abcd\u3000efgh\u2013jkmn", // ideographic space, en dash
	} {
		if got := HashRecoveryCode(in); got != want {
			t.Errorf("HashRecoveryCode(%q) differs from the canonical form", in)
		}
	}
	for _, in := range []string{"abcd-efgh-jkmp", "abcd-efgh-jkm", "abcd-efgh-jkmn-" + "2"} {
		if HashRecoveryCode(in) == want {
			t.Errorf("HashRecoveryCode(%q) collides", in)
		}
	}
	// The stored value is the SHA-256 of the normalised code.
	if got := HashRecoveryCode("ABCD"); got != "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589" {
		t.Errorf("HashRecoveryCode(ABCD) = %s", got)
	}
}
