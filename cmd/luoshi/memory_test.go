package main

import (
	"math"
	"os"
	"testing"
)

// TestMemoryLimit: --memory-limit reads sizes as GOMEMLIMIT writes them, refuses what is not
// one (or is too small to run in), and defaults to LUOSHI_MEMORY_LIMIT, else GOMEMLIMIT, else
// 80MiB.
func TestMemoryLimit(t *testing.T) {
	for in, want := range map[string]int64{"80MiB": 80 << 20, "1GiB": 1 << 30, "100000000": 100000000,
		"33554432B": 32 << 20, "off": math.MaxInt64, "2TiB": 2 << 40, "40960KiB": 40 << 20} {
		if got, err := parseMemoryLimit(in); err != nil || got != want {
			t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "64MB", "-1MiB", "0", "16MiB", "1.5GiB", "MiB", "9999999999TiB"} {
		if got, err := parseMemoryLimit(in); err == nil {
			t.Errorf("parseMemoryLimit(%q) = %d, want an error", in, got)
		}
	}

	cases := []struct {
		luoshi, gomem string // "-": unset
		want          int64
	}{
		{"-", "-", 80 << 20},
		{"-", "200MiB", 200 << 20},
		{"96MiB", "200MiB", 96 << 20},
		{"off", "-", math.MaxInt64},
	}
	for _, c := range cases {
		setenv(t, "LUOSHI_MEMORY_LIMIT", c.luoshi)
		setenv(t, "GOMEMLIMIT", c.gomem)
		cfg, err := parseServe(t)
		if err != nil || cfg.MemoryBytes != c.want {
			t.Errorf("LUOSHI_MEMORY_LIMIT %s, GOMEMLIMIT %s: %d, %v; want %d", c.luoshi, c.gomem, cfg.MemoryBytes, err, c.want)
		}
	}
	setenv(t, "LUOSHI_MEMORY_LIMIT", "-")
	setenv(t, "GOMEMLIMIT", "-")
	if _, err := parseServe(t, "--memory-limit", "12MiB"); err == nil {
		t.Error("--memory-limit 12MiB accepted")
	}
	if cfg, err := parseServe(t, "--memory-limit", "256MiB"); err != nil || cfg.MemoryBytes != 256<<20 {
		t.Errorf("--memory-limit 256MiB: %d, %v", cfg.MemoryBytes, err)
	}
}

// TestMemoryByDatabase: unless told otherwise, serve keeps 16 MB of answers under an 80 MiB
// limit on SQLite and 32 MB under 96 MiB on PostgreSQL, which holds no page caches of its own;
// a flag, LUOSHI_ANSWER_CACHE_MB, LUOSHI_MEMORY_LIMIT or GOMEMLIMIT each beat that.
func TestMemoryByDatabase(t *testing.T) {
	const pg = "postgres://luoshi@127.0.0.1:5432/luoshi"
	cases := []struct {
		args                      []string
		answers, luoshiMem, gomem string // environment; "-": unset
		mb                        int
		limit                     int64
	}{
		{nil, "-", "-", "-", 16, 80 << 20},
		{[]string{"--db", "sqlite:x.db"}, "-", "-", "-", 16, 80 << 20},
		{[]string{"--db", pg}, "-", "-", "-", 32, 96 << 20},
		{[]string{"--db", pg, "--answer-cache-mb", "8", "--memory-limit", "64MiB"}, "-", "-", "-", 8, 64 << 20},
		{[]string{"--db", pg, "--answer-cache-mb", "0"}, "-", "-", "-", 0, 96 << 20},
		{[]string{"--db", pg}, "24", "120MiB", "-", 24, 120 << 20},
		{[]string{"--db", pg}, "-", "-", "200MiB", 32, 200 << 20},
		{[]string{"--db", pg, "--memory-limit", "auto"}, "-", "-", "200MiB", 32, 96 << 20},
	}
	for _, c := range cases {
		setenv(t, "LUOSHI_ANSWER_CACHE_MB", c.answers)
		setenv(t, "LUOSHI_MEMORY_LIMIT", c.luoshiMem)
		setenv(t, "GOMEMLIMIT", c.gomem)
		cfg, err := parseServe(t, c.args...)
		if err != nil || cfg.AnswerCacheMB != c.mb || cfg.MemoryBytes != c.limit {
			t.Errorf("%v (LUOSHI_ANSWER_CACHE_MB %s, LUOSHI_MEMORY_LIMIT %s, GOMEMLIMIT %s): %d MB of answers, limit %d, %v; want %d MB, %d",
				c.args, c.answers, c.luoshiMem, c.gomem, cfg.AnswerCacheMB, cfg.MemoryBytes, err, c.mb, c.limit)
		}
	}
	setenv(t, "LUOSHI_ANSWER_CACHE_MB", "lots")
	if _, err := parseServe(t); err == nil {
		t.Error("LUOSHI_ANSWER_CACHE_MB=lots accepted")
	}
}

// setenv sets an environment variable for the test, or unsets it for "-".
func setenv(t *testing.T, name, v string) {
	t.Setenv(name, "")
	if v == "-" {
		os.Unsetenv(name)
		return
	}
	os.Setenv(name, v)
}
