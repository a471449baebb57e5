package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestPermissions: luoshi permissions prints every module's actions with their states and
// who may take them, named from the catalogue in either language, never as raw keys.
func TestPermissions(t *testing.T) {
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"zh-CN", []string{"## 督办事项", "| 征求配合单位意见 (`request-opinion`) | 已交办待签收、办理中 | 牵头单位联络员或督查室 |",
			"| 签收 (`accept`) | 已交办待签收 | 牵头单位联络员 |", "## 目标责任书", "(`sign`)"}},
		{"en", []string{"## Supervision items", "(`give-opinion`)", "the liaison of the co-unit asked for its opinion",
			"the lead unit's liaison or the supervision office"}},
	} {
		var out, errs bytes.Buffer
		if err := run(context.Background(), []string{"permissions", "--lang", c.lang}, &out, &errs); err != nil {
			t.Fatalf("%s: %v %s", c.lang, err, errs.String())
		}
		for _, w := range c.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: the tables lack %q:\n%s", c.lang, w, out.String())
			}
		}
		for _, raw := range []string{"action.", "item.state.", "item.who.", "module.", "permissions."} {
			if strings.Contains(out.String(), raw) {
				t.Errorf("%s: a raw key %q… in the tables", c.lang, raw)
			}
		}
	}
}
