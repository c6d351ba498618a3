// Package webhook turns the order webhooks of Shopify, Stripe and
// WooCommerce into what Lift stores: an order to upsert, a refund to apply,
// or nothing.
//
// Every entry point checks in the same order: a secret must be configured
// (Lift never accepts unsigned data), the signature must match the raw body
// (compared in constant time), and only then is the body parsed. Amounts are
// read exactly into cents, never through floating point. The package does
// no I/O and reads no clock, so the server decides what each error means on
// the wire and tests can replay any delivery.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/money"
)

// Event is what one delivery asks Lift to store. Exactly one of Order,
// Refund, Promotions (alone) and Ignored is set.
type Event struct {
	Provider string // "shopify", "stripe", "woocommerce"
	// ID is the idempotency key of the delivery: the provider's event or
	// delivery id when it sends one, else a stable key derived from the
	// payload ("orders/create:<order id>", "refund:<refund id>", ...).
	// It may be empty for an Ignored event. It is not what keeps a refund
	// from counting twice (a delivery id may not be signed): the refund's
	// own id is.
	ID string
	// Order is an order to store, keyed by Source (the provider) and
	// ExternalID (the provider's order id); nil for a refund-only event.
	Order *csvin.Order
	// Refunds are the refunds an order payload lists, each with its id, to
	// record beside the order.
	Refunds []Refund
	// Refund is a refund to apply to a stored order; nil otherwise.
	Refund *Refund
	// CheckClick says the order's ClickID came from a field shops also use
	// for their own ids (Stripe's client_reference_id): keep it only when
	// the workspace has that click.
	CheckClick bool
	// PromotionIDs are Stripe promotion code ids (promo_…) the order
	// redeemed without naming their codes: the server adds the codes it
	// learnt for them.
	PromotionIDs []string
	// Promotions are promotion code ids with their codes, to remember:
	// the whole event for promotion_code.created and .updated, beside an
	// Order when a session expanded them.
	Promotions []Promotion
	// Ignored is non-empty when the event is genuine but of a kind Lift does
	// not use, and says which, so the server answers 200 and stores nothing.
	Ignored string
}

// Promotion is a Stripe promotion code: its id and the code buyers type.
type Promotion struct {
	ID   string
	Code string // as csvin.Codes reads it
}

// IsClickID reports whether s has the shape of the click ids Lift's
// redirects make: 22 characters of unpadded base64url (16 random bytes).
func IsClickID(s string) bool {
	if len(s) != 22 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Refund is one refund of an order: Amount is the product part (what it
// takes off revenue), keyed by RefundID, the refund's own id in the signed
// body, so that a replay with a new delivery id counts nothing. A Stripe
// refund is keyed by its charge, whose amount_refunded is the charge's
// total so far: the store keeps the largest amount seen per key. Amount is
// not capped here because the order's revenue is not known: the store caps
// the sum.
type Refund struct {
	Source     string
	ExternalID string // the order the refund belongs to
	RefundID   string
	Amount     money.Cents
}

// Errors are returned as is (ErrSignature, ErrNoSecret) or wrapped with
// detail (ErrPayload); test them with errors.Is.
var (
	// ErrSignature means the signature is missing, malformed, does not match
	// the body or (Stripe) is too old: the server answers 401.
	ErrSignature = errors.New("webhook: missing or invalid signature")
	// ErrNoSecret means the workspace has no secret for the provider, so no
	// delivery can be trusted: the server answers 503 so the provider
	// retries once it is configured.
	ErrNoSecret = errors.New("webhook: no secret configured")
	// ErrPayload means the signed body cannot be read or lacks a required
	// field; the wrapping error names the field. The server answers 400.
	ErrPayload = errors.New("webhook: malformed payload")
)

// Providers, as they appear in Event.Provider and csvin.Order.Source.
const (
	providerShopify     = "shopify"
	providerStripe      = "stripe"
	providerWooCommerce = "woocommerce"
)

// clickParam is the query parameter tracked links add to the destination,
// and the name shops give the attribute carrying it.
const clickParam = "lift_cid"

func payloadErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrPayload, fmt.Sprintf(format, args...))
}

// headerFunc guards against a nil lookup, which reads as no headers.
func headerFunc(h func(string) string) func(string) string {
	if h == nil {
		return func(string) string { return "" }
	}
	return func(name string) string { return strings.TrimSpace(h(name)) }
}

func sum256(secret string, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// validBase64MAC checks a base64 HMAC-SHA256 of body, the scheme of Shopify
// and WooCommerce.
func validBase64MAC(secret, sig string, body []byte) bool {
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return false
	}
	return hmac.Equal(got, sum256(secret, body))
}

// decode reads a JSON body into v and words the decoder's errors for the
// person reading the provider's delivery log, naming the field at fault.
// A body that is not UTF-8 is refused whole, as the API refuses one: the
// decoder would otherwise store U+FFFD in place of the bytes.
func decode(body []byte, v any) error {
	if !utf8.Valid(body) {
		return payloadErr("the body is not UTF-8; send UTF-8")
	}
	return decodeAt(body, v, "")
}

// decodeAt decodes a part of the body; at is its path ("data.object."),
// so that errors name fields from the top of the payload.
func decodeAt(body []byte, v any, at string) error {
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return payloadErr("invalid JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ) && typ.Field != "":
		return payloadErr("%s%s: expected %s, got %s", at, typ.Field, jsonKind(typ.Type), typ.Value)
	case errors.As(err, &typ) && at != "":
		return payloadErr("%s: expected %s, got %s", strings.TrimSuffix(at, "."), jsonKind(typ.Type), typ.Value)
	case errors.As(err, &typ):
		return payloadErr("expected a JSON %s, got %s", jsonKind(typ.Type), typ.Value)
	}
	return payloadErr("%v", err)
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// isObject reports whether a raw JSON value is an object, for fields that
// PHP serialises as [] when empty.
func isObject(raw json.RawMessage) bool {
	return len(raw) > 0 && raw[0] == '{'
}

// idText is an id as the provider sent it: Shopify and WooCommerce ids are
// JSON numbers, some too large for float64 to hold exactly, so the text is
// kept and checked by numericID, which can name the field at fault.
type idText string

func (n *idText) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = idText(s)
		return nil
	}
	*n = idText(b)
	return nil
}

// numericID checks a required id: a non-negative whole number of at most
// csvin.MaxID digits.
func numericID(n idText, field string) (string, error) {
	s := strings.TrimSpace(string(n))
	if s == "" {
		return "", payloadErr("%s is missing", field)
	}
	if len(s) > csvin.MaxID {
		return "", payloadErr("%s: is %d bytes long; at most %d", field, len(s), csvin.MaxID)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", payloadErr("%s %.40q is not a whole number", field, s)
		}
	}
	return s, nil
}

// present reports whether an optional id is set: absent, null, "" and 0
// (WooCommerce's guest customer) all mean no id.
func present(n idText) bool {
	s := strings.TrimSpace(string(n))
	return s != "" && strings.Trim(s, "0") != ""
}

func currency(v, field string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if len(v) != 3 {
		return "", payloadErr("%s %q is not a 3-letter currency code", field, v)
	}
	for i := 0; i < 3; i++ {
		if c := v[i] | 0x20; c < 'a' || c > 'z' {
			return "", payloadErr("%s %q is not a 3-letter currency code", field, v)
		}
	}
	return strings.ToUpper(v), nil
}

// amount reads a decimal string exactly; field names it in the error.
func amount(v, field string) (money.Cents, error) {
	c, err := money.Parse(v)
	if err != nil {
		return 0, payloadErr("%s: %v", field, err)
	}
	return c, nil
}

// nonNegative reads a required amount that cannot be negative.
func nonNegative(v, field string) (money.Cents, error) {
	if strings.TrimSpace(v) == "" {
		return 0, payloadErr("%s is missing", field)
	}
	c, err := amount(v, field)
	if err != nil {
		return 0, err
	}
	if c < 0 {
		return 0, payloadErr("%s %s is negative", field, c)
	}
	return c, nil
}

// add sums amounts that come from outside, where an overflow is a broken
// payload rather than a number to wrap around.
func add(a, b money.Cents, field string) (money.Cents, error) {
	if (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b) {
		return 0, payloadErr("%s: total is too large", field)
	}
	return a + b, nil
}

// addCapped sums refunds that are capped at revenue anyway, so an absurd
// total saturates instead of failing the order.
func addCapped(a, b money.Cents) money.Cents {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// addUnits sums line-item quantities; a negative one is a broken payload.
func addUnits(total, q int64, field string) (int64, error) {
	if q < 0 {
		return 0, payloadErr("%s is negative", field)
	}
	if total > math.MaxInt64-q {
		return 0, payloadErr("%s: total is too large", field)
	}
	return total + q, nil
}

// addCode appends a discount code the way every input reads codes
// (csvin.Codes), keeping the order in which the provider lists them.
func addCode(codes []string, code string) []string {
	return csvin.Codes(append(codes, code)...)
}

// codeCount refuses more than csvin.MaxCodes codes on one order before
// they are read, so a body listing 80,000 codes costs no more than 51.
func codeCount(n int, field string) error {
	if n > csvin.MaxCodes {
		return payloadErr("%s: more than %d codes; at most %d on one order", field, csvin.MaxCodes, csvin.MaxCodes)
	}
	return nil
}

// email normalises an address the way Customer carries it: the caller
// hashes it, so case and spaces must not make two customers of one.
func email(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

// orderTime reads an order timestamp: RFC 3339, or a time without zone,
// which is taken as UTC. Times are returned in UTC so equal instants
// compare equal.
func orderTime(v, field string) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, payloadErr("%s is missing", field)
	}
	t, err := csvin.ParseTime(v, time.UTC)
	if err != nil {
		return time.Time{}, payloadErr("%s: %v", field, err)
	}
	return t.UTC(), nil
}

// queryValue finds the click id in a landing URL or path without failing on
// a URL the browser reported oddly: the landing page is not required.
func queryValue(landing, key string) string {
	_, q, ok := strings.Cut(landing, "?")
	if !ok {
		return ""
	}
	q, _, _ = strings.Cut(q, "#")
	for part := range strings.SplitSeq(q, "&") {
		k, v, _ := strings.Cut(part, "=")
		if k != key {
			continue
		}
		if s, err := url.QueryUnescape(v); err == nil && s != "" {
			return s
		}
	}
	return ""
}

// Check holds what an event carries besides its order (which the import
// checks like a file's) to the input limits of README "Security": the
// delivery's id, refund ids and Stripe promotion codes are ids of at most
// csvin.MaxID bytes of UTF-8 without control characters, and an order
// names at most csvin.MaxCodes codes and promotion codes together.
func (ev Event) Check() error {
	ids := [][2]string{{"id", ev.ID}}
	refunds := ev.Refunds
	if ev.Refund != nil {
		refunds = append(slices.Clip(refunds), *ev.Refund)
	}
	for _, rf := range refunds {
		ids = append(ids, [2]string{"refund id", rf.RefundID}, [2]string{"refund's order id", rf.ExternalID})
	}
	for _, p := range ev.Promotions {
		ids = append(ids, [2]string{"promotion code id", p.ID}, [2]string{"promotion code", p.Code})
	}
	for _, id := range ev.PromotionIDs {
		ids = append(ids, [2]string{"promotion code id", id})
	}
	for _, f := range ids {
		if err := csvin.CheckText(f[1], csvin.MaxID, true); err != nil {
			return payloadErr("%s: %v", f[0], err)
		}
	}
	if ev.Order != nil && len(ev.Order.Codes)+len(ev.PromotionIDs) > csvin.MaxCodes {
		return payloadErr("discount_code: more than %d codes; at most %d on one order", csvin.MaxCodes, csvin.MaxCodes)
	}
	return nil
}
