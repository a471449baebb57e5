// Package httpx holds what every HTTP surface of luoshi shares: reading JSON bodies with a
// size limit, the single adapter from domain errors to statuses (problem+json for the API),
// and the middleware that puts the authenticated actor into the request's context.
package httpx

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// MaxBody is the default limit of a request body.
const MaxBody = 1 << 20

// Problem is an RFC 9457 problem document, with per-field details and, on conflicts, the
// item's current state.
type Problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Code   string              `json:"code"`
	Errors []luoshi.FieldError `json:"errors,omitempty"`
	State  string              `json:"state,omitempty"`
	// Incident names a failure (a recovered panic) in the log and the audit trail.
	Incident string `json:"incident,omitempty"`
}

var statuses = map[string]int{
	luoshi.EINVALID: http.StatusUnprocessableEntity, luoshi.EMALFORMED: http.StatusBadRequest,
	luoshi.ENOTFOUND: http.StatusNotFound, luoshi.EFORBIDDEN: http.StatusForbidden,
	luoshi.ECONFLICT: http.StatusConflict, luoshi.EUNAUTHENTICATED: http.StatusUnauthorized,
	luoshi.ETOOLARGE: http.StatusRequestEntityTooLarge, luoshi.ERATELIMIT: http.StatusTooManyRequests,
}

// Status returns the HTTP status of an error.
func Status(err error) int {
	if s, ok := statuses[luoshi.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Error writes err as application/problem+json, its detail and field messages in the first
// language of the request's Accept-Language (English, else Chinese). Unknown errors are
// logged and answered with a generic 500 that shows nothing of them.
func Error(w http.ResponseWriter, r *http.Request, err error) {
	status := Status(err)
	lang := RequestLang(r)
	p := Problem{Type: "about:blank", Status: status, Title: http.StatusText(status), Code: luoshi.ErrorCode(err)}
	if e, ok := luoshi.AsError(err); ok && status != http.StatusInternalServerError {
		p.Detail, p.Errors = Localize(e, lang)
		p.State = e.State
	} else {
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		p.Detail = i18n.FromTag(lang).T("error.internal")
	}
	w.Header().Add("Vary", "Accept-Language")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="luoshi"`)
	}
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

// JSON writes v with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// Decode reads a JSON object body into v: at most MaxBody bytes, no unknown fields, one
// value. Its errors say in words what was wrong and where.
func Decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return luoshi.Errorf(luoshi.EMALFORMED, "request.content_type", ct)
	}
	body := http.MaxBytesReader(w, r.Body, MaxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeErr(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return luoshi.Errorf(luoshi.EMALFORMED, "request.one_object")
	}
	return nil
}

func decodeErr(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.As(err, &big):
		return luoshi.Errorf(luoshi.ETOOLARGE, "request.too_large", big.Limit)
	case errors.Is(err, io.EOF):
		return luoshi.Errorf(luoshi.EMALFORMED, "request.empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return luoshi.Errorf(luoshi.EMALFORMED, "request.truncated")
	case errors.As(err, &syn):
		return luoshi.Errorf(luoshi.EMALFORMED, "request.syntax", syn.Offset, err)
	case errors.As(err, &typ):
		e := luoshi.Errorf(luoshi.EMALFORMED, "request.field_type", typ.Field, jsonType(typ.Type.Kind().String()), typ.Value)
		e.Fields = []luoshi.FieldError{{Field: typ.Field, Key: e.Key, Args: e.Args, Message: e.Message}}
		return e
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return luoshi.Errorf(luoshi.EMALFORMED, "request.unknown_field", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	if e, ok := luoshi.AsError(err); ok {
		return e
	}
	return luoshi.Errorf(luoshi.EMALFORMED, "request.unreadable", err)
}

// jsonType names the JSON type a Go kind is read from, for messages.
func jsonType(kind string) luoshi.Msg {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return luoshi.M("label.json.number")
	case kind == "string":
		return luoshi.M("label.json.string")
	case kind == "bool":
		return luoshi.M("label.json.bool")
	case kind == "slice":
		return luoshi.M("label.json.array")
	case kind == "struct", kind == "map":
		return luoshi.M("label.json.object")
	}
	return luoshi.M("text.plain", kind)
}

type ctxKey int

const actorKey ctxKey = 0

// WithActor returns a context carrying the authenticated actor.
func WithActor(ctx context.Context, a *luoshi.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFrom returns the actor of the request; nil when anonymous.
func ActorFrom(ctx context.Context) *luoshi.Actor {
	a, _ := ctx.Value(actorKey).(*luoshi.Actor)
	return a
}

// Authenticator resolves a credential to an actor.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*luoshi.Actor, error)
}

// SessionCookie is the browser's session cookie.
const SessionCookie = "luoshi_session"

// CSRFHeader carries the session's CSRF token on unsafe requests made with the cookie.
const CSRFHeader = "X-CSRF-Token"

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// Credential returns the request's token and whether it came from the session cookie.
func Credential(r *http.Request) (token string, cookie bool) {
	if t := BearerToken(r); t != "" {
		return t, false
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value, true
	}
	return "", false
}

// SetSessionCookie gives the browser its session: HttpOnly, SameSite=Lax, Secure under TLS.
func SetSessionCookie(w http.ResponseWriter, r *http.Request, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

// ClearSessionCookie removes the session cookie.
func ClearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// CheckCSRF refuses an unsafe cookie-authenticated request from another origin or without
// the session's CSRF token (header, or form field csrf_token for plain HTML forms).
func CheckCSRF(r *http.Request, want string) error {
	if origin := r.Header.Get("Origin"); origin != "" && !sameOrigin(origin, r) {
		return luoshi.Errorf(luoshi.EFORBIDDEN, "request.cross_site", origin)
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		got = r.PostFormValue("csrf_token")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return luoshi.Errorf(luoshi.EFORBIDDEN, "request.csrf")
	}
	return nil
}

func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// pendingKey is the key of the message that says what a half-finished login must do first.
func pendingKey(p string) string {
	switch p {
	case luoshi.PendingTOTP:
		return "auth.pending.totp"
	case luoshi.PendingEnrolTOTP:
		return "auth.pending.enrol_totp"
	case luoshi.PendingPasswordChange:
		return "auth.pending.password"
	}
	return "auth.pending.login"
}

// Denied is told of every request refused for want of authority, for the audit trail.
type Denied func(ctx context.Context, a *luoshi.Actor, route, reason string)

// RequireActor authenticates a request by bearer token or session cookie, checks CSRF on
// unsafe cookie requests, and refuses a half-finished login unless allowPending.
func RequireActor(auth Authenticator, allowPending bool, denied Denied, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, cookie := Credential(r)
		a, err := auth.Authenticate(r.Context(), token)
		if err == nil && cookie && !safeMethod(r.Method) {
			err = CheckCSRF(r, a.CSRF)
		}
		if err == nil && a.Pending != "" && !allowPending {
			err = luoshi.Errorf(luoshi.EFORBIDDEN, pendingKey(a.Pending))
		}
		if err != nil {
			if denied != nil && (token != "" || Status(err) == http.StatusForbidden) {
				denied(r.Context(), a, r.Method+" "+r.URL.Path, i18n.ZH.Text(err))
			}
			Error(w, r, err)
			return
		}
		ctx := WithActor(r.Context(), a)
		ri := luoshi.RequestInfoFrom(ctx)
		ri.SessionID = a.SessionID
		next.ServeHTTP(w, r.WithContext(luoshi.WithRequestInfo(ctx, ri)))
	})
}

// ClientInfo records where each request came from (the peer address; with trustProxy, the
// first X-Forwarded-For address, for deployments behind a reverse proxy).
func ClientInfo(trustProxy bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			addr = r.RemoteAddr
		}
		if trustProxy {
			if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
				addr = strings.TrimSpace(strings.Split(xff, ",")[0])
			}
		}
		ri := luoshi.RequestInfo{Address: addr, UserAgent: r.UserAgent()}
		next.ServeHTTP(w, r.WithContext(luoshi.WithRequestInfo(r.Context(), ri)))
	})
}

// Recover turns a panic that the API and the pages did not recover themselves (they audit
// theirs) into a logged 500 naming its incident.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if id := Recovered(r, recover()); id != "" {
				Panic(w, r, id)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Headers sets the security headers every answer carries.
func Headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// Stack wraps a handler in the middleware every answer passes through: panic recovery,
// security headers, and the client's address for the audit trail.
func Stack(h http.Handler, trustProxy bool) http.Handler {
	return Recover(Headers(ClientInfo(trustProxy, h)))
}

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
