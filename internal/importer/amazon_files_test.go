package importer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// amazonFile reads one of the Amazon report files the csvin tests parse,
// written to reproduce the headers and quirks of Amazon's own exports.
func amazonFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "csvin", "testdata", "amazon", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func cents(c money.Cents) *money.Cents { return &c }

// The API report names ad groups and campaigns by id: a creator is
// mapped by the ad group's id or, for all its ad groups, by the
// campaign's id. Amazon's brb_bonus_amount is stored as reported.
func TestImportAmazonAttributionAPIReport(t *testing.T) {
	st, ws := seeded(t)
	mapTag(t, st, ws, "72451100091", "ana/instagram", "Spring")
	mapTag(t, st, ws, "578912340011", "ben", "Spring")
	data := amazonFile(t, "attribution-api.csv")
	_, err := imp(t, st, ws, "amazon-attribution", data, Options{File: "attribution-api.csv"})
	var refused *RefusedError
	if !errors.As(err, &refused) || len(refused.Errors) != 1 || refused.Errors[0].Error() !=
		"attribution-api.csv: line 6: Ad group: unknown Amazon tag 72451100093 (nor 578912340022): map it with lift link create --amazon-tag 72451100093 --creator H --campaign C" {
		t.Fatalf("unmapped campaign: %v", err)
	}
	if n := count(t, st, "amazon_daily"); n != 0 {
		t.Fatalf("a refused file stored %d days", n)
	}
	mapTag(t, st, ws, "578912340022", "cleo", "Spring")
	res := mustImport(t, st, ws, "amazon-attribution", data)
	if res.Read != 4 || res.Stored != 4 || !reflect.DeepEqual(res.Ignored, []string{"advertiserName", "creativeId"}) {
		t.Fatalf("import: %v", res)
	}
	days := amazonDays(t, st, ws)
	spring := days[0].CampaignID
	ana, ben, cleo := creatorID(t, st, ws, "ana", "instagram"), creatorID(t, st, ws, "ben", "tiktok"), creatorID(t, st, ws, "cleo", "youtube")
	want := []store.AmazonDay{
		{Date: "2026-10-01", Source: "attribution", Tag: "72451100091", CreatorID: ana, CampaignID: spring,
			ClickThroughs: 1368, DetailPageViews: 867, AddToCarts: 218, Purchases: 63, Units: 68, Sales: 207132,
			TotalDetailPageViews: 927, TotalAddToCarts: 237, TotalPurchases: 71, TotalUnits: 77, TotalSales: 237407, BRB: cents(20713)},
		{Date: "2026-10-01", Source: "attribution", Tag: "72451100092", CreatorID: ben, CampaignID: spring,
			ClickThroughs: 512, DetailPageViews: 240, AddToCarts: 40, Purchases: 11, Units: 12, Sales: 35988,
			TotalDetailPageViews: 251, TotalAddToCarts: 44, TotalPurchases: 12, TotalUnits: 13, TotalSales: 38987, BRB: cents(0)},
		{Date: "2026-10-02", Source: "attribution", Tag: "72451100091", CreatorID: ana, CampaignID: spring,
			ClickThroughs: 990, DetailPageViews: 601, AddToCarts: 150, Purchases: 40, Units: 43, Sales: 130157,
			TotalDetailPageViews: 650, TotalAddToCarts: 166, TotalPurchases: 45, TotalUnits: 49, TotalSales: 148951, BRB: cents(13016)},
		{Date: "2026-10-02", Source: "attribution", Tag: "72451100093", CreatorID: cleo, CampaignID: spring,
			ClickThroughs: 75, DetailPageViews: 30, AddToCarts: 4, Purchases: 1, Units: 1, Sales: 2999,
			TotalDetailPageViews: 30, TotalAddToCarts: 4, TotalPurchases: 1, TotalUnits: 1, TotalSales: 2999, BRB: cents(0)},
	}
	if !reflect.DeepEqual(days, want) {
		t.Errorf("stored:\n got %+v\nwant %+v", days, want)
	}
	if again := mustImport(t, st, ws, "amazon-attribution", data); again.Unchanged != 4 || again.Stored+again.Updated != 0 {
		t.Errorf("re-import: %v", again)
	}
	if !reflect.DeepEqual(amazonDays(t, st, ws), want) {
		t.Error("re-import changed the stored days")
	}
}

func importFile(t *testing.T, st *store.Store, ws store.Workspace, kind, name string, opt Options) (Result, error) {
	t.Helper()
	opt.File = name
	return imp(t, st, ws, kind, amazonFile(t, name), opt)
}

// A summary without dates is stored as one block for the period given;
// again, it changes nothing; without a period it is refused, nothing
// stored.
func TestImportAssociatesSummary(t *testing.T) {
	st, ws := seeded(t)
	mapTag(t, st, ws, "ana-20", "ana/tiktok", "Spring")
	mapTag(t, st, ws, "ben0c-20", "ben", "Spring")
	mapTag(t, st, ws, "others", "cleo", "Spring")
	if _, err := importFile(t, st, ws, "amazon-associates", "earnings-by-tracking-id.csv", Options{}); err == nil ||
		!strings.Contains(err.Error(), "this summary has no dates: say which days it covers with --from and --to") {
		t.Fatalf("without a period: %v", err)
	}
	october := Options{Period: csvin.Period{From: "2026-10-01", To: "2026-10-31"}}
	res, err := importFile(t, st, ws, "amazon-associates", "earnings-by-tracking-id.csv", october)
	if err != nil || res.Stored != 3 {
		t.Fatalf("import: %v, %v", res, err)
	}
	days := amazonDays(t, st, ws)
	ana := days[0]
	want := store.AmazonDay{Date: "2026-10-01", Ends: "2026-10-31", Source: "associates", Tag: "ana-20",
		CreatorID: creatorID(t, st, ws, "ana", "tiktok"), CampaignID: ana.CampaignID,
		ClickThroughs: 1204, Purchases: 31, Units: 31, Sales: 108540,
		ItemsShipped: 28, ItemsReturned: 2, ShippedRevenue: 98010, ReturnedRevenue: 5998, Earnings: 3945}
	if !reflect.DeepEqual(ana, want) {
		t.Errorf("ana:\n got %+v\nwant %+v", ana, want)
	}
	again, err := importFile(t, st, ws, "amazon-associates", "earnings-by-tracking-id.csv", october)
	if err != nil || again.Unchanged != 3 || !reflect.DeepEqual(amazonDays(t, st, ws), days) {
		t.Errorf("re-import: %v, %v", again, err)
	}
	// Fee-Tracking for the first week of October: ana-20's days are
	// already in the October block, so the file is refused whole.
	_, err = importFile(t, st, ws, "amazon-associates", "fee-tracking.csv", Options{})
	var refused *RefusedError
	if !errors.As(err, &refused) || len(refused.Errors) != 2 || refused.Errors[0].Error() !=
		`fee-tracking.csv: line 3: Tracking Id: tracking id "ana-20" already has a block for 2026-10-01 to 2026-10-31, from a summary without dates, which this block (2026-10-01 to 2026-10-07) overlaps: a report would count them twice (keep to reports by day, or to summaries of the same periods)` ||
		!strings.HasPrefix(refused.Errors[1].Error(), `fee-tracking.csv: line 4: Tracking Id: unknown Amazon tag cleo-20`) {
		t.Errorf("overlapping block: %v", err)
	}
	// A day inside the block is refused too.
	_, err = imp(t, st, ws, "amazon-associates", "Date,Tracking Id,Clicks,Items Ordered,Revenue\n2026-10-09,ben0c-20,1,0,0\n", Options{File: "day.csv"})
	if err == nil || !strings.Contains(err.Error(), `day.csv: line 2: Tracking Id: tracking id "ben0c-20" already has a block for 2026-10-01 to 2026-10-31, from a summary without dates, which this day overlaps`) {
		t.Errorf("a day inside a block: %v", err)
	}
	if !reflect.DeepEqual(amazonDays(t, st, ws), days) {
		t.Error("a refused file changed the stored numbers")
	}
}

// Fee-Tracking takes its period from its title line.
func TestImportAssociatesFeeTracking(t *testing.T) {
	st, ws := seeded(t)
	mapTag(t, st, ws, "ana-20", "ana/tiktok", "Spring")
	mapTag(t, st, ws, "cleo-20", "cleo", "Spring")
	for range 2 {
		if _, err := importFile(t, st, ws, "amazon-associates", "fee-tracking.csv", Options{}); err != nil {
			t.Fatal(err)
		}
	}
	days := amazonDays(t, st, ws)
	if len(days) != 2 || days[0].Date != "2026-10-01" || days[0].Ends != "2026-10-07" || days[0].Sales != 179998 || days[0].Bonus != 500 {
		t.Errorf("stored %+v", days)
	}
}

// Fee-Orders and Fee-Earnings write only the numbers each carries: one
// day of one tracking id gets its ordered numbers from the first and its
// shipped and returned numbers from the second, in either order, and a
// re-import of either changes nothing.
func TestImportAssociatesOrdersAndEarnings(t *testing.T) {
	st, ws := seeded(t)
	mapTag(t, st, ws, "ana-20", "ana/tiktok", "Spring")
	mapTag(t, st, ws, "ben0c-20", "ben", "Spring")
	files := []string{"fee-earnings.csv", "fee-orders.csv"}
	for i, f := range append(files, files...) {
		res, err := importFile(t, st, ws, "amazon-associates", f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if i >= len(files) && (res.Stored != 0 || res.Updated != 0) {
			t.Errorf("re-import of %s: %v", f, res)
		}
	}
	got := map[string]store.AmazonDay{}
	for _, d := range amazonDays(t, st, ws) {
		got[d.Date+" "+d.Tag] = d
	}
	type nums struct {
		ordered, shipped, returned                   int64
		sales, shippedRevenue, returnedRevenue, fees money.Cents
	}
	want := map[string]nums{
		"2026-09-14 ana-20":   {ordered: 3, sales: 7448},
		"2026-09-15 ana-20":   {shipped: 3, shippedRevenue: 7448, fees: 298},
		"2026-09-16 ana-20":   {returned: 1, returnedRevenue: 2999, fees: -120},
		"2026-09-15 ben0c-20": {ordered: 1, sales: 104900},
		"2026-09-16 ben0c-20": {shipped: 1, shippedRevenue: 104900, fees: 4196},
	}
	if len(got) != len(want) {
		t.Errorf("stored %d days, want %d: %+v", len(got), len(want), got)
	}
	for k, w := range want {
		d := got[k]
		if g := (nums{d.Purchases, d.ItemsShipped, d.ItemsReturned, d.Sales, d.ShippedRevenue, d.ReturnedRevenue, d.Earnings}); g != w || d.Units != d.Purchases {
			t.Errorf("%s: got %+v, want %+v", k, g, w)
		}
	}
	// An earnings row on an ordered day fills the same record.
	in := "Category,Name,ASIN,Seller,Tracking ID,Date Shipped,Price($),Items Shipped,Returns,Revenue($),Ad Fees($)\n" +
		"Beauty,Glow Serum,B0C1X2Y3Z4,Glow Labs,ana-20,September 14 2026,29.99,1,0,29.99,1.20\n"
	if res := mustImport(t, st, ws, "amazon-associates", in); res.Updated != 1 {
		t.Errorf("earnings on an ordered day: %v", res)
	}
	for _, d := range amazonDays(t, st, ws) {
		if d.Date == "2026-09-14" && (d.Purchases != 3 || d.Sales != 7448 || d.ItemsShipped != 1 || d.ShippedRevenue != 2999) {
			t.Errorf("2026-09-14: %+v", d)
		}
	}
}
