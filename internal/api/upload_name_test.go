package api_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"luoshi/internal/luoshi"
)

// TestUploadNamesOfAnyLength: an upload whose name, or whose extension, is thousands of
// characters long is answered like any other — refused for its type (422) or kept under a
// name of at most 100 characters with its extension (201) — never a panic's 500.
func TestUploadNamesOfAnyLength(t *testing.T) {
	e := newEnv(t)
	e.svc.FilesDir = t.TempDir()
	mine := e.mustCreate(e.newItem("important", start.Add(30*24*time.Hour)))
	e.act("a_ll", mine.ID, "accept", nil, 200)
	for _, c := range []struct {
		name   string
		status int
	}{
		{"a." + strings.Repeat("x", 5000), 422},
		{"报告." + strings.Repeat("长", 150), 422},
		{"报告" + strings.Repeat(".", 3000) + "pdf", 201},
		{strings.Repeat(".", 3000) + "pdf", 422}, // no extension left once the dots are trimmed
		{strings.Repeat("方案", 3000) + ".pdf", 201},
	} {
		var att luoshi.Attachment
		var p problem
		out := any(&att)
		if c.status != 201 {
			out = &p
		}
		if st := e.call("a_ll", "POST", itemPath(mine.ID)+"/attachments", pdfBody(c.name), out); st != c.status {
			t.Errorf("upload %.20q… (%d bytes): %d %+v, want %d", c.name, len(c.name), st, p, c.status)
			continue
		}
		if c.status == 201 && (utf8.RuneCountInString(att.Name) > 100 || !strings.HasSuffix(att.Name, ".pdf")) {
			t.Errorf("kept as %q", att.Name)
		}
	}
}
