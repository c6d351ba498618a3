package importer

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
