package report_test

import (
	"context"
	"testing"

	"github.com/liftmetrics/lift/internal/bench"
	"github.com/liftmetrics/lift/internal/report"
)

// BenchmarkReport times a report by creator on the demo workspace plus
// 100,000 generated orders. `lift bench import` measures 1,000,000.
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	st, ws, err := bench.Workspace(ctx, b.TempDir(), 100_000)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for b.Loop() {
		if _, err := report.Build(ctx, st, ws, report.Options{By: "creator"}); err != nil {
			b.Fatal(err)
		}
	}
}
