package webhook

import (
	"testing"

	"github.com/liftmetrics/lift/internal/csvin"
)

const (
	shopifyOrderID = "5823910467213"
	shopifyLanding = "/products/luna-serum?lift_cid=c_7Hq2xK&utm_source=instagram&utm_medium=creator&utm_campaign=spring-glow"
)

// shopifyWant is the order in testdata/shopify_orders_create.json.
func shopifyWant(edit func(o *csvin.Order)) *csvin.Order {
	o := &csvin.Order{
		Source:     "shopify",
		ExternalID: shopifyOrderID,
		Time:       utc("2026-03-05T15:14:27Z"),
		// subtotal_price: 248.00 of line items less the 37.20 code
		// discount. total_discounts (42.20) also holds the shipping
		// discount and is not subtracted again.
		Revenue:    21080,
		Currency:   "USD",
		Codes:      []string{"LUNA15", "FREESHIP"},
		ClickID:    "c_7Hq2xK",
		LandingURL: shopifyLanding,
		Customer:   "shopify:7291048857765",
		Units:      3,
		Payment:    "paid",
		Status:     "paid",
	}
	if edit != nil {
		edit(o)
	}
	return o
}

func TestShopify(t *testing.T) {
	order := load(t, "shopify_orders_create.json")
	refund := load(t, "shopify_refunds_create.json")
	edit := func(body []byte, f func(m map[string]any)) []byte { return patch(t, body, f) }
	refundTx := func(status, amount string) map[string]any {
		return map[string]any{"kind": "refund", "status": status, "amount": amount, "gateway": "shopify_payments"}
	}

	tests := []struct {
		name      string
		topic     string
		webhookID string
		body      []byte
		secret    string // default testSecret
		sig       string // default: a valid signature of body
		noSig     bool
		want      Event
		wantErr   error
		detail    string
	}{
		{
			name: "orders/create", topic: "orders/create", webhookID: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", body: order,
			want: Event{Provider: "shopify", ID: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", Order: shopifyWant(nil)},
		},
		{
			name: "orders/paid without webhook id", topic: "orders/paid", body: order,
			want: Event{Provider: "shopify", ID: "orders/paid:" + shopifyOrderID, Order: shopifyWant(nil)},
		},
		{
			name: "click id from landing site without note attribute", topic: "orders/create",
			body: edit(order, func(m map[string]any) {
				delete(m, "note_attributes")
				m["landing_site"] = "https://lunaskin.example/?utm_source=tt&lift_cid=c%2Fland#top"
			}),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.ClickID = "c/land"
				o.LandingURL = "https://lunaskin.example/?utm_source=tt&lift_cid=c%2Fland#top"
			})},
		},
		{
			name: "note attribute wins over landing site", topic: "orders/create",
			body: edit(order, func(m map[string]any) {
				m["note_attributes"] = []any{map[string]any{"name": "lift_cid", "value": " c_note "}}
			}),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) { o.ClickID = "c_note" })},
		},
		{
			name: "guest checkout: e-mail lower-cased", topic: "orders/create",
			body: edit(order, func(m map[string]any) {
				m["customer"] = nil
				m["email"] = " Maya.Lopez@Example.COM"
			}),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) { o.Customer = "maya.lopez@example.com" })},
		},
		{
			name: "id beyond float64 precision", topic: "orders/create",
			body: edit(order, func(m map[string]any) { m["id"] = jsonNumber("9007199254740993") }),
			want: Event{Provider: "shopify", ID: "orders/create:9007199254740993", Order: shopifyWant(func(o *csvin.Order) { o.ExternalID = "9007199254740993" })},
		},
		{
			name: "codes deduplicated, no line items count one unit", topic: "orders/create",
			body: edit(order, func(m map[string]any) {
				m["discount_codes"] = []any{map[string]any{"code": "Luna15"}, map[string]any{"code": "LUNA15"}, map[string]any{"code": " "}}
				m["line_items"] = []any{}
			}),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Codes = []string{"LUNA15"}
				o.Units = 1
			})},
		},
		{
			name: "successful refund transactions are refunded", topic: "orders/paid",
			body: edit(order, func(m map[string]any) {
				m["financial_status"] = "partially_refunded"
				m["refunds"] = []any{
					map[string]any{"id": 1, "transactions": []any{refundTx("success", "22.53"), refundTx("failure", "22.53")}},
					map[string]any{"id": 2, "transactions": []any{refundTx("success", "10.00"), map[string]any{"kind": "sale", "status": "success", "amount": "99.00"}}},
				}
			}),
			want: Event{Provider: "shopify", ID: "orders/paid:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Refunded = 3253
				o.Status = "partially_refunded"
			}), Refunds: []Refund{
				{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "1", Amount: 2253},
				{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "2", Amount: 1000},
			}},
		},
		{
			name: "an order's refunds count their line items, not tax and shipping", topic: "orders/paid",
			body: edit(order, func(m map[string]any) {
				m["refunds"] = []any{map[string]any{"id": 7, "order_id": jsonNumber(shopifyOrderID),
					"refund_line_items": []any{map[string]any{"subtotal": jsonNumber("20.83"), "total_tax": jsonNumber("1.7")}},
					"transactions":      []any{refundTx("success", "22.53")}}}
			}),
			want: Event{Provider: "shopify", ID: "orders/paid:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) { o.Refunded = 2083 }),
				Refunds: []Refund{{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "7", Amount: 2083}}},
		},
		{
			name: "pending order (payment on delivery)", topic: "orders/create",
			body: edit(order, func(m map[string]any) { m["financial_status"] = "pending" }),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Payment, o.Status = "pending", "pending"
			})},
		},
		{
			name: "authorized order is pending", topic: "orders/create",
			body: edit(order, func(m map[string]any) { m["financial_status"] = "authorized" }),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Payment, o.Status = "pending", "authorized"
			})},
		},
		{
			name: "partially paid order is paid", topic: "orders/paid",
			body: edit(order, func(m map[string]any) { m["financial_status"] = "partially_paid" }),
			want: Event{Provider: "shopify", ID: "orders/paid:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) { o.Status = "partially_paid" })},
		},
		{
			name: "refunded order refunded in full", topic: "orders/paid",
			body: edit(order, func(m map[string]any) { m["financial_status"] = "refunded" }),
			want: Event{Provider: "shopify", ID: "orders/paid:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Status, o.Refunded = "refunded", o.Revenue
			})},
		},
		{
			name: "unknown status is pending", topic: "orders/create",
			body: edit(order, func(m map[string]any) { m["financial_status"] = "layaway" }),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Payment, o.Status = "pending", "layaway"
			})},
		},
		{
			name: "refund with tax and shipping capped at revenue", topic: "orders/paid",
			body: edit(order, func(m map[string]any) {
				m["refunds"] = []any{map[string]any{"transactions": []any{refundTx("success", "228.06")}}}
			}),
			want: Event{Provider: "shopify", ID: "orders/paid:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) { o.Refunded = 21080 })},
		},
		{
			name: "cancelled order is void", topic: "orders/create",
			body: edit(order, func(m map[string]any) { m["cancelled_at"] = "2026-03-05T12:00:00-05:00" }),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) { o.Payment = "void" })},
		},
		{
			name: "voided order is void", topic: "orders/create",
			body: edit(order, func(m map[string]any) { m["financial_status"] = "voided" }),
			want: Event{Provider: "shopify", ID: "orders/create:" + shopifyOrderID, Order: shopifyWant(func(o *csvin.Order) {
				o.Payment, o.Status = "void", "voided"
			})},
		},
		{
			name: "refunds/create", topic: "refunds/create", webhookID: "0c3a5e3b-27d3-4b7e-9b1a-6a0f5c2d9e11", body: refund,
			// The line item's subtotal (20.83), not the transaction's 22.53,
			// which returns its 1.70 tax too.
			want: Event{Provider: "shopify", ID: "0c3a5e3b-27d3-4b7e-9b1a-6a0f5c2d9e11", Refund: &Refund{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "918273645501", Amount: 2083}},
		},
		{
			name: "refunds/create without webhook id", topic: "refunds/create", body: refund,
			want: Event{Provider: "shopify", ID: "refund:918273645501", Refund: &Refund{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "918273645501", Amount: 2083}},
		},
		{
			name: "refund line items never count more than the money returned", topic: "refunds/create", body: edit(refund, func(m map[string]any) {
				m["transactions"] = []any{refundTx("success", "15.00")}
			}),
			want: Event{Provider: "shopify", ID: "refund:918273645501", Refund: &Refund{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "918273645501", Amount: 1500}},
		},
		{
			name: "refund without line items: transactions less refunded shipping", topic: "refunds/create", body: edit(refund, func(m map[string]any) {
				m["refund_line_items"] = []any{}
				m["transactions"] = []any{refundTx("success", "30.00")}
				m["order_adjustments"] = []any{map[string]any{"id": 1, "kind": "shipping_refund", "amount": "-8.00", "tax_amount": "-0.66", "reason": "Shipping refund"}}
			}),
			want: Event{Provider: "shopify", ID: "refund:918273645501", Refund: &Refund{Source: "shopify", ExternalID: shopifyOrderID, RefundID: "918273645501", Amount: 2134}},
		},
		{name: "refund line item without subtotal", topic: "refunds/create", body: edit(refund, func(m map[string]any) {
			m["refund_line_items"] = []any{map[string]any{"quantity": 1}}
		}), wantErr: ErrPayload, detail: "refund_line_items[0].subtotal is missing"},
		{
			name: "other topic ignored", topic: "products/update", webhookID: "w1", body: []byte(`{"id": 8123456789012, "title": "Luna Serum"}`),
			want: Event{Provider: "shopify", ID: "w1", Ignored: `topic "products/update"`},
		},

		{name: "bad signature", topic: "orders/create", body: order, sig: SignShopify("another secret", order), wantErr: ErrSignature},
		{name: "signature not base64", topic: "orders/create", body: order, sig: "not base64!", wantErr: ErrSignature},
		{name: "missing signature", topic: "orders/create", body: order, noSig: true, wantErr: ErrSignature},
		{name: "empty secret", topic: "orders/create", body: order, secret: "-", wantErr: ErrNoSecret},
		{name: "empty secret checked before signature", topic: "orders/create", body: order, secret: "-", noSig: true, wantErr: ErrNoSecret},
		{
			name: "tampered body", topic: "orders/create", sig: SignShopify(testSecret, order),
			body: edit(order, func(m map[string]any) { m["subtotal_price"] = "2108.00" }), wantErr: ErrSignature,
		},
		{name: "malformed JSON", topic: "orders/create", body: order[:len(order)/2], wantErr: ErrPayload, detail: "invalid JSON"},
		{name: "missing id", topic: "orders/create", body: edit(order, func(m map[string]any) { delete(m, "id") }), wantErr: ErrPayload, detail: "id is missing"},
		{name: "id not a whole number", topic: "orders/create", body: edit(order, func(m map[string]any) { m["id"] = jsonNumber("1.5") }), wantErr: ErrPayload, detail: "id"},
		{name: "missing created_at", topic: "orders/create", body: edit(order, func(m map[string]any) { m["created_at"] = nil }), wantErr: ErrPayload, detail: "created_at"},
		{name: "bad created_at", topic: "orders/create", body: edit(order, func(m map[string]any) { m["created_at"] = "yesterday" }), wantErr: ErrPayload, detail: "created_at"},
		{name: "missing subtotal_price", topic: "orders/create", body: edit(order, func(m map[string]any) { delete(m, "subtotal_price") }), wantErr: ErrPayload, detail: "subtotal_price"},
		{name: "subtotal_price with three decimals", topic: "orders/create", body: edit(order, func(m map[string]any) { m["subtotal_price"] = "210.805" }), wantErr: ErrPayload, detail: "subtotal_price"},
		{name: "subtotal_price as a number", topic: "orders/create", body: edit(order, func(m map[string]any) { m["subtotal_price"] = 210.8 }), wantErr: ErrPayload, detail: "subtotal_price"},
		{name: "quantity not an integer", topic: "orders/create", body: edit(order, func(m map[string]any) { m["line_items"] = []any{map[string]any{"quantity": "two"}} }), wantErr: ErrPayload, detail: "line_items.quantity"},
		{name: "bad currency", topic: "orders/create", body: edit(order, func(m map[string]any) { m["currency"] = "US$" }), wantErr: ErrPayload, detail: "currency"},
		{name: "refund transaction without amount", topic: "orders/paid", body: edit(order, func(m map[string]any) {
			m["refunds"] = []any{map[string]any{"transactions": []any{map[string]any{"kind": "refund", "status": "success"}}}}
		}), wantErr: ErrPayload, detail: "refunds[0].transactions[0].amount"},
		{name: "missing topic", body: order, wantErr: ErrPayload, detail: "X-Shopify-Topic"},
		{name: "refund missing id", topic: "refunds/create", body: edit(refund, func(m map[string]any) { delete(m, "id") }), wantErr: ErrPayload, detail: "id is missing"},
		{name: "refund missing order_id", topic: "refunds/create", body: edit(refund, func(m map[string]any) { delete(m, "order_id") }), wantErr: ErrPayload, detail: "order_id"},
		{name: "refund malformed", topic: "refunds/create", body: []byte(`[1,2]`), wantErr: ErrPayload},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			secret := tc.secret
			switch secret {
			case "":
				secret = testSecret
			case "-":
				secret = ""
			}
			sig := tc.sig
			if sig == "" && !tc.noSig {
				sig = SignShopify(testSecret, tc.body)
			}
			var kv []string
			if sig != "" {
				kv = append(kv, "X-Shopify-Hmac-Sha256", sig)
			}
			if tc.topic != "" {
				kv = append(kv, "X-Shopify-Topic", tc.topic)
			}
			if tc.webhookID != "" {
				kv = append(kv, "X-Shopify-Webhook-Id", tc.webhookID)
			}
			ev, err := Shopify(secret, header(kv...), tc.body)
			checkResult(t, ev, err, tc.want, tc.wantErr, tc.detail)
			checkContract(t, "shopify", ev, err)
		})
	}
}

// TestShopifyNilHeader: a server that passes no header lookup gets a
// refusal, not a panic.
func TestShopifyNilHeader(t *testing.T) {
	if _, err := Shopify(testSecret, nil, []byte(`{}`)); err != ErrSignature {
		t.Fatalf("error %v, want ErrSignature", err)
	}
}
