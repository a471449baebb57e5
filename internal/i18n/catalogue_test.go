package i18n

import (
	"slices"
	"testing"

	"luoshi/internal/luoshi"
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
			if zv, ev := Verbs(m[ZH]), Verbs(m[EN]); !slices.Equal(zv, ev) {
				t.Errorf("entry %q: the Chinese has verbs %q, the English %q", k, zv, ev)
			}
		}
	}
}

func TestVerbs(t *testing.T) {
	for in, want := range map[string][]string{
		"无":                   nil,
		"100%% 完成":            nil,
		"计划进度（%）":             nil,
		"第 %d 行：%q 不是%s":      {"%d", "%q", "%s"},
		"%.1f%% 与 %-5d %[1]v": {"%.1f", "%-5d", "%[1]v"},
	} {
		if got := Verbs(in); !slices.Equal(got, want) {
			t.Errorf("Verbs(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestT checks messages whose arguments are messages too, in both languages.
func TestT(t *testing.T) {
	for _, c := range []struct {
		key    string
		args   []any
		zh, en string
	}{
		{"form.integer", []any{luoshi.M("label.rank")}, "排序须为整数", "The order must be a whole number"},
		{"api.role_only", []any{[]luoshi.Msg{luoshi.M("label.role.supervisor"), luoshi.M("label.role.leader")}},
			"此功能仅限督查室、领导使用", "Only the supervision office, leader can use this function"},
		{"target.letter.state", []any{luoshi.M("label.letter.signed")},
			"目标责任书当前为“已签订”状态，不能进行此操作", "The target letter is “signed”; this action is not allowed"},
		{"calendar.entry", []any{3, luoshi.M("calendar.workday.weekday", "2026-10-07", luoshi.M("weekday.wednesday"))},
			"工作日历第 3 条：2026-10-07 是星期三，调休上班日（workday）只能是星期六或星期日",
			"Working-day calendar entry 3: 2026-10-07 is a Wednesday; a make-up working day (workday) can only be a Saturday or a Sunday"},
		{"missing.key", []any{1}, "missing.key1", "missing.key1"},
	} {
		if got := ZH.T(c.key, c.args...); got != c.zh {
			t.Errorf("ZH %s = %q, want %q", c.key, got, c.zh)
		}
		if got := EN.T(c.key, c.args...); got != c.en {
			t.Errorf("EN %s = %q, want %q", c.key, got, c.en)
		}
	}
}
