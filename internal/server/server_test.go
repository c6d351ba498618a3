package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
	"github.com/liftmetrics/lift/internal/tracking"
	"github.com/liftmetrics/lift/internal/webhook"
)

type env struct {
	st   *store.Store
	tr   *tracking.Tracker
	srv  *httptest.Server
	keyA string
	keyB string
}

// newEnv runs a real server on loopback over a fresh database with two
// workspaces, a and b, each with a campaign and a creator.
func newEnv(t *testing.T) *env {
	t.Helper()
	return newNode(t, storetest.DSN(t), true)
}

// newNode runs a real server on loopback over the database at dsn, with
// its own store, as one more node of that database would; seed makes the
// two workspaces first (the first node of a database does).
func newNode(t *testing.T, dsn string, seed bool) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st}
	for _, name := range []string{"a", "b"} {
		if !seed {
			break
		}
		ws, err := st.Workspace(ctx, name, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct{ kind, data string }{
			{"campaigns", "name,starts,ends\nSpring,2026-01-01,2026-12-31\n"},
			{"creators", "handle,platform,followers\nana,instagram,15000\n"},
		} {
			if _, err := importer.Import(ctx, st, ws, f.kind, strings.NewReader(f.data), importer.Options{File: f.kind}); err != nil {
				t.Fatal(err)
			}
		}
		key, err := CreateAPIKey(ctx, st, ws, "test")
		if err != nil {
			t.Fatal(err)
		}
		if name == "a" {
			e.keyA = key
		} else {
			e.keyB = key
		}
	}
	tr, err := tracking.New(ctx, st, tracking.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close(context.Background()) })
	e.tr = tr
	h := New(Config{Store: st, Tracker: tr, MetricsToken: operatorToken, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), RateLimit: 1000, RateBurst: 1000,
		Secrets: Secrets{Shopify: "default-secret", Stripe: "whsec_default", WooCommerce: "woo-secret"},
		WorkspaceSecrets: func(ws string) Secrets {
			if ws == "b" {
				return Secrets{Shopify: "b-secret"}
			}
			return Secrets{}
		}})
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) call(t *testing.T, method, path, key, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func TestAPIKeysAreRequiredAndHashed(t *testing.T) {
	e := newEnv(t)
	if code, _ := e.call(t, "GET", "/api/v1/links", "", ""); code != 401 {
		t.Errorf("no key: %d", code)
	}
	if code, _ := e.call(t, "GET", "/api/v1/links", "lift_not-a-key", ""); code != 401 {
		t.Errorf("bad key: %d", code)
	}
	if code, _ := e.call(t, "GET", "/api/v1/links", e.keyA, ""); code != 200 {
		t.Errorf("good key: %d", code)
	}
	ctx := context.Background()
	if _, err := e.st.APIKeyByHash(ctx, e.keyA); err == nil {
		t.Error("an API key is stored in the clear, as its own hash")
	}
	names, err := e.st.WorkspaceNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, name := range names {
		ws, err := e.st.Workspace(ctx, name, false)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := e.st.APIKeys(ctx, ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			listed++
			if k.Prefix == e.keyA || k.Name == e.keyA {
				t.Error("an API key is stored in the clear, as its prefix or name")
			}
		}
	}
	if listed == 0 {
		t.Error("no API key listed")
	}
}

// A key of workspace a can neither see nor change workspace b.
func TestAPIKeyStaysInItsWorkspace(t *testing.T) {
	e := newEnv(t)
	code, body := e.call(t, "POST", "/api/v1/links", e.keyB, `{"slug":"bonly","destination":"https://b.example/","creator":"ana","campaign":"Spring"}`)
	if code != 201 {
		t.Fatalf("create in b: %d %v", code, body)
	}
	_, list := e.call(t, "GET", "/api/v1/links", e.keyA, "")
	if links := list["links"].([]any); len(links) != 0 {
		t.Errorf("workspace a sees b's links: %v", links)
	}
	if code, _ := e.call(t, "GET", "/api/v1/links/bonly/qr.png", e.keyA, ""); code != 404 {
		t.Errorf("a reads b's QR code: %d", code)
	}
	if code, _ := e.call(t, "POST", "/api/v1/links", e.keyA, `{"slug":"bonly","destination":"https://evil.example/","creator":"ana","campaign":"Spring"}`); code != 400 {
		t.Errorf("a took over b's slug: %d", code)
	}
	if code, _ := e.call(t, "POST", "/api/v1/orders", e.keyA, `{"order_id":"1","created_at":"2026-03-01","revenue":"10.00"}`); code != 200 {
		t.Fatalf("order in a: %d", code)
	}
	if inB := len(e.storedOrders(t, "b")); inB != 0 {
		t.Error("a's order landed in b")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(e.srv.URL + "/bonly")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Location"), "https://b.example/?") {
		t.Errorf("b's link leads to %q", resp.Header.Get("Location"))
	}
}

func TestAPIOrders(t *testing.T) {
	e := newEnv(t)
	batch := `[{"order_id":"1","created_at":"2026-03-01T10:00:00Z","revenue":49.90,"discount_code":"ana10","units":2},
		{"order_id":"2","created_at":"2026-03-02","revenue":"20.00","landing_url":"https://s.example/?lift_cid=abc"}]`
	code, body := e.call(t, "POST", "/api/v1/orders", e.keyA, batch)
	if code != 200 || body["stored"] != 2.0 {
		t.Fatalf("%d %v", code, body)
	}
	if code, body := e.call(t, "POST", "/api/v1/orders", e.keyA, `{"order_id":"9","created_at":"2026-03-01","revenue":"1.00","source":"orders"}`); code != 200 || body["stored"] != 1.0 {
		t.Errorf("a single order naming \"orders\": %d %v", code, body)
	}
	if code, body := e.call(t, "POST", "/api/v1/orders", e.keyA, `{"orders":[{"order_id":"10","created_at":"2026-03-01","revenue":"1.00"}]}`); code != 200 || body["stored"] != 1.0 {
		t.Errorf("wrapped batch: %d %v", code, body)
	}
	if code, body = e.call(t, "POST", "/api/v1/orders", e.keyA, batch); body["unchanged"] != 2.0 {
		t.Errorf("re-sent batch: %d %v", code, body)
	}
	revenue, click := e.storedOrder(t, "a", "", "1").Revenue, e.storedOrder(t, "a", "", "2").ClickID
	if revenue != 4990 || click != "abc" {
		t.Errorf("revenue %d click %q", revenue, click)
	}
	for _, bad := range []string{
		`{"order_id":"3","created_at":"2026-03-01","revenue":"-1"}`,
		`{"order_id":"3","created_at":"yesterday","revenue":"1"}`,
		`{"created_at":"2026-03-01","revenue":"1"}`,
		`{"order_id":"3","created_at":"2026-03-01","revenue":"1","currency":"EUR"}`,
		`{"order_id":"3","created_at":"2026-03-01","revenue":"1","colour":"red"}`,
		`{"order_id":`,
	} {
		if code, body := e.call(t, "POST", "/api/v1/orders", e.keyA, bad); code != 400 {
			t.Errorf("%s: %d %v", bad, code, body)
		}
	}
	if n := e.rows(t)["orders"]; n != 4 {
		t.Errorf("orders = %d after refused requests", n)
	}
	big := `{"order_id":"` + strings.Repeat("x", 2<<20) + `"}`
	if code, _ := e.call(t, "POST", "/api/v1/orders", e.keyA, big); code != 413 {
		t.Errorf("oversized: %d", code)
	}
}

func TestAPIConversionsLinksCodes(t *testing.T) {
	e := newEnv(t)
	if code, body := e.call(t, "POST", "/api/v1/conversions", e.keyA, `{"conversion_id":"s1","type":"signup","created_at":"2026-03-01","click_id":"abc"}`); code != 200 || body["stored"] != 1.0 {
		t.Errorf("conversion: %d %v", code, body)
	}
	if code, _ := e.call(t, "POST", "/api/v1/conversions", e.keyA, `{"conversion_id":"s2","type":"purchase","created_at":"2026-03-01"}`); code != 400 {
		t.Errorf("bad type: %d", code)
	}
	code, body := e.call(t, "POST", "/api/v1/links", e.keyA, `{"destination":"https://a.example/x","creator":"ana","campaign":"Spring"}`)
	if code != 201 || len(body["slug"].(string)) != 7 {
		t.Fatalf("random slug: %d %v", code, body)
	}
	for _, bad := range []string{
		`{"slug":"api","destination":"https://a.example/","creator":"ana","campaign":"Spring"}`,
		`{"slug":"x1","destination":"javascript:alert(1)","creator":"ana","campaign":"Spring"}`,
		`{"slug":"x2","destination":"https://a.example/","creator":"zoe","campaign":"Spring"}`,
	} {
		if code, _ := e.call(t, "POST", "/api/v1/links", e.keyA, bad); code != 400 {
			t.Errorf("%s: %d", bad, code)
		}
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/links/"+body["slug"].(string)+"/qr.png", nil)
	req.Header.Set("Authorization", "Bearer "+e.keyA)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	png, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("qr: %d %q", resp.StatusCode, png[:min(8, len(png))])
	}
	code, body = e.call(t, "POST", "/api/v1/codes", e.keyA, `{"creator":"ana","campaign":"Spring","pattern":"ANA{NN}","count":5}`)
	if code != 201 || len(body["codes"].([]any)) != 5 {
		t.Fatalf("codes: %d %v", code, body)
	}
	for _, c := range body["codes"].([]any) {
		s := c.(string)
		if len(s) != 5 || !strings.HasPrefix(s, "ANA") || strings.ContainsAny(s[3:], "01") {
			t.Errorf("code %q", s)
		}
	}
}

func TestRateLimit(t *testing.T) {
	l := newLimiter(1, 2, func() time.Time { return time.Unix(0, 0) })
	if ok, _ := l.allow("ip"); !ok {
		t.Fatal("first request limited")
	}
	l.allow("ip")
	if ok, wait := l.allow("ip"); ok || wait <= 0 {
		t.Fatalf("third request in the same instant allowed (%v)", wait)
	}
	if ok, _ := l.allow("other"); !ok {
		t.Fatal("another IP limited")
	}
}

// One workspace's webhook secret cannot write into another workspace.
func TestWebhookSecretsPerWorkspace(t *testing.T) {
	e := newEnv(t)
	body := []byte(`{"id": 4501, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "20.00",
		"line_items": [{"quantity": 1}], "discount_codes": [], "note_attributes": []}`)
	post := func(path, secret string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+path, bytes.NewReader(body))
		req.Header.Set("X-Shopify-Topic", "orders/create")
		req.Header.Set("X-Shopify-Hmac-Sha256", webhook.SignShopify(secret, body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("/webhooks/shopify/b", "default-secret"); code != 401 {
		t.Errorf("default secret into workspace b: %d, want 401", code)
	}
	if code := post("/webhooks/shopify/a", "default-secret"); code != 503 {
		t.Errorf("workspace without a secret: %d, want 503", code)
	}
	if code := post("/webhooks/shopify/nope", "default-secret"); code != 404 {
		t.Errorf("unknown workspace: %d, want 404", code)
	}
	if code := post("/webhooks/shopify/b", "b-secret"); code != 200 {
		t.Errorf("b's own secret: %d, want 200", code)
	}
	if code := post("/webhooks/shopify", "default-secret"); code != 200 {
		t.Errorf("default workspace: %d, want 200", code)
	}
	if inA := len(e.storedOrders(t, "a")); inA != 0 {
		t.Errorf("orders in a: %d", inA)
	}
	if SecretEnv("shopify", "acme-eu") != "LIFT_SHOPIFY_WEBHOOK_SECRET_ACME_EU" || SecretEnv("stripe", "default") != "LIFT_STRIPE_WEBHOOK_SECRET" {
		t.Error("secret variable names")
	}
}

// Deliveries out of order or twice never undo or double a refund.
func TestWebhookRefundsSurviveRedelivery(t *testing.T) {
	e := newEnv(t)
	now := time.Now()
	stripe := func(body string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+"/webhooks/stripe", strings.NewReader(body))
		req.Header.Set("Stripe-Signature", webhook.SignStripe("whsec_default", []byte(body), now))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	session := fmt.Sprintf(`{"id": "evt_1", "type": "checkout.session.completed", "created": %d, "data": {"object": {
		"id": "cs_1", "object": "checkout.session", "payment_intent": "pi_1", "created": %d, "currency": "usd",
		"amount_subtotal": 5000, "amount_total": 5000, "total_details": {"amount_discount": 0}, "metadata": {}}}}`, now.Unix(), now.Unix())
	refund := `{"id": "evt_2", "type": "charge.refunded", "data": {"object": {"id": "ch_1", "object": "charge",
		"payment_intent": "pi_1", "amount": 5000, "amount_refunded": 5000, "currency": "usd"}}}`
	for i, body := range []string{session, refund, session} {
		if code := stripe(body); code != 200 {
			t.Fatalf("delivery %d: %d", i, code)
		}
	}
	refunded := func(source, id string) int64 {
		var v int64
		for _, o := range ordersNamed(e.storedOrders(t), source, id) {
			v += int64(o.Refunded)
		}
		return v
	}
	if got := refunded("stripe", "pi_1"); got != 5000 {
		t.Errorf("stripe refunded after a redelivered checkout = %d, want 5000", got)
	}

	// Shopify: an order payload that already includes a $10 refund, then
	// the refund's own event, then a second refund of $5.
	shopify := func(topic, body string) int {
		req, _ := http.NewRequest("POST", e.srv.URL+"/webhooks/shopify", strings.NewReader(body))
		req.Header.Set("X-Shopify-Topic", topic)
		req.Header.Set("X-Shopify-Hmac-Sha256", webhook.SignShopify("default-secret", []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	order := `{"id": 77, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "50.00",
		"line_items": [{"quantity": 1}], "refunds": [{"id": 1, "transactions": [{"kind": "refund", "status": "success", "amount": "10.00"}]}]}`
	refund1 := `{"id": 1, "order_id": 77, "transactions": [{"kind": "refund", "status": "success", "amount": "10.00"}]}`
	refund2 := `{"id": 2, "order_id": 77, "transactions": [{"kind": "refund", "status": "success", "amount": "5.00"}]}`
	for i, d := range []struct{ topic, body string }{{"orders/create", order}, {"refunds/create", refund1}, {"refunds/create", refund1}, {"refunds/create", refund2}} {
		if code := shopify(d.topic, d.body); code != 200 {
			t.Fatalf("shopify delivery %d: %d", i, code)
		}
	}
	if got := refunded("shopify", "77"); got != 1500 {
		t.Errorf("shopify refunded = %d, want 1500 ($10 counted once, then $5)", got)
	}
}
