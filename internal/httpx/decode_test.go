package httpx

import (
	"net/http/httptest"
	"strings"
	"testing"

	"luoshi/internal/luoshi"
)

// TestDecodeControl: a body whose strings carry a C0 control (escaped, as JSON must) is
// refused as invalid; tab, line breaks and an escaped backslash followed by "u0000" are
// text.
func TestDecodeControl(t *testing.T) {
	for body, bad := range map[string]bool{
		`{"text": "进展"}`:                   false,
		`{"text": "a\nb\r\n\tc"}`:          false,
		`{"text": "a\u000ab\u0009"}`:       false,
		`{"text": "C:\\u0000 is a path"}`:  false,
		`{"text": "a\u0000b"}`:             true,
		`{"text": "a\u001Bb"}`:             true,
		`{"text": "ok", "more": "\u0007"}`: true,
		`{"text": "\\\u0000"}`:             true,
	} {
		var v map[string]string
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		err := Decode(httptest.NewRecorder(), r, &v)
		e, _ := luoshi.AsError(err)
		if got := e != nil && e.Key == "request.control"; got != bad {
			t.Errorf("%s: %v, want refused %v", body, err, bad)
		}
		if bad && Status(err) != 422 {
			t.Errorf("%s: status %d", body, Status(err))
		}
	}
}
