package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"testing"

	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// uploadFields posts a file with the import form's other fields.
func (c *client) uploadFields(fields url.Values, name, data string) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, data)
	mw.Close()
	resp := c.do("POST", "/import", mw.FormDataContentType(), &buf)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// TestImportAssociatesSummaryPeriod uploads an Earnings by Tracking ID
// summary, which has no dates, on the dashboard: refused without its
// period, stored as one block for the From and To the form gives, and the
// same upload again changes nothing.
func TestImportAssociatesSummaryPeriod(t *testing.T) {
	e := newEnv(t)
	for _, tag := range []string{"ana-20", "ben0c-20", "others"} {
		m := importer.AmazonTagInfo{Tag: tag, Creator: "ana", Campaign: "Spring"}
		if _, err := importer.CreateAmazonTag(context.Background(), e.st, e.brand, m, false); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile("../csvin/testdata/amazon/earnings-by-tracking-id.csv")
	if err != nil {
		t.Fatal(err)
	}
	file := string(raw)
	c := e.signedIn(t, "ana@brand.com")
	kind := url.Values{"kind": {"amazon-associates"}}
	with := func(from, to string) url.Values {
		return url.Values{"kind": {"amazon-associates"}, "from": {from}, "to": {to}}
	}

	_, body := c.uploadFields(kind, "earnings.csv", file)
	contains(t, "no period", body, "this summary has no dates", "From and To on the dashboard&#39;s import")
	lacks(t, "no period", body, `name="token"`)
	for _, tc := range []struct {
		fields url.Values
		want   string
	}{
		{with("2026-03-01", ""), "Give both From and To"},
		{with("2026-03-01", "14/03/2026"), "is not a day: use YYYY-MM-DD"},
		{with("2026-03-14", "2026-03-01"), "ends before it starts"},
		{url.Values{"kind": {"orders"}, "from": {"2026-03-01"}, "to": {"2026-03-14"}}, "only for an amazon-associates summary"},
	} {
		_, body := c.uploadFields(tc.fields, "earnings.csv", file)
		contains(t, tc.want, body, tc.want)
		lacks(t, tc.want, body, `name="token"`)
	}
	if n := e.count(t, "amazon_daily", e.brand); n != 0 {
		t.Fatalf("refused uploads stored %d rows", n)
	}

	for i, want := range []string{"stored 3, updated 0, unchanged 0", "stored 0, updated 0, unchanged 3"} {
		_, body := c.uploadFields(with("2026-03-01", "2026-03-14"), "earnings.csv", file)
		contains(t, "period given", body, `value="2026-03-01"`, `value="2026-03-14"`)
		m := uploadToken.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("upload %d: no token in the preview:\n%s", i, body)
		}
		resp, _ := c.post("/import/confirm", url.Values{"token": {m[1]}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload %d: import %d", i, resp.StatusCode)
		}
		_, page := c.get(resp.Header.Get("Location"))
		contains(t, "import notice", page, want)
	}
	days, err := e.st.AmazonDays(context.Background(), e.brand.ID)
	if err != nil || len(days) == 0 {
		t.Fatalf("amazon days %v, %v", days, err)
	}
	n, from, ends := len(days), days[0].Date, days[0].Ends
	var ana []store.AmazonDay
	for _, d := range days {
		from, ends = min(from, d.Date), min(ends, d.Ends)
		if d.Tag == "ana-20" {
			ana = append(ana, d)
		}
	}
	if n != 3 || from != "2026-03-01" || ends != "2026-03-14" {
		t.Errorf("stored %d blocks from %s to %s, want 3 blocks 2026-03-01..2026-03-14", n, from, ends)
	}
	// ana-20: 1,204 clicks, 31 items ordered, $1,085.40 ordered, $59.98 returned.
	if len(ana) != 1 {
		t.Fatalf("%d blocks of ana-20, want 1", len(ana))
	}
	clicks, ordered, sales, returned := ana[0].ClickThroughs, ana[0].Purchases, ana[0].Sales, ana[0].ReturnedRevenue
	if clicks != 1204 || ordered != 31 || sales != 108540 || returned != 5998 {
		t.Errorf("ana-20 = %d clicks, %d ordered, %d¢ sales, %d¢ returned; want 1204, 31, 108540, 5998", clicks, ordered, sales, returned)
	}
}
