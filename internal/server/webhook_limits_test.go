package server

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/webhook"
)

// signedDelivery posts body to a provider's webhook of the default
// workspace, signed with its secret, and returns the status and answer.
func (e *env) signedDelivery(t *testing.T, provider, topic, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/webhooks/"+provider, strings.NewReader(body))
	switch provider {
	case "shopify":
		req.Header.Set("X-Shopify-Topic", topic)
		if strings.Contains(body, `"id": 1011,`) {
			req.Header.Set("X-Shopify-Webhook-Id", strings.Repeat("d", 257))
		}
		req.Header.Set("X-Shopify-Hmac-Sha256", webhook.SignShopify("default-secret", []byte(body)))
	case "stripe":
		req.Header.Set("Stripe-Signature", webhook.SignStripe("whsec_default", []byte(body), time.Now()))
	case "woocommerce":
		req.Header.Set("X-WC-Webhook-Topic", topic)
		req.Header.Set("X-WC-Webhook-Signature", webhook.SignWooCommerce("woo-secret", []byte(body)))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// stored counts every row a webhook can leave behind.
func (e *env) webhookRows(t *testing.T) int {
	t.Helper()
	rows := e.rows(t)
	return int(rows["orders"] + rows["refunds"] + rows["webhook_events"] + rows["stripe_promotion_codes"])
}

// TestWebhooksRefuseWhatFilesRefuse: signed deliveries through the real
// handler are held to the input limits of the orders file (field lengths,
// 50 codes, UTF-8 without control characters, years 2000 to 2100): each is
// refused with the field and the limit, and leaves nothing stored.
func TestWebhooksRefuseWhatFilesRefuse(t *testing.T) {
	long := strings.Repeat("x", 257)
	digits := strings.Repeat("7", 257)
	shopify := func(id, extra string) string {
		return `{"id": ` + id + `, "created_at": "2026-03-05T10:00:00Z", "currency": "USD", "subtotal_price": "20.00",
			"financial_status": "paid", "line_items": [{"quantity": 1}]` + extra + `}`
	}
	shopifyCodes := func(n int) string {
		var cs []string
		for i := range n {
			cs = append(cs, fmt.Sprintf(`{"code": "C%d", "amount": "1.00", "type": "fixed_amount"}`, i))
		}
		return `, "discount_codes": [` + strings.Join(cs, ",") + `]`
	}
	now := time.Now().Unix()
	stripe := func(session, extra string) string {
		return fmt.Sprintf(`{"id": "evt_%d", "object": "event", "type": "checkout.session.completed", "created": %d, "data": {"object": {
			"id": "cs_1", "object": "checkout.session", "mode": "payment", "payment_intent": %s, "created": %d,
			"currency": "usd", "amount_subtotal": 6000, "payment_status": "paid"%s}}}`, len(session)+len(extra), now, session, now, extra)
	}
	stripePromo := func(id, code string) string {
		return `{"id": "evt_p", "object": "event", "type": "promotion_code.created", "data": {"object": {
			"id": ` + id + `, "object": "promotion_code", "active": true, "code": ` + code + `}}}`
	}
	woo := func(id, extra string) string {
		return `{"id": ` + id + `, "status": "completed", "currency": "USD", "date_created_gmt": "2026-03-05T10:14:27",
			"line_items": [{"quantity": 1, "total": "20.00"}]` + extra + `}`
	}
	wooCodes := func(n int) string {
		var cs []string
		for i := range n {
			cs = append(cs, fmt.Sprintf(`{"code": "c%d"}`, i))
		}
		return `, "coupon_lines": [` + strings.Join(cs, ",") + `]`
	}
	for _, tc := range []struct{ name, provider, topic, body, field, problem string }{
		{"shopify 51 codes", "shopify", "orders/create", shopify("1001", shopifyCodes(51)), "discount_codes", "at most 50"},
		{"shopify 70,000 codes", "shopify", "orders/create", shopify("1010", `, "discount_codes": [`+strings.Repeat(`{"code":"A"},`, 70000)+`{"code":"B"}]`), "discount_codes", "at most 50"},
		{"shopify long delivery id", "shopify", "orders/create", shopify("1011", ""), "id", "at most 256"},
		{"shopify long code", "shopify", "orders/create", shopify("1002", `, "discount_codes": [{"code": "`+long+`"}]`), "discount_code", "at most"},
		{"shopify escape in code", "shopify", "orders/create", shopify("1003", `, "discount_codes": [{"code": "A\u001b[31mB"}]`), "discount_code", "control character"},
		{"shopify not UTF-8", "shopify", "orders/create", shopify("1004", `, "discount_codes": [{"code": "caf`+"\xe9"+`"}]`), "", "UTF-8"},
		{"shopify long click id", "shopify", "orders/create", shopify("1005", `, "note_attributes": [{"name": "lift_cid", "value": "`+long+`"}]`), "click_id", "at most 256"},
		{"shopify NUL in landing", "shopify", "orders/create", shopify("1006", `, "landing_site": "/p?x=\u0000"`), "landing_url", "control character"},
		{"shopify long currency", "shopify", "orders/create", strings.Replace(shopify("1007", ""), `"USD"`, `"`+long+`"`, 1), "currency", ""},
		{"shopify year 1999", "shopify", "orders/create", strings.Replace(shopify("1008", ""), "2026-03-05", "1999-03-05", 1), "created_at", "2000 to 2100"},
		{"shopify long customer", "shopify", "orders/create", shopify("1009", `, "customer": {"id": `+digits+`}`), "customer", "at most 256"},
		{"shopify refund long id", "shopify", "refunds/create", `{"id": ` + digits + `, "order_id": 1, "transactions": [{"kind": "refund", "status": "success", "amount": "1.00"}]}`, "", "at most 256"},
		{"stripe long session", "stripe", "", stripe(`"pi_`+long+`"`, ""), "order_id", "at most 256"},
		{"stripe escape in click id", "stripe", "", stripe(`"pi_2"`, `, "metadata": {"lift_cid": "a\u001b]8;;x\u0007"}`), "click_id", "control character"},
		{"stripe C1 in customer", "stripe", "", stripe(`"pi_3"`, `, "customer": "cus_\u009b2J"`), "customer", "control character"},
		{"stripe long promotion code", "stripe", "", stripePromo(`"promo_1"`, `"`+long+`"`), "code", "at most"},
		{"stripe escape in promotion code", "stripe", "", stripePromo(`"promo_2"`, `"AB\u001b[2J"`), "code", "control character"},
		{"stripe long promotion id", "stripe", "", stripePromo(`"promo_`+long+`"`, `"ANA15"`), "", "at most 256"},
		{"stripe 51 promotions", "stripe", "", stripe(`"pi_4"`, `, "discounts": [`+strings.Repeat(`{"promotion_code": "promo_x"},`, 50)+`{"promotion_code": "promo_y"}]`), "discounts", "at most 50"},
		{"stripe long refund", "stripe", "", `{"id": "evt_r", "object": "event", "type": "charge.refunded", "data": {"object": {"id": "ch_` + long + `", "payment_intent": "pi_9", "amount_refunded": 100, "currency": "usd"}}}`, "", "at most 256"},
		{"woo 51 coupons", "woocommerce", "order.created", woo("2001", wooCodes(51)), "coupon_lines", "at most 50"},
		{"woo escape in coupon", "woocommerce", "order.created", woo("2002", `, "coupon_lines": [{"code": "x\u007fy"}]`), "discount_code", "control character"},
		{"woo long click id", "woocommerce", "order.created", woo("2003", `, "meta_data": [{"key": "lift_cid", "value": "`+long+`"}]`), "click_id", "at most 256"},
		{"woo not UTF-8 coupon", "woocommerce", "order.created", woo("2004", `, "coupon_lines": [{"code": "`+"\xff\xfe"+`"}]`), "", "UTF-8"},
		{"woo long refund id", "woocommerce", "order.updated", woo("2005", `, "refunds": [{"id": `+digits+`, "total": "-1.00"}]`), "", "at most 256"},
		{"woo year 2101", "woocommerce", "order.created", strings.Replace(woo("2006", ""), "2026-03-05", "2101-03-05", 1), "date_created_gmt", "2000 to 2100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			code, body := e.signedDelivery(t, tc.provider, tc.topic, tc.body)
			if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity {
				t.Errorf("answered %d, want 400 or 422: %s", code, body)
			}
			if !strings.Contains(body, tc.field) || !strings.Contains(body, tc.problem) {
				t.Errorf("answer %s, want %s: %s", body, tc.field, tc.problem)
			}
			if n := e.webhookRows(t); n != 0 {
				t.Errorf("a refused delivery left %d rows", n)
			}
		})
	}
}
