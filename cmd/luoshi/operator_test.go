package main

import (
	"errors"
	"fmt"
	"testing"

	"luoshi/internal/luoshi"
)

func TestOperatorText(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("disk on fire"), "disk on fire"},
		{fmt.Errorf("import calendar: %w", luoshi.Errorf(luoshi.EINVALID, "calendar.csv.columns", 4, 2)),
			"import calendar: 第 4 行：应有 3 列（date,kind,name），实际为 2 列"},
		{luoshi.Invalid("credit_code", "creditcode.length", 17),
			"提交的内容有误，请按提示修改 (credit_code: 统一社会信用代码应为 18 位，实际为 17 位)"},
	} {
		if got := operatorText(c.err); got != c.want {
			t.Errorf("operatorText(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
