package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/liftmetrics/lift/internal/benchmarks"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
)

const benchmarksUsage = "benchmarks: usage: lift benchmarks list [--format table|json]" +
	" | set --metric M --low L --high H [--platform P] [--tier T] [--source TEXT]" +
	" | reset --metric M [--platform P] [--tier T] | reset --all"

// benchmarkFlags are the flags that name one benchmark and its figures.
type benchmarkFlags struct {
	platform, tier, metric, low, high, source, format string
	all                                               bool
}

func cmdBenchmarks(ctx context.Context, args []string, stdout io.Writer) error {
	fs, c := newFlags("benchmarks")
	var f benchmarkFlags
	fs.StringVar(&f.platform, "platform", "all", "platform, or all")
	fs.StringVar(&f.tier, "tier", "all", "creator tier (nano, micro, macro, mega), or all")
	fs.StringVar(&f.metric, "metric", "", "ctr, platform_ctr, engagement_rate, conversion_rate, roi or roas")
	fs.StringVar(&f.low, "low", "", "lower bound: a fraction (0.08) or a percent (8%)")
	fs.StringVar(&f.high, "high", "", "upper bound: a fraction (0.15) or a percent (15%)")
	fs.StringVar(&f.source, "source", "", "where the figure comes from")
	fs.StringVar(&f.format, "format", "table", "table or json")
	fs.BoolVar(&f.all, "all", false, "reset: remove every figure of the workspace")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "list" && pos[0] != "set" && pos[0] != "reset") {
		return errors.New(benchmarksUsage + suggestSub(pos, "list", "set", "reset"))
	}
	st, ws, err := c.open(ctx, pos[0] == "set")
	if err != nil {
		return err
	}
	defer st.Close()
	switch pos[0] {
	case "set":
		return benchmarksSet(ctx, st, ws, f, stdout)
	case "reset":
		return benchmarksReset(ctx, st, ws, f, stdout)
	}
	return benchmarksList(ctx, st, ws, f.format, stdout)
}

// bound reads the flags naming one benchmark; with figures, also its
// range and source.
func (f benchmarkFlags) bound(figures bool) (benchmarks.Bound, error) {
	b := benchmarks.Bound{Platform: emptyIfAll(f.platform), Tier: emptyIfAll(f.tier), Metric: strings.ToLower(strings.TrimSpace(f.metric)), Source: strings.TrimSpace(f.source)}
	if b.Metric == "" {
		return b, errors.New("--metric is required (ctr, platform_ctr, engagement_rate, conversion_rate, roi or roas)")
	}
	if !figures {
		return b, benchmarks.Validate(b)
	}
	if f.low == "" || f.high == "" {
		return b, errors.New("--low and --high are required")
	}
	var err error
	if b.Low, err = benchmarks.ParseValue(b.Metric, f.low); err != nil {
		return b, fmt.Errorf("--low: %w", err)
	}
	if b.High, err = benchmarks.ParseValue(b.Metric, f.high); err != nil {
		return b, fmt.Errorf("--high: %w", err)
	}
	return b, benchmarks.Validate(b)
}

func emptyIfAll(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "all" {
		return ""
	}
	return s
}

func benchmarksSet(ctx context.Context, st *store.Store, ws store.Workspace, f benchmarkFlags, stdout io.Writer) error {
	b, err := f.bound(true)
	if err != nil {
		return fmt.Errorf("benchmarks set: %w", err)
	}
	out, err := st.SetBenchmarkOverride(ctx, ws.ID, store.BenchmarkOverride{
		Platform: b.Platform, Tier: b.Tier, Metric: b.Metric, Low: b.Low, High: b.High, Source: b.Source})
	if err != nil {
		return fmt.Errorf("benchmarks set: %w", err)
	}
	word := map[store.Outcome]string{store.Stored: "stored", store.Updated: "updated", store.Unchanged: "unchanged"}[out]
	fmt.Fprintf(stdout, "benchmark %s in workspace %s: %s (%s)\n", benchmarkName(b), ws.Name, benchmarkRange(b), word)
	if benchmarks.PerTier(b.Metric) && b.Tier == "" {
		fmt.Fprintf(stdout, "note: %s figures hold for one tier: this one marks only rows that mix tiers "+
			"(by platform, campaign); give --tier to mark creators and posts\n", b.Metric)
	}
	return nil
}

func benchmarksReset(ctx context.Context, st *store.Store, ws store.Workspace, f benchmarkFlags, stdout io.Writer) error {
	var b benchmarks.Bound
	if !f.all {
		var err error
		if b, err = f.bound(false); err != nil {
			return fmt.Errorf("benchmarks reset: %w (or --all)", err)
		}
	}
	n, err := st.DeleteBenchmarkOverrides(ctx, ws.ID, b.Platform, b.Tier, b.Metric, f.all)
	if err != nil {
		return err
	}
	if f.all {
		fmt.Fprintf(stdout, "benchmarks reset in workspace %s: %d removed; the shipped figures apply\n", ws.Name, n)
		return nil
	}
	table, err := report.Benchmarks(ctx, st, ws.ID)
	if err != nil {
		return err
	}
	now := "no benchmark applies"
	if applies, ok := table.For(b.Platform, b.Tier, b.Metric); ok {
		now = "now " + applies.Origin + " " + benchmarkName(applies) + ": " + benchmarkRange(applies)
	}
	fmt.Fprintf(stdout, "benchmark %s reset in workspace %s: %d removed; %s\n", benchmarkName(b), ws.Name, n, now)
	return nil
}

func benchmarksList(ctx context.Context, st *store.Store, ws store.Workspace, format string, stdout io.Writer) error {
	table, err := report.Benchmarks(ctx, st, ws.ID)
	if err != nil {
		return err
	}
	list := table.List()
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"workspace": ws.Name, "benchmarks": list})
	case "", "table":
	default:
		return fmt.Errorf("benchmarks list: unknown format %q (use table or json)", format)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "platform\ttier\tmetric\tlow\thigh\torigin\tsource")
	for _, l := range list {
		origin := l.Origin
		if l.Overridden {
			origin += " (overridden)"
		}
		source := l.Source
		if source == "" {
			source = "(none given)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", allIfEmpty(l.Platform), allIfEmpty(l.Tier), l.Metric,
			benchmarks.FormatValue(l.Metric, l.Low), benchmarks.FormatValue(l.Metric, l.High), origin, source)
	}
	tw.Flush()
	own := 0
	for _, l := range list {
		if l.Origin == benchmarks.Workspace {
			own++
		}
	}
	fmt.Fprintf(stdout, "%d benchmarks: %d shipped, %d set in workspace %s\n", len(list), len(list)-own, own, ws.Name)
	fmt.Fprint(stdout, benchmarksNote)
	return nil
}

// benchmarksNote says what the list leaves out on purpose (README,
// "Benchmarks and goals").
const benchmarksNote = "CTR figures hold for every tier. Engagement-rate figures hold for their tier only: a tier without one\n" +
	"shows \"no benchmark for macro\"; TikTok's 0.9% over all accounts marks only rows that mix tiers (by platform).\n" +
	"No ROAS figure ships: the much-quoted $5.78 per $1 (Influencer Marketing Hub, 2020) is earned media value\n" +
	"from a survey, not revenue / cost; set your own target with lift benchmarks set --metric roas.\n"

func benchmarkName(b benchmarks.Bound) string {
	return allIfEmpty(b.Platform) + "/" + allIfEmpty(b.Tier) + "/" + b.Metric
}

func benchmarkRange(b benchmarks.Bound) string {
	if b.Low == b.High {
		return benchmarks.FormatValue(b.Metric, b.Low)
	}
	return benchmarks.FormatValue(b.Metric, b.Low) + "–" + benchmarks.FormatValue(b.Metric, b.High)
}

func allIfEmpty(s string) string {
	if s == "" {
		return "all"
	}
	return s
}
