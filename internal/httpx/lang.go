package httpx

import (
	"cmp"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// Messages are keys with arguments, rendered from the one catalogue (internal/i18n). A few
// are still written in Chinese (see messagesEN): a surface shows those in English by looking
// the format a message was made from up in messagesEN; one already rendered (concatenated)
// is matched against its formats instead. What messagesEN lacks stays Chinese, never empty.
// This machinery goes when the last of them is written by key.

// English reports whether a language tag (BCP 47: "en", "en-GB", "zh-CN" …) asks for English.
func English(lang string) bool {
	return strings.EqualFold(lang, "en") || len(lang) > 3 && strings.EqualFold(lang[:3], "en-")
}

// RequestLang is the first language tag of a request's Accept-Language header ("" for none).
func RequestLang(r *http.Request) string {
	first, _, _ := strings.Cut(r.Header.Get("Accept-Language"), ",")
	tag, _, _ := strings.Cut(first, ";")
	return strings.TrimSpace(tag)
}

// Localize returns an error's message and field messages in a language: those made by key
// from the catalogue (internal/i18n); the others, in English, from the English catalogue of
// the services' Chinese messages, as the services wrote them otherwise.
func Localize(e *luoshi.Error, lang string) (string, []luoshi.FieldError) {
	l := i18n.FromTag(lang)
	msg := e.Message
	if e.Key != "" {
		msg = l.T(e.Key, e.Args...)
	} else if English(lang) {
		format, args := e.Source()
		msg = render(e.Message, format, args)
	}
	fields := slices.Clone(e.Fields)
	for i, f := range fields {
		switch {
		case f.Key != "":
			fields[i].Message = l.T(f.Key, f.Args...)
		case English(lang):
			format, args := f.Source()
			fields[i].Message = render(f.Message, format, args)
		}
	}
	return msg, fields
}

// Message formats a message in a language, as Localize does an error's.
func Message(lang, format string, args ...any) string {
	if luoshi.IsKey(format) {
		return i18n.FromTag(lang).T(format, args...)
	}
	msg := fmt.Sprintf(format, args...)
	if !English(lang) {
		return msg
	}
	return render(msg, format, args)
}

// render is the English of msg, which was formatted from format and args.
func render(msg, format string, args []any) string {
	switch en, ok := messagesEN[format]; {
	case format == msg: // written as it is, or with nothing to fill in
		return textEN(msg)
	case ok:
		return fmt.Sprintf(en, argsEN(args)...)
	case !chinese(format): // "%s" or the like: only the arguments have words
		return fmt.Sprintf(format, argsEN(args)...)
	}
	return msg
}

// argsEN turns the Chinese arguments of a message (a label, a state's name, another
// message) into English where the catalogue knows them.
func argsEN(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			out[i] = textEN(v)
		case *luoshi.Error:
			out[i], _ = Localize(v, "en")
		default:
			out[i] = a
		}
	}
	return out
}

func textEN(msg string) string {
	if !chinese(msg) {
		return msg
	}
	if en, ok := messagesEN[msg]; ok && len(i18n.Verbs(msg)) == 0 && !strings.Contains(msg, "%%") {
		return en
	}
	for _, p := range patterns() {
		if strings.Contains(msg, p.longest) {
			if m := p.re.FindStringSubmatch(msg); m != nil {
				args := make([]any, len(m)-1)
				for i, s := range m[1:] {
					args[i] = textEN(s)
				}
				return fmt.Sprintf(p.en, args...)
			}
		}
	}
	if parts := strings.Split(msg, "、"); len(parts) > 1 {
		for i, p := range parts {
			if parts[i] = textEN(p); chinese(parts[i]) {
				return msg
			}
		}
		return strings.Join(parts, ", ")
	}
	return msg
}

// pattern matches a message formatted from one entry of the catalogue: re captures the
// arguments as text, en is the English format with each verb taking its text (%[n]s).
type pattern struct {
	re      *regexp.Regexp
	en      string
	longest string // the longest literal part, to skip the regexp when it is missing
	size    int    // the length of the literal parts: the most specific pattern wins,
	verbs   int    // and of two as long, the one with fewer verbs
}

var patterns = sync.OnceValue(func() []pattern {
	var ps []pattern
	for zh, en := range messagesEN {
		// A format of verbs and punctuation alone ("%s：%s") would match almost anything.
		if len(i18n.Verbs(zh)) == 0 && !strings.Contains(zh, "%%") || !han(zh) {
			continue
		}
		ps = append(ps, newPattern(zh, en))
	}
	slices.SortFunc(ps, func(a, b pattern) int {
		return cmp.Or(b.size-a.size, a.verbs-b.verbs, strings.Compare(a.re.String(), b.re.String()))
	})
	return ps
})

func newPattern(zh, en string) pattern {
	p := pattern{verbs: len(i18n.Verbs(zh))}
	var re strings.Builder
	re.WriteString(`(?s)^`)
	lits := splitVerbs(zh, func(verb string) {
		switch verb[len(verb)-1] {
		case 'd':
			re.WriteString(`([+-]?\d+)`)
		case 'q':
			re.WriteString(`("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')`)
		case 'c':
			re.WriteString(`(.)`)
		default:
			re.WriteString(`(.+?)`)
		}
	}, func(lit string) {
		re.WriteString(regexp.QuoteMeta(lit))
	})
	re.WriteString(`$`)
	p.re = regexp.MustCompile(re.String())
	for _, l := range lits {
		p.size += len(l)
		if len(l) > len(p.longest) {
			p.longest = l
		}
	}
	var out strings.Builder
	n := 0
	splitVerbs(en, func(string) {
		n++
		out.WriteString("%[" + strconv.Itoa(n) + "]s")
	}, func(lit string) {
		out.WriteString(strings.ReplaceAll(lit, "%", "%%"))
	})
	p.en = out.String()
	return p
}

// splitVerbs walks a format, calling verb for each verb and lit for each literal part
// between them (with %% as %), and returns the literal parts.
func splitVerbs(format string, verb, lit func(string)) []string {
	var lits []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			lits = append(lits, b.String())
			lit(b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		if format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		j := verbEnd(format, i)
		flush()
		verb(format[i:j])
		i = j - 1
	}
	flush()
	return lits
}

// verbEnd returns the end of the verb that starts at format[i] ('%').
func verbEnd(format string, i int) int {
	j := i + 1
	for j < len(format) && strings.IndexByte("+-# 0123456789.[]*", format[j]) >= 0 {
		j++
	}
	return min(j+1, len(format))
}

// han reports whether s has a Han character.
func han(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF })
}

// chinese reports whether s has a Han character or Chinese punctuation.
func chinese(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
	})
}
