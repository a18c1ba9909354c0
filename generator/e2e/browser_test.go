package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser is started once per test binary, on first use, and shared by
// every browser test; each test opens its own tabs.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserSkip   string
	browserCancel = func() {}
)

// viewport is a browser window the page tests look through.
type viewport struct {
	width, height int64
	mobile        bool
}

// viewports are the desktop and the phone every page is checked and
// photographed at.
var viewports = []viewport{{1280, 900, false}, {360, 740, true}}

// findChromium returns the path of a Chromium (or Chrome) executable, or "".
// COACHSIM_CHROMIUM overrides the search.
func findChromium() string {
	if p := os.Getenv("COACHSIM_CHROMIUM"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts headless Chromium with a fresh profile.
func startBrowser() {
	path := findChromium()
	if path == "" {
		browserSkip = "no Chromium found (looked for $COACHSIM_CHROMIUM, /usr/bin/chromium, chromium, chromium-browser, " +
			"google-chrome; install Debian's chromium, as .ci/run does, or set COACHSIM_CHROMIUM)"
		return
	}
	profile, err := os.MkdirTemp("", "coachsim-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	startCtx, startCancel := context.WithTimeout(ctx, 60*time.Second)
	defer startCancel()
	// The first Run starts the browser; it must use a context whose life
	// is the browser's, so give the timeout only to the wait.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err = <-done:
	case <-startCtx.Done():
		err = errors.New("Chromium did not start within 60s")
	}
	if err != nil {
		cancel()
		allocCancel()
		os.RemoveAll(profile)
		browserErr = fmt.Errorf("starting %s: %w", path, err)
		return
	}
	browserCtx = ctx
	browserCancel = func() {
		cancel()
		allocCancel()
		os.RemoveAll(profile)
	}
}

// needBrowser returns the shared browser context, skipping the test when no
// Chromium is installed (failing under CI=true, where it must be).
func needBrowser(t *testing.T) context.Context {
	t.Helper()
	needSite(t)
	browserOnce.Do(startBrowser)
	if browserSkip != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s", browserSkip)
		}
		t.Skip(browserSkip)
	}
	if browserErr != nil {
		t.Fatal(browserErr)
	}
	return browserCtx
}

// tabOptions configure a new tab.
type tabOptions struct {
	noJS bool
	// allow lists URL prefixes that requests may go to besides file:,
	// data: and blob: (the sub-path test allows its own server).
	allow []string
	// width and height of the viewport; 0 means 1280 x 900.
	width, height int64
	mobile        bool
}

// tab is one browser tab that records every request, failed load, HTTP
// status and uncaught script exception, and checks them when the test ends.
type tab struct {
	ctx  context.Context
	opts tabOptions

	mu         sync.Mutex
	requests   []string
	offHost    []string
	failures   []string
	statuses   []string
	exceptions []string
}

// newTab opens a tab in the shared browser. Its checks run at cleanup.
func newTab(t *testing.T, opts tabOptions) *tab {
	t.Helper()
	bctx := needBrowser(t)
	ctx, cancel := chromedp.NewContext(bctx)
	tb := &tab{ctx: ctx, opts: opts}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, tb.onEvent); err != nil {
		cancel()
		t.Fatalf("listening to the tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		cancel()
		t.Fatalf("network.Enable: %v", err)
	}
	if opts.noJS {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled,
			emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			cancel()
			t.Fatalf("disabling JavaScript: %v", err)
		}
	}
	w, h := opts.width, opts.height
	if w == 0 {
		w, h = 1280, 900
	}
	vopts := []chromedp.EmulateViewportOption{}
	if opts.mobile {
		vopts = append(vopts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, vopts...)); err != nil {
		cancel()
		t.Fatalf("setting the viewport: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		tb.check(t)
	})
	return tb
}

// onEvent runs in the tab's read loop: record and return fast.
func (tb *tab) onEvent(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		tb.mu.Lock()
		tb.requests = append(tb.requests, u)
		if !tb.allowed(u) {
			tb.offHost = append(tb.offHost, fmt.Sprintf("%s (%s, from %s)", u, ev.Type, ev.DocumentURL))
		}
		tb.mu.Unlock()
	case *network.EventLoadingFailed:
		if ev.Canceled || ev.ErrorText == "net::ERR_ABORTED" {
			return // a navigation that a click or a new navigation replaced
		}
		tb.mu.Lock()
		tb.failures = append(tb.failures, fmt.Sprintf("%s %s (request %s)", ev.Type, ev.ErrorText, ev.RequestID))
		tb.mu.Unlock()
	case *network.EventResponseReceived:
		if ev.Response != nil && ev.Response.Status >= 400 {
			tb.mu.Lock()
			tb.statuses = append(tb.statuses, fmt.Sprintf("%d %s", ev.Response.Status, ev.Response.URL))
			tb.mu.Unlock()
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tb.mu.Lock()
		tb.exceptions = append(tb.exceptions, fmt.Sprintf("%s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, msg))
		tb.mu.Unlock()
	}
}

func (tb *tab) allowed(u string) bool {
	for _, p := range []string{"file:", "data:", "blob:", "about:blank"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	for _, p := range tb.opts.allow {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

// check fails the test for every request that left file:// (or the
// allowed server), every failed load, every HTTP error and every uncaught
// exception the tab saw.
func (tb *tab) check(t *testing.T) {
	t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	report := func(what string, list []string) {
		if len(list) == 0 {
			return
		}
		list = dedupe(list)
		const max = 20
		more := ""
		if len(list) > max {
			more = fmt.Sprintf("\n  ... and %d more", len(list)-max)
			list = list[:max]
		}
		t.Errorf("%s:\n  %s%s", what, strings.Join(list, "\n  "), more)
	}
	report("requests that left file:// (the site must make none)", tb.offHost)
	report("loads that failed", tb.failures)
	report("HTTP error statuses", tb.statuses)
	report("uncaught script exceptions", tb.exceptions)
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// step returns a context for one browser step with a timeout, so a page that
// never loads fails the test instead of hanging it.
func (tb *tab) step(d time.Duration) (context.Context, context.CancelFunc) {
	if d == 0 {
		d = 20 * time.Second
	}
	return context.WithTimeout(tb.ctx, d)
}

// navigate loads u and waits for its load event.
func (tb *tab) navigate(u string) error {
	ctx, cancel := tb.step(0)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return fmt.Errorf("navigating to %s: %w", u, err)
	}
	return nil
}

// click clicks the first element matching the CSS selector with a real
// mouse event and waits for the page it leads to to load.
func (tb *tab) click(sel string) error {
	ctx, cancel := tb.step(0)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		loc := tb.location()
		return fmt.Errorf("clicking %s on %s: %w", sel, loc, err)
	}
	return nil
}

// reload reloads the page and waits for it to load.
func (tb *tab) reload() error {
	ctx, cancel := tb.step(0)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Reload())
}

// back goes one entry back in the history and waits for the load.
func (tb *tab) back() error {
	ctx, cancel := tb.step(0)
	defer cancel()
	return chromedp.Do(ctx, chromedp.NavigateBack())
}

// forward goes one entry forward in the history and waits for the load.
func (tb *tab) forward() error {
	ctx, cancel := tb.step(0)
	defer cancel()
	return chromedp.Do(ctx, chromedp.NavigateForward())
}

func (tb *tab) location() string {
	ctx, cancel := tb.step(5 * time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown page: " + err.Error() + ")"
	}
	return shortURL(loc)
}

// eval evaluates a JavaScript expression and decodes its JSON value into T.
func eval[T any](tb *tab, expr string) (T, error) {
	ctx, cancel := tb.step(60 * time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// screenshot saves a full-page PNG of the current page.
func (tb *tab) screenshot(path string) error {
	ctx, cancel := tb.step(60 * time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, buf, 0o644)
}

// shortURL shows a file URL relative to the site root, for messages.
func shortURL(u string) string {
	if site != nil {
		root := fileURL(site.dir, "")
		if strings.HasPrefix(u, root) {
			return strings.TrimPrefix(u, root)
		}
	}
	return u
}

// fileURL returns the file:// URL of rel (a slash path) under dir.
func fileURL(dir, rel string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/" + rel}
	return u.String()
}
