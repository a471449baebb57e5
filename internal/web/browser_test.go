package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium through chromedp against a real server over the
// demo county. Chromium starts once per test binary; each test opens its own isolated
// browser contexts (one per user, like separate browsers). Without chromium they skip,
// unless LUOSHI_REQUIRE_BROWSER=1 (CI) turns the skip into a failure.

var browser struct {
	ctx    context.Context
	reason string // why there is no browser
}

func TestMain(m *testing.M) {
	code := func() int {
		defer func() {
			for i := len(cleanups) - 1; i >= 0; i-- {
				cleanups[i]()
			}
		}()
		stop := startBrowser()
		defer stop()
		return m.Run()
	}()
	os.Exit(code)
}

// chromiumPath finds the browser: LUOSHI_CHROMIUM, else chromium on the PATH.
func chromiumPath() string {
	if p := os.Getenv("LUOSHI_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func startBrowser() (stop func()) {
	path := chromiumPath()
	if path == "" {
		browser.reason = "chromium not found (apt-get install chromium fonts-wqy-zenhei)"
		return func() {}
	}
	dir, err := os.MkdirTemp("", "luoshi-chromium-")
	if err != nil {
		browser.reason = err.Error()
		return func() {}
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.UserDataDir(dir), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "zh-CN"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do starts the browser, which lives as long as the context it was given.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		os.RemoveAll(dir)
		browser.reason = "chromium did not start: " + err.Error()
		return func() {}
	}
	browser.ctx = ctx
	return func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(dir)
	}
}

// needBrowser skips a test without a browser, or fails it where one is required.
func needBrowser(t *testing.T) {
	t.Helper()
	if browser.ctx == nil {
		if os.Getenv("LUOSHI_REQUIRE_BROWSER") == "1" {
			t.Fatalf("LUOSHI_REQUIRE_BROWSER=1 but no browser: %s", browser.reason)
		}
		t.Skipf("no browser here, skipped: %s", browser.reason)
	}
}

// tab is one browser tab in a browser context of its own, recording every console error,
// uncaught exception and browser log error of its pages.
type tab struct {
	t        *testing.T
	e        *env
	ctx      context.Context
	mu       sync.Mutex
	problems []string
	expected []string // log texts a test provoked on purpose (an intended 404 or 422)
}

// newTab opens a tab of the given viewport width and height; phone emulates a touch phone.
func newTab(t *testing.T, e *env, width, height int64, phone bool) *tab {
	t.Helper()
	tb := &tab{t: t, e: e}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	t.Cleanup(func() {
		cancel()
		tb.assertClean()
	})
	tb.ctx = ctx
	// The first Do creates the tab, which lives as long as the context it was given.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.EmulateViewportOption{}
	if phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait, chromedp.EmulateScale(2))
	}
	tb.do(chromedp.EmulateViewport(width, height, opts...))
	return tb
}

func (tb *tab) listen(ev any) {
	var p string
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			p = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
		}
	case *runtime.EventExceptionThrown:
		p = "uncaught exception: " + e.ExceptionDetails.Text
		if x := e.ExceptionDetails.Exception; x != nil {
			p += " " + x.Description
		}
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError {
			p = fmt.Sprintf("log %s: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	}
	if p != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, p)
		tb.mu.Unlock()
	}
}

// expect allows a network log error the test provokes on purpose, e.g. "status of 404".
func (tb *tab) expect(text string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.expected = append(tb.expected, text)
}

// assertClean fails the test on any console error the tab saw.
func (tb *tab) assertClean() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		allowed := false
		for _, x := range tb.expected {
			allowed = allowed || (strings.HasPrefix(p, "log network:") && strings.Contains(p, x))
		}
		if !allowed {
			tb.t.Errorf("browser console: %s", p)
		}
	}
}

// do runs browser steps with a time limit, failing the test with the page's address and
// text when one fails.
func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		loc, _ := chromedp.Run(tb.ctx, chromedp.Location())
		text, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 2000) : ""`))
		tb.t.Fatalf("browser: %v\nat %s\n%s", err, loc, text)
	}
}

// text returns the visible text of the first element matching a CSS selector.
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// open navigates to a path of the server and waits for the page.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.e.srv.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// login signs in through the login page by keyboard alone: type, Tab, type, Enter.
func (tb *tab) login(username string) {
	tb.t.Helper()
	tb.open("/login")
	tb.do(chromedp.Focus(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), username+"\t"),
		chromedp.SendKeys(chromedp.CSS("#password"), demoPassword+"\r"),
		chromedp.WaitVisible(chromedp.CSS("main.content h1")))
	if h := tb.text("main.content h1"); h != "工作台" {
		tb.t.Fatalf("after login as %s the page is %q, not the workbench", username, h)
	}
	tb.checkPage()
}

// checkPage checks the page a user sees: every control has a label, and the page carries
// its language.
func (tb *tab) checkPage() {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	unlabelled, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(
		'input:not([type=hidden]), select, textarea, button')).filter(el =>
		!(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby') &&
		!(el.tagName === 'BUTTON' && el.textContent.trim())).map(el => el.outerHTML.slice(0, 120))`))
	if err != nil {
		tb.t.Fatal(err)
	}
	for _, u := range unlabelled {
		tb.t.Errorf("control without a label: %s", u)
	}
}

// click clicks an element and waits for the next page to show a selector.
func (tb *tab) click(sel, waitFor string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

// submit clicks a form's button and waits for the page that follows to say want.
func (tb *tab) submit(sel, want string) {
	tb.t.Helper()
	tb.do(chromedp.Evaluate[chromedp.Void](`window.luoshiStale = true`), chromedp.Click(chromedp.CSS(sel)))
	tb.waitFor(fmt.Sprintf(`!window.luoshiStale && document.readyState === 'complete' &&
		(document.querySelector('.flash') || {innerText: ''}).innerText.includes(%q)`, want))
}

// waitFor polls a condition until it holds, through page loads (which interrupt a poll
// inside the page).
func (tb *tab) waitFor(cond string) {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	text, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
	tb.t.Fatalf("browser: waited in vain for %s (%v)\n%s", cond, last, text)
}

// shoot saves a screenshot into docs/screenshots when LUOSHI_SCREENSHOTS=1.
func (tb *tab) shoot(name string) {
	tb.t.Helper()
	if os.Getenv("LUOSHI_SCREENSHOTS") != "1" {
		return
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}
