package report

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// Amazon holds a row's numbers from Amazon reports, which arrive already
// attributed, per day and tag. Attribution's click-throughs, purchases,
// units and product sales and Associates' clicks, items ordered and
// revenue are also in the row's clicks, orders, units and revenue; the
// rest is only here.
type Amazon struct {
	// From Amazon Attribution.
	ClickThroughs   int64       `json:"click_throughs"`
	DetailPageViews int64       `json:"detail_page_views"`
	AddToCarts      int64       `json:"add_to_carts"`
	Purchases       int64       `json:"purchases"`
	Units           int64       `json:"units"`
	Sales           money.Cents `json:"sales"`
	// Total* include the brand halo: the brand's other products bought
	// after the click.
	TotalDetailPageViews int64       `json:"total_detail_page_views"`
	TotalAddToCarts      int64       `json:"total_add_to_carts"`
	TotalPurchases       int64       `json:"total_purchases"`
	TotalUnits           int64       `json:"total_units"`
	TotalSales           money.Cents `json:"total_sales"`
	// Halo* are the brand halo alone (Total* less the promoted
	// products): sales of the brand's other products, never in revenue.
	HaloPurchases int64       `json:"halo_purchases"`
	HaloUnits     int64       `json:"halo_units"`
	HaloSales     money.Cents `json:"halo_sales"`
	// DPVRate is detail page views / click-throughs; ATCRate is add to
	// carts / detail page views.
	DPVRate *float64 `json:"dpv_rate"`
	ATCRate *float64 `json:"atc_rate"`
	// BrandReferralBonus is what Amazon reported (brb_bonus_amount) or,
	// for a report without it, the workspace's rate × Attribution's
	// product sales, per day and tag rounded to the cent. It is in revenue
	// only with Options.WithBRB.
	BrandReferralBonus money.Cents `json:"brand_referral_bonus"`

	// From Amazon Associates.
	AssociatesClicks       int64       `json:"associates_clicks"`
	AssociatesItemsOrdered int64       `json:"associates_items_ordered"`
	AssociatesItemsShipped int64       `json:"associates_items_shipped"`
	AssociatesRevenue      money.Cents `json:"associates_revenue"` // ordered revenue
	// Shipped and returned are kept apart from what was ordered; returned
	// revenue is taken off revenue like a refund.
	AssociatesItemsReturned   int64       `json:"associates_items_returned"`
	AssociatesShippedRevenue  money.Cents `json:"associates_shipped_revenue"`
	AssociatesReturnedRevenue money.Cents `json:"associates_returned_revenue"`
	AssociatesEarnings        money.Cents `json:"associates_earnings"`
	AssociatesBonus           money.Cents `json:"associates_bonus"` // part of the earnings
}

// AmazonPeriod is an Associates block in a report: the numbers a summary
// without dates gave for a whole period, which no day can hold. It is
// counted only when the report's dates cover the whole period.
type AmazonPeriod struct {
	Tag     string `json:"tag"`
	From    string `json:"from"`
	To      string `json:"to"`
	Counted bool   `json:"counted"`
}

func (a *Amazon) add(b *Amazon) {
	a.ClickThroughs += b.ClickThroughs
	a.DetailPageViews += b.DetailPageViews
	a.AddToCarts += b.AddToCarts
	a.Purchases += b.Purchases
	a.Units += b.Units
	a.Sales += b.Sales
	a.TotalDetailPageViews += b.TotalDetailPageViews
	a.TotalAddToCarts += b.TotalAddToCarts
	a.TotalPurchases += b.TotalPurchases
	a.TotalUnits += b.TotalUnits
	a.TotalSales += b.TotalSales
	a.BrandReferralBonus += b.BrandReferralBonus
	a.AssociatesClicks += b.AssociatesClicks
	a.AssociatesItemsOrdered += b.AssociatesItemsOrdered
	a.AssociatesItemsShipped += b.AssociatesItemsShipped
	a.AssociatesRevenue += b.AssociatesRevenue
	a.AssociatesItemsReturned += b.AssociatesItemsReturned
	a.AssociatesShippedRevenue += b.AssociatesShippedRevenue
	a.AssociatesReturnedRevenue += b.AssociatesReturnedRevenue
	a.AssociatesEarnings += b.AssociatesEarnings
	a.AssociatesBonus += b.AssociatesBonus
}

// rates fills the rates and the halo from the counts.
func (a *Amazon) rates() *Amazon {
	a.HaloPurchases, a.HaloUnits, a.HaloSales = a.TotalPurchases-a.Purchases, a.TotalUnits-a.Units, a.TotalSales-a.Sales
	a.DPVRate = rate(a.DetailPageViews, a.ClickThroughs)
	a.ATCRate = rate(a.AddToCarts, a.DetailPageViews)
	return a
}

func rate(num, den int64) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}

// amazonGroups are the Amazon numbers of a report's groups.
type amazonGroups struct {
	by      map[*acc]*Amazon
	brb     float64 // the workspace's Brand Referral Bonus rate
	periods []AmazonPeriod
}

// addAmazon adds the workspace's Amazon days to the groups of their
// creator, campaign and day (a day is a fact at its start, in the
// workspace's zone; no post carries it).
func (b *builder) addAmazon(ctx context.Context, st *store.Store, ws store.Workspace) (amazonGroups, error) {
	days, err := st.AmazonDays(ctx, ws.ID)
	if err != nil || len(days) == 0 {
		return amazonGroups{}, err
	}
	brb, err := st.BRBRate(ctx, ws.ID)
	if err != nil {
		return amazonGroups{}, err
	}
	groups := amazonGroups{by: map[*acc]*Amazon{}, brb: brb}
	for _, d := range days {
		day, err := time.ParseInLocation(time.DateOnly, d.Date, b.loc)
		if err != nil {
			return amazonGroups{}, fmt.Errorf("amazon day %q: %w", d.Date, err)
		}
		f := fact{creator: d.CreatorID, campaign: d.CampaignID, at: day}
		var a *acc
		if d.Ends == "" {
			if !b.in(f) {
				continue
			}
			a = b.group(f)
		} else if a, err = groups.block(b, f, d); err != nil || a == nil {
			if err != nil {
				return amazonGroups{}, err
			}
			continue
		}
		if groups.by[a] == nil {
			groups.by[a] = &Amazon{}
		}
		groups.by[a].add(b.amazonDay(a, d, brb))
	}
	return groups, nil
}

// block returns the group of an Associates block, nil when the report
// leaves it out. A block is a total for its whole period, which no day
// can hold: it is counted when the report's dates cover the whole period
// (or when it has none), never prorated, and it is its own row in a
// report by day, named by its period. A block only partly inside the
// dates is left out and listed, so the report says what it did not count.
func (g *amazonGroups) block(b *builder, f fact, d store.AmazonDay) (*acc, error) {
	last, err := time.ParseInLocation(time.DateOnly, d.Ends, b.loc)
	if err != nil {
		return nil, fmt.Errorf("amazon block end %q: %w", d.Ends, err)
	}
	start, end := f.at, last.AddDate(0, 0, 1)
	from, to := b.opt.From, b.opt.To
	if b.campaign != 0 && f.campaign != b.campaign ||
		!to.IsZero() && !start.Before(to) || !from.IsZero() && !end.After(from) {
		return nil, nil // wholly outside the report
	}
	p := AmazonPeriod{Tag: d.Tag, From: d.Date, To: d.Ends,
		Counted: (from.IsZero() || !start.Before(from)) && (to.IsZero() || !end.After(to))}
	g.periods = append(g.periods, p)
	if !p.Counted {
		return nil, nil
	}
	if b.opt.By != "day" {
		return b.group(f), nil
	}
	key := b.splitKey(f.campaign) + d.Date + periodSep + d.Ends
	if b.groups[key] == nil {
		b.groups[key] = &acc{}
	}
	return b.groups[key], nil
}

// periodSep joins the first and last day of a period block's row key in
// a report by day ("2026-10-01..2026-10-31").
const periodSep = ".."

// IsPeriodKey reports whether a row key of a report by day names a period
// block rather than a day: a chart of days has no place for it.
func IsPeriodKey(key string) bool { return strings.Contains(key, periodSep) }

// amazonDay adds one day's counts to the group's metrics and returns its
// Amazon numbers.
func (b *builder) amazonDay(a *acc, d store.AmazonDay, brb float64) *Amazon {
	x := &Amazon{}
	sales := d.Sales
	if d.Source == store.AmazonAssociates {
		x.AssociatesClicks, x.AssociatesItemsOrdered, x.AssociatesItemsShipped = d.ClickThroughs, d.Purchases, d.ItemsShipped
		x.AssociatesRevenue, x.AssociatesEarnings, x.AssociatesBonus = d.Sales, d.Earnings, d.Bonus
		x.AssociatesItemsReturned, x.AssociatesShippedRevenue, x.AssociatesReturnedRevenue = d.ItemsReturned, d.ShippedRevenue, d.ReturnedRevenue
		// Ordered revenue is the attributed sales; returns take theirs
		// back, as refunds do.
		sales -= d.ReturnedRevenue
	} else {
		x.ClickThroughs, x.DetailPageViews, x.AddToCarts, x.Purchases, x.Units, x.Sales =
			d.ClickThroughs, d.DetailPageViews, d.AddToCarts, d.Purchases, d.Units, d.Sales
		x.TotalDetailPageViews, x.TotalAddToCarts, x.TotalPurchases, x.TotalUnits, x.TotalSales =
			d.TotalDetailPageViews, d.TotalAddToCarts, d.TotalPurchases, d.TotalUnits, d.TotalSales
		x.BrandReferralBonus = money.Mul(d.Sales, brb)
		if d.BRB != nil {
			x.BrandReferralBonus = *d.BRB
		}
	}
	a.in.Clicks += d.ClickThroughs
	a.parts[qOrders] += d.Purchases * attribution.Whole
	// Amazon's purchases and items come only through click-throughs, so
	// they convert clicks; one click-through converts at most once, as a
	// tracked click does (Associates count items, several per click).
	a.parts[qClickOrders] += min(d.Purchases, d.ClickThroughs) * attribution.Whole
	a.units += float64(d.Units)
	a.in.Revenue += sales
	if b.opt.WithBRB {
		a.in.Revenue += x.BrandReferralBonus
	}
	// Commission is owed on the sales a creator drove wherever they
	// were made, per day as Amazon reports them.
	if rate := b.d.creators[d.CreatorID].CommissionRate; rate != nil {
		a.in.Cost += money.Mul(sales, *rate)
	}
	return x
}

// attach gives each row of r its Amazon numbers, and the total theirs.
func (g amazonGroups) attach(b *builder, r *Report) {
	if len(g.by) == 0 && len(g.periods) == 0 {
		return
	}
	total := &Amazon{}
	for i := range r.Rows {
		if a := g.by[b.groups[r.Rows[i].Key]]; a != nil {
			r.Rows[i].Amazon = a.rates()
			total.add(a)
		}
	}
	r.TotalAmazon = total.rates()
	r.AmazonPeriods = g.periods
	r.BRBRate = &g.brb
	r.WithBRB = b.opt.WithBRB
}

// amazonColumns are the Amazon columns of the table for people.
var amazonColumns = []struct {
	head string
	cell func(a *Amazon, cur string) string
}{
	{"click-thr.", func(a *Amazon, _ string) string { return metrics.Count(a.ClickThroughs) }},
	{"DPV", func(a *Amazon, _ string) string { return metrics.Count(a.DetailPageViews) }},
	{"DPV rate", func(a *Amazon, _ string) string { return metrics.Percent(a.DPVRate) }},
	{"ATC", func(a *Amazon, _ string) string { return metrics.Count(a.AddToCarts) }},
	{"ATC rate", func(a *Amazon, _ string) string { return metrics.Percent(a.ATCRate) }},
	{"purch.", func(a *Amazon, _ string) string { return metrics.Count(a.Purchases) }},
	{"sales", func(a *Amazon, c string) string { return money.Format(a.Sales, c) }},
	{"BRB", func(a *Amazon, c string) string { return money.Format(a.BrandReferralBonus, c) }},
	{"assoc. clicks", func(a *Amazon, _ string) string { return metrics.Count(a.AssociatesClicks) }},
	{"assoc. items", func(a *Amazon, _ string) string { return metrics.Count(a.AssociatesItemsOrdered) }},
	{"assoc. revenue", func(a *Amazon, c string) string { return money.Format(a.AssociatesRevenue, c) }},
	{"assoc. returned", func(a *Amazon, c string) string { return money.Format(a.AssociatesReturnedRevenue, c) }},
	{"assoc. earnings", func(a *Amazon, c string) string { return money.Format(a.AssociatesEarnings, c) }},
}

// amazonTable is the table's Amazon section: one line per row with
// Amazon numbers, and the total. It is empty when there are none.
func (r *Report) amazonTable() string {
	if r.TotalAmazon == nil {
		return ""
	}
	head := []string{"Amazon"}
	for _, c := range amazonColumns {
		head = append(head, c.head)
	}
	lines := [][]string{head}
	line := func(key string, a *Amazon) []string {
		cells := []string{key}
		for _, c := range amazonColumns {
			cells = append(cells, c.cell(a, r.Currency))
		}
		return cells
	}
	for _, row := range r.Rows {
		if row.Amazon != nil {
			lines = append(lines, line(row.Key, row.Amazon))
		}
	}
	lines = append(lines, line("total", r.TotalAmazon))
	var b strings.Builder
	b.WriteString("\n")
	writeGrid(&b, lines, 1)
	note := "not in revenue (--with-brb adds it)"
	if r.WithBRB {
		note = "added to revenue"
	}
	b.WriteString("Amazon click-throughs, purchases, units and sales, and Associates clicks, items and revenue, are in\n" +
		"clicks, orders, units and revenue above; Associates returned revenue is taken off revenue.\n")
	b.WriteString(r.periodsNote())
	fmt.Fprintf(&b, "BRB: Brand Referral Bonus as Amazon reported it, else %s of Attribution sales; %s.\n", metrics.Percent(r.BRBRate), note)
	return b.String()
}

// align lays out lines as columns: the first left-aligned, the others
// right-aligned.

// amazonCSVHead is the CSV header's Amazon columns, none when the report
// has no Amazon numbers.
func (r *Report) amazonCSVHead() []string {
	if r.TotalAmazon == nil {
		return nil
	}
	b, _ := json.Marshal(Amazon{})
	keys := jsonKeys(b)
	for i, k := range keys {
		keys[i] = "amazon_" + k
	}
	return keys
}

// amazonCSV is a CSV line's Amazon cells: empty for a row without Amazon
// numbers and for undefined rates.
func (r *Report) amazonCSV(a *Amazon) []string {
	if r.TotalAmazon == nil {
		return nil
	}
	out := make([]string, len(r.amazonCSVHead()))
	if a == nil {
		return out
	}
	b, _ := json.Marshal(a)
	var m map[string]json.RawMessage
	_ = json.Unmarshal(b, &m)
	for i, k := range r.amazonCSVHead() {
		if s := string(m[strings.TrimPrefix(k, "amazon_")]); s != "null" {
			out[i] = s
		}
	}
	return out
}

// periodsNote lists the Associates blocks the report met: they are totals
// for a period, not measured by day, so the reader is told which were
// counted whole and which were left out.
func (r *Report) periodsNote() string {
	var b strings.Builder
	for _, p := range r.AmazonPeriods {
		if b.Len() == 0 {
			b.WriteString("Associates totals for a period (no day in them, never spread over days):\n")
		}
		what := "counted whole"
		if r.GroupBy == "day" {
			what = "counted whole, as the row " + p.From + periodSep + p.To
		}
		if !p.Counted {
			what = "left out: the report's dates cover only part of it"
		}
		fmt.Fprintf(&b, "  %s %s to %s: %s\n", p.Tag, p.From, p.To, what)
	}
	return b.String()
}
