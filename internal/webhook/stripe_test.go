package webhook

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
)

const (
	stripePI        = "pi_3QxYz2LkdIwHu7ix0AbCdEfG"
	stripeSessionID = "cs_live_b1Qm3XzT8vKp2LwN9sR4yH6jF0aD5cE7gU1iO3kP"
	stripeEventID   = "evt_1QxYz2LkdIwHu7ixa1B2c3D4"
)

// stripeNow is when the test deliveries arrive: a few seconds after the
// session completed.
var stripeNow = time.Unix(1772723670, 0)

// stripePromo is the promotion code id the test session's discount names.
var stripePromo = []string{"promo_1QxYwTLkdIwHu7ixQ2r3S4t5"}

// stripeWant is the order in testdata/stripe_checkout_session_completed.json.
// Its discount names promotion code promo_1QxYwTLkdIwHu7ixQ2r3S4t5 by id.
func stripeWant(edit func(o *csvin.Order)) *csvin.Order {
	o := &csvin.Order{
		Source:     "stripe",
		ExternalID: stripePI,
		Time:       utc("2026-03-05T15:14:12Z"),
		Revenue:    5098, // amount_subtotal 5998 less amount_discount 900
		Currency:   "USD",
		Codes:      []string{"SAM10"},
		ClickID:    "c_fromMetadata",
		Customer:   "stripe:cus_RmN0pQ1sT2uV3w",
		Units:      1,
		Payment:    "paid",
		Status:     "paid",
	}
	if edit != nil {
		edit(o)
	}
	return o
}

func TestStripe(t *testing.T) {
	session := load(t, "stripe_checkout_session_completed.json")
	charge := load(t, "stripe_charge_refunded.json")
	editSession := func(f func(s map[string]any)) []byte {
		return patch(t, session, func(m map[string]any) { f(obj(m, "data", "object")) })
	}
	editCharge := func(f func(c map[string]any)) []byte {
		return patch(t, charge, func(m map[string]any) { f(obj(m, "data", "object")) })
	}
	good := SignStripe(testSecret, session, stripeNow)
	goodHex := good[strings.Index(good, "v1=")+3:]
	ts := fmt.Sprint(stripeNow.Unix())

	tests := []struct {
		name    string
		body    []byte
		secret  string // default testSecret; "-" for none
		sig     string // default: a valid signature of body at stripeNow
		noSig   bool
		now     time.Time // default stripeNow
		want    Event
		wantErr error
		detail  string
	}{
		{
			name: "checkout.session.completed", body: session,
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(nil)},
		},
		{
			name: "no payment intent: keyed by session", body: editSession(func(s map[string]any) { s["payment_intent"] = nil }),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) { o.ExternalID = stripeSessionID })},
		},
		{
			name: "expanded payment intent", body: editSession(func(s map[string]any) {
				s["payment_intent"] = map[string]any{"id": "pi_expanded", "object": "payment_intent", "amount": 5098}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) { o.ExternalID = "pi_expanded" })},
		},
		{
			name: "client_reference_id shaped like a click id, checked by the server", body: editSession(func(s map[string]any) {
				s["client_reference_id"] = "Qm9vdHN0cmFwQ2xpY2tJRA"
				s["metadata"] = map[string]any{"discount_code": "sam10"}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, CheckClick: true, PromotionIDs: stripePromo,
				Order: stripeWant(func(o *csvin.Order) { o.ClickID = "Qm9vdHN0cmFwQ2xpY2tJRA" })},
		},
		{
			name: "client_reference_id of another shape is the shop's own: ignored", body: editSession(func(s map[string]any) {
				s["client_reference_id"] = "a3f1c9e2-7b4d-4e1a-9c2b-5d6e7f8a9b0c"
				s["metadata"] = map[string]any{"discount_code": "sam10"}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) { o.ClickID = "" })},
		},
		{
			name: "unpaid session (delayed payment method) is pending", body: editSession(func(s map[string]any) { s["payment_status"] = "unpaid" }),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) {
				o.Payment, o.Status = "pending", "unpaid"
			})},
		},
		{
			name: "no_payment_required is paid", body: editSession(func(s map[string]any) { s["payment_status"] = "no_payment_required" }),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) { o.Status = "no_payment_required" })},
		},
		{
			name: "async_payment_succeeded is the session paid", body: patch(t, session, func(m map[string]any) {
				m["type"] = "checkout.session.async_payment_succeeded"
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(nil)},
		},
		{
			name: "async_payment_failed makes the order void", body: patch(t, session, func(m map[string]any) {
				m["type"] = "checkout.session.async_payment_failed"
				obj(m, "data", "object")["payment_status"] = "unpaid"
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) {
				o.Payment, o.Status = "void", "unpaid"
			})},
		},
		{
			name: "null amount_subtotal ignored with the reason", body: editSession(func(s map[string]any) { s["amount_subtotal"] = nil }),
			want: Event{Provider: "stripe", ID: stripeEventID, Ignored: "checkout session " + stripeSessionID + " has no amount_subtotal"},
		},
		{
			name: "promotion_code.created teaches the code", body: []byte(`{"id": "evt_1QxYwULkdIwHu7ixAbC", "object": "event", "api_version": "2025-02-24.acacia",
				"type": "promotion_code.created", "data": {"object": {"id": "promo_1QxYwTLkdIwHu7ixQ2r3S4t5", "object": "promotion_code",
				"active": true, "code": "sam10", "coupon": {"id": "Z4OV52SU", "object": "coupon", "percent_off": 15}, "created": 1772700000,
				"customer": null, "expires_at": null, "livemode": true, "max_redemptions": null, "metadata": {}, "times_redeemed": 0}}}`),
			want: Event{Provider: "stripe", ID: "evt_1QxYwULkdIwHu7ixAbC", Promotions: []Promotion{{ID: "promo_1QxYwTLkdIwHu7ixQ2r3S4t5", Code: "SAM10"}}},
		},
		{name: "promotion code without code", body: []byte(`{"id": "evt_2", "type": "promotion_code.updated", "data": {"object": {"id": "promo_1", "code": " "}}}`),
			wantErr: ErrPayload, detail: "data.object.code"},
		{
			name: "expanded promotion codes add their code", body: editSession(func(s map[string]any) {
				s["discounts"] = []any{
					map[string]any{"coupon": "Z4OV52SU", "promotion_code": map[string]any{"id": "promo_1", "object": "promotion_code", "code": "spring20"}},
					map[string]any{"coupon": nil, "promotion_code": map[string]any{"id": "promo_2", "object": "promotion_code", "code": "SAM10"}},
					map[string]any{"coupon": map[string]any{"id": "Z4OV52SU", "name": "Spring"}, "promotion_code": nil},
				}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) { o.Codes = []string{"SAM10", "SPRING20"} }),
				Promotions: []Promotion{{ID: "promo_1", Code: "SPRING20"}, {ID: "promo_2", Code: "SAM10"}}},
		},
		{
			name: "expanded promotion code without a code is looked up by its id", body: editSession(func(s map[string]any) {
				s["discounts"] = []any{map[string]any{"promotion_code": map[string]any{"id": "promo_9", "object": "promotion_code", "code": " "}}}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: []string{"promo_9"}, Order: stripeWant(nil)},
		},
		{
			name: "guest: e-mail from customer details", body: editSession(func(s map[string]any) { s["customer"] = nil }),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) { o.Customer = "sam.rivera@example.com" })},
		},
		{
			name: "no discount, no metadata", body: editSession(func(s map[string]any) {
				s["total_details"] = nil
				s["metadata"] = map[string]any{}
				s["discounts"] = []any{}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) {
				o.Revenue = 5998
				o.Codes = nil
				o.ClickID = ""
			})},
		},
		{
			name: "zero-decimal currency", body: editSession(func(s map[string]any) {
				s["currency"] = "jpy"
				s["amount_subtotal"] = 6000
				s["total_details"] = map[string]any{"amount_discount": 600}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) {
				o.Currency = "JPY"
				o.Revenue = 540000 // ¥5,400.00, as money.Parse("5400") reads it
			})},
		},
		{
			name: "three-decimal currency", body: editSession(func(s map[string]any) {
				s["currency"] = "kwd"
				s["amount_subtotal"] = 12340
				s["total_details"] = map[string]any{"amount_discount": 0}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(func(o *csvin.Order) {
				o.Currency = "KWD"
				o.Revenue = 1234
			})},
		},
		{
			name: "setup session ignored", body: editSession(func(s map[string]any) {
				s["mode"] = "setup"
				s["amount_subtotal"] = nil
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, Ignored: "checkout session " + stripeSessionID + " in setup mode"},
		},
		{
			name: "charge.refunded", body: charge,
			want: Event{Provider: "stripe", ID: "evt_3QxZa9LkdIwHu7ix1Q2w3E4r", Refund: &Refund{Source: "stripe", ExternalID: stripePI, RefundID: "ch_3QxYz2LkdIwHu7ix0Z9y8X7w", Amount: 2000}},
		},
		{
			name: "charge without payment intent ignored", body: editCharge(func(c map[string]any) { c["payment_intent"] = nil }),
			want: Event{Provider: "stripe", ID: "evt_3QxZa9LkdIwHu7ix1Q2w3E4r", Ignored: "refunded charge ch_3QxYz2LkdIwHu7ix0Z9y8X7w has no payment intent"},
		},
		{
			name: "other type ignored", body: []byte(`{"id":"evt_9","object":"event","type":"customer.created","data":{"object":{"id":"cus_1"}}}`),
			want: Event{Provider: "stripe", ID: "evt_9", Ignored: `event type "customer.created"`},
		},
		{
			name: "several v1, one matches", body: session,
			sig:  "t=" + ts + ",v1=" + strings.Repeat("ab", 32) + ",v1=" + goodHex + ",v0=" + strings.Repeat("cd", 32),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(nil)},
		},
		{
			name: "4 minutes old", body: session, sig: good, now: stripeNow.Add(4 * time.Minute),
			want: Event{Provider: "stripe", ID: stripeEventID, PromotionIDs: stripePromo, Order: stripeWant(nil)},
		},

		{name: "6 minutes old", body: session, sig: good, now: stripeNow.Add(6 * time.Minute), wantErr: ErrSignature},
		{name: "6 minutes in the future", body: session, sig: good, now: stripeNow.Add(-6 * time.Minute), wantErr: ErrSignature},
		{name: "t not a number", body: session, sig: "t=yesterday,v1=" + goodHex, wantErr: ErrSignature},
		{name: "no t", body: session, sig: "v1=" + goodHex, wantErr: ErrSignature},
		{name: "no v1", body: session, sig: "t=" + ts + ",v0=" + goodHex, wantErr: ErrSignature},
		{name: "v1 not hex", body: session, sig: "t=" + ts + ",v1=zz" + goodHex[2:], wantErr: ErrSignature},
		{name: "t changed", body: session, sig: "t=" + fmt.Sprint(stripeNow.Unix()+1) + ",v1=" + goodHex, wantErr: ErrSignature},
		{name: "bad signature", body: session, sig: SignStripe("whsec_other", session, stripeNow), wantErr: ErrSignature},
		{name: "missing signature", body: session, noSig: true, wantErr: ErrSignature},
		{name: "empty secret", body: session, secret: "-", wantErr: ErrNoSecret},
		{name: "tampered body", body: editSession(func(s map[string]any) { s["amount_subtotal"] = 599800 }), sig: good, wantErr: ErrSignature},
		{name: "malformed JSON", body: []byte(`{"id":"evt_1","type":`), wantErr: ErrPayload, detail: "invalid JSON"},
		{name: "missing id", body: patch(t, session, func(m map[string]any) { delete(m, "id") }), wantErr: ErrPayload, detail: "id is missing"},
		{name: "missing type", body: patch(t, session, func(m map[string]any) { delete(m, "type") }), wantErr: ErrPayload, detail: "type"},
		{name: "missing object", body: []byte(`{"id":"evt_1","type":"checkout.session.completed","data":{}}`), wantErr: ErrPayload, detail: "data.object"},
		{name: "missing session id", body: editSession(func(s map[string]any) { delete(s, "id") }), wantErr: ErrPayload, detail: "data.object.id"},
		{name: "missing created", body: editSession(func(s map[string]any) { delete(s, "created") }), wantErr: ErrPayload, detail: "created"},
		{name: "amount as decimal", body: editSession(func(s map[string]any) { s["amount_subtotal"] = 59.98 }), wantErr: ErrPayload, detail: "data.object.amount_subtotal: expected integer, got number"},
		{name: "object not an object", body: []byte(`{"id":"evt_1","type":"charge.refunded","data":{"object":[1]}}`), wantErr: ErrPayload, detail: "data.object: expected object, got array"},
		{name: "discount above subtotal", body: editSession(func(s map[string]any) { s["total_details"] = map[string]any{"amount_discount": 6000} }), wantErr: ErrPayload, detail: "amount_discount"},
		{name: "three-decimal currency not in tens", body: editSession(func(s map[string]any) {
			s["currency"] = "kwd"
			s["amount_subtotal"] = 12345
			s["total_details"] = nil
		}), wantErr: ErrPayload, detail: "amount_subtotal"},
		{name: "charge missing amount_refunded", body: editCharge(func(c map[string]any) { delete(c, "amount_refunded") }), wantErr: ErrPayload, detail: "amount_refunded"},
		{name: "charge negative amount_refunded", body: editCharge(func(c map[string]any) { c["amount_refunded"] = -1 }), wantErr: ErrPayload, detail: "amount_refunded"},
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
				sig = SignStripe(testSecret, tc.body, stripeNow)
			}
			now := tc.now
			if now.IsZero() {
				now = stripeNow
			}
			var kv []string
			if sig != "" {
				kv = append(kv, "Stripe-Signature", sig)
			}
			ev, err := Stripe(secret, header(kv...), tc.body, now)
			checkResult(t, ev, err, tc.want, tc.wantErr, tc.detail)
			checkContract(t, "stripe", ev, err)
		})
	}
}
