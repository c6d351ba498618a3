package importer_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
)

// BenchmarkImportOrders imports a 100,000-row orders file into a fresh
// database per iteration. `lift bench import` measures 1,000,000 rows.
func BenchmarkImportOrders(b *testing.B) {
	var file bytes.Buffer
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := bench.Orders(&file, 100_000, []string{"ANA10", "BEN15"}, nil, start, 1); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(file.Len()))
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		st, err := store.Open(ctx, filepath.Join(b.TempDir(), "lift.db"))
		if err != nil {
			b.Fatal(err)
		}
		ws, _ := st.Workspace(ctx, "", false)
		res, err := importer.Import(ctx, st, ws, "orders", bytes.NewReader(file.Bytes()), importer.Options{File: "orders.csv"})
		if err != nil || res.Stored != 100_000 {
			b.Fatalf("%v %v", res, err)
		}
		st.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100_000, "ns/row")
}
