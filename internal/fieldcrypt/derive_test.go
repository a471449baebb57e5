package fieldcrypt

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

// TestDeriveKey: a derived key is fixed by the key file's key and the label, differs per
// label and per generation, survives a rotation, is the same when derived again (kept), and
// is never the SM4 key itself.
func TestDeriveKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.key")
	if err := CreateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	kr, err := LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	mac1, err := kr.DeriveKey("k1", "audit-mac/v1")
	if err != nil || len(mac1) != 32 {
		t.Fatalf("derive: %x %v", mac1, err)
	}
	// Kept once derived: the same key again, and a caller's change to its copy reaches no one.
	want := bytes.Clone(mac1)
	for range 2 {
		kept, err := kr.DeriveKey("k1", "audit-mac/v1")
		if err != nil || !bytes.Equal(kept, want) {
			t.Fatalf("derived again: %x %v, want %x", kept, err, want)
		}
		kept[0] ^= 0xff
	}
	if head, _ := kr.DeriveKey("k1", "audit-head/v1"); bytes.Equal(head, mac1) {
		t.Error("two labels derive the same key")
	}
	if bytes.Contains(mac1, kr.raw["k1"]) {
		t.Error("the derived key holds the SM4 key")
	}
	if _, err := AddKey(path); err != nil {
		t.Fatal(err)
	}
	rotated, err := LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := rotated.DeriveKey("k1", "audit-mac/v1")
	if err != nil || !bytes.Equal(again, mac1) {
		t.Errorf("after a rotation k1 derives %x, was %x (%v)", again, mac1, err)
	}
	if k2, _ := rotated.DeriveKey("k2", "audit-mac/v1"); bytes.Equal(k2, mac1) || rotated.CurrentID() != "k2" {
		t.Error("the new generation derives the old key")
	}
	if _, err := rotated.DeriveKey("k9", "audit-mac/v1"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("an unknown generation: %v", err)
	}
	if _, err := rotated.DeriveKey("k1", ""); err == nil {
		t.Error("derived with no label")
	}
}
