package csvin

import (
	"bytes"
	"fmt"
	"testing"
)

// ordersFile generates a realistic orders.csv: a few creators' codes, some
// landing URLs with click ids, several currencies and customers.
func ordersFile(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("order_id,created_at,revenue,currency,discount_code,click_id,landing_url,customer_id,new_customer,units,refunded\n")
	codes := []string{"", "ANA10", "ben15", "CARA5, SUMMER", ""}
	for i := range rows {
		landing := ""
		if i%3 == 0 {
			landing = fmt.Sprintf("https://shop.example.com/p/serum?utm_source=ig&lift_cid=c%d", i)
		}
		fmt.Fprintf(&b, "%d,2024-%02d-%02d %02d:%02d:%02d,%d.%02d,USD,\"%s\",,%s,cust-%d@example.com,%t,%d,0\n",
			100000+i, 1+i%12, 1+i%28, i%24, i%60, i%60, 10+i%500, i%100, codes[i%len(codes)], landing, i%5000, i%4 == 0, 1+i%3)
	}
	return b.Bytes()
}

func BenchmarkParseOrders(b *testing.B) {
	const rows = 100_000
	data := ordersFile(rows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		got, errs, err := ParseOrders(bytes.NewReader(data), Options{File: "orders.csv", Loc: newYork})
		if err != nil || len(errs) > 0 || len(got) != rows {
			b.Fatal(err, errs[:min(3, len(errs))], len(got))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}
