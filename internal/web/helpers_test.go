package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
)

func TestMain(m *testing.M) {
	passwordCost = bcrypt.MinCost // the cost is bcrypt's business; tests need speed
	os.Exit(m.Run())
}

// fixture is a small workspace whose numbers are worked out by hand in
// the tests: ana (instagram, micro) earns o1 through her click c1 and o5
// through the same customer; ben (tiktok) earns o2 and o6 with his code;
// o3 is refunded in full and o4 has no touch.
var fixture = []struct{ kind, data string }{
	{"campaigns", "name,starts,ends,goal_metric,goal_target\nSpring,2026-03-01,2026-03-31,orders,8\n"},
	{"creators", "handle,platform,followers,commission_rate\nana,instagram,15000,10%\nben,tiktok,50000,\ncara,youtube,4000,\n"},
	{"posts", "post_id,creator,campaign,platform,format,published_at,impressions,reach,likes,comments,shares,link_clicks\n" +
		"p1,ana,Spring,instagram,reel,2026-03-02 10:00,100000,80000,900,60,40,1500\n" +
		"p2,ben,Spring,tiktok,video,2026-03-03 09:00,50000,40000,4000,500,500,600\n"},
	{"costs", "creator,campaign,kind,amount,date\nana,Spring,fee,500.00,2026-03-01\nben,Spring,fee,300.00,2026-03-01\nben,Spring,product,50.00,2026-03-02\n"},
	{"codes", "code,creator,campaign\nANA10,ana,Spring\nBEN15,ben,Spring\n"},
	{"links", "slug,destination,creator,campaign,post_id\nana1,https://shop.example.com/p,ana,Spring,p1\nben1,https://shop.example.com/q?x=1,ben,Spring,p2\n"},
	{"clicks", "slug,clicked_at,click_id,visitor,user_agent\n" +
		"ana1,2026-03-02 12:00,c1,v1,Mozilla/5.0 (iPhone)\n" +
		"ana1,2026-03-02 13:00,c2,v1,Mozilla/5.0 (iPhone)\n" +
		"ana1,2026-03-03 08:00,c3,v2,Mozilla/5.0 (Android; Mobile)\n" +
		"ben1,2026-03-03 10:00,c4,v3,Mozilla/5.0 (iPhone)\n"},
	{"orders", "order_id,created_at,revenue,refunded,discount_code,click_id,landing_url,customer_id\n" +
		"o1,2026-03-05 10:00,100.00,,,c1,,cu1\n" +
		"o2,2026-03-06 10:00,80.00,,BEN15,c3,,cu2\n" +
		"o3,2026-03-07 10:00,60.00,60.00,ANA10,,,cu5\n" +
		"o4,2026-03-08 10:00,40.00,,,,,cu3\n" +
		"o5,2026-03-09 10:00,50.00,10.00,,,,cu1\n" +
		"o6,2026-03-10 10:00,30.00,,ben15,,https://shop.example.com/?lift_cid=c4,cu4\n"},
}

const password = "a long enough password"

// env is a dashboard on a real database: workspace "brand" holds the
// fixture, workspace "other" holds one creator of its own.
type env struct {
	st    *store.Store
	dsn   string // the database st opened
	brand store.Workspace
	other store.Workspace
	h     *Handler
	srv   *httptest.Server
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.DSN(t)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st, dsn: dsn}
	if e.brand, err = st.CreateWorkspace(ctx, "brand", "salt-brand"); err != nil {
		t.Fatal(err)
	}
	if e.other, err = st.CreateWorkspace(ctx, "other", "salt-other"); err != nil {
		t.Fatal(err)
	}
	for _, f := range fixture {
		e.load(t, e.brand, f.kind, f.data)
	}
	e.load(t, e.other, "campaigns", "name,starts,ends\nWinter,2026-01-01,2026-01-31\n")
	e.load(t, e.other, "creators", "handle,platform,followers\nzed,pinterest,2000\n")
	for _, u := range []struct {
		email string
		ws    []store.Workspace
	}{{"ana@brand.com", []store.Workspace{e.brand}}, {"olly@other.com", []store.Workspace{e.other}},
		{"agency@example.com", []store.Workspace{e.brand, e.other}}} {
		usr, err := CreateUser(ctx, st, u.email, password, u.ws[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range u.ws[1:] {
			if err := st.AddMember(ctx, usr.ID, w.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.h, err = New(Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return time.Date(2026, 3, 16, 12, 0, 0, 0, time.UTC) },
		Webhooks: func(string) []Webhook {
			return []Webhook{{Provider: "shopify", Name: "Shopify", Env: "LIFT_SHOPIFY_WEBHOOK_SECRET", Set: true}, {Provider: "stripe", Name: "Stripe", Env: "LIFT_STRIPE_WEBHOOK_SECRET"}}
		}})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(e.h)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) load(t *testing.T, ws store.Workspace, kind, data string) {
	t.Helper()
	if _, err := importer.Import(context.Background(), e.st, ws, kind, strings.NewReader(data), importer.Options{File: kind + ".csv"}); err != nil {
		t.Fatal(err)
	}
}

// client is one browser: its own cookies, redirects not followed.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func (e *env) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: e.srv.URL, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signedIn is a client signed in as email.
func (e *env) signedIn(t *testing.T, email string) *client {
	t.Helper()
	c := e.client(t)
	if status, loc := c.login(email, password, ""); status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("sign in as %s: %d → %q", email, status, loc)
	}
	_, body := c.get("/settings")
	c.csrf = formToken(t, body)
	return c
}

var tokenRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func formToken(t *testing.T, body string) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in the page:\n%s", body)
	}
	return m[1]
}

// login fills the sign-in form as a browser would.
func (c *client) login(email, pw, next string) (int, string) {
	c.t.Helper()
	_, body := c.get("/login")
	form := url.Values{"csrf": {formToken(c.t, body)}, "email": {email}, "password": {pw}, "next": {next}}
	resp := c.do("POST", "/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	return resp.StatusCode, resp.Header.Get("Location")
}

func (c *client) do(method, path, ctype string, body io.Reader) *http.Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	resp := c.do("GET", path, "", nil)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// post sends a form with the session's token unless the form has its own.
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	}
	resp := c.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// upload posts a file as the import form does.
func (c *client) upload(kind, name, data string, withToken bool) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if withToken {
		mw.WriteField("csrf", c.csrf)
	}
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, data)
	mw.Close()
	resp := c.do("POST", "/import", mw.FormDataContentType(), &buf)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func contains(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func lacks(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s: holds %q", what, w)
		}
	}
}

// count returns how many rows of a kind the workspace holds, as the store
// lists them: every order (void ones too), link (replaced ones too),
// code, cost or Amazon block.
func (e *env) count(t *testing.T, kind string, ws store.Workspace) int {
	t.Helper()
	ctx := context.Background()
	var n int
	var err error
	switch kind {
	case "orders":
		var rows []store.Order
		rows, err = e.st.Orders(ctx, ws.ID)
		n = len(rows)
	case "links":
		var rows []store.Link
		rows, err = e.st.Links(ctx, ws.ID)
		n = len(rows)
	case "codes":
		var rows []store.Code
		rows, err = e.st.Codes(ctx, ws.ID)
		n = len(rows)
	case "costs":
		var rows []store.Cost
		rows, err = e.st.Costs(ctx, ws.ID)
		n = len(rows)
	case "amazon_daily":
		var rows []store.AmazonDay
		rows, err = e.st.AmazonDays(ctx, ws.ID)
		n = len(rows)
	default:
		t.Fatalf("count: no kind %q", kind)
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// rows counts the rows of every table, across workspaces.
func (e *env) rows(t *testing.T) map[string]int64 {
	t.Helper()
	counts, err := e.st.RowCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
