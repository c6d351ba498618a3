package importer

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

func testStore(t *testing.T) (*store.Store, store.Workspace) {
	t.Helper()
	st, err := store.Open(context.Background(), storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ws, err := st.Workspace(context.Background(), "", false)
	if err != nil {
		t.Fatal(err)
	}
	return st, ws
}

func imp(t *testing.T, st *store.Store, ws store.Workspace, kind, data string, opt Options) (Result, error) {
	t.Helper()
	if opt.File == "" {
		opt.File = kind + ".csv"
	}
	return Import(context.Background(), st, ws, kind, strings.NewReader(data), opt)
}

func mustImport(t *testing.T, st *store.Store, ws store.Workspace, kind, data string) Result {
	t.Helper()
	res, err := imp(t, st, ws, kind, data, Options{})
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return res
}

const (
	campaigns = "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"
	creators  = "handle,platform,followers\nana,instagram,15000\nben,tiktok,50000\nana,tiktok,2000\ncleo,youtube,900\n"
)

func seeded(t *testing.T) (*store.Store, store.Workspace) {
	st, ws := testStore(t)
	mustImport(t, st, ws, "campaigns", campaigns)
	mustImport(t, st, ws, "creators", creators)
	return st, ws
}

// count returns the rows of a table, across workspaces (the tests here
// use one).
func count(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	counts, err := st.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n, ok := counts[table]
	if !ok {
		t.Fatalf("no table %q", table)
	}
	return int(n)
}

func TestReimportChangesNothing(t *testing.T) {
	st, ws := seeded(t)
	files := []struct{ kind, data string }{
		{"codes", "code,creator,campaign\nben15,ben,Spring\n"},
		{"links", "slug,destination,creator,campaign\nben1,https://shop.example.com/,ben,Spring\n"},
		{"costs", "creator,campaign,kind,amount\nben,Spring,fee,100\nben,Spring,fee,100\n"},
		{"clicks", "slug,clicked_at,visitor\nben1,2026-03-02 10:00,v1\nben1,2026-03-02 10:00,v1\n"},
		{"orders", "order_id,created_at,revenue\n1,2026-03-03,10.00\n2,2026-03-03,12.50\n"},
	}
	for _, f := range files {
		first := mustImport(t, st, ws, f.kind, f.data)
		if first.Stored == 0 || first.Refused != 0 {
			t.Fatalf("%s: first import %v", f.kind, first)
		}
		again := mustImport(t, st, ws, f.kind, f.data)
		if again.Stored != 0 || again.Updated != 0 || again.Unchanged != first.Stored {
			t.Errorf("%s: re-import %v, want all %d unchanged", f.kind, again, first.Stored)
		}
	}
	// Two identical fee rows are two costs; two identical clicks two clicks.
	if n := count(t, st, "costs"); n != 2 {
		t.Errorf("costs = %d, want 2", n)
	}
	if n := count(t, st, "clicks"); n != 2 {
		t.Errorf("clicks = %d, want 2", n)
	}
	if n := count(t, st, "imports"); n != 12 {
		t.Errorf("import history rows = %d, want 12", n)
	}
}

func TestOrderUpdatedWhenRefunded(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "orders", "order_id,created_at,revenue\n1,2026-03-03,10.00\n")
	res := mustImport(t, st, ws, "orders", "order_id,created_at,revenue,refunded\n1,2026-03-03,10.00,4.00\n")
	if res.Updated != 1 {
		t.Fatalf("refund re-import: %v", res)
	}
	if n := count(t, st, "orders"); n != 1 {
		t.Fatalf("orders = %d, want 1", n)
	}
}

// Every problem the file cannot see alone is caught against the
// workspace, named by line and column, and nothing is written.
func TestBadRowsRefuseTheWholeFile(t *testing.T) {
	cases := []struct {
		name, kind, data, want string
	}{
		{"unknown creator", "posts",
			"post_id,creator,campaign,platform,format,published_at\np1,ana,Spring,instagram,reel,2026-03-02\np2,zoe,Spring,instagram,reel,2026-03-02\n",
			`posts.csv: line 3: creator: unknown creator "zoe"`},
		{"creator not on that platform", "posts",
			"post_id,creator,campaign,platform,format,published_at\np2,ben,Spring,youtube,video,2026-03-02\n",
			`posts.csv: line 2: creator: creator "ben" has no youtube profile`},
		{"ambiguous handle", "codes",
			"code,creator,campaign\nANA1,ana,Spring\n",
			`codes.csv: line 2: creator: creator "ana" is on instagram and tiktok: write ana/instagram`},
		{"disambiguated handle still checked", "codes",
			"code,creator,campaign\nHELD,ana/tiktok,Spring\n",
			`codes.csv: line 2: code: code "HELD" is already held by creator "ben"`},
		{"unknown campaign", "costs",
			"creator,campaign,kind,amount\nben,Autumn,fee,10\n",
			`costs.csv: line 2: campaign: unknown campaign "Autumn"`},
		{"code held by another creator", "codes",
			"code,creator,campaign\nHELD,cleo,Spring\n",
			`codes.csv: line 2: code: code "HELD" is already held by creator "ben"`},
		{"currency", "orders",
			"order_id,created_at,revenue,currency\n1,2026-03-03,10.00,USD\n2,2026-03-03,10.00,EUR\n",
			`orders.csv: line 3: currency: order in EUR, but workspace default counts in USD`},
		{"negative revenue", "orders",
			"order_id,created_at,revenue\n1,2026-03-03,-10.00\n",
			`orders.csv: line 2: revenue:`},
		{"bad date", "orders",
			"order_id,created_at,revenue\n1,03/03/2026,10.00\n",
			`orders.csv: line 2: created_at:`},
		{"bad number", "creators",
			"handle,platform,followers\nzoe,instagram,lots\n",
			`creators.csv: line 2: followers:`},
		{"unknown slug", "clicks",
			"slug,clicked_at\nnope,2026-03-03\n",
			`clicks.csv: line 2: slug: unknown link "nope"`},
		{"unknown post", "links",
			"slug,destination,creator,campaign,post_id\nx1,https://a.example/,ben,Spring,p9\n",
			`links.csv: line 2: post_id: unknown post "p9"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, ws := seeded(t)
			mustImport(t, st, ws, "codes", "code,creator,campaign\nHELD,ben,Spring\n")
			before := snapshot(t, st)
			_, err := imp(t, st, ws, tc.kind, tc.data, Options{})
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error:\n%v\nwant it to contain:\n%s", err, tc.want)
			}
			if after := snapshot(t, st); after != before {
				t.Fatalf("a refused file changed the database: %s → %s", before, after)
			}
		})
	}
}

func snapshot(t *testing.T, st *store.Store) string {
	var parts []string
	for _, table := range []string{"campaigns", "creators", "posts", "costs", "codes", "links", "clicks", "orders", "imports"} {
		parts = append(parts, table+"="+strings.Repeat("|", count(t, st, table)))
	}
	return strings.Join(parts, " ")
}

func TestMissingColumnIsFatal(t *testing.T) {
	st, ws := seeded(t)
	_, err := imp(t, st, ws, "orders", "order_id,created_at\n1,2026-03-03\n", Options{})
	if err == nil || !strings.Contains(err.Error(), `missing required column "revenue"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestSkipBadKeepsGoodRows(t *testing.T) {
	st, ws := seeded(t)
	res, err := imp(t, st, ws, "orders",
		"order_id,created_at,revenue\n1,2026-03-03,10.00\n2,2026-03-03,ten\n3,2026-03-04,5.00\n",
		Options{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 3 || res.Stored != 2 || res.Refused != 1 || len(res.Errors) != 1 || res.Errors[0].Line != 3 {
		t.Fatalf("result %v, errors %v", res, res.Errors)
	}
	if !strings.Contains(res.String(), "read 3, stored 2, updated 0, unchanged 0, refused 1") {
		t.Errorf("summary line: %s", res)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	st, ws := seeded(t)
	before := snapshot(t, st)
	res, err := imp(t, st, ws, "orders", "order_id,created_at,revenue\n1,2026-03-03,10.00\n", Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stored != 1 || !strings.Contains(res.String(), "dry run") {
		t.Errorf("dry run result: %v", res)
	}
	if after := snapshot(t, st); after != before {
		t.Fatalf("dry run wrote: %s → %s", before, after)
	}
}

func TestHandleWithPlatform(t *testing.T) {
	st, ws := seeded(t)
	res := mustImport(t, st, ws, "codes", "code,creator,campaign\nANATT,ana/tiktok,Spring\nANAIG,@ANA/instagram,Spring\n")
	if res.Stored != 2 {
		t.Fatalf("%v", res)
	}
}

func TestUnknownKind(t *testing.T) {
	st, ws := seeded(t)
	if _, err := imp(t, st, ws, "tweets", "a\n", Options{}); err == nil || !strings.Contains(err.Error(), "shopify-orders") {
		t.Fatalf("err = %v", err)
	}
}

func TestCustomersAndVisitorsAreNeverStoredRaw(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "links", "slug,destination,creator,campaign\nben1,https://shop.example.com/,ben,Spring\n")
	mustImport(t, st, ws, "clicks", "slug,clicked_at,visitor\nben1,2026-03-02 10:00,203.0.113.9\n")
	mustImport(t, st, ws, "orders", "order_id,created_at,revenue,customer_id\n1,2026-03-03,10.00,Jane@Example.com\n")
	ctx := context.Background()
	orders, err := st.Orders(ctx, ws.ID)
	if err != nil || len(orders) != 1 {
		t.Fatalf("orders %+v, %v", orders, err)
	}
	clicks, err := st.Clicks(ctx, ws.ID)
	if err != nil || len(clicks) != 1 {
		t.Fatalf("clicks %+v, %v", clicks, err)
	}
	customer, visitor := orders[0].Customer, clicks[0].Visitor
	if customer != Pseudonym(ws.Salt, "jane@example.com") || strings.Contains(customer, "jane") {
		t.Errorf("customer stored as %q", customer)
	}
	if visitor == "" || strings.Contains(visitor, "203.0") {
		t.Errorf("visitor stored as %q", visitor)
	}
}

func TestClicksUniqueAndBots(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "links", "slug,destination,creator,campaign\nben1,https://shop.example.com/,ben,Spring\n")
	// Out of order on purpose: uniqueness follows time, not file order.
	mustImport(t, st, ws, "clicks", "slug,clicked_at,click_id,visitor,user_agent\n"+
		"ben1,2026-03-03 09:00,c3,v1,Mozilla/5.0\n"+ // 23h after c1: not unique
		"ben1,2026-03-02 10:00,c1,v1,Mozilla/5.0\n"+
		"ben1,2026-03-04 10:00,c4,v1,Mozilla/5.0\n"+ // 25h after c3... but 24h+ after c1 and 25h after c3: unique
		"ben1,2026-03-02 11:00,c2,v2,Twitterbot/1.0\n")
	clicks, err := st.Clicks(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(clicks, func(a, b store.Click) int { return strings.Compare(a.ClickID, b.ClickID) })
	var got []string
	for _, c := range clicks {
		got = append(got, c.ClickID+":"+mark(c.Unique, "u")+mark(c.Bot, "b"))
	}
	if strings.Join(got, " ") != "c1:u c2:b c3: c4:u" {
		t.Fatalf("clicks = %v", got)
	}
}

// mark is s when on, "" otherwise.
func mark(on bool, s string) string {
	if on {
		return s
	}
	return ""
}

// storedOrderNamed returns the workspace's one order with the external
// id, of whatever source.
func storedOrderNamed(t *testing.T, st *store.Store, ws store.Workspace, id string) store.Order {
	t.Helper()
	orders, err := st.Orders(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	var found []store.Order
	for _, o := range orders {
		if o.ExternalID == id {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d orders %s, want 1", len(found), id)
	}
	return found[0]
}

func TestShopifyExportImport(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "codes", "code,creator,campaign\nBEN15,ben,Spring\n")
	data := "Name,Email,Financial Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Created at,Lineitem quantity,Lineitem name,Refunded Amount,Id,Note Attributes\n" +
		"#1001,jane@example.com,paid,USD,90.00,5.00,7.20,102.20,\"BEN15, SUMMER5\",2026-03-05 10:00:00 -0500,2,Serum,,5001,\"lift_cid: c9\"\n" +
		"#1001,,,,,,,,,,1,Cream,,,\n" +
		"#1002,joe@example.com,partially_refunded,USD,50.00,0,0,50.00,,2026-03-06 11:00:00 -0500,1,Serum,20.00,5002,\n"
	res := mustImport(t, st, ws, "shopify-orders", data)
	if res.Stored != 2 {
		t.Fatalf("shopify import: %v", res)
	}
	o := storedOrderNamed(t, st, ws, "5001")
	units, revenue, refunded, codes, click := o.Units, o.Revenue, o.Refunded, strings.Join(o.Codes, ","), o.ClickID
	if units != 3 || revenue != 9000 || refunded != 0 || codes != "BEN15,SUMMER5" || click != "c9" {
		t.Errorf("order 5001: units %d revenue %d refunded %d codes %q click %q", units, revenue, refunded, codes, click)
	}
	if again := mustImport(t, st, ws, "shopify-orders", data); again.Unchanged != 2 {
		t.Errorf("re-import: %v", again)
	}
}

// Rows that name the same creator and campaign differently are still
// counted as the separate costs they are.
func TestCostsComparedAsResolved(t *testing.T) {
	st, ws := seeded(t)
	res := mustImport(t, st, ws, "costs", "creator,campaign,kind,amount\nben,Spring,fee,100\n@Ben,spring,fee,100\nben/tiktok,SPRING,fee,100\n")
	if res.Stored != 3 {
		t.Fatalf("%v, want 3 stored", res)
	}
	if again := mustImport(t, st, ws, "costs", "creator,campaign,kind,amount\nben,Spring,fee,100\n@Ben,spring,fee,100\nben/tiktok,SPRING,fee,100\n"); again.Unchanged != 3 {
		t.Fatalf("re-import %v", again)
	}
}

// The command line and the API read a creator as a file does.
func TestCreatorTypedAsInFiles(t *testing.T) {
	st, ws := seeded(t)
	ctx := context.Background()
	if _, err := GenerateCodes(ctx, st, ws, "@ANA/IG", "Spring", "ANA{NN}", 1); err != nil {
		t.Fatalf("@ANA/IG: %v", err)
	}
	if _, err := CreateLink(ctx, st, ws, NewLink{Destination: "https://a.example/", Creator: "ana banana", Campaign: "Spring"}); err == nil ||
		!strings.Contains(err.Error(), "is not a creator") {
		t.Fatalf("a bad creator: %v", err)
	}
}

// Every kind's summary line names the columns it did not read, so that a
// column a platform renamed is seen; a refusal names them too.
func TestSummaryListsIgnoredColumns(t *testing.T) {
	st, ws := seeded(t)
	headers := map[string]string{
		"campaigns":          "name,starts,ends",
		"creators":           "handle,platform,followers",
		"posts":              "post_id,creator,campaign,platform,format,published_at",
		"costs":              "creator,campaign,kind,amount",
		"codes":              "code,creator,campaign",
		"links":              "slug,destination,creator,campaign",
		"clicks":             "slug,clicked_at",
		"orders":             "order_id,created_at,revenue",
		"shopify-orders":     "Name,Subtotal,Created at",
		"amazon-attribution": "Date,Ad group,Click-throughs,Purchases,Product sales",
		"amazon-associates":  "Date,Tracking Id,Clicks,Items Ordered,Revenue",
		"post-metrics":       "Post ID,Views,Reach",
		"daily-sales":        "date,revenue,orders",
	}
	for _, kind := range Kinds {
		h, ok := headers[kind]
		if !ok {
			t.Errorf("%s: no test header for this kind", kind)
			continue
		}
		// The row is bad for every kind, in several fields: one row read,
		// one refused.
		in := h + ",Internal note,Total impressions\n" + strings.Repeat("x,", strings.Count(h, ",")+2) + "\n"
		res, err := imp(t, st, ws, kind, in, Options{DryRun: true, SkipBad: true})
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		want := fmt.Sprintf("%s %s.csv: read 1, stored 0, updated 0, unchanged 0, refused 1; ignored columns: Internal note, Total impressions (dry run: nothing written)",
			kind, kind)
		if got := res.String(); got != want {
			t.Errorf("%s: summary\n got %q\nwant %q", kind, got, want)
		}
		_, err = imp(t, st, ws, kind, in, Options{DryRun: true})
		var refused *RefusedError
		if !errors.As(err, &refused) || !strings.HasPrefix(err.Error(), kind+".csv: refused, nothing imported: 1 bad row(s); ignored columns: Internal note, Total impressions\n") {
			t.Errorf("%s: refusal %v", kind, err)
		}
	}
	res := mustImport(t, st, ws, "orders", "order_id,created_at,revenue\n1,2026-03-03,10.00\n")
	if s := res.String(); strings.Contains(s, "ignored") {
		t.Errorf("a file without unknown columns: %q", s)
	}
	// The history keeps them.
	mustImport(t, st, ws, "orders", "order_id,created_at,revenue,Tags,Net sales\n2,2026-03-03,10.00,vip,9\n")
	hist, err := st.Imports(context.Background(), ws.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || !reflect.DeepEqual(hist[0].Ignored, []string{"Tags", "Net sales"}) || hist[1].Ignored != nil {
		t.Errorf("history: %+v", hist)
	}
}
