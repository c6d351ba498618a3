package csvin

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/liftmetrics/lift/internal/money"
)

const (
	shName = iota
	shSubtotal
	shCreatedAt
	shID
	shEmail
	shFinancialStatus
	shCurrency
	shDiscountCode
	shNoteAttributes
	shCancelledAt
	shRefundedAmount
	shTotal
	shQuantity
	shReferringSite
	shShipping
	shTaxes
	shLandingSite
	shNotRead // the first of shopifyNotRead
)

var shopifyColumns = append([]column{
	shName:            {"Name", true},
	shSubtotal:        {"Subtotal", true},
	shCreatedAt:       {"Created at", true},
	shID:              {"Id", false},
	shEmail:           {"Email", false},
	shFinancialStatus: {"Financial Status", false},
	shCurrency:        {"Currency", false},
	shDiscountCode:    {"Discount Code", false},
	shNoteAttributes:  {"Note Attributes", false},
	shCancelledAt:     {"Cancelled at", false},
	shRefundedAmount:  {"Refunded Amount", false},
	shTotal:           {"Total", false},
	shQuantity:        {"Lineitem quantity", false},
	shReferringSite:   {"Referring Site", false},
	shShipping:        {"Shipping", false},
	shTaxes:           {"Taxes", false},
	shLandingSite:     {"Landing Site", false},
}, knownNotRead(shopifyNotRead)...)

// shopifyNotRead are the columns of Shopify admin's order export (CSV for
// Excel, Numbers, or other spreadsheet programs) that Lift knows and does
// not read: the summary line names only the columns nobody expected, such
// as one Shopify renamed. The export numbers its tax columns (Tax 1 Name
// to Tax 5 Value).
var shopifyNotRead = []string{
	"Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Discount Amount", "Shipping Method",
	"Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
	"Lineitem taxable", "Lineitem fulfillment status", "Lineitem discount",
	"Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City",
	"Billing Zip", "Billing Province", "Billing Province Name", "Billing Country", "Billing Phone",
	"Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City",
	"Shipping Zip", "Shipping Province", "Shipping Province Name", "Shipping Country", "Shipping Phone",
	"Notes", "Payment Method", "Payment Reference", "Payment References", "Payment ID", "Payment Terms Name",
	"Next Payment Due At", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Tags",
	"Risk Level", "Source", "Phone", "Receipt Number", "Duties",
	"Tax " + familyMark + " Name", "Tax " + familyMark + " Value",
}

// knownNotRead makes optional columns of names, which a kind lists so that
// they are known (never named as ignored) although nothing reads them or
// checks them.
func knownNotRead(names []string) []column {
	cols := make([]column, len(names))
	for i, n := range names {
		cols[i] = column{name: n}
	}
	return cols
}

// shopifyOrder gathers the rows of one order, which Shopify writes one per
// line item.
type shopifyOrder struct {
	order     Order
	name      string
	firstLine int  // first row with this Name, for an order without its main row
	hasMain   bool // the row with the order-level fields was seen
	units     int64
	bad       bool // a row of the order has a problem, so the whole order is left out
}

func (g *shopifyOrder) line() int {
	if g.hasMain {
		return g.order.Line
	}
	return g.firstLine
}

// ParseShopifyOrders reads the export of Shopify admin's Orders page. Shopify
// writes one row per line item: the first row of an order holds the
// order-level fields and the others repeat Name with only line-item
// columns filled. Rows are grouped by Name, adjacent or not; a problem in
// any row leaves the whole order out.
//
// ExternalID is Id, or Name when Id is empty. Revenue is Subtotal (after
// discounts, before tax and shipping). Refunded is the product part of
// Refunded Amount (shopifyRefund). Payment is Financial Status read by
// PaymentOf, void when Cancelled at is set: a cancelled or voided order is
// kept and never counts. The lift_cid line of Note Attributes is the
// ClickID, else the lift_cid parameter of Landing Site (which exports made
// by apps carry), the LandingURL; Email, lower-cased, is the Customer;
// the host of Referring Site is the Referrer; Units is the sum of
// Lineitem quantity.
func ParseShopifyOrders(r io.Reader, o Options) ([]Order, []Error, error) {
	t, err := newTable(r, o, "orders_export.csv", shopifyColumns)
	if err != nil {
		return nil, nil, err
	}
	t.unread = shNotRead
	byName := map[string]*shopifyOrder{}
	var orders []*shopifyOrder
	err = t.eachRow(func() {
		name, ok := t.value(shName)
		if !ok {
			return
		}
		g := byName[name]
		if g == nil {
			g = &shopifyOrder{name: t.mem.keep(name), firstLine: t.line}
			byName[g.name] = g
			orders = append(orders, g)
		}
		t.shopifyRow(g, name)
	})
	if err != nil {
		return nil, nil, err
	}
	return t.shopifyFinish(orders)
}

// shopifyRow adds one row to its order; only a row with a Subtotal holds
// the order-level fields.
func (t *table) shopifyRow(g *shopifyOrder, name string) {
	qty, _ := t.count(shQuantity)
	if qty > math.MaxInt64-g.units {
		t.failf(shQuantity, "%q makes the order's units too large", t.get(shQuantity))
	} else {
		g.units += qty
	}
	if t.get(shSubtotal) != "" {
		if g.hasMain {
			t.failf(shName, "duplicate order %q (first on line %d)", name, g.order.Line)
		} else {
			g.order, g.hasMain = t.shopifyOrder(g), true
		}
	}
	g.bad = g.bad || t.bad
}

func (t *table) shopifyOrder(g *shopifyOrder) Order {
	od := Order{Line: t.line, Source: "shopify"}
	od.ExternalID = t.text(shID)
	if od.ExternalID == "" {
		od.ExternalID = g.name
	}
	od.Time, _, _ = t.when(shCreatedAt)
	od.Revenue, od.Refunded = t.shopifyRefund()
	od.Payment, od.Status = t.shopifyPayment()
	od.Currency, _ = t.currency(shCurrency)
	od.Codes = t.codes(shDiscountCode)
	od.ClickID = t.mem.keep(noteAttribute(t.get(shNoteAttributes), clickParam))
	landing, fromLanding := t.landing(shLandingSite)
	od.LandingURL = landing
	if od.ClickID == "" {
		od.ClickID = fromLanding
	}
	od.Customer = t.mem.keepCase(t.get(shEmail), lower)
	od.Referrer = t.referrer(shReferringSite)
	return od
}

// shopifyPayment reads Financial Status into a payment state; an order
// with a Cancelled at time is void whatever its status.
func (t *table) shopifyPayment() (payment, status string) {
	payment, status = t.payment(shFinancialStatus)
	if _, _, cancelled := t.when(shCancelledAt); cancelled {
		payment = Void
	}
	return payment, status
}

// shopifyRefund reads Subtotal and brings Refunded Amount, which counts tax
// and shipping too, into the same terms as revenue: a refunded order, or a
// refund of the whole Total, is a full refund; otherwise the tax part is
// taken off in proportion (Subtotal : Taxes) when the export's Subtotal,
// Shipping and Taxes add up to its Total (prices without tax), and the
// rest is capped at Subtotal (the export does not say how much shipping a
// partial refund returned).
func (t *table) shopifyRefund() (revenue, refunded money.Cents) {
	revenue, _ = t.amount(shSubtotal)
	refunded, _ = t.amount(shRefundedAmount)
	total, hasTotal := t.amount(shTotal)
	switch {
	case strings.EqualFold(t.get(shFinancialStatus), "refunded"):
		return revenue, revenue
	case hasTotal && refunded > 0 && refunded >= total:
		return revenue, revenue
	}
	shipping, hasShipping := t.amount(shShipping)
	taxes, hasTaxes := t.amount(shTaxes)
	if refunded > 0 && hasTotal && hasShipping && hasTaxes && taxes > 0 && revenue+shipping+taxes == total {
		refunded = money.Apportion(refunded, []float64{float64(revenue), float64(taxes)})[0]
	}
	return revenue, min(refunded, revenue)
}

// noteAttribute finds key in Shopify's Note Attributes, one "key: value"
// per line.
func noteAttribute(notes, key string) string {
	for line := range strings.SplitSeq(notes, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// shopifyFinish checks what only the whole file shows (an order without
// its main row, two orders with one Id) and returns the orders in file
// order with problems sorted by line.
func (t *table) shopifyFinish(groups []*shopifyOrder) ([]Order, []Error, error) {
	// By the line of the row that holds the order, which is where its
	// record and any duplicate report point.
	slices.SortStableFunc(groups, func(a, b *shopifyOrder) int { return cmp.Compare(a.line(), b.line()) })
	var out []Order
	seen := map[string]int{}
	for _, g := range groups {
		if !g.hasMain {
			t.failAt(g.firstLine, t.cols[shSubtotal].name, "required field is empty")
			continue
		}
		if first, dup := firstLine(seen, g.order.ExternalID, g.order.Line); dup {
			col := t.cols[shID].name
			if g.order.ExternalID == g.name {
				col = t.cols[shName].name
			}
			t.failAt(g.order.Line, col, fmt.Sprintf("duplicate order %q (first on line %d)", g.order.ExternalID, first))
			continue
		}
		if g.bad {
			continue
		}
		g.order.Units = 1
		if t.has(shQuantity) {
			g.order.Units = g.units
		}
		out = append(out, g.order)
	}
	slices.SortStableFunc(t.errs, func(a, b Error) int { return cmp.Compare(a.Line, b.Line) })
	return out, t.errs, nil
}
