package csvin

import (
	"strings"
	"testing"
	"time"
)

func TestParseOrders(t *testing.T) {
	in := excel(`Revenue,order id,created_at,discount_code,units,Currency,landing_url,customer_id,new_customer,refunded,comment,click_id,Source
"1,234.50",1001,2024-06-02 18:00,"ana10, SUMMER5,ANA10",2,usd,https://shop.example.com/?utm_source=ig&lift_cid=abc%20123,cust-1,yes,34.50,"great, thanks
see you",,
20,1002,2024-06-03T10:00:00-07:00,,,,/products/serum?lift_cid=fromurl,,n,,,cid-9,
20,1001,2024-06-03,,0,EUR,,Ana@Example.com,,20,,,WooCommerce
`)
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []Order{
		{Line: 2, Source: "csv", ExternalID: "1001", Time: ny(2024, 6, 2, 18, 0, 0), Revenue: 123450, Refunded: 3450,
			Currency: "USD", Codes: []string{"ANA10", "SUMMER5"}, ClickID: "abc 123",
			LandingURL: "https://shop.example.com/?utm_source=ig&lift_cid=abc%20123", Customer: "cust-1", NewCustomer: ptr(true), Units: 2},
		{Line: 4, Source: "csv", ExternalID: "1002", Time: time.Date(2024, 6, 3, 17, 0, 0, 0, time.UTC), Revenue: 2000,
			ClickID: "cid-9", LandingURL: "/products/serum?lift_cid=fromurl", NewCustomer: ptr(false), Units: 1},
		{Line: 5, Source: "woocommerce", ExternalID: "1001", Time: ny(2024, 6, 3, 0, 0, 0), Revenue: 2000, Refunded: 2000,
			Currency: "EUR", Customer: "Ana@Example.com", Units: 0},
	})
}

func TestParseOrdersErrors(t *testing.T) {
	in := `order_id,created_at,revenue,refunded,currency,units,new_customer,landing_url
1,2024-06-02,"12,3x",,,,,
2,02/06/2024,10,,,,,
3,2024-06-02,-10,,,,,
4,2024-06-02,20.00,30,,,,
5,2024-06-02,10,,US$,,,
1,2024-06-02,10,,,,,
,2024-06-02,10,,,,,
6,2024-06-02,,-1,,1.5,maybe,
8,2024-06-02,10,,,,,http://a b.com/
7,2024-06-02,10
`
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`orders.csv: line 2: revenue: "12,3x" is not an amount`,
		`orders.csv: line 3: created_at: "02/06/2024" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
		`orders.csv: line 4: revenue: "-10" is negative`,
		`orders.csv: line 5: refunded: 30.00 is more than revenue 20.00`,
		`orders.csv: line 6: currency: "US$" is not a currency code (3 letters, e.g. USD)`,
		`orders.csv: line 7: order_id: duplicate order "1" (first on line 2)`,
		`orders.csv: line 8: order_id: required field is empty`,
		`orders.csv: line 9: revenue: required field is empty`,
		`orders.csv: line 9: refunded: "-1" is negative`,
		`orders.csv: line 9: units: "1.5" is not a whole number`,
		`orders.csv: line 9: new_customer: "maybe" is not true or false (use true/false, yes/no or 1/0)`,
		`orders.csv: line 10: landing_url: "http://a b.com/" is not a URL`,
	)
	// A short row reads its missing fields as empty.
	checkRecords(t, got, []Order{{Line: 11, Source: "csv", ExternalID: "7", Time: ny(2024, 6, 2, 0, 0, 0), Revenue: 1000, Units: 1}})
}

// Every problem is reported, each on the physical line where its record
// starts, even after quoted fields that span lines.
func TestParseOrdersLinesAfterMultilineFields(t *testing.T) {
	in := excel(`order_id,created_at,revenue,note
1,2024-06-02,x,"line one
line two
line three"
2,2024-06-02,5,ok

3,bad,-1,"a
b"
,,,
4,2024-06-02,7,
`)
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`orders.csv: line 2: revenue: "x" is not an amount`,
		`orders.csv: line 7: created_at: "bad" is not a time (use RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])`,
		`orders.csv: line 7: revenue: "-1" is negative`,
	)
	checkRecords(t, got, []Order{
		{Line: 5, Source: "csv", ExternalID: "2", Time: ny(2024, 6, 2, 0, 0, 0), Revenue: 500, Units: 1},
		{Line: 10, Source: "csv", ExternalID: "4", Time: ny(2024, 6, 2, 0, 0, 0), Revenue: 700, Units: 1},
	})
}

func TestParseOrdersMissingColumn(t *testing.T) {
	got, errs, err := ParseOrders(strings.NewReader("order_id,created_at\n1,2024-06-02\n"), opts("orders.csv"))
	checkFatal(t, got, errs, err, `orders.csv: line 1: missing required column "revenue"`)
	got, errs, err = ParseOrders(strings.NewReader("order_id\n1\n"), opts("orders.csv"))
	checkFatal(t, got, errs, err, `orders.csv: line 1: missing required columns "created_at", "revenue"`)
}

// The optional status column takes the platforms' own words.
func TestParseOrdersStatus(t *testing.T) {
	in := "order_id,created_at,revenue,status\n" +
		"1,2024-06-02,10.00,completed\n" +
		"2,2024-06-02,10.00,On-Hold\n" +
		"3,2024-06-02,10.00,cancelled\n" +
		"4,2024-06-02,10.00,\n" +
		"5,2024-06-02,10.00,partially_paid\n" +
		"6,2024-06-02,10.00,shipped\n"
	got, errs, err := ParseOrders(strings.NewReader(in), opts("orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs, `orders.csv: line 7: status: "shipped" is not a payment status (`+PaymentStatuses+`)`)
	want := []struct{ payment, status string }{{Paid, "completed"}, {Pending, "On-Hold"}, {Void, "cancelled"}, {"", ""}, {Paid, "partially_paid"}}
	if len(got) != len(want) {
		t.Fatalf("%d orders, want %d", len(got), len(want))
	}
	for i, o := range got {
		if o.Payment != want[i].payment || o.Status != want[i].status {
			t.Errorf("order %s: payment %q status %q, want %q %q", o.ExternalID, o.Payment, o.Status, want[i].payment, want[i].status)
		}
	}
}
