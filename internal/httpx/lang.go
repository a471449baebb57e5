package httpx

import (
	"net/http"
	"strings"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// Every message is a key with arguments, rendered from the one catalogue (internal/i18n) in
// the reader's language: nothing is ever translated from the text of another language.

// RequestLang is the first language tag of a request's Accept-Language header ("" for none).
func RequestLang(r *http.Request) string {
	first, _, _ := strings.Cut(r.Header.Get("Accept-Language"), ",")
	tag, _, _ := strings.Cut(first, ";")
	return strings.TrimSpace(tag)
}

// Localize returns an error's message and field messages in a language (a BCP 47 tag).
func Localize(e *luoshi.Error, lang string) (string, []luoshi.FieldError) {
	return i18n.FromTag(lang).Error(e)
}
