package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"luoshi/internal/api"
	"luoshi/internal/demo"
	"luoshi/internal/fieldcrypt"
	"luoshi/internal/httpx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
	"luoshi/internal/store"
	"luoshi/internal/web"
	"luoshi/internal/xlsx"
)

const demoPassword = "Demo@2026"

// env is the demo county on a real SQLite database, served by the pages and the API
// exactly as `luoshi serve` mounts them.
type env struct {
	svc *service.Service
	db  *store.DB
	srv *httptest.Server
	web *web.Handler
}

var (
	demoOnce sync.Once
	demoEnv  *env
	demoErr  error
)

// sharedDemo loads the demo county once per test binary: tests that only read share it,
// tests that change items create their own.
func sharedDemo(tb testing.TB) *env {
	tb.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "luoshi-web-")
		if err != nil {
			demoErr = err
			return
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		demoEnv, demoErr = newDemo(dir)
		if demoErr == nil {
			cleanups = append(cleanups, demoEnv.close)
		}
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return demoEnv
}

// cleanups run when the test binary ends (TestMain).
var cleanups []func()

func (e *env) close() {
	e.srv.Close()
	e.db.Close()
}

// newDemo builds the demo county in dir.
func newDemo(dir string) (*env, error) {
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "demo.db"))
	if err != nil {
		return nil, err
	}
	svc, err := service.New(ctx, db)
	if err != nil {
		return nil, err
	}
	svc.Hasher = service.PasswordHasher{Memory: 64, Time: 1, Threads: 1}
	keyFile := filepath.Join(dir, "test.key")
	if err := fieldcrypt.CreateKeyFile(keyFile); err != nil {
		return nil, err
	}
	if svc.Keys, err = fieldcrypt.LoadKeyring(keyFile); err != nil {
		return nil, err
	}
	// The audit trail is signed with keys derived from the key file, as the server does.
	svc.AuditKeys = svc.Keys.(*fieldcrypt.Keyring)
	svc.FilesDir, svc.Workbooks = filepath.Join(dir, "files"), xlsx.Workbooks{Say: i18n.ZH.Msg}
	svc.Texts = i18n.ZH // as the server wires it: what is stored as text is in Chinese
	svc.Promises = service.PromiseItems{S: svc}
	svc.Decisions = service.DecisionItems{S: svc}
	svc.Commitments = service.StocktakeItems{S: svc}
	if _, err := demo.Load(ctx, svc, demoPassword); err != nil {
		return nil, err
	}
	// Every test signs in from 127.0.0.1: more than the default 30 logins a minute.
	pol, err := svc.SecurityPolicy(ctx)
	if err != nil {
		return nil, err
	}
	pol.LoginRatePerMinute = 600
	if _, err := svc.SetSecurityPolicy(ctx, nil, pol); err != nil {
		return nil, err
	}
	h, err := web.New(svc)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(svc))
	mux.Handle("/", h)
	e := &env{svc: svc, db: db, web: h, srv: httptest.NewServer(httpx.Stack(mux, nil))}
	return e, nil
}

// client is a browser-like HTTP client: a cookie jar, and redirects followed.
type client struct {
	t    testing.TB
	e    *env
	http *http.Client
	csrf string
}

// login signs a demo account in through the login form.
func (e *env) login(tb testing.TB, username string) *client {
	tb.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: tb, e: e, http: &http.Client{Jar: jar, Transport: sameSite{}}}
	res := c.post("/login", url.Values{"username": {username}, "password": {demoPassword}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Request.URL.Path, "/") {
		tb.Fatalf("login %s: %d", username, res.StatusCode)
	}
	res.Body.Close()
	a, err := e.svc.Authenticate(context.Background(), c.cookie(httpx.SessionCookie))
	if err != nil {
		tb.Fatalf("login %s: no session: %v", username, err)
	}
	c.csrf = a.CSRF
	return c
}

func newJarClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Transport: sameSite{}}
}

// sameSite is the test clients' transport: it sends the Origin header a browser sends with
// every unsafe request (the pages refuse an unsafe request that names no origin).
type sameSite struct{}

func (sameSite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("Origin") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Origin", r.URL.Scheme+"://"+r.URL.Host)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.e.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// get fetches a page and returns its status and body.
func (c *client) get(path string) (int, string) {
	c.t.Helper()
	res, err := c.http.Get(c.e.srv.URL + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// post submits a form with the session's CSRF token.
func (c *client) post(path string, form url.Values) *http.Response {
	c.t.Helper()
	if c.csrf != "" {
		form.Set("csrf_token", c.csrf)
	}
	res, err := c.http.PostForm(c.e.srv.URL+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	return res
}

// postBody submits a form and reads the page it ends on.
func (c *client) postBody(path string, form url.Values) (int, string) {
	c.t.Helper()
	res := c.post(path, form)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// actor returns the actor of a demo account.
func (e *env) actor(tb testing.TB, username string) *luoshi.Actor {
	tb.Helper()
	a, err := e.svc.ActorByUsername(context.Background(), username)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// itemOf finds an item of the demo county led by a unit, in a state.
func (e *env) itemOf(tb testing.TB, unitKey string, state luoshi.State) *service.ItemView {
	tb.Helper()
	ctx := context.Background()
	sup := e.actor(tb, "duchashi")
	lead := e.actor(tb, demo.LiaisonUsername(unitKey))
	unit := lead.UnitID
	page, err := e.svc.ListItems(ctx, sup, luoshi.ItemFilter{State: &state, UnitID: &unit, LeadOnly: true, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		tb.Fatalf("no %s item led by %s: %v", state, unitKey, err)
	}
	return page.Items[0]
}
