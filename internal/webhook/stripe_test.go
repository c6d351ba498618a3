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

// stripeWant is the order in testdata/stripe_checkout_session_completed.json.
func stripeWant(edit func(o *csvin.Order)) *csvin.Order {
	o := &csvin.Order{
		Source:     "stripe",
		ExternalID: stripePI,
		Time:       utc("2026-03-05T15:14:12Z"),
		Revenue:    5098, // amount_subtotal 5998 less amount_discount 900
		Currency:   "USD",
		Codes:      []string{"SAM10"},
		ClickID:    "c_7Hq2xK",
		Customer:   "stripe:cus_RmN0pQ1sT2uV3w",
		Units:      1,
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
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(nil)},
		},
		{
			name: "no payment intent: keyed by session", body: editSession(func(s map[string]any) { s["payment_intent"] = nil }),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) { o.ExternalID = stripeSessionID })},
		},
		{
			name: "expanded payment intent", body: editSession(func(s map[string]any) {
				s["payment_intent"] = map[string]any{"id": "pi_expanded", "object": "payment_intent", "amount": 5098}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) { o.ExternalID = "pi_expanded" })},
		},
		{
			name: "click id from metadata", body: editSession(func(s map[string]any) { s["client_reference_id"] = nil }),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) { o.ClickID = "c_fromMetadata" })},
		},
		{
			name: "expanded promotion codes add their code", body: editSession(func(s map[string]any) {
				s["discounts"] = []any{
					map[string]any{"coupon": "Z4OV52SU", "promotion_code": map[string]any{"id": "promo_1", "object": "promotion_code", "code": "spring20"}},
					map[string]any{"coupon": nil, "promotion_code": map[string]any{"id": "promo_2", "object": "promotion_code", "code": "SAM10"}},
					map[string]any{"coupon": map[string]any{"id": "Z4OV52SU", "name": "Spring"}, "promotion_code": nil},
				}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) { o.Codes = []string{"SAM10", "SPRING20"} })},
		},
		{
			name: "guest: e-mail from customer details", body: editSession(func(s map[string]any) { s["customer"] = nil }),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) { o.Customer = "sam.rivera@example.com" })},
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
			})},
		},
		{
			name: "zero-decimal currency", body: editSession(func(s map[string]any) {
				s["currency"] = "jpy"
				s["amount_subtotal"] = 6000
				s["total_details"] = map[string]any{"amount_discount": 600}
			}),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) {
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
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(func(o *csvin.Order) {
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
			want: Event{Provider: "stripe", ID: "evt_3QxZa9LkdIwHu7ix1Q2w3E4r", Refund: &Refund{Source: "stripe", ExternalID: stripePI, Amount: 2000, Absolute: true}},
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
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(nil)},
		},
		{
			name: "4 minutes old", body: session, sig: good, now: stripeNow.Add(4 * time.Minute),
			want: Event{Provider: "stripe", ID: stripeEventID, Order: stripeWant(nil)},
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
		{name: "missing amount_subtotal", body: editSession(func(s map[string]any) { s["amount_subtotal"] = nil }), wantErr: ErrPayload, detail: "amount_subtotal"},
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
