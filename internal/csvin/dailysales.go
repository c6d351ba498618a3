package csvin

import (
	"fmt"
	"io"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// DailySales is one row of a daily sales file: a day's total sales (of
// one SKU, or of the whole shop) from a report that shows no single
// order, such as an Amazon Business Report.
type DailySales struct {
	Line    int
	Date    string // YYYY-MM-DD, a day in the workspace's zone
	SKU     string // "" for the whole shop
	Revenue money.Cents
	Orders  int64
}

const (
	dsDate = iota
	dsRevenue
	dsOrders
	dsSKU
)

var dailySalesColumns = []column{
	dsDate:    {"date", true},
	dsRevenue: {"revenue", true},
	dsOrders:  {"orders", true},
	dsSKU:     {"sku", false},
}

// salesKey identifies a row: one day of one SKU.
type salesKey struct{ date, sku string }

// ParseDailySales reads daily-sales.csv: date (YYYY-MM-DD), revenue,
// orders and optionally sku. A day appears once per SKU in a file.
func ParseDailySales(r io.Reader, o Options) ([]DailySales, []Error, error) {
	seen := map[salesKey]int{}
	return parseAll(r, o, "daily-sales.csv", dailySalesColumns, func(t *table) DailySales {
		d := DailySales{Line: t.line}
		d.SKU, _ = t.name(dsSKU)
		if date, ok := t.salesDate(dsDate); ok {
			d.Date = date
			if first, dup := firstLine(seen, salesKey{date, d.SKU}, t.line); dup {
				t.failf(dsDate, "duplicate day %s%s (first on line %d)", date, skuNote(d.SKU), first)
			}
		}
		d.Revenue, _ = t.amount(dsRevenue)
		d.Orders, _ = t.count(dsOrders)
		return d
	})
}

func skuNote(sku string) string {
	if sku == "" {
		return ""
	}
	return fmt.Sprintf(" for sku %q", sku)
}

// salesDate reads a calendar day.
func (t *table) salesDate(c int) (string, bool) {
	v, ok := t.value(c)
	if !ok {
		return "", false
	}
	d, err := parseSalesDay(v)
	if err != nil {
		t.fail(c, err.Error())
		return "", false
	}
	return d, true
}

// parseSalesDay takes only YYYY-MM-DD: a day such as 03/04/2025 is April 3
// in one marketplace and March 4 in another, and a time of day has no
// place in a daily total.
func parseSalesDay(v string) (string, error) {
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return "", fmt.Errorf("%q is not a day (use YYYY-MM-DD)", v)
	}
	if err := checkYear(v, d); err != nil {
		return "", err
	}
	return d.Format(time.DateOnly), nil
}
