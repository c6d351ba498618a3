package report

import (
	"context"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// importAmazon maps tags and imports Amazon files into the fixture
// workspace, failing the test on any refusal.
func importAmazon(t *testing.T, st *store.Store, ws store.Workspace, tags []importer.AmazonTagInfo, files ...[3]string) {
	t.Helper()
	ctx := context.Background()
	for _, m := range tags {
		if _, err := importer.CreateAmazonTag(ctx, st, ws, m, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		opt := importer.Options{File: f[0] + ".csv"}
		if _, err := importer.Import(ctx, st, ws, f[0], strings.NewReader(f[2]), opt); err != nil {
			t.Fatalf("%s (%s): %v", f[0], f[1], err)
		}
	}
}

// An API report's brb_bonus_amount is the bonus, not the rate's
// estimate; where the file has no such column the rate estimates it. The
// halo is Total less promoted, kept out of revenue.
//
// By hand: ana's ad group 1 on 03-04: sales $300.00, reported bonus
// $27.50 (the 10% rate would say $30.00); ad group 2 (a console file, no
// bonus column) $99.99 → 10% = $10.00. Bonus $37.50. Halo: purchases
// 9 − 6 = 3, units 10 − 7 = 3, sales $380.00 − $300.00 = $80.00.
func TestReportAmazonReportedBRBAndHalo(t *testing.T) {
	st, ws := fixtureStore(t)
	importAmazon(t, st, ws, []importer.AmazonTagInfo{{Tag: "5511", Creator: "ana", Campaign: "Spring"}, {Tag: "ana-2", Creator: "ana", Campaign: "Spring"}},
		[3]string{"amazon-attribution", "api", "date,campaignId,adGroupId,publisher,Click-throughs,attributedPurchases14d,unitsSold14d,attributedSales14d," +
			"attributedTotalPurchases14d,totalUnitsSold14d,totalAttributedSales14d,brb_bonus_amount\n" +
			"20260304,9911,5511,Instagram,200,6,7,300.00,9,10,380.00,27.50\n"},
		[3]string{"amazon-attribution", "console", "Date,Ad group,Click-throughs,Purchases,Product sales\n03/05/2026,ana-2,100,2,$99.99\n"})
	r := build(t, st, ws, Options{By: "creator", WithBRB: true})
	a := row(t, r, "ana")
	if a.Amazon == nil || a.Amazon.BrandReferralBonus != 3750 {
		t.Fatalf("ana amazon: %+v", a.Amazon)
	}
	if x := a.Amazon; x.HaloPurchases != 3 || x.HaloUnits != 3 || x.HaloSales != 8000 {
		t.Errorf("halo: %d purchases, %d units, %v sales", x.HaloPurchases, x.HaloUnits, x.HaloSales)
	}
	// ana's fixture revenue is $140.00; with the bonus and the promoted
	// sales only, never the halo.
	if a.Revenue != 14000+30000+9999+3750 {
		t.Errorf("ana revenue %v", a.Revenue)
	}
}
