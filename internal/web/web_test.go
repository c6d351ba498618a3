package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

var pages = []string{"/", "/creators", "/creators/ana", "/platforms", "/links", "/import", "/settings", "/links/ana1/qr.png",
	"/codes", "/import/errors?token=x"}

var forms = []string{"/logout", "/links", "/codes", "/import", "/import/confirm", "/settings/attribution",
	"/settings/workspace", "/settings/switch", "/settings/apikeys", "/settings/apikeys/1/revoke",
	"/settings/webhooks/shopify", "/settings/webhooks/shopify/remove"}

func TestEveryPageNeedsASession(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	for _, p := range pages {
		resp, _ := c.get(p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("GET %s without a session: %d → %q, want 303 to /login", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	for _, p := range forms {
		resp, _ := c.post(p, url.Values{})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("POST %s without a session: %d → %q", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	resp, _ := c.get("/creators?platform=tiktok")
	if loc := resp.Header.Get("Location"); loc != "/login?next=%2Fcreators%3Fplatform%3Dtiktok" {
		t.Errorf("login does not come back to the page asked for: %q", loc)
	}
	for _, open := range []string{"/login", "/static/app.css", "/static/app.js", "/static/vendor/uPlot.iife.min.js"} {
		if resp, _ := c.get(open); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s without a session: %d, want 200", open, resp.StatusCode)
		}
	}
}

func TestEveryFormNeedsTheCSRFToken(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	links := e.count(t, "links", e.brand)
	for _, p := range forms {
		for _, token := range []string{"", "not-the-token"} {
			resp, body := c.post(p, url.Values{"csrf": {token}, "creator": {"ana"}, "campaign": {"Spring"},
				"destination": {"https://shop.example.com/x"}, "workspace": {"brand"}})
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with token %q: %d, want 403", p, token, resp.StatusCode)
			}
			contains(t, "POST "+p, body, "This form has expired")
		}
	}
	resp, _ := c.upload("orders", "o.csv", "order_id,created_at,revenue\nx1,2026-03-05,1.00\n", false)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("upload without token: %d, want 403", resp.StatusCode)
	}
	if n := e.count(t, "links", e.brand); n != links {
		t.Errorf("a refused form changed the links: %d, was %d", n, links)
	}
	// A form sent from another site is refused even with the token.
	req, _ := http.NewRequest("POST", e.srv.URL+"/settings/apikeys", strings.NewReader("csrf="+c.csrf))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site form: %d, want 403", resp.StatusCode)
	}
}

// The numbers below are the fixture's, by hand: ana earns o1 ($100) and
// o5 ($40), ben o2 ($80) and o6 ($30); revenue $250 against costs of
// $500 + 10% of $140 for ana and $350 for ben, $864 in all.
func TestPages(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	tests := []struct {
		path string
		want []string
	}{
		{"/", []string{"<h1>Overview</h1>", "Goals", "Spring", "on track", "<strong>4</strong>", "of 8", "50.00%",
			"Impressions", "150,000", "$250.00", "$864.00", "0.29x", "Benchmarks differ by platform and tier",
			"1 order worth $40.00", "Top creators", `href="/creators/ana"`, `"days":[`, "Download CSV"}},
		{"/?campaign=Spring&from=2026-03-06&to=2026-03-31", []string{"2026-03-06 to 2026-03-31", "$150.00"}},
		{"/creators", []string{"<h1>Creators</h1>", "2 of 2 creators", ">ana<", ">ben<", "$140.00", "$110.00", "$514.00",
			"instagram", "micro", "sort=roi", "Total", "$250.00", `name="kpis" value="all" aria-pressed="false"`, "All KPIs", "Download CSV",
			"Ranked by likely ROI", "Verdict", "Likely ROI", `class="pill `}},
		{"/creators?kpis=all", []string{"CPM", "Product CTR", `title="not defined: nothing to divide by yet">—`,
			`aria-pressed="true"`, `class="table-wrap sticky folds all"`}},
		{"/creators?platform=tiktok", []string{"1 of 2 creators", ">ben<"}},
		// By hand against the shipped figures: ana's CTR 3 / 100,000 =
		// 0.003% is below Instagram's 1–3% (a CTR figure for every tier),
		// her engagement 1,000 / 15,000 = 6.67% above the micro 3–4%.
		{"/creators/ana", []string{"<h1>ana", "instagram", "15,000 followers", "10.00% commission", "Orders credited",
			">o1<", ">o5<", "click id", "earlier click", ">c1<", "ANA10", "/ana1", "p1", "$140.00", "Download CSV",
			"Benchmark 1–3% (instagram)", "Benchmark 3–4% (instagram, micro)", "Below benchmark", "Above benchmark"}},
		// ben: engagement 5,000 / 50,000 = 10% below TikTok micro's 13%
		// (one average), CTR 1 / 50,000 = 0.002% below 0.5–2%.
		{"/creators/ben", []string{"<h1>ben", "Benchmark 13% (tiktok, micro)", "Benchmark 0.5–2% (tiktok)", "Below benchmark"}},
		{"/platforms", []string{"Instagram", "TikTok", "6.67%", `<span class="badge above">`, "Benchmark 3–4% (instagram, micro)",
			"Benchmark 1–3% (instagram)", "Benchmark 13% (tiktok, micro)", "Side by side",
			"Lift&#39;s reference range for Stories link CTR", "Influencer Marketing Hub, Influencer Marketing Benchmark Report 2021"}},
		// cara is a nano YouTube creator: YouTube's engagement figure is for
		// micro, so her engagement rate has no benchmark, said plainly.
		{"/creators/cara", []string{"<h1>cara", "No benchmark for nano"}},
		{"/links", []string{"New link", "New promo codes", "/ana1", "/ben1", "ANA10", "BEN15", `<option value="ana/instagram">`, `data-copy="`, "/links/ana1/qr.png"}},
		{"/import", []string{"Upload a file", "shopify-orders", "History", "orders.csv", "campaigns.csv"}},
		{"/settings", []string{"Attribution", "last-touch", "30d", "USD", "UTC", "Shopify", "secret set", "not set",
			"LIFT_STRIPE_WEBHOOK_SECRET", "/webhooks/shopify/brand", "API keys", "lift.js"}},
	}
	for _, tc := range tests {
		resp, body := c.get(tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d\n%s", tc.path, resp.StatusCode, body)
			continue
		}
		contains(t, tc.path, body, tc.want...)
		lacks(t, tc.path, body, "zed", "Winter")  // the other workspace's
		lacks(t, tc.path, body, "5.78", "DESIGN") // no ROAS benchmark ships: 5.78 is earned media value
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", tc.path, ct)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", tc.path, csp)
		}
	}
	resp, body := c.get("/links/ana1/qr.png")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(body, "\x89PNG") {
		t.Errorf("QR code: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestEmptyWorkspaceSaysWhatToDo(t *testing.T) {
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
		"/":          {"Welcome to Lift", "/import?kind=campaigns", "/links"},
		"/creators":  {"No creators yet", "/import?kind=creators"},
		"/platforms": {"No platform has numbers"},
		"/links":     {"Import your campaigns and creators first", "No tracked links yet"},
		"/import":    {"Nothing imported yet"},
		"/settings":  {"No API keys yet"},
	} {
		resp, body := c.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		contains(t, path, body, want...)
	}
}

func TestCSVDownloads(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	resp, body := c.get("/creators?format=csv&table=creators")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("CSV: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="brand-creators.csv"` {
		t.Errorf("disposition %q", cd)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	col := func(rec []string, name string) string {
		for i, h := range head {
			if h == name {
				return rec[i]
			}
		}
		t.Fatalf("no column %s in %v", name, head)
		return ""
	}
	if len(head) != 5+len(kpis) {
		t.Errorf("CSV has %d columns, want every KPI: %v", len(head), head)
	}
	tests := []struct {
		row       int
		col, want string
	}{
		{1, "creator", "ana"}, {1, "revenue", "140.00"}, {1, "cost", "514.00"}, {1, "orders", "2"},
		{1, "ctr", "0.00003"}, {1, "product_ctr", ""}, {1, "aov", "70.00"},
		{2, "creator", "ben"}, {2, "revenue", "110.00"},
		{3, "creator", "Total"}, {3, "revenue", "250.00"}, {3, "cost", "864.00"},
	}
	for _, r := range recs[1:3] {
		if v := col(r, "verdict"); v != "rebook" && v != "test again" && v != "drop" {
			t.Errorf("%s: verdict %q", r[0], v)
		}
	}
	for _, tc := range tests {
		if got := col(recs[tc.row], tc.col); got != tc.want {
			t.Errorf("row %d %s = %q, want %q", tc.row, tc.col, got, tc.want)
		}
	}
	for _, d := range []struct{ path, head string }{
		{"/creators/ana?format=csv&table=credits", "order_id,time,campaign,revenue,share,credited_revenue,reason,ref,new_customer,flag"},
		{"/links?format=csv&table=links", "short_link,destination,creator,campaign,post_id,clicks,unique_clicks,qr"},
		{"/links?format=csv&table=codes", "code,creator,campaign"},
		{"/import?format=csv&table=imports", "at,kind,file,read,stored,updated,unchanged,refused,ignored"},
		{"/platforms?format=csv&table=benchmarks", "platform,tier,metric,range,origin,basis,source"},
		{"/?format=csv&table=daily", "day,clicks,revenue,posts"},
	} {
		resp, body := c.get(d.path)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, d.head+"\n") {
			t.Errorf("%s: %d\n%s", d.path, resp.StatusCode, body)
		}
	}
	if resp, _ := c.get("/creators?format=csv&table=nope"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown table: %d", resp.StatusCode)
	}
}

func TestSortingTheLeaderboard(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, tc := range []struct{ query, first string }{
		{"", "ana"},                       // revenue, highest first
		{"?sort=revenue&dir=asc", "ben"},  // $110 before $140
		{"?sort=roi&dir=desc", "ben"},     // (110−350)/350 = −68.57% above (140−514)/514 = −72.76%
		{"?sort=creator&dir=desc", "ben"}, // by name
		{"?sort=nonsense&dir=asc", "ana"}, // unknown columns keep the default
		{"?sort=clicks&dir=desc", "ana"},  // 3 clicks against 1
		{"?sort=engagement_rate", "ben"},  // 5,000 / 50,000 = 10% against 6.67%
	} {
		_, body := c.get("/creators?format=csv&table=creators&" + strings.TrimPrefix(tc.query, "?"))
		recs, _ := csv.NewReader(strings.NewReader(body)).ReadAll()
		if len(recs) < 2 || recs[1][0] != tc.first {
			t.Errorf("%s: first row %v, want %s", tc.query, recs[1], tc.first)
		}
	}
}

func TestUndefinedRatesShowADash(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	e.load(t, e.brand, "costs", "creator,campaign,kind,amount,date\ncara,Spring,fee,100.00,2026-03-01\n")
	_, body := c.get("/creators?kpis=all")
	// cara has a cost and nothing else: no clicks, no orders, no posts.
	i := strings.Index(body, ">cara<")
	if i < 0 {
		t.Fatal("cara is not on the leaderboard")
	}
	row := body[i : strings.Index(body[i:], "</tr>")+i]
	if n := strings.Count(row, ">—<"); n < 10 {
		t.Errorf("cara's row has %d dashes; every rate without a denominator must be —:\n%s", n, row)
	}
	if strings.Contains(row, ">0.00%<") {
		t.Errorf("an undefined rate shows as 0.00%%:\n%s", row)
	}
}

func TestSessionCookie(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name   string
		tls    bool
		force  bool
		secure bool
	}{{"plain HTTP", false, false, false}, {"TLS", true, false, true}, {"behind a TLS proxy", false, true, true}} {
		h, err := New(Config{Store: e.st, SecureCookies: tc.force})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewUnstartedServer(h)
		if tc.tls {
			srv.StartTLS()
		} else {
			srv.Start()
		}
		c := &client{t: t, base: srv.URL, hc: srv.Client()}
		c.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		lr, body := c.get("/login")
		form := url.Values{"csrf": {formToken(t, body)}, "email": {"ana@brand.com"}, "password": {password}}
		req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, ck := range lr.Cookies() {
			req.AddCookie(ck)
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == sessionCookie {
				session = ck
			}
		}
		if session == nil {
			t.Fatalf("%s: no session cookie (%d)", tc.name, resp.StatusCode)
		}
		if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure != tc.secure {
			t.Errorf("%s: cookie HttpOnly=%v SameSite=%v Secure=%v", tc.name, session.HttpOnly, session.SameSite, session.Secure)
		}
		ctx := context.Background()
		if _, err := e.st.SessionByID(ctx, tokenHash(session.Value), time.Now()); err != nil {
			t.Errorf("%s: no session stored under the token's hash: %v", tc.name, err)
		}
		if _, err := e.st.SessionByID(ctx, session.Value, time.Now()); err == nil {
			t.Errorf("%s: the database must hold the token's hash, not the token", tc.name)
		}
		srv.Close()
	}
}

// An unknown dashboard path is the dashboard's own 404 page, in its
// layout and style; a known path with the wrong method stays a 405, and
// a visitor without a session is sent to sign in first.
func TestUnknownPathIsAStyledPage(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	for _, p := range []string{"/links/nope", "/settings/nope", "/import/nope/deeper"} {
		resp, body := c.get(p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
		contains(t, p, body, `href="/static/app.css"`, `<nav class="nav"`, `class="card error-card"`, "<h1>Not Found</h1>",
			"There is no such page", `href="/">Back to the overview`)
	}
	resp, _ := c.get("/logout")
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /logout: %d, Allow %q, want 405 with Allow: POST", resp.StatusCode, resp.Header.Get("Allow"))
	}
	resp, _ = e.client(t).get("/links/nope")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
		t.Errorf("anonymous GET /links/nope: %d → %q, want 303 to /login", resp.StatusCode, loc)
	}
}

// A loss is coloured: the fixture's creators cost more than they brought
// in, so the ROI tile and table cells carry the neg class, while a money
// tile and a zero, positive or undefined value do not.
func TestNegativeNumbersAreMarked(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/")
	contains(t, "overview", body, `<div class="tile-value neg">-71.06%</div>`, `<td class="num neg">-72.76%</td>`)
	_, body = c.get("/creators/ana")
	contains(t, "creator", body, `<div class="tile-value neg">-72.76%</div>`)
	lacks(t, "overview", body, `tile-value neg">$`)
	for _, tc := range []struct {
		c    cell
		want string
	}{
		{cash(-1, "USD"), "num neg"}, {cash(0, "USD"), "num"}, {percent(num(-0.5)), "num neg"},
		{percent(nil), "num muted"}, {count(3), "num"},
	} {
		if got := tc.c.Class(); got != tc.want {
			t.Errorf("%q: class %q, want %q", tc.c.Text, got, tc.want)
		}
	}
}
