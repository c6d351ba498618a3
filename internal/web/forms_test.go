package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/liftmetrics/lift/internal/server"
)

var uploadToken = regexp.MustCompile(`name="token" value="([^"]+)"`)

func TestImportShowsEveryBadRowAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	before := e.count(t, "orders", e.brand)
	bad := "order_id,created_at,revenue\nx1,2026-03-05,10.00\nx2,not a date,5.00\nx3,2026-03-06,abc\n"
	resp, body := c.upload("orders", "bad.csv", bad, true)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, body)
	}
	contains(t, "preview of a bad file", body, "bad.csv", "nothing was written",
		`<td class="num mono">3</td><td class="mono">created_at</td>`, `<td class="num mono">4</td><td class="mono">revenue</td>`,
		"<span>3</span> rows read", "<span>2</span> refused", "First rows of the file", "<td>x1</td>",
		"Import the 1 good row, skip the 2 bad")
	if n := e.count(t, "orders", e.brand); n != before {
		t.Fatalf("a preview wrote %d orders", n-before)
	}
	// Every problem downloads as CSV, for whoever fixes the file.
	tok := uploadToken.FindStringSubmatch(body)[1]
	resp, errs := c.get("/import/errors?token=" + url.QueryEscape(tok))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="brand-bad-errors.csv"` ||
		!strings.HasPrefix(errs, "line,column,problem\n3,created_at,") || !strings.Contains(errs, "\n4,revenue,") {
		t.Errorf("errors CSV: %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Disposition"), errs)
	}
	if resp, _ := e.signedIn(t, "olly@other.com").get("/import/errors?token=" + url.QueryEscape(tok)); resp.StatusCode != http.StatusGone {
		t.Errorf("another user's errors: %d, want 410", resp.StatusCode)
	}
	// Skipping the bad rows imports the good one.
	resp, _ = c.post("/import/confirm", url.Values{"token": {tok}, "skip_bad": {"1"}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "stored+1") || !strings.Contains(loc, "refused+2") {
		t.Errorf("skip bad: %d → %q", resp.StatusCode, loc)
	}
	if n := e.count(t, "orders", e.brand); n != before+1 {
		t.Errorf("skip bad stored %d orders, want 1", n-before)
	}
}

func TestImportPreviewThenImport(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	before := e.count(t, "orders", e.brand)
	good := "order_id,created_at,revenue,discount_code,Order Notes\nx1,2026-03-11 10:00,20.00,ANA10,gift\nx2,2026-03-12,30.00,,\n"
	resp, body := c.upload("orders", "good.csv", good, true)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d", resp.StatusCode)
	}
	contains(t, "preview", body, "Every row is good", "Import 2 rows", "<span>2</span> new", "<td>x2</td>",
		`Ignored columns, which Lift does not read for orders: <span class="mono">Order Notes</span>.`)
	if n := e.count(t, "orders", e.brand); n != before {
		t.Fatalf("the preview wrote %d orders", n-before)
	}
	tok := uploadToken.FindStringSubmatch(body)[1]

	// Another user cannot import someone else's upload.
	olly := e.signedIn(t, "olly@other.com")
	if resp, _ := olly.post("/import/confirm", url.Values{"token": {tok}}); resp.StatusCode != http.StatusGone {
		t.Errorf("another session's upload: %d, want 410", resp.StatusCode)
	}

	resp, _ = c.post("/import/confirm", url.Values{"token": {tok}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/import?notice=") {
		t.Fatalf("import: %d → %q", resp.StatusCode, loc)
	}
	_, body = c.get(loc)
	contains(t, "after the import", body, "orders good.csv: read 2, stored 2, updated 0, unchanged 0, refused 0; ignored columns: Order Notes",
		"<td>good.csv</td>", "<td>Order Notes</td>")
	if n := e.count(t, "orders", e.brand); n != before+2 {
		t.Errorf("stored %d orders, want 2", n-before)
	}
	// The leaderboard changed: ana's code earned x1's $20.
	_, body = c.get("/creators")
	contains(t, "leaderboard", body, "$160.00")

	if resp, body := c.post("/import/confirm", url.Values{"token": {tok}}); resp.StatusCode != http.StatusGone {
		t.Errorf("the same upload twice: %d\n%s", resp.StatusCode, body)
	}
	// Importing the file again changes nothing.
	_, body = c.upload("orders", "good.csv", good, true)
	contains(t, "re-import", body, "<span>2</span> unchanged", "<span>0</span> new")
}

// TestNoticesCannotBeForged: a success message shows only when the
// server made it for this session; text put in a link is not shown.
func TestNoticesCannotBeForged(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	forged := "Your account is suspended: call +1 555 0100"
	for _, path := range []string{"/import?done=", "/import?notice=", "/settings?saved=", "/settings?notice="} {
		_, body := c.get(path + url.QueryEscape(forged) + "&sig=00")
		lacks(t, path, body, `role="status">Your account`)
	}
	// A real notice of another session does not show in this one.
	resp, _ := c.post("/settings/workspace", url.Values{"currency": {"USD"}, "timezone": {"UTC"}})
	loc := resp.Header.Get("Location")
	_, body := c.get(loc)
	contains(t, "own notice", body, `role="status">Workspace settings saved.`)
	_, body = e.signedIn(t, "agency@example.com").get(loc)
	lacks(t, "another session's notice", body, "Workspace settings saved.")
}

// TestLinksPageShowsOnlyItsOwn: a slug held by another workspace is "not
// available", the same as one held here, and the page shows as created
// or generated only this workspace's own links and codes.
func TestLinksPageShowsOnlyItsOwn(t *testing.T) {
	e := newEnv(t)
	olly := e.signedIn(t, "olly@other.com")
	resp, body := olly.post("/links", url.Values{"creator": {"zed"}, "campaign": {"Winter"},
		"destination": {"https://other.example.com/"}, "slug": {"ana1"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("another workspace's slug: %d", resp.StatusCode)
	}
	contains(t, "another workspace's slug", body, `slug &#34;ana1&#34; is not available; choose another`)
	lacks(t, "another workspace's slug", body, "another workspace", "in use", "taken")
	_, body = olly.get("/links?created=" + url.QueryEscape("x.example/phish") + "&generated=CALL-555,ANA10")
	lacks(t, "forged created", body, "Link created", "x.example/phish", "CALL-555", "ANA10")
}

func TestImportRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	tests := []struct {
		name, kind, data string
		status           int
		want             string
	}{
		{"no kind", "", "a\n1\n", http.StatusUnprocessableEntity, "Choose what the file holds"},
		{"unknown kind", "invoices", "a\n1\n", http.StatusUnprocessableEntity, "Choose what the file holds"},
		{"missing column", "orders", "id,when\n1,2026-03-01\n", http.StatusOK, "order_id"},
		{"unknown creator", "codes", "code,creator,campaign\nZED10,zed,Spring\n", http.StatusOK, "unknown creator"},
	}
	for _, tc := range tests {
		resp, body := c.upload(tc.kind, "f.csv", tc.data, true)
		if resp.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
		contains(t, tc.name, body, tc.want)
		lacks(t, tc.name, body, `action="/import/confirm"`)
	}
}

func TestLinksAndCodes(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	resp, _ := c.post("/links", url.Values{"creator": {"ana/instagram"}, "campaign": {"Spring"},
		"destination": {"https://shop.example.com/new"}, "slug": {"ana-new"}, "post": {"p1"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/links?created=ana-new" {
		t.Fatalf("create link: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body := c.get("/links?created=ana-new")
	contains(t, "links", body, "Link created", e.srv.URL+"/ana-new", "https://shop.example.com/new")

	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"script destination", url.Values{"destination": {"javascript:alert(1)"}}, "not an absolute http or https URL"},
		{"reserved slug", url.Values{"slug": {"import"}}, "reserved"},
		{"slug taken", url.Values{"slug": {"ana1"}}, "is already the link of creator ana"},
		{"unknown campaign", url.Values{"campaign": {"Autumn"}}, "Autumn"},
	} {
		form := url.Values{"creator": {"ana"}, "campaign": {"Spring"}, "destination": {"https://shop.example.com/x"}, "slug": {"ok-slug"}}
		for k, v := range tc.form {
			form[k] = v
		}
		resp, body := c.post("/links", form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", tc.name, resp.StatusCode)
		}
		contains(t, tc.name, body, "The link was not created", tc.want)
	}
	if n := e.count(t, "links", e.brand); n != 3 {
		t.Errorf("%d links, want the 2 of the fixture and ana-new", n)
	}

	resp, _ = c.post("/codes", url.Values{"creator": {"ben"}, "campaign": {"Spring"}, "pattern": {"SPR{NN}"}, "count": {"3"}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/links?generated=SPR") {
		t.Fatalf("generate codes: %d → %q", resp.StatusCode, loc)
	}
	if n := e.count(t, "codes", e.brand); n != 5 {
		t.Errorf("%d codes, want 2 + 3", n)
	}
	for _, tc := range []struct{ name, count, creator, want string }{
		{"none", "0", "ben", "between 1 and 1000"},
		{"not a number", "three", "ben", "whole number"},
		{"unknown creator", "1", "zed", "unknown creator"},
	} {
		resp, body := c.post("/codes", url.Values{"creator": {tc.creator}, "campaign": {"Spring"}, "count": {tc.count}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", tc.name, resp.StatusCode)
		}
		contains(t, tc.name, body, "No codes were generated", tc.want)
	}
}

func TestSettings(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	resp, _ := c.post("/settings/attribution", url.Values{"model": {"linear"}, "window": {"14d"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("attribution: %d", resp.StatusCode)
	}
	_, body := c.get("/creators")
	// Linear: o2 is shared between ana's click and ben's code.
	contains(t, "creators under linear", body, "linear, 14d window", ">2.50<", "$180.00")
	_, body = c.get("/creators?model=last-touch&window=30d")
	contains(t, "a page can switch back", body, "last-touch, 30d window", "$140.00")

	for _, tc := range []struct {
		path string
		form url.Values
		want string
	}{
		{"/settings/attribution", url.Values{"model": {"linear"}, "window": {"soon"}}, "not understood"},
		{"/settings/attribution", url.Values{"model": {"best"}, "window": {"30d"}}, "unknown attribution model"},
		{"/settings/workspace", url.Values{"currency": {"USD"}, "timezone": {"Mars/Olympus"}}, "is not known"},
		{"/settings/workspace", url.Values{"currency": {"EUR"}, "timezone": {"UTC"}}, "cannot change"},
	} {
		resp, body := c.post(tc.path, tc.form)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s %v: %d", tc.path, tc.form, resp.StatusCode)
		}
		contains(t, tc.path, body, tc.want)
	}
	if resp, _ := c.post("/settings/workspace", url.Values{"currency": {"USD"}, "timezone": {"Europe/Berlin"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("time zone: %d", resp.StatusCode)
	}
	_, body = c.get("/settings")
	contains(t, "settings", body, `value="Europe/Berlin"`, "days in Europe/Berlin", `name="count_pending" value="yes" >`)
	// Cash on delivery: pending orders count, and reports say so.
	if resp, _ := c.post("/settings/workspace", url.Values{"currency": {"USD"}, "timezone": {"Europe/Berlin"}, "count_pending": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("count pending: %d", resp.StatusCode)
	}
	_, body = c.get("/settings")
	contains(t, "settings", body, `name="count_pending" value="yes" checked>`)
}

func TestAPIKeys(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	resp, body := c.post("/settings/apikeys", url.Values{"name": {"shop"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("create key: %d", resp.StatusCode)
	}
	key := regexp.MustCompile(`value="(lift_[0-9A-Za-z]+)"`).FindStringSubmatch(body)
	if key == nil {
		t.Fatalf("the new key is not shown:\n%s", body)
	}
	contains(t, "new key", body, "shown this once", "<td>shop</td>", key[1][:9]+"…")
	_, body = c.get("/settings")
	lacks(t, "settings later", body, key[1])
	sum := sha256.Sum256([]byte(key[1]))
	k, err := e.st.APIKeyByHash(context.Background(), hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatalf("the key does not work: %v", err)
	}
	path := "/settings/apikeys/" + strconv.FormatInt(k.ID, 10) + "/revoke"
	olly := e.signedIn(t, "olly@other.com")
	if resp, _ := olly.post(path, url.Values{}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another workspace's key: %d, want 404", resp.StatusCode)
	}
	if resp, _ := c.post(path, url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if _, err := e.st.APIKeyByHash(context.Background(), hex.EncodeToString(sum[:])); err == nil {
		t.Error("a revoked key still works")
	}
	_, body = c.get("/settings")
	contains(t, "settings after revoking", body, "revoked")
	// A key from the command line shows too, by its prefix only.
	other, err := server.CreateAPIKey(context.Background(), e.st, e.brand, "")
	if err != nil {
		t.Fatal(err)
	}
	_, body = c.get("/settings")
	contains(t, "settings", body, other[:9]+"…", "(no name)")
	lacks(t, "settings", body, other)
}

// The overview says what unpaid orders add, and whether they count.
func TestOverviewShowsPendingOrders(t *testing.T) {
	e := newEnv(t)
	e.load(t, e.brand, "orders", "order_id,created_at,revenue,discount_code,status\npd1,2026-03-10 10:00,70.00,ANA10,pending\n")
	c := e.signedIn(t, "ana@brand.com")
	_, body := c.get("/")
	contains(t, "overview", body, "Not paid yet: $70.00 in orders (1 credited), not in these numbers: they count once paid.")
	if resp, _ := c.post("/settings/workspace", url.Values{"currency": {"USD"}, "timezone": {"UTC"}, "count_pending": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("count pending: %d", resp.StatusCode)
	}
	_, body = c.get("/")
	contains(t, "overview", body, "Not paid yet: $70.00 in orders (1 credited), counted in these numbers")
}

// TestPlainFormsAreBoundedToOneMiB: a form without a file is held to
// 1 MiB (the whole form is parsed into memory; only uploads may reach
// 64 MiB), and a refused form changes nothing.
func TestPlainFormsAreBoundedToOneMiB(t *testing.T) {
	e := newEnv(t)
	c := e.signedIn(t, "ana@brand.com")
	form := url.Values{"currency": {"USD"}, "timezone": {"Europe/Berlin"}, "pad": {strings.Repeat("x", 1<<20)}}
	resp, body := c.post("/settings/workspace", form)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "larger than 1 MiB") {
		t.Fatalf("a 1 MiB form: %d\n%s", resp.StatusCode, body)
	}
	w, err := e.st.WorkspaceByID(context.Background(), e.brand.ID)
	if err != nil {
		t.Fatal(err)
	}
	if w.Timezone == "Europe/Berlin" {
		t.Error("a refused form changed the workspace's time zone")
	}
	form.Del("pad")
	if resp, body := c.post("/settings/workspace", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a small form: %d\n%s", resp.StatusCode, body)
	}
}

// A webhook secret set on the settings page is stored for the workspace
// only, shown as "set on <date>" and never shown back, not even when the
// form is refused.
func TestWebhookSecretForm(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.signedIn(t, "ana@brand.com")
	const secret = "shpss_dashboard_0123456789"
	resp, _ := c.post("/settings/webhooks/shopify", url.Values{"secret": {"  " + secret + "\n"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set: %d", resp.StatusCode)
	}
	if got, err := e.st.WebhookSecret(ctx, e.brand.ID, "shopify"); err != nil || got != secret {
		t.Errorf("stored %q, %v", got, err)
	}
	if _, err := e.st.WebhookSecret(ctx, e.other.ID, "shopify"); err == nil {
		t.Error("the other workspace got the secret")
	}
	_, body := c.get(resp.Header.Get("Location"))
	contains(t, "settings after set", body, "The Shopify webhook secret is set", "secret set on 20",
		"Stored here, so <span class=\"mono\">LIFT_SHOPIFY_WEBHOOK_SECRET</span> in the server's environment is not used",
		"Replace secret", "/settings/webhooks/shopify/remove")
	lacks(t, "settings after set", body, secret)

	for _, tc := range []struct{ name, secret, want string }{
		{"empty", "", "Shopify: the webhook secret is empty."},
		{"line break", "shpss_a\nshpss_b", "control character"},
	} {
		resp, body := c.post("/settings/webhooks/shopify", url.Values{"secret": {tc.secret}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", tc.name, resp.StatusCode)
		}
		contains(t, tc.name, body, tc.want)
		lacks(t, tc.name, body, "shpss_a", secret)
	}
	if got, _ := e.st.WebhookSecret(ctx, e.brand.ID, "shopify"); got != secret {
		t.Errorf("a refused form changed the secret to %q", got)
	}
	if resp, _ := c.post("/settings/webhooks/paypal", url.Values{"secret": {"x"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown webhook: %d", resp.StatusCode)
	}
	if resp, _ := c.post("/settings/webhooks/shopify/remove", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("remove: %d", resp.StatusCode)
	}
	if _, err := e.st.WebhookSecret(ctx, e.brand.ID, "shopify"); err == nil {
		t.Error("the secret is still stored after remove")
	}
	_, body = c.get("/settings")
	contains(t, "settings after remove", body, "secret set in the environment", "Set secret")
	lacks(t, "settings after remove", body, "secret set on")
}
