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

// Order is one order that counts: one refunded in full is left out by the
// caller, since it is neither an order nor revenue.
type Order struct {
	Time     time.Time
	Customer string      // customer key; "" when unknown
	Net      money.Cents // revenue less refunds
	New      *bool       // the shop's new-customer flag; nil when not said
	Credits  []Credit    // every credit of the order; none when unattributed
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
	// Acquired sums the creator's credits on customers' first orders: a
	// customer whose first order two creators share counts half to each.
	Acquired float64 `json:"acquired"`
	// LTV30, LTV60 and LTV90 are the net revenue of the acquired customers'
	// orders within 30, 60 and 90 days of their first order (all their
	// orders, whoever earned the later ones) per acquired customer; nil
	// when none was acquired.
	LTV30 *money.Cents `json:"ltv_30"`
	LTV60 *money.Cents `json:"ltv_60"`
	LTV90 *money.Cents `json:"ltv_90"`
	// Incomplete90 counts the acquired customers whose 90 days had not
	// ended by AsOf: their LTV is still growing.
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
	ltv        [len(Horizons)]money.Cents
	incomplete int64
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
	seen := map[string]bool{}
	for i := range orders {
		o := &orders[i]
		first := o.Customer != "" && !seen[o.Customer]
		if o.Customer != "" {
			seen[o.Customer] = true
		}
		// The shop's "not new" wins: the customer bought before the data
		// begins, so no creator brought them in.
		returning := (o.Customer != "" && !first) || (o.New != nil && !*o.New)
		isNew := !returning && (first || (o.New != nil && *o.New))
		acquired := first && !returning
		creditOrder(in, o, get, returning, isNew)
		if acquired {
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
// their first order; orders must be oldest first.
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
func creditOrder(in Input, o *Order, get func(string) *acc, returning, isNew bool) {
	shares := split(o.Net, o.Credits)
	for k, c := range o.Credits {
		if c.Creator == "" {
			continue
		}
		a := get(c.Creator)
		a.orders += c.Parts
		switch {
		case returning:
			a.returning += c.Parts
		case isNew:
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
// share of the customer and of the customer's revenue in each horizon.
func creditCustomer(o *Order, windows *[len(Horizons)]money.Cents, asOf time.Time, get func(string) *acc) {
	var byHorizon [len(Horizons)][]money.Cents
	for h := range Horizons {
		byHorizon[h] = split(windows[h], o.Credits)
	}
	open := o.Time.Add(day(Horizons[len(Horizons)-1])).After(asOf)
	for k, c := range o.Credits {
		if c.Creator == "" {
			continue
		}
		a := get(c.Creator)
		a.acquired += c.Parts
		if open {
			a.incomplete += c.Parts
		}
		for h := range Horizons {
			a.ltv[h] += byHorizon[h][k]
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
	r := Row{Key: key, Acquired: count(a.acquired), Incomplete90: count(a.incomplete),
		Orders: count(a.orders), NewOrders: count(a.newOrders), ReturningOrders: count(a.returning)}
	ltv := [len(Horizons)]**money.Cents{&r.LTV30, &r.LTV60, &r.LTV90}
	for h := range Horizons {
		*ltv[h] = perCustomer(a.ltv[h], a.acquired)
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
