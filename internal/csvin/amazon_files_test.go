package csvin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// openAmazon opens one of the Amazon report files in testdata/amazon,
// written to reproduce the headers and quirks of Amazon's own exports.
func openAmazon(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "amazon", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// The API's report: YYYYMMDD days, ids instead of names, the 14-day
// metric names, the brand-halo totals and the Brand Referral Bonus Amazon
// computed. Rows per publisher of one day and ad group are summed.
func TestParseAmazonAttributionAPIReport(t *testing.T) {
	got, errs, err := ParseAmazonAttribution(openAmazon(t, "attribution-api.csv"), opts("attribution-api.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	campaign1, campaign2 := []string{"578912340011"}, []string{"578912340022"}
	checkRecords(t, got, []AmazonAttribution{
		{Line: 2, Date: "2026-10-01", AdGroup: "72451100091", MapBy: campaign1,
			ClickThroughs: 1368, DetailPageViews: 867, AddToCarts: 218, Purchases: 63, UnitsSold: 68, ProductSales: 207132,
			TotalDetailPageViews: 927, TotalAddToCarts: 237, TotalPurchases: 71, TotalUnitsSold: 77, TotalProductSales: 237407,
			BRB: 20713, HasBRB: true},
		{Line: 4, Date: "2026-10-01", AdGroup: "72451100092", MapBy: campaign1,
			ClickThroughs: 512, DetailPageViews: 240, AddToCarts: 40, Purchases: 11, UnitsSold: 12, ProductSales: 35988,
			TotalDetailPageViews: 251, TotalAddToCarts: 44, TotalPurchases: 12, TotalUnitsSold: 13, TotalProductSales: 38987,
			HasBRB: true},
		{Line: 5, Date: "2026-10-02", AdGroup: "72451100091", MapBy: campaign1,
			ClickThroughs: 990, DetailPageViews: 601, AddToCarts: 150, Purchases: 40, UnitsSold: 43, ProductSales: 130157,
			TotalDetailPageViews: 650, TotalAddToCarts: 166, TotalPurchases: 45, TotalUnitsSold: 49, TotalProductSales: 148951,
			BRB: 13016, HasBRB: true},
		{Line: 6, Date: "2026-10-02", AdGroup: "72451100093", MapBy: campaign2,
			ClickThroughs: 75, DetailPageViews: 30, AddToCarts: 4, Purchases: 1, UnitsSold: 1, ProductSales: 2999,
			TotalDetailPageViews: 30, TotalAddToCarts: 4, TotalPurchases: 1, TotalUnitsSold: 1, TotalProductSales: 2999,
			HasBRB: true},
	})
}

// A report by campaign has no ad group: the campaign id keys its rows.
func TestParseAmazonAttributionByCampaign(t *testing.T) {
	in := "date,campaignId,Click-throughs,attributedPurchases14d,attributedSales14d\n20261003,578912340011,10,1,19.99\n"
	got, errs, err := ParseAmazonAttribution(strings.NewReader(in), opts("by-campaign.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []AmazonAttribution{{Line: 2, Date: "2026-10-03", AdGroup: "578912340011",
		ClickThroughs: 10, Purchases: 1, ProductSales: 1999, TotalPurchases: 1, TotalProductSales: 1999}})
}

func TestParseAmazonAttributionConsoleFile(t *testing.T) {
	got, errs, err := ParseAmazonAttribution(openAmazon(t, "attribution-console.csv"), opts("attribution-console.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []AmazonAttribution{
		{Line: 2, Date: "2026-10-01", AdGroup: "ana reel", Campaign: "Fall creators",
			ClickThroughs: 1300, DetailPageViews: 850, AddToCarts: 215, Purchases: 65, UnitsSold: 72, ProductSales: 216049,
			TotalDetailPageViews: 935, TotalAddToCarts: 242, TotalPurchases: 72, TotalUnitsSold: 81, TotalProductSales: 246523},
		{Line: 4, Date: "2026-10-02", AdGroup: "ben-tiktok", Campaign: "Fall creators",
			ClickThroughs: 400, DetailPageViews: 180, Purchases: 9, UnitsSold: 9, ProductSales: 27000,
			TotalDetailPageViews: 180, TotalPurchases: 9, TotalUnitsSold: 9, TotalProductSales: 27000},
	})
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{
		"2026-09-15": "2026-09-15", "20260915": "2026-09-15", "09/16/2026": "2026-09-16", "9/6/2026": "2026-09-06",
		"September 15 2026": "2026-09-15", "September 15, 2026": "2026-09-15", "Sep 5 2026": "2026-09-05",
	} {
		if got, err := parseDay(in); got != want || err != nil {
			t.Errorf("parseDay(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"16/09/2026", "2026-9-15", "Sept 15 2026", "15 September 2026", "202609150"} {
		if got, err := parseDay(in); err == nil {
			t.Errorf("parseDay(%q) = %q, want an error", in, got)
		}
	}
}
