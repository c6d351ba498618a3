package web

import (
	"strconv"
	"strings"

	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/report"
)

// tile is one headline number.
type tile struct {
	Label    string
	Value    string
	Hint     string // the definition
	Mark     string // below, within, above
	MarkText string
	Bench    string // the benchmark, as people read it
	Undef    bool
	Neg      bool // below zero, coloured as a loss
	// Delta is the change against the previous period ("▲ 12%", "—"),
	// DeltaClass whether it is good news, DeltaHint what it compares with.
	Delta      string
	DeltaClass string
	DeltaHint  string
	key        string // the KPI shown, for the change
}

// kpi describes one metric of the README's metric table ("The numbers"):
// how to show it and where to find it in a report row.
type kpi struct {
	Key   string
	Head  string
	Title string
	Main  bool // shown before "all KPIs" is asked for
	cell  func(v metrics.Values, cur string) cell
	rate  func(v metrics.Values) *float64 // for benchmark marks
}

func rateOf(f func(v metrics.Values) *float64) func(v metrics.Values, _ string) cell {
	return func(v metrics.Values, _ string) cell { return percent(f(v)) }
}

// kpis lists every metric of the contract in the order of the leaderboard.
var kpis = []kpi{
	{Key: "followers", Head: "Followers", Title: "followers at post time, summed over the posts", cell: func(v metrics.Values, _ string) cell { return count(v.Followers) }},
	{Key: "impressions", Head: "Impr.", Title: "impressions the platforms report", Main: true, cell: func(v metrics.Values, _ string) cell { return count(v.Impressions) }},
	{Key: "reach", Head: "Reach", cell: func(v metrics.Values, _ string) cell { return count(v.Reach) }},
	{Key: "views", Head: "Views", cell: func(v metrics.Values, _ string) cell { return count(v.Views) }},
	{Key: "likes", Head: "Likes", cell: func(v metrics.Values, _ string) cell { return count(v.Likes) }},
	{Key: "comments", Head: "Comments", cell: func(v metrics.Values, _ string) cell { return count(v.Comments) }},
	{Key: "shares", Head: "Shares", cell: func(v metrics.Values, _ string) cell { return count(v.Shares) }},
	{Key: "saves", Head: "Saves", cell: func(v metrics.Values, _ string) cell { return count(v.Saves) }},
	{Key: "engagements", Head: "Engagements", Title: "likes + comments + shares", cell: func(v metrics.Values, _ string) cell { return count(v.Engagements) }},
	{Key: "engagement_rate", Head: "Eng. rate", Title: "engagements / followers", Main: true,
		cell: rateOf(func(v metrics.Values) *float64 { return v.EngagementRate }), rate: func(v metrics.Values) *float64 { return v.EngagementRate }},
	{Key: "engagement_rate_reach", Head: "Eng. / reach", Title: "engagements / reach", cell: rateOf(func(v metrics.Values) *float64 { return v.EngagementRateReach })},
	{Key: "clicks", Head: "Clicks", Title: "tracked clicks, bots left out", Main: true, cell: func(v metrics.Values, _ string) cell { return count(v.Clicks) }},
	{Key: "unique_clicks", Head: "Unique clicks", Title: "clicks of a visitor not seen on the link in the 24 hours before", cell: func(v metrics.Values, _ string) cell { return count(v.UniqueClicks) }},
	{Key: "ctr", Head: "CTR", Title: "clicks / impressions", Main: true,
		cell: rateOf(func(v metrics.Values) *float64 { return v.CTR }), rate: func(v metrics.Values) *float64 { return v.CTR }},
	{Key: "link_clicks", Head: "Link clicks", Title: "link clicks the platforms report", cell: func(v metrics.Values, _ string) cell { return count(v.LinkClicks) }},
	{Key: "platform_ctr", Head: "Platform CTR", Title: "link clicks the platforms report / impressions",
		cell: rateOf(func(v metrics.Values) *float64 { return v.PlatformCTR }), rate: func(v metrics.Values) *float64 { return v.PlatformCTR }},
	{Key: "product_impressions", Head: "Product impr.", cell: func(v metrics.Values, _ string) cell { return count(v.ProductImpressions) }},
	{Key: "product_clicks", Head: "Product clicks", cell: func(v metrics.Values, _ string) cell { return count(v.ProductClicks) }},
	{Key: "product_ctr", Head: "Product CTR", Title: "product clicks / product impressions", cell: rateOf(func(v metrics.Values) *float64 { return v.ProductCTR })},
	{Key: "product_orders", Head: "Product orders", cell: func(v metrics.Values, _ string) cell { return count(v.ProductOrders) }},
	{Key: "ctor", Head: "CTOR", Title: "orders from product clicks / product clicks", cell: rateOf(func(v metrics.Values) *float64 { return v.CTOR })},
	{Key: "orders", Head: "Orders", Title: "orders credited (fractions under split models)", Main: true, cell: func(v metrics.Values, _ string) cell { return decimal(v.Orders) }},
	{Key: "code_orders", Head: "Code orders", Title: "orders credited to promo codes, which need no click", Main: true, cell: func(v metrics.Values, _ string) cell { return decimal(v.CodeOrders) }},
	{Key: "click_orders", Head: "Click orders", Title: "orders that came through a click, at most one per click", cell: func(v metrics.Values, _ string) cell { return decimal(v.ClickOrders) }},
	{Key: "conversion_rate", Head: "Conv. rate", Title: "orders that came through a click / clicks (a click converts once)", Main: true,
		cell: rateOf(func(v metrics.Values) *float64 { return v.ConversionRate }), rate: func(v metrics.Values) *float64 { return v.ConversionRate }},
	{Key: "units", Head: "Units", cell: func(v metrics.Values, _ string) cell { return decimal(v.Units) }},
	{Key: "revenue", Head: "Revenue", Title: "net revenue credited: after discounts and refunds, without tax and shipping", Main: true,
		cell: func(v metrics.Values, c string) cell { return cash(v.Revenue, c) }},
	{Key: "new_customers", Head: "New cust.", Title: "new customers credited", cell: func(v metrics.Values, _ string) cell { return decimal(v.NewCustomers) }},
	{Key: "conversions", Head: "Conversions", Title: "signups, leads, installs and other conversions credited (not orders)", cell: func(v metrics.Values, _ string) cell { return decimal(v.Conversions) }},
	{Key: "conversions_signup", Head: "Signups", Title: "signup conversions credited", cell: func(v metrics.Values, _ string) cell { return decimal(v.ConversionsSignup) }},
	{Key: "conversions_lead", Head: "Leads", Title: "lead conversions credited", cell: func(v metrics.Values, _ string) cell { return decimal(v.ConversionsLead) }},
	{Key: "conversions_install", Head: "Installs", Title: "install conversions credited", cell: func(v metrics.Values, _ string) cell { return decimal(v.ConversionsInstall) }},
	{Key: "conversions_download", Head: "Downloads", Title: "download conversions credited", cell: func(v metrics.Values, _ string) cell { return decimal(v.ConversionsDownload) }},
	{Key: "conversions_other", Head: "Other conv.", Title: "other conversions credited", cell: func(v metrics.Values, _ string) cell { return decimal(v.ConversionsOther) }},
	{Key: "conversion_value", Head: "Conv. value", Title: "value of the conversions credited; not in revenue", cell: func(v metrics.Values, c string) cell { return cash(v.ConversionValue, c) }},
	{Key: "cost", Head: "Cost", Title: "costs + commission", Main: true, cell: func(v metrics.Values, c string) cell { return cash(v.Cost, c) }},
	{Key: "roi", Head: "ROI", Title: "(revenue − cost) / cost", Main: true,
		cell: rateOf(func(v metrics.Values) *float64 { return v.ROI }), rate: func(v metrics.Values) *float64 { return v.ROI }},
	{Key: "roas", Head: "ROAS", Title: "revenue / cost", Main: true,
		cell: func(v metrics.Values, _ string) cell { return multiple(v.ROAS) }, rate: func(v metrics.Values) *float64 { return v.ROAS }},
	{Key: "aov", Head: "AOV", Title: "revenue / orders", Main: true, cell: func(v metrics.Values, c string) cell { return cashOf(v.AOV, c) }},
	{Key: "cac", Head: "CAC", Title: "cost / new customers", Main: true, cell: func(v metrics.Values, c string) cell { return cashOf(v.CAC, c) }},
	{Key: "cpa", Head: "CPA", Title: "cost / orders", cell: func(v metrics.Values, c string) cell { return cashOf(v.CPA, c) }},
	{Key: "cpe", Head: "CPE", Title: "cost / engagements", cell: func(v metrics.Values, c string) cell { return cashOf(v.CPE, c) }},
	{Key: "cpm", Head: "CPM", Title: "cost / impressions × 1000", cell: func(v metrics.Values, c string) cell { return cashOf(v.CPM, c) }},
	{Key: "cpc", Head: "CPC", Title: "cost / clicks", cell: func(v metrics.Values, c string) cell { return cashOf(v.CPC, c) }},
}

func kpiByKey(key string) kpi {
	for _, k := range kpis {
		if k.Key == key {
			return k
		}
	}
	panic("web: no KPI " + key)
}

// marked is a KPI cell marked against the benchmark for a platform and
// tier, when there is one.
func marked(bt *benchmarks.Table, k kpi, v metrics.Values, cur, platform, tier string) cell {
	c := k.cell(v, cur)
	if k.rate == nil || bt == nil {
		return c
	}
	if b, ok := bt.For(platform, tier, k.Key); ok {
		c.Mark = benchmarks.Mark(k.rate(v), b)
		if c.Mark != "" {
			c.Hint = c.Mark + " the benchmark " + boundText(b)
		}
	} else if k.rate(v) != nil && bt.Missing(platform, tier, k.Key) {
		c.Hint = benchmarks.NoBenchmark(tier) // not "within": there is nothing to compare with
	}
	return c
}

// boundText writes a benchmark as people read it: "1.00–3.00% (instagram)".
func boundText(b benchmarks.Bound) string {
	f := func(x float64) string {
		if benchmarks.IsRate(b.Metric) {
			return strings.TrimSuffix(strings.TrimSuffix(strconv.FormatFloat(x*100, 'f', 2, 64), "0"), ".0") + "%"
		}
		if b.Metric == "roi" {
			return strconv.FormatFloat(x*100, 'f', 0, 64) + "%"
		}
		return strconv.FormatFloat(x, 'f', 2, 64) + "x"
	}
	s := f(b.Low)
	if b.High != b.Low {
		s = strings.TrimSuffix(s, "%") + "–" + f(b.High)
	}
	var who []string
	if b.Platform != "" {
		who = append(who, b.Platform)
	}
	if b.Tier != "" {
		who = append(who, b.Tier)
	}
	if len(who) > 0 {
		s += " (" + strings.Join(who, ", ") + ")"
	}
	return s
}

var markText = map[string]string{benchmarks.Below: "Below benchmark", benchmarks.Within: "Within benchmark", benchmarks.Above: "Above benchmark"}

// kpiTile is a headline number, marked against the benchmark for the
// platform and tier when one applies.
func kpiTile(bt *benchmarks.Table, key, label string, v metrics.Values, cur, platform, tier string) tile {
	k := kpiByKey(key)
	c := marked(bt, k, v, cur, platform, tier)
	t := tile{Label: label, Value: c.Text, Hint: k.Title, Mark: c.Mark, MarkText: markText[c.Mark], Undef: c.Muted, Neg: c.negative(), key: key}
	if k.rate != nil && bt != nil {
		if b, ok := bt.For(platform, tier, key); ok {
			t.Bench = "Benchmark " + boundText(b)
		} else if bt.Missing(platform, tier, key) {
			t.Bench = "No benchmark for " + tier
		}
	}
	return t
}

// sumValues adds report rows back into one row, for a total of the rows a
// filter kept: the counts are all in Values, so the rates are recomputed
// from sums, never averaged.
func sumValues(rows []report.Row) metrics.Values {
	var in metrics.Inputs
	for _, r := range rows {
		in.Add(r.Values.Inputs())
	}
	return metrics.Compute(in)
}
