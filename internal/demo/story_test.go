package demo_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/leaks"
	"github.com/liftmetrics/lift/internal/report"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// load imports the demo of one seed into a new database.
func load(t *testing.T, seed uint64) (*store.Store, store.Workspace) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ws, err := st.CreateWorkspace(ctx, "default", fmt.Sprintf("demo-%d", seed))
	if err != nil {
		t.Fatal(err)
	}
	var files []importer.File
	for _, f := range demo.Files(seed) {
		files = append(files, importer.File{Kind: f.Kind, Name: f.Name, Data: bytes.NewReader(f.Data)})
	}
	if _, err := importer.ImportAll(ctx, st, ws, files); err != nil {
		t.Fatal(err)
	}
	return st, ws
}

// The demo tells a believable story, whatever the seed: the program pays
// back as influencer programs do, some creators earn several times their
// cost while others lose money, the platforms count about the clicks the
// links record, a few orders still await payment, and one code leaked to
// coupon sites for lift leaks to find.
func TestDemoStory(t *testing.T) {
	ctx := context.Background()
	for _, seed := range []uint64{42, 1, 7, 2026} {
		st, ws := load(t, seed)
		r, err := report.Build(ctx, st, ws, report.Options{By: "creator"})
		if err != nil {
			t.Fatal(err)
		}
		if roi := r.Total.ROI; roi == nil || *roi < 0.2 || *roi > 1.5 {
			t.Errorf("seed %d: overall ROI %v, want +20%% to +150%%", seed, deref(roi))
		}
		winners, losers := 0, 0
		for _, row := range r.Rows {
			switch {
			case row.ROI == nil:
			case *row.ROI > 1:
				winners++
			case *row.ROI < 0:
				losers++
			}
		}
		if winners < 4 || losers < 4 {
			t.Errorf("seed %d: %d creators above +100%% ROI and %d below 0, want at least 4 of each", seed, winners, losers)
		}
		if ratio := float64(r.Total.LinkClicks) / float64(r.Total.Clicks); ratio < 1.05 || ratio > 1.4 {
			t.Errorf("seed %d: platforms count %d link clicks for %d tracked clicks (%.2f×)", seed, r.Total.LinkClicks, r.Total.Clicks, ratio)
		}
		if r.Pending.Orders < 1 || r.Pending.Revenue <= 0 || r.Pending.Counted {
			t.Errorf("seed %d: pending %+v, want credited orders awaiting payment, not counted", seed, r.Pending)
		}
		lr, err := report.Leaks(ctx, st, ws, report.LeakOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(lr.Findings) != 1 || lr.Findings[0].Kind != leaks.KindCouponSite || lr.Findings[0].Count < 12 {
			t.Errorf("seed %d: leaks %+v, want one code leaked to coupon sites", seed, lr.Findings)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
