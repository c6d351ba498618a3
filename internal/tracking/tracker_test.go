package tracking

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/storetest"
)

const shop = "https://shop.example/serum?variant=2#reviews"

func TestRedirect(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"jess-serum": shop})
	resp := e.do(t, "GET", "/jess-serum", "Referer", "https://L.Instagram.com:443/p/abc?x=1")
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	cid := clickID(t, resp)
	if len(cid) != 22 {
		t.Fatalf("lift_cid %q", cid)
	}
	l, ok := e.tr.Lookup("jess-serum")
	if !ok {
		t.Fatal("Lookup: link missing")
	}
	want, _ := Destination(l, cid)
	if got := resp.Header.Get("Location"); got != want {
		t.Fatalf("Location\n got %s\nwant %s", got, want)
	}
	if !strings.HasPrefix(want, "https://shop.example/serum?variant=2&utm_source=instagram&") || !strings.HasSuffix(want, "#reviews") {
		t.Fatalf("Location %s", want)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store, max-age=0" {
		t.Fatalf("Cache-Control %q", cc)
	}
	if rp := resp.Header.Get("Referrer-Policy"); rp != "no-referrer-when-downgrade" {
		t.Fatalf("Referrer-Policy %q", rp)
	}
	c, ok := e.click(t, cid)
	if !ok {
		t.Fatal("click not stored before the 302")
	}
	if c.LinkID != l.ID || c.Referrer != "l.instagram.com" || c.Device != "mobile" || c.Bot || !c.Unique {
		t.Fatalf("stored %+v", c)
	}
	if len(c.Visitor) != 32 || strings.Contains(c.Visitor, "127.0.0.1") {
		t.Fatalf("visitor key %q", c.Visitor)
	}
	if d := time.Since(c.Time); d < 0 || d > time.Minute {
		t.Fatalf("click time off by %s", d)
	}

	again := e.do(t, "GET", "/jess-serum")
	c2, ok := e.click(t, clickID(t, again))
	if !ok || c2.Unique || c2.Visitor != c.Visitor {
		t.Fatalf("second visit: stored %v %+v; want the same visitor, not unique", ok, c2)
	}
}

func TestBotsRedirectButAreFlagged(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"s": shop})
	cases := []struct {
		name, method, ua, device string
	}{
		{"HEAD", "HEAD", iPhoneUA, "mobile"},
		{"Twitterbot", "GET", "Twitterbot/1.0", "bot"},
		{"empty user agent", "GET", "", "unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := e.do(t, c.method, "/s", "User-Agent", c.ua)
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("status %d", resp.StatusCode)
			}
			got, ok := e.click(t, clickID(t, resp))
			if !ok || !got.Bot || got.Unique || got.Device != c.device {
				t.Fatalf("stored %v %+v", ok, got)
			}
		})
	}
	if b := e.tr.Stats().Bots.Load(); b != 3 {
		t.Fatalf("Bots = %d", b)
	}
}

func TestUnknownSlugAndMethods(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"s": shop})
	for _, path := range []string{"/nope", "/", "/s/extra"} {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Location") != "" ||
			!strings.Contains(string(body), "This link does not exist") ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%s: status %d, body %q", path, resp.StatusCode, body)
		}
	}
	resp := e.do(t, "POST", "/s")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	if n := e.clickCount(t); n != 0 {
		t.Fatalf("%d clicks stored for no redirect", n)
	}
	if s := e.tr.Stats().Snapshot(); s.NotFound != 3 || s.Redirects != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestBadDestinationNeverRedirects(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"evil": "javascript:alert(1)", "good": shop})
	if resp := e.do(t, "GET", "/evil"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if resp := e.do(t, "GET", "/good"); resp.StatusCode != http.StatusFound {
		t.Fatalf("a bad link stopped a good one: %d", resp.StatusCode)
	}
}

// A link made by another process redirects within a second (README):
// the poller reloads the links every pollEvery. The tests below check
// that the poller picks a change up without a Reload, and this bound;
// they do not time the wait itself, which a loaded machine stretches
// past any bound without the product being wrong.
func TestPollerRunsWithinASecond(t *testing.T) {
	if pollEvery <= 0 || pollEvery > time.Second/2 {
		t.Fatalf("pollEvery = %v: a changed link must redirect within a second, with room for the reload itself", pollEvery)
	}
}

// untilPolled calls ok until it holds, bounded by the test's deadline.
func untilPolled(t *testing.T, what string, ok func() bool) {
	t.Helper()
	start := time.Now()
	for !ok() {
		if d, set := t.Deadline(); set && time.Until(d) < 30*time.Second {
			t.Fatalf("%s: never seen in %v", what, time.Since(start))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("%s after %v", what, time.Since(start).Round(time.Millisecond))
}

func TestLinkCreatedElsewhereRedirectsWithinASecond(t *testing.T) {
	e := newEnv(t, Options{}, nil)
	if resp := e.do(t, "GET", "/late"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("before: %d", resp.StatusCode)
	}
	addLink(t, e.st, e.ws, "late", shop)
	untilPolled(t, "a link created elsewhere redirects", func() bool {
		req, _ := http.NewRequest("HEAD", e.srv.URL+"/late", nil)
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusFound
	})
}

func TestLinkChangedElsewhereRedirectsToNewDestination(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"s": shop})
	addLink(t, e.st, e.ws, "s", "https://other.example/")
	untilPolled(t, "a link changed elsewhere redirects to its new destination", func() bool {
		return strings.HasPrefix(e.do(t, "HEAD", "/s").Header.Get("Location"), "https://other.example/")
	})
}

func TestReloadIsImmediate(t *testing.T) {
	e := newEnv(t, Options{}, nil)
	addLink(t, e.st, e.ws, "now", shop)
	if err := e.tr.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if resp := e.do(t, "GET", "/now"); resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestTrustedProxies(t *testing.T) {
	visitors := func(trusted []netip.Prefix) (string, string) {
		e := newEnv(t, Options{TrustedProxies: trusted}, map[string]string{"s": shop})
		var keys []string
		for _, ip := range []string{"198.51.100.1", "198.51.100.2"} {
			resp := e.do(t, "GET", "/s", "X-Forwarded-For", ip)
			c, ok := e.click(t, clickID(t, resp))
			if !ok {
				t.Fatal("click not stored")
			}
			keys = append(keys, c.Visitor)
		}
		return keys[0], keys[1]
	}
	if a, b := visitors(nil); a != b {
		t.Fatal("X-Forwarded-For from an untrusted sender changed the visitor")
	}
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	if a, b := visitors(loopback); a == b {
		t.Fatal("X-Forwarded-For from a trusted proxy was ignored")
	}
}

func TestConcurrentRedirectsAllStored(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"a": shop, "b": "https://shop.example/"})
	const workers, each = 64, 50
	var (
		mu   sync.Mutex
		ids  []string
		errs []string
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			slug := []string{"/a", "/b"}[w%2]
			for range each {
				resp, err := get(e.srv.URL + slug)
				if err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
					continue
				}
				resp.Body.Close()
				mu.Lock()
				if resp.StatusCode == http.StatusFound {
					ids = append(ids, cid(resp))
				} else {
					errs = append(errs, resp.Status)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d failures, first: %s", len(errs), errs[0])
	}
	if n := e.clickCount(t); n != len(ids) || n != workers*each {
		t.Fatalf("answered %d, stored %d, want %d", len(ids), n, workers*each)
	}
	stored := e.clicks(t)
	for _, id := range ids {
		if _, ok := stored[id]; !ok {
			t.Fatalf("answered click %s not stored", id)
		}
	}
	s := e.tr.Stats().Snapshot()
	if s.Redirects != workers*each || s.ClicksStored != workers*each || s.BatchClicks != s.ClicksStored ||
		s.MaxBatchSeen < 1 || s.MaxBatchSeen > DefaultMaxBatch {
		t.Fatalf("stats %+v", s)
	}
	t.Logf("%d batches, largest %d, mean %.1f", s.Batches, s.MaxBatchSeen, float64(s.BatchClicks)/float64(s.Batches))
}

func TestCloseDrainsQueuedClicks(t *testing.T) {
	e := newEnv(t, Options{Async: true, MaxBatch: 4}, map[string]string{"s": shop})
	// Holding the store's only connection stalls the writer, so async
	// clicks pile up answered but not committed.
	hold, err := e.st.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	// Fewer than the queue holds: beyond that, requests wait for room.
	for range 10 {
		resp := e.do(t, "GET", "/s")
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
		ids = append(ids, clickID(t, resp))
	}
	closed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		closed <- e.tr.Close(ctx)
	}()
	// Close must stop new clicks at once, before the queue has drained.
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp := e.do(t, "GET", "/s")
		if resp.StatusCode == http.StatusServiceUnavailable {
			break
		}
		ids = append(ids, clickID(t, resp)) // taken before Close began
		if len(ids) > 12 || time.Now().After(deadline) {
			t.Fatal("clicks still taken after Close")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	stored := e.clicks(t)
	for _, id := range ids {
		if _, ok := stored[id]; !ok {
			t.Fatalf("click %s lost on Close", id)
		}
	}
	if n := e.clickCount(t); n != len(ids) {
		t.Fatalf("stored %d clicks, answered %d", n, len(ids))
	}
	if err := e.tr.Close(context.Background()); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

func TestCommitFailureAnswers503(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"s": shop})
	e.tr.clog.Close() // the click log refuses every commit from now on
	resp := e.do(t, "GET", "/s")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Location") != "" {
		t.Fatalf("status %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if s := e.tr.Stats().Snapshot(); s.Redirects != 0 || s.CommitErrors != 1 || s.ClicksStored != 0 {
		t.Fatalf("stats %+v", s)
	}
}

// TestRedirectDoesNotWaitForTheDatabase: while a transaction holds the
// database's write lock (an import, say), a redirect is still answered
// once its click is committed to the click log, and the click reaches the
// database once the lock is free. Before the click log, this redirect
// waited for the lock and answered 503 after the busy timeout; the
// request's deadline only turns such a wait into a failure.
func TestRedirectDoesNotWaitForTheDatabase(t *testing.T) {
	e := newEnv(t, Options{}, map[string]string{"s": shop})
	// A write transaction takes the write lock when it begins.
	hold, err := e.st.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/s", nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148")
	rec := httptest.NewRecorder()
	e.tr.ServeHTTP(rec, req)
	if rec.Code != http.StatusFound {
		t.Fatalf("redirect while the database is locked: %d", rec.Code)
	}
	id := clickID(t, rec.Result())
	waiting, _, _, err := e.tr.LoaderLag(ctx)
	if err != nil || waiting != 1 {
		t.Fatalf("click log holds %d waiting clicks (%v), want 1", waiting, err)
	}
	if ok, err := e.st.ClickExists(ctx, e.ws, id); err != nil || !ok {
		t.Fatalf("a logged click not yet loaded does not exist: %v, %v", ok, err)
	}
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := e.tr.Close(ctx); err != nil {
		t.Fatal(err)
	}
	c, ok := e.click(t, id)
	if !ok || !c.Unique {
		t.Fatalf("click after the lock: %+v, stored %v", c, ok)
	}
	if s := e.tr.Stats().Snapshot(); s.ClicksLoaded != 1 || s.LoadErrors != 0 {
		t.Fatalf("stats %+v", s)
	}
}

// TestHealthRecoversWithoutClicks: a click log that refuses writes makes
// Health fail with the reason; once it takes writes again, Health turns
// nil without any click arriving, as a node that a load balancer took out
// of service never gets one.
func TestHealthRecoversWithoutClicks(t *testing.T) {
	if storetest.Postgres() {
		t.Skip("the failure is made in SQLite's click log file; on PostgreSQL the log is a table (TestCommitFailureAnswers503)")
	}
	e := newEnv(t, Options{}, map[string]string{"s": shop})
	if err := e.tr.Health(); err != nil {
		t.Fatalf("fresh tracker unhealthy: %v", err)
	}
	// The log refuses every write, as on a full disk.
	if err := e.tr.clog.RefuseWrites(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if resp := e.do(t, "GET", "/s"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("redirect with a full click log: %d, want 503", resp.StatusCode)
	}
	if err := e.tr.Health(); err == nil || !strings.Contains(err.Error(), "disk is full") {
		t.Fatalf("Health with a full click log: %v", err)
	}
	// The probe keeps failing while the log does: still unhealthy after
	// more than one probe.
	time.Sleep(2*probeEvery + 100*time.Millisecond)
	if err := e.tr.Health(); err == nil {
		t.Fatal("healthy while the click log still refuses writes")
	}
	if err := e.tr.clog.RefuseWrites(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * probeEvery)
	for e.tr.Health() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("still unhealthy with a writable click log and no clicks: %v", e.tr.Health())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n, _, _, err := e.tr.LoaderLag(context.Background()); err != nil || n != 0 {
		t.Fatalf("the probe left %d clicks in the log (%v)", n, err)
	}
	if resp := e.do(t, "GET", "/s"); resp.StatusCode != http.StatusFound {
		t.Fatalf("redirect once writable: %d", resp.StatusCode)
	}
	if err := e.tr.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.clickCount(t); n != 1 {
		t.Fatalf("%d clicks stored, want the one answered", n)
	}
}
