package importer

import (
	"io"

	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/store"
)

// importDailySales stores per-day sales totals, the series `lift uplift`
// reads in place of orders when a shop's orders are not visible one by
// one. A day already stored for the same SKU takes the file's numbers.
func importDailySales(j *job, r io.Reader) error {
	recs, rowErrs, err := csvin.ParseDailySales(r, j.csv)
	if err := j.parsed(len(recs), rowErrs, err); err != nil {
		return err
	}
	for _, d := range recs {
		if !j.writeOK() {
			continue
		}
		o, _, err := j.tx.PutDailySales(j.ctx, j.ws.ID, store.DailySale{Date: d.Date, SKU: d.SKU, Revenue: d.Revenue, Orders: d.Orders})
		if err != nil {
			return err
		}
		j.res.count(o)
	}
	return nil
}
