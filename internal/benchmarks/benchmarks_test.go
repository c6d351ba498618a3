package benchmarks

import (
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

func TestShippedDataIsValidAndSourced(t *testing.T) {
	all := All()
	if len(all) != 10 {
		t.Fatalf("shipped %d benchmarks, want the 10 of DESIGN §4", len(all))
	}
	for _, b := range all {
		if !strings.Contains(b.Source, "DESIGN.md §4") || b.Origin != Shipped || b.Basis == "" {
			t.Errorf("%s: source %q origin %q basis %q", keyOf(b), b.Source, b.Origin, b.Basis)
		}
	}
}

// The figures of DESIGN §4, read back through For.
func TestForFindsTheDesignFigures(t *testing.T) {
	for _, tc := range []struct {
		platform, tier, metric string
		low, high              float64
		ok                     bool
	}{
		{"instagram", "micro", "ctr", 0.01, 0.03, true}, // tier falls back to every tier
		{"instagram", "micro", "engagement_rate", 0.03, 0.04, true},
		{"instagram", "macro", "engagement_rate", 0, 0, false}, // the figure is for micro only
		{"instagram", "", "engagement_rate", 0, 0, false},
		{"tiktok", "", "ctr", 0.005, 0.02, true},
		{"tiktok", "micro", "engagement_rate", 0.13, 0.13, true},
		{"tiktok", "mega", "engagement_rate", 0.009, 0.009, true}, // all accounts
		{"tiktok", "", "engagement_rate", 0.009, 0.009, true},
		{"youtube", "nano", "ctr", 0.02, 0.05, true},
		{"youtube", "micro", "engagement_rate", 0.05, 0.08, true},
		{"pinterest", "micro", "engagement_rate", 0.02, 0.05, true},
		{"pinterest", "micro", "ctr", 0, 0, false},
		{"facebook", "micro", "engagement_rate", 0.01, 0.02, true},
		{"facebook", "mega", "roas", 5.78, 5.78, true}, // every platform and tier
		{"", "", "roas", 5.78, 5.78, true},
		{"other", "", "conversion_rate", 0, 0, false},
	} {
		b, ok := For(tc.platform, tc.tier, tc.metric)
		if ok != tc.ok || b.Low != tc.low || b.High != tc.high {
			t.Errorf("For(%q, %q, %q) = %v %v–%v, want %v %v–%v", tc.platform, tc.tier, tc.metric, ok, b.Low, b.High, tc.ok, tc.low, tc.high)
		}
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
// shipped one is more specific.
func TestTableOwnFiguresWin(t *testing.T) {
	tab := NewTable([]Bound{
		{Platform: "tiktok", Metric: "engagement_rate", Low: 0.08, High: 0.15, Source: "our 2025 data"},
		{Platform: "instagram", Tier: "macro", Metric: "engagement_rate", Low: 0.01, High: 0.02},
		{Metric: "conversion_rate", Low: 0.02, High: 0.04},
	})
	for _, tc := range []struct {
		platform, tier, metric string
		low, high              float64
		origin                 string
	}{
		{"tiktok", "micro", "engagement_rate", 0.08, 0.15, Workspace},
		{"tiktok", "", "engagement_rate", 0.08, 0.15, Workspace},
		{"instagram", "macro", "engagement_rate", 0.01, 0.02, Workspace},
		{"instagram", "micro", "engagement_rate", 0.03, 0.04, Shipped},
		{"youtube", "nano", "conversion_rate", 0.02, 0.04, Workspace},
		{"youtube", "nano", "roas", 5.78, 5.78, Shipped},
	} {
		b, ok := tab.For(tc.platform, tc.tier, tc.metric)
		if !ok || b.Low != tc.low || b.High != tc.high || b.Origin != tc.origin {
			t.Errorf("For(%q, %q, %q) = %v %+v, want %v–%v %s", tc.platform, tc.tier, tc.metric, ok, b, tc.low, tc.high, tc.origin)
		}
	}
	list := tab.List()
	if len(list) != 13 {
		t.Fatalf("List: %d entries, want 3 own + 10 shipped", len(list))
	}
	// Own first, by platform, tier, metric ("" sorts first: every platform).
	if list[0].Metric != "conversion_rate" || list[1].Platform != "instagram" || list[2].Platform != "tiktok" {
		t.Errorf("own entries out of order: %+v", list[:3])
	}
	var over []string
	for _, l := range list {
		if l.Overridden {
			over = append(over, keyOf(l.Bound).String())
		}
	}
	if len(over) != 1 || over[0] != "tiktok/all/engagement_rate" {
		t.Errorf("overridden = %v, want the shipped tiktok all-tier engagement rate", over)
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
