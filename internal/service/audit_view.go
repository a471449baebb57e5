package service

import (
	"encoding/json"
	"slices"
	"strings"

	"luoshi/internal/luoshi"
)

// auditShownKeys are the parts of a business event's detail that the audit views show: the
// records the step referred to and the kind of step. Everything else a business event
// carries — a report's text, a comment, a decline reason, an instruction, an opinion, a
// title, a figure, a date — is the business's, not the auditor's (三员分立: the auditor sees
// who did what, when, from where, to which record, with what outcome).
var auditShownKeys = map[string]bool{
	"lead_unit_id": true, "from_unit_id": true, "unit_ids": true, "unit_id": true,
	"request_id": true, "attachment_id": true, "indicator_id": true, "adjustment_id": true,
	"kind": true, "level": true, "side": true, "flag": true,
}

// businessEvent reports whether r records a step on a business record (an item or a target
// letter), whose detail is the step's content.
func businessEvent(r *luoshi.AuditRecord) bool {
	return strings.HasPrefix(r.Target, "item:") || strings.HasPrefix(r.Target, "letter:")
}

// redactAudit makes a record what the audit views show: a business event's detail keeps
// the shown keys and names the others under "redacted"; a detail that is not a JSON object
// (an item's title) is named "text". The stored record, and its hash, are untouched.
func redactAudit(r *luoshi.AuditRecord) {
	if !businessEvent(r) || r.Detail == "" {
		return
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.Detail), &fields); err != nil {
		r.Detail = `{"redacted":["text"]}`
		return
	}
	shown := map[string]any{}
	var hidden []string
	for k, v := range fields {
		if auditShownKeys[k] {
			shown[k] = v
		} else {
			hidden = append(hidden, k)
		}
	}
	if len(hidden) > 0 {
		slices.Sort(hidden)
		shown["redacted"] = hidden
	}
	b, _ := json.Marshal(shown)
	r.Detail = string(b)
}

// redactedPage redacts a page of records for the audit views. A search by text (query)
// matches the stored detail; a business event that matched only by what is redacted is
// left out, so that the search is no oracle on the texts the view hides.
func redactedPage(recs []*luoshi.AuditRecord, query string) []*luoshi.AuditRecord {
	q := strings.ToLower(strings.TrimSpace(query))
	out := recs[:0]
	for _, r := range recs {
		redactAudit(r)
		if q != "" && businessEvent(r) && !strings.Contains(strings.ToLower(r.Target), q) &&
			!strings.Contains(strings.ToLower(r.ActorName), q) && !strings.Contains(strings.ToLower(r.Detail), q) {
			continue
		}
		out = append(out, r)
	}
	return out
}
