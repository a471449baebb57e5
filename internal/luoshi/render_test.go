package luoshi

import "strings"

// zhText renders an error as Error does, but its messages by key in Chinese, as a reader
// sees them. The catalogue (internal/i18n) imports this package, so the external test file
// zh_test.go sets it.
var zhText func(*Error) (string, []FieldError)

// ZHText lets zh_test.go set zhText.
var ZHText = &zhText

// errText is err as a reader sees it in Chinese: its message and its fields' messages.
func errText(err error) string {
	e, ok := AsError(err)
	if !ok {
		return err.Error()
	}
	msg, fields := zhText(e)
	if len(fields) == 0 {
		return msg
	}
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return msg + " (" + strings.Join(parts, "; ") + ")"
}
