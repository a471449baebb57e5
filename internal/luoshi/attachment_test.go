package luoshi

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanAttachmentName(t *testing.T) {
	long := strings.Repeat("长", 150)
	for _, c := range []struct{ in, want string }{
		{"报告.pdf", "报告.pdf"},
		{`C:\Users\x\报告.docx`, "报告.docx"},
		{"../../etc/passwd", "passwd"},
		{"a\x00b.txt", "ab.txt"},
		{"...", "附件"},
		{long + ".xlsx", strings.Repeat("长", 95) + ".xlsx"},
		// An "extension" longer than a name may be: cut with the rest, not a panic.
		{"a." + strings.Repeat("x", 5000), "a." + strings.Repeat("x", 98)},
		{"." + long, strings.Repeat("长", 100)},
		{"x." + long, "x." + strings.Repeat("长", 98)},
	} {
		if got := CleanAttachmentName(c.in); got != c.want {
			t.Errorf("CleanAttachmentName(%.40q…) = %.40q…, want %.40q…", c.in, got, c.want)
		}
	}
}

// FuzzCleanAttachmentName: any name gives a display name of at most 100 characters with no
// separator or control character, and never panics.
func FuzzCleanAttachmentName(f *testing.F) {
	for _, s := range []string{"报告.pdf", "a." + strings.Repeat("x", 300), strings.Repeat(".", 200), "x\\y/z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := CleanAttachmentName(in)
		if utf8.ValidString(in) && utf8.RuneCountInString(got) > maxAttachmentName {
			t.Errorf("%q: %d characters", got, utf8.RuneCountInString(got))
		}
		if strings.ContainsAny(got, "/\\\x00") {
			t.Errorf("%q keeps a separator or NUL", got)
		}
	})
}
