package web

import (
	"net/http"
	"net/url"
	"strings"

	"luoshi/internal/i18n"
)

// Lang is a language of the pages: Simplified Chinese (the default) or English. The pages
// and the messages of the services share the one catalogue of internal/i18n.
type Lang = i18n.Lang

// The languages.
const (
	ZH = i18n.ZH
	EN = i18n.EN
)

// langCookie keeps the user's choice of language.
const langCookie = "luoshi_lang"

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

// localPath accepts only a path on this site: one "/" first, and nothing a browser would
// read as the start of another host — "//x", "/\\x" (a browser reads "\\" as "/"), or
// "/\t/x" (a browser drops tabs and line breaks from a URL before it reads it).
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || len(p) > 2000 {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && strings.HasPrefix(u.Path, "/")
}
