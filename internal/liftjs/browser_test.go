//go:build unix

package liftjs

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/browsertest"
)

// These tests run lift.js in a real headless Chromium against a fake store,
// because what matters (cookies kept by a browser profile, a cart request
// sent by fetch) only exists in a browser.
//
// Persistence is checked across two separate Chromium processes that share
// one --user-data-dir: the first visits the landing URL with the click id,
// the second a page without it. Chromium writes persistent cookies to disk
// when it shuts down cleanly, which --dump-dom does, so this is reliable; and
// it is the stronger check, because a cookie without max-age (a session
// cookie) would not survive the restart. Letting one page navigate itself
// within a single process is not an option: with --virtual-time-budget,
// Chromium 156 took ten minutes to dump the DOM after a navigation.

// runDeadline bounds one Chromium run. A normal one takes a second or
// two, but six of them run at once and a loaded machine stretches them
// past any fixed bound, so only a hung browser should reach this: go
// test's own deadline, less a margin to report which page hung.
func runDeadline(t *testing.T) (context.Context, context.CancelFunc) {
	if d, ok := t.Deadline(); ok {
		return context.WithDeadline(t.Context(), d.Add(-30*time.Second))
	}
	return context.WithCancel(t.Context())
}

// cartPost is one request the fake store's /cart/update.js received.
type cartPost struct {
	Method, ContentType, Body string
}

// store is a fake brand store serving lift.js and a few pages.
type store struct {
	*httptest.Server
	mu    sync.Mutex
	posts []cartPost
}

// probe is run by the test pages once lift.js has run: it shows what the
// page sees in <pre id=out>, one "name=value" per line. It waits for
// window.lift (an async script may load late on a busy machine), checking
// every 50 ms of Chromium's virtual time for at most 2.2 s of the 3 s
// budget, then 300 ms more for what lift.js does after it loads.
const probe = `(function wait(n) {
  if (!window.lift && n > 0) { setTimeout(function () { wait(n - 1); }, 50); return; }
  setTimeout(function () {
    document.getElementById("out").textContent =
      "cookie=" + document.cookie + "\nclickId=" + (window.lift ? window.lift.clickId() : "no window.lift");
  }, 300);
})(44);`

// framed shows the page, then loads /later in an iframe. An iframe shares
// the page's sessionStorage, so lift.js in it must not post the same id again.
const framed = `setTimeout(function () {
  var f = document.createElement("iframe");
  f.onload = function () {
    setTimeout(function () {
      document.getElementById("out").textContent =
        "cookie=" + document.cookie + "\nframe=" + f.contentWindow.lift.clickId();
    }, 500);
  };
  f.src = "/later";
  document.body.appendChild(f);
}, 300);`

// Heads of the test pages: a Shopify theme defines window.Shopify before
// its other scripts; the brand adds lift.js, possibly async, anywhere.
const (
	shopifyHead = `<script>window.Shopify = {};</script><script src="/lift.js"></script>`
	plainHead   = `<script src="/lift.js"></script>`
	asyncHead   = `<script src="/lift.js" async data-days="7"></script><script>window.Shopify = {};</script>`
)

func page(head, script string) string {
	return "<!doctype html><html><head><meta charset=utf-8>" + head +
		"</head><body><h1>Store</h1><pre id=out>not run</pre><script>" + script + "</script></body></html>"
}

func newStore(t *testing.T) *store {
	t.Helper()
	s := &store{}
	mux := http.NewServeMux()
	mux.Handle("/lift.js", Handler())
	for path, body := range map[string]string{
		"/landing": page(shopifyHead, probe),
		"/later":   page(shopifyHead, probe),
		"/plain":   page(plainHead, probe),
		"/async":   page(asyncHead, probe),
		// lift.js runs before window.Shopify exists and must wait for it.
		"/late":   page(plainHead, "window.Shopify = {};\n"+probe),
		"/framed": page(shopifyHead, framed),
	} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		})
	}
	mux.HandleFunc("/cart/update.js", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.posts = append(s.posts, cartPost{r.Method, r.Header.Get("Content-Type"), string(b)})
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, "{}")
	})
	// Listens on 127.0.0.1, an origin Chromium treats like any http site.
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *store) cartPosts() []cartPost {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]cartPost(nil), s.posts...)
}

// run starts Chromium on the profile in dir with the given mode flags (such
// as --dump-dom) and the store's path, and returns its standard output. The
// browser runs in its own process group so that a timeout ends its helper
// processes too.
func (s *store) run(t *testing.T, dir, path string, mode ...string) string {
	t.Helper()
	ctx, cancel := runDeadline(t)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update",
		"--disable-sync", "--no-first-run", "--disable-quic",
		"--user-data-dir=" + dir, "--virtual-time-budget=3000",
	}, mode...)
	cmd := exec.CommandContext(ctx, browsertest.Chromium(t), append(args, s.URL+path)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	// Helpers that outlive the browser may hold the pipes open; don't wait on them.
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("chromium %s: killed after %v", path, time.Since(start).Round(time.Second))
	}
	if err != nil {
		t.Fatalf("chromium %s: %v\n%s", path, err, tail(stderr.String(), 2000))
	}
	t.Logf("chromium %s: %v", path, time.Since(start).Round(time.Millisecond))
	return stdout.String()
}

// visit loads path in the profile in dir and returns what the page's probe
// wrote, as name → value.
func (s *store) visit(t *testing.T, dir, path string) map[string]string {
	t.Helper()
	dom := s.run(t, dir, path, "--dump-dom")
	m := regexp.MustCompile(`(?s)<pre id="out">(.*?)</pre>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("%s: no <pre id=out> in the dumped DOM:\n%s", path, tail(dom, 2000))
	}
	got := map[string]string{}
	for _, line := range strings.Split(html.UnescapeString(m[1]), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: page wrote %q, not name=value (did the probe run?)", path, m[1])
		}
		got[k] = v
	}
	return got
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// cartBody is what lift.js must post for id.
func cartBody(t *testing.T, id string) string {
	b, err := json.Marshal(map[string]any{"attributes": map[string]string{"lift_cid": id}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func checkPosts(t *testing.T, got []cartPost, ids ...string) {
	t.Helper()
	if len(got) != len(ids) {
		t.Fatalf("cart posts = %+v, want %d for %v", got, len(ids), ids)
	}
	for i, p := range got {
		want := cartPost{http.MethodPost, "application/json", cartBody(t, ids[i])}
		var v any
		if p != want || json.Unmarshal([]byte(p.Body), &v) != nil {
			t.Errorf("cart post %d = %+v, want %+v", i, p, want)
		}
	}
}

func TestBrowserKeepsClickID(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	dir := t.TempDir()

	got := s.visit(t, dir, "/landing?lift_cid=abc123")
	if got["cookie"] != "lift_cid=abc123" || got["clickId"] != "abc123" {
		t.Fatalf("landing: page saw %q", got)
	}
	checkPosts(t, s.cartPosts(), "abc123")

	// A new browser process on the same profile, on a page without the
	// parameter: the cookie must have been stored with an expiry.
	got = s.visit(t, dir, "/later")
	if got["cookie"] != "lift_cid=abc123" || got["clickId"] != "abc123" {
		t.Fatalf("later, after a browser restart: page saw %q", got)
	}
	// A new process is a new session, so the id is written to the cart again.
	checkPosts(t, s.cartPosts(), "abc123", "abc123")

	// Last touch: a later click replaces the id.
	got = s.visit(t, dir, "/landing?utm_source=ig&lift_cid=New-click_2")
	if got["cookie"] != "lift_cid=New-click_2" || got["clickId"] != "New-click_2" {
		t.Fatalf("second click: page saw %q", got)
	}
	checkPosts(t, s.cartPosts(), "abc123", "abc123", "New-click_2")
}

func TestBrowserPostsOncePerSession(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	got := s.visit(t, t.TempDir(), "/framed?lift_cid=abc123")
	if got["cookie"] != "lift_cid=abc123" {
		t.Fatalf("page saw %q", got)
	}
	// The framed page ran lift.js and saw the id, and did not post it again.
	if got["frame"] != "abc123" {
		t.Fatalf("frame: clickId() = %q, want abc123", got["frame"])
	}
	checkPosts(t, s.cartPosts(), "abc123")
}

func TestBrowserIgnoresBadIDs(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	dir := t.TempDir()
	for _, q := range []string{
		"%3Cscript%3E",
		"abc%3B%20path%3D%2Fx", // "abc; path=/x": would add a cookie attribute
		strings.Repeat("a", 65),
		"",
	} {
		got := s.visit(t, dir, "/landing?lift_cid="+q)
		if got["cookie"] != "" || got["clickId"] != "null" {
			t.Errorf("lift_cid=%s: page saw %q, want no cookie and clickId null", q, got)
		}
	}
	checkPosts(t, s.cartPosts())
}

func TestBrowserWithoutShopify(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	got := s.visit(t, t.TempDir(), "/plain?lift_cid=abc123")
	// The id is kept for other checkouts, but there is no Shopify cart to write.
	if got["cookie"] != "lift_cid=abc123" || got["clickId"] != "abc123" {
		t.Fatalf("page saw %q", got)
	}
	checkPosts(t, s.cartPosts())
}

func TestBrowserLoadOrder(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/async", "/late"} {
		s := newStore(t)
		got := s.visit(t, t.TempDir(), path+"?lift_cid=abc123")
		if got["cookie"] != "lift_cid=abc123" || got["clickId"] != "abc123" {
			t.Fatalf("%s: page saw %q", path, got)
		}
		checkPosts(t, s.cartPosts(), "abc123")
	}
}

func TestBrowserScreenshot(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	shot := filepath.Join(t.TempDir(), "landing.png")
	s.run(t, t.TempDir(), "/landing?lift_cid=abc123", "--screenshot="+shot, "--window-size=800,600")
	b, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("%s is not a PNG (%d bytes)", shot, len(b))
	}
	t.Logf("screenshot: %s, %d bytes", shot, len(b))
}
