package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/webhook"
)

// deliver posts a signed order delivery of provider to path; sign
// signs it with secret, as the provider would.
func (e *env) deliver(t *testing.T, provider, path, secret string, n int) (int, string) {
	t.Helper()
	var body []byte
	req, _ := http.NewRequest("POST", e.srv.URL+path, nil)
	switch provider {
	case "shopify":
		body = fmt.Appendf(nil, `{"id": %d, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "20.00",
			"line_items": [{"quantity": 1}], "discount_codes": [], "note_attributes": []}`, 7000+n)
		req.Header.Set("X-Shopify-Topic", "orders/create")
		req.Header.Set("X-Shopify-Hmac-Sha256", webhook.SignShopify(secret, body))
	case "stripe":
		now := time.Now()
		body = fmt.Appendf(nil, `{"id": "evt_s%d", "type": "checkout.session.completed", "created": %d, "data": {"object": {
			"id": "cs_s%d", "object": "checkout.session", "payment_intent": "pi_s%d", "created": %d, "currency": "usd",
			"amount_subtotal": 5000, "amount_total": 5000, "total_details": {"amount_discount": 0}, "metadata": {}}}}`,
			n, now.Unix(), n, n, now.Unix())
		req.Header.Set("Stripe-Signature", webhook.SignStripe(secret, body, now))
	case "woocommerce":
		body = fmt.Appendf(nil, `{"id": %d, "status": "processing", "currency": "USD", "date_created_gmt": "2026-03-05T10:00:00",
			"total": "20.00", "total_tax": "0.00", "shipping_total": "0.00", "line_items": [{"quantity": 1, "total": "20.00"}], "coupon_lines": [], "meta_data": []}`, 7000+n)
		req.Header.Set("X-WC-Webhook-Topic", "order.created")
		req.Header.Set("X-WC-Webhook-Signature", webhook.SignWooCommerce(secret, body))
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A secret stored in the database verifies its workspace's deliveries on
// every provider, a wrong one is refused, and it wins over the
// environment's; removed, the environment's holds again.
func TestWebhookSecretsFromTheDatabase(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, err := e.st.Workspace(ctx, "a", false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range Providers {
		n++
		if code, body := e.deliver(t, p, "/webhooks/"+p+"/a", "db-"+p, n); code != 503 || !strings.Contains(body, "lift webhook secret set --provider "+p+" --workspace a") {
			t.Errorf("%s before its secret is set: %d %s", p, code, body)
		}
		if err := e.st.SetWebhookSecret(ctx, a.ID, p, "db-"+p); err != nil {
			t.Fatal(err)
		}
		n++
		if code, body := e.deliver(t, p, "/webhooks/"+p+"/a", "db-"+p, n); code != 200 {
			t.Errorf("%s signed with the stored secret: %d %s", p, code, body)
		}
		n++
		if code, _ := e.deliver(t, p, "/webhooks/"+p+"/a", "db-"+p+"-wrong", n); code != 401 {
			t.Errorf("%s signed with a wrong secret: %d, want 401", p, code)
		}
	}
	if got := e.orders(t, "a"); got != 3 {
		t.Errorf("orders in a = %d, want one per provider", got)
	}

	// Workspace b has a Shopify secret in the environment: it holds until
	// one is stored, which then wins; removed, the environment's holds
	// again.
	b, _ := e.st.Workspace(ctx, "b", false)
	if code, _ := e.deliver(t, "shopify", "/webhooks/shopify/b", "b-secret", 100); code != 200 {
		t.Errorf("the environment's secret: %d", code)
	}
	if err := e.st.SetWebhookSecret(ctx, b.ID, "shopify", "b-db-secret"); err != nil {
		t.Fatal(err)
	}
	if code, _ := e.deliver(t, "shopify", "/webhooks/shopify/b", "b-secret", 101); code != 401 {
		t.Errorf("the environment's secret beside a stored one: %d, want 401", code)
	}
	if code, _ := e.deliver(t, "shopify", "/webhooks/shopify/b", "b-db-secret", 102); code != 200 {
		t.Errorf("the stored secret beside the environment's: %d", code)
	}
	if ok, err := e.st.RemoveWebhookSecret(ctx, b.ID, "shopify"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if code, _ := e.deliver(t, "shopify", "/webhooks/shopify/b", "b-secret", 103); code != 200 {
		t.Errorf("the environment's secret once the stored one is removed: %d", code)
	}
	// The default workspace's environment secrets still work.
	if code, _ := e.deliver(t, "woocommerce", "/webhooks/woocommerce", "woo-secret", 104); code != 200 {
		t.Errorf("default workspace, environment secret: %d", code)
	}
	if got := e.orders(t, "b"); got != 3 {
		t.Errorf("orders in b = %d, want 3", got)
	}
}

// A secret sealed under a master secret this node lacks turns the webhook
// off (503, saying why) rather than refusing every delivery as forged or
// falling back to another secret.
func TestWebhookSecretSealedElsewhere(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws, _ := e.st.Workspace(ctx, "", false)
	e.st.UseMasterSecret([]byte(strings.Repeat("k", 32)))
	if err := e.st.SetWebhookSecret(ctx, ws.ID, "shopify", "sealed-secret"); err != nil {
		t.Fatal(err)
	}
	if code, body := e.deliver(t, "shopify", "/webhooks/shopify", "sealed-secret", 1); code != 200 {
		t.Fatalf("with the master: %d %s", code, body)
	}
	e.st.UseMasterSecret(nil)
	for _, secret := range []string{"sealed-secret", "default-secret"} {
		if code, body := e.deliver(t, "shopify", "/webhooks/shopify", secret, 2); code != 503 || !strings.Contains(body, "LIFT_SECRET") {
			t.Errorf("without the master, signed with %s: %d %s", secret, code, body)
		}
	}
}

func (e *env) orders(t *testing.T, ws string) int {
	t.Helper()
	return len(e.storedOrders(t, ws))
}
