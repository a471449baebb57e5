package store

import (
	"encoding/base64"
	"testing"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// FuzzDecodeCursor: a list's cursor token (from the query string) is refused as invalid on
// the cursor field with the catalogue's message, or is one encodeCursor made for a positive
// id. Seeds are in testdata/fuzz/FuzzDecodeCursor.
func FuzzDecodeCursor(f *testing.F) {
	for _, c := range []string{encodeCursor(1), encodeCursor(1 << 62), "", "aQ", "i12", "%%%",
		base64.RawURLEncoding.EncodeToString([]byte("i-5")), base64.RawURLEncoding.EncodeToString([]byte("i05"))} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) {
		id, err := decodeCursor(c)
		if err != nil {
			e, ok := luoshi.AsError(err)
			if !ok || e.Code != luoshi.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" || !i18n.Has(e.Fields[0].Key) {
				t.Fatalf("%q refused with %#v", c, err)
			}
			return
		}
		if id <= 0 || encodeCursor(id) != c {
			t.Fatalf("%q read as %d, which encodes as %q", c, id, encodeCursor(id))
		}
	})
}
