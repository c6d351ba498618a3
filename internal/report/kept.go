package report

import (
	"context"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// addKept credits the period's orders from the credits the store keeps
// under the default model and window (store.EachCreditedOrder), streamed
// oldest first as addOrders and addPending take them, without attributing
// any order here: the orders that count to the rows, the unpaid ones to
// Pending, each order's value to the ranking's spread.
func (b *builder) addKept(ctx context.Context, st *store.Store, ws int64) error {
	b.values = &orderValues{}
	var unpaid acc
	var credits []attribution.Credit
	var shares []money.Cents
	err := st.EachCreditedOrder(ctx, ws, b.opt.From, b.opt.To, func(co *store.CreditedOrder) error {
		o := &co.Order
		paid := store.Counts(o.Payment, b.d.countPending)
		if paid {
			b.values.add(b, o)
		}
		if !counts(o) || !b.inTime(o.Time) {
			return nil
		}
		credits, shares = credits[:0], shares[:0]
		for _, c := range co.Credits {
			credits = append(credits, c.Credit)
			shares = append(shares, c.Credited)
		}
		if paid {
			b.addOrder(o, credits, shares, co.New, func(k int, _ attribution.Credit) (store.ClickRef, bool) {
				c := co.Credits[k]
				return store.ClickRef{LinkID: c.Link, Time: c.ClickTime, Bot: c.ClickBot}, true
			})
		}
		if o.Payment == "pending" {
			b.addUnpaid(credits, shares, &unpaid)
		}
		return nil
	})
	b.closePending(&unpaid)
	return err
}
