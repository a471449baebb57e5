// Package i18n is luoshi's one message catalogue: every message the domain, the services and
// the surfaces show is a key with arguments (luoshi.Msg, luoshi.Error), rendered here in
// Simplified Chinese (the default) or English. No text is ever parsed back into another
// language: a message is rendered from its key in the language it is shown in.
package i18n

import (
	"fmt"
	"strings"

	"luoshi/internal/luoshi"
)

// Lang is a language of the catalogue.
type Lang int

// The languages: Simplified Chinese first.
const (
	ZH Lang = iota
	EN
)

// Code is the language's BCP 47 tag.
func (l Lang) Code() string {
	if l == EN {
		return "en"
	}
	return "zh-CN"
}

// FromTag is the language a BCP 47 tag asks for: English for "en" and "en-…", else Chinese.
func FromTag(tag string) Lang {
	if strings.EqualFold(tag, "en") || len(tag) > 3 && strings.EqualFold(tag[:3], "en-") {
		return EN
	}
	return ZH
}

// Has reports whether the catalogue has a key.
func Has(key string) bool {
	_, ok := catalogue()[key]
	return ok
}

// Entry returns a key's texts: Simplified Chinese, then English.
func Entry(key string) ([2]string, bool) {
	m, ok := catalogue()[key]
	return m, ok
}

// T renders a key with its arguments in the language. An argument that is a luoshi.Msg is
// rendered in the same language first; a []luoshi.Msg is rendered as a list. A key missing
// from the catalogue shows itself (TestCatalogue keeps every key used present).
func (l Lang) T(key string, args ...any) string {
	m, ok := catalogue()[key]
	if !ok {
		if len(args) == 0 {
			return key
		}
		return key + fmt.Sprint(args...)
	}
	s := m[l]
	if s == "" {
		s = m[ZH]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, l.args(args)...)
}

// Msg renders a message by key.
func (l Lang) Msg(m luoshi.Msg) string { return l.T(m.Key, m.Args...) }

func (l Lang) args(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case luoshi.Msg:
			out[i] = l.Msg(v)
		case []luoshi.Msg:
			parts := make([]string, len(v))
			for j, m := range v {
				parts[j] = l.Msg(m)
			}
			out[i] = strings.Join(parts, l.T("sep.list"))
		case luoshi.Either:
			parts := make([]string, len(v))
			for j, m := range v {
				parts[j] = l.Msg(m)
			}
			out[i] = strings.Join(parts, l.T("sep.or"))
		case interface{ MessageKey() string }:
			out[i] = l.T(v.MessageKey())
		case *luoshi.Error:
			out[i], _ = l.Error(v)
		default:
			out[i] = a
		}
	}
	return out
}

// Error renders an error's message and its field messages in the language. A message not
// made by key is shown as it was written.
func (l Lang) Error(e *luoshi.Error) (string, []luoshi.FieldError) {
	msg := e.Message
	if e.Key != "" {
		msg = l.T(e.Key, e.Args...)
	}
	fields := make([]luoshi.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = f
		if f.Key != "" {
			fields[i].Message = l.T(f.Key, f.Args...)
		}
	}
	if len(e.Fields) == 0 {
		fields = nil
	}
	return msg, fields
}

// Text is an error as text in the language, for the audit trail and the operator's
// terminal: a domain error's message and its fields' as Error writes them, but rendered from
// the catalogue, inside whatever context wraps it; any other error as it is.
func (l Lang) Text(err error) string {
	e, ok := luoshi.AsError(err)
	if !ok {
		return err.Error()
	}
	msg, fields := l.Error(e)
	if len(fields) > 0 {
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = f.Field + ": " + f.Message
		}
		msg += " (" + strings.Join(parts, "; ") + ")"
	}
	return strings.Replace(err.Error(), e.Error(), msg, 1)
}

// Verbs lists the formatting verbs of a format in order (%% is no verb, nor a % that no
// letter ends).
func Verbs(format string) []string {
	var out []string
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			continue
		}
		if format[i+1] == '%' {
			i++
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[j]) >= 0 {
			j++
		}
		if j == len(format) || !('a' <= format[j] && format[j] <= 'z' || 'A' <= format[j] && format[j] <= 'Z') {
			continue // a text shown without arguments may hold a bare %: "计划进度（%）"
		}
		out = append(out, format[i:j+1])
		i = j
	}
	return out
}
