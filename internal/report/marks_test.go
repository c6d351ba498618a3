package report

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// Marks of the fixture, recomputed by hand against the shipped figures
// (README, "Benchmarks and goals": CTR Instagram 1–3%, TikTok 0.5–2% for
// every tier; engagement Instagram micro 3–4%, TikTok micro 13% and 0.9%
// over all accounts), with cat added: a macro TikTok creator (500,000
// followers) whose post p3 has 200,000 impressions, no click, and 9,000
// likes, 500 comments and 500 shares.
//   - ana (instagram, micro): CTR 3 / 100,000 = 0.003% < 1% → below;
//     engagement 1,000 / 15,000 = 6.67% > 4% → above.
//   - ben (tiktok, micro): CTR 1 / 50,000 = 0.002% < 0.5% → below;
//     engagement 5,000 / 50,000 = 10% < 13% → below.
//   - cat (tiktok, macro): CTR 0 / 200,000 = 0% < 0.5% → below (CTR
//     figures hold for every tier); engagement 10,000 / 500,000 = 2% is
//     not marked: TikTok's engagement figures are for micro and for all
//     accounts, neither is hers, so "no benchmark for macro" (falling back
//     to the 0.9% would say "above").
//   - by platform: instagram CTR 0.003% → below, no engagement figure for
//     Instagram's mixed tiers; tiktok CTR 1 / 250,000 = 0.0004% → below,
//     engagement (5,000 + 10,000) / (50,000 + 500,000) = 2.73% > 0.9%
//     → above: the row mixes tiers, which is what the 0.9% is for.
//   - posts as their creators (p1 ana's, p2 ben's, p3 cat's).
//   - by campaign and tier the rows mix platforms, and every figure is for
//     one platform: nothing. "(no post)" has no platform or tier: nothing.
//   - ROAS is never marked: no ROAS figure ships (5.78 is earned media
//     value, not revenue over cost).
func TestReportMarks(t *testing.T) {
	st, ws := fixtureStore(t)
	addMacroCreator(t, st, ws)
	for _, tc := range []struct {
		by    string
		marks map[string]string // row key → its marks, "metric=mark …" sorted
		none  map[string]string // row key → its no_benchmark notes
	}{
		{"creator", map[string]string{"ana": "ctr=below engagement_rate=above", "ben": "ctr=below engagement_rate=below", "cat": "ctr=below"},
			map[string]string{"ana": "", "ben": "", "cat": "engagement_rate=no benchmark for macro"}},
		{"platform", map[string]string{"instagram": "ctr=below", "tiktok": "ctr=below engagement_rate=above"},
			map[string]string{"instagram": "", "tiktok": ""}},
		{"post", map[string]string{"p1": "ctr=below engagement_rate=above", "p2": "ctr=below engagement_rate=below", "p3": "ctr=below", NoPost: ""},
			map[string]string{"p1": "", "p3": "engagement_rate=no benchmark for macro", NoPost: ""}},
		{"campaign", map[string]string{"Spring": ""}, map[string]string{"Spring": ""}},
		{"tier", map[string]string{"micro": "", "macro": ""}, map[string]string{"micro": "", "macro": ""}},
		{"day", map[string]string{"2026-03-01": "", "2026-03-02": ""}, map[string]string{"2026-03-02": ""}},
	} {
		r := build(t, st, ws, Options{By: tc.by})
		for key, want := range tc.marks {
			if got := flat(row(t, r, key).Marks); got != want {
				t.Errorf("by %s, %s: marks %q, want %q", tc.by, key, got, want)
			}
		}
		for key, want := range tc.none {
			if got := flat(row(t, r, key).NoBenchmark); got != want {
				t.Errorf("by %s, %s: no_benchmark %q, want %q", tc.by, key, got, want)
			}
		}
		for _, rw := range r.Rows {
			if m, ok := rw.Marks["roas"]; ok {
				t.Errorf("by %s, %s: ROAS marked %q with no ROAS figure shipped", tc.by, rw.Key, m)
			}
		}
	}
}

// addMacroCreator adds cat, a TikTok creator with 500,000 followers, and
// her post p3 in Spring.
func addMacroCreator(t *testing.T, st *store.Store, ws store.Workspace) {
	t.Helper()
	for _, f := range []struct{ kind, data string }{
		{"creators", "handle,platform,followers\ncat,tiktok,500000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at,impressions,likes,comments,shares\n" +
			"p3,cat,Spring,tiktok,video,2026-03-04 09:00,200000,9000,500,500\n"},
	} {
		if _, err := importer.Import(context.Background(), st, ws, f.kind, strings.NewReader(f.data), importer.Options{File: f.kind + ".csv"}); err != nil {
			t.Fatal(err)
		}
	}
}

// A workspace's own figures replace the shipped ones and may benchmark
// ROAS (the brand's own target is like for like); an engagement figure
// for every tier marks only rows that mix tiers (by platform).
func TestReportMarksUseOverrides(t *testing.T) {
	st, ws := fixtureStore(t)
	ctx := context.Background()
	for _, o := range []store.BenchmarkOverride{
		{Platform: "tiktok", Metric: "engagement_rate", Low: 0.08, High: 0.15, Source: "our 2025 data"},
		{Platform: "tiktok", Tier: "micro", Metric: "engagement_rate", Low: 0.08, High: 0.09},
		{Metric: "roas", Low: 0.2, High: 0.3},
		{Platform: "instagram", Metric: "conversion_rate", Low: 0.02, High: 0.04},
	} {
		if _, err := st.SetBenchmarkOverride(ctx, ws.ID, o); err != nil {
			t.Fatal(err)
		}
	}
	r := build(t, st, ws, Options{By: "creator"})
	for key, want := range map[string]string{
		// By hand: ana's conversion 33.33% > 4% (own), CTR 0.003% < 1%
		// (shipped), engagement 6.67% > 4% (shipped micro), ROAS 0.27 in
		// 0.2–0.3 (own); ben's CTR 0.002% < 0.5% (shipped), engagement
		// 10% > 9% (own micro, not the own figure for every tier), ROAS 0.31.
		"ana": "conversion_rate=above ctr=below engagement_rate=above roas=within",
		"ben": "ctr=below engagement_rate=above roas=above",
	} {
		if got := flat(row(t, r, key).Marks); got != want {
			t.Errorf("%s: marks %q, want %q", key, got, want)
		}
	}
	r = build(t, st, ws, Options{By: "platform"})
	// tiktok (ben alone here): engagement 10% in the own 8–15%, which
	// replaces the shipped 0.9% over all accounts; CTR 0.002% < 0.5%.
	if got := flat(row(t, r, "tiktok").Marks); got != "ctr=below engagement_rate=within roas=above" {
		t.Errorf("tiktok: marks %q", got)
	}
}

// Markers keep the table's columns aligned; a row without a benchmark for
// its tier is named under the table; a table without marks is printed as
// before: no padding, no legend.
func TestReportMarkersInTable(t *testing.T) {
	st, ws := fixtureStore(t)
	addMacroCreator(t, st, ws)
	var buf bytes.Buffer
	if err := build(t, st, ws, Options{By: "creator"}).Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	head, ana, ben, cat, total := lines[2], lines[3], lines[4], lines[5], lines[7]
	// By hand (see TestReportMarks): CTRs 0.003%, 0.002% and 0% are below
	// their platform's CTR figure; cat's 2% engagement has none for macro.
	for _, want := range []struct{ line, cell string }{
		{ana, "6.67% ▲"}, {ana, "0.00% ▼"}, {ben, "10.00% ▼"}, {ben, "0.00% ▼"}, {cat, "2.00%  "}, {cat, "0.00% ▼"},
	} {
		if !strings.Contains(want.line, want.cell) {
			t.Errorf("no %q in %q", want.cell, want.line)
		}
	}
	if strings.Contains(buf.String(), "x ▼") || strings.Contains(buf.String(), "x ▲") {
		t.Errorf("a ROAS value is marked:\n%s", buf.String())
	}
	// The numbers of the engagement column end where its head ends, two
	// places before the markers.
	col := func(s, sub string) int { return utf8.RuneCountInString(s[:strings.Index(s, sub)+len(sub)]) }
	end := col(head, "eng. rate")
	for _, l := range []string{ana, ben, total} {
		if got := col(l, "%"); got != end {
			t.Errorf("engagement value ends at %d, head at %d:\n%s\n%s", got, end, head, l)
		}
	}
	for _, want := range []string{"▲ above, ▼ below the benchmark", "no benchmark for macro: engagement rate of cat\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q under the table:\n%s", want, buf.String())
		}
	}
	buf.Reset()
	if err := build(t, st, ws, Options{By: "day"}).Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "▲▼") || strings.Contains(buf.String(), "benchmark") {
		t.Errorf("a report by day shows markers:\n%s", buf.String())
	}
}

func flat(marks map[string]string) string {
	var parts []string
	for k, v := range marks {
		parts = append(parts, fmt.Sprintf("%s=%s", k, v))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}
