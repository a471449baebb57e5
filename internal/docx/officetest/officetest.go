// Package officetest opens documents with LibreOffice in tests: it converts a .docx to PDF
// with soffice and reads the pages' size. A test skips when soffice is absent, unless
// LUOSHI_REQUIRE_LIBREOFFICE=1 (CI) makes that a failure.
package officetest

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// RequireEnv names the variable that turns a missing LibreOffice into a failure.
const RequireEnv = "LUOSHI_REQUIRE_LIBREOFFICE"

// Soffice returns the path of soffice, skipping (or failing) tb when there is none.
func Soffice(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf("%s=1 but soffice is not installed", RequireEnv)
	}
	tb.Skip("soffice (LibreOffice) is not installed: the document is not opened")
	return ""
}

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)

// ToPDF converts the .docx with LibreOffice and returns the PDF and the size of each page
// in points, as its MediaBoxes give them (width, height).
func ToPDF(tb testing.TB, docx []byte) (pdf []byte, pages [][2]float64) {
	tb.Helper()
	bin := Soffice(tb)
	dir := tb.TempDir()
	in := filepath.Join(dir, "letter.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err = os.ReadFile(filepath.Join(dir, "letter.pdf"))
	if err != nil {
		tb.Fatalf("soffice wrote no PDF: %v\n%s", err, out)
	}
	for _, m := range mediaBox.FindAllSubmatch(pdf, -1) {
		var f [4]float64
		for i := range f {
			f[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
		}
		pages = append(pages, [2]float64{f[2] - f[0], f[3] - f[1]})
	}
	return pdf, pages
}

// Start is where a page's text begins, in millimetres from the page's left and top edges:
// the leftmost glyph's origin, and the top of the highest line (its baseline less its font
// size).
type Start struct{ Left, Top float64 }

var (
	streamStart = regexp.MustCompile(`<<[^>]*?/FlateDecode[^>]*?>>\s*stream\r?\n`)
	textAt      = regexp.MustCompile(`([-\d.]+) ([-\d.]+) Td /F\d+ ([\d.]+) Tf`)
)

// TextStarts reads where the text of each page begins from the PDF's content streams, as
// LibreOffice writes them (each text run placed by Td in points from the bottom left, with
// its font size); pageHeight is in points.
func TextStarts(tb testing.TB, pdf []byte, pageHeight float64) []Start {
	tb.Helper()
	const mm = 72 / 25.4
	var out []Start
	for _, loc := range streamStart.FindAllIndex(pdf, -1) {
		end := bytes.Index(pdf[loc[1]:], []byte("endstream"))
		if end < 0 {
			continue
		}
		r, err := zlib.NewReader(bytes.NewReader(pdf[loc[1] : loc[1]+end]))
		if err != nil {
			continue
		}
		s, _ := io.ReadAll(r)
		ms := textAt.FindAllSubmatch(s, -1)
		if len(ms) == 0 {
			continue
		}
		st := Start{Left: math.Inf(1), Top: math.Inf(1)}
		for _, m := range ms {
			x, _ := strconv.ParseFloat(string(m[1]), 64)
			y, _ := strconv.ParseFloat(string(m[2]), 64)
			size, _ := strconv.ParseFloat(string(m[3]), 64)
			st.Left = min(st.Left, x/mm)
			st.Top = min(st.Top, (pageHeight-y-size)/mm)
		}
		out = append(out, st)
	}
	return out
}
