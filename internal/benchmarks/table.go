package benchmarks

import (
	"cmp"
	"slices"
)

// Table is the benchmarks one workspace reports against: its own figures
// over the shipped ones.
type Table struct {
	own     map[key]Bound
	shipped map[key]Bound
}

// NewTable layers a workspace's own benchmarks over the shipped ones.
func NewTable(own []Bound) *Table {
	t := &Table{own: map[key]Bound{}, shipped: map[key]Bound{}}
	for _, b := range shipped {
		t.shipped[keyOf(b)] = b
	}
	for _, b := range own {
		b.Origin = Workspace
		t.own[keyOf(b)] = b
	}
	return t
}

// For returns the benchmark of a metric for a platform and tier, trying
// the exact platform and tier, then the platform for every tier, then
// every platform for the tier, then every platform and tier. The
// workspace's own figures are searched first, all the way down: a figure
// a brand set for "tiktok, every tier" is its answer for a micro TikTok
// creator's CTR too, ahead of a shipped micro figure.
//
// Engagement rate never crosses tiers (PerTier): a row of one tier is
// marked only against a figure for that tier, and a figure for every
// tier marks only rows that mix tiers.
func (t *Table) For(platform, tier, metric string) (Bound, bool) {
	for _, m := range []map[key]Bound{t.own, t.shipped} {
		for _, k := range fallback(platform, tier, metric) {
			if b, ok := m[k]; ok {
				return b, true
			}
		}
	}
	return Bound{}, false
}

func fallback(platform, tier, metric string) []key {
	ks := []key{{platform, tier, metric}}
	crossTier := tier != "" && !PerTier(metric)
	if crossTier {
		ks = append(ks, key{platform, "", metric})
	}
	if platform != "" {
		ks = append(ks, key{"", tier, metric})
		if crossTier {
			ks = append(ks, key{"", "", metric})
		}
	}
	return ks
}

// PerTier reports whether a metric's benchmarks hold for one creator tier
// only: engagement rate falls steeply with audience size (TikTok's shipped
// figures are about 13% for micro creators and 0.9% over all accounts), so
// another tier's figure, or one over all accounts, would decide the
// verdict. A CTR figure holds for every tier.
func PerTier(metric string) bool { return metric == "engagement_rate" }

// Missing reports whether a row of one tier has no benchmark for a metric
// that the table does benchmark, on its platform, for other tiers: the
// report then says "no benchmark for macro" rather than stay silent, so
// an unmarked value is not read as within its benchmark.
func (t *Table) Missing(platform, tier, metric string) bool {
	if tier == "" {
		return false
	}
	if _, ok := t.For(platform, tier, metric); ok {
		return false
	}
	for _, m := range []map[key]Bound{t.own, t.shipped} {
		for k := range m {
			if k.metric == metric && (k.platform == platform || k.platform == "") {
				return true
			}
		}
	}
	return false
}

// NoBenchmark is how reports say that a tier has no benchmark.
func NoBenchmark(tier string) string { return "no benchmark for " + tier }

// List returns every benchmark of the table: the workspace's own first,
// then the shipped ones, each with Overridden set when the workspace has
// its own figure for the same platform, tier and metric.
func (t *Table) List() []Listed {
	var out []Listed
	for _, b := range sorted(t.own) {
		out = append(out, Listed{Bound: b})
	}
	for _, b := range shipped {
		_, over := t.own[keyOf(b)]
		out = append(out, Listed{Bound: b, Overridden: over})
	}
	return out
}

// Listed is a benchmark as `lift benchmarks list` shows it.
type Listed struct {
	Bound
	Overridden bool `json:"overridden"`
}

func sorted(m map[key]Bound) []Bound {
	out := make([]Bound, 0, len(m))
	for _, b := range m {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b Bound) int {
		return cmp.Or(cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.Tier, b.Tier), cmp.Compare(a.Metric, b.Metric))
	})
	return out
}
