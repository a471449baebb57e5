package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCalendarLoad: `luoshi calendar load --year Y FILE` loads one year's arrangement, the
// file before or after the flags; a file holding another year, or a bad line, loads nothing
// and says why; `luoshi calendar years` lists what is loaded.
func TestCalendarLoad(t *testing.T) {
	dir := t.TempDir()
	common := []string{"--db", "sqlite:" + dir + "/l.db", "--key-file", dir + "/k.key"}
	var out strings.Builder
	if err := cmdInit(t.Context(), append(common, "--region-code", "420117", "--region-name", "新洲区"), &out, &out); err != nil {
		t.Fatalf("init: %v\n%s", err, out.String())
	}
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Test days, not an official arrangement: 2030-01-01 is a Tuesday, 2030-01-05 a Saturday.
	good := file("2030.csv", "date,kind,name\n2030-01-01,holiday,测试假日\n2030-01-05,workday,测试调休\n")
	other := file("2031.csv", "date,kind,name\n2031-01-01,holiday,测试假日\n")
	bad := file("bad.csv", "date,kind,name\n2030-01-01,holiday,测试假日\n2030-01-07,workday,测试调休\n")

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"load", "--year", "2030", other}, "文件应只含 2030 年的日期"},
		{[]string{"load", "--year", "2030", bad}, "第 3 行"},
		{[]string{"load", other}, "usage"},
	} {
		out.Reset()
		err := run(t.Context(), append(append([]string{"calendar"}, c.args...), common...), &out, &out)
		if err == nil || !strings.Contains(operatorText(err), c.want) {
			t.Errorf("calendar %v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
	out.Reset()
	if err := run(t.Context(), append([]string{"calendar", "years"}, common...), &out, &out); err != nil || strings.Contains(out.String(), "2030:") {
		t.Fatalf("refused files loaded something: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(t.Context(), append(append([]string{"calendar", "load"}, common...), "--year", "2030", good), &out, &out); err != nil {
		t.Fatalf("calendar load: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "calendar loaded for [2030]") || !strings.Contains(out.String(), "2030: 1 holidays, 1 weekend days worked") {
		t.Errorf("calendar load says:\n%s", out.String())
	}
}
