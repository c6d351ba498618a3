package report

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/demo"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

// TestByCampaignDayIsEachCampaignsReport: for every campaign, under every
// model, ByCampaignDay's total and days are, to the millionth and the
// cent, those of the campaign's own report by day: on the demo twice over
// (fractional credits shared between campaigns, costs spread over days)
// and on the Amazon fixture (Amazon days and Associates days).
func TestByCampaignDayIsEachCampaignsReport(t *testing.T) {
	ctx := context.Background()
	dst, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dst.Close() })
	dws, err := dst.CreateWorkspace(ctx, store.DefaultWorkspace, "demo-42")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.ImportScale(ctx, dst, dws, 42, 2, nil); err != nil {
		t.Fatal(err)
	}
	ast, aws := amazonStore(t)
	for _, w := range []struct {
		name    string
		st      *store.Store
		ws      store.Workspace
		minDays int
	}{{"demo", dst, dws, 100}, {"amazon", ast, aws, 5}} {
		camps, err := w.st.Campaigns(ctx, w.ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range attribution.Models {
			all, err := ByCampaignDay(ctx, w.st, w.ws, Options{Model: m})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != len(camps) {
				t.Errorf("%s %s: %d campaigns, want %d", w.name, m, len(all), len(camps))
			}
			days := 0
			for _, c := range camps {
				want := build(t, w.st, w.ws, Options{By: "day", Campaign: c.Name, Model: m})
				got := all[c.ID]
				if a, b := js(t, got.Total), js(t, want.Total); a != b {
					t.Errorf("%s %s %s total:\n got %s\nwant %s", w.name, m, c.Name, a, b)
				}
				if len(got.Rows) != len(want.Rows) {
					t.Errorf("%s %s %s: %d rows, want %d", w.name, m, c.Name, len(got.Rows), len(want.Rows))
					continue
				}
				for i, r := range want.Rows {
					if got.Rows[i].Key != r.Key || js(t, got.Rows[i].Values) != js(t, r.Values) {
						t.Errorf("%s %s %s row %d:\n got %s %s\nwant %s %s", w.name, m, c.Name, i,
							got.Rows[i].Key, js(t, got.Rows[i].Values), r.Key, js(t, r.Values))
					}
				}
				days += len(want.Rows)
			}
			if days < w.minDays {
				t.Errorf("%s %s: only %d campaign days compared", w.name, m, days)
			}
		}
	}
}

func js(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
