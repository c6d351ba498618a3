package web

import (
	"net/http"
	"strconv"

	"github.com/liftmetrics/lift/internal/customers"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/report"
)

type customersPage struct {
	F     *filters
	Tabs  tabs
	AsOf  string // the day the data runs to
	Tiles []tile
	Note  string // when no creator brought in a customer
	Table *table
}

func (h *Handler) customers(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	f, err := h.readFilters(ctx, r.URL.Query(), rc.WS)
	if err != nil {
		return err
	}
	rep, err := report.Customers(ctx, h.st, rc.WS, report.CustomerOptions{Campaign: f.Campaign, Model: f.opt.Model, Window: f.opt.Window})
	if err != nil {
		return err
	}
	p := &customersPage{F: f, Tabs: insightTabs("customers", f), AsOf: rep.AsOf, Table: customerTable(rep, f)}
	p.Table.sortFromQuery(r.URL.Query(), "", false) // the report's order: most customers first
	if len(rep.Rows) == 0 {
		p.Table.Empty = "No creator has posts, costs or credited orders yet. Import posts, costs and orders (with a customer_id column) to follow the customers each creator brings in."
		if f.Campaign != "" {
			p.Table.Empty = "No creator has posts, costs or credited orders in campaign " + f.Campaign + " yet."
		}
		p.Table.EmptyURL, p.Table.EmptyCTA = "/import?kind=orders", "Import orders"
	} else {
		p.Tiles, p.Note = customerTiles(rep.Rows)
	}
	return h.page(w, r, rc, "customers", view{Title: "Customers", Nav: "insights", Page: p, Alert: problems(f)}, p.Table)
}

func customerTiles(rows []customers.Row) ([]tile, string) {
	var acquired, open, returning, orders float64
	paid := 0
	for _, r := range rows {
		acquired += r.Acquired
		open += r.Incomplete90
		returning += r.ReturningOrders
		orders += r.NewOrders + r.ReturningOrders
		if r.PaybackDays != nil {
			paid++
		}
	}
	var share *float64
	if orders > 0 {
		share = num(returning / orders)
	}
	tiles := []tile{
		{Label: "New customers", Value: metrics.Decimal(acquired), Hint: "customers whose first order a creator was credited with"},
		{Label: "In first 90 days", Value: metrics.Decimal(open), Hint: "acquired customers whose 90 days have not ended: their LTV is still growing"},
		{Label: "Returning orders", Value: metrics.Percent(share), Hint: "credited orders from customers who had ordered before", Undef: share == nil},
		// The label says who is counted: "Paid back: 40 of 40" read as if
		// every creator had, when 40 was only the table's length.
		{Label: "Creators paid back", Value: strconv.Itoa(paid) + " of " + strconv.Itoa(len(rows)),
			Hint: strconv.Itoa(paid) + " of the " + strconv.Itoa(len(rows)) + " creators below paid back: their credited revenue caught up with their cost and stayed ahead"},
	}
	note := ""
	if acquired == 0 {
		note = "No creator has brought in a customer yet. Lift follows a customer by their key: the customer_id column of an orders file, or Email in a Shopify export. A first order the shop marks new_customer=false brings in no one."
	}
	return tiles, note
}

// customerLead are the columns that answer the page's question: what the
// customers each creator brought in spent, and when the creator paid back.
var customerLead = []string{"creator", "acquired", "ltv_30", "ltv_60", "ltv_90", "revenue", "cost", "payback_days", "payback_date"}

func customerTable(rep *report.CustomerReport, f *filters) *table {
	cur := rep.Currency
	t := &table{Name: "customers", Sortable: true, Sticky: true, Lead: customerLead, Cols: []column{
		{Key: "creator", Head: "Creator"},
		{Key: "acquired", Head: "Acquired", Title: "customers whose first order the creator was credited with (a shared first order counts in part)", Num: true},
		{Key: "without_key", Head: "Without key", Title: "acquired customers without a customer key: the shop said new, but their later orders cannot be told, so they are not in LTV", Num: true, CSVOnly: true},
		{Key: "ltv_30", Head: "LTV 30d", Title: "what those customers spent within 30 days of their first order, per customer; shown once every one of them is 30 days past it", Num: true},
		{Key: "ltv_60", Head: "LTV 60d", Title: "within 60 days, per customer; shown once every one of them is 60 days past it", Num: true},
		{Key: "ltv_90", Head: "LTV 90d", Title: "within 90 days, per customer; shown once every one of them is 90 days past it", Num: true},
		{Key: "incomplete_30", Head: "In first 30d", Title: "customers whose 30 days have not ended by the last order in the data", Num: true, CSVOnly: true},
		{Key: "incomplete_60", Head: "In first 60d", Title: "customers whose 60 days have not ended by the last order in the data", Num: true, CSVOnly: true},
		{Key: "incomplete_90", Head: "In first 90d", Title: "customers whose 90 days have not ended by the last order in the data: their LTV is still growing", Num: true},
		{Key: "new_orders", Head: "New orders", Title: "credited orders that were a customer's first", Num: true},
		{Key: "returning_orders", Head: "Returning orders", Title: "credited orders from a customer who had ordered before", Num: true},
		{Key: "revenue", Head: "Revenue", Title: "net revenue credited to the creator", Num: true},
		{Key: "cost", Head: "Cost", Title: "costs + commission", Num: true},
		{Key: "payback_days", Head: "Payback", Title: "days from the creator's first post or cost until credited revenue caught up with cost and stayed ahead", Num: true},
		{Key: "payback_date", Head: "Paid back on"},
	}}
	for _, r := range rep.Rows {
		t.add(link(r.Key, creatorPath(r.Key)+f.query()), decimal(r.Acquired), decimal(r.WithoutKey),
			ltv(r.LTV30, r.Incomplete30, 30, cur), ltv(r.LTV60, r.Incomplete60, 60, cur), ltv(r.LTV90, r.Incomplete90, 90, cur),
			decimal(r.Incomplete30), decimal(r.Incomplete60), decimal(r.Incomplete90),
			decimal(r.NewOrders), decimal(r.ReturningOrders), cash(r.Revenue, cur), cash(r.Cost, cur),
			paybackDays(r.PaybackDays), paybackDate(r.PaybackDate))
	}
	return t
}

// ltv shows an LTV over n days, or why there is none: a number while any
// customer is still inside their n days would not be final.
func ltv(c *money.Cents, inside float64, n int, cur string) cell {
	switch {
	case c != nil:
		return cash(*c, cur)
	case inside > 0:
		return cell{Text: "not final", Num: true, Muted: true, Sub: metrics.Decimal(inside) + " inside " + strconv.Itoa(n) + " days",
			Hint: metrics.Decimal(inside) + " of these customers are not yet " + strconv.Itoa(n) + " days past their first order"}
	}
	return cell{Text: "—", Num: true, Muted: true, Hint: "no customer with a key acquired: nothing to divide by"}
}

func paybackDays(d *int) cell {
	if d == nil {
		return cell{Text: "—", Num: true, Muted: true, Hint: "not paid back yet"}
	}
	c := count(int64(*d))
	c.Text = plural(int64(*d), "day", "days")
	return c
}

func paybackDate(d *string) cell {
	if d == nil {
		return cell{Text: "—", Muted: true, Hint: "not paid back yet"}
	}
	c := text(*d)
	c.Whole = true
	return c
}
