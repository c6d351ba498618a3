// Package customers follows the customers creators bring in: what they
// spend in the 30, 60 and 90 days from their first order (LTV), how the
// orders credited to a creator split into new and returning, and when a
// creator's cost was paid back by the revenue credited to them.
//
// It is pure: orders, their credits and the costs come in as values, and
// the date the data runs to (AsOf) stands in for a clock.
package customers

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/money"
)

// Horizons are the LTV windows, in days from a customer's first order.
var Horizons = [3]int{30, 60, 90}

// Credit is a creator's share of one order, as attribution gives it.
type Credit struct {
	// Creator names the creator; "" marks a credit outside the selection
	// (another campaign): it keeps its share of the order's revenue but
	// is reported nowhere, as in the KPI report.
	Creator string
	Parts   int64 // of attribution.Whole
}

// Kind says what an order is to its customer. The caller decides it, so
// that the KPI report's new_customers and this package's acquired
// customers come from one definition (README, "The numbers").
type Kind int

// The kinds of an order.
const (
	Unknown   Kind = iota // no customer key and no word from the shop
	New                   // the order brought in a new customer
	Returning             // the customer had ordered before
)

// Order is one order that counts: one refunded in full is left out by the
// caller, since it is neither an order nor revenue.
type Order struct {
	Time     time.Time
	Customer string      // customer key; "" when unknown
	Net      money.Cents // revenue less refunds
	Kind     Kind
	Credits  []Credit // every credit of the order; none when unattributed
}

// Cost is money spent on a creator.
type Cost struct {
	Creator string
	Date    time.Time
	Amount  money.Cents
}

// Input is a workspace's orders and costs.
type Input struct {
	Orders []Order
	Costs  []Cost
	// Posted holds each creator's first post; payback counts from it or
	// from the creator's first cost, whichever is earlier.
	Posted map[string]time.Time
	// Rates are commission rates: commission is a cost, paid per credited
	// order and rounded to the cent.
	Rates map[string]float64
	AsOf  time.Time      // the time the data runs to
	Loc   *time.Location // the workspace's zone, for payback days; nil is UTC
}

// Row is one creator's customers.
type Row struct {
	Key string `json:"key"`
	// Acquired sums the creator's credits on orders of Kind New: a
	// customer whose first order two creators share counts half to each.
	// It equals the KPI report's new_customers.
	Acquired float64 `json:"acquired"`
	// WithoutKey is the part of Acquired without a customer key (the shop
	// said new, but later orders cannot be told): not in LTV.
	WithoutKey float64 `json:"without_key"`
	// LTV30, LTV60 and LTV90 are the net revenue of the acquired customers
	// with a key, over their orders within 30, 60 and 90 days of their
	// first order (all their orders, whoever earned the later ones), per
	// such customer. Each is nil while any of them is still inside that
	// many days (the number is not final; Incomplete says how many), and
	// when there is none.
	LTV30 *money.Cents `json:"ltv_30"`
	LTV60 *money.Cents `json:"ltv_60"`
	LTV90 *money.Cents `json:"ltv_90"`
	// Incomplete30, 60 and 90 count the acquired customers whose 30, 60
	// or 90 days had not ended by AsOf.
	Incomplete30    float64 `json:"incomplete_30"`
	Incomplete60    float64 `json:"incomplete_60"`
	Incomplete90    float64 `json:"incomplete_90"`
	Orders          float64 `json:"orders"`
	NewOrders       float64 `json:"new_orders"`
	ReturningOrders float64 `json:"returning_orders"`
	// Revenue is the net revenue credited to the creator; Cost is their
	// costs and commission.
	Revenue money.Cents `json:"revenue"`
	Cost    money.Cents `json:"cost"`
	// PaybackDays counts calendar days from the creator's first post or
	// cost to PaybackDate, when credited revenue last caught up with
	// cost and stayed level or ahead; both nil when it has not.
	PaybackDays *int    `json:"payback_days"`
	PaybackDate *string `json:"payback_date"`
}

// acc sums one creator's numbers in attribution parts and exact cents.
type acc struct {
	acquired   int64
	keyed      int64 // the part of acquired with a customer key
	ltv        [len(Horizons)]money.Cents
	incomplete [len(Horizons)]int64
	orders     int64
	newOrders  int64
	returning  int64
	events     []event
}

// event moves a creator's cumulative revenue or cost at one instant.
type event struct {
	at      time.Time
	revenue money.Cents
	cost    money.Cents
	spend   bool // a cost, not a credited order's commission
}

// Compute returns a row for every creator with a credit, a cost or a post,
// most customers acquired first.
func Compute(in Input) []Row {
	if in.Loc == nil {
		in.Loc = time.UTC
	}
	orders := slices.Clone(in.Orders)
	slices.SortStableFunc(orders, func(a, b Order) int { return a.Time.Compare(b.Time) })
	accs := map[string]*acc{}
	get := func(key string) *acc {
		a := accs[key]
		if a == nil {
			a = &acc{}
			accs[key] = a
		}
		return a
	}
	windows := windowRevenue(orders)
	for i := range orders {
		o := &orders[i]
		creditOrder(in, o, get)
		if o.Kind == New {
			creditCustomer(o, windows[o.Customer], in.AsOf, get)
		}
	}
	for _, c := range in.Costs {
		if c.Creator != "" {
			a := get(c.Creator)
			a.events = append(a.events, event{at: c.Date, cost: c.Amount, spend: true})
		}
	}
	for key := range in.Posted {
		get(key)
	}
	rows := make([]Row, 0, len(accs))
	for key, a := range accs {
		rows = append(rows, a.row(key, in))
	}
	slices.SortFunc(rows, func(x, y Row) int {
		return cmp.Or(cmp.Compare(y.Acquired, x.Acquired), cmp.Compare(y.Revenue, x.Revenue), cmp.Compare(x.Key, y.Key))
	})
	return rows
}

// windowRevenue sums each customer's net revenue within each horizon of
// their first order; orders must be oldest first. A customer's first order
// here is the one Kind calls New, when the customer was acquired at all.
func windowRevenue(orders []Order) map[string]*[len(Horizons)]money.Cents {
	first := map[string]time.Time{}
	out := map[string]*[len(Horizons)]money.Cents{}
	for _, o := range orders {
		if o.Customer == "" {
			continue
		}
		t0, ok := first[o.Customer]
		if !ok {
			t0, first[o.Customer] = o.Time, o.Time
			out[o.Customer] = &[len(Horizons)]money.Cents{}
		}
		for h, days := range Horizons {
			// The edge counts, as a click exactly at the attribution
			// window's edge does.
			if o.Time.Sub(t0) <= day(days) {
				out[o.Customer][h] += o.Net
			}
		}
	}
	return out
}

func day(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// creditOrder adds one order to the creators it credits: its count, new
// or returning, and its revenue and commission for payback.
func creditOrder(in Input, o *Order, get func(string) *acc) {
	shares := split(o.Net, o.Credits)
	for k, c := range o.Credits {
		if c.Creator == "" {
			continue
		}
		a := get(c.Creator)
		a.orders += c.Parts
		switch o.Kind {
		case Returning:
			a.returning += c.Parts
		case New:
			a.newOrders += c.Parts
		}
		ev := event{at: o.Time, revenue: shares[k]}
		if rate, ok := in.Rates[c.Creator]; ok {
			ev.cost = money.Mul(shares[k], rate)
		}
		a.events = append(a.events, ev)
	}
}

// creditCustomer gives the creators of a customer's first order their
// share of the customer and, when the customer has a key to follow, of the
// customer's revenue in each horizon.
func creditCustomer(o *Order, windows *[len(Horizons)]money.Cents, asOf time.Time, get func(string) *acc) {
	keyed := o.Customer != "" && windows != nil
	var byHorizon [len(Horizons)][]money.Cents
	for h := range Horizons {
		if keyed {
			byHorizon[h] = split(windows[h], o.Credits)
		}
	}
	for k, c := range o.Credits {
		if c.Creator == "" {
			continue
		}
		a := get(c.Creator)
		a.acquired += c.Parts
		if !keyed {
			continue
		}
		a.keyed += c.Parts
		for h, days := range Horizons {
			a.ltv[h] += byHorizon[h][k]
			if o.Time.Add(day(days)).After(asOf) {
				a.incomplete[h] += c.Parts
			}
		}
	}
}

// split shares an amount by credit parts to the cent, as the KPI report
// splits an order's revenue.
func split(total money.Cents, credits []Credit) []money.Cents {
	w := make([]float64, len(credits))
	for i, c := range credits {
		w[i] = float64(c.Parts)
	}
	return money.Apportion(total, w)
}

func (a *acc) row(key string, in Input) Row {
	r := Row{Key: key, Acquired: count(a.acquired), WithoutKey: count(a.acquired - a.keyed),
		Orders: count(a.orders), NewOrders: count(a.newOrders), ReturningOrders: count(a.returning)}
	ltv := [len(Horizons)]**money.Cents{&r.LTV30, &r.LTV60, &r.LTV90}
	open := [len(Horizons)]*float64{&r.Incomplete30, &r.Incomplete60, &r.Incomplete90}
	for h := range Horizons {
		*open[h] = count(a.incomplete[h])
		if a.incomplete[h] == 0 {
			*ltv[h] = perCustomer(a.ltv[h], a.keyed)
		}
	}
	for _, e := range a.events {
		r.Revenue += e.revenue
		r.Cost += e.cost
	}
	r.PaybackDays, r.PaybackDate = a.payback(in.Posted[key], in.Loc)
	return r
}

// count turns summed parts into a number, rounded to six decimals so that
// 3 × ⅓ reads 1.
func count(parts int64) float64 {
	return math.Round(float64(parts)/float64(attribution.Whole)*1e6) / 1e6
}

// perCustomer divides revenue by a count kept in parts, rounding half away
// from zero to the cent; nil when the count is zero.
func perCustomer(revenue money.Cents, parts int64) *money.Cents {
	if parts == 0 {
		return nil
	}
	c := money.Round(float64(revenue) * float64(attribution.Whole) / float64(parts))
	return &c
}
