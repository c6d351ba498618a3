package bench

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/storetest"
)

// TestReportAndPages builds the demo once, reuses it, and measures every
// report and every page: each job and each GET route of the dashboard is
// there, every page answers without a server error, and the ratio is the
// warm time over the tenth's.
func TestReportAndPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo twice")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := storetest.DSN(t) // a SQLite file, or a schema of its own on PostgreSQL
	if _, built, err := DemoDB(ctx, db, "", 42, 1); err != nil || built == 0 {
		t.Fatalf("first DemoDB: built %v s, %v", built, err)
	}
	if _, built, err := DemoDB(ctx, db, "", 42, 1); err != nil || built != 0 {
		t.Fatalf("second DemoDB built it again (%v s) or failed: %v", built, err)
	}
	res, err := Report(ctx, ReportOptions{Scale: 1, Seed: 42, DB: db, TenthDB: db, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Timings) != ReportJobs() || res.Orders == 0 || res.Model != string(attribution.LastTouch) {
		t.Fatalf("%d timings of %d, %d orders, model %q", len(res.Timings), ReportJobs(), res.Orders, res.Model)
	}
	other := 0
	for _, tm := range res.Timings {
		if tm.Model == string(attribution.Linear) {
			other++
		}
		if tm.TenthS <= 0 || tm.Ratio != tm.WarmS/tm.TenthS || tm.Bound == "" {
			t.Errorf("%s %s: tenth %v, ratio %v, bound %q", tm.Name, tm.Model, tm.TenthS, tm.Ratio, tm.Bound)
		}
	}
	if other != len(report.Groupings) {
		t.Errorf("%d reports under the other model, want one per grouping (%d)", other, len(report.Groupings))
	}
	pages, err := Pages(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range pages.Pages {
		seen[p.Route] = true
		if strings.Contains(p.Path, "{") || p.Status >= 500 || p.Status == 404 {
			t.Errorf("%s: fetched %s, %d", p.Route, p.Path, p.Status)
		}
	}
	for _, r := range []string{"GET /{$}", "GET /creators/{key...}", "GET /campaigns/{id}", "GET /campaigns/costs/{id}/edit", "GET /dashboard/leaks"} {
		if !seen[r] {
			t.Errorf("route %s not measured", r)
		}
	}
	if pages.Slowest.Path == "" {
		t.Error("no slowest page")
	}
}

// TestAttribution: every model sees the same orders, leaves the same
// orders unattributed (the window decides that, not the model), and
// gives at least one credit to every other order.
func TestAttribution(t *testing.T) {
	res := Attribution(5000, 1, nil)
	if len(res.Models) != len(attribution.Models) {
		t.Fatalf("%d models", len(res.Models))
	}
	u := res.Models[0].Unattributed
	if u < 500 || u > 2000 {
		t.Errorf("%d of 5000 unattributed: one in ten has no touch, some only touches out of the window", u)
	}
	for _, m := range res.Models {
		if m.Unattributed != u || m.Credits < int64(res.Orders)-u || m.AllocsPerOrder <= 0 {
			t.Errorf("%s: %d unattributed, %d credits, %.1f allocs/order", m.Model, m.Unattributed, m.Credits, m.AllocsPerOrder)
		}
	}
}
