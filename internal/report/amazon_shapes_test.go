package report

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
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

// associatesBlocks imports, for ana, an Associates summary for March as
// one block and, for ben, a Fee-Orders day.
func associatesBlocks(t *testing.T, st *store.Store, ws store.Workspace) {
	t.Helper()
	ctx := context.Background()
	for _, m := range []importer.AmazonTagInfo{{Tag: "ana-20", Creator: "ana", Campaign: "Spring"}, {Tag: "ben-20", Creator: "ben", Campaign: "Spring"}} {
		if _, err := importer.CreateAmazonTag(ctx, st, ws, m, false); err != nil {
			t.Fatal(err)
		}
	}
	summary := "Tracking Id,Clicks,Items Ordered,Ordered Revenue,Items Shipped,Items Returned,Items Shipped Revenue,Items Returned Revenue,Total Earnings,Bonus\n" +
		"ana-20,100,4,200.00,3,1,150.00,50.00,6.00,1.00\n"
	march := importer.Options{File: "summary.csv", Period: csvin.Period{From: "2026-03-01", To: "2026-03-31"}}
	if _, err := importer.Import(ctx, st, ws, "amazon-associates", strings.NewReader(summary), march); err != nil {
		t.Fatal(err)
	}
	orders := "Category,Name,ASIN,Date,Qty,Price($),Tag\nBeauty,Serum,B0X,03/10/2026,2,25.00,ben-20\n"
	if _, err := importer.Import(ctx, st, ws, "amazon-associates", strings.NewReader(orders), importer.Options{File: "orders.csv"}); err != nil {
		t.Fatal(err)
	}
}

// A block is a total for its period: counted whole when the report's
// dates cover the period (or it has none), left out and named when they
// cover only part of it, never spread over days. Ordered revenue is the
// attributed sales; returned revenue is taken off like a refund.
//
// By hand, ana's block: clicks +100, orders +4, revenue +$200.00 −
// $50.00 = +$150.00; ben's day: orders +2, revenue +$50.00.
func TestReportAssociatesBlocks(t *testing.T) {
	st, ws := fixtureStore(t)
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, ws.Loc) }
	opts := []Options{
		{By: "creator"},
		{By: "creator", From: day(1), To: day(1).AddDate(0, 1, 0)},
		{By: "creator", From: day(5), To: day(21)},
		{By: "day"},
	}
	before := make([]*Report, len(opts))
	for i, o := range opts {
		before[i] = build(t, st, ws, o)
	}
	associatesBlocks(t, st, ws)
	after := make([]*Report, len(opts))
	for i, o := range opts {
		after[i] = build(t, st, ws, o)
	}
	for i := range 2 { // no dates, and all of March: the block counts whole
		a0, a1 := row(t, before[i], "ana"), row(t, after[i], "ana")
		if a1.Clicks-a0.Clicks != 100 || a1.Orders-a0.Orders != 4 || a1.Revenue-a0.Revenue != 15000 {
			t.Errorf("%+v: ana +%d clicks, +%v orders, +%v revenue", opts[i], a1.Clicks-a0.Clicks, a1.Orders-a0.Orders, a1.Revenue-a0.Revenue)
		}
		x := a1.Amazon
		if x == nil || x.AssociatesRevenue != 20000 || x.AssociatesShippedRevenue != 15000 || x.AssociatesReturnedRevenue != 5000 ||
			x.AssociatesItemsReturned != 1 || x.AssociatesEarnings != 600 || x.AssociatesBonus != 100 {
			t.Errorf("%+v: ana amazon %+v", opts[i], x)
		}
		if p := after[i].AmazonPeriods; len(p) != 1 || p[0] != (AmazonPeriod{Tag: "ana-20", From: "2026-03-01", To: "2026-03-31", Counted: true}) {
			t.Errorf("%+v: periods %+v", opts[i], p)
		}
	}
	// 5 to 20 March covers part of the block: ana's row is as it was,
	// and the report says what it left out. ben's day is inside.
	partial := after[2]
	if a0, a1 := row(t, before[2], "ana"), row(t, partial, "ana"); !reflect.DeepEqual(a0.Values, a1.Values) {
		t.Errorf("a block partly in the dates changed ana:\n%+v\n%+v", a0.Values, a1.Values)
	}
	if b0, b1 := row(t, before[2], "ben"), row(t, partial, "ben"); b1.Revenue-b0.Revenue != 5000 || b1.Orders-b0.Orders != 2 {
		t.Errorf("ben's day: +%v revenue, +%v orders", b1.Revenue-b0.Revenue, b1.Orders-b0.Orders)
	}
	if p := partial.AmazonPeriods; len(p) != 1 || p[0].Counted {
		t.Errorf("partial periods %+v", p)
	}
	var out strings.Builder
	if err := partial.Write(&out, "table"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  ana-20 2026-03-01 to 2026-03-31: left out: the report's dates cover only part of it\n") {
		t.Errorf("table does not name the block left out:\n%s", out.String())
	}
	// By day the block is a row of its own named by its period; no day
	// row changed but ben's.
	byDay := after[3]
	if p := row(t, byDay, "2026-03-01..2026-03-31"); p.Clicks != 100 || p.Revenue != 15000 || p.Orders != 4 {
		t.Errorf("block row %+v", p.Values)
	}
	for _, r0 := range before[3].Rows {
		if r1 := row(t, byDay, r0.Key); !reflect.DeepEqual(r0.Values, r1.Values) && r0.Key != "2026-03-10" {
			t.Errorf("day %s changed:\n%+v\n%+v", r0.Key, r0.Values, r1.Values)
		}
	}
	if !IsPeriodKey("2026-03-01..2026-03-31") || IsPeriodKey("2026-03-01") {
		t.Error("IsPeriodKey")
	}
}

// The daily sales that lift uplift reads hold no Associates block: a
// total for a period is no day's revenue.
func TestDailySalesLeaveBlocksOut(t *testing.T) {
	block := "Fee-Tracking Report for shop-20 from 2025-03-01 to 2025-03-31\n" +
		"Tracking ID,Clicks,Items Ordered,Ordered Revenue,creator,campaign\nana-20,10,2,$40.00,ana,Spring\n"
	with, ws := dailyShop(t, [2]string{"amazon-associates", block})
	without, ws0 := dailyShop(t)
	got, err := DailySales(context.Background(), with, ws, DailyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := DailySales(context.Background(), without, ws0, DailyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Attributed, want.Attributed) || !reflect.DeepEqual(got.Days, want.Days) {
		t.Errorf("a block changed the daily sales:\n got %+v\nwant %+v", got, want)
	}
	if r := build(t, with, ws, Options{By: "day"}); row(t, r, "2025-03-01..2025-03-31").Revenue != 4000 {
		t.Error("the block is not in the report by day")
	}
}
