package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/csvin"
	"github.com/liftmetrics/lift/internal/importer"
	"github.com/liftmetrics/lift/internal/store"
	"github.com/liftmetrics/lift/internal/storetest"
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
		st, err := store.Open(ctx, storetest.DSN(b))
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

// BenchmarkOrderWithLinks imports one order at a time, as the API and
// webhooks do, into a workspace of 10 links and one of 300,000, in the
// same run: the cost of an order must not follow the links held.
//
//	go test ./internal/importer/ -run '^$' -bench OrderWithLinks -benchtime 200x
func BenchmarkOrderWithLinks(b *testing.B) {
	for _, n := range []int{10, 300_000} {
		b.Run(fmt.Sprintf("links=%d", n), func(b *testing.B) {
			ctx := context.Background()
			st, err := store.Open(ctx, storetest.DSN(b))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			ws, _ := st.Workspace(ctx, "", false)
			var links strings.Builder
			links.WriteString("slug,destination,creator,campaign\n")
			for i := range n {
				fmt.Fprintf(&links, "s%07d,https://shop.example.com/products/item-%d?ref=bio,ana,Spring\n", i, i)
			}
			for _, f := range [][2]string{{"campaigns", "name,starts,ends\nSpring,2026-03-01,2026-03-31\n"},
				{"creators", "handle,platform,followers\nana,instagram,15000\n"}, {"links", links.String()}} {
				if _, err := importer.Import(ctx, st, ws, f[0], strings.NewReader(f[1]), importer.Options{File: f[0]}); err != nil {
					b.Fatal(err)
				}
			}
			at := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
			for i := 0; b.Loop(); i++ {
				o := csvin.Order{Line: 1, Source: "api", ExternalID: fmt.Sprintf("o%d", i), Time: at, Revenue: 1000,
					Codes: []string{"ANA10"}, Units: 1, Payment: csvin.Paid}
				res, err := importer.ImportOrders(ctx, st, ws, []csvin.Order{o}, importer.Options{File: "api", NoLog: true})
				if err != nil || res.Stored != 1 {
					b.Fatalf("%+v %v", res, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/order")
		})
	}
}
