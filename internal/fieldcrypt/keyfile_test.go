package fieldcrypt

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// MustWriteFile writes data to path and sets its mode exactly (the umask
// does not apply to Chmod).
func MustWriteFile(tb testing.TB, path, data string, mode os.FileMode) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		tb.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		tb.Fatal(err)
	}
}

// MustReadFile returns the content of path.
func MustReadFile(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func b64key(n int) string {
	return base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", n)))
}

func TestCreateKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "field.keys")
	if err := CreateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %04o, want 0600", fi.Mode().Perm())
	}
	before := MustReadFile(t, path)
	if !strings.HasPrefix(before, "#") || !strings.Contains(before, "\nk1:") {
		t.Errorf("content:\n%s", before)
	}

	err = CreateKeyFile(path)
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("second CreateKeyFile: %v", err)
	}
	if MustReadFile(t, path) != before {
		t.Fatal("existing key file changed")
	}

	// Two files get different keys.
	other := filepath.Join(t.TempDir(), "field.keys")
	if err := CreateKeyFile(other); err != nil {
		t.Fatal(err)
	}
	if MustReadFile(t, other) == before {
		t.Fatal("two key files are identical")
	}

	if err := CreateKeyFile(filepath.Join(t.TempDir(), "missing", "dir", "k")); err == nil {
		t.Error("create in a missing directory: no error")
	}
}

func TestLoadKeyringPermissions(t *testing.T) {
	dir := t.TempDir()
	content := "k1:" + b64key(16) + "\n"
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660, 0o601, 0o610, 0o666} {
		path := filepath.Join(dir, "keys")
		MustWriteFile(t, path, content, mode)
		_, err := LoadKeyring(path)
		if err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("mode %04o: err = %v, want a chmod 600 hint", mode, err)
		}
		if _, err := AddKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("AddKey, mode %04o: err = %v", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		path := filepath.Join(dir, "keys")
		MustWriteFile(t, path, content, mode)
		if _, err := LoadKeyring(path); err != nil {
			t.Errorf("mode %04o: %v", mode, err)
		}
	}

	_, err := LoadKeyring(filepath.Join(dir, "absent"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent file: %v", err)
	}
	if _, err := LoadKeyring(dir); err == nil {
		t.Error("directory accepted as a key file")
	}
}

func TestLoadKeyringFormat(t *testing.T) {
	k16 := b64key(16)
	tests := []struct {
		name, content string
		want          string // substring of the error; "" for success
		current       string
	}{
		{"one key", "k1:" + k16 + "\n", "", "k1"},
		{"no final newline", "k1:" + k16, "", "k1"},
		{"comments and blanks", "# keys\n\n  # indented comment\nold:" + k16 + "\n\nnew-2:" + k16 + "\n\n", "", "new-2"},
		{"CRLF and spaces", "a : " + k16 + " \r\nb:" + k16 + "\r\n", "", "b"},
		{"last is current", "z:" + k16 + "\na:" + k16 + "\n", "", "a"},
		{"empty", "", "holds no key", ""},
		{"only comments", "# nothing\n\n", "holds no key", ""},
		{"no colon", "# c\nk1" + k16 + "\n", ":2: want ID:BASE64", ""},
		{"empty id", ":" + k16 + "\n", ":1: invalid key id", ""},
		{"id with space", "k 1:" + k16 + "\n", ":1: invalid key id", ""},
		{"id too long", strings.Repeat("k", 33) + ":" + k16 + "\n", ":1: invalid key id", ""},
		{"duplicate", "k1:" + k16 + "\nk2:" + k16 + "\n#\nk1:" + k16 + "\n", `:4: duplicate key id "k1" (first on line 1)`, ""},
		{"bad base64", "k1:" + k16 + "\nk2:not base64!\n", `:2: key "k2" is not valid base64`, ""},
		{"unpadded base64", "k1:" + strings.TrimRight(k16, "=") + "\n", ":1: key", ""},
		{"short key", "k1:" + b64key(8) + "\n", `:1: key "k1" is 8 bytes, want 16`, ""},
		{"long key", "k1:" + b64key(32) + "\n", `:1: key "k1" is 32 bytes, want 16`, ""},
		{"empty key", "k1:\n", `:1: key "k1" is 0 bytes`, ""},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "keys"+string(rune('a'+i)))
			MustWriteFile(t, path, tt.content, 0o600)
			kr, err := LoadKeyring(path)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if kr.CurrentID() != tt.current {
					t.Errorf("CurrentID = %q, want %q", kr.CurrentID(), tt.current)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), strings.TrimRight(k16, "=")) {
				t.Errorf("error %q quotes key material", err)
			}
		})
	}
}

func TestAddKey(t *testing.T) {
	dir := t.TempDir()
	k16 := b64key(16)

	// A hand-written file without a final newline, with its own IDs.
	path := filepath.Join(dir, "keys")
	MustWriteFile(t, path, "# ours\nk7:"+k16+"\nspare:"+k16, 0o600)
	id, err := AddKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if id != "k8" {
		t.Errorf("id = %q, want k8", id)
	}
	kr, err := LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	if kr.CurrentID() != "k8" || len(kr.ids) != 3 {
		t.Errorf("keyring %v", kr)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode changed to %04o", fi.Mode().Perm())
	}

	// A file with no k<N> IDs starts at k1.
	path2 := filepath.Join(dir, "keys2")
	MustWriteFile(t, path2, "main:"+k16+"\n", 0o600)
	if id, err := AddKey(path2); err != nil || id != "k1" {
		t.Errorf("AddKey = %q, %v; want k1", id, err)
	}

	// A malformed file is left alone.
	bad := filepath.Join(dir, "bad")
	MustWriteFile(t, bad, "k1:short\n", 0o600)
	if _, err := AddKey(bad); err == nil {
		t.Error("AddKey on a malformed file: no error")
	}
	if MustReadFile(t, bad) != "k1:short\n" {
		t.Error("malformed file changed")
	}
	if _, err := AddKey(filepath.Join(dir, "absent")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("AddKey on absent file: %v", err)
	}
}

func TestNextID(t *testing.T) {
	tests := []struct {
		ids  []string
		want string
	}{
		{nil, "k1"},
		{[]string{"k1"}, "k2"},
		{[]string{"k3", "k1"}, "k4"},
		{[]string{"main", "k2x", "kk"}, "k1"},
		{[]string{"k99999999999"}, "k1"},
	}
	for _, tt := range tests {
		if got := nextID(tt.ids); got != tt.want {
			t.Errorf("nextID(%v) = %q, want %q", tt.ids, got, tt.want)
		}
	}
}
