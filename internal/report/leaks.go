package report

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/leaks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/textsafe"
)

// LeakOptions select the coupon-leak report.
type LeakOptions struct {
	Campaign string        // a campaign's name; empty for all
	Window   time.Duration // how long before an order a creator's click counts
}

// LeakReport lists the promo codes that look leaked, with the evidence.
type LeakReport struct {
	Window      string          `json:"window"`
	Campaign    string          `json:"campaign,omitempty"`
	Codes       int             `json:"codes"`       // codes redeemed at least once
	Redemptions int             `json:"redemptions"` // their redemptions
	Findings    []leaks.Finding `json:"findings"`
}

// Leaks looks for leaked codes in workspace ws. A buyer's clicks are the
// ones attribution sees: the click the order carries and those the
// customer's other orders carry.
func Leaks(ctx context.Context, st *store.Store, ws store.Workspace, opt LeakOptions) (*LeakReport, error) {
	if opt.Window == 0 {
		opt.Window = attribution.DefaultWindow
	}
	d, err := load(ctx, st, ws)
	if err != nil {
		return nil, fmt.Errorf("leaks: %w", err)
	}
	camp, err := d.selectCampaign(opt.Campaign)
	if err != nil {
		return nil, fmt.Errorf("leaks: %w", err)
	}
	in := d.leakInput(opt.Window, ws.Loc)
	in.Campaign = camp.Name
	found, stats := leaks.Find(in)
	for i := range found {
		found[i].First, found[i].Last = found[i].First.In(ws.Loc), found[i].Last.In(ws.Loc)
	}
	if found == nil {
		found = []leaks.Finding{}
	}
	return &LeakReport{Window: attribution.FormatWindow(opt.Window), Campaign: camp.Name,
		Codes: stats.Codes, Redemptions: stats.Redemptions, Findings: found}, nil
}

// leakInput gathers the codes and the orders that redeem one, with the
// clicks of each order's buyer; orders refunded in full are left out.
func (d *data) leakInput(window time.Duration, loc *time.Location) leaks.Input {
	in := leaks.Input{Window: window, Loc: loc}
	for _, c := range d.codes {
		cr, camp := d.creators[c.CreatorID], d.campaigns[c.CampaignID]
		in.Codes = append(in.Codes, leaks.Code{Code: c.Code, Creator: d.creatorKey(cr), Campaign: camp.Name,
			Since: camp.Starts, Followers: cr.Followers})
	}
	for _, p := range d.postList {
		reach := p.Reach
		if reach == 0 {
			reach = max(p.Impressions, p.Views)
		}
		in.Posts = append(in.Posts, leaks.Post{Creator: d.creatorKey(d.creators[p.CreatorID]), Time: p.PublishedAt, Reach: reach})
	}
	for i := range d.orders {
		o := &d.orders[i]
		in.AsOf = o.Time // oldest first, so the last is the latest
		if net := o.Revenue - o.Refunded; (o.Refunded > 0 && net <= 0) || !d.redeemsCode(o) {
			continue
		}
		lo := leaks.Order{ID: o.ExternalID, Time: o.Time, Codes: o.Codes, Referrer: o.Referrer, Landing: o.LandingURL}
		for _, t := range d.touches(o) {
			if t.Reason != attribution.ReasonCode {
				// The click the order names counts as before it, within
				// the clock skew attribution allows, as it does there.
				lo.Clicks = append(lo.Clicks, leaks.Click{Creator: d.creatorKey(d.creators[t.Creator]), Time: attribution.When(t, o.Time)})
			}
		}
		in.Orders = append(in.Orders, lo)
	}
	return in
}

func (d *data) redeemsCode(o *store.Order) bool {
	for _, c := range o.Codes {
		if _, ok := d.codes[c]; ok {
			return true
		}
	}
	return false
}

// Write prints the leak report as a table or JSON.
func (r *LeakReport) Write(w io.Writer, format string) error {
	switch format {
	case "", "table":
		return r.writeTable(textsafe.TerminalWriter(w))
	case "json":
		return writeJSON(w, r)
	}
	return fmt.Errorf("unknown format %q (use table or json)", format)
}

// shownOrders is how many order ids a finding lists in the table; JSON
// has them all.
const shownOrders = 10

func (r *LeakReport) writeTable(w io.Writer) error {
	var b strings.Builder
	title := "Coupon leaks"
	if r.Campaign != "" {
		title = "Campaign " + r.Campaign + ", coupon leaks"
	}
	fmt.Fprintf(&b, "%s · clicks within %s before the order\n\n", title, r.Window)
	lines := [][]string{{"kind", "code", "creator", "redemptions", "from", "to"}}
	for _, f := range r.Findings {
		lines = append(lines, []string{f.Kind, f.Code, f.Creator,
			fmt.Sprintf("%s of %s", metrics.Count(int64(f.Count)), metrics.Count(int64(f.Redemptions))),
			f.First.Format(time.DateOnly), f.Last.Format(time.DateOnly)})
	}
	if len(r.Findings) > 0 {
		var grid strings.Builder
		writeGrid(&grid, lines, 3)
		rows := strings.SplitAfter(grid.String(), "\n")
		b.WriteString(rows[0])
		for i, f := range r.Findings {
			b.WriteString(rows[i+1])
			fmt.Fprintf(&b, "    %s\n    orders: %s\n", f.Evidence, orderList(f.Orders))
		}
		b.WriteByte('\n')
	}
	noun := "leaks"
	if len(r.Findings) == 1 {
		noun = "leak"
	}
	fmt.Fprintf(&b, "%d %s found in %s redemptions of %s codes\n", len(r.Findings), noun,
		metrics.Count(int64(r.Redemptions)), metrics.Count(int64(r.Codes)))
	_, err := io.WriteString(w, b.String())
	return err
}

func orderList(ids []string) string {
	if len(ids) <= shownOrders {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s, … (%d in all)", strings.Join(ids[:shownOrders], ", "), len(ids))
}
