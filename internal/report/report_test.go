package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/attribution"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The small workspace every test here reads. Its numbers are worked out
// by hand in the tests below.
var fixture = []struct{ kind, data string }{
	{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
	{"creators", "handle,platform,followers,commission_rate\n@Ana,instagram,15000,10%\nben,tiktok,50000,\n"},
	{"posts", "post_id,creator,campaign,platform,format,published_at,impressions,reach,likes,comments,shares,link_clicks,product_impressions,product_clicks,product_orders\n" +
		"p1,ana,Spring,instagram,reel,2026-03-02 10:00,100000,80000,900,60,40,1500,,,\n" +
		"p2,ben,Spring,tiktok,video,2026-03-03 09:00,50000,40000,4000,500,500,600,2000,200,10\n"},
	{"costs", "creator,campaign,kind,amount,date\nana,Spring,fee,500.00,2026-03-01\nben,Spring,fee,300.00,2026-03-01\nben,Spring,product,50.00,2026-03-02\n"},
	{"codes", "code,creator,campaign\nANA10,ana,Spring\nBEN15,ben,Spring\n"},
	{"links", "slug,destination,creator,campaign,post_id\nana1,https://shop.example.com/p,ana,Spring,p1\nben1,https://shop.example.com/q?x=1,ben,Spring,p2\n"},
	{"clicks", "slug,clicked_at,click_id,visitor,user_agent\n" +
		"ana1,2026-03-02 12:00,c1,v1,Mozilla/5.0 (iPhone)\n" +
		"ana1,2026-03-02 13:00,c2,v1,Mozilla/5.0 (iPhone)\n" +
		"ana1,2026-03-03 08:00,c3,v2,Mozilla/5.0 (Android; Mobile)\n" +
		"ben1,2026-03-03 10:00,c4,v3,Mozilla/5.0 (iPhone)\n" +
		"ben1,2026-03-03 10:01,c5,v4,facebookexternalhit/1.1\n"},
	{"orders", "order_id,created_at,revenue,refunded,discount_code,click_id,landing_url,customer_id\n" +
		"o1,2026-03-05 10:00,100.00,,,c1,,cu1\n" +
		"o2,2026-03-06 10:00,80.00,,BEN15,c3,,cu2\n" +
		"o3,2026-03-07 10:00,60.00,60.00,ANA10,,,cu5\n" +
		"o4,2026-03-08 10:00,40.00,,,,,cu3\n" +
		"o5,2026-03-09 10:00,50.00,10.00,,,,cu1\n" +
		"o6,2026-03-10 10:00,30.00,,ben15,,https://shop.example.com/?lift_cid=c4,cu4\n"},
}

func fixtureStore(t *testing.T) (*store.Store, store.Workspace) {
	t.Helper()
	files := make([][2]string, len(fixture))
	for i, f := range fixture {
		files[i] = [2]string{f.kind, f.data}
	}
	return workspaceOf(t, files...)
}

// workspaceOf opens a new database and imports the files (kind, content)
// into its default workspace.
func workspaceOf(t *testing.T, files ...[2]string) (*store.Store, store.Workspace) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ws, err := st.CreateWorkspace(ctx, store.DefaultWorkspace, "fixed-salt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, err := importer.Import(ctx, st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0] + ".csv"}); err != nil {
			t.Fatal(err)
		}
	}
	return st, ws
}

func build(t *testing.T, st *store.Store, ws store.Workspace, opt Options) *Report {
	t.Helper()
	r, err := Build(context.Background(), st, ws, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func row(t *testing.T, r *Report, key string) Row {
	t.Helper()
	for _, x := range r.Rows {
		if x.Key == key {
			return x
		}
	}
	t.Fatalf("no row %q in %+v", key, r.Rows)
	return Row{}
}

func near(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil || math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", name, deref(got), want)
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func cents(t *testing.T, name string, got *money.Cents, want money.Cents) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

// Last touch, by hand:
//   - o1 carries ana's click c1 → ana, new customer cu1, $100.
//   - o2 carries ana's click c3 but redeems BEN15 → the code is later → ben, new cu2, $80.
//   - o3 is refunded in full → not counted anywhere.
//   - o4 has no touch → unattributed, $40.
//   - o5 has no click or code, but customer cu1's other order carries c1 (7 days
//     earlier, inside 30d) → ana by "customer", $50 − $10 = $40, not new.
//   - o6 carries c4 (lift_cid in the landing URL) and BEN15 → ben, new cu4, $30.
//
// ana: 2 orders, $140, 1 new; clicks c1 c2 c3 = 3 (unique 2: c2 is v1 again
// within 24h); cost $500 + 10% × ($100 + $40) = $514. Both orders came
// through c1 (its id, then its customer), and a click converts once: 1
// click order, conversion rate 1/3.
// ben: 2 orders, $110, 2 new; clicks c4 = 1 (c5 is a bot); cost $350.
// Both orders by code: 2 code orders, 0 click orders, conversion rate 0.
func TestReportByCreatorLastTouch(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator"})

	ana := row(t, r, "ana")
	if ana.Orders != 2 || ana.Revenue != 14000 || ana.NewCustomers != 1 || ana.Cost != 51400 {
		t.Errorf("ana: orders %v revenue %v new %v cost %v", ana.Orders, ana.Revenue, ana.NewCustomers, ana.Cost)
	}
	if ana.Clicks != 3 || ana.UniqueClicks != 2 || ana.Impressions != 100000 || ana.Engagements != 1000 || ana.Followers != 15000 {
		t.Errorf("ana counts: %+v", ana.Values)
	}
	if ana.Platform != "instagram" || ana.Tier != "micro" {
		t.Errorf("ana platform/tier: %s %s", ana.Platform, ana.Tier)
	}
	near(t, "ana engagement_rate", ana.EngagementRate, 1000.0/15000)
	near(t, "ana ctr", ana.CTR, 3.0/100000)
	near(t, "ana conversion_rate", ana.ConversionRate, 1.0/3)
	if ana.ClickOrders != 1 || ana.CodeOrders != 0 {
		t.Errorf("ana: click orders %v code orders %v, want 1 and 0", ana.ClickOrders, ana.CodeOrders)
	}
	near(t, "ana roi", ana.ROI, (14000.0-51400)/51400)
	near(t, "ana roas", ana.ROAS, 14000.0/51400)
	cents(t, "ana aov", ana.AOV, 7000)
	cents(t, "ana cac", ana.CAC, 51400)
	cents(t, "ana cpa", ana.CPA, 25700)
	cents(t, "ana cpe", ana.CPE, 51)    // $514 / 1,000 = $0.514
	cents(t, "ana cpm", ana.CPM, 514)   // $514 / 100,000 × 1,000
	cents(t, "ana cpc", ana.CPC, 17133) // $514 / 3 = $171.333…
	if ana.ProductCTR != nil || ana.CTOR != nil {
		t.Errorf("ana product rates must be null without product numbers")
	}

	ben := row(t, r, "ben")
	if ben.Orders != 2 || ben.Revenue != 11000 || ben.NewCustomers != 2 || ben.Cost != 35000 || ben.Clicks != 1 {
		t.Errorf("ben: %+v", ben.Values)
	}
	near(t, "ben conversion_rate", ben.ConversionRate, 0)
	if ben.ClickOrders != 0 || ben.CodeOrders != 2 {
		t.Errorf("ben: click orders %v code orders %v, want 0 and 2", ben.ClickOrders, ben.CodeOrders)
	}
	near(t, "ben product_ctr", ben.ProductCTR, 0.1)
	near(t, "ben ctor", ben.CTOR, 0.05)
	near(t, "ben platform_ctr", ben.PlatformCTR, 600.0/50000)
	cents(t, "ben cac", ben.CAC, 17500)

	if r.Unattributed.Orders != 1 || r.Unattributed.Revenue != 4000 {
		t.Errorf("unattributed = %+v, want 1 order, $40", r.Unattributed)
	}
	if r.Total.Orders != 4 || r.Total.Revenue != 25000 || r.Total.Cost != 86400 || r.Total.Clicks != 4 {
		t.Errorf("total = %+v", r.Total)
	}
	if r.Rows[0].Key != "ana" {
		t.Errorf("rows are not sorted by revenue: first is %s", r.Rows[0].Key)
	}
}

// Linear: o2 splits 50/50 between ana's click and ben's code, so ana gains
// $40 and half an order and half a new customer; her commission is 10% of
// $100 + $40 + $40.
func TestReportLinearSplitsExactly(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator", Model: attribution.Linear})
	ana, ben := row(t, r, "ana"), row(t, r, "ben")
	if ana.Orders != 2.5 || ana.Revenue != 18000 || ana.NewCustomers != 1.5 || ana.Cost != 51800 {
		t.Errorf("ana: orders %v revenue %v new %v cost %v", ana.Orders, ana.Revenue, ana.NewCustomers, ana.Cost)
	}
	if ben.Orders != 1.5 || ben.Revenue != 7000 || ben.NewCustomers != 1.5 {
		t.Errorf("ben: orders %v revenue %v new %v", ben.Orders, ben.Revenue, ben.NewCustomers)
	}
	if r.Total.Revenue != 25000 || r.Total.Orders != 4 {
		t.Errorf("total revenue %v orders %v; credits must add up to the attributed orders", r.Total.Revenue, r.Total.Orders)
	}
}

// A one-day window drops o1 (c1 is three days old) and o5 (c1 is seven
// days old); o2 and o6 keep their codes.
func TestReportWindow(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator", Window: 24 * time.Hour})
	if r.Unattributed.Orders != 3 || r.Unattributed.Revenue != 18000 {
		t.Errorf("unattributed = %+v, want 3 orders, $180", r.Unattributed)
	}
	if r.Window != "1d" {
		t.Errorf("window = %q", r.Window)
	}
}

func TestReportGroupings(t *testing.T) {
	st, ws := fixtureStore(t)
	for _, tc := range []struct {
		by   string
		keys []string
	}{
		{"platform", []string{"instagram", "tiktok"}},
		{"campaign", []string{"Spring"}},
		{"tier", []string{"micro"}},
		{"post", []string{"p1", "p2", NoPost}},
		{"day", []string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10"}},
	} {
		r := build(t, st, ws, Options{By: tc.by})
		var keys []string
		for _, x := range r.Rows {
			keys = append(keys, x.Key)
		}
		if strings.Join(keys, ",") != strings.Join(tc.keys, ",") && tc.by != "post" {
			t.Errorf("by %s: keys %v, want %v", tc.by, keys, tc.keys)
		}
		// Whatever the grouping, the total is the same.
		if r.Total.Revenue != 25000 || r.Total.Cost != 86400 || r.Total.Orders != 4 || r.Total.Clicks != 4 || r.Total.Impressions != 150000 {
			t.Errorf("by %s: total %+v", tc.by, r.Total)
		}
	}
	// By post: o2 and o6 are ben's by code, which no post carries; o6 also
	// carries c4 of ben1 → p2, but last touch picks the code.
	r := build(t, st, ws, Options{By: "post"})
	if np := row(t, r, NoPost); np.Revenue != 11000 || np.Cost != 0 {
		t.Errorf("(no post): revenue %v cost %v", np.Revenue, np.Cost)
	}
	if p1 := row(t, r, "p1"); p1.Revenue != 14000 || p1.Cost != 51400 {
		t.Errorf("p1: revenue %v cost %v", p1.Revenue, p1.Cost)
	}
}

func TestReportFilters(t *testing.T) {
	st, ws := fixtureStore(t)
	from := time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	r := build(t, st, ws, Options{By: "creator", From: from, To: to})
	// o2 (ben, $80) and o4 (unattributed) fall inside; no click, post or cost does.
	if r.Total.Orders != 1 || r.Total.Revenue != 8000 || r.Total.Clicks != 0 || r.Total.Cost != 0 {
		t.Errorf("total = %+v", r.Total)
	}
	if r.Unattributed.Orders != 1 {
		t.Errorf("unattributed = %+v", r.Unattributed)
	}
	if r.From != "2026-03-06" || r.To != "2026-03-08" {
		t.Errorf("from %s to %s", r.From, r.To)
	}
	if _, err := Build(context.Background(), st, ws, Options{Campaign: "Autumn"}); err == nil || !strings.Contains(err.Error(), "Spring") {
		t.Errorf("unknown campaign: %v", err)
	}
	if _, err := Build(context.Background(), st, ws, Options{By: "week"}); err == nil {
		t.Error("unknown grouping accepted")
	}
	if r := build(t, st, ws, Options{Campaign: "spring"}); r.Total.Revenue != 25000 {
		t.Errorf("campaign filter: %+v", r.Total)
	}
}

func TestReportGoldenJSON(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator"})
	var buf bytes.Buffer
	if err := r.Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	golden(t, "report_creator.json", buf.Bytes())
	var decoded map[string]any
	if err := json.Unmarshal(buf.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"group_by", "model", "window", "currency", "rows", "total", "unattributed"} {
		if _, ok := decoded[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
}

func TestReportTableAndCSV(t *testing.T) {
	st, ws := fixtureStore(t)
	r := build(t, st, ws, Options{By: "creator"})
	var buf bytes.Buffer
	if err := r.Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	golden(t, "report_creator.txt", buf.Bytes())
	buf.Reset()
	if err := r.Write(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	golden(t, "report_creator.csv", buf.Bytes())
	if err := r.Write(&buf, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", name, got)
	}
}

// One order split three ways: the rows show thirds rounded to millionths
// so that they add up to the one order of the total.
func TestTotalSumsRoundedRows(t *testing.T) {
	st, ws := fixtureStore(t)
	ctx := context.Background()
	for _, f := range []struct{ kind, data string }{
		{"creators", "handle,platform,followers\ncleo,youtube,900\n"},
		{"codes", "code,creator,campaign\nCLEO,cleo,Spring\n"},
		{"orders", "order_id,created_at,revenue,discount_code\nsplit,2026-03-20 10:00,10.00,\"ANA10,BEN15,CLEO\"\n"},
	} {
		if _, err := importer.Import(ctx, st, ws, f.kind, strings.NewReader(f.data), importer.Options{File: f.kind}); err != nil {
			t.Fatal(err)
		}
	}
	r := build(t, st, ws, Options{By: "creator", From: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)})
	var sum float64
	var revenue money.Cents
	for _, row := range r.Rows {
		sum += row.Orders
		revenue += row.Revenue
	}
	if len(r.Rows) != 3 || r.Total.Orders != 1 || math.Abs(sum-r.Total.Orders) > 1e-12 || revenue != 1000 || r.Total.Revenue != 1000 {
		t.Fatalf("rows %d, Σ rows %v, total %v, revenue %v / %v", len(r.Rows), sum, r.Total.Orders, revenue, r.Total.Revenue)
	}
}

// Unpaid orders are kept apart by default and counted where the workspace
// counts pending orders; void ones never count. Numbers by hand: the
// fixture's total is 4 orders, $250.00. p1 ($70, ANA10) and p2 ($20, click
// c4 of ben's link) are unpaid; p3 (cancelled, $0) and p4 (failed) are no
// orders at all.
func TestPendingOrders(t *testing.T) {
	st, ws := fixtureStore(t)
	ctx := context.Background()
	orders := "order_id,created_at,revenue,discount_code,click_id,status\n" +
		"p1,2026-03-11 10:00,70.00,ANA10,,pending\n" +
		"p2,2026-03-12 10:00,20.00,,c4,on-hold\n" +
		"p3,2026-03-12 11:00,0.00,BEN15,,cancelled\n" +
		"p4,2026-03-12 12:00,25.00,BEN15,,failed\n" // a failed payment may be paid again: pending
	if _, err := importer.Import(ctx, st, ws, "orders", strings.NewReader(orders), importer.Options{File: "pending.csv"}); err != nil {
		t.Fatal(err)
	}
	check := func(name string, r *Report, orders float64, revenue money.Cents, ana, ben money.Cents, pending Pending) {
		t.Helper()
		if r.Total.Orders != orders || r.Total.Revenue != revenue {
			t.Errorf("%s: total %v orders %s, want %v and %s", name, r.Total.Orders, r.Total.Revenue, orders, revenue)
		}
		if got := row(t, r, "ana").Revenue; got != ana {
			t.Errorf("%s: ana revenue %s, want %s", name, got, ana)
		}
		if got := row(t, r, "ben").Revenue; got != ben {
			t.Errorf("%s: ben revenue %s, want %s", name, got, ben)
		}
		if r.Pending != pending {
			t.Errorf("%s: pending %+v, want %+v", name, r.Pending, pending)
		}
	}
	check("paid only", build(t, st, ws, Options{}), 4, 25000, 14000, 11000, Pending{Orders: 3, Revenue: 11500})

	var buf bytes.Buffer
	if err := build(t, st, ws, Options{}).Write(&buf, "table"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"· paid orders only\n", "pending: 3 orders, $115.00 revenue not paid yet (not counted above; they count once paid)"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}

	if err := st.SetCountPending(ctx, ws.ID, true); err != nil {
		t.Fatal(err)
	}
	cod, err := st.Workspace(ctx, ws.Name, false)
	if err != nil {
		t.Fatal(err)
	}
	r := build(t, st, cod, Options{})
	check("pending counted", r, 7, 36500, 21000, 15500, Pending{Orders: 3, Revenue: 11500, Counted: true})
	buf.Reset()
	r.Write(&buf, "table")
	if !strings.Contains(buf.String(), "· pending orders counted\n") {
		t.Errorf("table header does not say pending orders count:\n%s", buf.String())
	}

	// p1 is paid later: it counts from then on, in a workspace that counts
	// paid orders only.
	paid := "order_id,created_at,revenue,discount_code,status\np1,2026-03-11 10:00,70.00,ANA10,paid\n"
	res, err := importer.Import(ctx, st, ws, "orders", strings.NewReader(paid), importer.Options{File: "paid.csv"})
	if err != nil || res.Updated != 1 {
		t.Fatalf("status change: %+v %v, want one order updated", res, err)
	}
	check("p1 paid", build(t, st, ws, Options{}), 5, 32000, 21000, 11000, Pending{Orders: 2, Revenue: 4500})
}

// An order that names its click is credited to it even when the shop's
// clock puts the order up to five minutes before the click (c4, ben's, at
// 2026-03-03 10:00:00), through its landing URL or Shopify's cart
// attribute: 45.00 at 09:58:30 goes to ben; 12.00 at 09:54:59, five
// minutes and a second before, is unattributed.
func TestClickIDWithinClockSkew(t *testing.T) {
	st, ws := fixtureStore(t)
	before := build(t, st, ws, Options{})
	orders := "order_id,created_at,revenue,landing_url\n" +
		"sk1,2026-03-03 09:58:30,45.00,https://shop.example.com/q?x=1&lift_cid=c4\n" +
		"sk2,2026-03-03 09:54:59,12.00,https://shop.example.com/q?x=1&lift_cid=c4\n"
	if _, err := importer.Import(context.Background(), st, ws, "orders", strings.NewReader(orders), importer.Options{File: "skew.csv"}); err != nil {
		t.Fatal(err)
	}
	// The cart attribute, as Shopify's export writes it: 33.00 at
	// 09:56:10 +0000 (3 minutes 50 seconds early) goes to ben too.
	shopify := "Name,Id,Financial Status,Currency,Subtotal,Total,Created at,Lineitem quantity,Note Attributes\r\n" +
		"#1201,5550201,paid,USD,33.00,33.00,2026-03-03 09:56:10 +0000,1,\"lift_cid: c4\nutm_source: tiktok\"\r\n"
	if _, err := importer.Import(context.Background(), st, ws, "shopify-orders", strings.NewReader(shopify), importer.Options{File: "orders_export.csv"}); err != nil {
		t.Fatal(err)
	}
	after := build(t, st, ws, Options{})
	if got, want := row(t, after, "ben").Revenue, row(t, before, "ben").Revenue+4500+3300; got != want {
		t.Errorf("ben revenue %s, want %s", got, want)
	}
	if got, want := after.Unattributed.Revenue, before.Unattributed.Revenue+1200; got != want {
		t.Errorf("unattributed %s, want %s", got, want)
	}
}
