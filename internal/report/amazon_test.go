package report

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// amazonStore is the fixture workspace plus Amazon reports for ana (by
// Attribution ad group) and ben (an ad group and an Associates tracking
// id).
func amazonStore(t *testing.T) (*store.Store, store.Workspace) {
	t.Helper()
	st, ws := fixtureStore(t)
	ctx := context.Background()
	for _, m := range []importer.AmazonTagInfo{
		{Tag: "ana-reel", Creator: "ana", Campaign: "Spring"},
		{Tag: "ben-vid", Creator: "ben", Campaign: "Spring"},
		{Tag: "ben-20", Creator: "ben", Campaign: "Spring"},
	} {
		if _, err := importer.CreateAmazonTag(ctx, st, ws, m, false); err != nil {
			t.Fatal(err)
		}
	}
	files := []struct{ kind, data string }{
		{"amazon-attribution", "Date,Ad group,Click-throughs,Detail page views,Add to carts,Purchases,Units sold,Product sales,Total product sales\n" +
			"2026-03-04,ana-reel,200,120,30,6,7,$300.00,$350.00\n" +
			"2026-03-05,ana-reel,100,80,10,2,2,$99.99,$99.99\n" +
			"2026-03-04,ben-vid,50,0,0,0,0,$0.00,$0.00\n"},
		{"amazon-associates", "Date,Tracking Id,Clicks,Items Ordered,Items Shipped,Revenue,Earnings\n" +
			"2026-03-06,ben-20,40,3,3,$75.00,$3.00\n"},
	}
	for _, f := range files {
		if _, err := importer.Import(ctx, st, ws, f.kind, strings.NewReader(f.data), importer.Options{File: f.kind + ".csv"}); err != nil {
			t.Fatal(err)
		}
	}
	return st, ws
}

// By hand, on top of TestReportByCreatorLastTouch's numbers:
//
// ana: Attribution 200 + 100 click-throughs, 120 + 80 detail page views,
// 30 + 10 add to carts, 6 + 2 purchases, 7 + 2 units, $300.00 + $99.99.
// clicks 3 + 300 = 303; orders 2 + 8 = 10; units 2 + 9 = 11; revenue
// $140 + $399.99 = $539.99; cost $514 + 10% commission per day ($30.00 +
// $10.00, $9.999 rounding up) = $554. DPV rate 200/300, ATC rate 40/200.
// Click orders: c1 converted once (o1 and o5 came through it) + 8
// purchases through click-throughs = 9; conversion rate 9/303.
// BRB 10% per day: $30.00 + $10.00 = $40.00.
//
// ben: 50 click-throughs and no detail page views (DPV rate 0, ATC rate
// undefined); Associates 40 clicks, 3 items, $75.00 revenue, $3.00
// earnings. clicks 1 + 50 + 40 = 91; orders 2 + 3 = 5; revenue $110 + $75
// = $185; cost $350 (no commission rate). Click orders: its two orders
// came by code, the 3 items through Associates clicks: 3/91.
func TestReportWithAmazon(t *testing.T) {
	st, ws := amazonStore(t)
	r := build(t, st, ws, Options{By: "creator"})

	ana := row(t, r, "ana")
	if ana.Clicks != 303 || ana.UniqueClicks != 2 || ana.Orders != 10 || ana.Units != 11 || ana.Revenue != 53999 || ana.Cost != 55400 {
		t.Errorf("ana: clicks %d unique %d orders %v units %v revenue %v cost %v",
			ana.Clicks, ana.UniqueClicks, ana.Orders, ana.Units, ana.Revenue, ana.Cost)
	}
	near(t, "ana conversion_rate", ana.ConversionRate, 9.0/303)
	near(t, "ben conversion_rate", row(t, r, "ben").ConversionRate, 3.0/91)
	near(t, "ana roi", ana.ROI, (53999.0-55400)/55400)
	a := ana.Amazon
	if a == nil {
		t.Fatal("ana has no amazon numbers")
	}
	if a.ClickThroughs != 300 || a.DetailPageViews != 200 || a.AddToCarts != 40 || a.Purchases != 8 || a.Units != 9 ||
		a.Sales != 39999 || a.TotalSales != 44999 || a.BrandReferralBonus != 4000 || a.AssociatesEarnings != 0 {
		t.Errorf("ana amazon: %+v", *a)
	}
	near(t, "ana dpv_rate", a.DPVRate, 200.0/300)
	near(t, "ana atc_rate", a.ATCRate, 0.2)

	ben := row(t, r, "ben")
	if ben.Clicks != 91 || ben.Orders != 5 || ben.Units != 5 || ben.Revenue != 18500 || ben.Cost != 35000 {
		t.Errorf("ben: clicks %d orders %v units %v revenue %v cost %v", ben.Clicks, ben.Orders, ben.Units, ben.Revenue, ben.Cost)
	}
	b := ben.Amazon
	if b == nil || b.ClickThroughs != 50 || b.AssociatesClicks != 40 || b.AssociatesItemsOrdered != 3 ||
		b.AssociatesItemsShipped != 3 || b.AssociatesRevenue != 7500 || b.AssociatesEarnings != 300 || b.BrandReferralBonus != 0 {
		t.Fatalf("ben amazon: %+v", b)
	}
	near(t, "ben dpv_rate", b.DPVRate, 0)
	if b.ATCRate != nil {
		t.Errorf("ben atc_rate = %v, want null (no detail page views)", *b.ATCRate)
	}

	if r.Total.Clicks != 394 || r.Total.Revenue != 72499 {
		t.Errorf("total: clicks %d revenue %v", r.Total.Clicks, r.Total.Revenue)
	}
	ta := r.TotalAmazon
	if ta == nil || ta.ClickThroughs != 350 || ta.BrandReferralBonus != 4000 || ta.AssociatesEarnings != 300 {
		t.Fatalf("total amazon: %+v", ta)
	}
	near(t, "total dpv_rate", ta.DPVRate, 200.0/350)
	near(t, "brb_rate", r.BRBRate, 0.10)
}

// --with-brb adds the bonus to revenue, so to ROI and ROAS.
func TestReportWithBRB(t *testing.T) {
	st, ws := amazonStore(t)
	if err := st.SetBRBRate(context.Background(), ws.ID, 0.12); err != nil {
		t.Fatal(err)
	}
	r := build(t, st, ws, Options{By: "creator", WithBRB: true})
	ana := row(t, r, "ana")
	// 12% of $300.00 is $36.00, of $99.99 $11.9988 → $12.00.
	if ana.Amazon.BrandReferralBonus != 4800 || ana.Revenue != 53999+4800 || ana.Cost != 55400 || !r.WithBRB {
		t.Errorf("ana: bonus %v revenue %v cost %v with_brb %v", ana.Amazon.BrandReferralBonus, ana.Revenue, ana.Cost, r.WithBRB)
	}
	near(t, "ana roi", ana.ROI, (58799.0-55400)/55400)
	near(t, "ana roas", ana.ROAS, 58799.0/55400)
}

func TestReportAmazonGroupsAndFilters(t *testing.T) {
	st, ws := amazonStore(t)
	byPost := build(t, st, ws, Options{By: "post"})
	if p1 := row(t, byPost, "p1"); p1.Amazon != nil {
		t.Errorf("p1 has amazon numbers %+v: no post carries them", *p1.Amazon)
	}
	if np := row(t, byPost, NoPost); np.Amazon == nil || np.Amazon.ClickThroughs != 350 {
		t.Errorf("(no post) amazon: %+v", np.Amazon)
	}
	byDay := build(t, st, ws, Options{By: "day"})
	if d := row(t, byDay, "2026-03-04"); d.Amazon == nil || d.Amazon.ClickThroughs != 250 || d.Amazon.Sales != 30000 {
		t.Errorf("2026-03-04 amazon: %+v", d.Amazon)
	}
	byPlatform := build(t, st, ws, Options{By: "platform"})
	if tt := row(t, byPlatform, "tiktok"); tt.Amazon == nil || tt.Amazon.AssociatesRevenue != 7500 {
		t.Errorf("tiktok amazon: %+v", tt.Amazon)
	}
	from := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	later := build(t, st, ws, Options{By: "creator", From: from})
	if a := row(t, later, "ana").Amazon; a == nil || a.ClickThroughs != 100 || a.BrandReferralBonus != 1000 {
		t.Errorf("ana from 2026-03-05: %+v", a)
	}
	if late := build(t, st, ws, Options{By: "creator", From: time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC)}); late.TotalAmazon != nil {
		t.Errorf("amazon numbers outside the period: %+v", late.TotalAmazon)
	}
}

func TestReportAmazonRendered(t *testing.T) {
	st, ws := amazonStore(t)
	r := build(t, st, ws, Options{By: "creator"})
	var table, csvOut, jsonOut bytes.Buffer
	for _, f := range []struct {
		format string
		w      *bytes.Buffer
	}{{"table", &table}, {"csv", &csvOut}, {"json", &jsonOut}} {
		if err := r.Write(f.w, f.format); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{
		"Amazon  click-thr.",
		"ana            300  200    66.67%   40    20.00%       8  $399.99  $40.00",
		"BRB: Brand Referral Bonus as Amazon reported it, else 10.00% of Attribution sales; not in revenue (--with-brb adds it).",
	} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	lines := strings.Split(strings.TrimSpace(csvOut.String()), "\n")
	head := strings.Split(lines[0], ",")
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("CSV has no column %s: %s", name, lines[0])
		return 0
	}
	for _, l := range lines[1:] {
		cells := strings.Split(l, ",")
		if cells[0] == "ben" && (cells[col("amazon_atc_rate")] != "" || cells[col("amazon_associates_earnings")] != "3.00") {
			t.Errorf("ben CSV: %s", l)
		}
	}
	for _, want := range []string{`"amazon": {`, `"dpv_rate": 0.6666666666666666`, `"atc_rate": null`, `"brand_referral_bonus": 40.00`, `"total_amazon": {`, `"brb_rate": 0.1`} {
		if !strings.Contains(jsonOut.String(), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

// Without Amazon data a report carries no trace of it: the golden files
// stay as they are.
func TestReportWithoutAmazon(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator", WithBRB: true})
	var out bytes.Buffer
	for _, format := range []string{"table", "csv", "json"} {
		out.Reset()
		if err := r.Write(&out, format); err != nil {
			t.Fatal(err)
		}
		if s := strings.ToLower(out.String()); strings.Contains(s, "amazon") || strings.Contains(s, "brb") {
			t.Errorf("%s output mentions Amazon:\n%s", format, out.String())
		}
	}
}
