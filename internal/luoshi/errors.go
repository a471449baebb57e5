// Package luoshi holds the domain of luoshi (落实): the vocabulary of DOMAIN.md as Go types,
// the rules that govern them (states, lights, the working-day calendar, schedule status) and
// the interfaces the store implements. It imports only the standard library.
package luoshi

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. Each maps to one HTTP status in the single adapter of internal/httpx.
const (
	EINVALID         = "invalid"         // 422: validation failed, Fields say where
	EMALFORMED       = "malformed"       // 400: the request could not be read at all
	ENOTFOUND        = "not_found"       // 404
	EFORBIDDEN       = "forbidden"       // 403
	ECONFLICT        = "conflict"        // 409: illegal transition or concurrent change
	EUNAUTHENTICATED = "unauthenticated" // 401
	ETOOLARGE        = "too_large"       // 413
	ERATELIMIT       = "rate_limited"    // 429
	EUNAVAILABLE     = "unavailable"     // 503: the store cannot keep a write; Key names the cause
	EINTERNAL        = "internal"        // 500, never shown in detail
)

// Msg is a message by key: a key of the catalogue (internal/i18n) and its arguments. An
// argument that is itself a Msg is rendered in the same language, so labels (a state's name,
// a field's name) travel as keys too.
type Msg struct {
	Key  string
	Args []any
}

// Either is a list of alternatives in a message ("the supervision office or the leader"),
// rendered joined by the language's "or".
type Either []Msg

// M returns the message of a key with arguments.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// IsKey reports whether s is a catalogue key ("item.decline.closed"): lower-case ASCII
// words joined by dots, at least two of them.
func IsKey(s string) bool {
	dots := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' {
				return false
			}
			dots++
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '-':
		default:
			return false
		}
	}
	return dots > 0
}

// Error is the one domain error: a code, a message by key (Key, Args) that the catalogue
// renders for the reader, and optional per-field details. State carries the current state
// on conflicts. Message is the message as text, for logs: the key and its arguments.
type Error struct {
	Code    string
	Key     string
	Args    []any
	Message string
	Fields  []FieldError
	State   string
}

// FieldError names one offending field of a request.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
}

// Error implements error.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, 0, len(e.Fields))
	for _, f := range e.Fields {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an Error with the given code and its message by key: key is a catalogue
// key (internal/i18n), args its arguments. Every key written in the code is in the catalogue
// (internal/i18n's TestKeysUsed).
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Message: keyText(key, args)}
}

// keyText is a message by key as plain text, for logs and tests: the key, then its arguments.
func keyText(key string, args []any) string {
	if len(args) == 0 {
		return key
	}
	return key + fmt.Sprint(args)
}

// MsgOf returns the message of err by key, to be given again on another field or inside
// another message: its first field's, else its own. An error with no key (not one of ours,
// or one without a key) gives its text as it stands.
func MsgOf(err error) Msg {
	e, ok := AsError(err)
	switch {
	case !ok:
		return M("text.plain", err.Error())
	case len(e.Fields) > 0 && e.Fields[0].Key != "":
		return M(e.Fields[0].Key, e.Fields[0].Args...)
	case len(e.Fields) > 0:
		return M("text.plain", e.Fields[0].Message)
	case e.Key != "":
		return M(e.Key, e.Args...)
	}
	return M("text.plain", e.Message)
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Validation collects field errors; Err returns nil when none were added.
type Validation struct{ fields []FieldError }

// Add records a problem with one field.
func (v *Validation) Add(field, key string, args ...any) {
	v.fields = append(v.fields, fieldError(field, key, args...))
}

// fieldError is a problem with one field, by key.
func fieldError(field, key string, args ...any) FieldError {
	return FieldError{Field: field, Key: key, Args: args, Message: keyText(key, args)}
}

// Has reports whether the field already has a problem recorded.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an EINVALID *Error listing every field, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Key: "error.invalid", Message: keyText("error.invalid", nil), Fields: v.fields}
}

// Invalid returns an EINVALID error for a single field.
func Invalid(field, format string, args ...any) error {
	var v Validation
	v.Add(field, format, args...)
	return v.Err()
}
