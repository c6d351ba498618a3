package report

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liftmetrics/lift/internal/store"
)

// Marks of the fixture, by hand against the shipped benchmarks (lift
// benchmarks list; README, "Benchmarks and goals"):
//   - ana (instagram, micro): CTR 3 / 100,000 = 0.003% < 1% → below;
//     engagement 1,000 / 15,000 = 6.67% > 4% → above; ROAS 0.27 < 5.78 → below.
//   - ben (tiktok, micro): CTR 0.002% < 0.5% → below; engagement 10% < 13%
//     → below; ROAS 0.31 → below.
//   - by platform there is no tier: instagram has no engagement figure for
//     every tier, tiktok's is 0.9% over all accounts → above.
//   - p2 earned nothing itself (ben's orders came by code) → ROAS 0 → below;
//     "(no post)" has no cost, clicks or impressions → nothing to mark.
func TestReportMarks(t *testing.T) {
	st, ws := fixtureStore(t)
	for _, tc := range []struct {
		by    string
		marks map[string]string // row key → its marks, "metric=mark …" sorted
	}{
		{"creator", map[string]string{
			"ana": "ctr=below engagement_rate=above roas=below",
			"ben": "ctr=below engagement_rate=below roas=below"}},
		{"platform", map[string]string{
			"instagram": "ctr=below roas=below",
			"tiktok":    "ctr=below engagement_rate=above roas=below"}},
		{"post", map[string]string{
			"p1":   "ctr=below engagement_rate=above roas=below",
			"p2":   "ctr=below engagement_rate=below roas=below",
			NoPost: ""}},
		{"campaign", map[string]string{"Spring": "roas=below"}},
		{"tier", map[string]string{"micro": "roas=below"}},
		{"day", map[string]string{"2026-03-01": "", "2026-03-02": ""}},
	} {
		r := build(t, st, ws, Options{By: tc.by})
		for key, want := range tc.marks {
			if got := flat(row(t, r, key).Marks); got != want {
				t.Errorf("by %s, %s: marks %q, want %q", tc.by, key, got, want)
			}
		}
	}
}

// A workspace's own figures replace the shipped ones.
func TestReportMarksUseOverrides(t *testing.T) {
	st, ws := fixtureStore(t)
	ctx := context.Background()
	for _, o := range []store.BenchmarkOverride{
		{Platform: "tiktok", Metric: "engagement_rate", Low: 0.08, High: 0.15, Source: "our 2025 data"},
		{Metric: "roas", Low: 0.2, High: 0.3},
		{Platform: "instagram", Metric: "conversion_rate", Low: 0.02, High: 0.04},
	} {
		if _, err := st.SetBenchmarkOverride(ctx, ws.ID, o); err != nil {
			t.Fatal(err)
		}
	}
	r := build(t, st, ws, Options{By: "creator"})
	for key, want := range map[string]string{
		"ana": "conversion_rate=above ctr=below engagement_rate=above roas=within", // 33.33% > 4%; ROAS 0.27
		"ben": "ctr=below engagement_rate=within roas=above",                       // 10% in 8–15%; ROAS 0.31
	} {
		if got := flat(row(t, r, key).Marks); got != want {
			t.Errorf("%s: marks %q, want %q", key, got, want)
		}
	}
}

// Markers keep the table's columns aligned, and a table without marks is
// printed as before: no padding, no legend.
func TestReportMarkersInTable(t *testing.T) {
	st, ws := fixtureStore(t)
	var buf bytes.Buffer
	if err := build(t, st, ws, Options{By: "platform"}).Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	head, insta, tiktok, total := lines[2], lines[3], lines[4], lines[6]
	for _, want := range []struct{ line, cell string }{
		{insta, "0.27x ▼"}, {tiktok, "10.00% ▲"}, {tiktok, "0.31x ▼"},
	} {
		if !strings.Contains(want.line, want.cell) {
			t.Errorf("no %q in %q", want.cell, want.line)
		}
	}
	// The numbers of the ROAS column end where its head ends, two places
	// before the markers.
	col := func(s, sub string) int { return utf8.RuneCountInString(s[:strings.Index(s, sub)+len(sub)]) }
	end := col(head, "ROAS")
	for _, l := range []string{insta, tiktok, total} {
		if got := col(l, "x"); got != end {
			t.Errorf("ROAS value ends at %d, head at %d:\n%s\n%s", got, end, head, l)
		}
	}
	if !strings.Contains(buf.String(), "▲ above, ▼ below the benchmark") {
		t.Error("no legend under a marked table")
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
