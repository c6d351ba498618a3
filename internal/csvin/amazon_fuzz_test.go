package csvin

import (
	"io"
	"slices"
	"testing"
)

// inUSD reads Amazon reports as a workspace that counts in dollars.
func inUSD[T any](parse func(io.Reader, Options, string) ([]T, []Error, error)) func(io.Reader, Options) ([]T, []Error, error) {
	return func(r io.Reader, o Options) ([]T, []Error, error) { return parse(r, o, "USD") }
}

func validDay(d string) bool {
	_, err := parseDay(d)
	return err == nil && len(d) == 10
}

func FuzzParseAmazonAttribution(f *testing.F) {
	fuzzParser(f, []string{
		attributionExport,
		"Date,Ad group,Click-throughs,Purchases,Product sales,creator,campaign\n2026-03-02,g,1,1,$1.00,ana,S\n2026-03-02,G,2,2,$2.00,ben,S\n",
		"date,campaignId,adGroupId,publisher,Click-throughs,attributedPurchases14d,attributedSales14d,totalAttributedSales14d,brb_bonus_amount\n" +
			"20261001,11,22,Instagram,5,1,9.99,12.00,1.00\n20261001,11,22,TikTok,5,1,9.99,9.99,\n20261002,11,,x,1,0,0,0,0\n",
	}, inUSD(ParseAmazonAttribution), func(t *testing.T, a AmazonAttribution) {
		if !validDay(a.Date) || a.AdGroup == "" || a.ProductSales < 0 || a.TotalProductSales < 0 || a.BRB < 0 || slices.Contains(a.MapBy, "") ||
			a.ClickThroughs < 0 || a.Purchases < 0 || a.UnitsSold < 0 || a.DetailPageViews < 0 || a.AddToCarts < 0 ||
			(a.Creator != "" && a.Campaign == "") {
			t.Fatalf("bad attribution record %+v", a)
		}
	})
}

func FuzzParseAmazonAssociates(f *testing.F) {
	fuzzParser(f, []string{
		associatesExport,
		"date,tag,clicks,ordered items,revenue\n13/01/2026,a,1,1,1\n2026-01-01,a,1,1,$-1\n2026-01-01,A,1,1,1\n",
		"Fee-Tracking Report for x-20 from 2026-10-01 to 2026-10-07\nTracking ID,Clicks,Items Ordered,Ordered Revenue,Items Returned Revenue\nx-20,1,-,\"$1,799.98\",-3.00\n",
		"Category,Name,ASIN,Tracking ID,Date Shipped,Price($),Items Shipped,Returns,Revenue($),Ad Fees($)\nc,n,B0,x-20,September 15 2026,9.99,1,0,9.99,0.40\nc,n,B0,x-20,09/15/2026,9.99,0,1,-9.99,-0.40\n",
		"Category,Name,ASIN,Date,Qty,Price($),Link Type,Tag\nc,n,B0,2026-09-15,2,9.99,Text,x-20\nc,n,B0,2026-09-15,1,$5.00,Text,X-20\n",
	}, inUSD(ParseAmazonAssociates), func(t *testing.T, a AmazonAssociates) {
		if !validDay(a.Date) || a.TrackingID == "" || a.Clicks < 0 || a.ItemsOrdered < 0 || a.ItemsShipped < 0 ||
			a.ItemsReturned < 0 || a.ShippedRevenue < 0 || a.ReturnedRevenue < 0 || (a.Ends != "" && (!validDay(a.Ends) || a.Ends < a.Date)) {
			t.Fatalf("bad associates record %+v", a)
		}
	})
}

func FuzzParsePostMetrics(f *testing.F) {
	fuzzParser(f, []string{
		"Post ID,Publish time,Views,Reach,Likes,Comments,Shares,Saves,Link clicks\n1,x,\"1,000\",900,10,1,1,1,\n",
		"Video ID,Video views,Product impressions,Product clicks,Orders\nv,10,100,5,1\nv,1,1,1,1\n",
		"Content,Watch time (hours),Views\nTotal,1,1\nabc,0.5,10\n,1,1\n",
	}, ParsePostMetrics, func(t *testing.T, m PostMetrics) {
		if m.PostID == "" || m.Platform == "" || (m.WatchTimeHours != nil && *m.WatchTimeHours < 0) {
			t.Fatalf("bad post metrics %+v", m)
		}
		for _, c := range m.counts() {
			if *c != nil && **c < 0 {
				t.Fatalf("negative count in %+v", m)
			}
		}
	})
}
