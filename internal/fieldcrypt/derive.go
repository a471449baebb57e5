package fieldcrypt

import (
	"crypto/hmac"
	"fmt"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// DeriveKey returns a 32-byte key for another use than sealing fields, derived from the
// key file's key id with HMAC-SM3(key, "luoshi/" + label): one key file to guard, back up
// and rotate, while no key is ever used by two algorithms. Every generation kept in the
// file derives its own, so what an older generation signed still verifies after a
// rotation. The label must be non-empty and name the use ("audit-mac/v1").
func (k *Keyring) DeriveKey(id, label string) ([]byte, error) {
	key, ok := k.raw[id]
	if !ok {
		return nil, fmt.Errorf("%w %q: the key file has %s", ErrUnknownKey, id, strings.Join(k.ids, ", "))
	}
	if label == "" {
		return nil, fmt.Errorf("fieldcrypt: DeriveKey needs a label")
	}
	m := hmac.New(sm3.New, key)
	m.Write([]byte("luoshi/" + label))
	return m.Sum(nil), nil
}
