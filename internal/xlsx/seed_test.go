package xlsx

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestWriteSeeds regenerates the fuzz seed corpus under testdata/fuzz when
// LUOSHI_WRITE_SEEDS=1; otherwise it checks the corpus is there.
func TestWriteSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadLetters")
	if os.Getenv("LUOSHI_WRITE_SEEDS") != "1" {
		if entries, err := os.ReadDir(dir); err != nil || len(entries) < 3 {
			t.Fatalf("seed corpus missing in %s (run with LUOSHI_WRITE_SEEDS=1)", dir)
		}
		return
	}
	valid := book(t, LetterSheet, letterRows())
	bad := letterRows()
	bad[2][8] = "十三"
	seeds := map[string][]byte{
		"valid":     valid,
		"bad-cell":  book(t, LetterSheet, bad),
		"truncated": valid[:len(valid)/2],
		"no-header": book(t, LetterSheet, [][]any{{"单位名称", "年度"}, {"城关镇", 2026}}),
		"empty":     book(t, "Sheet9", nil),
	}
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cells := map[string]string{
		"target-text":    "uint8(2)\nuint8(9)\nstring(\"十三点六\")\n",
		"header-changed": "uint8(1)\nuint8(9)\nstring(\"目标\")\n",
		"new-row":        "uint8(6)\nuint8(1)\nstring(\"河西街道\")\n",
		"percent":        "uint8(3)\nuint8(8)\nstring(\"3.8%\")\n",
		"profile":        "uint8(2)\nuint8(13)\nstring(\"1,2,3\")\n",
	}
	for name, body := range cells {
		path := filepath.Join("testdata", "fuzz", "FuzzLetterCell", name)
		if err := os.WriteFile(path, []byte("go test fuzz v1\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
