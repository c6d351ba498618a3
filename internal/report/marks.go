package report

import (
	"context"
	"fmt"
	"strings"

	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/metrics"
	"github.com/liftmetrics/lift/internal/store"
)

// markedMetrics are the KPIs a row can be marked on, read from its values.
var markedMetrics = []struct {
	name  string
	value func(v *metrics.Values) *float64
}{
	{"ctr", func(v *metrics.Values) *float64 { return v.CTR }},
	{"platform_ctr", func(v *metrics.Values) *float64 { return v.PlatformCTR }},
	{"engagement_rate", func(v *metrics.Values) *float64 { return v.EngagementRate }},
	{"conversion_rate", func(v *metrics.Values) *float64 { return v.ConversionRate }},
	{"roi", func(v *metrics.Values) *float64 { return v.ROI }},
	{"roas", func(v *metrics.Values) *float64 { return v.ROAS }},
}

// markedColumns maps a table column to the metric its marker is for.
var markedColumns = map[string]string{
	"CTR": "ctr", "eng. rate": "engagement_rate", "conv.": "conversion_rate", "ROI": "roi", "ROAS": "roas",
}

// markers are what the table shows next to a marked value; a value within
// its benchmark shows nothing, so that only what stands out draws the eye.
var markers = map[string]string{benchmarks.Above: " ▲", benchmarks.Below: " ▼"}

// mark compares each row's KPIs with the workspace's benchmarks for the
// row's platform and tier. Rows by day are not marked: costs fall on the
// days they were paid, so a day's ROAS says nothing a benchmark could.
func (b *builder) mark(ctx context.Context, st *store.Store, ws int64, r *Report) error {
	place := b.place()
	if place == nil {
		return nil
	}
	table, err := Benchmarks(ctx, st, ws)
	if err != nil {
		return err
	}
	for i := range r.Rows {
		if b.opt.By == "post" && r.Rows[i].Key == NoPost {
			continue // codes and links of many posts: no post's benchmark fits them
		}
		platform, tier := place(r.Rows[i])
		r.Rows[i].Marks = Marks(table, platform, tier, r.Rows[i].Values)
		r.Rows[i].NoBenchmark = NoBenchmarks(table, platform, tier, r.Rows[i].Values)
	}
	return nil
}

// Benchmarks returns the figures a workspace's reports are marked
// against: its own over the shipped ones.
func Benchmarks(ctx context.Context, st *store.Store, ws int64) (*benchmarks.Table, error) {
	own, err := st.BenchmarkOverrides(ctx, ws)
	if err != nil {
		return nil, err
	}
	bounds := make([]benchmarks.Bound, len(own))
	for i, o := range own {
		bounds[i] = benchmarks.Bound{Platform: o.Platform, Tier: o.Tier, Metric: o.Metric, Low: o.Low, High: o.High, Source: o.Source}
	}
	return benchmarks.NewTable(bounds), nil
}

// place returns how to find a row's platform and tier ("" for any) in
// this report's grouping, or nil when its rows are not marked.
func (b *builder) place() func(Row) (platform, tier string) {
	switch b.opt.By {
	case "creator":
		return func(r Row) (string, string) { return r.Platform, r.Tier }
	case "platform":
		return func(r Row) (string, string) { return r.Key, "" }
	case "tier":
		return func(r Row) (string, string) { return "", r.Key }
	case "campaign":
		return func(Row) (string, string) { return "", "" }
	case "post":
		posts := map[string]store.Post{}
		for _, p := range b.d.postList {
			posts[p.PostID] = p
		}
		// A post's tier is its creator's at the time of the post.
		return func(r Row) (string, string) {
			p, ok := posts[r.Key]
			if !ok {
				return "", ""
			}
			return p.Platform, metrics.Tier(p.Followers)
		}
	}
	return nil
}

// Marks compares values with the benchmarks of a platform and tier: one
// mark per KPI that has both a benchmark and a defined value; nil when
// none has.
func Marks(t *benchmarks.Table, platform, tier string, v metrics.Values) map[string]string {
	var out map[string]string
	for _, m := range markedMetrics {
		bound, ok := t.For(platform, tier, m.name)
		if !ok {
			continue
		}
		if mark := benchmarks.Mark(m.value(&v), bound); mark != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[m.name] = mark
		}
	}
	return out
}

// NoBenchmarks names the KPIs with a value that the table benchmarks on
// the row's platform for other tiers but not for its own: "no benchmark
// for macro", said where another tier's figure would once have decided
// the verdict. Nil when there is none.
func NoBenchmarks(t *benchmarks.Table, platform, tier string, v metrics.Values) map[string]string {
	var out map[string]string
	for _, m := range markedMetrics {
		if x := m.value(&v); x == nil || *x != *x || !t.Missing(platform, tier, m.name) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[m.name] = benchmarks.NoBenchmark(tier)
	}
	return out
}

// markLines puts each row's markers after the values of the marked
// columns of a table (head first, then the rows in order). Every cell of
// such a column gets the marker's width, so numbers stay aligned.
func (r *Report) markLines(lines [][]string) {
	if len(lines) == 0 {
		return
	}
	for col, head := range lines[0] {
		metric, ok := markedColumns[head]
		if !ok || !r.anyMark(metric) {
			continue
		}
		for i, l := range lines {
			if col >= len(l) {
				continue // the rule under the rows
			}
			suffix := "  "
			if i >= 1 && i <= len(r.Rows) {
				if m, ok := markers[r.Rows[i-1].Marks[metric]]; ok {
					suffix = m
				}
			}
			l[col] += suffix
		}
	}
}

func (r *Report) anyMark(metric string) bool {
	for _, row := range r.Rows {
		if _, ok := markers[row.Marks[metric]]; ok {
			return true
		}
	}
	return false
}

// markLegend explains the markers under a table that shows any, and says
// which rows have no benchmark for their tier, one line per metric and
// tier: "no benchmark for macro: engagement rate of bob, cat".
func (r *Report) markLegend() string {
	var b strings.Builder
	for _, metric := range markedColumns {
		if r.anyMark(metric) {
			b.WriteString("▲ above, ▼ below the benchmark for the platform and tier (lift benchmarks list)\n")
			break
		}
	}
	type gap struct{ metric, note string }
	var order []gap
	rows := map[gap][]string{}
	for _, row := range r.Rows {
		for _, m := range markedMetrics {
			note, ok := row.NoBenchmark[m.name]
			if !ok {
				continue
			}
			g := gap{m.name, note}
			if rows[g] == nil {
				order = append(order, g)
			}
			rows[g] = append(rows[g], row.Key)
		}
	}
	for _, g := range order {
		fmt.Fprintf(&b, "%s: %s of %s\n", g.note, strings.ReplaceAll(g.metric, "_", " "), strings.Join(rows[g], ", "))
	}
	return b.String()
}
