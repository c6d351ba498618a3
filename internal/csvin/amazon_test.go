package csvin

import (
	"strings"
	"testing"
)

// attributionExport is shaped like the CSV the Amazon Attribution console
// downloads: one row per day, campaign, ad group, publisher and channel,
// amounts with the dollar sign, and the brand-halo "Total" columns.
const attributionExport = `"Date","Campaign","Ad group","Publisher","Channel","Click-throughs","Detail page views","Add to carts","Purchases","Units sold","Product sales","Total detail page views","Total add to carts","Total purchases","Total units sold","Total product sales"
"2026-03-02","Spring creators","Ana Reel","Instagram","Social","1,250","830","210","64","71","$2,130.50","910","236","70","79","$2,415.25"
"2026-03-02","Spring creators","Ana Reel","Facebook","Social","50","20","5","1","1","$29.99","25","6","2","2","$49.98"
"2026-03-02","Spring creators","ben-tiktok","TikTok","Social","400","180","","9","9","$270.00","180","","9","9","$270.00"
"03/03/2026","Spring creators","ANA REEL","Instagram","Social","900","610","150","40","44","1,200.00","640","160","41","45","$1,230.00"
`

func TestParseAmazonAttribution(t *testing.T) {
	got, errs, err := ParseAmazonAttribution(strings.NewReader(excel(attributionExport)), opts("attribution.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []AmazonAttribution{
		// Lines 2 and 3 are the same day and ad group: summed.
		{Line: 2, Date: "2026-03-02", AdGroup: "ana reel", Campaign: "Spring creators",
			ClickThroughs: 1300, DetailPageViews: 850, AddToCarts: 215, Purchases: 65, UnitsSold: 72, ProductSales: 216049,
			TotalDetailPageViews: 935, TotalAddToCarts: 242, TotalPurchases: 72, TotalUnitsSold: 81, TotalProductSales: 246523},
		{Line: 4, Date: "2026-03-02", AdGroup: "ben-tiktok", Campaign: "Spring creators",
			ClickThroughs: 400, DetailPageViews: 180, Purchases: 9, UnitsSold: 9, ProductSales: 27000,
			TotalDetailPageViews: 180, TotalPurchases: 9, TotalUnitsSold: 9, TotalProductSales: 27000},
		{Line: 5, Date: "2026-03-03", AdGroup: "ana reel", Campaign: "Spring creators",
			ClickThroughs: 900, DetailPageViews: 610, AddToCarts: 150, Purchases: 40, UnitsSold: 44, ProductSales: 120000,
			TotalDetailPageViews: 640, TotalAddToCarts: 160, TotalPurchases: 41, TotalUnitsSold: 45, TotalProductSales: 123000},
	})
}

func TestParseAmazonAttributionWithoutHaloColumns(t *testing.T) {
	in := "Date,Ad group,Click-throughs,Detail page views,Add to carts,Purchases,Units sold,Product sales,creator,campaign\n" +
		"2026-03-02,ana-spring,100,60,12,3,4,$89.97,@Ana/instagram,Spring\n"
	got, errs, err := ParseAmazonAttribution(strings.NewReader(in), opts("attribution.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []AmazonAttribution{{Line: 2, Date: "2026-03-02", AdGroup: "ana-spring",
		Creator: "ana/instagram", Campaign: "Spring",
		ClickThroughs: 100, DetailPageViews: 60, AddToCarts: 12, Purchases: 3, UnitsSold: 4, ProductSales: 8997,
		TotalDetailPageViews: 60, TotalAddToCarts: 12, TotalPurchases: 3, TotalUnitsSold: 4, TotalProductSales: 8997}})
}

func TestParseAmazonAttributionErrors(t *testing.T) {
	in := `Date,Campaign,Ad group,Publisher,Click-throughs,Detail page views,Purchases,Product sales,creator
2026-03-02,C,g1,P1,10,5,1,€12.00,
2026-13-02,C,g2,P1,10,5,1,$12.00,
2026-03-02,C,,P1,10,5,1,$12.00,
2026-03-02,C,g3,P1,1.5,5,1,$12.00,
2026-03-02,C,g3,P2,10,5,1,$12.001,
2026-03-02,C,g4,P1,10,5,1,-$12.00,
2026-03-02,C,g5,P1,10,5,1,$1.00,ana
2026-03-02,C,g5,P2,10,5,1,$1.00,ben
2026-03-02,,g6,P1,10,5,1,$1.00,ana
2026-03-03,C,g1,P1,10,5,1,$12.00,
`
	got, errs, err := ParseAmazonAttribution(strings.NewReader(in), opts("attribution.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`attribution.csv: line 2: Product sales: "€12.00" is in another currency: this workspace counts in USD ($)`,
		`attribution.csv: line 3: Date: "2026-13-02" is not a day (use YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY month first as in US marketplaces, or "September 15 2026")`,
		`attribution.csv: line 4: Ad group: required field is empty`,
		`attribution.csv: line 5: Click-throughs: "1.5" is not a whole number`,
		`attribution.csv: line 6: Product sales: "$12.001" has more than two decimals`,
		`attribution.csv: line 7: Product sales: "-$12.00" is negative`,
		`attribution.csv: line 9: creator: ad group "g5" on 2026-03-02 is mapped differently on line 8 (creator "ana", campaign "C")`,
		`attribution.csv: line 10: Campaign: a row that names its creator must name the Lift campaign too`,
	)
	// g3's second row is bad, so its first is left out too; g5's rows
	// disagree on the creator, so neither goes in.
	checkRecords(t, got, []AmazonAttribution{{Line: 11, Date: "2026-03-03", AdGroup: "g1", Campaign: "C",
		ClickThroughs: 10, DetailPageViews: 5, Purchases: 1, ProductSales: 1200,
		TotalDetailPageViews: 5, TotalPurchases: 1, TotalProductSales: 1200}})
}

func TestParseAmazonAttributionMissingColumns(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Date,Campaign,Ad group,Click-throughs\n", `attribution.csv: line 1: missing required columns "Purchases", "Product sales"`},
		{"Date,Campaign,Click-throughs,Purchases,Product sales\n", `attribution.csv: line 1: missing required column "Ad group" (or "adGroupId", "campaignId")`},
		{"Date;Ad group;Click-throughs\n", `attribution.csv: line 1: missing required column "Date" (the header looks separated by semicolons or tabs; save the file as comma-separated CSV)`},
	} {
		got, errs, err := ParseAmazonAttribution(strings.NewReader(tc.in), opts("attribution.csv"), "USD")
		checkFatal(t, got, errs, err, tc.want)
	}
}

// associatesExport is shaped like an Associates Central report by day and
// tracking id.
const associatesExport = `Date,Tracking Id,Clicks,Items Ordered,Items Shipped,Revenue,Earnings
2026-03-02,ana-20,"1,204",31,28,"$1,085.40",$43.42
2026-03-02,ben0c-20,310,4,4,$96.00,$3.84
2026-03-03,ana-20,880,12,0,-$20.00,-$0.80
`

func TestParseAmazonAssociates(t *testing.T) {
	got, errs, err := ParseAmazonAssociates(strings.NewReader(excel(associatesExport)), opts("associates.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []AmazonAssociates{
		{Line: 2, Date: "2026-03-02", TrackingID: "ana-20", Clicks: 1204, ItemsOrdered: 31, ItemsShipped: 28, Revenue: 108540, Earnings: 4342},
		{Line: 3, Date: "2026-03-02", TrackingID: "ben0c-20", Clicks: 310, ItemsOrdered: 4, ItemsShipped: 4, Revenue: 9600, Earnings: 384},
		{Line: 4, Date: "2026-03-03", TrackingID: "ana-20", Clicks: 880, ItemsOrdered: 12, Revenue: -2000, Earnings: -80},
	})
}

func TestParseAmazonAssociatesOtherNames(t *testing.T) {
	in := "tag,date,clicks,ordered items,revenue,creator,campaign\nAna-20,3/4/2026,7,1,USD 19.99,ana,Spring\n"
	got, errs, err := ParseAmazonAssociates(strings.NewReader(in), opts("associates.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []AmazonAssociates{{Line: 2, Date: "2026-03-04", TrackingID: "ana-20", Creator: "ana", Campaign: "Spring",
		Clicks: 7, ItemsOrdered: 1, Revenue: 1999}})
}

func TestParseAmazonAssociatesErrors(t *testing.T) {
	in := `Date,Tracking Id,Clicks,Items Ordered,Revenue,Earnings,creator
2026-03-02,ana-20,10,1,$10.00,$0.40,
2026-03-02,ANA-20,10,1,$10.00,$0.40,
2026-03-02,,10,1,$10.00,$0.40,
2026-03-02,b-20,-3,1,£10.00,$0.40,
,c-20,1,1,1.00,0.04,
2026-03-02,d-20,1,1,1.00,0.04,@@x
`
	got, errs, err := ParseAmazonAssociates(strings.NewReader(in), opts("associates.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`associates.csv: line 3: Tracking Id: tracking id "ana-20" on 2026-03-02 is already on line 2`,
		`associates.csv: line 4: Tracking Id: required field is empty`,
		`associates.csv: line 5: Clicks: "-3" is negative`,
		`associates.csv: line 5: Revenue: "£10.00" is in another currency: this workspace counts in USD ($)`,
		`associates.csv: line 6: Date: required field is empty`,
		`associates.csv: line 7: creator: "@@x" is not a creator (a handle, or handle/platform such as ana/tiktok)`,
	)
	checkRecords(t, got, []AmazonAssociates{{Line: 2, Date: "2026-03-02", TrackingID: "ana-20", Clicks: 10, ItemsOrdered: 1, Revenue: 1000, Earnings: 40}})
}

func TestParseAmazonAssociatesMissingColumns(t *testing.T) {
	got, errs, err := ParseAmazonAssociates(strings.NewReader("Date,Clicks,Revenue\n"), opts("associates.csv"), "USD")
	checkFatal(t, got, errs, err, `associates.csv: line 1: missing required columns "Tracking Id", "Items Ordered"`)
}

func TestParseAmazonAmount(t *testing.T) {
	for _, tc := range []struct {
		in, currency string
		want         int64
		err          string
	}{
		{"1,234.56", "USD", 123456, ""},
		{"$1,234.56", "USD", 123456, ""},
		{" $ 12 ", "USD", 1200, ""},
		{"-$3.07", "USD", -307, ""},
		{"$-3.07", "USD", -307, ""},
		{"usd 3.00", "USD", 300, ""},
		{"€3,00", "EUR", 0, `"€3,00" is not an amount`},
		{"€3.00", "EUR", 300, ""},
		{"$3.00", "EUR", 0, `"$3.00" is in another currency: this workspace counts in EUR (€)`},
		{"3.00 CHF", "CHF", 300, ""},
		{"3.00 EUR", "USD", 0, `"3.00 EUR" is in another currency: this workspace counts in USD ($)`},
		{"12 dollars", "USD", 0, `"12 dollars" is in another currency: this workspace counts in USD ($)`},
		{"$3.00", "CHF", 0, `"$3.00" is in another currency: this workspace counts in CHF`},
		{"$", "USD", 0, `"$" is not an amount`},
		{"--$3", "USD", 0, `"--$3" is not an amount`},
		{"-$-3", "USD", 0, `"-$-3" is not an amount`},
		{"$+3", "USD", 0, `"$+3" is not an amount`},
		{"$1.234", "USD", 0, `"$1.234" has more than two decimals`},
	} {
		got, err := ParseAmazonAmount(tc.in, tc.currency)
		switch {
		case tc.err != "" && (err == nil || err.Error() != tc.err):
			t.Errorf("ParseAmazonAmount(%q, %s) error = %v, want %q", tc.in, tc.currency, err, tc.err)
		case tc.err == "" && (err != nil || int64(got) != tc.want):
			t.Errorf("ParseAmazonAmount(%q, %s) = %v, %v, want %d", tc.in, tc.currency, got, err, tc.want)
		}
	}
}
