// Package otp implements the second login factor: time-based one-time
// passwords (TOTP, RFC 6238, HMAC-SHA1, 30-second steps, 6 digits) as
// shown by common authenticator apps, the otpauth:// URI and QR code that
// enrol a device, and single-use recovery codes.
//
// The package keeps no state. Replay protection is the caller's job: it
// stores the step returned by [Verify] for the user and passes it back as
// lastStep on the next verification.
package otp

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

const (
	// Digits is the number of digits in a code.
	Digits = 6
	// Period is the length of one time step in seconds.
	Period = 30
	// SecretSize is the number of random bytes in a secret made by
	// [GenerateSecret] (160 bits, as RFC 4226 recommends for HMAC-SHA1).
	SecretSize = 20
	// skew is how many steps before and after the current one a code may
	// come from, to allow for clock drift and typing time.
	skew = 1
)

// encoding is base32 without padding, the form authenticator apps expect.
var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// GenerateSecret returns a new random shared secret of [SecretSize] bytes,
// base32-encoded without padding.
func GenerateSecret() (string, error) {
	b := make([]byte, SecretSize)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("otp: generate secret: %w", err)
	}
	return encoding.EncodeToString(b), nil
}

// Code returns the 6-digit TOTP code for secret (base32) at time t.
func Code(secret string, t time.Time) (string, error) {
	return code(secret, t, Digits)
}

// Verify reports whether code is the TOTP code of secret for the time step
// of t or the step just before or after it, and returns the step it
// matched. A step at or before lastStep is never accepted, so a code cannot
// be used twice: the caller stores the returned step and passes it as
// lastStep next time (0 for a user who has never verified). Anything other
// than exactly six ASCII digits is refused. The step is meaningful only
// when ok is true.
func Verify(secret, code string, t time.Time, lastStep int64) (step int64, ok bool) {
	if !isDigits(code, Digits) {
		return 0, false
	}
	key, err := decodeSecret(secret)
	if err != nil {
		return 0, false
	}
	now := timeStep(t)
	// Every candidate is computed and compared, so the time taken does not
	// tell which step matched.
	for s := now - skew; s <= now+skew; s++ {
		if s < 0 {
			continue
		}
		want := hotp(key, uint64(s), Digits)
		match := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
		if match && s > lastStep && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

// URI returns the otpauth:// key URI that enrols secret in an
// authenticator app, in the form
//
//	otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
//
// with every part percent-encoded, so an issuer such as "落实" or an
// account containing spaces, colons or '&' survives.
func URI(issuer, account, secret string) string {
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	b.WriteString(escape(issuer))
	b.WriteByte(':')
	b.WriteString(escape(account))
	b.WriteString("?secret=")
	b.WriteString(escape(secret))
	b.WriteString("&issuer=")
	b.WriteString(escape(issuer))
	fmt.Fprintf(&b, "&algorithm=SHA1&digits=%d&period=%d", Digits, Period)
	return b.String()
}

// escape percent-encodes s for both the label and the query of a key URI.
// Spaces become %20 rather than '+', which some apps show literally;
// QueryEscape already turns a literal '+' into %2B, so the swap is safe.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// code is [Code] with a chosen number of digits, so that tests can check
// the 8-digit vectors of RFC 6238 Appendix B.
func code(secret string, t time.Time, digits int) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	s := timeStep(t)
	if s < 0 {
		return "", errors.New("otp: time before the Unix epoch")
	}
	return hotp(key, uint64(s), digits), nil
}

// timeStep returns the RFC 6238 counter T = floor(unix seconds / Period).
func timeStep(t time.Time) int64 {
	u := t.Unix()
	s := u / Period
	if u < 0 && u%Period != 0 {
		s-- // floor, not truncation, before 1970
	}
	return s
}

// hotp is RFC 4226 HOTP with dynamic truncation.
func hotp(key []byte, counter uint64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// decodeSecret accepts a base32 secret as apps display it: either case,
// with or without padding, spaces or dashes between groups.
func decodeSecret(secret string) ([]byte, error) {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '=' {
			return -1
		}
		return r
	}, strings.ToUpper(secret))
	key, err := encoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("otp: secret is not valid base32: %w", err)
	}
	if len(key) == 0 {
		return nil, errors.New("otp: empty secret")
	}
	return key, nil
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
