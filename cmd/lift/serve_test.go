package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
	"github.com/liftmetrics/lift/internal/webhook"
)

// binary is a lift built once for the tests that run it as a process.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func liftBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lift-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "lift")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// liftCmd runs the binary to completion.
func liftCmd(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(liftBinary(t), append(args, "--db", db)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// served is a running `lift serve`.
type served struct {
	cmd  *exec.Cmd
	base string
	db   string
}

func startServe(t *testing.T, db string, env []string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(liftBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	addr := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if a, ok := strings.CutPrefix(lines.Text(), "lift serve: listening on "); ok {
				addr <- strings.Fields(a)[0]
			}
		}
	}()
	select {
	case a := <-addr:
		return &served{cmd: cmd, base: "http://" + a, db: db}
	case <-time.After(20 * time.Second):
		t.Fatal("lift serve did not start")
	}
	return nil
}

var noFollow = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       10 * time.Second,
}

func get(t *testing.T, url, ua string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("User-Agent", ua)
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

const browser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"

// workspaceFiles sets up a campaign, a creator and a link.
func workspaceFiles(t *testing.T, db string) {
	t.Helper()
	dir := t.TempDir()
	files := []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring Glow,2026-01-01,2026-12-31\n"},
		{"creators", "handle,platform,followers\nana,tiktok,15000\n"},
		{"links", "slug,destination,creator,campaign\nana1,https://shop.example.com/p?ref=x&utm_source=newsletter#top,ana,Spring Glow\n"},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.kind+".csv")
		os.WriteFile(p, []byte(f.data), 0o644)
		if out, err := liftCmd(t, db, "import", f.kind, p); err != nil {
			t.Fatalf("import %s: %v\n%s", f.kind, err, out)
		}
	}
}

// loadClickLog loads what waits in the database's click log, as the
// server's loader does a moment after each redirect and `lift serve` does
// at start after a kill. Loading beside a running server is safe: each
// load takes the database's write lock and resumes from the position
// stored there.
func loadClickLog(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.LoadClickLog(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// storedClicks loads the click log and lists the clicks stored in every
// workspace.
func storedClicks(t *testing.T, db string) []store.Click {
	t.Helper()
	loadClickLog(t, db)
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	names, err := st.WorkspaceNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all []store.Click
	for _, name := range names {
		ws, err := st.Workspace(ctx, name, false)
		if err != nil {
			t.Fatal(err)
		}
		clicks, err := st.Clicks(ctx, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, clicks...)
	}
	return all
}

// countClicks loads the click log and counts the stored clicks that keep
// keeps (all of them when keep is nil).
func countClicks(t *testing.T, db string, keep func(store.Click) bool) int {
	t.Helper()
	n := 0
	for _, c := range storedClicks(t, db) {
		if keep == nil || keep(c) {
			n++
		}
	}
	return n
}

func TestServeRedirects(t *testing.T) {
	db := storetest.DSN(t)
	workspaceFiles(t, db)
	s := startServe(t, db, []string{"LIFT_METRICS_TOKEN=operator-token-for-tests"})

	resp := get(t, s.base+"/ana1", browser)
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	q := loc.Query()
	if loc.Host != "shop.example.com" || loc.Path != "/p" || loc.Fragment != "top" || q.Get("ref") != "x" ||
		q.Get("utm_source") != "newsletter" || q.Get("utm_medium") != "influencer" ||
		q.Get("utm_campaign") != "Spring Glow" || q.Get("utm_content") != "ana" || len(q.Get("lift_cid")) < 16 {
		t.Fatalf("Location = %s", loc)
	}
	if n := countClicks(t, db, func(c store.Click) bool { return c.ClickID == q.Get("lift_cid") && !c.Bot && c.Unique }); n != 1 {
		t.Fatalf("click of the redirect stored %d times", n)
	}
	// The same visitor again: stored, not unique.
	get(t, s.base+"/ana1", browser)
	if n := countClicks(t, db, func(c store.Click) bool { return !c.Bot && !c.Unique }); n != 1 {
		t.Errorf("repeat click: %d non-unique clicks, want 1", n)
	}
	// Bots and HEAD are redirected and stored as bots.
	for _, ua := range []string{"facebookexternalhit/1.1", "Twitterbot/1.0", ""} {
		if r := get(t, s.base+"/ana1", ua); r.StatusCode != http.StatusFound {
			t.Errorf("%q: status %d", ua, r.StatusCode)
		}
	}
	req, _ := http.NewRequest("HEAD", s.base+"/ana1", nil)
	req.Header.Set("User-Agent", browser)
	if r, err := noFollow.Do(req); err != nil || r.StatusCode != http.StatusFound {
		t.Fatalf("HEAD: %v %v", r, err)
	}
	if n := countClicks(t, db, func(c store.Click) bool { return c.Bot }); n != 4 {
		t.Errorf("bot clicks = %d, want 4", n)
	}
	// Unknown slug: a 404 page, no redirect, no click.
	before := countClicks(t, db, nil)
	if r := get(t, s.base+"/nope", browser); r.StatusCode != http.StatusNotFound || r.Header.Get("Location") != "" {
		t.Errorf("unknown slug: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if countClicks(t, db, nil) != before {
		t.Error("an unknown slug stored a click")
	}
	// Reserved slugs are refused when created.
	for _, slug := range []string{"api", "webhooks", "lift.js", "healthz", "metrics", "login", "static"} {
		if out, err := liftCmd(t, db, "link", "create", "--slug", slug, "--destination", "https://a.example/", "--creator", "ana", "--campaign", "Spring Glow"); err == nil {
			t.Errorf("reserved slug %q accepted: %s", slug, out)
		}
	}
	// A link created by another process while serving redirects without
	// a restart: the tracker's poller picks it up (its period, which
	// keeps this within a second, is tested in internal/tracking; the
	// wait is not timed here, as a loaded machine stretches it).
	if out, err := liftCmd(t, db, "link", "create", "--slug", "fresh", "--destination", "https://b.example/", "--creator", "ana", "--campaign", "Spring Glow"); err != nil {
		t.Fatal(out, err)
	}
	until(t, "a link created by another process redirects", func() bool {
		return get(t, s.base+"/fresh", browser).StatusCode == http.StatusFound
	})
	if r := get(t, s.base+"/healthz", ""); r.StatusCode != 200 {
		t.Errorf("healthz %d", r.StatusCode)
	}
	// Metrics need the operator's token: no token and a workspace's API
	// key are refused alike.
	if r := get(t, s.base+"/metrics", browser); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("metrics without a key: %d", r.StatusCode)
	}
	out, err := liftCmd(t, db, "apikey", "create", "--name", "prometheus")
	if err != nil {
		t.Fatal(out, err)
	}
	req, _ = http.NewRequest("GET", s.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+strings.Fields(out)[0])
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("metrics with a workspace's API key: %v %v, want 401", resp.StatusCode, err)
	}
	req, _ = http.NewRequest("GET", s.base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer operator-token-for-tests")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(body, []byte("lift_redirects_total")) || !bytes.Contains(body, []byte("lift_clicks_stored_total")) {
		t.Errorf("metrics:\n%s", body)
	}
}

// until calls ok until it holds, bounded by the test's deadline less a
// margin to say what was awaited.
func until(t *testing.T, what string, ok func() bool) {
	t.Helper()
	start := time.Now()
	for !ok() {
		if d, set := t.Deadline(); set && time.Until(d) < 30*time.Second {
			t.Fatalf("%s: not after %v", what, time.Since(start))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A SIGKILL in the middle of a load loses no click that was answered.
func TestServeCrashLosesNoAnsweredClick(t *testing.T) {
	db := storetest.DSN(t)
	workspaceFiles(t, db)
	s := startServe(t, db, nil)
	var answered atomic.Int64
	var ids sync.Map
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	client := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
	}
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil && n < 5000; n++ {
				req, _ := http.NewRequestWithContext(ctx, "GET", s.base+"/ana1", nil)
				req.Header.Set("User-Agent", fmt.Sprintf("%s worker-%d", browser, i))
				resp, err := client.Do(req)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					u, _ := url.Parse(resp.Header.Get("Location"))
					ids.Store(u.Query().Get("lift_cid"), true)
					answered.Add(1)
				}
			}
		}()
	}
	// The kill comes in the middle of the load, once 100 redirects were
	// answered, however long a loaded machine takes for them.
	until(t, "100 redirects answered before the kill", func() bool { return answered.Load() >= 100 })
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
	cancel()
	wg.Wait()
	clicks := storedClicks(t, db)
	stored := len(clicks)
	rowsOf := map[string]int{}
	for _, c := range clicks {
		rowsOf[c.ClickID]++
	}
	missing := 0
	ids.Range(func(k, _ any) bool {
		if n := rowsOf[k.(string)]; n != 1 {
			missing++
		}
		return true
	})
	t.Logf("answered %d, stored %d", answered.Load(), stored)
	if missing > 0 {
		t.Fatalf("%d answered clicks are not stored after SIGKILL", missing)
	}
	// Clicks committed but not yet answered when the process died may be
	// stored too; never fewer.
	if int64(stored) < answered.Load() {
		t.Fatalf("stored %d < answered %d", stored, answered.Load())
	}
}

func TestServeWebhooks(t *testing.T) {
	db := storetest.DSN(t)
	workspaceFiles(t, db)
	secrets := map[string]string{"shopify": "shp-secret", "stripe": "whsec_test", "woocommerce": "wc-secret"}
	s := startServe(t, db, []string{
		"LIFT_SHOPIFY_WEBHOOK_SECRET=" + secrets["shopify"],
		"LIFT_STRIPE_WEBHOOK_SECRET=" + secrets["stripe"],
		"LIFT_WOOCOMMERCE_WEBHOOK_SECRET=" + secrets["woocommerce"],
	})
	// A click, whose id the Shopify order carries.
	loc, _ := url.Parse(get(t, s.base+"/ana1", browser).Header.Get("Location"))
	cid := loc.Query().Get("lift_cid")
	// Order times have whole seconds; the click has milliseconds. An order
	// a minute after the click is after it whatever the rounding.
	later := time.Now().Add(time.Minute).UTC()

	shopify := fmt.Sprintf(`{"id": 820982911946154508, "email": "jon@example.com", "created_at": %q,
		"currency": "USD", "subtotal_price": "90.00", "total_price": "102.20", "total_discounts": "10.00",
		"discount_codes": [{"code": "SUMMER5", "amount": "10.00", "type": "fixed_amount"}],
		"note_attributes": [{"name": "lift_cid", "value": %q}], "landing_site": "/?utm_source=tiktok",
		"line_items": [{"id": 1, "quantity": 2, "price": "50.00", "title": "Serum"}],
		"customer": {"id": 115310627314723954, "email": "jon@example.com"}}`, later.Format(time.RFC3339), cid)
	post := func(provider string, body []byte, header map[string]string) (int, string) {
		req, _ := http.NewRequest("POST", s.base+"/webhooks/"+provider, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	shopHeader := func(body []byte) map[string]string {
		return map[string]string{"X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": webhook.SignShopify(secrets["shopify"], body)}
	}
	body := []byte(shopify)
	if code, msg := post("shopify", body, shopHeader(body)); code != 200 {
		t.Fatalf("valid shopify: %d %s", code, msg)
	}
	if code, _ := post("shopify", body, shopHeader(body)); code != 200 { // replayed
		t.Fatalf("replayed shopify: %d", code)
	}
	bad := shopHeader(body)
	bad["X-Shopify-Hmac-Sha256"] = webhook.SignShopify("wrong", body)
	if code, _ := post("shopify", body, bad); code != 401 {
		t.Errorf("bad signature: %d", code)
	}
	if code, _ := post("shopify", body, map[string]string{"X-Shopify-Topic": "orders/create"}); code != 401 {
		t.Errorf("missing signature: %d", code)
	}
	malformed := []byte(`{"id": 1, "created_at": `)
	if code, _ := post("shopify", malformed, shopHeader(malformed)); code != 400 {
		t.Errorf("malformed: %d", code)
	}
	huge := bytes.Repeat([]byte("x"), 2<<20)
	if code, _ := post("shopify", huge, shopHeader(huge)); code != 413 {
		t.Errorf("oversized: %d", code)
	}
	// Stripe and WooCommerce, signed.
	stripe := []byte(fmt.Sprintf(`{"id": "evt_1", "type": "checkout.session.completed", "created": %d,
		"data": {"object": {"id": "cs_test_1", "object": "checkout.session", "payment_intent": "pi_1", "created": %d,
		"currency": "usd", "amount_subtotal": 5000, "amount_total": 5400, "total_details": {"amount_discount": 500},
		"client_reference_id": %q, "customer": "cus_1", "customer_details": {"email": "amy@example.com"}, "metadata": {}}}}`,
		later.Unix(), later.Unix(), cid))
	stripeHeader := map[string]string{"Stripe-Signature": webhook.SignStripe(secrets["stripe"], stripe, time.Now())}
	if code, msg := post("stripe", stripe, stripeHeader); code != 200 {
		t.Errorf("stripe: %d %s", code, msg)
	}
	old := map[string]string{"Stripe-Signature": webhook.SignStripe(secrets["stripe"], stripe, time.Now().Add(-10*time.Minute))}
	if code, _ := post("stripe", stripe, old); code != 401 {
		t.Errorf("stale stripe signature: %d", code)
	}
	woo := []byte(fmt.Sprintf(`{"id": 727, "status": "processing", "currency": "USD", "date_created_gmt": %q,
		"date_modified_gmt": %q, "customer_id": 0, "billing": {"email": "kim@example.com"},
		"line_items": [{"id": 1, "quantity": 1, "subtotal": "30.00", "total": "30.00"}],
		"coupon_lines": [], "meta_data": [{"key": "lift_cid", "value": %q}], "refunds": []}`,
		later.Format("2006-01-02T15:04:05"), later.Format("2006-01-02T15:04:05"), cid))
	wooHeader := map[string]string{"X-WC-Webhook-Topic": "order.created", "X-WC-Webhook-Signature": webhook.SignWooCommerce(secrets["woocommerce"], woo)}
	if code, msg := post("woocommerce", woo, wooHeader); code != 200 {
		t.Errorf("woocommerce: %d %s", code, msg)
	}

	// Every order is stored once, and credited to the click's creator.
	out, err := liftCmd(t, db, "report", "--format", "json")
	if err != nil {
		t.Fatal(out, err)
	}
	var r struct {
		Rows []struct {
			Key     string  `json:"key"`
			Orders  float64 `json:"orders"`
			Revenue float64 `json:"revenue"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err, out)
	}
	if len(r.Rows) != 1 || r.Rows[0].Key != "ana" || r.Rows[0].Orders != 3 || r.Rows[0].Revenue != 90+45+30 {
		t.Fatalf("report rows = %+v", r.Rows)
	}
}

func TestServeWebhookWithoutSecret(t *testing.T) {
	db := storetest.DSN(t)
	s := startServe(t, db, []string{"LIFT_SHOPIFY_WEBHOOK_SECRET=", "LIFT_STRIPE_WEBHOOK_SECRET=", "LIFT_WOOCOMMERCE_WEBHOOK_SECRET="})
	for _, p := range []string{"shopify", "stripe", "woocommerce"} {
		resp, err := http.Post(s.base+"/webhooks/"+p, "application/json", strings.NewReader(`{"id": 1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s without a secret: %d, want 503", p, resp.StatusCode)
		}
	}
}

// SIGTERM stops taking requests, commits what it answered, loads the
// click log into the database and exits within 5 seconds.
func TestServeSIGTERMDrains(t *testing.T) {
	db := storetest.DSN(t)
	workspaceFiles(t, db)
	s := startServe(t, db, nil)
	var answered atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := noFollow.Get(s.base + "/ana1")
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					answered.Add(1)
				}
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)
	sent := time.Now()
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("lift serve exited with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("lift serve did not exit within 5 seconds of SIGTERM")
	}
	close(stop)
	wg.Wait()
	t.Logf("exited %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	// Counted before anything else loads the click log: the server
	// loaded it into the database on its way out.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := st.CountClicks(context.Background())
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if loaded < answered.Load() {
		t.Fatalf("answered %d, loaded into the database on exit %d", answered.Load(), loaded)
	}
	if stored := countClicks(t, db, nil); int64(stored) != loaded {
		t.Fatalf("%d clicks in the database on exit, %d once the log is loaded: some were left in the log", loaded, stored)
	}
}
