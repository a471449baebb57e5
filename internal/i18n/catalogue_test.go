package i18n

import (
	"slices"
	"strings"
	"testing"
)

// TestParts checks the pieces of the catalogue: each key in one part only, both languages
// given, and the same verbs in the same order in both, so that the arguments of a message
// fill the same places whichever language shows it.
func TestParts(t *testing.T) {
	where := map[string]int{}
	for i, p := range parts {
		for k, m := range p {
			if j, ok := where[k]; ok {
				t.Errorf("key %q is in parts %d and %d", k, j, i)
			}
			where[k] = i
			if m[ZH] == "" || m[EN] == "" {
				t.Errorf("entry %q lacks a language: %q", k, m)
			}
			if zv, ev := verbs(m[ZH]), verbs(m[EN]); !slices.Equal(zv, ev) {
				t.Errorf("entry %q: the Chinese has verbs %q, the English %q", k, zv, ev)
			}
		}
	}
}

func TestVerbs(t *testing.T) {
	for in, want := range map[string][]string{
		"无":                   nil,
		"100%% 完成":            nil,
		"第 %d 行：%q 不是%s":      {"%d", "%q", "%s"},
		"%.1f%% 与 %-5d %[1]v": {"%.1f", "%-5d", "%[1]v"},
	} {
		if got := verbs(in); !slices.Equal(got, want) {
			t.Errorf("verbs(%q) = %q, want %q", in, got, want)
		}
	}
}

// verbs lists the formatting verbs of a format in order (%% is no verb).
func verbs(format string) []string {
	var out []string
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			continue
		}
		if format[i+1] == '%' {
			i++
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[j]) >= 0 {
			j++
		}
		j = min(j+1, len(format))
		out = append(out, format[i:j])
		i = j - 1
	}
	return out
}
