package web

import (
	"context"
	"net/http"

	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

type platformsPage struct {
	F          *filters
	Cards      []platformCard
	Compare    *table
	Benchmarks *table
}

type platformCard struct {
	Platform string
	Tier     string
	Href     string
	Lines    []tile
}

// platformKPIs are the numbers each platform's card compares.
var platformKPIs = []struct{ key, label string }{
	{"engagement_rate", "Engagement rate"}, {"ctr", "CTR"}, {"platform_ctr", "Platform CTR"},
	{"conversion_rate", "Conversion rate"}, {"roi", "ROI"}, {"roas", "ROAS"},
	{"revenue", "Revenue"}, {"cost", "Cost"}, {"cac", "CAC"},
}

// platformLead are the side-by-side table's first columns: the money,
// then the rates the platforms' benchmarks judge.
var platformLead = []string{"platform", "revenue", "cost", "roi", "roas", "orders", "cac", "engagement_rate", "ctr", "conversion_rate"}

func (h *Handler) platforms(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	ctx := r.Context()
	f, err := h.readFilters(ctx, r.URL.Query(), rc.WS)
	if err != nil {
		return err
	}
	rep, err := h.build(ctx, rc.WS, f.options("platform"))
	if err != nil {
		return err
	}
	tiers, err := h.commonTiers(ctx, rc.WS)
	if err != nil {
		return err
	}
	bt, err := report.Benchmarks(ctx, h.st, rc.WS.ID)
	if err != nil {
		return err
	}
	cur := rc.WS.Currency
	p := &platformsPage{F: f, Benchmarks: benchmarkTable(bt)}
	p.Compare = &table{Name: "platforms", Sortable: true, Sticky: true, Lead: platformLead, FoldText: "All KPIs",
		Cols:  []column{{Key: "platform", Head: "Platform"}, {Key: "benchmark_tier", Head: "Tier compared", Title: "the platform's most common creator tier, whose benchmarks apply"}},
		Empty: "No platform has numbers in this period yet. Import creators and posts to compare platforms.", EmptyURL: "/import?kind=posts", EmptyCTA: "Import posts"}
	for _, k := range kpis {
		p.Compare.Cols = append(p.Compare.Cols, column{Key: k.Key, Head: k.Head, Title: k.Title, Num: true})
	}
	for _, row := range rep.Rows {
		tier := tiers[row.Key]
		card := platformCard{Platform: platformName(row.Key), Tier: tier, Href: "/creators?platform=" + row.Key}
		for _, k := range platformKPIs {
			card.Lines = append(card.Lines, kpiTile(bt, k.key, k.label, row.Values, cur, row.Key, tier))
		}
		p.Cards = append(p.Cards, card)
		cells := []cell{link(row.Key, "/creators?platform="+row.Key), text(tier)}
		for _, k := range kpis {
			cells = append(cells, marked(bt, k, row.Values, cur, row.Key, tier))
		}
		p.Compare.add(cells...)
	}
	p.Compare.sortFromQuery(r.URL.Query(), "revenue", true)
	return h.page(w, r, rc, "platforms", view{Title: "Platforms", Nav: "platforms", Page: p, Alert: problems(f)},
		p.Compare, p.Benchmarks)
}

// commonTiers finds each platform's most common creator tier: a platform
// mixes tiers, and engagement benchmarks are published per tier.
func (h *Handler) commonTiers(ctx context.Context, ws store.Workspace) (map[string]string, error) {
	creators, err := h.st.Creators(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	n := map[string]map[string]int{}
	for _, c := range creators {
		if n[c.Platform] == nil {
			n[c.Platform] = map[string]int{}
		}
		n[c.Platform][metrics.Tier(c.Followers)]++
	}
	out := map[string]string{}
	for p, byTier := range n {
		best := 0
		for _, t := range metrics.Tiers { // in tier order, so ties go to the smaller tier
			if byTier[t] > best {
				out[p], best = t, byTier[t]
			}
		}
	}
	return out, nil
}

func benchmarkTable(bt *benchmarks.Table) *table {
	t := &table{Name: "benchmarks", Cols: []column{{Key: "platform", Head: "Platform"}, {Key: "tier", Head: "Tier"},
		{Key: "metric", Head: "Metric"}, {Key: "range", Head: "Range", Num: true}, {Key: "origin", Head: "From"},
		{Key: "basis", Head: "What it measures"}, {Key: "source", Head: "Source"}}}
	for _, b := range bt.List() {
		platform, tier := b.Platform, b.Tier
		if platform == "" {
			platform = "all"
		}
		if tier == "" {
			tier = "all"
		}
		rng := cell{Text: boundText(benchmarks.Bound{Metric: b.Metric, Low: b.Low, High: b.High}), Num: true}
		rng.Raw = rng.Text
		origin := text(b.Origin)
		if b.Origin == benchmarks.Workspace {
			origin = text("this workspace")
		}
		row := []cell{text(platform), text(tier), text(b.Metric), rng, origin, {Text: b.Basis, Raw: b.Basis, Wide: true},
			{Text: b.Source, Raw: b.Source, Muted: true, Wide: true}}
		if b.Overridden {
			for i := range row {
				row[i].Muted = true
			}
			row[4] = cell{Text: "shipped, replaced by this workspace's", Raw: "overridden", Muted: true}
		}
		t.add(row...)
	}
	return t
}

// platformName is how each platform spells itself.
func platformName(p string) string {
	if n, ok := map[string]string{"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube",
		"pinterest": "Pinterest", "facebook": "Facebook", "other": "Other"}[p]; ok {
		return n
	}
	return p
}
