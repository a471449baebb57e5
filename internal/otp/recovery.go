package otp

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
)

const (
	// recoveryAlphabet leaves out 0/o, 1/i/l, which are easily confused
	// when read from paper: 31 symbols, about 59 bits in 12 of them.
	recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"
	recoveryGroups   = 3
	recoveryGroupLen = 4
	// MaxRecoveryCodes bounds n in [NewRecoveryCodes].
	MaxRecoveryCodes = 100
)

// NewRecoveryCodes returns n new single-use recovery codes of the form
// xxxx-xxxx-xxxx, to be shown to the user once, and their hashes (see
// [HashRecoveryCode]), which are what gets stored. hashes[i] belongs to
// codes[i].
func NewRecoveryCodes(n int) (codes []string, hashes []string, err error) {
	if n < 1 || n > MaxRecoveryCodes {
		return nil, nil, fmt.Errorf("otp: recovery code count %d out of range 1..%d", n, MaxRecoveryCodes)
	}
	codes = make([]string, n)
	hashes = make([]string, n)
	for i := range codes {
		c, err := newRecoveryCode()
		if err != nil {
			return nil, nil, err
		}
		codes[i] = c
		hashes[i] = HashRecoveryCode(c)
	}
	return codes, hashes, nil
}

// newRecoveryCode draws one code uniformly from the alphabet.
func newRecoveryCode() (string, error) {
	const n = recoveryGroups * recoveryGroupLen
	// Bytes at or above the largest multiple of the alphabet size are
	// rejected, so that no symbol is more likely than another.
	limit := byte(256 - 256%len(recoveryAlphabet))
	symbols := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	for len(symbols) < n {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("otp: generate recovery code: %w", err)
		}
		for _, b := range buf {
			if b < limit && len(symbols) < n {
				symbols = append(symbols, recoveryAlphabet[int(b)%len(recoveryAlphabet)])
			}
		}
	}
	var sb strings.Builder
	for i, c := range symbols {
		if i > 0 && i%recoveryGroupLen == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(c)
	}
	return sb.String(), nil
}

// HashRecoveryCode returns the hex SHA-256 of code after normalising it:
// full-width characters (as typed with a Chinese input method) become
// their ASCII forms, letters become lower case, and spaces and dashes are
// dropped. So "ABCD EFGH-JKMN" and "abcd-efgh-jkmn" hash alike.
func HashRecoveryCode(code string) string {
	sum := sha256.Sum256([]byte(normaliseRecoveryCode(code)))
	return hex.EncodeToString(sum[:])
}

func normaliseRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xff01 && r <= 0xff5e { // full-width ASCII block
			r -= 0xfee0
		}
		if unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, code)
}
