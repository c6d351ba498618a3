package benchmarks

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

// Every shipped figure says what it measures and where it comes from in
// the repository's own words (no document outside it), a figure shipped
// as one average says so, and none is a ROAS: the much-quoted 5.78 is
// earned media value, not revenue over cost, so nothing may mark ROAS
// against it.
func TestShippedDataIsValidAndSourced(t *testing.T) {
	all := All()
	if len(all) != 9 {
		t.Fatalf("shipped %d benchmarks, want 9", len(all))
	}
	for _, b := range all {
		if b.Source == "" || strings.Contains(b.Source, "DESIGN") || strings.Contains(b.Source, "§") ||
			b.Origin != Shipped || b.Basis == "" {
			t.Errorf("%s: source %q origin %q basis %q", keyOf(b), b.Source, b.Origin, b.Basis)
		}
		if (b.Low == b.High) != strings.Contains(b.Basis, "one average") {
			t.Errorf("%s: %v–%v, basis %q: a one-average figure must say so, and only it", keyOf(b), b.Low, b.High, b.Basis)
		}
		if b.Metric == "roas" || b.Metric == "roi" {
			t.Errorf("%s: a return benchmark is shipped", keyOf(b))
		}
	}
	if b, _ := For("instagram", "micro", "engagement_rate"); !strings.Contains(b.Source, "Influencer Marketing Hub") ||
		!strings.Contains(b.Source, "3.86%") {
		t.Errorf("instagram micro engagement: source %q lacks its cross-check", b.Source)
	}
}

// The shipped figures (README, "Benchmarks and goals"), read back through
// For. CTR figures are for every tier, so every tier of their platform
// finds them. Engagement rate never falls back to another tier: TikTok's
// 0.9% over all accounts is found only for a row of mixed tiers (tier
// ""), never for a macro or nano creator. No ROAS figure ships.
func TestForFindsTheShippedFigures(t *testing.T) {
	for _, tc := range []struct {
		platform, tier, metric string
		low, high              float64
		ok                     bool
	}{
		{"instagram", "", "ctr", 0.01, 0.03, true},
		{"instagram", "micro", "ctr", 0.01, 0.03, true},
		{"instagram", "mega", "ctr", 0.01, 0.03, true},
		{"instagram", "micro", "engagement_rate", 0.03, 0.04, true},
		{"instagram", "macro", "engagement_rate", 0, 0, false},
		{"instagram", "", "engagement_rate", 0, 0, false},
		{"tiktok", "macro", "ctr", 0.005, 0.02, true},
		{"tiktok", "micro", "engagement_rate", 0.13, 0.13, true},
		{"tiktok", "", "engagement_rate", 0.009, 0.009, true},
		{"tiktok", "macro", "engagement_rate", 0, 0, false},
		{"tiktok", "nano", "engagement_rate", 0, 0, false},
		{"tiktok", "mega", "engagement_rate", 0, 0, false},
		{"youtube", "nano", "ctr", 0.02, 0.05, true},
		{"youtube", "micro", "engagement_rate", 0.05, 0.08, true},
		{"youtube", "nano", "engagement_rate", 0, 0, false},
		{"pinterest", "micro", "engagement_rate", 0.02, 0.05, true},
		{"pinterest", "macro", "engagement_rate", 0, 0, false},
		{"pinterest", "micro", "ctr", 0, 0, false},
		{"facebook", "micro", "engagement_rate", 0.01, 0.02, true},
		{"facebook", "", "engagement_rate", 0, 0, false},
		{"", "", "ctr", 0, 0, false},
		{"", "micro", "engagement_rate", 0, 0, false},
		{"tiktok", "micro", "roas", 0, 0, false},
		{"facebook", "mega", "roas", 0, 0, false},
		{"", "", "roas", 0, 0, false},
	} {
		b, ok := For(tc.platform, tc.tier, tc.metric)
		if ok != tc.ok || b.Low != tc.low || b.High != tc.high {
			t.Errorf("For(%q, %q, %q) = %v %v–%v, want %v %v–%v", tc.platform, tc.tier, tc.metric, ok, b.Low, b.High, tc.ok, tc.low, tc.high)
		}
	}
}

// A tier without a benchmark is told apart from a metric nobody
// benchmarks: TikTok has engagement figures for micro and for all
// accounts, so a macro creator has "no benchmark for macro"; no platform
// has a conversion-rate figure, so there is nothing to say.
func TestMissing(t *testing.T) {
	tab := NewTable([]Bound{{Platform: "pinterest", Tier: "micro", Metric: "ctr", Low: 0.01, High: 0.02}})
	for _, tc := range []struct {
		platform, tier, metric string
		want                   bool
	}{
		{"tiktok", "macro", "engagement_rate", true},
		{"tiktok", "nano", "engagement_rate", true},
		{"tiktok", "micro", "engagement_rate", false},
		{"tiktok", "", "engagement_rate", false}, // a row of mixed tiers
		{"pinterest", "macro", "engagement_rate", true},
		{"facebook", "mega", "engagement_rate", true},
		{"other", "macro", "engagement_rate", false}, // nobody benchmarks it
		{"pinterest", "macro", "ctr", true},
		{"instagram", "macro", "ctr", false}, // its CTR figure is for every tier
		{"tiktok", "macro", "conversion_rate", false},
	} {
		if got := tab.Missing(tc.platform, tc.tier, tc.metric); got != tc.want {
			t.Errorf("Missing(%q, %q, %q) = %v, want %v", tc.platform, tc.tier, tc.metric, got, tc.want)
		}
	}
	if NoBenchmark("macro") != "no benchmark for macro" {
		t.Error(NoBenchmark("macro"))
	}
}

func TestMark(t *testing.T) {
	band := Bound{Metric: "ctr", Low: 0.01, High: 0.03}
	point := Bound{Metric: "roas", Low: 5.78, High: 5.78}
	nan := 0.0
	nan /= nan
	for _, tc := range []struct {
		value *float64
		b     Bound
		want  string
	}{
		{f(0.005), band, Below},
		{f(0.01), band, Within}, // both ends belong to the range
		{f(0.02), band, Within},
		{f(0.03), band, Within},
		{f(0.031), band, Above},
		{nil, band, ""},
		{&nan, band, ""},
		{f(0.27), point, Below},
		{f(5.78), point, Within},
		{f(6), point, Above},
		{f(-0.5), Bound{Metric: "roi", Low: 0, High: 2}, Below},
	} {
		if got := Mark(tc.value, tc.b); got != tc.want {
			t.Errorf("Mark(%v, %v–%v) = %q, want %q", deref(tc.value), tc.b.Low, tc.b.High, got, tc.want)
		}
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// A workspace's own figure wins over the shipped one, also when the
// shipped one is more specific; but an engagement-rate figure for every
// tier marks only rows that mix tiers.
func TestTableOwnFiguresWin(t *testing.T) {
	tab := NewTable([]Bound{
		{Platform: "tiktok", Metric: "engagement_rate", Low: 0.08, High: 0.15, Source: "our 2025 data"},
		{Platform: "instagram", Tier: "macro", Metric: "engagement_rate", Low: 0.01, High: 0.02},
		{Platform: "youtube", Tier: "micro", Metric: "engagement_rate", Low: 0.02, High: 0.03},
		{Metric: "conversion_rate", Low: 0.02, High: 0.04},
		{Metric: "roas", Low: 3, High: 5},
	})
	for _, tc := range []struct {
		platform, tier, metric string
		low, high              float64
		origin                 string
		ok                     bool
	}{
		{"tiktok", "micro", "engagement_rate", 0.13, 0.13, Shipped, true},
		{"tiktok", "macro", "engagement_rate", 0, 0, "", false},
		{"tiktok", "", "engagement_rate", 0.08, 0.15, Workspace, true},
		{"tiktok", "micro", "ctr", 0.005, 0.02, Shipped, true},
		{"instagram", "macro", "engagement_rate", 0.01, 0.02, Workspace, true},
		{"instagram", "micro", "engagement_rate", 0.03, 0.04, Shipped, true},
		{"youtube", "micro", "engagement_rate", 0.02, 0.03, Workspace, true},
		{"youtube", "nano", "conversion_rate", 0.02, 0.04, Workspace, true}, // other metrics cross tiers
		{"youtube", "nano", "roas", 3, 5, Workspace, true},
	} {
		b, ok := tab.For(tc.platform, tc.tier, tc.metric)
		if ok != tc.ok || b.Low != tc.low || b.High != tc.high || b.Origin != tc.origin {
			t.Errorf("For(%q, %q, %q) = %v %+v, want %v–%v %s", tc.platform, tc.tier, tc.metric, ok, b, tc.low, tc.high, tc.origin)
		}
	}
	list := tab.List()
	if len(list) != 14 {
		t.Fatalf("List: %d entries, want 5 own + 9 shipped", len(list))
	}
	// Own first, by platform, tier, metric ("" sorts first: every platform).
	if list[0].Metric != "conversion_rate" || list[1].Metric != "roas" || list[2].Platform != "instagram" || list[4].Platform != "youtube" {
		t.Errorf("own entries out of order: %+v", list[:5])
	}
	var over []string
	for _, l := range list {
		if l.Overridden {
			over = append(over, keyOf(l.Bound).String())
		}
	}
	if want := "[tiktok/all/engagement_rate youtube/micro/engagement_rate]"; fmt.Sprint(over) != want {
		t.Errorf("overridden = %v, want %s", over, want)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		b    Bound
		want string // "" when valid
	}{
		{Bound{Platform: "tiktok", Metric: "engagement_rate", Low: 0.08, High: 0.15}, ""},
		{Bound{Metric: "roas", Low: 3, High: 8}, ""},
		{Bound{Metric: "roi", Low: -0.2, High: 1}, ""},
		{Bound{Platform: "myspace", Metric: "ctr", High: 0.1}, `unknown platform "myspace"`},
		{Bound{Tier: "giga", Metric: "ctr", High: 0.1}, `unknown tier "giga"`},
		{Bound{Metric: "likes", High: 1}, `unknown metric "likes"`},
		{Bound{Metric: "ctr", Low: 0.03, High: 0.01}, "low 0.03 is above high 0.01"},
		{Bound{Metric: "ctr", Low: -0.01, High: 0.01}, "low -0.01 is negative"},
		{Bound{Metric: "roas", Low: -1, High: 1}, "low -1 is negative"},
		{Bound{Metric: "engagement_rate", Low: 8, High: 15}, "above 100%"},
	} {
		err := Validate(tc.b)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Validate(%+v) = %v, want %q", tc.b, err, tc.want)
		}
	}
}

func TestParseAndFormatValue(t *testing.T) {
	for _, tc := range []struct {
		metric, in string
		want       float64
		shown      string
	}{
		{"engagement_rate", "0.08", 0.08, "8.00%"},
		{"engagement_rate", "8%", 0.08, "8.00%"},
		{"ctr", " 0.5 % ", 0.005, "0.50%"},
		{"roas", "5.78", 5.78, "5.78x"},
		{"roas", "5.78x", 5.78, "5.78x"},
		{"roi", "-20%", -0.2, "-20.00%"},
	} {
		got, err := ParseValue(tc.metric, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseValue(%q, %q) = %v, %v; want %v", tc.metric, tc.in, got, err, tc.want)
		}
		if s := FormatValue(tc.metric, got); s != tc.shown {
			t.Errorf("FormatValue(%q, %v) = %q, want %q", tc.metric, got, s, tc.shown)
		}
	}
	for _, bad := range []string{"", "eight", "8x", "NaN", "1e300"} {
		if _, err := ParseValue("ctr", bad); err == nil {
			t.Errorf("ParseValue(ctr, %q) accepted", bad)
		}
	}
}

func TestParseRefusesBadData(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{`[{"platform":"tiktok","metric":"ctr","low":0.01,"high":0.02}]`, "no source"},
		{`[{"metric":"roas","low":5,"high":6,"source":"a"},{"metric":"roas","low":5,"high":6,"source":"b"}]`, "all/all/roas given twice"},
		{`[{"metric":"ctr","low":0.3,"high":0.1,"source":"a"}]`, "entry 1: ctr: low 0.3 is above high 0.1"},
		{`{`, "benchmarks.json"},
	} {
		if _, err := parse([]byte(tc.data)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parse(%s) = %v, want %q", tc.data, err, tc.want)
		}
	}
}

// All returns the shipped benchmarks, in the order of the data file.
func All() []Bound { return slices.Clone(shipped) }

// For returns the shipped benchmark of a metric for a platform and tier.
// See Table.For for the fallback order.
func For(platform, tier, metric string) (Bound, bool) {
	return NewTable(nil).For(platform, tier, metric)
}
