package webhook

import (
	"testing"

	"github.com/liftmetrics/lift/internal/csvin"
)

// wooWant is the order in testdata/woocommerce_order_created.json.
func wooWant(edit func(o *csvin.Order)) *csvin.Order {
	o := &csvin.Order{
		Source:     "woocommerce",
		ExternalID: "4817",
		Time:       utc("2026-03-05T10:14:27Z"),
		Revenue:    7863, // line totals 68.00 + 10.63, after the coupon, before tax and shipping
		Currency:   "EUR",
		Codes:      []string{"JONAS15"},
		ClickID:    "c_W00k9aZ",
		Customer:   "jonas.weber@example.de",
		Units:      3,
		Payment:    "paid",
		Status:     "processing",
	}
	if edit != nil {
		edit(o)
	}
	return o
}

func TestWooCommerce(t *testing.T) {
	order := load(t, "woocommerce_order_created.json")
	edit := func(f func(m map[string]any)) []byte { return patch(t, order, f) }
	const autoID = "order:4817:2026-03-05T10:14:29"
	ping := []byte("webhook_id=12")

	tests := []struct {
		name     string
		topic    string
		delivery string
		body     []byte
		secret   string // default testSecret; "-" for none
		sig      string // default: a valid signature of body
		noSig    bool
		want     Event
		wantErr  error
		detail   string
	}{
		{
			name: "order.created", topic: "order.created", delivery: "5b1f7c0e2d9a4e8b", body: order,
			want: Event{Provider: "woocommerce", ID: "5b1f7c0e2d9a4e8b", Order: wooWant(nil)},
		},
		{
			name: "without delivery id", topic: "order.created", body: order,
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(nil)},
		},
		{
			name: "order.updated: registered customer, partial refund", topic: "order.updated",
			body: edit(func(m map[string]any) {
				m["status"] = "completed"
				m["customer_id"] = 27
				m["date_modified_gmt"] = "2026-03-08T09:00:00"
				m["refunds"] = []any{
					map[string]any{"id": 4901, "reason": "", "total": "-10.00"},
					map[string]any{"id": 4902, "reason": "damaged", "total": "-2.50"},
				}
			}),
			want: Event{Provider: "woocommerce", ID: "order:4817:2026-03-08T09:00:00", Order: wooWant(func(o *csvin.Order) {
				o.Customer = "woocommerce:27"
				o.Refunded = 1250
				o.Status = "completed"
			}), Refunds: []Refund{
				{Source: "woocommerce", ExternalID: "4817", RefundID: "4901", Amount: 1000},
				{Source: "woocommerce", ExternalID: "4817", RefundID: "4902", Amount: 250},
			}},
		},
		{
			name: "refunds capped at revenue", topic: "order.updated",
			body: edit(func(m map[string]any) { m["refunds"] = []any{map[string]any{"total": "-99.40"}} }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Refunded = o.Revenue })},
		},
		{
			name: "cancelled order is void", topic: "order.updated",
			body: edit(func(m map[string]any) { m["status"] = "cancelled" }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Payment, o.Status = "void", "cancelled" })},
		},
		{
			name: "failed payment is pending: the buyer may pay the order again", topic: "order.updated",
			body: edit(func(m map[string]any) { m["status"] = "failed" }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Payment, o.Status = "pending", "failed" })},
		},
		{
			name: "on-hold order (bank transfer) is pending", topic: "order.created",
			body: edit(func(m map[string]any) { m["status"] = "on-hold" }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Payment, o.Status = "pending", "on-hold" })},
		},
		{
			name: "pending order (awaiting payment) is pending", topic: "order.created",
			body: edit(func(m map[string]any) { m["status"] = "pending" }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Payment, o.Status = "pending", "pending" })},
		},
		{
			name: "refunded order was paid, refunded in full", topic: "order.updated",
			body: edit(func(m map[string]any) { m["status"] = "refunded" }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Status, o.Refunded = "refunded", o.Revenue })},
		},
		{
			name: "date_created when date_created_gmt is absent", topic: "order.created",
			body: edit(func(m map[string]any) { delete(m, "date_created_gmt") }),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) { o.Time = utc("2026-03-05T11:14:27Z") })},
		},
		{
			name: "empty billing written as [] and no click id", topic: "order.created",
			body: edit(func(m map[string]any) {
				m["billing"] = []any{}
				m["meta_data"] = []any{map[string]any{"key": "lift_cid", "value": map[string]any{"x": 1}}}
				m["coupon_lines"] = []any{}
			}),
			want: Event{Provider: "woocommerce", ID: autoID, Order: wooWant(func(o *csvin.Order) {
				o.Customer = ""
				o.ClickID = ""
				o.Codes = nil
			})},
		},
		{
			name: "checkout draft ignored", topic: "order.updated", delivery: "d1",
			body: edit(func(m map[string]any) { m["status"] = "checkout-draft" }),
			want: Event{Provider: "woocommerce", ID: "d1", Ignored: `draft order 4817 (status "checkout-draft")`},
		},
		{
			name: "signed ping", body: ping,
			want: Event{Provider: "woocommerce", Ignored: "ping"},
		},
		{
			name: "other topic ignored", topic: "product.updated", delivery: "d2", body: []byte(`{"id":152,"name":"Luna Serum 30 ml"}`),
			want: Event{Provider: "woocommerce", ID: "d2", Ignored: `topic "product.updated"`},
		},

		{name: "unsigned ping", body: ping, noSig: true, wantErr: ErrSignature},
		{name: "bad signature", topic: "order.created", body: order, sig: SignWooCommerce("other", order), wantErr: ErrSignature},
		{name: "missing signature", topic: "order.created", body: order, noSig: true, wantErr: ErrSignature},
		{name: "empty secret", topic: "order.created", body: order, secret: "-", wantErr: ErrNoSecret},
		{
			name: "tampered body", topic: "order.created", sig: SignWooCommerce(testSecret, order),
			body: edit(func(m map[string]any) { m["customer_id"] = 1 }), wantErr: ErrSignature,
		},
		{name: "malformed JSON", topic: "order.created", body: order[:100], wantErr: ErrPayload, detail: "invalid JSON"},
		{name: "missing id", topic: "order.created", body: edit(func(m map[string]any) { delete(m, "id") }), wantErr: ErrPayload, detail: "id is missing"},
		{name: "missing dates", topic: "order.created", body: edit(func(m map[string]any) {
			delete(m, "date_created_gmt")
			m["date_created"] = nil
		}), wantErr: ErrPayload, detail: "date_created_gmt is missing"},
		{name: "missing line_items", topic: "order.created", body: edit(func(m map[string]any) { delete(m, "line_items") }), wantErr: ErrPayload, detail: "line_items"},
		{name: "line total missing", topic: "order.created", body: edit(func(m map[string]any) {
			m["line_items"] = []any{map[string]any{"quantity": 1, "subtotal": "5.00"}}
		}), wantErr: ErrPayload, detail: "line_items[0].total"},
		{name: "line total with three decimals", topic: "order.created", body: edit(func(m map[string]any) {
			m["line_items"] = []any{map[string]any{"quantity": 1, "total": "5.005"}}
		}), wantErr: ErrPayload, detail: "line_items[0].total"},
		{name: "negative quantity", topic: "order.created", body: edit(func(m map[string]any) {
			m["line_items"] = []any{map[string]any{"quantity": -1, "total": "5.00"}}
		}), wantErr: ErrPayload, detail: "line_items[0].quantity"},
		{name: "bad refund total", topic: "order.updated", body: edit(func(m map[string]any) {
			m["refunds"] = []any{map[string]any{"total": "ten"}}
		}), wantErr: ErrPayload, detail: "refunds[0].total"},
		{name: "missing topic", delivery: "d3", body: order, wantErr: ErrPayload, detail: "X-WC-Webhook-Topic"},
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
				sig = SignWooCommerce(testSecret, tc.body)
			}
			var kv []string
			if sig != "" {
				kv = append(kv, "X-WC-Webhook-Signature", sig)
			}
			if tc.topic != "" {
				kv = append(kv, "X-WC-Webhook-Topic", tc.topic)
			}
			if tc.delivery != "" {
				kv = append(kv, "X-WC-Webhook-Delivery-ID", tc.delivery)
			}
			ev, err := WooCommerce(secret, header(kv...), tc.body)
			checkResult(t, ev, err, tc.want, tc.wantErr, tc.detail)
			checkContract(t, "woocommerce", ev, err)
		})
	}
}
