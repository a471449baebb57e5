package fieldcrypt

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// maxKeyFileSize bounds what LoadKeyring reads; a real key file is a few
// hundred bytes.
const maxKeyFileSize = 1 << 20

const keyFileHeader = `# luoshi field encryption keys: one "ID:BASE64(16-byte SM4 key)" per line.
# Keep this file mode 0600 and back it up: a value cannot be read without
# the key it was sealed with. The LAST key seals new values; every key opens.
# Rotate by adding a key; remove an old key only after re-sealing its values.
`

// LoadKeyring reads a key file: one key per line as ID:BASE64, where the
// base64 (standard, padded) holds 16 bytes, with blank lines and lines
// starting with '#' ignored. The last key is the current one. It refuses a
// file that group or others may access (mode & 0o077 != 0), malformed
// lines (naming the line), duplicate IDs, keys of the wrong length, and a
// file with no key. An ID is 1–32 letters, digits, '.', '_' or '-'.
func LoadKeyring(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: open key file: %w", err)
	}
	defer f.Close()
	data, err := readKeyFile(path, f)
	if err != nil {
		return nil, err
	}
	return parseKeyFile(path, data)
}

// CreateKeyFile writes a new key file at path holding one fresh random key,
// with mode 0600. It refuses to overwrite an existing file, since that
// would make every value sealed under the old keys unreadable.
func CreateKeyFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("fieldcrypt: key file %s already exists; refusing to overwrite it (use AddKey to rotate)", path)
	}
	if err != nil {
		return fmt.Errorf("fieldcrypt: create key file: %w", err)
	}
	line, err := newKeyLine(nextID(nil))
	if err == nil {
		err = writeSync(f, keyFileHeader+line)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("fieldcrypt: create key file: %w", err)
	}
	return nil
}

// AddKey appends a fresh random key to the key file at path and returns
// its ID. The new key becomes the current one for keyrings loaded
// afterwards; the old keys stay, so existing values still open. The file
// must pass the same checks as in [LoadKeyring]. AddKey is an
// administrative step: do not run two at once on the same file.
func AddKey(path string) (id string, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return "", fmt.Errorf("fieldcrypt: open key file: %w", err)
	}
	defer f.Close()
	data, err := readKeyFile(path, f)
	if err != nil {
		return "", err
	}
	kr, err := parseKeyFile(path, data)
	if err != nil {
		return "", err
	}
	id = nextID(kr.ids)
	line, err := newKeyLine(id)
	if err != nil {
		return "", err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		line = "\n" + line
	}
	if err := writeSync(f, line); err != nil {
		return "", fmt.Errorf("fieldcrypt: add key to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("fieldcrypt: add key to %s: %w", path, err)
	}
	return id, nil
}

// readKeyFile checks the mode of the open file (not of the path, which
// could have been swapped since) and reads it.
func readKeyFile(path string, f *os.File) ([]byte, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: key file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("fieldcrypt: key file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("fieldcrypt: key file %s has mode %04o, open to group or others; run chmod 600 %s", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("fieldcrypt: read key file: %w", err)
	}
	if len(data) > maxKeyFileSize {
		return nil, fmt.Errorf("fieldcrypt: key file %s is larger than %d bytes", path, maxKeyFileSize)
	}
	return data, nil
}

// parseKeyFile builds a keyring from key file text. Errors never quote key
// material.
func parseKeyFile(path string, data []byte) (*Keyring, error) {
	kr := &Keyring{aeads: map[string]cipher.AEAD{}, raw: map[string][]byte{}}
	firstLine := map[string]int{}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		line := strings.TrimSpace(string(raw))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, enc, ok := strings.Cut(line, ":")
		id, enc = strings.TrimSpace(id), strings.TrimSpace(enc)
		if !ok {
			return nil, fmt.Errorf("fieldcrypt: %s:%d: want ID:BASE64", path, n)
		}
		if !validID(id) {
			return nil, fmt.Errorf("fieldcrypt: %s:%d: invalid key id %q (1-32 letters, digits, '.', '_', '-')", path, n, id)
		}
		if first, dup := firstLine[id]; dup {
			return nil, fmt.Errorf("fieldcrypt: %s:%d: duplicate key id %q (first on line %d)", path, n, id, first)
		}
		key, err := base64.StdEncoding.Strict().DecodeString(enc)
		if err != nil {
			return nil, fmt.Errorf("fieldcrypt: %s:%d: key %q is not valid base64", path, n, id)
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("fieldcrypt: %s:%d: key %q is %d bytes, want %d", path, n, id, len(key), KeySize)
		}
		aead, err := newAEAD(key)
		if err != nil {
			return nil, fmt.Errorf("fieldcrypt: %s:%d: key %q: %w", path, n, id, err)
		}
		firstLine[id] = n
		kr.aeads[id] = aead
		kr.raw[id] = key
		kr.ids = append(kr.ids, id)
		kr.current = id
	}
	if kr.current == "" {
		return nil, fmt.Errorf("fieldcrypt: key file %s holds no key", path)
	}
	return kr, nil
}

// validID reports whether id may name a key: it appears in every sealed
// value, so it is short and free of ':'.
func validID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// nextID returns "k<N>" with N one more than the largest such ID in ids,
// short because it is repeated in every sealed value.
func nextID(ids []string) string {
	highest := 0
	for _, id := range ids {
		digits, ok := strings.CutPrefix(id, "k")
		if n, err := strconv.Atoi(digits); ok && err == nil && n > highest && len(digits) < 10 {
			highest = n
		}
	}
	return "k" + strconv.Itoa(highest+1)
}

// newKeyLine returns a key file line with a fresh random key.
func newKeyLine(id string) (string, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("fieldcrypt: generate key: %w", err)
	}
	return id + ":" + base64.StdEncoding.EncodeToString(key) + "\n", nil
}

func writeSync(f *os.File, s string) error {
	if _, err := f.WriteString(s); err != nil {
		return err
	}
	return f.Sync()
}
