package report

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/customers"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/textsafe"
)

// CustomerOptions select the customers report.
type CustomerOptions struct {
	Campaign string // a campaign's name; empty for all
	Model    attribution.Model
	Window   time.Duration
}

// CustomerReport follows the customers each creator brought in: LTV over
// 30, 60 and 90 days, new and returning orders, and payback.
type CustomerReport struct {
	Model    string          `json:"model"`
	Window   string          `json:"window"`
	Currency string          `json:"currency"`
	Campaign string          `json:"campaign,omitempty"`
	AsOf     string          `json:"as_of,omitempty"` // the day the data runs to
	Rows     []customers.Row `json:"rows"`
}

// Customers builds the customers report of workspace ws. Credits are the
// KPI report's: the same orders, touches, model and window.
func Customers(ctx context.Context, st *store.Store, ws store.Workspace, opt CustomerOptions) (*CustomerReport, error) {
	if opt.Model == "" {
		opt.Model = attribution.LastTouch
	}
	if opt.Window == 0 {
		opt.Window = attribution.DefaultWindow
	}
	d, err := load(ctx, st, ws)
	if err != nil {
		return nil, fmt.Errorf("customers: %w", err)
	}
	camp, err := d.selectCampaign(opt.Campaign)
	if err != nil {
		return nil, fmt.Errorf("customers: %w", err)
	}
	in := d.customerInput(camp.ID, opt, ws.Loc)
	r := &CustomerReport{Model: string(opt.Model), Window: attribution.FormatWindow(opt.Window),
		Currency: ws.Currency, Campaign: camp.Name, Rows: customers.Compute(in)}
	if !in.AsOf.IsZero() {
		r.AsOf = in.AsOf.In(ws.Loc).Format(time.DateOnly)
	}
	return r, nil
}

// selectCampaign finds the campaign a report is limited to; the zero
// campaign (id 0) when name is empty.
func (d *data) selectCampaign(name string) (store.Campaign, error) {
	if name == "" {
		return store.Campaign{}, nil
	}
	c, ok := d.campaignByName[strings.ToLower(name)]
	if !ok {
		return store.Campaign{}, fmt.Errorf("unknown campaign %q (campaigns: %s)", name, strings.Join(d.campaignNames(), ", "))
	}
	return c, nil
}

// customerInput attributes every order that counts and gathers costs,
// first posts and commission rates, keeping the facts of campaign camp
// (0 for all). Credits of other campaigns keep their share of an order
// under an empty creator, as the KPI report drops them after splitting.
func (d *data) customerInput(camp int64, opt CustomerOptions, loc *time.Location) customers.Input {
	in := customers.Input{Posted: map[string]time.Time{}, Rates: map[string]float64{}, Loc: loc}
	for i := range d.orders {
		o := &d.orders[i]
		in.AsOf = o.Time // oldest first, so the last is the latest
		if !counts(o) {
			continue
		}
		co := customers.Order{Time: o.Time, Customer: o.Customer, Net: o.Revenue - o.Refunded, Kind: d.customerKind(o)}
		for _, c := range attribution.Assign(o.Time, d.touches(o), opt.Model, opt.Window) {
			key := ""
			if camp == 0 || c.Campaign == camp {
				key = d.creatorKey(d.creators[c.Creator])
			}
			co.Credits = append(co.Credits, customers.Credit{Creator: key, Parts: c.Parts})
		}
		in.Orders = append(in.Orders, co)
	}
	for _, c := range d.costs {
		if camp == 0 || c.CampaignID == camp {
			in.Costs = append(in.Costs, customers.Cost{Creator: d.creatorKey(d.creators[c.CreatorID]), Date: c.Date, Amount: c.Amount})
		}
	}
	for _, p := range d.postList {
		key := d.creatorKey(d.creators[p.CreatorID])
		if first, seen := in.Posted[key]; (camp == 0 || p.CampaignID == camp) && (!seen || p.PublishedAt.Before(first)) {
			in.Posted[key] = p.PublishedAt
		}
	}
	for _, c := range d.creators {
		if c.CommissionRate != nil {
			in.Rates[d.creatorKey(c)] = *c.CommissionRate
		}
	}
	return in
}

// Write prints the customers report as a table, CSV or JSON.
func (r *CustomerReport) Write(w io.Writer, format string) error {
	switch format {
	case "", "table":
		return r.writeTable(textsafe.TerminalWriter(w))
	case "csv":
		rows := make([]any, len(r.Rows))
		for i := range r.Rows {
			rows[i] = r.Rows[i]
		}
		return writeObjectsCSV(w, customers.Row{}, rows)
	case "json":
		return writeJSON(w, r)
	}
	return fmt.Errorf("unknown format %q (use table, csv or json)", format)
}

func (r *CustomerReport) writeTable(w io.Writer) error {
	lines := [][]string{{"creator", "acquired", "LTV 30d", "LTV 60d", "LTV 90d", "new", "returning",
		"revenue", "cost", "paid back"}}
	var acquired, open float64
	for _, row := range r.Rows {
		lines = append(lines, []string{row.Key, metrics.Decimal(row.Acquired),
			r.ltv(row.LTV30, row.Incomplete30), r.ltv(row.LTV60, row.Incomplete60), r.ltv(row.LTV90, row.Incomplete90),
			metrics.Decimal(row.NewOrders), metrics.Decimal(row.ReturningOrders),
			money.Format(row.Revenue, r.Currency), money.Format(row.Cost, r.Currency), payback(row)})
		acquired += row.Acquired
		open += row.Incomplete90
	}
	var b strings.Builder
	title := "Customers by creator"
	if r.Campaign != "" {
		title = "Campaign " + r.Campaign + ", customers by creator"
	}
	fmt.Fprintf(&b, "%s · %s, %s window · %s", title, r.Model, r.Window, r.Currency)
	if r.AsOf != "" {
		fmt.Fprintf(&b, " · data to %s", r.AsOf)
	}
	b.WriteString("\n\n")
	writeGrid(&b, lines, 1)
	fmt.Fprintf(&b, "\n%s customers acquired by %s creators; %s of them still inside their first 90 days\n",
		metrics.Decimal(acquired), metrics.Count(int64(len(r.Rows))), metrics.Decimal(open))
	b.WriteString("LTV n days is final only once every customer acquired is n days past their first order: " +
		"\"— (3 inside)\" means 3 of them are not yet\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ltv shows an LTV, or how many customers keep it from being final.
func (r *CustomerReport) ltv(v *money.Cents, inside float64) string {
	if v == nil && inside > 0 {
		return "— (" + metrics.Decimal(inside) + " inside)"
	}
	return metrics.Money(v, r.Currency)
}

func payback(row customers.Row) string {
	if row.PaybackDays == nil || row.PaybackDate == nil {
		return "—"
	}
	unit := "days"
	if *row.PaybackDays == 1 {
		unit = "day"
	}
	return fmt.Sprintf("%d %s (%s)", *row.PaybackDays, unit, *row.PaybackDate)
}
