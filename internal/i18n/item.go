package i18n

// item holds the messages of supervision items' attachments, cadences and collaboration.
var item = map[string][2]string{
	"attachment.file.empty":       {"文件为空", "The file is empty"},
	"attachment.file.type":        {"不接受该文件：内容类型为 %s、扩展名为 %q；可上传 PDF、图片、Office/WPS 文档、OFD、文本", "This file is not accepted: its type is %s and its extension %q; you can upload PDF, images, Office/WPS documents, OFD and text"},
	"attachment.no_dir":           {"未配置附件目录", "No directory for attachments is configured"},
	"attachment.not_found":        {"附件不存在", "The attachment does not exist"},
	"attachment.too_large":        {"附件不能超过 %d MB", "An attachment cannot be larger than %d MB"},
	"attachment.upload.forbidden": {"您不能为该事项上传附件", "You cannot upload attachments to this item"},
	"cadence.invalid":             {"反馈周期 %q 无效，%s", "Report cadence %q is not valid; %s"},
	"cadence.invalid_number":      {"反馈周期 %q 无效：数字应在 1 至 999 之间，%s", "Report cadence %q is not valid: the number must be from 1 to 999; %s"},
	"cadence.not_string":          {"反馈周期 %s 无效：应为字符串，%s", "Report cadence %s is not valid: it must be a string; %s"},
	"collab.declines.forbidden":   {"只能查看本单位或分管单位的退办情况", "You can only see the declines of your own unit or the units in your portfolio"},
	"collab.unit_id.required":     {"请指定单位（unit_id）", "Please name the unit (unit_id)"},
	"item.not_found":              {"事项不存在", "The supervision item does not exist"},
	"item.stale":                  {"事项已被他人修改，请刷新后重试", "Someone else has changed the item; please reload and try again"},
}
