package report

import (
	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/money"
)

// Pending sums the orders that would be credited to the report's rows but
// are not paid (README, "Payment status"): pending, authorized, on hold,
// a Stripe session awaiting a delayed payment. Counted says whether they
// are in the rows and the total too, as in a workspace that counts pending
// orders (cash on delivery); otherwise they count once paid.
type Pending struct {
	Orders  float64     `json:"orders"` // sums of credits, as the rows' orders
	Revenue money.Cents `json:"revenue"`
	Counted bool        `json:"counted"`
}

// addPending credits the unpaid orders of the period as addOrders would,
// into the report's Pending rather than its rows.
func (b *builder) addPending() {
	var sum acc // the credits, rounded to millionths as the rows' orders are
	for i := range b.d.unpaid {
		o := &b.d.unpaid[i]
		if !counts(o) || !b.inTime(o.Time) {
			continue
		}
		credits := attribution.Assign(o.Time, b.d.touches(o), b.opt.Model, b.opt.Window)
		b.addUnpaid(credits, split(o.Revenue-o.Refunded, credits), &sum)
	}
	b.closePending(&sum)
}

// addUnpaid adds one unpaid order's credits to sum and to Pending.
func (b *builder) addUnpaid(credits []attribution.Credit, shares []money.Cents, sum *acc) {
	for k, c := range credits {
		if b.campaign != 0 && c.Campaign != b.campaign {
			continue
		}
		sum.parts[qOrders] += c.Parts
		b.pending.Revenue += shares[k]
	}
}

func (b *builder) closePending(sum *acc) {
	b.pending.Orders = float64(sum.millionths()[qOrders]) / 1e6
	b.pending.Counted = b.d.countPending
}

// head is what the report's header says about pending orders.
func (p Pending) head() string {
	if p.Counted {
		return "pending orders counted"
	}
	return "paid orders only"
}

// note explains the pending line of the table.
func (p Pending) note() string {
	if p.Counted {
		return "counted above: this workspace counts pending orders"
	}
	return "not counted above; they count once paid"
}
