package luoshi

import (
	"reflect"
	"testing"
)

// TestErrorSource checks that an error remembers the format and arguments its messages were
// made from, so that a surface can show them in another language.
func TestErrorSource(t *testing.T) {
	e := Errorf(ENOTFOUND, "单位 %d 不存在", 7)
	if f, args := e.Source(); e.Message != "单位 7 不存在" || f != "单位 %d 不存在" || !reflect.DeepEqual(args, []any{7}) {
		t.Errorf("Errorf: %q from %q %v", e.Message, f, args)
	}
	if f, args := Errorf(ECONFLICT, "进度 100%% 请申请办结").Source(); f != "进度 100%% 请申请办结" || args != nil {
		t.Errorf("Errorf without arguments: %q %v", f, args)
	}
	lit := &Error{Code: ECONFLICT, Message: "该事项已评价"}
	if f, args := lit.Source(); f != "该事项已评价" || args != nil {
		t.Errorf("literal: %q %v", f, args)
	}
	e.Message = "另一条消息"
	if f, args := e.Source(); f != "另一条消息" || args != nil {
		t.Errorf("after Message changed: %q %v", f, args)
	}

	var v Validation
	v.Add("title", "请填写%s", "标题")
	v.Add("percent", "完成进度须在 0 到 100 之间")
	ve, _ := AsError(v.Err())
	if f, args := ve.Source(); f != "提交的内容有误，请按提示修改" || args != nil {
		t.Errorf("validation: %q %v", f, args)
	}
	want := [][2]any{{"请填写%s", []any{"标题"}}, {"完成进度须在 0 到 100 之间", []any(nil)}}
	for i, fe := range ve.Fields {
		if f, args := fe.Source(); f != want[i][0] || !reflect.DeepEqual(args, want[i][1]) {
			t.Errorf("field %s: %q %v", fe.Field, f, args)
		}
	}
	if ve.Fields[0].Message != "请填写标题" || ve.Error() != "提交的内容有误，请按提示修改 (title: 请填写标题; percent: 完成进度须在 0 到 100 之间)" {
		t.Errorf("messages: %q", ve.Error())
	}
	ie, _ := AsError(Invalid("deadline", "办结时限 %s 已经过去", "2020-01-01"))
	if f, args := ie.Fields[0].Source(); f != "办结时限 %s 已经过去" || !reflect.DeepEqual(args, []any{"2020-01-01"}) {
		t.Errorf("Invalid: %q %v", f, args)
	}
	if fe := (FieldError{Field: "x", Message: "不能为空"}); fe.Message != "不能为空" {
		t.Errorf("literal field: %q", fe.Message)
	} else if f, args := fe.Source(); f != "不能为空" || args != nil {
		t.Errorf("literal field: %q %v", f, args)
	}
}
