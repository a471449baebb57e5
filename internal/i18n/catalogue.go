package i18n

import "sync"

// parts are the catalogue's pieces, one per area; each maps a key to its Simplified Chinese
// and English text, the same verbs in the same order. A key is in exactly one part.
var parts = []map[string][2]string{
	common, labels, account, audit, calendar, item, notify, org, request, sheet, target, bulletinMessages,
	pages, collab, targetPages, city,
	hardenAudit,
	flowMessages, itemActionMessages, opinionMessages, opinionPageMessages, collabOpinionMessages, moduleMessages, itemCreateMessages, targetActionMessages, targetRulesMessages,
	hardenAdmins, hardenLockout, hardenDurable,
	itemsTime,
	workbench,
	recognition, recognitionPages,
	itemsWords,
	proposalMessages,
	meetingMessages,
	bulletinPageMessages,
	operations,
	meetingPageMessages, practiceMessages,
	cockpit,
	stocktakeMessages,
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
