// Package httpx holds what every HTTP surface of luoshi shares: reading JSON bodies with a
// size limit, the single adapter from domain errors to statuses (problem+json for the API),
// and the middleware that puts the authenticated actor into the request's context.
package httpx

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// MaxBody is the default limit of a request body.
const MaxBody = 1 << 20

// Problem is an RFC 9457 problem document, with per-field details, on conflicts the
// item's current state, and on 503 the reason: the key naming why the server cannot keep a
// write now (store.removed, store.full, store.readonly, store.unreachable,
// store.commit_unknown).
type Problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail"`
	Code   string              `json:"code"`
	Errors []luoshi.FieldError `json:"errors,omitempty"`
	State  string              `json:"state,omitempty"`
	Reason string              `json:"reason,omitempty"`
	// Incident names a failure (a recovered panic) in the log and the audit trail.
	Incident string `json:"incident,omitempty"`
}

var statuses = map[string]int{
	luoshi.EINVALID: http.StatusUnprocessableEntity, luoshi.EMALFORMED: http.StatusBadRequest,
	luoshi.ENOTFOUND: http.StatusNotFound, luoshi.EFORBIDDEN: http.StatusForbidden,
	luoshi.ECONFLICT: http.StatusConflict, luoshi.EUNAUTHENTICATED: http.StatusUnauthorized,
	luoshi.ETOOLARGE: http.StatusRequestEntityTooLarge, luoshi.ERATELIMIT: http.StatusTooManyRequests,
	luoshi.EUNAVAILABLE: http.StatusServiceUnavailable,
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
		if status == http.StatusServiceUnavailable {
			p.Reason = e.Key
		}
		SetRetryAfter(w, err)
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

// retryAfter is the Retry-After of a 503 by its key, where it is not a minute (the store's
// other causes — a removed file, a full or read-only disk — need an operator).
//
// PostgreSQL gone (store.unreachable), or lost as it committed (store.commit_unknown): the
// server waits for nothing and reopens nothing. Each dead pooled connection fails once and
// is dropped, a new one is dialled per request (refused at once while the server is down,
// at most the 5 s connect timeout when its host is gone), so the next request after
// PostgreSQL answers again succeeds. What is left is the database's own recovery:
// TestFailover measured a crash restart in 2.4 s and a switchover in 1.6 s (docs/scaling.md;
// 9.9 s and 1.2 s at load 7, writes acknowledged again within 0.4 s of it). Five seconds
// covers the usual case, and a client back too early is told five seconds again: cheaper
// than keeping users a minute from a database that came back after two.
//
// A login turned away because every password-hashing slot was taken (auth.busy) may try
// again at once.
var retryAfter = map[string]string{"store.unreachable": "5", "store.commit_unknown": "5", "auth.busy": "1"}

// SetRetryAfter sets the Retry-After header of a 503 (EUNAVAILABLE) error's answer.
func SetRetryAfter(w http.ResponseWriter, err error) {
	e, ok := luoshi.AsError(err)
	if !ok || e.Code != luoshi.EUNAVAILABLE {
		return
	}
	after := retryAfter[e.Key]
	if after == "" {
		after = "60"
	}
	w.Header().Set("Retry-After", after)
}

// JSON writes v with the status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// Marshal encodes v as JSON writes it: the same bytes, for an answer kept encoded.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// JSONBytes writes an answer encoded by Marshal.
func JSONBytes(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// Decode reads a JSON object body into v: at most MaxBody bytes, no unknown fields, one
// value, no control character in any string. Its errors say in words what was wrong and
// where.
func Decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return luoshi.Errorf(luoshi.EMALFORMED, "request.content_type", ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		return decodeErr(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeErr(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return luoshi.Errorf(luoshi.EMALFORMED, "request.one_object")
	}
	if controlEscape(body) {
		return luoshi.Errorf(luoshi.EINVALID, "request.control")
	}
	return nil
}

// controlEscape reports whether a valid JSON text has a string holding a C0 control
// character other than tab, newline and carriage return. JSON can carry one only escaped
// (\u0000 …, and the short \b and \f), and a backslash appears only inside strings, so
// escapes are all there is to look at: every text field of every body is covered, whatever
// checks its own.
func controlEscape(b []byte) bool {
	for i := 0; i+1 < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		i++                             // the escaped character; an escaped backslash is skipped whole
		if b[i] == 'b' || b[i] == 'f' { // backspace, form feed (found by FuzzDecode)
			return true
		}
		if b[i] != 'u' || i+4 >= len(b) {
			continue
		}
		n, err := strconv.ParseUint(string(b[i+1:i+5]), 16, 16)
		if err == nil && n < 0x20 && n != '\t' && n != '\n' && n != '\r' {
			return true
		}
	}
	return false
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

// CheckCSRF refuses an unsafe cookie-authenticated request that does not show it comes from
// this site (CheckOrigin) or lacks the session's CSRF token (header, or form field
// csrf_token for plain HTML forms).
func CheckCSRF(r *http.Request, want string) error {
	if err := CheckOrigin(r); err != nil {
		return err
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

// CheckOrigin refuses an unsafe request made with a browser's credentials unless its Origin
// — or, without one, its Referer — names this host. Browsers send at least one of them on
// every unsafe request (luoshi's pages ask for same-origin referrers), so a request with
// neither did not come from luoshi's pages and is refused too. Requests with a bearer token
// never come here: no browser adds that header by itself.
func CheckOrigin(r *http.Request) error {
	from := r.Header.Get("Origin")
	if from == "" {
		from = r.Header.Get("Referer")
	}
	if from == "" {
		return luoshi.Errorf(luoshi.EFORBIDDEN, "request.no_origin")
	}
	u, err := url.Parse(from)
	if err != nil || u.Host == "" || u.Host != r.Host {
		shown := from
		if err == nil && u.Host != "" {
			shown = u.Scheme + "://" + u.Host
		}
		if len(shown) > 100 {
			shown = shown[:100]
		}
		return luoshi.Errorf(luoshi.EFORBIDDEN, "request.cross_site", shown)
	}
	return nil
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

// ClientInfo records where each request came from: the client's address as ClientAddr finds
// it behind the trusted proxies (none: the peer of the connection), and its user agent.
func ClientInfo(proxies TrustedProxies, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := luoshi.RequestInfo{Address: ClientAddr(r, proxies), UserAgent: r.UserAgent()}
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
// security headers, and the client's address for the audit trail (nil proxies: the peer).
func Stack(h http.Handler, proxies TrustedProxies) http.Handler {
	return Recover(Headers(ClientInfo(proxies, h)))
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
