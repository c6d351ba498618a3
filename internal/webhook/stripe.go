package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/money"
)

const stripeSignatureHeader = "Stripe-Signature"

// stripeTolerance is how far the signed timestamp may be from now: Stripe's
// own libraries use five minutes, which bounds how long a captured delivery
// can be replayed.
const stripeTolerance = 5 * time.Minute

type stripeEvent struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Data struct {
		Object json.RawMessage `json:"object"`
	} `json:"data"`
}

type stripeSession struct {
	ID             string            `json:"id"`
	Mode           string            `json:"mode"`
	PaymentIntent  stripeRef         `json:"payment_intent"`
	Created        *int64            `json:"created"`
	Currency       string            `json:"currency"`
	AmountSubtotal *int64            `json:"amount_subtotal"`
	ClientRefID    string            `json:"client_reference_id"`
	PaymentStatus  string            `json:"payment_status"`
	Metadata       map[string]string `json:"metadata"`
	TotalDetails   *struct {
		AmountDiscount int64 `json:"amount_discount"`
	} `json:"total_details"`
	Discounts []struct {
		PromotionCode stripeRef `json:"promotion_code"`
	} `json:"discounts"`
	Customer        stripeRef `json:"customer"`
	CustomerEmail   string    `json:"customer_email"`
	CustomerDetails *struct {
		Email string `json:"email"`
	} `json:"customer_details"`
}

// stripePromotionCode is the object of promotion_code.created and
// promotion_code.updated.
type stripePromotionCode struct {
	ID   string `json:"id"`
	Code string `json:"code"`
}

type stripeCharge struct {
	ID             string    `json:"id"`
	PaymentIntent  stripeRef `json:"payment_intent"`
	AmountRefunded *int64    `json:"amount_refunded"`
	Currency       string    `json:"currency"`
}

// stripeRef is a field Stripe sends either as an id or, when expanded, as
// the object itself; Code is set for an expanded promotion code.
type stripeRef struct {
	ID   string
	Code string
}

func (r *stripeRef) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, &r.ID)
	}
	var o struct {
		ID   string `json:"id"`
		Code string `json:"code"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	r.ID, r.Code = o.ID, o.Code
	return nil
}

// The Stripe events Lift reads (README, "Webhooks", lists them for the
// person who subscribes the endpoint).
const (
	stripeSessionCompleted = "checkout.session.completed"
	stripeAsyncSucceeded   = "checkout.session.async_payment_succeeded"
	stripeAsyncFailed      = "checkout.session.async_payment_failed"
	stripeChargeRefunded   = "charge.refunded"
	stripePromoCreated     = "promotion_code.created"
	stripePromoUpdated     = "promotion_code.updated"
)

// Stripe verifies the Stripe-Signature header "t=<unix>,v1=<hex>[,v1=...]":
// one v1 must be the hex HMAC-SHA256 of "<t>.<body>" keyed with secret
// (Stripe sends several while a secret is being rolled), and t must be
// within five minutes of now. It reads the checkout session events as an
// Order, charge.refunded as a Refund keyed by the charge, and the
// promotion code events as a Promotion; other types are Ignored.
//
// Revenue is amount_subtotal (line items before discounts, without shipping
// and tax) minus total_details.amount_discount; a session whose
// amount_subtotal is null is Ignored with the reason (answering an error
// would make Stripe retry it for days). ExternalID is the payment intent,
// which the refund's charge names; a session without one (a subscription)
// is keyed by its own id. Payment is payment_status: paid and
// no_payment_required are paid, unpaid is pending (a delayed method such
// as a bank debit), and checkout.session.async_payment_failed makes the
// order void; async_payment_succeeded delivers the same session paid, so
// the stored order turns paid.
//
// ClickID is metadata.lift_cid, else client_reference_id when it has the
// shape of Lift's click ids (shops put their own user ids there too);
// CheckClick then asks the server to keep it only when the click exists.
// Codes are metadata.discount_code and the code of each expanded
// promotion code; an unexpanded one is only an id (promo_…), listed in
// PromotionIDs for the server to look up among the codes learnt from
// promotion_code events. Units is 1: the event does not carry line items.
// Customer is "stripe:<customer id>", else the e-mail lower-cased.
//
// Stripe amounts are integers in the currency's smallest unit; they are
// converted to money.Cents, which always has two decimals, so that a yen
// order from Stripe and one from Shopify are the same number.
func Stripe(secret string, header func(string) string, body []byte, now time.Time) (Event, error) {
	if secret == "" {
		return Event{}, ErrNoSecret
	}
	if !validStripeSignature(secret, headerFunc(header)(stripeSignatureHeader), body, now) {
		return Event{}, ErrSignature
	}
	var se stripeEvent
	if err := decode(body, &se); err != nil {
		return Event{}, err
	}
	if se.ID == "" {
		return Event{}, payloadErr("id is missing")
	}
	if se.Type == "" {
		return Event{}, payloadErr("type is missing")
	}
	ev := Event{Provider: providerStripe, ID: se.ID}
	obj := se.Data.Object
	switch se.Type {
	case stripeSessionCompleted, stripeAsyncSucceeded, stripeAsyncFailed, stripeChargeRefunded, stripePromoCreated, stripePromoUpdated:
	default:
		ev.Ignored = fmt.Sprintf("event type %q", se.Type)
		return ev, nil
	}
	if len(obj) == 0 || string(obj) == "null" {
		return Event{}, payloadErr("data.object is missing")
	}
	var err error
	switch se.Type {
	case stripeChargeRefunded:
		ev.Refund, ev.Ignored, err = stripeParseCharge(obj)
	case stripePromoCreated, stripePromoUpdated:
		ev.Promotions, err = stripeParsePromotion(obj)
	default:
		err = stripeParseSession(obj, &ev)
		if err == nil && ev.Order != nil && se.Type == stripeAsyncFailed {
			ev.Order.Payment = csvin.Void
		}
	}
	if err != nil {
		return Event{}, err
	}
	return ev, nil
}

func stripeParsePromotion(obj json.RawMessage) ([]Promotion, error) {
	var pc stripePromotionCode
	if err := decodeAt(obj, &pc, "data.object."); err != nil {
		return nil, err
	}
	if pc.ID == "" {
		return nil, payloadErr("data.object.id is missing")
	}
	codes := csvin.Codes(pc.Code)
	if len(codes) != 1 {
		return nil, payloadErr("data.object.code %.40q is not one code", pc.Code)
	}
	return []Promotion{{ID: pc.ID, Code: codes[0]}}, nil
}

func validStripeSignature(secret, header string, body []byte, now time.Time) bool {
	var ts string
	var sigs [][]byte
	for part := range strings.SplitSeq(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			// The HMAC covers the t it is checked against, so which of
			// several is used cannot be abused; take the first.
			if ts == "" {
				ts = v
			}
		case "v1":
			if b, err := hex.DecodeString(v); err == nil && len(b) == sha256.Size {
				sigs = append(sigs, b)
			}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return false
	}
	if d := now.Sub(time.Unix(sec, 0)); d > stripeTolerance || d < -stripeTolerance {
		return false
	}
	want := sum256(secret, []byte(ts), []byte("."), body)
	ok := false
	for _, s := range sigs {
		// No early exit, so the time taken does not tell which one matched.
		ok = hmac.Equal(s, want) || ok
	}
	return ok
}

// stripeParseSession sets ev's Order, or Ignored with the reason.
func stripeParseSession(obj json.RawMessage, ev *Event) error {
	var s stripeSession
	if err := decodeAt(obj, &s, "data.object."); err != nil {
		return err
	}
	if s.ID == "" {
		return payloadErr("data.object.id is missing")
	}
	if s.Mode == "setup" {
		// A setup session saves a card and takes no money.
		ev.Ignored = fmt.Sprintf("checkout session %s in setup mode", s.ID)
		return nil
	}
	if s.Created == nil || *s.Created <= 0 {
		return payloadErr("data.object.created is missing")
	}
	if s.AmountSubtotal == nil {
		ev.Ignored = fmt.Sprintf("checkout session %s has no amount_subtotal", s.ID)
		return nil
	}
	var discount int64
	if s.TotalDetails != nil {
		discount = s.TotalDetails.AmountDiscount
	}
	switch {
	case *s.AmountSubtotal < 0:
		return payloadErr("data.object.amount_subtotal %d is negative", *s.AmountSubtotal)
	case discount < 0:
		return payloadErr("data.object.total_details.amount_discount %d is negative", discount)
	case discount > *s.AmountSubtotal:
		return payloadErr("data.object.total_details.amount_discount %d is more than amount_subtotal %d", discount, *s.AmountSubtotal)
	}
	cur, err := currency(s.Currency, "data.object.currency")
	if err != nil {
		return err
	}
	revenue, err := stripeAmount(*s.AmountSubtotal-discount, cur, "data.object.amount_subtotal")
	if err != nil {
		return err
	}
	od := &csvin.Order{
		Source:     providerStripe,
		ExternalID: s.ID,
		Time:       time.Unix(*s.Created, 0).UTC(),
		Revenue:    revenue,
		Currency:   cur,
		Units:      1,
		ClickID:    strings.TrimSpace(s.Metadata[clickParam]),
		Status:     strings.TrimSpace(s.PaymentStatus),
		Payment:    csvin.Pending, // a status Lift does not know: kept, shown apart
	}
	if p, ok := csvin.PaymentOf(od.Status); ok {
		od.Payment = p
	}
	if s.PaymentIntent.ID != "" {
		od.ExternalID = s.PaymentIntent.ID
	}
	if ref := strings.TrimSpace(s.ClientRefID); od.ClickID == "" && IsClickID(ref) {
		od.ClickID, ev.CheckClick = ref, true
	}
	if err := codeCount(len(s.Discounts), "data.object.discounts"); err != nil {
		return err
	}
	od.Codes = addCode(od.Codes, s.Metadata["discount_code"])
	for _, d := range s.Discounts {
		pc := d.PromotionCode
		codes := csvin.Codes(pc.Code)
		switch {
		case len(codes) == 1:
			od.Codes = addCode(od.Codes, codes[0])
			if pc.ID != "" {
				ev.Promotions = append(ev.Promotions, Promotion{ID: pc.ID, Code: codes[0]})
			}
		case pc.ID != "":
			ev.PromotionIDs = append(ev.PromotionIDs, pc.ID)
		}
	}
	switch {
	case s.Customer.ID != "":
		od.Customer = providerStripe + ":" + s.Customer.ID
	case s.CustomerDetails != nil && email(s.CustomerDetails.Email) != "":
		od.Customer = email(s.CustomerDetails.Email)
	default:
		od.Customer = email(s.CustomerEmail)
	}
	ev.Order = od
	return nil
}

func stripeParseCharge(obj json.RawMessage) (*Refund, string, error) {
	var c stripeCharge
	if err := decodeAt(obj, &c, "data.object."); err != nil {
		return nil, "", err
	}
	if c.PaymentIntent.ID == "" {
		// A charge made without a payment intent (the legacy Charges API)
		// cannot belong to an order Lift stored from a checkout session.
		return nil, fmt.Sprintf("refunded charge %s has no payment intent", c.ID), nil
	}
	if c.AmountRefunded == nil {
		return nil, "", payloadErr("data.object.amount_refunded is missing")
	}
	if *c.AmountRefunded < 0 {
		return nil, "", payloadErr("data.object.amount_refunded %d is negative", *c.AmountRefunded)
	}
	cur, err := currency(c.Currency, "data.object.currency")
	if err != nil {
		return nil, "", err
	}
	amt, err := stripeAmount(*c.AmountRefunded, cur, "data.object.amount_refunded")
	if err != nil {
		return nil, "", err
	}
	if c.ID == "" {
		return nil, "", payloadErr("data.object.id is missing")
	}
	return &Refund{Source: providerStripe, ExternalID: c.PaymentIntent.ID, RefundID: c.ID, Amount: amt}, "", nil
}

// Stripe's zero-decimal and three-decimal currencies
// (https://docs.stripe.com/currencies#zero-decimal). Every other currency,
// including ISK, HUF and TWD, is sent with two decimals.
var (
	stripeZeroDecimal = map[string]bool{
		"BIF": true, "CLP": true, "DJF": true, "GNF": true, "JPY": true, "KMF": true,
		"KRW": true, "MGA": true, "PYG": true, "RWF": true, "UGX": true, "VND": true,
		"VUV": true, "XAF": true, "XOF": true, "XPF": true,
	}
	stripeThreeDecimal = map[string]bool{
		"BHD": true, "JOD": true, "KWD": true, "OMR": true, "TND": true,
	}
)

// stripeAmount converts an amount in the currency's smallest unit to Cents,
// which money.Parse and money.Format treat as hundredths of every currency.
func stripeAmount(minor int64, cur, field string) (money.Cents, error) {
	switch {
	case stripeZeroDecimal[cur]:
		if minor > math.MaxInt64/100 {
			return 0, payloadErr("%s %d is too large", field, minor)
		}
		return money.Cents(minor * 100), nil
	case stripeThreeDecimal[cur]:
		// Stripe requires these amounts to be multiples of ten.
		if minor%10 != 0 {
			return 0, payloadErr("%s %d %s has more than two decimals", field, minor, cur)
		}
		return money.Cents(minor / 10), nil
	}
	return money.Cents(minor), nil
}
