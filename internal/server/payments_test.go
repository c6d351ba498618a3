package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/webhook"
)

// shopifyDelivery posts a signed Shopify delivery to the default workspace.
func (e *env) shopifyDelivery(t *testing.T, topic, webhookID, body string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/webhooks/shopify", strings.NewReader(body))
	req.Header.Set("X-Shopify-Topic", topic)
	if webhookID != "" {
		req.Header.Set("X-Shopify-Webhook-Id", webhookID)
	}
	req.Header.Set("X-Shopify-Hmac-Sha256", webhook.SignShopify("default-secret", []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// stripeDelivery posts a signed Stripe event to the default workspace.
func (e *env) stripeDelivery(t *testing.T, body string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/webhooks/stripe", strings.NewReader(body))
	req.Header.Set("Stripe-Signature", webhook.SignStripe("whsec_default", []byte(body), time.Now()))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// stored reads one order's columns from the default workspace.
func (e *env) stored(t *testing.T, source, id string) (refunded int64, payment, codes, clickID string) {
	t.Helper()
	o := e.storedOrder(t, "default", source, id)
	return int64(o.Refunded), o.Payment, strings.Join(o.Codes, ","), o.ClickID
}

// The signature covers the body, not X-Shopify-Webhook-Id: a captured
// refund sent again under new delivery ids must not count again, and
// refunds never exceed the order.
func TestReplayedShopifyRefundCountsOnce(t *testing.T) {
	e := newEnv(t)
	order := `{"id": 820982911946154508, "created_at": "2026-03-05T10:00:00-05:00", "currency": "USD",
		"subtotal_price": "100.00", "total_price": "108.25", "financial_status": "paid", "line_items": [{"quantity": 1}]}`
	refund := `{"id": 929361462, "order_id": 820982911946154508, "created_at": "2026-03-07T11:02:00-05:00",
		"refund_line_items": [{"id": 1058498307, "quantity": 1, "line_item_id": 466157049, "subtotal": 30.0, "total_tax": 2.48,
			"subtotal_set": {"shop_money": {"amount": "30.00", "currency_code": "USD"}, "presentment_money": {"amount": "30.00", "currency_code": "USD"}}}],
		"transactions": [{"id": 1068278539, "kind": "refund", "status": "success", "amount": "32.48", "currency": "USD"}],
		"order_adjustments": []}`
	if code := e.shopifyDelivery(t, "orders/create", "d-order", order); code != 200 {
		t.Fatalf("order: %d", code)
	}
	for _, id := range []string{"d-1", "d-2", "d-3", ""} {
		if code := e.shopifyDelivery(t, "refunds/create", id, refund); code != 200 {
			t.Fatalf("refund under delivery %q: %d", id, code)
		}
	}
	if got, _, _, _ := e.stored(t, "shopify", "820982911946154508"); got != 3000 {
		t.Errorf("refunded %d after one refund delivered four times, want 3000", got)
	}
	// A second, larger refund cannot take more than the order's revenue.
	big := strings.NewReplacer("929361462", "929361463", `"30.00"`, `"95.00"`, "32.48", "102.84").Replace(refund)
	if code := e.shopifyDelivery(t, "refunds/create", "d-4", big); code != 200 {
		t.Fatalf("second refund: %d", code)
	}
	if got, _, _, _ := e.stored(t, "shopify", "820982911946154508"); got != 10000 {
		t.Errorf("refunded %d, want 10000 (capped at the $100 order)", got)
	}
	if rows := e.rows(t)["refunds"]; rows != 2 {
		t.Errorf("%d refunds recorded, want 2", rows)
	}
}

// A pending order is stored pending and turns paid with orders/paid; a
// paid order never turns pending again through a late delivery.
func TestPaymentStatusThroughWebhooks(t *testing.T) {
	e := newEnv(t)
	order := func(status string) string {
		return fmt.Sprintf(`{"id": 5001, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "40.00",
			"financial_status": %q, "gateway": "Cash on Delivery (COD)", "line_items": [{"quantity": 1}]}`, status)
	}
	steps := []struct{ topic, status, want string }{
		{"orders/create", "pending", "pending"},
		{"orders/paid", "paid", "paid"},
		{"orders/create", "pending", "paid"}, // a late copy of the first delivery
	}
	for i, s := range steps {
		if code := e.shopifyDelivery(t, s.topic, fmt.Sprint("p-", i), order(s.status)); code != 200 {
			t.Fatalf("step %d: %d", i, code)
		}
		if _, got, _, _ := e.stored(t, "shopify", "5001"); got != s.want {
			t.Errorf("step %d (%s %s): payment %q, want %q", i, s.topic, s.status, got, s.want)
		}
	}
}

// Stripe: an unpaid session is pending until async_payment_succeeded; a
// failed one is void; a null amount_subtotal is answered 200 and stored
// nowhere; client_reference_id counts only for a click the workspace has;
// promotion code ids get the codes learnt from promotion_code events, also
// for orders that came first.
func TestStripeCheckoutPayments(t *testing.T) {
	e := newEnv(t)
	now := time.Now().Unix()
	session := func(evt, typ, pi, status, clientRef, promo string) string {
		return fmt.Sprintf(`{"id": %q, "object": "event", "type": %q, "created": %d, "data": {"object": {
			"id": "cs_%s", "object": "checkout.session", "mode": "payment", "payment_intent": %q, "created": %d,
			"currency": "usd", "amount_subtotal": 6000, "amount_total": 5400, "payment_status": %q,
			"client_reference_id": %q, "total_details": {"amount_discount": 600, "amount_shipping": 0, "amount_tax": 0},
			"discounts": [{"coupon": "Z4OV52SU", "promotion_code": %q}], "metadata": {}}}}`,
			evt, typ, now, pi, pi, now, status, clientRef, promo)
	}
	deliver := func(body string) {
		t.Helper()
		if code := e.stripeDelivery(t, body); code != 200 {
			t.Fatalf("delivery answered %d: %s", code, body[:80])
		}
	}
	deliver(session("evt_a1", "checkout.session.completed", "pi_a", "unpaid", "user_48213", "promo_1ABC"))
	if _, p, codes, _ := e.stored(t, "stripe", "pi_a"); p != "pending" || codes != "" {
		t.Errorf("unpaid session: payment %q codes %q, want pending and no code yet", p, codes)
	}
	deliver(`{"id": "evt_p1", "object": "event", "type": "promotion_code.created", "data": {"object": {
		"id": "promo_1ABC", "object": "promotion_code", "active": true, "code": "ana15", "coupon": {"id": "Z4OV52SU", "percent_off": 10}}}}`)
	if _, _, codes, _ := e.stored(t, "stripe", "pi_a"); codes != "ANA15" {
		t.Errorf("after promotion_code.created the earlier order has codes %q, want ANA15", codes)
	}
	deliver(session("evt_a2", "checkout.session.async_payment_succeeded", "pi_a", "paid", "user_48213", "promo_1ABC"))
	if _, p, codes, _ := e.stored(t, "stripe", "pi_a"); p != "paid" || codes != "ANA15" {
		t.Errorf("after async_payment_succeeded: payment %q codes %q, want paid, ANA15", p, codes)
	}
	deliver(session("evt_b1", "checkout.session.async_payment_failed", "pi_b", "unpaid", "", "promo_1ABC"))
	if _, p, _, _ := e.stored(t, "stripe", "pi_b"); p != "void" {
		t.Errorf("async_payment_failed: payment %q, want void", p)
	}
	// A click id of Lift's shape that this workspace never saw is ignored.
	deliver(session("evt_c1", "checkout.session.completed", "pi_c", "paid", "Qm9vdHN0cmFwQ2xpY2tJRA", ""))
	if _, _, _, cid := e.stored(t, "stripe", "pi_c"); cid != "" {
		t.Errorf("unknown client_reference_id kept as click id %q", cid)
	}
	noSubtotal := strings.Replace(session("evt_d1", "checkout.session.completed", "pi_d", "paid", "", ""), `"amount_subtotal": 6000`, `"amount_subtotal": null`, 1)
	deliver(noSubtotal)
	if n := len(ordersNamed(e.storedOrders(t), "", "pi_d")); n != 0 {
		t.Errorf("a session without amount_subtotal was stored")
	}
}

// The API takes the orders file's status: a COD order is pending, then paid.
func TestAPIOrderStatus(t *testing.T) {
	e := newEnv(t)
	payment := func() string {
		return e.storedOrder(t, "a", "", "cod-1").Payment
	}
	for _, step := range []struct{ status, want string }{{"on-hold", "pending"}, {"completed", "paid"}} {
		body := `{"order_id":"cod-1","created_at":"2026-03-01T10:00:00Z","revenue":"35.00","status":"` + step.status + `"}`
		if code, out := e.call(t, "POST", "/api/v1/orders", e.keyA, body); code != 200 {
			t.Fatalf("%s: %d %v", step.status, code, out)
		}
		if got := payment(); got != step.want {
			t.Errorf("status %s: payment %q, want %q", step.status, got, step.want)
		}
	}
	code, out := e.call(t, "POST", "/api/v1/orders", e.keyA, `{"order_id":"x","created_at":"2026-03-01","revenue":"1.00","status":"shipped"}`)
	if code != 400 || !strings.Contains(fmt.Sprint(out), `"shipped" is not a payment status`) {
		t.Errorf("unknown status: %d %v", code, out)
	}
}

// WooCommerce lists an order's refunds in the order itself: the same body
// under new delivery ids, or an older copy, never counts a refund twice or
// undoes one.
func TestWooCommerceRefundsByTheirIDs(t *testing.T) {
	e := newEnv(t)
	deliver := func(delivery, body string) {
		t.Helper()
		req, _ := http.NewRequest("POST", e.srv.URL+"/webhooks/woocommerce", strings.NewReader(body))
		req.Header.Set("X-WC-Webhook-Topic", "order.updated")
		req.Header.Set("X-WC-Webhook-Delivery-ID", delivery)
		req.Header.Set("X-WC-Webhook-Signature", webhook.SignWooCommerce("woo-secret", []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("delivery %s: %d", delivery, resp.StatusCode)
		}
	}
	order := func(refunds string) string {
		return `{"id": 4817, "status": "completed", "currency": "USD", "date_created_gmt": "2026-03-05T10:14:27",
			"date_modified_gmt": "2026-03-08T09:00:00", "customer_id": 0, "billing": {"email": "jonas@example.de"},
			"line_items": [{"id": 311, "quantity": 2, "total": "68.00"}], "coupon_lines": [], "meta_data": [],
			"refunds": [` + refunds + `]}`
	}
	one := order(`{"id": 4901, "reason": "", "total": "-10.00"}`)
	two := order(`{"id": 4902, "reason": "damaged", "total": "-2.50"}, {"id": 4901, "reason": "", "total": "-10.00"}`)
	for i, body := range []string{one, one, two, one, two} {
		deliver(fmt.Sprint("wc-", i), body)
	}
	if got, _, _, _ := e.stored(t, "woocommerce", "4817"); got != 1250 {
		t.Errorf("refunded %d, want 1250 (10.00 and 2.50, each once)", got)
	}
}

// A Stripe session whose client_reference_id is a click this workspace
// has is credited to that click, even when Stripe's clock puts the
// session 3 minutes before the click (the 5-minute skew of README,
// Attribution): revenue 60.00 less the 6.00 discount goes to ana.
func TestStripeClientReferenceIsTheClick(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ws, err := e.st.Workspace(ctx, "default", true)
	if err != nil {
		t.Fatal(err)
	}
	const click = "Qm9vdHN0cmFwQ2xpY2tJRB"
	now := time.Now().UTC().Truncate(time.Second)
	for _, f := range [][2]string{
		{"campaigns", "name,starts,ends\nSpring,2000-01-01,2100-12-31\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\n"},
		{"links", "slug,destination,creator,campaign\nana1,https://a.example/,ana,Spring\n"},
		{"clicks", "slug,clicked_at,click_id,visitor,user_agent\nana1," + now.Add(3*time.Minute).Format(time.RFC3339) + "," + click + ",v1,Mozilla/5.0 (iPhone)\n"},
	} {
		if _, err := importer.Import(ctx, e.st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0]}); err != nil {
			t.Fatal(err)
		}
	}
	body := fmt.Sprintf(`{"id": "evt_r1", "object": "event", "type": "checkout.session.completed", "created": %d, "data": {"object": {
		"id": "cs_r1", "object": "checkout.session", "mode": "payment", "payment_intent": "pi_r1", "created": %d,
		"currency": "usd", "amount_subtotal": 6000, "amount_total": 5400, "payment_status": "paid",
		"client_reference_id": %q, "total_details": {"amount_discount": 600, "amount_shipping": 0, "amount_tax": 0},
		"discounts": [], "metadata": {}}}}`, now.Unix(), now.Unix(), click)
	if code := e.stripeDelivery(t, body); code != 200 {
		t.Fatalf("delivery answered %d", code)
	}
	if _, _, _, cid := e.stored(t, "stripe", "pi_r1"); cid != click {
		t.Fatalf("click id %q, want %q", cid, click)
	}
	r, err := report.Build(ctx, e.st, ws, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rows) != 1 || r.Rows[0].Key != "ana" || r.Total.Orders != 1 || r.Total.Revenue != 5400 || r.Unattributed.Orders != 0 {
		t.Errorf("%d rows, total %v orders %v revenue, unattributed %+v; want ana with one order of 54.00", len(r.Rows), r.Total.Orders, r.Total.Revenue, r.Unattributed)
	}
}
