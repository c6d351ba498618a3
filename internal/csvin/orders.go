package csvin

import (
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// Order is one order from orders.csv or a Shopify export.
type Order struct {
	Line        int
	Source      string // "csv" unless the generic file says otherwise; "shopify" for Shopify exports
	ExternalID  string
	Time        time.Time
	Revenue     money.Cents // line items after discounts, without tax and shipping, before refunds
	Refunded    money.Cents // never more than Revenue
	Currency    string      // upper case; "" when not given
	Codes       []string    // upper case, without repeats, in file order
	ClickID     string      // the click_id column, else the lift_cid query parameter of the landing URL
	LandingURL  string
	Referrer    string // host of the page the buyer came from, lower case; "" when not given
	Customer    string // customer id or e-mail as given; the caller hashes it and never stores it raw
	NewCustomer *bool  // nil when the file does not say
	Units       int64
	Payment     string // Paid, Pending or Void; "" is Paid
	Status      string // the platform's own status, as given; "" when not given
	// PromotionIDs are Stripe promotion code ids whose codes are not known
	// yet (webhooks only).
	PromotionIDs []string
}

const (
	orOrderID = iota
	orCreatedAt
	orRevenue
	orCurrency
	orDiscountCode
	orClickID
	orLandingURL
	orCustomerID
	orNewCustomer
	orUnits
	orRefunded
	orSource
	orReferrer
	orStatus
)

var orderColumns = []column{
	orOrderID:      {"order_id", true},
	orCreatedAt:    {"created_at", true},
	orRevenue:      {"revenue", true},
	orCurrency:     {"currency", false},
	orDiscountCode: {"discount_code", false},
	orClickID:      {"click_id", false},
	orLandingURL:   {"landing_url", false},
	orCustomerID:   {"customer_id", false},
	orNewCustomer:  {"new_customer", false},
	orUnits:        {"units", false},
	orRefunded:     {"refunded", false},
	orSource:       {"source", false},
	orReferrer:     {"referrer", false},
	orStatus:       {"status", false},
}

// orderKey identifies an order: the same id may come from two shops.
type orderKey struct{ source, id string }

// clickParam is the query parameter tracked links add to the destination.
const clickParam = "lift_cid"

// ParseOrders reads the generic orders.csv: order_id, created_at, revenue
// and optionally currency, discount_code (several codes separated by
// commas), click_id, landing_url, customer_id, new_customer, units
// (default 1), refunded, source (default "csv") and referrer (a URL or a
// host; the host is kept, so coupon sites can be told apart) and status
// (the payment status, read by PaymentOf; empty is paid). An order id
// appears once per source in a file.
func ParseOrders(r io.Reader, o Options) ([]Order, []Error, error) {
	var out chunks[Order]
	errs, err := StreamOrders(r, o, chunkLen, func(b []Order) error {
		for _, v := range b {
			out.add(v)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out.all(), errs, nil
}

// StreamOrders reads orders.csv as ParseOrders does, handing the good
// orders to fn in batches of up to n as they are read, and returns the
// row problems once the file is read. Only the ids seen so far (for the
// duplicate check) grow with the file. An error from fn stops the read.
func StreamOrders(r io.Reader, o Options, n int, fn func([]Order) error) ([]Error, error) {
	seen := map[orderKey]int{}
	// The ids seen are copied into an arena of their own: keeping the
	// records' strings would keep every record's memory.
	var ids arena
	return streamAll(r, o, "orders.csv", orderColumns, func(t *table) Order {
		od := Order{Line: t.line, Source: "csv", Units: 1}
		if v, ok := t.value(orSource); ok {
			od.Source, _ = t.intern(internSource, v, lowerCase)
		}
		if id, ok := t.value(orOrderID); ok {
			od.ExternalID = t.mem.keep(id)
			if first, dup := firstLine(seen, orderKey{od.Source, ids.keep(id)}, t.line); dup {
				t.failf(orOrderID, "duplicate order %q (first on line %d)", id, first)
			}
		}
		od.Time, _, _ = t.when(orCreatedAt)
		od.Revenue, od.Refunded = t.revenue(orRevenue, orRefunded)
		od.Currency, _ = t.currency(orCurrency)
		od.Codes = t.codes(orDiscountCode)
		od.LandingURL, od.ClickID = t.landing(orLandingURL)
		if id := t.text(orClickID); id != "" {
			od.ClickID = id
		}
		od.Referrer = t.referrer(orReferrer)
		od.Customer = t.text(orCustomerID)
		od.NewCustomer = t.boolean(orNewCustomer)
		if n, ok := t.count(orUnits); ok {
			od.Units = n
		}
		od.Payment, od.Status = t.payment(orStatus)
		return od
	}, n, fn)
}

// payment reads a payment status column into Lift's payment state and the
// status as written.
func (t *table) payment(c int) (payment, status string) {
	v := t.get(c)
	if v == "" {
		return "", "" // not given: paid, as Order.Payment says
	}
	p, ok := PaymentOf(v)
	if !ok {
		t.failf(c, "%q is not a payment status (%s)", v, PaymentStatuses)
		return "", ""
	}
	return p, t.mem.keep(strings.TrimSpace(v))
}

func lowerCase(v string) (string, bool) { return strings.ToLower(v), true }

// revenue reads revenue and the optional refunded amount, which cannot
// exceed it: the file is in revenue terms, so a larger refund is a mistake.
func (t *table) revenue(rc, fc int) (revenue, refunded money.Cents) {
	revenue, okRev := t.amount(rc)
	refunded, okRef := t.amount(fc)
	if okRev && okRef && refunded > revenue {
		t.failf(fc, "%s is more than %s %s", refunded, t.cols[rc].name, revenue)
	}
	return revenue, refunded
}

// landing reads the landing URL, which may be a path ("/p/x?lift_cid=a"),
// and the click id carried in it.
func (t *table) landing(c int) (landing, clickID string) {
	v, ok := t.value(c)
	if !ok {
		return "", ""
	}
	u, err := url.Parse(v)
	if err != nil {
		t.failf(c, "%q is not a URL", v)
		return "", ""
	}
	return t.mem.keep(v), t.mem.keep(queryValue(u.RawQuery, clickParam))
}

// queryValue finds one parameter without building the whole url.Values.
func queryValue(rawQuery, key string) string {
	for part := range strings.SplitSeq(rawQuery, "&") {
		k, v, _ := strings.Cut(part, "=")
		if k != key {
			continue
		}
		if s, err := url.QueryUnescape(v); err == nil {
			return s
		}
	}
	return ""
}
