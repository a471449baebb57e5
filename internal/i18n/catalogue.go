package i18n

import "sync"

// parts are the catalogue's pieces, one per area; each maps a key to its Simplified Chinese
// and English text, the same verbs in the same order. A key is in exactly one part.
var parts = []map[string][2]string{
	common,
	flowMessages,
	itemActionMessages,
	opinionMessages,
	opinionPageMessages,
	targetActionMessages,
}

var catalogue = sync.OnceValue(func() map[string][2]string {
	all := map[string][2]string{}
	for _, p := range parts {
		for k, v := range p {
			all[k] = v
		}
	}
	return all
})

// common holds the words shared by every area.
var common = map[string][2]string{
	"sep.list":      {"、", ", "},
	"error.invalid": {"提交的内容有误，请按提示修改", "Some of the entries need correcting; please see the notes"},
}
