package importer

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
)

func mapTag(t *testing.T, st *store.Store, ws store.Workspace, tag, creator, campaign string) AmazonTagInfo {
	t.Helper()
	info, err := CreateAmazonTag(context.Background(), st, ws, AmazonTagInfo{Tag: tag, Creator: creator, Campaign: campaign}, false)
	if err != nil {
		t.Fatalf("map %s: %v", tag, err)
	}
	return info
}

func amazonDays(t *testing.T, st *store.Store, ws store.Workspace) []store.AmazonDay {
	t.Helper()
	days, err := st.AmazonDays(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	return days
}

func creatorID(t *testing.T, st *store.Store, ws store.Workspace, handle, platform string) int64 {
	t.Helper()
	cs, err := st.Creators(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Handle == handle && c.Platform == platform {
			return c.ID
		}
	}
	t.Fatalf("no creator %s/%s", handle, platform)
	return 0
}

// attributionFile is shaped like the Amazon Attribution console's CSV.
const attributionFile = `"Date","Campaign","Ad group","Publisher","Channel","Click-throughs","Detail page views","Add to carts","Purchases","Units sold","Product sales","Total detail page views","Total add to carts","Total purchases","Total units sold","Total product sales"
"2026-03-02","Spring creators","Ana Reel","Instagram","Social","1,250","830","210","64","71","$2,130.50","910","236","70","79","$2,415.25"
"2026-03-02","Spring creators","Ana Reel","Facebook","Social","50","20","5","1","1","$29.99","25","6","2","2","$49.98"
"2026-03-02","Spring creators","ben-tiktok","TikTok","Social","400","180","","9","9","$270.00","180","","9","9","$270.00"
`

func TestImportAmazonAttribution(t *testing.T) {
	st, ws := seeded(t)
	mapTag(t, st, ws, "Ana Reel", "ana/instagram", "Spring")
	mapTag(t, st, ws, "ben-tiktok", "@Ben", "spring")
	res := mustImport(t, st, ws, "amazon-attribution", attributionFile)
	// Lines 2 and 3 are one day of one ad group.
	if res.Read != 2 || res.Stored != 2 || res.Refused != 0 {
		t.Fatalf("import: %v", res)
	}
	ana, ben := creatorID(t, st, ws, "ana", "instagram"), creatorID(t, st, ws, "ben", "tiktok")
	spring := amazonDays(t, st, ws)[0].CampaignID
	want := []store.AmazonDay{
		{Date: "2026-03-02", Source: "attribution", Tag: "ana reel", CreatorID: ana, CampaignID: spring,
			ClickThroughs: 1300, DetailPageViews: 850, AddToCarts: 215, Purchases: 65, Units: 72, Sales: 216049,
			TotalDetailPageViews: 935, TotalAddToCarts: 242, TotalPurchases: 72, TotalUnits: 81, TotalSales: 246523},
		{Date: "2026-03-02", Source: "attribution", Tag: "ben-tiktok", CreatorID: ben, CampaignID: spring,
			ClickThroughs: 400, DetailPageViews: 180, Purchases: 9, Units: 9, Sales: 27000,
			TotalDetailPageViews: 180, TotalPurchases: 9, TotalUnits: 9, TotalSales: 27000},
	}
	if got := amazonDays(t, st, ws); !reflect.DeepEqual(got, want) {
		t.Errorf("stored:\n got %+v\nwant %+v", got, want)
	}
	again := mustImport(t, st, ws, "amazon-attribution", attributionFile)
	if again.Stored != 0 || again.Updated != 0 || again.Unchanged != 2 {
		t.Errorf("re-import: %v", again)
	}
	// Amazon revises a day while its 14-day window runs: the later
	// report replaces the day.
	revised := strings.Replace(attributionFile, `"400","180","","9","9","$270.00"`, `"400","180","","10","10","$300.00"`, 1)
	res = mustImport(t, st, ws, "amazon-attribution", revised)
	if res.Updated != 1 || res.Unchanged != 1 {
		t.Errorf("revised: %v", res)
	}
	if d := amazonDays(t, st, ws)[1]; d.Purchases != 10 || d.Sales != 30000 {
		t.Errorf("revised day: %+v", d)
	}
}

func TestImportAmazonAttributionMappingColumn(t *testing.T) {
	st, ws := seeded(t)
	in := "Date,Campaign,Ad group,Click-throughs,Purchases,Product sales,creator\n" +
		"2026-03-04,Spring,Cleo unboxing,20,1,$15.00,cleo\n"
	if res := mustImport(t, st, ws, "amazon-attribution", in); res.Stored != 1 {
		t.Fatalf("import: %v", res)
	}
	d := amazonDays(t, st, ws)[0]
	if d.CreatorID != creatorID(t, st, ws, "cleo", "youtube") || d.Tag != "cleo unboxing" || d.Sales != 1500 {
		t.Errorf("stored %+v", d)
	}
}

// A row that cannot be credited refuses the whole file: nothing is
// stored, and every problem is named by line and column.
func TestImportAmazonRefusals(t *testing.T) {
	cases := []struct {
		name, kind, data string
		want             []string
	}{
		{"unknown ad group", "amazon-attribution",
			"Date,Ad group,Click-throughs,Purchases,Product sales\n2026-03-02,Ana Reel,1,1,$1.00\n2026-03-02,New group,1,1,$1.00\n",
			[]string{`amazon-attribution.csv: line 3: Ad group: unknown Amazon tag 'new group': map it with lift link create --amazon-tag 'new group' --creator H --campaign C`}},
		{"unknown tracking id", "amazon-associates",
			"Date,Tracking Id,Clicks,Items Ordered,Revenue\n2026-03-02,zoe-20,5,1,$10.00\n",
			[]string{`amazon-associates.csv: line 2: Tracking Id: unknown Amazon tag zoe-20: map it with lift link create --amazon-tag zoe-20 --creator H --campaign C`}},
		{"unknown creator and campaign in mapping columns", "amazon-associates",
			"Date,Tracking Id,Clicks,Items Ordered,Revenue,creator,campaign\n2026-03-02,x-20,5,1,$10.00,zoe,Spring\n2026-03-02,y-20,5,1,$10.00,ben,Autumn\n",
			[]string{`amazon-associates.csv: line 2: creator: unknown creator "zoe" (import it with ` + "`lift import creators`" + ` first)`,
				`amazon-associates.csv: line 3: campaign: unknown campaign "Autumn" (import it with ` + "`lift import campaigns`" + ` first)`}},
		{"ambiguous creator", "amazon-attribution",
			"Date,Campaign,Ad group,Click-throughs,Purchases,Product sales,creator\n2026-03-02,Spring,g,1,1,$1.00,ana\n",
			[]string{`amazon-attribution.csv: line 2: creator: creator "ana" is on instagram and tiktok: write ana/instagram to say which`}},
		{"malformed rows", "amazon-attribution",
			"Date,Ad group,Click-throughs,Purchases,Product sales\n2026-03-02,Ana Reel,1,1,€1.00\n2026-02-30,Ana Reel,1,1,$1.00\n2026-03-03,Ana Reel,one,1,$1.00\n",
			[]string{`amazon-attribution.csv: line 2: Product sales: "€1.00" is in another currency: this workspace counts in USD ($)`,
				`amazon-attribution.csv: line 3: Date: "2026-02-30" is not a day (use YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY month first as in US marketplaces, or "September 15 2026")`,
				`amazon-attribution.csv: line 4: Click-throughs: "one" is not a whole number`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, ws := seeded(t)
			mapTag(t, st, ws, "Ana Reel", "ana/instagram", "Spring")
			_, err := imp(t, st, ws, tc.kind, tc.data, Options{})
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			var got []string
			for _, e := range refused.Errors {
				got = append(got, e.Error())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tc.want)
			}
			if n := count(t, st, "amazon_daily"); n != 0 {
				t.Errorf("%d days stored from a refused file", n)
			}
		})
	}
}

func TestImportAmazonAssociates(t *testing.T) {
	st, ws := seeded(t)
	mapTag(t, st, ws, "ana-20", "ana/tiktok", "Spring")
	in := "\uFEFFDate,Tracking Id,Clicks,Items Ordered,Items Shipped,Revenue,Earnings\r\n" +
		"2026-03-02,ana-20,\"1,204\",31,28,\"$1,085.40\",$43.42\r\n" +
		"2026-03-03,ANA-20,880,12,0,-$20.00,-$0.80\r\n"
	res := mustImport(t, st, ws, "amazon-associates", in)
	if res.Stored != 2 {
		t.Fatalf("import: %v", res)
	}
	ana := creatorID(t, st, ws, "ana", "tiktok")
	days := amazonDays(t, st, ws)
	// Associates count items, not orders: each item ordered is an order.
	want := []store.AmazonDay{
		{Date: "2026-03-02", Source: "associates", Tag: "ana-20", CreatorID: ana, CampaignID: days[0].CampaignID,
			ClickThroughs: 1204, Purchases: 31, Units: 31, Sales: 108540, ItemsShipped: 28, Earnings: 4342},
		{Date: "2026-03-03", Source: "associates", Tag: "ana-20", CreatorID: ana, CampaignID: days[0].CampaignID,
			ClickThroughs: 880, Purchases: 12, Units: 12, Sales: -2000, Earnings: -80},
	}
	if !reflect.DeepEqual(days, want) {
		t.Errorf("stored:\n got %+v\nwant %+v", days, want)
	}
	if again := mustImport(t, st, ws, "amazon-associates", in); again.Unchanged != 2 {
		t.Errorf("re-import: %v", again)
	}
}

func TestImportAmazonInAnotherCurrency(t *testing.T) {
	st, ws := seeded(t)
	if err := st.SetWorkspace(context.Background(), ws, "EUR", ""); err != nil {
		t.Fatal(err)
	}
	ws, _ = st.Workspace(context.Background(), ws.Name, false)
	mapTag(t, st, ws, "ana-21", "ana/instagram", "Spring")
	in := "Date,Tracking Id,Clicks,Items Ordered,Revenue\n2026-03-02,ana-21,5,1,€10.00\n2026-03-03,ana-21,5,1,$10.00\n"
	_, err := imp(t, st, ws, "amazon-associates", in, Options{})
	if err == nil || !strings.Contains(err.Error(), `line 3: Revenue: "$10.00" is in another currency: this workspace counts in EUR (€)`) {
		t.Fatalf("err = %v", err)
	}
}

func TestCreateAmazonTag(t *testing.T) {
	st, ws := seeded(t)
	ctx := context.Background()
	info := mapTag(t, st, ws, " Ana-20 ", "@ANA/tiktok", "spring")
	if info != (AmazonTagInfo{Tag: "ana-20", Creator: "ana", Campaign: "Spring", New: true}) {
		t.Errorf("first mapping: %+v", info)
	}
	if again := mapTag(t, st, ws, "ana-20", "ana/tiktok", "Spring"); again.New {
		t.Errorf("same mapping again: %+v", again)
	}
	for _, tc := range []struct {
		tag, creator, campaign, want string
	}{
		{"ana-20", "ben", "Spring", `amazon-tag: Amazon tag "ana-20" is already mapped to creator "ana" in campaign "Spring"`},
		{"", "ben", "Spring", "amazon-tag: an Amazon tag cannot be empty"},
		{"ben-20", "zoe", "Spring", "creator: unknown creator \"zoe\" (import it with `lift import creators` first)"},
		{"ben-20", "ben", "", "campaign: unknown campaign \"\" (import it with `lift import campaigns` first)"},
	} {
		_, err := CreateAmazonTag(ctx, st, ws, AmazonTagInfo{Tag: tc.tag, Creator: tc.creator, Campaign: tc.campaign}, false)
		if err == nil || err.Error() != tc.want {
			t.Errorf("map %q to %q: %v, want %q", tc.tag, tc.creator, err, tc.want)
		}
	}
	if _, err := CreateAmazonTag(ctx, st, ws, AmazonTagInfo{Tag: "ben-20", Creator: "ben", Campaign: "Spring"}, true); err != nil {
		t.Fatal(err)
	}
	tags, err := ListAmazonTags(ctx, st, ws)
	if err != nil {
		t.Fatal(err)
	}
	if want := []AmazonTagInfo{{Tag: "ana-20", Creator: "ana", Campaign: "Spring"}}; !reflect.DeepEqual(tags, want) {
		t.Errorf("tags after a dry run: %+v, want %+v", tags, want)
	}
}
