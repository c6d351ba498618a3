package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchmarksListShipped(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	out, err := lift(t, "benchmarks", "list", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	for _, want := range []string{
		"instagram  micro  engagement_rate  3.86%   3.86%   shipped  Influencer Marketing Hub, The State of Influencer Marketing 2021",
		"tiktok     micro  engagement_rate  17.96%  17.96%  shipped",
		"youtube    mega   engagement_rate  0.37%   0.37%   shipped",
		"6 benchmarks: 6 shipped, 0 set in workspace default",
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
	db := filepath.Join(dir, "x.db")
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", "handle,platform,followers\nben,tiktok,50000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at,impressions,likes\np2,ben,Spring,tiktok,video,2026-03-03 09:00,50000,5000\n"},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	// ben's engagement: 5,000 / 50,000 = 10%, below the shipped micro 17.96%.
	if m := benMarks(t, db); m != "below" {
		t.Fatalf("shipped: ben's engagement mark %q, want below", m)
	}
	// A figure for every tier does not mark a micro creator, and says so.
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
		!strings.Contains(out, "tiktok     micro  engagement_rate  17.96%  17.96%  shipped (overridden)") ||
		!strings.Contains(out, "8 benchmarks: 6 shipped, 2 set in workspace default") {
		t.Fatalf("%s %v", out, err)
	}
	if m := benMarks(t, db); m != "within" {
		t.Errorf("own figure: ben's engagement mark %q, want within", m)
	}
	out, err = lift(t, "benchmarks", "reset", "--platform", "tiktok", "--tier", "micro", "--metric", "engagement_rate", "--db", db)
	if err != nil || !strings.Contains(out, "1 removed; now shipped tiktok/micro/engagement_rate: 17.96%") {
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
	db := filepath.Join(t.TempDir(), "x.db")
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
