package web

import (
	"fmt"
	"net/http"
	"strings"

	"luoshi/internal/i18n"
)

// Lang is a language of the pages: Simplified Chinese (the default) or English.
type Lang int

// The languages.
const (
	ZH Lang = iota
	EN
)

// langCookie keeps the user's choice of language.
const langCookie = "luoshi_lang"

// Code is the language's BCP 47 tag, for the html element.
func (l Lang) Code() string {
	if l == EN {
		return "en"
	}
	return "zh-CN"
}

// T looks a key up in the catalogue and formats args into it; a missing key shows itself,
// and the catalogue test makes sure none is missing.
func (l Lang) T(key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return i18n.Lang(l).T(key, args...)
	}
	s := m[l]
	if s == "" {
		s = m[ZH]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// langOf is the request's language: the cookie, else Chinese.
func langOf(r *http.Request) Lang {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return EN
	}
	return ZH
}

// handleLang switches the language and returns to the page the switch was on.
func (h *Handler) handleLang(w http.ResponseWriter, r *http.Request) error {
	v := "zh-CN"
	if r.PathValue("lang") == "en" {
		v = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: v, Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, HttpOnly: true})
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// localPath accepts only a path on this site, never another host ("//x" or "/\x").
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\")
}
