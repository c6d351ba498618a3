package importer

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// shopifyFile reads one of the Shopify order exports in csvin's testdata,
// written to reproduce Shopify admin's export: every column in Shopify's
// order, a BOM, CRLF line ends, one row per line item.
func shopifyFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "csvin", "testdata", "shopify", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type storedOrder struct {
	revenue, refunded, units                         int64
	codes, click, payment, status, landing, referrer string
}

// A real export imports whole: the numbers per order are hand-computed
// from the file, no column of it is listed as ignored, and importing it
// again changes nothing.
func TestImportShopifyRealExport(t *testing.T) {
	st, ws := seeded(t)
	mustImport(t, st, ws, "codes", "code,creator,campaign\nANA10,ana/instagram,Spring\nBEN15,ben,Spring\n")
	files := []string{"orders_export.csv", "orders_export_sites.csv"}
	for _, f := range files {
		res, err := imp(t, st, ws, "shopify-orders", shopifyFile(t, f), Options{File: f})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if res.Ignored != nil || strings.Contains(res.String(), "ignored") {
			t.Errorf("%s: ignored columns %q", f, res.Ignored)
		}
	}
	want := map[string]storedOrder{
		// 2 × 29.00 + 25.00 + 0.00 = 83.00, less ANA10's 10% (8.30) =
		// 74.70; units 2 + 1 + 1 over three rows; lift_cid from Note
		// Attributes.
		"5812340001": {revenue: 7470, units: 4, codes: "ANA10", click: "c-1001", payment: "paid", status: "paid"},
		// Refunded: the whole Subtotal comes back, tax apart.
		"5812340002": {revenue: 2900, refunded: 2900, units: 1, payment: "paid", status: "refunded"},
		// Cancelled and voided, Subtotal 0.00: kept, never counted.
		"5812340003": {units: 1, codes: "BEN15", payment: "void", status: "voided"},
		// 50.00 + 5.00 + 4.00 = 59.00 = Total, so the tax part comes off
		// the 27.00 refund: 27.00 × 50 / 54 = 25.00.
		"5812340004": {revenue: 5000, refunded: 2500, units: 2, payment: "paid", status: "partially_refunded"},
		// lift_cid from Landing Site, host of Referring Site.
		"5812340005": {revenue: 2610, units: 1, codes: "ANA10", click: "c-1005", payment: "paid", status: "paid",
			landing: "/products/vitamin-c-serum?lift_cid=c-1005&utm_source=instagram", referrer: "l.instagram.com"},
	}
	orders, err := st.Orders(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]storedOrder{}
	for _, o := range orders {
		if o.Source != "shopify" {
			continue
		}
		got[o.ExternalID] = storedOrder{revenue: int64(o.Revenue), refunded: int64(o.Refunded), units: o.Units,
			codes: strings.Join(o.Codes, ","), click: o.ClickID, payment: o.Payment, status: o.Status,
			landing: o.LandingURL, referrer: o.Referrer}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("orders\n got %+v\nwant %+v", got, want)
	}
	for _, f := range files {
		again, err := imp(t, st, ws, "shopify-orders", shopifyFile(t, f), Options{File: f})
		if err != nil || again.Stored != 0 || again.Updated != 0 || again.Unchanged != again.Read {
			t.Errorf("re-import %s: %v %v", f, again, err)
		}
	}
}

// A column Shopify renamed is never dropped silently: a required one
// refuses the file and is named, another is listed as ignored.
func TestImportShopifyRenamedColumn(t *testing.T) {
	st, ws := seeded(t)
	data := shopifyFile(t, "orders_export.csv")
	header, rest, _ := strings.Cut(data, "\r\n")
	rename := func(from, to string) string {
		h := strings.Replace(header, ","+from+",", ","+to+",", 1)
		if h == header {
			t.Fatalf("no column %q", from)
		}
		return h + "\r\n" + rest
	}
	_, err := imp(t, st, ws, "shopify-orders", rename("Subtotal", "Subtotal Price"), Options{File: "orders_export.csv"})
	if err == nil || !strings.Contains(err.Error(),
		`orders_export.csv: line 1: missing required column "Subtotal" (unknown columns in the file: "Subtotal Price")`) {
		t.Errorf("renamed Subtotal: %v", err)
	}
	res, err := imp(t, st, ws, "shopify-orders", rename("Discount Code", "Discount Codes"), Options{File: "orders_export.csv", DryRun: true})
	if err != nil || !reflect.DeepEqual(res.Ignored, []string{"Discount Codes"}) ||
		!strings.Contains(res.String(), "; ignored columns: Discount Codes") {
		t.Errorf("renamed Discount Code: %v %v", res, err)
	}
	if n := count(t, st, "orders"); n != 0 {
		t.Errorf("%d orders stored", n)
	}
}
