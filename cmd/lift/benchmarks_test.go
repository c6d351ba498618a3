package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/storetest"
)

func TestBenchmarksListShipped(t *testing.T) {
	db := newDB(t)
	out, err := lift(t, "benchmarks", "list", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	// The product's shipped figures (README, "Benchmarks and goals"), each
	// with its range and source.
	for _, want := range []string{
		"instagram  all    ctr              1.00%   3.00%   shipped  Lift's reference range for Stories link CTR",
		"instagram  micro  engagement_rate  3.00%   4.00%   shipped  Lift's reference range for Instagram micro-influencers",
		"Influencer Marketing Hub, Influencer Marketing Benchmark Report 2021, Instagram micro-influencers 3.86%",
		"tiktok     all    ctr              0.50%   2.00%   shipped  Lift's reference range for TikTok bio link CTR",
		"tiktok     micro  engagement_rate  13.00%  13.00%  shipped  Lift's reference point for TikTok micro-influencers",
		"tiktok     all    engagement_rate  0.90%   0.90%   shipped  Lift's reference point for TikTok engagement over all accounts",
		"youtube    all    ctr              2.00%   5.00%   shipped  Lift's reference range for YouTube description link CTR",
		"youtube    micro  engagement_rate  5.00%   8.00%   shipped",
		"pinterest  micro  engagement_rate  2.00%   5.00%   shipped",
		"facebook   micro  engagement_rate  1.00%   2.00%   shipped",
		"9 benchmarks: 9 shipped, 0 set in workspace default",
		"TikTok's 0.9% over all accounts marks only rows that mix tiers",
		"No ROAS figure ships: the much-quoted $5.78 per $1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "roas ") || strings.Contains(out, "DESIGN") {
		t.Errorf("a ROAS figure or a DESIGN citation ships:\n%s", out)
	}
}

// Set, see it in the list and in a report's marks, reset.
func TestBenchmarksSetAndReset(t *testing.T) {
	dir := t.TempDir()
	db := storetest.DSN(t)
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", "handle,platform,followers\nben,tiktok,50000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at,impressions,likes\np2,ben,Spring,tiktok,video,2026-03-03 09:00,50000,5000\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	// ben's engagement, by hand: 5,000 / 50,000 = 10%, below the shipped
	// TikTok micro 13%.
	if m := benMarks(t, db); m != "below" {
		t.Fatalf("shipped: ben's engagement mark %q, want below", m)
	}
	// A figure for every tier does not mark a micro creator, and says so:
	// ben stays below the shipped micro 13%, not above the own 1–2%.
	out, err := lift(t, "benchmarks", "set", "--platform", "tiktok", "--metric", "engagement_rate", "--low", "1%", "--high", "2%", "--db", db)
	if err != nil || !strings.Contains(out, "note: engagement_rate figures hold for one tier") {
		t.Fatalf("%q %v", out, err)
	}
	if m := benMarks(t, db); m != "below" {
		t.Fatalf("all-tier figure: ben's engagement mark %q, want the shipped micro's below", m)
	}
	set := []string{"benchmarks", "set", "--platform", "tiktok", "--tier", "micro", "--metric", "engagement_rate", "--low", "8%", "--high", "0.15", "--source", "our 2025 data", "--db", db}
	for _, want := range []string{"(stored)", "(unchanged)"} {
		out, err := lift(t, set...)
		if err != nil || out != "benchmark tiktok/micro/engagement_rate in workspace default: 8.00%–15.00% "+want+"\n" {
			t.Fatalf("%q %v", out, err)
		}
	}
	out, err = lift(t, "benchmarks", "list", "--db", db)
	if err != nil || !strings.Contains(out, "tiktok     micro  engagement_rate  8.00%   15.00%  workspace             our 2025 data") ||
		!strings.Contains(out, "tiktok     micro  engagement_rate  13.00%  13.00%  shipped (overridden)") ||
		!strings.Contains(out, "tiktok     all    engagement_rate  0.90%   0.90%   shipped (overridden)") ||
		!strings.Contains(out, "11 benchmarks: 9 shipped, 2 set in workspace default") {
		t.Fatalf("%s %v", out, err)
	}
	if m := benMarks(t, db); m != "within" { // 10% in 8–15%
		t.Errorf("own figure: ben's engagement mark %q, want within", m)
	}
	out, err = lift(t, "benchmarks", "reset", "--platform", "tiktok", "--tier", "micro", "--metric", "engagement_rate", "--db", db)
	if err != nil || !strings.Contains(out, "1 removed; now shipped tiktok/micro/engagement_rate: 13.00%") {
		t.Fatalf("%s %v", out, err)
	}
	if m := benMarks(t, db); m != "below" {
		t.Errorf("after reset: ben's engagement mark %q, want below", m)
	}
}

func benMarks(t *testing.T, db string) string {
	t.Helper()
	out, err := lift(t, "report", "--format", "json", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	var r struct {
		Rows []struct {
			Marks map[string]string `json:"marks"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Rows) != 1 {
		t.Fatalf("%v %s", err, out)
	}
	return r.Rows[0].Marks["engagement_rate"]
}

func TestBenchmarksRefusals(t *testing.T) {
	db := storetest.DSN(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"benchmarks"}, "usage: lift benchmarks list"},
		{[]string{"benchmarks", "set", "--low", "1%", "--high", "2%"}, "--metric is required"},
		{[]string{"benchmarks", "set", "--metric", "ctr", "--low", "1%"}, "--low and --high are required"},
		{[]string{"benchmarks", "set", "--metric", "ctr", "--low", "3", "--high", "5"}, "high 5 is above 100%"},
		{[]string{"benchmarks", "set", "--metric", "ctr", "--low", "3%", "--high", "1%"}, "low 0.03 is above high 0.01"},
		{[]string{"benchmarks", "set", "--metric", "ctr", "--low", "one", "--high", "1%"}, `--low: "one" is not a number`},
		{[]string{"benchmarks", "set", "--platform", "myspace", "--metric", "ctr", "--low", "1%", "--high", "2%"}, `unknown platform "myspace"`},
		{[]string{"benchmarks", "set", "--tier", "giga", "--metric", "ctr", "--low", "1%", "--high", "2%"}, `unknown tier "giga"`},
		{[]string{"benchmarks", "reset"}, "--metric is required"},
		{[]string{"benchmarks", "list", "--format", "xml"}, `unknown format "xml"`},
	} {
		out, err := lift(t, append(tc.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("lift %v: %v, want %q\n%s", tc.args, err, tc.want, out)
		}
	}
	if out, err := lift(t, "benchmarks", "list", "--db", db); err != nil || !strings.Contains(out, "0 set in workspace") {
		t.Errorf("a refused set stored something: %s %v", out, err)
	}
}
