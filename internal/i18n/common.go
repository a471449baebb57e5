package i18n

// common holds the words shared by every area.
var common = map[string][2]string{
	"sep.list":          {"、", ", "},
	"error.invalid":     {"提交的内容有误，请按提示修改", "Some of the entries need correcting; please see the notes"},
	"text.plain":        {"%s", "%s"},
	"text.too_long":     {"不能超过 %d 个字", "Cannot be longer than %d characters"},
	"value.invalid":     {"数值无效", "The value is not valid"},
	"text.required":     {"请填写%s", "Please enter the %s"},
	"text.too_long_now": {"%s不能超过 %d 个字（现为 %d 个字）", "The %s cannot be longer than %d characters (it has %d)"},
}
