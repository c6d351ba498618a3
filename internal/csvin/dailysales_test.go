package csvin

import (
	"strings"
	"testing"
)

func TestParseDailySales(t *testing.T) {
	in := excel(`Orders,SKU,Date,Revenue,Sessions
12,B0ABC,2025-03-01,"1,234.50",340
0,B0ABC,2025-03-02,0,120
3,B0XYZ,2025-03-01,99.9,40
,,,,
"1,024",,2025-03-02,"25,000",
`)
	got, errs, err := ParseDailySales(strings.NewReader(in), opts("business-report.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs)
	checkRecords(t, got, []DailySales{
		{Line: 2, Date: "2025-03-01", SKU: "B0ABC", Revenue: 123450, Orders: 12},
		{Line: 3, Date: "2025-03-02", SKU: "B0ABC", Revenue: 0, Orders: 0},
		{Line: 4, Date: "2025-03-01", SKU: "B0XYZ", Revenue: 9990, Orders: 3},
		{Line: 6, Date: "2025-03-02", Revenue: 2500000, Orders: 1024},
	})
}

func TestParseDailySalesErrors(t *testing.T) {
	in := `date,revenue,orders,sku
2025-03-01,100,2,A
03/01/2025,100,2,A
2025-03-01 10:00,100,2,
2025-02-30,100,2,
2025-03-01,100,2,A
2025-03-01,100,2,a
0024-03-01,100,2,
2025-03-02,-5,1.5,
2025-03-03,$10.00,,
,10,1,
2025-03-04,10,1,
2025-03-04,10,1,
`
	got, errs, err := ParseDailySales(strings.NewReader(in), opts("daily.csv"))
	if err != nil {
		t.Fatal(err)
	}
	checkErrors(t, errs,
		`daily.csv: line 3: date: "03/01/2025" is not a day (use YYYY-MM-DD)`,
		`daily.csv: line 4: date: "2025-03-01 10:00" is not a day (use YYYY-MM-DD)`,
		`daily.csv: line 5: date: "2025-02-30" is not a day (use YYYY-MM-DD)`,
		`daily.csv: line 6: date: duplicate day 2025-03-01 for sku "A" (first on line 2)`,
		`daily.csv: line 8: date: "0024-03-01" is outside the years 2000 to 2100`,
		`daily.csv: line 9: revenue: "-5" is negative`,
		`daily.csv: line 9: orders: "1.5" is not a whole number`,
		`daily.csv: line 10: revenue: "$10.00" is not an amount`,
		`daily.csv: line 10: orders: required field is empty`,
		`daily.csv: line 11: date: required field is empty`,
		`daily.csv: line 13: date: duplicate day 2025-03-04 (first on line 12)`,
	)
	checkRecords(t, got, []DailySales{
		{Line: 2, Date: "2025-03-01", SKU: "A", Revenue: 10000, Orders: 2},
		{Line: 7, Date: "2025-03-01", SKU: "a", Revenue: 10000, Orders: 2},
		{Line: 12, Date: "2025-03-04", Revenue: 1000, Orders: 1},
	})
}

func TestParseDailySalesMissingColumn(t *testing.T) {
	got, errs, err := ParseDailySales(strings.NewReader("date,revenue,units\n2025-03-01,10,1\n"), opts("daily.csv"))
	checkFatal(t, got, errs, err, `daily.csv: line 1: missing required column "orders" (unknown columns in the file: "units")`)
}

func FuzzParseDailySales(f *testing.F) {
	fuzzParser(f, []string{
		"date,revenue,orders,sku\n2025-03-01,\"1,234.50\",12,B0ABC\n2025-03-01,9.99,1,B0XYZ\n",
		"Orders,Date,Revenue\n1,2025-03-01,10\n1,2025-03-01,10\n2,03/01/2025,$5\n-1,2025-02-30,-3\n",
	}, ParseDailySales, func(t *testing.T, d DailySales) {
		if _, err := parseSalesDay(d.Date); err != nil || d.Revenue < 0 || d.Orders < 0 {
			t.Fatalf("bad daily sales %+v", d)
		}
	})
}
