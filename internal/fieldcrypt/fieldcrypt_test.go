package fieldcrypt

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm4"
)

// MustCreateKeyring creates a key file with one key in a temporary
// directory and loads it. It returns the keyring and the file's path.
func MustCreateKeyring(tb testing.TB) (*Keyring, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "field.keys")
	if err := CreateKeyFile(path); err != nil {
		tb.Fatal(err)
	}
	kr, err := LoadKeyring(path)
	if err != nil {
		tb.Fatal(err)
	}
	return kr, path
}

func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestSM4KnownAnswer checks the block cipher against the example of
// GB/T 32907-2016 (appendix A), proving it is SM4.
func TestSM4KnownAnswer(t *testing.T) {
	key := mustHex(t, "0123456789abcdeffedcba9876543210")
	want := mustHex(t, "681edf34d206965e86b3e94f536e4246")
	block, err := sm4.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 16)
	block.Encrypt(got, key) // plaintext = key in the example
	if !bytes.Equal(got, want) {
		t.Fatalf("SM4(0123…3210) = %x, want %x", got, want)
	}
	block.Decrypt(got, got)
	if !bytes.Equal(got, key) {
		t.Fatalf("decrypt = %x, want %x", got, key)
	}
	if testing.Short() {
		return
	}
	// Example 2: the same plaintext encrypted 1,000,000 times.
	buf := bytes.Clone(key)
	for range 1_000_000 {
		block.Encrypt(buf, buf)
	}
	if want := mustHex(t, "595298c7c6fd271f0402f804c33d3f66"); !bytes.Equal(buf, want) {
		t.Fatalf("SM4 iterated 10^6 times = %x, want %x", buf, want)
	}
}

// rfc8998 is the SM4-GCM test vector of RFC 8998 appendix A.1.
var rfc8998 = struct{ key, nonce, aad, plain, sealed string }{
	key:   "0123456789abcdeffedcba9876543210",
	nonce: "00001234567800000000abcd",
	aad:   "feedfacedeadbeeffeedfacedeadbeefabaddad2",
	plain: "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
	sealed: "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d" +
		"83de3541e4c2b58177e065a9bf7b62ec",
}

// TestKeyringIsSM4GCM opens the RFC 8998 vector through a keyring loaded
// from a key file, proving the whole path is SM4-GCM with a 12-byte nonce
// and a 16-byte tag.
func TestKeyringIsSM4GCM(t *testing.T) {
	v := rfc8998
	aead, err := newAEAD(mustHex(t, v.key))
	if err != nil {
		t.Fatal(err)
	}
	got := aead.Seal(nil, mustHex(t, v.nonce), mustHex(t, v.plain), mustHex(t, v.aad))
	if !bytes.Equal(got, mustHex(t, v.sealed)) {
		t.Fatalf("SM4-GCM = %x\nwant %s", got, v.sealed)
	}

	path := filepath.Join(t.TempDir(), "k")
	keyLine := "rfc:" + base64.StdEncoding.EncodeToString(mustHex(t, v.key)) + "\n"
	MustWriteFile(t, path, keyLine, 0o600)
	kr, err := LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	sealed := prefix + "rfc:" + base64.StdEncoding.EncodeToString(append(mustHex(t, v.nonce), mustHex(t, v.sealed)...))
	plain, err := kr.Open(sealed, string(mustHex(t, v.aad)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(plain, mustHex(t, v.plain)) {
		t.Fatalf("Open = %x", plain)
	}
}

func TestRoundTrip(t *testing.T) {
	kr, _ := MustCreateKeyring(t)
	for _, s := range []string{"13800138000", "110101199003071234", "张三 13912345678", "x", strings.Repeat("长", 1000)} {
		sealed, err := kr.SealString(s, "users.phone:42")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "sm4gcm:v1:k1:") {
			t.Errorf("sealed %q: want prefix sm4gcm:v1:k1:", sealed)
		}
		// (A one-letter value may turn up in base64 by chance; longer ones may not.)
		if len(s) > 3 && strings.Contains(sealed, s) {
			t.Errorf("sealed value contains the plaintext")
		}
		got, err := kr.OpenString(sealed, "users.phone:42")
		if err != nil || got != s {
			t.Errorf("OpenString = %q, %v; want %q", got, err, s)
		}
	}

	// A random nonce: the same value seals differently each time.
	a, _ := kr.SealString("13800138000", "users.phone:42")
	b, _ := kr.SealString("13800138000", "users.phone:42")
	if a == b {
		t.Error("two seals of the same value are equal")
	}
	raw, _ := base64.StdEncoding.DecodeString(a[len("sm4gcm:v1:k1:"):])
	if len(raw) != nonceSize+len("13800138000")+tagSize {
		t.Errorf("payload is %d bytes", len(raw))
	}
}

func TestEmpty(t *testing.T) {
	kr, _ := MustCreateKeyring(t)
	for _, p := range [][]byte{nil, {}} {
		s, err := kr.Seal(p, "users.phone:1")
		if s != "" || err != nil {
			t.Errorf("Seal(%v) = %q, %v; want \"\", nil", p, s, err)
		}
	}
	if s, err := kr.SealString("", "users.phone:1"); s != "" || err != nil {
		t.Errorf("SealString(\"\") = %q, %v", s, err)
	}
	if p, err := kr.Open("", "users.phone:1"); p != nil || err != nil {
		t.Errorf("Open(\"\") = %v, %v", p, err)
	}
	if s, err := kr.OpenString("", "users.phone:1"); s != "" || err != nil {
		t.Errorf("OpenString(\"\") = %q, %v", s, err)
	}
}

func TestTamper(t *testing.T) {
	kr, _ := MustCreateKeyring(t)
	const aad = "users.id_card:7"
	sealed, err := kr.SealString("110101199003071234", aad)
	if err != nil {
		t.Fatal(err)
	}
	// Every character of the text, replaced by another.
	for i := range len(sealed) {
		for _, c := range []byte{'A', 'B', '0', ':', '=', '\n'} {
			if sealed[i] == c {
				continue
			}
			bad := sealed[:i] + string(c) + sealed[i+1:]
			if p, err := kr.Open(bad, aad); err == nil {
				t.Fatalf("tampered at %d (%q): opened to %q", i, bad, p)
			}
		}
	}
	// Every bit of the nonce, ciphertext and tag.
	head := prefix + kr.CurrentID() + ":"
	raw, err := b64.DecodeString(strings.TrimPrefix(sealed, head))
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(raw) * 8 {
		bad := bytes.Clone(raw)
		bad[i/8] ^= 1 << (i % 8)
		_, err := kr.Open(head+b64.EncodeToString(bad), aad)
		if !errors.Is(err, ErrAuth) {
			t.Fatalf("bit %d flipped: err = %v, want ErrAuth", i, err)
		}
	}
	// Truncated or extended.
	for _, bad := range []string{sealed[:len(sealed)-4], sealed + "AAAA"} {
		if _, err := kr.Open(bad, aad); err == nil {
			t.Errorf("%q opened", bad)
		}
	}
}

func TestWrongAAD(t *testing.T) {
	kr, _ := MustCreateKeyring(t)
	sealed, err := kr.SealString("13800138000", "users.phone:42")
	if err != nil {
		t.Fatal(err)
	}
	for _, aad := range []string{"users.phone:43", "users.phone:4", "users.mobile:42", "contacts.phone:42", ""} {
		_, err := kr.Open(sealed, aad)
		if !errors.Is(err, ErrAuth) {
			t.Errorf("copied to %q: err = %v, want ErrAuth", aad, err)
		}
	}
}

func TestMalformed(t *testing.T) {
	kr, _ := MustCreateKeyring(t)
	good, _ := kr.SealString("13800138000", "a")
	payload := good[len("sm4gcm:v1:k1:"):]
	for _, s := range []string{
		"13800138000",
		"sm4gcm:v2:k1:" + payload,
		"SM4GCM:v1:k1:" + payload,
		"sm4gcm:v1:",
		"sm4gcm:v1:k1",
		"sm4gcm:v1:k1:",
		"sm4gcm:v1::" + payload,
		"sm4gcm:v1:k1:!!!!",
		"sm4gcm:v1:k1:" + payload[:len(payload)-1],
		"sm4gcm:v1:k1:AAAA",
		"sm4gcm:v1:k1:" + payload + "\n",
		"sm4gcm:v1:k1:" + payload[:8] + "\r\n" + payload[8:],
	} {
		_, err := kr.Open(s, "a")
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("Open(%q): err = %v, want ErrMalformed", s, err)
		}
	}
}

func TestUnknownKey(t *testing.T) {
	kr, _ := MustCreateKeyring(t)
	other, _ := MustCreateKeyring(t)
	sealed, _ := kr.SealString("13800138000", "a")
	// Same ID "k1", different key: authentication fails.
	if _, err := other.Open(sealed, "a"); !errors.Is(err, ErrAuth) {
		t.Errorf("other key file: err = %v, want ErrAuth", err)
	}
	moved := strings.Replace(sealed, ":k1:", ":k9:", 1)
	_, err := kr.Open(moved, "a")
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("err = %v, want ErrUnknownKey", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `"k9"`) || !strings.Contains(msg, "k1") {
		t.Errorf("message %q should name the missing key and the keys present", msg)
	}
}

func TestRotation(t *testing.T) {
	kr1, path := MustCreateKeyring(t)
	if kr1.CurrentID() != "k1" {
		t.Fatalf("CurrentID = %q", kr1.CurrentID())
	}
	old, _ := kr1.SealString("13800138000", "users.phone:1")
	if kr1.NeedsRotation(old) {
		t.Error("NeedsRotation true under the current key")
	}

	id, err := AddKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if id != "k2" {
		t.Errorf("AddKey = %q, want k2", id)
	}
	kr2, err := LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	if kr2.CurrentID() != "k2" {
		t.Fatalf("CurrentID after AddKey = %q", kr2.CurrentID())
	}
	if got, err := kr2.OpenString(old, "users.phone:1"); err != nil || got != "13800138000" {
		t.Fatalf("old value after rotation: %q, %v", got, err)
	}
	if !kr2.NeedsRotation(old) {
		t.Error("NeedsRotation false for a value under the old key")
	}
	fresh, _ := kr2.SealString("13800138000", "users.phone:1")
	if !strings.HasPrefix(fresh, "sm4gcm:v1:k2:") {
		t.Errorf("new seal %q not under k2", fresh)
	}
	if kr2.NeedsRotation(fresh) {
		t.Error("NeedsRotation true for a fresh seal")
	}
	// A process still holding the old keyring cannot read new values.
	if _, err := kr1.Open(fresh, "users.phone:1"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("old keyring on new value: %v", err)
	}

	if id, err := AddKey(path); err != nil || id != "k3" {
		t.Fatalf("second AddKey = %q, %v", id, err)
	}
	kr3, err := LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kr3.OpenString(old, "users.phone:1"); err != nil || got != "13800138000" {
		t.Fatalf("k1 value with three keys: %q, %v", got, err)
	}

	if kr3.NeedsRotation("") {
		t.Error("NeedsRotation(\"\") = true")
	}
	if !kr3.NeedsRotation("13800138000") {
		t.Error("NeedsRotation(plaintext) = false")
	}
}

func TestStringHidesKeys(t *testing.T) {
	kr, path := MustCreateKeyring(t)
	data := MustReadFile(t, path)
	lines := strings.Split(strings.TrimSpace(data), "\n")
	_, key, _ := strings.Cut(lines[len(lines)-1], ":")
	if len(key) != 24 {
		t.Fatalf("last line %q", lines[len(lines)-1])
	}
	for _, s := range []string{kr.String(), kr.GoString()} {
		if strings.Contains(s, key) || !strings.Contains(s, "k1") {
			t.Errorf("String = %q", s)
		}
	}
}
