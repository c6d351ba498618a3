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

// parseAssociates reads a testdata file as an Associates report, with
// the period given on the command line (zero for none) and the columns
// Lift left unread.
func parseAssociates(t *testing.T, name string, p Period) ([]AmazonAssociates, []Error, []string, error) {
	t.Helper()
	var ignored []string
	o := opts(name)
	o.Period, o.Ignored = p, &ignored
	got, errs, err := ParseAmazonAssociates(openAmazon(t, name), o, "USD")
	return got, errs, ignored, err
}

var october = Period{"2026-10-01", "2026-10-31"}

// Earnings by Tracking ID has no date: every row is one block for the
// period given, "-" is nothing, and shipped and returned numbers are kept
// apart from what was ordered.
func TestParseAssociatesSummary(t *testing.T) {
	got, errs, ignored, err := parseAssociates(t, "earnings-by-tracking-id.csv", october)
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	if strings.Join(ignored, "|") != "Items Shipped Earnings|Items Returned Earnings" {
		t.Errorf("ignored %q", ignored)
	}
	s := AssociatesSummary
	checkRecords(t, got, []AmazonAssociates{
		{Line: 2, Shape: s, Date: "2026-10-01", Ends: "2026-10-31", TrackingID: "ana-20", Clicks: 1204, ItemsOrdered: 31, Revenue: 108540,
			ItemsShipped: 28, ItemsReturned: 2, ShippedRevenue: 98010, ReturnedRevenue: 5998, Earnings: 3945},
		{Line: 3, Shape: s, Date: "2026-10-01", Ends: "2026-10-31", TrackingID: "ben0c-20", Clicks: 310,
			ItemsShipped: 4, ShippedRevenue: 9600, Earnings: 384},
		{Line: 4, Shape: s, Date: "2026-10-01", Ends: "2026-10-31", TrackingID: "others", Clicks: 12, ItemsOrdered: 1, Revenue: 1999,
			ItemsShipped: 1, ShippedRevenue: 1999, Earnings: 80},
	})
}

func TestParseAssociatesSummaryNeedsItsPeriod(t *testing.T) {
	_, _, _, err := parseAssociates(t, "earnings-by-tracking-id.csv", Period{})
	want := `earnings-by-tracking-id.csv: line 1: this summary has no dates: say which days it covers with --from and --to (YYYY-MM-DD, both included; From and To on the dashboard's import), or with a first line "… from YYYY-MM-DD to YYYY-MM-DD" above the header; its numbers are stored as one block for that period, never spread over days`
	if err == nil || err.Error() != want {
		t.Errorf("without a period: %v", err)
	}
	_, _, _, err = parseAssociates(t, "earnings-by-tracking-id.csv", Period{"2026-10-31", "2026-10-01"})
	if err == nil || !strings.Contains(err.Error(), "line 1: the period 2026-10-31 to 2026-10-01 ends before it starts") {
		t.Errorf("a period backwards: %v", err)
	}
}

// Fee-Tracking names its period in a title line above the header; the
// line keeps its number, so the rows are lines 3 and 4.
func TestParseAssociatesFeeTracking(t *testing.T) {
	got, errs, ignored, err := parseAssociates(t, "fee-tracking.csv", Period{})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	if strings.Join(ignored, "|") != "Conversion" {
		t.Errorf("ignored %q", ignored)
	}
	s := AssociatesSummary
	checkRecords(t, got, []AmazonAssociates{
		{Line: 3, Shape: s, Date: "2026-10-01", Ends: "2026-10-07", TrackingID: "ana-20", Clicks: 840, ItemsOrdered: 22, Revenue: 179998,
			ItemsShipped: 20, ItemsReturned: 1, ShippedRevenue: 162000, ReturnedRevenue: 4500, Earnings: 6300, Bonus: 500},
		{Line: 4, Shape: s, Date: "2026-10-01", Ends: "2026-10-07", TrackingID: "cleo-20", Clicks: 95},
	})
	// The same period on the command line is no conflict; another is.
	if _, _, _, err := parseAssociates(t, "fee-tracking.csv", Period{"2026-10-01", "2026-10-07"}); err != nil {
		t.Errorf("the title's own period: %v", err)
	}
	_, _, _, err = parseAssociates(t, "fee-tracking.csv", october)
	if want := "fee-tracking.csv: line 1: the title says the file covers 2026-10-01 to 2026-10-07, but --from and --to say 2026-10-01 to 2026-10-31"; err == nil || err.Error() != want {
		t.Errorf("another period: %v", err)
	}
}

// Fee-Earnings: one row per item, summed per tracking id and day; a
// return is a row of its own with negative revenue and fees.
func TestParseAssociatesFeeEarnings(t *testing.T) {
	got, errs, ignored, err := parseAssociates(t, "fee-earnings.csv", Period{})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	if strings.Join(ignored, "|") != "Category|Name|ASIN|Seller|Device Type Group|Direct" {
		t.Errorf("ignored %q", ignored)
	}
	e := AssociatesEarnings
	checkRecords(t, got, []AmazonAssociates{
		{Line: 2, Shape: e, Date: "2026-09-15", TrackingID: "ana-20", ItemsShipped: 3, ShippedRevenue: 7448, Earnings: 298},
		{Line: 4, Shape: e, Date: "2026-09-16", TrackingID: "ana-20", ItemsReturned: 1, ReturnedRevenue: 2999, Earnings: -120},
		{Line: 5, Shape: e, Date: "2026-09-16", TrackingID: "ben0c-20", ItemsShipped: 1, ShippedRevenue: 104900, Earnings: 4196},
	})
	_, _, _, err = parseAssociates(t, "fee-earnings.csv", october)
	if want := "fee-earnings.csv: line 1: --from and --to are for a summary without dates, and this Fee-Earnings has a Date Shipped column: leave them out"; err == nil || err.Error() != want {
		t.Errorf("a period for a file with dates: %v", err)
	}
}

// Fee-Orders: Qty items at Price($) each, summed per tracking id (Tag)
// and day.
func TestParseAssociatesFeeOrders(t *testing.T) {
	got, errs, _, err := parseAssociates(t, "fee-orders.csv", Period{})
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	o := AssociatesOrders
	checkRecords(t, got, []AmazonAssociates{
		{Line: 2, Shape: o, Date: "2026-09-14", TrackingID: "ana-20", ItemsOrdered: 3, Revenue: 7448},
		{Line: 4, Shape: o, Date: "2026-09-15", TrackingID: "ben0c-20", ItemsOrdered: 1, Revenue: 104900},
	})
}

func TestParseAssociatesPerItemErrors(t *testing.T) {
	in := "Category,Name,ASIN,Date,Qty,Price($),Tag,creator,campaign\n" +
		"c,n,B0,15/09/2026,1,9.99,a-20,,\n" +
		"c,n,B0,09/15/2026,1,9.99,b-20,ben,Spring\n" +
		"c,n,B0,09/15/2026,1,9.99,b-20,ana,Spring\n" +
		"c,n,B0,09/15/2026,x,-9.99,c-20,,\n" +
		"c,n,B0,09/16/2026,1,9.99,,,\n"
	got, errs, err := ParseAmazonAssociates(strings.NewReader(in), opts("orders.csv"), "USD")
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`orders.csv: line 2: Date: "15/09/2026" is not a day (use YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY month first as in US marketplaces, or "September 15 2026")`,
		`orders.csv: line 4: creator: tracking id "b-20" on 2026-09-15 is mapped differently on line 3 (creator "ben", campaign "Spring")`,
		`orders.csv: line 5: Qty: "x" is not a whole number`,
		`orders.csv: line 5: Price($): "-9.99" is negative`,
		`orders.csv: line 6: Tag: required field is empty`,
	)
	if len(got) != 0 {
		t.Errorf("records from bad rows: %+v", got)
	}
}

// Any first line naming a period serves as a title, quoted or not, with
// the days written as Associates writes them.
func TestParseAssociatesTitleLines(t *testing.T) {
	header := "Tracking Id,Clicks,Items Ordered,Ordered Revenue\nana-20,1,1,$1.00\n"
	for title, want := range map[string]Period{
		"Earnings from 2026-10-01 to 2026-10-31":                      {"2026-10-01", "2026-10-31"},
		"\uFEFF\"Fee-Tracking Report from 10/01/2026 to 10/07/2026\"": {"2026-10-01", "2026-10-07"},
		"Report for x-20 from September 1 2026 to September 30 2026":  {"2026-09-01", "2026-09-30"},
	} {
		got, errs, err := ParseAmazonAssociates(strings.NewReader(title+"\r\n"+header), opts("s.csv"), "USD")
		if err != nil || len(errs) != 0 || len(got) != 1 || got[0].Date != want.From || got[0].Ends != want.To || got[0].Line != 3 {
			t.Errorf("%q: %+v %v %v", title, got, errs, err)
		}
	}
	_, _, err := ParseAmazonAssociates(strings.NewReader("Fee-Tracking Report from 2026-13-01 to 2026-10-07\n"+header), opts("s.csv"), "USD")
	if want := `s.csv: line 1: the title "Fee-Tracking Report from 2026-13-01 to 2026-10-07" names no period Lift can read (from YYYY-MM-DD to YYYY-MM-DD)`; err == nil || err.Error() != want {
		t.Errorf("unreadable title: %v", err)
	}
}
