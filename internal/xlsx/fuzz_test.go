package xlsx

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// checkResult is what every read must satisfy: rows or an EINVALID error, never both; every
// problem names a cell (or the file); every row returned is complete.
func checkResult(t *testing.T, rows []luoshi.TargetRow, err error) {
	t.Helper()
	if !readRows(t, rows, err) {
		return
	}
	for _, r := range rows {
		ind := r.Indicator
		if r.Ref == nil || r.Ref.Row < 2 || r.UnitName == "" || ind.Name == "" || !ind.Direction.Valid() ||
			!ind.Period.Valid() || (ind.Accumulation != luoshi.Cumulative && ind.Accumulation != luoshi.Level) {
			t.Fatalf("incomplete row returned: %+v", r)
		}
	}
}

// checkRefusal is what every refusal of a workbook must satisfy: an EINVALID error whose
// every problem names a cell in Chinese (or the file).
func checkRefusal(t *testing.T, err error) {
	t.Helper()
	e, ok := luoshi.AsError(err)
	if !ok || e.Code != luoshi.EINVALID || len(e.Fields) == 0 {
		t.Fatalf("error is not a validation error naming cells: %#v", err)
	}
	_, fields := i18n.ZH.Error(e)
	for _, f := range fields {
		if f.Field != "file" && !cellAddr.MatchString(f.Field) {
			t.Fatalf("problem not named by its cell: %q %q", f.Field, f.Message)
		}
		if f.Field != "file" && !strings.Contains(f.Message, "工作表“") {
			t.Fatalf("message does not name the cell in Chinese: %q", f.Message)
		}
	}
}

var cellAddr = regexp.MustCompile(`^.+![A-Z]+[0-9]+$`)

// FuzzReadLetters feeds arbitrary bytes to the importer: it must never panic nor return
// half a workbook. Seeds are in testdata/fuzz/FuzzReadLetters.
func FuzzReadLetters(f *testing.F) {
	f.Add(book(f, LetterSheet, letterRows()))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadLetters(bytes.NewReader(data))
		checkResult(t, rows, err)
	})
}

// FuzzLetterCell changes one cell of a valid workbook: the importer either accepts it or
// names that very cell (or, for a change to the header, the file); nothing else is blamed.
// Seeds are in testdata/fuzz/FuzzLetterCell.
func FuzzLetterCell(f *testing.F) {
	f.Add(uint8(2), uint8(9), "abc")
	f.Add(uint8(3), uint8(6), "正向")
	f.Add(uint8(1), uint8(1), "单位")
	f.Add(uint8(7), uint8(3), "新指标")
	f.Fuzz(func(t *testing.T, row, col uint8, text string) {
		r, c := int(row%8)+1, int(col%16)+1
		rows := setCell(letterRows(), r, c, text)
		got, err := ReadLetters(bytes.NewReader(book(t, LetterSheet, rows)))
		checkResult(t, got, err)
		onlyBlamed(t, err, LetterSheet, r, c, text, r <= len(letterRows()) && c <= len(letterHeader))
	})
}

// setCell sets the cell of row r, column c (from 1) of the rows, growing them to reach it.
func setCell(rows [][]any, r, c int, text string) [][]any {
	for len(rows) < r {
		rows = append(rows, []any{})
	}
	for len(rows[r-1]) < c {
		rows[r-1] = append(rows[r-1], nil)
	}
	rows[r-1][c-1] = text
	return rows
}

// onlyBlamed checks that a refusal after changing the cell of row r, column c to text blames
// that row only (or the file) and, when exact, that very cell.
func onlyBlamed(t *testing.T, err error, sheet string, r, c int, text string, exact bool) {
	t.Helper()
	e, ok := luoshi.AsError(err)
	if !ok {
		return
	}
	for _, fe := range e.Fields {
		if fe.Field == "file" {
			continue
		}
		addr := strings.SplitN(fe.Field, "!", 2)[1]
		n, _ := strconv.Atoi(strings.TrimLeft(addr, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
		if n != r {
			t.Fatalf("changed row %d column %d to %q, but %s was blamed: %s", r, c, text, fe.Field, fe.Message)
		}
		if exact && fe.Field != sheet+"!"+string(rune('A'+c-1))+strconv.Itoa(r) {
			t.Fatalf("changed %c%d to %q, but %s was blamed: %s", rune('A'+c-1), r, text, fe.Field, fe.Message)
		}
	}
}
