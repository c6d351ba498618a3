package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/liftmetrics/lift/internal/money"
)

// DailySale is one day's sales of one SKU (or of the whole shop, under
// the empty SKU) from a report that shows no single order.
type DailySale struct {
	Date    string // YYYY-MM-DD in the workspace's zone
	SKU     string
	Revenue money.Cents
	Orders  int64
}

// PutDailySales stores a day's sales keyed by date and SKU. A later report
// for the same day replaces the numbers rather than adding to them.
func (t *Tx) PutDailySales(ctx context.Context, ws int64, d DailySale) (Outcome, int64, error) {
	return t.upsert(ctx, ws, row{"daily_sales",
		[]col{{"date", d.Date}, {"sku", d.SKU}},
		[]col{{"revenue", int64(d.Revenue)}, {"orders", d.Orders}}})
}

// DailySales lists the workspace's daily sales by date and SKU.
func (s *Store) DailySales(ctx context.Context, ws int64) ([]DailySale, error) {
	var out []DailySale
	err := s.query(ctx, func(r *sql.Rows) error {
		var d DailySale
		var rev int64
		if err := r.Scan(&d.Date, &d.SKU, &rev, &d.Orders); err != nil {
			return err
		}
		d.Revenue = money.Cents(rev)
		out = append(out, d)
		return nil
	}, `SELECT date, sku, revenue, orders FROM daily_sales WHERE workspace_id = ? ORDER BY date, sku`, ws)
	return out, err
}

// SalesBucket is the net revenue and count of a workspace's orders in one
// time bucket, orders refunded in full left out.
type SalesBucket struct {
	Start   time.Time
	Revenue money.Cents
	Orders  int64
}

// OrderSales sums orders in buckets of the given size, oldest first. Buckets
// of 15 minutes map onto local days in every time zone, and summing in the
// database spares reading every order.
func (s *Store) OrderSales(ctx context.Context, ws int64, bucket time.Duration) ([]SalesBucket, error) {
	size := bucket.Milliseconds()
	var out []SalesBucket
	err := s.query(ctx, func(r *sql.Rows) error {
		var b SalesBucket
		var at, rev int64
		if err := r.Scan(&at, &rev, &b.Orders); err != nil {
			return err
		}
		b.Start, b.Revenue = fromMS(at*size), money.Cents(rev)
		out = append(out, b)
		return nil
	}, `SELECT CASE WHEN time >= 0 THEN time / ? ELSE (time - ? + 1) / ? END AS b, sum(revenue - refunded), count(*)
		FROM orders WHERE workspace_id = ? AND NOT (refunded > 0 AND revenue <= refunded) AND `+countedSQL+`
		GROUP BY b ORDER BY b`, size, size, size, ws)
	return out, err
}
