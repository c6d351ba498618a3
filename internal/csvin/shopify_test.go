package csvin

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
)

// shopifyHeader is the header of Shopify admin's Orders → Export CSV.
const shopifyHeader = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total," +
	"Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price," +
	"Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1," +
	"Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street," +
	"Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone," +
	"Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location," +
	"Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value," +
	"Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID," +
	"Payment Terms Name,Next Payment Due At,Payment References"

// shopifyExport writes rows under the full export header the way Shopify
// does: CRLF, quotes only where needed.
func shopifyExport(t *testing.T, rows ...map[string]string) string {
	t.Helper()
	header := strings.Split(shopifyHeader, ",")
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.Write(header)
	for _, row := range rows {
		rec := make([]string, len(header))
		for i, h := range header {
			rec[i] = row[h]
			delete(row, h)
		}
		if len(row) > 0 {
			t.Fatalf("columns not in the export header: %v", row)
		}
		_ = w.Write(rec)
	}
	w.Flush()
	return "\uFEFF" + b.String()
}

func TestParseShopifyOrders(t *testing.T) {
	in := shopifyExport(t,
		// Line 2, with Note Attributes over two lines.
		map[string]string{
			"Name": "#1001", "Email": " Ana.Customer@Example.com", "Financial Status": "paid", "Paid at": "2024-01-15 10:24:01 -0500",
			"Fulfillment Status": "fulfilled", "Accepts Marketing": "yes", "Currency": "USD", "Subtotal": "90.00", "Shipping": "5.00",
			"Taxes": "7.20", "Total": "102.20", "Discount Code": "ANA10, SUMMER5", "Discount Amount": "10.00",
			"Shipping Method": "Standard", "Created at": "2024-01-15 10:23:45 -0500", "Lineitem quantity": "1",
			"Lineitem name": "Serum, 30 ml", "Lineitem price": "40.00", "Lineitem sku": "SER-30", "Billing Name": "Ana C",
			"Note Attributes": "lift_cid: abc123\nutm_source: instagram", "Payment Method": "Shopify Payments",
			"Refunded Amount": "0.00", "Outstanding Balance": "0.00", "Id": "5550001", "Risk Level": "Low", "Source": "web",
		},
		// Line 4: a second line item of #1001.
		map[string]string{"Name": "#1001", "Email": "ana.customer@example.com", "Created at": "2024-01-15 10:23:45 -0500",
			"Lineitem quantity": "2", "Lineitem name": "Cleanser", "Lineitem price": "25.00", "Lineitem sku": "CLN-1"},
		// Line 5: partly refunded, no Id.
		map[string]string{
			"Name": "#1002", "Financial Status": "partially_refunded", "Currency": "USD", "Subtotal": "40.00", "Shipping": "5.00",
			"Total": "45.00", "Created at": "2024-01-16 08:00:00 -0500", "Lineitem quantity": "2", "Lineitem name": "Mask",
			"Refunded Amount": "15.00", "Source": "web",
		},
		// Line 6: #1001's third line item, after another order.
		map[string]string{"Name": "#1001", "Lineitem quantity": "1", "Lineitem name": "Gift bag", "Lineitem price": "0.00"},
		// Line 7: voided.
		map[string]string{
			"Name": "#1003", "Email": "ben@example.com", "Financial Status": "voided", "Currency": "USD", "Subtotal": "25.00",
			"Total": "30.00", "Discount Code": "BEN15", "Created at": "2024-01-17 23:59:59 +0100", "Lineitem quantity": "1",
			"Refunded Amount": "0.00", "Id": "5550003",
		},
	)
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Order{
		{Line: 2, Source: "shopify", ExternalID: "5550001", Time: time.Date(2024, 1, 15, 15, 23, 45, 0, time.UTC), Revenue: 9000,
			Currency: "USD", Codes: []string{"ANA10", "SUMMER5"}, ClickID: "abc123", Customer: "ana.customer@example.com", Units: 4,
			Payment: Paid, Status: "paid"},
		{Line: 5, Source: "shopify", ExternalID: "#1002", Time: time.Date(2024, 1, 16, 13, 0, 0, 0, time.UTC), Revenue: 4000,
			Refunded: 1500, Currency: "USD", Units: 2, Payment: Paid, Status: "partially_refunded"},
		// Voided: kept, never counted (the report leaves void orders out).
		{Line: 7, Source: "shopify", ExternalID: "5550003", Time: time.Date(2024, 1, 17, 22, 59, 59, 0, time.UTC), Revenue: 2500,
			Currency: "USD", Codes: []string{"BEN15"}, Customer: "ben@example.com", Units: 1, Payment: Void, Status: "voided"},
	})
}

// Refunded Amount counts tax and shipping, which revenue leaves out.
func TestParseShopifyRefunds(t *testing.T) {
	in := `Name,Subtotal,Shipping,Taxes,Total,Refunded Amount,Financial Status,Cancelled at,Created at
#1,50.00,,,59.00,59.00,refunded,,2024-01-15 10:00:00 -0500
#2,50.00,,,59.00,54.00,partially_refunded,,2024-01-15 10:00:00 -0500
#3,50.00,,,59.00,20.00,partially_refunded,,2024-01-15 10:00:00 -0500
#4,50.00,,,59.00,0.00,paid,2024-01-16 09:00:00 -0500,2024-01-15 10:00:00 -0500
#5,50.00,,,59.00,59.00,paid,,2024-01-15 10:00:00 -0500
#6,0.00,,,0.00,0.00,paid,,2024-01-15 10:00:00 -0500
#7,50.00,5.00,4.00,59.00,27.00,partially_refunded,,2024-01-15 10:00:00 -0500
#8,50.00,5.00,4.00,59.00,10.00,partially_refunded,,2024-01-15 10:00:00 -0500
#9,50.00,5.00,0.00,55.00,10.00,partially_refunded,,2024-01-15 10:00:00 -0500
#10,0.00,0.00,0.00,0.00,0.00,voided,2024-01-16 09:00:00 -0500,2024-01-15 10:00:00 -0500
`
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil || len(errs) > 0 {
		t.Fatal(err, errs)
	}
	want := []struct {
		refunded int64
		payment  string
	}{
		{5000, Paid}, {5000, Paid}, {2000, Paid},
		{0, Void}, // cancelled: void, kept, never counted
		{5000, Paid}, {0, Paid},
		// Subtotal + Shipping + Taxes = Total: tax comes off the refund in
		// proportion, 27.00 × 50/54 = 25.00 and 10.00 × 50/54 = 9.259… → 9.26.
		{2500, Paid}, {926, Paid},
		{1000, Paid}, // no tax: all of it
		{0, Void},    // cancelled with subtotal 0: no order
	}
	for i, o := range got {
		if int64(o.Refunded) != want[i].refunded || o.Payment != want[i].payment || o.Units != 1 {
			t.Errorf("%s: refunded %s payment %q units %d, want refunded %d payment %q", o.ExternalID, o.Refunded, o.Payment, o.Units, want[i].refunded, want[i].payment)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d orders, want %d", len(got), len(want))
	}
}

func TestParseShopifyUnknownStatus(t *testing.T) {
	in := "Name,Subtotal,Created at,Financial Status\n#1,10.00,2024-01-15 10:00:00 -0500,layaway\n"
	_, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `line 2: Financial Status: "layaway" is not a payment status (paid, `) {
		t.Errorf("errors %v", errs)
	}
}

func TestParseShopifyOrdersErrors(t *testing.T) {
	in := `Name,Subtotal,Created at,Lineitem quantity,Id,Currency,Cancelled at
#1,10.00,2024-01-15 10:00:00 -0500,1,77,USD,
#1,,,x,,,
#2,abc,2024-01-15 10:00:00 -0500,1,,USD,
#3,,2024-01-15 10:00:00 -0500,1,,,
#4,10.00,2024-01-15 10:00:00 -0500,1,,USD,
#4,10.00,2024-01-15 10:00:00 -0500,1,,USD,
#5,10.00,2024-01-15 10:00:00 -0500,1,77,USD,
#6,10.00,15/01/2024,1,,usd$,
,10.00,2024-01-15 10:00:00 -0500,1,,USD,
#7,-1.00,2024-01-15 10:00:00 -0500,-1,,,soon
#8,10.00,2024-01-15 10:00:00 -0500,1,,,
#9,10.00,2024-01-15 10:00:00 -0500,,88,,
#8,,,2,,,
#10,,,1,,,
#10,5.00,2024-01-15T10:00:00Z,2,,,
`
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`orders_export.csv: line 3: Lineitem quantity: "x" is not a whole number`,
		`orders_export.csv: line 4: Subtotal: "abc" is not an amount`,
		`orders_export.csv: line 5: Subtotal: required field is empty`,
		`orders_export.csv: line 7: Name: duplicate order "#4" (first on line 6)`,
		`orders_export.csv: line 8: Id: duplicate order "77" (first on line 2)`,
		`orders_export.csv: line 9: Created at: "15/01/2024" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
		`orders_export.csv: line 9: Currency: "usd$" is not a currency code (3 letters, e.g. USD)`,
		`orders_export.csv: line 10: Name: required field is empty`,
		`orders_export.csv: line 11: Subtotal: "-1.00" is negative`,
		`orders_export.csv: line 11: Lineitem quantity: "-1" is negative`,
		`orders_export.csv: line 11: Cancelled at: "soon" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
	)
	// #1 is left out whole because one of its line items is wrong, #4
	// because it is in the file twice; #8's line items are summed across
	// the file, in any order.
	checkRecords(t, got, []Order{
		{Line: 12, Source: "shopify", ExternalID: "#8", Time: time.Date(2024, 1, 15, 15, 0, 0, 0, time.UTC), Revenue: 1000, Units: 3},
		{Line: 13, Source: "shopify", ExternalID: "88", Time: time.Date(2024, 1, 15, 15, 0, 0, 0, time.UTC), Revenue: 1000, Units: 0},
		{Line: 16, Source: "shopify", ExternalID: "#10", Time: time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC), Revenue: 500, Units: 3},
	})
}

func TestParseShopifyOrdersMissingColumn(t *testing.T) {
	got, errs, err := ParseShopifyOrders(strings.NewReader("Name,Subtotal,Total\n#1,1,1\n"), opts("orders_export.csv"))
	checkFatal(t, got, errs, err, `orders_export.csv: line 1: missing required column "Created at"`)
}

func TestParseShopifyUnitsOverflow(t *testing.T) {
	in := "Name,Subtotal,Created at,Lineitem quantity\n#1,1.00,2024-01-15,9223372036854775807\n#1,,,1\n"
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs, `orders_export.csv: line 3: Lineitem quantity: "1" makes the order's units too large`)
	if len(got) != 0 {
		t.Errorf("records: %+v", got)
	}
}

// Shopify numbers its tax columns: any number is known, anything else in
// their place is named.
func TestShopifyTaxColumnsFamily(t *testing.T) {
	in := "Name,Subtotal,Created at,Tax 1 Name,Tax 1 Value,tax_12_value,Tax Name,Tax A Value,Tax 1 Names\n#1,1.00,2024-01-15,VAT,0.20,,,,\n"
	var ignored []string
	o := opts("orders_export.csv")
	o.Ignored = &ignored
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), o)
	if err != nil || len(errs) > 0 || len(got) != 1 {
		t.Fatal(got, errs, err)
	}
	if strings.Join(ignored, "|") != "Tax Name|Tax A Value|Tax 1 Names" {
		t.Errorf("ignored %q", ignored)
	}
}

// A column Lift does not read cannot refuse an order: a customer's long
// note with a stray control character is not kept anyway.
func TestShopifyColumnsNotReadAreNotChecked(t *testing.T) {
	note := strings.Repeat("gift wrap please ", 1100) + "\x01"
	in := "Name,Subtotal,Created at,Notes,Source\n#1,1.00,2024-01-15,\"" + note + "\"," + strings.Repeat("x", MaxID+1) + "\n"
	got, errs, err := ParseShopifyOrders(strings.NewReader(in), opts("orders_export.csv"))
	if err != nil || len(errs) > 0 || len(got) != 1 {
		t.Fatal(got, errs, err)
	}
}

// An order's rows are grouped within ShopifyWindow rows of its first: a
// line item further away is refused, not added to an order already
// handed on, and an order's duplicate is found however far away.
func TestShopifyWindow(t *testing.T) {
	var b strings.Builder
	b.WriteString("Name,Subtotal,Created at,Lineitem quantity,Id\n")
	for i := range ShopifyWindow + 1 {
		fmt.Fprintf(&b, "#%d,10.00,2024-01-15 10:00:00,1,%d\n", i, i)
	}
	b.WriteString("#0,,,2,\n")                 // line ShopifyWindow+3: too late for #0
	b.WriteString("#5,,,1,\n")                 // within the window of #5's first row: grouped
	b.WriteString("#x,10.00,2024-01-15,1,3\n") // Id 3 again
	orders, errs, err := ParseShopifyOrders(strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != ShopifyWindow+1 || orders[0].Units != 1 || orders[5].Units != 2 {
		t.Fatalf("%d orders; #0 with %d units, #5 with %d", len(orders), orders[0].Units, orders[5].Units)
	}
	want := []string{
		fmt.Sprintf(`orders_export.csv: line %d: Name: order "#0" has a row more than %d rows after its first (line 2): keep each order's rows together, as Shopify's export does`, ShopifyWindow+3, ShopifyWindow),
		fmt.Sprintf(`orders_export.csv: line %d: Id: duplicate order "3" (first on line 5)`, ShopifyWindow+5),
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
