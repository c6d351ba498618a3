package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/leaks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/report"
)

type leaksPage struct {
	F        *filters
	Tabs     tabs
	Findings *table
	Checked  string // what the rules looked at, in words
	Nothing  bool   // no code was redeemed: nothing to check
	Checks   []leakCheck
}

type leakCheck struct{ Name, Text string }

// shownLeakOrders is how many order ids a finding lists on the page; the
// CSV has them all.
const shownLeakOrders = 5

func (h *Handler) leaks(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	f, err := h.readFilters(ctx, r.URL.Query(), rc.WS)
	if err != nil {
		return err
	}
	rep, err := report.Leaks(ctx, h.st, rc.WS, report.LeakOptions{Campaign: f.Campaign, Window: f.opt.Window})
	if err != nil {
		return err
	}
	p := &leaksPage{F: f, Tabs: insightTabs("leaks", f), Nothing: rep.Redemptions == 0, Checks: leakChecks(rep.Window),
		Checked: plural(int64(rep.Redemptions), "redemption", "redemptions") + " of " + plural(int64(rep.Codes), "code", "codes")}
	p.Findings = leakTable(rep, f, rc.WS.Loc)
	p.Findings.sortFromQuery(r.URL.Query(), "", false) // the report's order: by kind, then code
	return h.page(w, r, rc, "leaks", view{Title: "Coupon leaks", Nav: "insights", Page: p, Alert: problems(f)}, p.Findings)
}

// leakChecks says what each rule looks for, with the thresholds it uses.
func leakChecks(window string) []leakCheck {
	pct := func(f float64) string { return fmt.Sprintf("%g%%", f*100) }
	return []leakCheck{
		{"No click", fmt.Sprintf("a code redeemed at least %d times, %s or more of them without a click on the creator's links in the %s before the order, and %s points more often than the workspace's other codes.",
			leaks.MinRedemptions, pct(leaks.NoClickShare), window, fmt.Sprint(leaks.NoClickMargin*100))},
		{"Coupon site", "a redemption that arrives from a coupon, deal or cashback site (RetailMeNot, Honey, Slickdeals, Rakuten, …), by its referrer, its landing page or the landing page's utm_source."},
		{"Burst", fmt.Sprintf("a day with more redemptions than both %d and %d times the code's usual day, and than %s of the creator's audience (followers, or the reach of their posts of the last %d days when larger).",
			leaks.BurstFloor, leaks.BurstFactor, pct(leaks.AudienceShare), leaks.AudienceDays)},
		{"Before start", "a redemption before the code's campaign began: the code was out early (or the campaign's dates are wrong), and the order is credited to the campaign all the same."},
	}
}

var leakKindText = map[string]string{leaks.KindNoClick: "no click", leaks.KindCouponSite: "coupon site", leaks.KindBurst: "burst", leaks.KindBeforeStart: "before start"}

func leakTable(rep *report.LeakReport, f *filters, loc *time.Location) *table {
	t := &table{Name: "leaks", Sortable: true, Cols: []column{
		{Key: "kind", Head: "Kind", Title: "no-click, coupon-site, burst or before-start: the rules are under the table"},
		{Key: "code", Head: "Code"}, {Key: "creator", Head: "Creator"}, {Key: "campaign", Head: "Campaign"},
		{Key: "evidence", Head: "Evidence"},
		{Key: "count", Head: "Redemptions", Title: "the redemptions the finding is about, of all the code's", Num: true},
		{Key: "redemptions", Head: "Of", CSVOnly: true},
		{Key: "orders", Head: "Orders", Title: "the orders of those redemptions; the CSV lists them all"},
		{Key: "first", Head: "First", Title: "the first of those redemptions"},
		{Key: "last", Head: "Last", Title: "the last of those redemptions"},
	}}
	for _, l := range rep.Findings {
		kind := cell{Text: leakKindText[l.Kind], Raw: l.Kind, Pill: "leak"}
		n := count(int64(l.Count))
		n.Text = metrics.Count(int64(l.Count)) + " of " + metrics.Count(int64(l.Redemptions))
		t.add(kind, mono(l.Code), link(l.Creator, creatorPath(l.Creator)+f.query()), text(l.Campaign),
			cell{Text: l.Evidence, Raw: l.Evidence, Wide: true}, n, count(int64(l.Redemptions)),
			orderIDs(l.Orders), when(l.First, loc), when(l.Last, loc))
	}
	return t
}

// orderIDs lists the first few order ids on the page and all in the CSV.
func orderIDs(ids []string) cell {
	c := cell{Text: strings.Join(ids, ", "), Raw: strings.Join(ids, " "), Mono: true}
	if len(ids) > shownLeakOrders {
		c.Text = strings.Join(ids[:shownLeakOrders], ", ") + ", …"
		c.Sub = fmt.Sprintf("%d in all", len(ids))
	}
	return c
}

func when(t time.Time, loc *time.Location) cell {
	c := text(t.In(loc).Format(time.DateOnly))
	c.Raw, c.sortN, c.Hint, c.Whole = t.In(loc).Format(time.RFC3339), num(float64(t.Unix())), t.In(loc).Format("2006-01-02 15:04"), true
	return c
}
