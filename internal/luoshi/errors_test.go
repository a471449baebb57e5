package luoshi

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// TestErrorByKey checks that errors carry their messages as keys and arguments — for the
// catalogue to render in the reader's language — and show them as such in logs.
func TestErrorByKey(t *testing.T) {
	e := Errorf(ENOTFOUND, "unit.not_found", 7)
	if e.Key != "unit.not_found" || !reflect.DeepEqual(e.Args, []any{7}) || e.Error() != "unit.not_found[7]" {
		t.Errorf("Errorf: %+v %q", e, e.Error())
	}
	var v Validation
	v.Add("title", "text.required", M("item.field.title"))
	v.Add("percent", "item.percent.range")
	if !v.Has("title") || v.Has("deadline") {
		t.Error("Has")
	}
	ve, _ := AsError(v.Err())
	if ve.Code != EINVALID || ve.Key != "error.invalid" || len(ve.Fields) != 2 ||
		ve.Fields[0].Key != "text.required" || !reflect.DeepEqual(ve.Fields[0].Args[0], M("item.field.title")) || ve.Fields[1].Args != nil {
		t.Errorf("validation: %+v", ve)
	}
	if ve.Error() != "error.invalid (title: text.required[{item.field.title []}]; percent: item.percent.range)" {
		t.Errorf("for logs: %q", ve.Error())
	}
	if (&Validation{}).Err() != nil {
		t.Error("an empty validation is an error")
	}
	wrapped := fmt.Errorf("create item: %w", Invalid("deadline", "item.deadline.past", "2020-01-01"))
	if ErrorCode(wrapped) != EINVALID || !reflect.DeepEqual(MsgOf(wrapped), M("item.deadline.past", "2020-01-01")) {
		t.Errorf("through a wrap: %v %v", ErrorCode(wrapped), MsgOf(wrapped))
	}
	if ErrorCode(errors.New("disk")) != EINTERNAL || !reflect.DeepEqual(MsgOf(errors.New("disk")), M("text.plain", "disk")) {
		t.Error("an error not of ours")
	}
	for s, want := range map[string]bool{"item.not_found": true, "a.b_c.d-e2": true, "item": false, ".a": false,
		"a.": false, "a..b": false, "事项.不存在": false, "Item.x": false, "a b.c": false} {
		if IsKey(s) != want {
			t.Errorf("IsKey(%q) = %v", s, !want)
		}
	}
}
