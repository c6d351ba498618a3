package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// rankWorkspace imports six creators whose clicks, orders ($50 each) and
// costs make one clear winner, one clear loser and one too new to judge.
func rankWorkspace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "rank.db")
	creators := []struct {
		handle         string
		clicks, orders int
		cost           string
	}{
		{"star", 200, 30, "100.00"},  // $1,500 for $100
		{"steady", 100, 5, "200.00"}, // $250 for $200
		{"slow", 80, 3, "150.00"},
		{"meh", 60, 2, "100.00"},
		{"dud", 300, 0, "500.00"},  // nothing in 300 clicks
		{"newbie", 5, 1, "100.00"}, // one lucky order
	}
	var cr, links, costs, clicks, orders strings.Builder
	cr.WriteString("handle,platform,followers\n")
	links.WriteString("slug,destination,creator,campaign\n")
	costs.WriteString("creator,campaign,kind,amount,date\n")
	clicks.WriteString("slug,clicked_at,click_id,visitor\n")
	orders.WriteString("order_id,created_at,revenue,click_id\n")
	for _, c := range creators {
		fmt.Fprintf(&cr, "%s,instagram,5000\n", c.handle)
		fmt.Fprintf(&links, "%s,https://shop.example.com/p,%s,Spring\n", c.handle, c.handle)
		fmt.Fprintf(&costs, "%s,Spring,fee,%s,2026-03-01\n", c.handle, c.cost)
		for i := range c.clicks {
			fmt.Fprintf(&clicks, "%s,2026-03-02 10:%02d:%02d,%s-%d,%s-v%d\n", c.handle, i/60, i%60, c.handle, i, c.handle, i)
		}
		for i := range c.orders {
			fmt.Fprintf(&orders, "%s-o%d,2026-03-03 12:00,50.00,%s-%d\n", c.handle, i, c.handle, i)
		}
	}
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
		{"creators", cr.String()}, {"links", links.String()}, {"costs", costs.String()},
		{"clicks", clicks.String()}, {"orders", orders.String()},
	} {
		if out, err := lift(t, "import", f.kind, write(t, dir, f.kind+".csv", f.data), "--db", db); err != nil {
			t.Fatal(out, err)
		}
	}
	return db
}

func TestReportRank(t *testing.T) {
	db := rankWorkspace(t)
	out, err := lift(t, "report", "--rank", "--format", "json", "--db", db)
	if err != nil {
		t.Fatal(out, err)
	}
	var r struct {
		Rows []struct {
			Key            string   `json:"key"`
			ROIShrunk      *float64 `json:"roi_shrunk"`
			ROILow         *float64 `json:"roi_low"`
			ROIHigh        *float64 `json:"roi_high"`
			Recommendation string   `json:"recommendation"`
			Reason         string   `json:"reason"`
		} `json:"rows"`
		Ranking struct {
			ConversionRate struct{ Fitted bool } `json:"conversion_rate_prior"`
		} `json:"ranking"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err, out)
	}
	if len(r.Rows) != 6 || !r.Ranking.ConversionRate.Fitted {
		t.Fatalf("%d rows, prior fitted %v; want 6 rows and a prior fitted on them:\n%s", len(r.Rows), r.Ranking.ConversionRate.Fitted, out)
	}
	got := map[string]string{}
	for i, row := range r.Rows {
		got[row.Key] = row.Recommendation
		if row.ROIShrunk == nil || row.Reason == "" {
			t.Errorf("%s: roi %v, reason %q", row.Key, row.ROIShrunk, row.Reason)
			continue
		}
		if i > 0 && *r.Rows[i-1].ROIShrunk < *row.ROIShrunk {
			t.Errorf("rows are not sorted by roi_shrunk: %s before %s", r.Rows[i-1].Key, row.Key)
		}
	}
	if r.Rows[0].Key != "star" || got["star"] != "rebook" || got["dud"] != "drop" || got["newbie"] != "test again" {
		t.Errorf("first %s; recommendations %v", r.Rows[0].Key, got)
	}

	// Flags may stand anywhere; the table and CSV carry the ranking too.
	out, err = lift(t, "report", "--format", "csv", "--db", db, "--rank")
	if err != nil || !strings.Contains(strings.SplitN(out, "\n", 2)[0], ",roi_shrunk,roi_low,roi_high,recommendation,reason") {
		t.Errorf("CSV: %v\n%s", err, out)
	}
	out, err = lift(t, "report", "--db", db, "--rank")
	if err != nil || !strings.Contains(out, "recommendation") || !strings.Contains(out, "ranked by posterior mean ROI") {
		t.Errorf("table: %v\n%s", err, out)
	}
	out, err = lift(t, "report", "--db", db, "--format", "json")
	if err != nil || strings.Contains(out, "shrunk") || strings.Contains(out, "recommendation") {
		t.Errorf("a report without --rank carries ranking fields: %v\n%s", err, out)
	}
}
