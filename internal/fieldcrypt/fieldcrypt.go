// Package fieldcrypt encrypts sensitive database fields, such as phone
// numbers and ID card numbers, at rest with SM4-GCM (GB/T 32907 block
// cipher, GCM mode), for GB/T 39786-2021 storage confidentiality and
// integrity.
//
// Keys come from a key file (see [LoadKeyring]); the last key in the file
// seals new values and every key opens old ones, so keys can be rotated
// without a flag day. A sealed value is text that fits a VARCHAR/TEXT
// column:
//
//	sm4gcm:v1:<keyID>:<base64(nonce || ciphertext || tag)>
//
// with a random 12-byte nonce and a 16-byte tag. The associated data
// (aad) names where the value lives, e.g. "users.phone:42", so a value
// copied to another row or column does not open.
package fieldcrypt

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/emmansun/gmsm/sm4"
)

const (
	// prefix starts every sealed value; the version lets a later format
	// coexist with this one.
	prefix    = "sm4gcm:v1:"
	nonceSize = 12
	tagSize   = 16
	// KeySize is the size of an SM4 key in bytes.
	KeySize = 16
)

var (
	// ErrMalformed is returned by [Keyring.Open] for a value that is not
	// in the sealed format.
	ErrMalformed = errors.New("fieldcrypt: malformed sealed value")
	// ErrUnknownKey is returned by [Keyring.Open] for a value sealed under
	// a key that is not in the key file.
	ErrUnknownKey = errors.New("fieldcrypt: unknown key id")
	// ErrAuth is returned by [Keyring.Open] when authentication fails: the
	// value was altered, or the aad differs from the one it was sealed
	// with (for example it was copied from another row).
	ErrAuth = errors.New("fieldcrypt: authentication failed (value altered or aad mismatch)")
)

// b64 encodes sealed values. Decoding is strict, so that no two texts
// decode to the same bytes and any change to a sealed value is noticed.
var b64 = base64.StdEncoding.Strict()

// Keyring holds the field encryption keys. It is safe for concurrent use.
type Keyring struct {
	aeads   map[string]cipher.AEAD
	raw     map[string][]byte // for DeriveKey
	ids     []string          // in file order
	current string
	derived sync.Map // id + "\x00" + label → a key DeriveKey derived (the file's keys never change)
}

// newAEAD returns SM4-GCM with a 12-byte nonce and a 16-byte tag.
func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := sm4.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// CurrentID returns the ID of the key that seals new values.
func (k *Keyring) CurrentID() string { return k.current }

// String describes the keyring without its key material, so that logging
// one by mistake leaks nothing.
func (k *Keyring) String() string {
	return fmt.Sprintf("fieldcrypt.Keyring{keys: %s, current: %s}", strings.Join(k.ids, ","), k.current)
}

// GoString is [Keyring.String], for %#v.
func (k *Keyring) GoString() string { return k.String() }

// Seal encrypts plaintext under the current key, bound to aad, and returns
// the sealed text. Empty plaintext seals to "", so an absent field stays
// absent (and its absence is visible).
func (k *Keyring) Seal(plaintext []byte, aad string) (string, error) {
	if len(plaintext) == 0 {
		return "", nil
	}
	aead := k.aeads[k.current]
	out := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	if _, err := rand.Read(out); err != nil {
		return "", fmt.Errorf("fieldcrypt: nonce: %w", err)
	}
	out = aead.Seal(out, out, plaintext, []byte(aad))
	return prefix + k.current + ":" + b64.EncodeToString(out), nil
}

// Open decrypts a value made by [Keyring.Seal] with the same aad. It
// returns nil for "". Errors wrap [ErrMalformed], [ErrUnknownKey] or
// [ErrAuth].
func (k *Keyring) Open(sealed string, aad string) ([]byte, error) {
	if sealed == "" {
		return nil, nil
	}
	id, payload, err := parse(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w %q: the key file has %s; was the key removed from it?",
			ErrUnknownKey, id, strings.Join(k.ids, ", "))
	}
	raw, err := b64.DecodeString(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(raw) < nonceSize+tagSize {
		return nil, fmt.Errorf("%w: too short", ErrMalformed)
	}
	plain, err := aead.Open(nil, raw[:nonceSize], raw[nonceSize:], []byte(aad))
	if err != nil {
		return nil, fmt.Errorf("%w (key %s, aad %q)", ErrAuth, id, aad)
	}
	return plain, nil
}

// SealString is [Keyring.Seal] for a string.
func (k *Keyring) SealString(plaintext, aad string) (string, error) {
	return k.Seal([]byte(plaintext), aad)
}

// OpenString is [Keyring.Open] returning a string.
func (k *Keyring) OpenString(sealed, aad string) (string, error) {
	b, err := k.Open(sealed, aad)
	return string(b), err
}

// NeedsRotation reports whether sealed should be re-sealed: it is not
// empty and not sealed under the current key. A value not in the sealed
// format at all (e.g. plaintext left from before encryption) also needs
// attention and reports true.
func (k *Keyring) NeedsRotation(sealed string) bool {
	if sealed == "" {
		return false
	}
	id, _, err := parse(sealed)
	return err != nil || id != k.current
}

// parse splits a sealed value into key ID and base64 payload.
func parse(sealed string) (id, payload string, err error) {
	rest, ok := strings.CutPrefix(sealed, prefix)
	if !ok {
		return "", "", fmt.Errorf("%w: missing %q prefix", ErrMalformed, prefix)
	}
	id, payload, ok = strings.Cut(rest, ":")
	// The base64 decoder skips line breaks; refuse them so that one
	// sealed value has exactly one text form.
	if !ok || !validID(id) || payload == "" || strings.ContainsAny(payload, "\r\n") {
		return "", "", fmt.Errorf("%w: want %s<keyID>:<base64>", ErrMalformed, prefix)
	}
	return id, payload, nil
}
