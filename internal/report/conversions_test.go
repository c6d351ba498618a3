package report

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// addConversions stores conversions as POST /api/v1/conversions does.
func addConversions(t *testing.T, st *store.Store, ws store.Workspace, convs ...store.Conversion) {
	t.Helper()
	ctx := context.Background()
	tx, err := st.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, c := range convs {
		if _, _, err := tx.PutConversion(ctx, ws.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// conversionsShop is conversionShop with gus and his code, and six
// conversions. By hand, last touch:
//   - s1 (signup) carries k1 → dana;
//   - s2 (signup) carries no click, but customer x1's order carries k1 → dana;
//   - l1 (lead, $12.00) names DANA10 → dana;
//   - l2 (lead, $9.99) carries k2 (dana, April 2) and names GUS5 (at its
//     time, later) → gus;
//   - i1 (install) has no touch → unattributed;
//   - z1 (other) has no touch and falls after Glow (May 20) → unattributed,
//     but not in a report on Glow.
//
// dana: 3 conversions (2 signups, 1 lead), $12.00; gus: 1 lead, $9.99.
// Linear splits l2: dana 3.5 (1.5 leads), $12.00 + $5.00; gus 0.5, $4.99
// (999¢ by largest remainder, the odd cent to the earlier touch, k2).
func conversionsShop(t *testing.T) (*store.Store, store.Workspace) {
	st, ws := workspaceOf(t, append(conversionShop,
		[2]string{"creators", "handle,platform,followers\ngus,tiktok,4000\n"},
		[2]string{"codes", "code,creator,campaign\nGUS5,gus,Glow\n"})...)
	at := func(s string) time.Time {
		x, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cents := func(c int64) *int64 { return &c }
	addConversions(t, st, ws,
		store.Conversion{Source: "api", ExternalID: "s1", Type: "signup", Time: at("2026-04-03 09:00"), ClickID: "k1"},
		store.Conversion{Source: "api", ExternalID: "s2", Type: "signup", Time: at("2026-04-06 09:00"), Customer: importer.Pseudonym(ws.Salt, "x1")},
		store.Conversion{Source: "api", ExternalID: "l1", Type: "lead", Time: at("2026-04-04 09:00"), Value: cents(1200), Codes: "DANA10"},
		store.Conversion{Source: "api", ExternalID: "l2", Type: "lead", Time: at("2026-04-07 09:00"), Value: cents(999), ClickID: "k2", Codes: "GUS5"},
		store.Conversion{Source: "api", ExternalID: "i1", Type: "install", Time: at("2026-04-08 09:00")},
		store.Conversion{Source: "api", ExternalID: "z1", Type: "other", Time: at("2026-05-20 09:00")},
	)
	return st, ws
}

func TestConversionsInReports(t *testing.T) {
	st, ws := conversionsShop(t)
	r := build(t, st, ws, Options{By: "creator"})
	dana, gus := row(t, r, "dana"), row(t, r, "gus")
	if dana.Conversions != 3 || dana.ConversionsSignup != 2 || dana.ConversionsLead != 1 || dana.ConversionValue != 1200 {
		t.Errorf("dana: %v conversions (%v signups, %v leads), value %v", dana.Conversions, dana.ConversionsSignup, dana.ConversionsLead, dana.ConversionValue)
	}
	if gus.Conversions != 1 || gus.ConversionsLead != 1 || gus.ConversionValue != 999 || gus.Orders != 0 || gus.Revenue != 0 {
		t.Errorf("gus: %+v", gus.Values)
	}
	// Conversions are not orders: dana's orders and conversion rate are
	// those of TestConversionRateCountsOrdersThroughClicks.
	if dana.Orders != 6 || dana.ClickOrders != 1 {
		t.Errorf("dana: orders %v click orders %v", dana.Orders, dana.ClickOrders)
	}
	if r.Total.Conversions != 4 || r.Total.ConversionValue != 2199 || r.Unattributed.Conversions != 2 {
		t.Errorf("total %v conversions, %v; unattributed %d", r.Total.Conversions, r.Total.ConversionValue, r.Unattributed.Conversions)
	}

	r = build(t, st, ws, Options{By: "creator", Model: attribution.Linear})
	dana, gus = row(t, r, "dana"), row(t, r, "gus")
	if dana.Conversions != 3.5 || dana.ConversionsLead != 1.5 || dana.ConversionValue != 1700 || gus.Conversions != 0.5 || gus.ConversionValue != 499 {
		t.Errorf("linear: dana %v (%v leads) %v; gus %v %v", dana.Conversions, dana.ConversionsLead, dana.ConversionValue, gus.Conversions, gus.ConversionValue)
	}

	// A report on Glow leaves out z1, after the campaign.
	if u := build(t, st, ws, Options{Campaign: "Glow"}).Unattributed; u.Conversions != 1 {
		t.Errorf("Glow: %d unattributed conversions, want 1", u.Conversions)
	}
	// By day, each conversion is on its own day: April 4 has l1.
	if d := row(t, build(t, st, ws, Options{By: "day"}), "2026-04-04"); d.Conversions != 1 || d.ConversionsLead != 1 {
		t.Errorf("2026-04-04: %v conversions", d.Conversions)
	}
}

func TestConversionsRendered(t *testing.T) {
	st, ws := conversionsShop(t)
	r := build(t, st, ws, Options{By: "creator"})
	var table, csv strings.Builder
	if err := r.Write(&table, "table"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"conversions", "conv. value", "$12.00", "$9.99", "2 conversions (no link"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	if err := r.Write(&csv, "csv"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(csv.String(), "\n")
	if !strings.Contains(lines[0], ",conversions,conversion_value,conversions_signup,conversions_lead,conversions_install,conversions_download,conversions_other,") {
		t.Errorf("CSV header: %s", lines[0])
	}
	if !strings.Contains(csv.String(), "dana,instagram,micro,") || !strings.Contains(csv.String(), ",3,12.00,2,1,0,0,0,") {
		t.Errorf("CSV lacks dana's conversions:\n%s", csv.String())
	}
}
