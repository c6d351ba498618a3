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

// Marks of the fixture, by hand against the shipped figures (README,
// "Benchmarks and goals"), with cat added: a macro TikTok creator
// (500,000 followers) whose post p3 has 9,000 likes, 500 comments and
// 500 shares.
//   - ana (instagram, micro): engagement 1,000 / 15,000 = 6.67% > 3.86%
//     → above. No CTR or ROAS figure ships: nothing else is marked.
//   - ben (tiktok, micro): engagement 10% < 17.96% → below.
//   - cat (tiktok, macro): 10,000 / 500,000 = 2%: TikTok has figures for
//     micro and mega but not macro, so no mark and "no benchmark for
//     macro" (it once fell back to a 0.9% over all accounts: "above").
//   - by platform, campaign and tier the rows mix tiers or platforms, and
//     engagement figures are per platform and tier: nothing.
//   - "(no post)" has no platform or tier: nothing.
func TestReportMarks(t *testing.T) {
	st, ws := fixtureStore(t)
	addMacroCreator(t, st, ws)
	for _, tc := range []struct {
		by    string
		marks map[string]string // row key → its marks, "metric=mark …" sorted
		none  map[string]string // row key → its no_benchmark notes
	}{
		{"creator", map[string]string{"ana": "engagement_rate=above", "ben": "engagement_rate=below", "cat": ""},
			map[string]string{"ana": "", "ben": "", "cat": "engagement_rate=no benchmark for macro"}},
		{"platform", map[string]string{"instagram": "", "tiktok": ""}, map[string]string{"instagram": "", "tiktok": ""}},
		{"post", map[string]string{"p1": "engagement_rate=above", "p2": "engagement_rate=below", "p3": "", NoPost: ""},
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
		"ana": "conversion_rate=above engagement_rate=above roas=within", // 33.33% > 4%; ROAS 0.27
		"ben": "engagement_rate=above roas=above",                        // 10% > 9% (micro); ROAS 0.31
	} {
		if got := flat(row(t, r, key).Marks); got != want {
			t.Errorf("%s: marks %q, want %q", key, got, want)
		}
	}
	r = build(t, st, ws, Options{By: "platform"})
	if got := flat(row(t, r, "tiktok").Marks); got != "engagement_rate=within roas=above" { // 10% in 8–15%
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
	head, ana, ben, total := lines[2], lines[3], lines[4], lines[7]
	for _, want := range []struct{ line, cell string }{
		{ana, "6.67% ▲"}, {ben, "10.00% ▼"},
	} {
		if !strings.Contains(want.line, want.cell) {
			t.Errorf("no %q in %q", want.cell, want.line)
		}
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
