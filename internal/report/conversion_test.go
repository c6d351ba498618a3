package report

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/importer"
)

// A creator whose code sells far more than her link: dana's 2 counted
// clicks (k3 is a crawler's) against 6 orders. By hand, last touch:
//   - a1 and a2 came back through k1 (its id, then the same customer): k1
//     converted once → 1 click order;
//   - a3, a4 by code; a6 has k2 and the code, the code is later → 3 code orders;
//   - a5 carries k3, a bot: credited to dana, converts no counted click.
//
// orders 6, click orders 1, code orders 3, conversion rate 1/2 (it was
// 6/2 = 300% when every order divided by clicks). Linear splits a6 between
// k2 and the code: click orders 1.5, code orders 2.5, rate 0.75.
var conversionShop = [][2]string{
	{"campaigns", "name,starts,ends\nGlow,2026-04-01,2026-04-30\n"},
	{"creators", "handle,platform,followers\ndana,instagram,20000\n"},
	{"codes", "code,creator,campaign\nDANA10,dana,Glow\n"},
	{"links", "slug,destination,creator,campaign\nd1,https://shop.example.com/,dana,Glow\n"},
	{"clicks", "slug,clicked_at,click_id,visitor,user_agent\n" +
		"d1,2026-04-02 10:00,k1,v1,Mozilla/5.0 (iPhone)\n" +
		"d1,2026-04-02 11:00,k2,v2,Mozilla/5.0 (Android; Mobile)\n" +
		"d1,2026-04-03 09:00,k3,v3,Googlebot/2.1\n"},
	{"orders", "order_id,created_at,revenue,discount_code,click_id,customer_id\n" +
		"a1,2026-04-04 10:00,50.00,,k1,x1\n" +
		"a2,2026-04-05 10:00,30.00,,,x1\n" +
		"a3,2026-04-04 12:00,20.00,DANA10,,\n" +
		"a4,2026-04-04 13:00,40.00,DANA10,,\n" +
		"a5,2026-04-04 14:00,10.00,,k3,\n" +
		"a6,2026-04-04 15:00,60.00,DANA10,k2,\n"},
}

func TestConversionRateCountsOrdersThroughClicks(t *testing.T) {
	st, ws := workspaceOf(t, conversionShop...)
	for _, tc := range []struct {
		model             attribution.Model
		click, code, rate float64
	}{
		{attribution.LastTouch, 1, 3, 0.5},
		{attribution.Linear, 1.5, 2.5, 0.75},
		{attribution.Position, 1.5, 2.5, 0.75}, // two touches: 50/50
	} {
		d := row(t, build(t, st, ws, Options{By: "creator", Model: tc.model}), "dana")
		if d.Orders != 6 || d.Clicks != 2 || d.ClickOrders != tc.click || d.CodeOrders != tc.code {
			t.Errorf("%s: orders %v clicks %v click orders %v code orders %v", tc.model, d.Orders, d.Clicks, d.ClickOrders, d.CodeOrders)
		}
		near(t, string(tc.model)+" conversion_rate", d.ConversionRate, tc.rate)
	}
}

// By day, a click's conversion stays on the click's day: 2026-04-02 has
// both clicks and k1's conversion (50%); the order days have orders but no
// clicks, so their rate is undefined — not 500%.
func TestConversionRateByDayStaysOnTheClick(t *testing.T) {
	st, ws := workspaceOf(t, conversionShop...)
	r := build(t, st, ws, Options{By: "day"})
	near(t, "04-02 conversion_rate", row(t, r, "2026-04-02").ConversionRate, 0.5)
	if d := row(t, r, "2026-04-04"); d.Orders != 5 || d.ConversionRate != nil {
		t.Errorf("2026-04-04: orders %v conversion rate %v, want 5 and undefined", d.Orders, deref(d.ConversionRate))
	}
	// From April 3 on, neither click is in the period: nothing converts.
	r = build(t, st, ws, Options{By: "creator", From: time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)})
	if d := row(t, r, "dana"); d.Orders != 6 || d.ClickOrders != 0 || d.ConversionRate != nil {
		t.Errorf("from 04-03: orders %v click orders %v rate %v", d.Orders, d.ClickOrders, deref(d.ConversionRate))
	}
}

// Amazon purchases come through click-throughs, at most one per
// click-through: 5 purchases on 3 click-throughs convert 3. dana: clicks
// 2 + 3, click orders 1 + 3, rate 4/5; orders 6 + 5.
func TestConversionRateWithAmazon(t *testing.T) {
	st, ws := workspaceOf(t, conversionShop...)
	ctx := context.Background()
	if _, err := importer.CreateAmazonTag(ctx, st, ws, importer.AmazonTagInfo{Tag: "dana-ad", Creator: "dana", Campaign: "Glow"}, false); err != nil {
		t.Fatal(err)
	}
	att := "Date,Ad group,Click-throughs,Purchases,Product sales\n2026-04-06,dana-ad,3,5,$100.00\n"
	if _, err := importer.Import(ctx, st, ws, "amazon-attribution", strings.NewReader(att), importer.Options{File: "att.csv"}); err != nil {
		t.Fatal(err)
	}
	d := row(t, build(t, st, ws, Options{By: "creator"}), "dana")
	if d.Orders != 11 || d.Clicks != 5 || d.ClickOrders != 4 {
		t.Errorf("dana: orders %v clicks %v click orders %v", d.Orders, d.Clicks, d.ClickOrders)
	}
	near(t, "conversion_rate", d.ConversionRate, 0.8)
}

// Whatever the model, grouping or period, no row converts more clicks
// than it has, and click and code orders never exceed the orders of a
// report that is not by day (where a click and its order may fall apart).
func TestConversionRateNeverAbove100(t *testing.T) {
	st, ws := fixtureStore(t)
	for _, f := range conversionShop {
		if _, err := importer.Import(context.Background(), st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0]}); err != nil {
			t.Fatal(err)
		}
	}
	periods := [][2]time.Time{{}, {time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)}}
	for _, m := range attribution.Models {
		for _, by := range Groupings {
			for _, p := range periods {
				r := build(t, st, ws, Options{By: by, Model: m, From: p[0], To: p[1]})
				for _, x := range append(r.Rows, Row{Key: "total", Values: r.Total}) {
					if float64(x.Clicks) < x.ClickOrders || (x.ConversionRate != nil && *x.ConversionRate > 1) {
						t.Errorf("%s by %s %v, %s: clicks %d click orders %v rate %v", m, by, p[0], x.Key, x.Clicks, x.ClickOrders, deref(x.ConversionRate))
					}
					if by != "day" && x.ClickOrders+x.CodeOrders > x.Orders+1e-9 {
						t.Errorf("%s by %s, %s: click %v + code %v orders > %v orders", m, by, x.Key, x.ClickOrders, x.CodeOrders, x.Orders)
					}
				}
			}
		}
	}
}
