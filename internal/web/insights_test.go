package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/customers"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

var insightPages = []string{"/dashboard/sales-lift", "/dashboard/customers", "/dashboard/leaks", "/dashboard/traffic"}

func TestInsightsNeedASession(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	for _, p := range append(insightPages, "/dashboard", "/dashboard/", "/dashboard/nope", "/dashboard/customers?format=csv&table=customers") {
		resp, _ := c.get(p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s without a session: %d → %q, want 303 to /login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

// Every top-level name the dashboard serves is a reserved slug: no short
// link can take it, and none created before can be shadowed by a page.
func TestPagesAreReservedSlugs(t *testing.T) {
	e := newEnv(t)
	for _, p := range e.h.Patterns() {
		name := strings.TrimSuffix(strings.Split(strings.TrimPrefix(p, "/"), "/")[0], "{$}")
		if name == "" {
			continue
		}
		if err := csvin.CheckSlug(name); err == nil {
			t.Errorf("pattern %s: %q is not a reserved slug", p, name)
		}
	}
}

func TestDashboardPathRedirects(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, p := range []string{"/dashboard", "/dashboard/"} {
		if resp, _ := c.get(p); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Errorf("GET %s: %d → %q, want 303 to /", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, body := c.get("/dashboard/nope")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /dashboard/nope: %d, want 404", resp.StatusCode)
	}
	contains(t, "/dashboard/nope", body, "There is no such page", "Sales lift")
}

// The fixture's numbers, by hand. Sales lift: p1 (March 2) and p2 (March
// 3) have no sales before them, so no estimate. Customers, last-touch:
// ana acquires cu1 (o1, $100) whose o5 ($40 net) returns; ben acquires
// cu2 (o2, $80) and cu4 (o6, $30); the data ends on March 10, so no LTV is
// final: every customer is inside their 30 days. Leaks: BEN15 is
// redeemed twice (o3 with ANA10 is refunded in full and left out).
func TestInsightPages(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	tests := []struct {
		path string
		want []string
	}{
		{"/dashboard/sales-lift", []string{"<h1>Sales lift</h1>", `href="/dashboard/sales-lift" aria-current="page">Insights`,
			`aria-current="page">Sales lift</a>`, "No post day has an estimate: the lines below say why.", "2 folded rows",
			"1 post on 1 day: no estimate — fewer than 7 baseline days", "1 post on 1 day: no estimate — no sales data in the window",
			`<a href="/dashboard/sales-lift?day=2026-03-03#lift-chart">2026-03-03</a> · ben (p2) · from 0 usable days; its window overlaps p1`,
			`<a href="/dashboard/sales-lift?day=2026-03-02#lift-chart">2026-03-02</a> · ana (p1) · no sales in the window; its window overlaps p2`,
			"Daily sales around 2026-03-03 · ben", "No baseline: only 0 usable days of sales before the post, 7 needed.",
			"No estimate", ">—<", "No post day can be measured yet", "/import?kind=daily-sales", "How it is measured", "lower bound",
			"Overlapping posts", "last-touch, 30d", "3-day window, 28 days of baseline", `id="f-window_days"`, "Download CSV"}},
		{"/dashboard/customers", []string{"<h1>Customers</h1>", `aria-current="page">Customers</a>`, `href="/creators/ana"`,
			">not final<", "2 inside 30 days", "1 inside 90 days", ">$514.00<", ">$350.00<", "not paid back yet", "New customers", "25.00%", "Creators paid back", "0 of 2", "0 of the 2 creators below paid back",
			"last-touch, 30d window", "data to 2026-03-10", `id="f-model"`, "Download CSV"}},
		{"/dashboard/customers?model=first-touch&window=7d", []string{"first-touch, 7d window", `href="/creators/ana?model=first-touch&amp;window=7d"`}},
		{"/dashboard/leaks", []string{"<h1>Coupon leaks</h1>", `aria-current="page">Coupon leaks</a>`, "No leak found",
			"2 redemptions of 1 code", "No click", "at least 10 times, 80% or more", "30d before the order", "20 points",
			"Coupon site", "Burst", "0.5% of the creator", "last 7 days"}},
		{"/dashboard/sales-lift?campaign=Spring", []string{`<option value="Spring" selected>`, `href="/dashboard/customers?campaign=Spring"`}},
	}
	for _, tc := range tests {
		resp, body := c.get(tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d\n%s", tc.path, resp.StatusCode, body)
			continue
		}
		contains(t, tc.path, body, tc.want...)
		lacks(t, tc.path, body, "zed", "Winter", "Left out of the report")
	}
	_, body := c.get("/dashboard/leaks")
	lacks(t, "leaks without findings", body, "Download CSV", "nothing to check yet")

	// A window without a day of sales data is unknown, not $0.00: March 2's
	// window (2–4) has none, March 3's has March 5 (o1, $100.00, ana's).
	recs := csvOf(t, c, "/dashboard/sales-lift?format=csv&table=sales-lift")
	want := [][]string{
		{"2026-03-03", "2026-03-05", "p2", "ben", "none", "p2 (ben)", "", "100.00", "", "", "", "100.00", "", "", "", "", "", "", "0",
			"window overlaps post(s) p1: their effects cannot be told apart; only 0 usable day(s) before the post: at least 7 are needed for a baseline"},
		{"2026-03-02", "2026-03-04", "p1", "ana", "none", "p1 (ana)", "", "", "", "", "", "", "", "", "", "", "", "", "0",
			"window overlaps post(s) p2: their effects cannot be told apart; no sales data for the window"},
	}
	if !reflect.DeepEqual(recs[1:], want) {
		t.Errorf("sales lift CSV:\n got %q\nwant %q", recs[1:], want)
	}
}

func TestInsightFiltersNameWhatTheyLeaveOut(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for path, want := range map[string]string{
		"/dashboard/sales-lift?window_days=abc":   `window days: &#34;abc&#34; is not a number of days from 1 to 28`,
		"/dashboard/sales-lift?pre_days=3":        `baseline days: &#34;3&#34; is not a number of days from 7 to 366`,
		"/dashboard/customers?campaign=Autumn":    `there is no campaign &#34;Autumn&#34;`,
		"/dashboard/leaks?window=forever":         "Left out of the report",
		"/dashboard/sales-lift?campaign=Winter":   `there is no campaign &#34;Winter&#34;`, // the other workspace's
		"/dashboard/customers?campaign=Winter":    `there is no campaign &#34;Winter&#34;`,
		"/dashboard/leaks?campaign=Winter&x=1":    `there is no campaign &#34;Winter&#34;`,
		"/dashboard/sales-lift?window_days=5":     "5-day window",
		"/dashboard/sales-lift?pre_days=14&x=abc": "14 days of baseline",
	} {
		resp, body := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		contains(t, path, body, want)
	}
}

// Each workspace sees its own: the other workspace has one creator and no
// posts, orders or codes.
func TestInsightsKeepWorkspacesApart(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "olly@other.com")
	for path, want := range map[string][]string{
		"/dashboard/sales-lift":                {"No posts yet", "/import?kind=posts"},
		"/dashboard/customers":                 {"No creator has posts, costs or credited orders yet", "/import?kind=orders"},
		"/dashboard/leaks":                     {"No leak found", "nothing to check yet", "/import?kind=orders", "/links#new-codes"},
		"/dashboard/customers?campaign=Spring": {`there is no campaign &#34;Spring&#34;`},
	} {
		resp, body := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
		contains(t, path, body, want...)
		lacks(t, path, body, ">ana<", ">ben<", "BEN15", "ANA10", ">p1<", "$140.00", "2 redemptions")
	}
	for _, p := range []string{"/dashboard/sales-lift?format=csv&table=sales-lift", "/dashboard/customers?format=csv&table=customers"} {
		_, body := c.get(p)
		if lines := strings.Count(body, "\n"); lines != 1 {
			t.Errorf("%s: %d lines, want the header alone:\n%s", p, lines, body)
		}
	}
	// The agency sees a workspace at a time: the one it switched to.
	a := e.signedIn(t, "agency@example.com")
	_, body := a.get("/dashboard/customers")
	contains(t, "agency in brand", body, ">ana<", ">ben<")
	if resp, _ := a.post("/settings/switch", map[string][]string{"workspace": {"other"}, "back": {"/dashboard/customers"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", resp.StatusCode)
	}
	_, body = a.get("/dashboard/customers")
	lacks(t, "agency in other", body, ">ana<", ">ben<")
}

func TestInsightsInAnEmptyWorkspace(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	empty, err := e.st.CreateWorkspace(ctx, "empty", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CreateUser(ctx, e.st, "new@brand.com", password, empty); err != nil {
		t.Fatal(err)
	}
	c := e.signedIn(t, "new@brand.com")
	for path, want := range map[string][]string{
		"/dashboard/sales-lift": {"No posts yet", "Import posts"},
		"/dashboard/customers":  {"No creator has posts, costs or credited orders yet", "Import orders"},
		"/dashboard/leaks":      {"No leak found", "nothing to check yet", "Generate codes", "What is checked"},
	} {
		resp, body := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		contains(t, path, body, want...)
		lacks(t, path, body, `class="tiles"`)
	}
}

// shop is cmd/lift's uplift shop: 2 orders of $25.00 a day from February
// 1 to March 24, 2025; ana and ben post on March 20 and for three days
// the shop sells 8 more orders a day, 2 of them with ana's code; ben's
// post of March 1 (campaign Winter) sells nothing extra.
func (e *env) shop(t *testing.T) *client {
	t.Helper()
	ctx := context.Background()
	ws, err := e.st.CreateWorkspace(ctx, "shop", "salt-shop")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CreateUser(ctx, e.st, "shop@brand.com", password, ws); err != nil {
		t.Fatal(err)
	}
	var orders strings.Builder
	orders.WriteString("order_id,created_at,revenue,discount_code\n")
	n := 0
	for d := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC); d.Before(time.Date(2025, 3, 25, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		extra, coded := 0, 0
		if d.Month() == 3 && d.Day() >= 20 && d.Day() <= 22 {
			extra, coded = 8, 2
		}
		for i := range 2 + extra {
			n++
			code := ""
			if i < coded {
				code = "ana10"
			}
			fmt.Fprintf(&orders, "o%d,%s 12:%02d,25.00,%s\n", n, d.Format(time.DateOnly), i, code)
		}
	}
	for _, f := range []struct{ kind, data string }{
		{"campaigns", "name,starts,ends\nSpring,2025-03-15,2025-04-30\nWinter,2025-02-01,2025-03-10\n"},
		{"creators", "handle,platform,followers\nana,instagram,15000\nben,tiktok,50000\n"},
		{"posts", "post_id,creator,campaign,platform,format,published_at\n" +
			"p1,ana,Spring,instagram,reel,2025-03-20 18:00\np2,ben,Spring,tiktok,video,2025-03-20 09:00\n" +
			"p3,ben,Winter,tiktok,video,2025-03-01 10:00\n"},
		{"codes", "code,creator,campaign\nANA10,ana,Spring\n"},
		{"orders", orders.String()},
	} {
		e.load(t, ws, f.kind, f.data)
	}
	return e.signedIn(t, "shop@brand.com")
}

// March 20: baseline 3 × $50.00, actual 3 × $250.00, excess $600.00 ±
// $257.31 (the 24 extra orders' own chance, t(0.975, 18) × √(24 × 2500²)
// cents), $150.00 of it through ana's code, $450.00 of halo. March 1
// moved nothing: $150.00 against $150.00, an interval of zero width.
func TestSalesLiftPage(t *testing.T) {
	e := newEnv(t)
	c := e.shop(t)
	resp, body := c.get("/dashboard/sales-lift")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d\n%s", resp.StatusCode, body)
	}
	contains(t, "sales lift", body, ">$150.00<", ">$750.00<", ">$600.00<", "$342.69 to $857.31", ">$450.00<",
		"95% interval: $192.69 to $707.31", ">24<", "Lifted sales", "Within noise", ">ana, ben<", ">p1, p2<", "every order, attributed or not",
		">shared by 2 posts<", "one result for p1 (ana), p2 (ben), not each post&#39;s")
	lacks(t, "sales lift", body, "No post day can be measured yet", "No estimate")
	if i, j := strings.Index(body, "2025-03-20"), strings.Index(body, "2025-03-01"); i < 0 || j < i {
		t.Errorf("the latest post day should come first: March 20 at %d, March 1 at %d", i, j)
	}

	recs := csvOf(t, c, "/dashboard/sales-lift?format=csv&table=sales-lift")
	wantHead := []string{"date", "window_end", "post_ids", "creators", "result", "shared_by", "baseline", "actual", "excess", "low", "high",
		"attributed", "halo", "halo_low", "halo_high", "excess_orders", "excess_orders_low", "excess_orders_high", "pre_days_used", "warning"}
	if !reflect.DeepEqual(recs[0], wantHead) {
		t.Errorf("head %v", recs[0])
	}
	want := [][]string{
		{"2025-03-20", "2025-03-22", "p1 p2", "ana ben", "lifted", "p1 (ana), p2 (ben)", "150.00", "750.00", "600.00", "342.69", "857.31", "150.00", "450.00", "192.69", "707.31"},
		{"2025-03-01", "2025-03-03", "p3", "ben", "noise", "p3 (ben)", "150.00", "150.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
	}
	if len(recs) != 3 {
		t.Fatalf("%d rows, want 2: %v", len(recs)-1, recs)
	}
	for i, w := range want {
		if got := recs[i+1][:len(w)]; !reflect.DeepEqual(got, w) {
			t.Errorf("row %d:\n got %v\nwant %v", i+1, got, w)
		}
	}
	if got := recs[1][15:19]; !reflect.DeepEqual(got, []string{"24", "13.71", "34.29", "25"}) {
		t.Errorf("March 20's orders and baseline days: %v", got)
	}

	for query, dates := range map[string][]string{
		"?campaign=spring":   {"2025-03-20"},
		"?campaign=Winter":   {"2025-03-01"},
		"?sort=date&dir=asc": {"2025-03-01", "2025-03-20"},
	} {
		var got []string
		for _, r := range csvOf(t, c, "/dashboard/sales-lift"+query+"&format=csv&table=sales-lift")[1:] {
			got = append(got, r[0])
		}
		if !reflect.DeepEqual(got, dates) {
			t.Errorf("%s: dates %v, want %v", query, got, dates)
		}
	}
}

func csvOf(t *testing.T, c *client, path string) [][]string {
	t.Helper()
	resp, body := c.get(path)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("%s: %d %q\n%s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// While the data ends on March 10, every customer is inside their first
// 30 days: no LTV is final. With o7 ($300.00 on BEN15, March 12) ben's
// credited revenue ($410) passes his cost ($350) 11 days after his first
// cost (March 1); with an order on July 1, every customer is 90 days past
// their first order: ben (80 + 30 + 300) / 3, ana (100 + 40) / 1.
func TestCustomersPage(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	recs := csvOf(t, c, "/dashboard/customers?format=csv&table=customers")
	want := [][]string{
		{"creator", "acquired", "without_key", "ltv_30", "ltv_60", "ltv_90", "incomplete_30", "incomplete_60", "incomplete_90",
			"new_orders", "returning_orders", "revenue", "cost", "payback_days", "payback_date"},
		{"ben", "2", "0", "", "", "", "2", "2", "2", "2", "0", "110.00", "350.00", "", ""},
		{"ana", "1", "0", "", "", "", "1", "1", "1", "1", "1", "140.00", "514.00", "", ""},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("customers CSV:\n got %v\nwant %v", recs, want)
	}
	e.load(t, e.brand, "orders", "order_id,created_at,revenue,discount_code,customer_id\no7,2026-03-12 10:00,300.00,BEN15,cu6\n"+
		"o8,2026-07-01 10:00,5.00,,cu9\n")
	recs = csvOf(t, c, "/dashboard/customers?format=csv&table=customers")
	if got := recs[1]; !reflect.DeepEqual(got, []string{"ben", "3", "0", "136.67", "136.67", "136.67", "0", "0", "0",
		"3", "0", "410.00", "350.00", "11", "2026-03-12"}) {
		t.Errorf("ben after o7 and o8: %v", got)
	}
	if got := recs[2]; got[3] != "140.00" || got[5] != "140.00" {
		t.Errorf("ana after o8: %v", got)
	}
	_, body := c.get("/dashboard/customers")
	contains(t, "customers", body, ">11 days<", ">2026-03-12<", "1 of 2", ">$136.67<")
	recs = csvOf(t, c, "/dashboard/customers?format=csv&table=customers&sort=creator&dir=asc")
	if recs[1][0] != "ana" {
		t.Errorf("sorted by creator, first %v", recs[1])
	}
}

// A redemption of ANA10 that comes from RetailMeNot is a coupon-site leak.
func TestLeaksPage(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	e.load(t, e.brand, "orders", "order_id,created_at,revenue,discount_code,referrer\n"+
		"r1,2026-03-11 10:00,20.00,ANA10,https://www.retailmenot.com/view/shop.example.com\n")
	_, body := c.get("/dashboard/leaks")
	contains(t, "leaks", body, "Findings", ">coupon site<", ">ANA10<", `href="/creators/ana"`, ">r1<", "1 of 1",
		"retailmenot.com", "2026-03-11", "1 found in 3 redemptions of 2 codes", "What is checked", "Download CSV")
	lacks(t, "leaks", body, "No leak found")
	recs := csvOf(t, c, "/dashboard/leaks?format=csv&table=leaks")
	if want := []string{"kind", "code", "creator", "campaign", "evidence", "count", "redemptions", "orders", "first", "last"}; !reflect.DeepEqual(recs[0], want) {
		t.Errorf("head %v", recs[0])
	}
	if len(recs) != 2 {
		t.Fatalf("%d findings, want 1: %v", len(recs)-1, recs)
	}
	got := recs[1]
	if got[0] != "coupon-site" || got[1] != "ANA10" || got[2] != "ana" || got[3] != "Spring" || got[5] != "1" || got[6] != "1" ||
		got[7] != "r1" || got[8] != "2026-03-11T10:00:00Z" || got[9] != "2026-03-11T10:00:00Z" || !strings.Contains(got[4], "retailmenot.com") {
		t.Errorf("finding %v", got)
	}
}

func TestOrderIDsShowTheFirstFew(t *testing.T) {
	for _, tc := range []struct {
		ids            []string
		text, sub, raw string
	}{
		{[]string{"a"}, "a", "", "a"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c, d, e", "", "a b c d e"},
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, "a, b, c, d, e, …", "7 in all", "a b c d e f g"},
	} {
		c := orderIDs(tc.ids)
		if c.Text != tc.text || c.Sub != tc.sub || c.Raw != tc.raw {
			t.Errorf("%v: %q %q %q", tc.ids, c.Text, c.Sub, c.Raw)
		}
	}
}

// amazon adds the numbers of internal/report's Amazon test: ana has 300
// click-throughs, 200 detail page views, 40 add to carts, 8 purchases and
// $399.99 of sales (bonus 10% a day: $30.00 + $10.00); ben 50
// click-throughs and nothing else, and an Associates id.
func (e *env) amazon(t *testing.T, ws store.Workspace) {
	t.Helper()
	ctx := context.Background()
	for _, m := range []importer.AmazonTagInfo{
		{Tag: "ana-reel", Creator: "ana", Campaign: "Spring"},
		{Tag: "ben-vid", Creator: "ben", Campaign: "Spring"},
		{Tag: "ben-20", Creator: "ben", Campaign: "Spring"},
	} {
		if _, err := importer.CreateAmazonTag(ctx, e.st, ws, m, false); err != nil {
			t.Fatal(err)
		}
	}
	e.load(t, ws, "amazon-attribution", "Date,Ad group,Click-throughs,Detail page views,Add to carts,Purchases,Units sold,Product sales,Total product sales\n"+
		"2026-03-04,ana-reel,200,120,30,6,7,$300.00,$350.00\n"+
		"2026-03-05,ana-reel,100,80,10,2,2,$99.99,$99.99\n"+
		"2026-03-04,ben-vid,50,0,0,0,0,$0.00,$0.00\n")
	e.load(t, ws, "amazon-associates", "Date,Tracking Id,Clicks,Items Ordered,Items Shipped,Revenue,Earnings\n"+
		"2026-03-06,ben-20,40,3,3,$75.00,$3.00\n")
}

func TestCreatorAmazonCard(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/creators/ana")
	lacks(t, "ana before Amazon", body, `id="amazon"`)
	e.amazon(t, e.brand)
	stat := func(label, value string) string { return label + "</dt><dd>" + value + "</dd>" }
	for _, tc := range []struct {
		path string
		want []string
		not  []string
	}{
		{"/creators/ana", []string{`id="amazon"`, stat("Click-throughs", "300"), stat("Detail page views", "200"),
			stat("Add to carts", "40"), stat("Purchases", "8"), stat("Sales", "$399.99"), stat("DPV rate", "66.67%"),
			stat("ATC rate", "20.00%"), stat("Brand Referral Bonus", "$40.00"), "10% of product sales"},
			[]string{"Associates clicks"}},
		{"/creators/ben", []string{stat("Click-throughs", "50"), stat("DPV rate", "0.00%"),
			`ATC rate</dt><dd class="muted" title="not defined: nothing to divide by yet">—</dd>`,
			stat("Associates clicks", "40"), stat("Associates items", "3"), stat("Associates revenue", "$75.00"), stat("Associates earnings", "$3.00")}, nil},
		{"/creators/ana?from=2026-03-05&to=2026-03-05", []string{stat("Click-throughs", "100"), stat("Sales", "$99.99"), stat("Brand Referral Bonus", "$10.00")}, nil},
		{"/creators/cara", nil, []string{`id="amazon"`}},
	} {
		resp, body := c.get(tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", tc.path, resp.StatusCode)
		}
		contains(t, tc.path, body, tc.want...)
		lacks(t, tc.path, body, tc.not...)
	}
	// The other workspace's creator has no Amazon numbers of this one's.
	o := e.signedIn(t, "olly@other.com")
	_, body = o.get("/creators/zed")
	lacks(t, "zed", body, `id="amazon"`, "$399.99")
}

// BEN15 used on 27 February, before Spring began: flagged in ben's audit
// trail and on the leaks page.
func TestCodeUsedBeforeStartIsFlagged(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	e.load(t, e.brand, "orders", "order_id,created_at,revenue,discount_code\ne1,2026-02-27 18:00,25.00,BEN15\n")
	recs := csvOf(t, c, "/creators/ben?format=csv&table=credits")
	flags := map[string]string{}
	for _, r := range recs[1:] {
		flags[r[0]] = r[len(r)-1]
	}
	if flags["e1"] != "before-start" || flags["o2"] != "" || flags["o6"] != "" {
		t.Errorf("flags %v", flags)
	}
	_, body := c.get("/creators/ben")
	contains(t, "/creators/ben", body, ">before start<")
	_, body = c.get("/dashboard/leaks")
	contains(t, "leaks", body, ">before start<", "1 of 3 redemptions came before campaign Spring began on 2026-03-01", "Before start")
}

// The paid-back tile counts only the creators who paid back, out of every
// creator of the table: one paid back, one has not, one has no cost.
func TestPaidBackTileCountsWhoPaidBack(t *testing.T) {
	days, date := 8, "2026-03-11"
	rows := []customers.Row{
		{Key: "ana", Revenue: 1000, Cost: 500, PaybackDays: &days, PaybackDate: &date},
		{Key: "ben", Revenue: 100, Cost: 500},
		{Key: "cid", Revenue: 100},
	}
	tiles, _ := customerTiles(rows)
	var got *tile
	for i := range tiles {
		if tiles[i].Label == "Creators paid back" {
			got = &tiles[i]
		}
	}
	if got == nil || got.Value != "1 of 3" || !strings.HasPrefix(got.Hint, "1 of the 3 creators below paid back") {
		t.Fatalf("paid-back tile = %+v, want 1 of 3", got)
	}
}
