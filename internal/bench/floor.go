package bench

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/liftmetrics/lift/internal/money"
	"github.com/liftmetrics/lift/internal/store"
)

// loadFloor loads the orders of the Shopify export at path into
// workspace ws with no checks: fields are taken by position, as the
// generator writes them, converted with no validation, and stored by
// plain multi-row INSERTs in one transaction, batches of the size Lift's
// import uses. It is what an import cannot beat, and returns the orders
// loaded.
func loadFloor(ctx context.Context, st *store.Store, ws int64, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	tx, err := st.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return 0, err
	}
	const batch = 1000
	orders := make([]store.Order, 0, batch)
	n := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		qty, _ := strconv.ParseInt(rec[13], 10, 64)
		if rec[6] == "" { // another line item of the order before
			orders[len(orders)-1].Units += qty
			continue
		}
		if len(orders) == batch {
			if err := tx.InsertOrders(ctx, ws, orders[:batch-1]); err != nil {
				return n, err
			}
			// The last order may still get line items.
			orders = append(orders[:0], orders[batch-1])
		}
		at, _ := time.Parse("2006-01-02 15:04:05 -0700", rec[12])
		o := store.Order{Source: "shopify", ExternalID: strings.Clone(rec[18]), Time: at, Revenue: cents(rec[6]),
			Refunded: cents(rec[17]), Customer: strings.Clone(rec[1]), Units: qty, Payment: "paid", Status: strings.Clone(rec[2]),
			ClickID: strings.Clone(strings.TrimPrefix(rec[19], "lift_cid: "))}
		if rec[10] != "" {
			o.Codes = []string{strings.Clone(rec[10])}
		}
		orders = append(orders, o)
		n++
	}
	if err := tx.InsertOrders(ctx, ws, orders); err != nil {
		return n, err
	}
	return n, tx.Commit()
}

// cents reads "12.34" with no checks.
func cents(s string) money.Cents {
	whole, frac, _ := strings.Cut(s, ".")
	w, _ := strconv.ParseInt(whole, 10, 64)
	c, _ := strconv.ParseInt(frac, 10, 64)
	return money.Cents(w*100 + c)
}
