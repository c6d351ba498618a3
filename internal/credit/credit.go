// Package credit holds the one definition of what an order's credits are
// made of, shared by the report (which attributes orders from raw rows
// under any model and window) and by the store (which keeps every order's
// credits under the default model and window, in the transaction that
// changes them): the touches of an order, whether it counts, whether it
// brought a new customer, and how its net revenue is split among its
// credits. It knows nothing of SQL or of the store's types.
package credit

import (
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/customers"
	"github.com/liftmetrics/lift/internal/money"
)

// Model and Window are what the store keeps credits under: the default
// model and window. A report under them reads the kept credits; any other
// model or window attributes from raw rows.
const (
	Model  = attribution.LastTouch
	Window = attribution.DefaultWindow
)

// Counts says whether an order is an order at all: one refunded in full
// is neither an order nor revenue, so it brings in no customer either
// and earns no credit.
func Counts(revenue, refunded money.Cents) bool { return refunded <= 0 || revenue-refunded > 0 }

// Resolver turns a click id or a code into the touch it would be, without
// its Reason and Ref (Touches sets them); false when the click or code is
// unknown, or the click's link is gone.
type Resolver struct {
	Click func(id string) (attribution.Touch, bool)
	Code  func(code string) (attribution.Touch, bool)
}

// Touches lists what might earn an order (or a conversion) made at at:
// the click it carries, the clicks its customer's other orders carry
// (customerClicks, from Customers.Clicks), and the codes redeemed with it,
// at the order's time.
func (r Resolver) Touches(at time.Time, clickID string, customerClicks, codes []string) []attribution.Touch {
	var ts []attribution.Touch
	click := func(id string, reason attribution.Reason) {
		t, ok := r.Click(id)
		if !ok {
			return
		}
		t.Reason, t.Ref = reason, id
		ts = append(ts, t)
	}
	if clickID != "" {
		click(clickID, attribution.ReasonClickID)
	}
	for _, id := range customerClicks {
		if id != clickID {
			click(id, attribution.ReasonCustomer)
		}
	}
	for _, code := range codes {
		if t, ok := r.Code(code); ok {
			t.Time, t.Reason, t.Ref = at, attribution.ReasonCode, code
			ts = append(ts, t)
		}
	}
	return ts
}

// Customers follows the orders that count by their payment (the caller
// decides that, from the workspace's setting on pending orders), handed
// to Add oldest first (by time, then id): each customer's click ids, and
// each customer's first order that counts.
type Customers struct {
	clicks map[string][]string
	first  map[string]int64
}

// NewCustomers returns an empty Customers.
func NewCustomers() *Customers {
	return &Customers{clicks: map[string][]string{}, first: map[string]int64{}}
}

// Add notes one order that counts by its payment.
func (c *Customers) Add(id int64, customer, clickID string, revenue, refunded money.Cents) {
	if customer == "" {
		return
	}
	if _, ok := c.first[customer]; !ok && Counts(revenue, refunded) {
		c.first[customer] = id
	}
	if clickID != "" {
		c.clicks[customer] = append(c.clicks[customer], clickID)
	}
}

// Clicks are the click ids a customer's orders carry; none without a key.
func (c *Customers) Clicks(customer string) []string {
	if customer == "" {
		return nil
	}
	return c.clicks[customer]
}

// Kind is the one definition of a new customer (README, "The numbers"):
//   - an order the shop marks new_customer=false is returning (the
//     customer bought before the data begins);
//   - an order with a customer key is new when it is the first order of
//     that key that counts, returning otherwise: an earlier order refunded
//     in full does not make the next one returning, and the shop's
//     new_customer=true cannot make a second order new;
//   - an order without a key is new when the shop marks it so, and
//     neither new nor returning when it says nothing.
func (c *Customers) Kind(id int64, customer string, newCustomer *bool) customers.Kind {
	switch {
	case newCustomer != nil && !*newCustomer:
		return customers.Returning
	case customer != "" && c.first[customer] == id:
		return customers.New
	case customer != "":
		return customers.Returning
	case newCustomer != nil:
		return customers.New
	}
	return customers.Unknown
}

// Split shares an amount among an order's credits by their parts, to the
// cent.
func Split(amount money.Cents, credits []attribution.Credit) []money.Cents {
	weights := make([]float64, len(credits))
	for k, c := range credits {
		weights[k] = float64(c.Parts)
	}
	return money.Apportion(amount, weights)
}
