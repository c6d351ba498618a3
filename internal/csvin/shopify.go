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
	firstRow  int  // how many rows came before that row
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

// ShopifyWindow is how many rows after an order's first row its other
// rows may come: an import holds the orders of so many rows, not the
// whole file. Shopify writes an order's line items one after another.
const ShopifyWindow = 10000

// ParseShopifyOrders reads the export of Shopify admin's Orders page. Shopify
// writes one row per line item: the first row of an order holds the
// order-level fields and the others repeat Name with only line-item
// columns filled. Rows are grouped by Name, adjacent or not, within
// ShopifyWindow rows of the order's first row (a row further away is a
// problem); a problem in any row leaves the whole order out.
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
	var out chunks[Order]
	errs, err := StreamShopifyOrders(r, o, chunkLen, func(b []Order) error {
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

// StreamShopifyOrders reads a Shopify export as ParseShopifyOrders does,
// handing the good orders to fn in batches of up to n once ShopifyWindow
// rows have passed their first row, and returns the row problems once the
// file is read. Only the names and ids seen so far (for the duplicate
// checks) grow with the file. An error from fn stops the read.
func StreamShopifyOrders(r io.Reader, o Options, n int, fn func([]Order) error) ([]Error, error) {
	t, err := newTable(r, o, "orders_export.csv", shopifyColumns)
	if err != nil {
		return nil, err
	}
	t.unread = shNotRead
	s := &shopifyStream{t: t, n: n, fn: fn, open: map[string]*shopifyOrder{}, names: map[string]int{}, ids: map[string]int{}}
	rows := 0
	err = t.eachRow(func() {
		rows++
		if s.failed == nil {
			s.close(rows - ShopifyWindow)
		}
		if name, ok := t.value(shName); ok {
			s.row(name, rows)
		}
	})
	if err == nil && s.failed == nil {
		s.close(rows + 1)
		s.emit()
	}
	if err == nil {
		err = s.failed
	}
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(t.errs, func(a, b Error) int { return cmp.Compare(a.Line, b.Line) })
	return t.errs, nil
}

// shopifyStream is a Shopify export being read: the orders whose rows
// may still come, and what the duplicate checks remember.
type shopifyStream struct {
	t     *table
	n     int
	fn    func([]Order) error
	open  map[string]*shopifyOrder // by Name
	queue []*shopifyOrder          // the open orders by first row
	names map[string]int           // every Name read → its first line
	ids   map[string]int           // every order's ExternalID → its line
	keys  arena                    // the strings of names and ids
	out   []Order
	// failed is fn's error: the read goes on to its end, handing nothing.
	failed error
}

// row adds the current row to its order.
func (s *shopifyStream) row(name string, at int) {
	t := s.t
	g := s.open[name]
	if g == nil {
		if first, seen := s.names[name]; seen {
			t.failf(shName, "order %q has a row more than %d rows after its first (line %d): keep each order's rows together, as Shopify's export does",
				name, ShopifyWindow, first)
			return
		}
		g = &shopifyOrder{name: s.keys.keep(name), firstLine: t.line, firstRow: at}
		s.open[g.name] = g
		s.names[g.name] = t.line
		s.queue = append(s.queue, g)
	}
	t.shopifyRow(g, name)
}

// close finishes the open orders whose first row came before row
// before, and hands them on once a batch is full.
func (s *shopifyStream) close(before int) {
	k := 0
	for k < len(s.queue) && s.queue[k].firstRow < before {
		k++
	}
	if k == 0 {
		return
	}
	done := s.queue[:k]
	// By the line of the row that holds the order, which is where its
	// record and any duplicate report point.
	slices.SortStableFunc(done, func(a, b *shopifyOrder) int { return cmp.Compare(a.line(), b.line()) })
	for _, g := range done {
		delete(s.open, g.name)
		if od, ok := s.t.shopifyFinish(g, s.ids, &s.keys); ok {
			s.out = append(s.out, od)
		}
	}
	clear(done)
	s.queue = s.queue[k:]
	if len(s.queue) == 0 {
		s.queue = nil // let the backing array go
	}
	if len(s.out) >= s.n {
		s.emit()
	}
}

func (s *shopifyStream) emit() {
	if len(s.out) == 0 || s.failed != nil {
		return
	}
	s.failed = s.fn(s.out)
	s.out = nil
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

// shopifyFinish checks what only the order's rows together and the whole
// file show (an order without its main row, two orders with one Id), and
// gives the order when it is good.
func (t *table) shopifyFinish(g *shopifyOrder, ids map[string]int, keys *arena) (Order, bool) {
	if !g.hasMain {
		t.failAt(g.firstLine, t.cols[shSubtotal].name, "required field is empty")
		return Order{}, false
	}
	if first, dup := ids[g.order.ExternalID]; dup {
		col := t.cols[shID].name
		if g.order.ExternalID == g.name {
			col = t.cols[shName].name
		}
		t.failAt(g.order.Line, col, fmt.Sprintf("duplicate order %q (first on line %d)", g.order.ExternalID, first))
		return Order{}, false
	}
	ids[keys.keep(g.order.ExternalID)] = g.order.Line
	if g.bad {
		return Order{}, false
	}
	g.order.Units = 1
	if t.has(shQuantity) {
		g.order.Units = g.units
	}
	return g.order, true
}
